# tests/fuzz/fuzz.mk — libFuzzer harnesses (docs/FUZZING.md), built with Debian's clang apart
# from the normal build (gcc, $(BUILD)): their objects go into build-fuzz/, instrumented for
# libFuzzer, ASan and UBSan. make check runs each for a fixed number of inputs from its seed
# corpus (tests/fuzz/fuzz_short.sh); make fuzz runs each for FUZZ_SECONDS (default 600).
FUZZ_CC    ?= clang-14
FUZZ_B     := build-fuzz
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g -Wall -Wextra -Werror \
	-Wshadow -Wno-unused-parameter -MMD -MP -fsanitize=fuzzer-no-link $(FUZZ_SAN)
FUZZ_LD    := -fsanitize=fuzzer $(FUZZ_SAN)
FUZZ_NAMES := request hall modbus id web
FUZZ_BINS  := $(FUZZ_NAMES:%=$(FUZZ_B)/fuzz_%)
FUZZ_SECONDS ?= 600

$(FUZZ_B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(CFLAGS_$(subst /,_,$(dir $<))) -c $< -o $@

CFLAGS_tests_fuzz_ := $(call PKG,jansson sqlite3 libsodium inih libmicrohttpd) -Iserver \
	-Iserver/client -Iserver/web -I$(FW_DIR) -DFUZZ_HALL='"$(CURDIR)/server/examples/district.ini"'
FUZZ_CLIENT := $(CLIENT_SRCS:%.c=$(FUZZ_B)/%.o)
# the client library's own libraries (its archive is the gcc build's: its objects are rebuilt here)
FUZZ_CLIENT_LIBS := $(filter-out $(CLIENT_LIB),$(CLIENT_LIBS))

# the request line -> answer path: jhd without its loop and sockets (fuzz_net.c)
FUZZ_JHD := $(filter-out %/loop.o %/net.o %/jhd.o,$(JHD_OBJS)) $(BUILD)/server/stats.o \
	$(BUILD)/server/ops_stats.o $(BUILD)/server/ops_web.o $(BUILD)/server/ops_appt.o $(APPT_OBJS) \
	$(BUILD)/server/district.o $(BUILD)/server/district/dist_conf.o
$(FUZZ_B)/fuzz_request: $(FUZZ_B)/tests/fuzz/fuzz_request.o $(FUZZ_B)/tests/fuzz/fuzz_net.o \
    $(patsubst $(BUILD)/%,$(FUZZ_B)/%,$(FUZZ_JHD)) $(FUZZ_CLIENT)
	$(FUZZ_CC) $(FUZZ_LD) -o $@ $^ $(FUZZ_CLIENT_LIBS) $(SERVER_LIBS) $(APPT_LIBS)

$(FUZZ_B)/fuzz_hall: $(FUZZ_B)/tests/fuzz/fuzz_hall.o \
    $(addprefix $(FUZZ_B)/server/,hallconf.o sched.o clock.o appt_slots.o appt_time.o) \
    $(FUZZ_CLIENT)
	$(FUZZ_CC) $(FUZZ_LD) -o $@ $^ $(FUZZ_CLIENT_LIBS) $(SERVER_LIBS)

$(FUZZ_B)/fuzz_id: $(FUZZ_B)/tests/fuzz/fuzz_id.o \
    $(addprefix $(FUZZ_B)/server/,appt_id.o appt_time.o)
	$(FUZZ_CC) $(FUZZ_LD) -o $@ $^ $(call PKGLIBS,libsodium)

$(FUZZ_B)/fuzz_modbus: $(FUZZ_B)/tests/fuzz/fuzz_modbus.o \
    $(FW_CORE_SRC:%.c=$(FUZZ_B)/%.o) $(FUZZ_B)/$(FW_DIR)/font_data.o
	$(FUZZ_CC) $(FUZZ_LD) -o $@ $^
$(FUZZ_B)/$(FW_DIR)/font_data.o: $(FW_FONT_C)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(FW_DIR) -c $< -o $@

# jhweb's HTTP paths: jhweb.c itself is included by the harness (its static routing), with
# libmicrohttpd's calls replaced
$(FUZZ_B)/fuzz_web: $(FUZZ_B)/tests/fuzz/fuzz_web.o \
    $(patsubst %.c,$(FUZZ_B)/%.o,$(filter-out %/jhweb.c,$(WEB_SRCS))) \
    $(FUZZ_CLIENT)
	$(FUZZ_CC) $(FUZZ_LD) -o $@ $^ $(FUZZ_CLIENT_LIBS)

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)
# make fuzz [FUZZ_SECONDS=600] [FUZZ=request]: the long runs, each harness in turn; new inputs
# go to build-fuzz/corpus/NAME, crashes to build-fuzz/crash-NAME-*
fuzz: $(FUZZ_BINS)
	@FUZZ_B=$(FUZZ_B) FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/fuzz_long.sh $(or $(FUZZ),$(FUZZ_NAMES))

TESTS += tests/fuzz/fuzz_short.sh
tests/fuzz/fuzz_short.sh: $(FUZZ_BINS)

-include $(shell find $(FUZZ_B) -name '*.d' 2>/dev/null)
