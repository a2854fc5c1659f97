# server/appt.mk — the appointment modules (server/appt_*.c, linked into bin/jhd by the server's
# fragment via $(APPT_OBJS) and $(APPT_LIBS)) and their unit tests (tests/appt/).
# (errcode.c, the one error vocabulary, is jhd's; listed here as the modules use it too)
APPT_SRCS := server/errcode.c server/appt_time.c server/appt_id.c server/appt_slots.c \
	server/appt_rules.c server/appt_store.c server/appt_ops.c
APPT_OBJS := $(APPT_SRCS:%.c=$(BUILD)/%.o)
APPT_PKGS := sqlite3 libsodium jansson inih
APPT_LIBS := $(call PKGLIBS,$(APPT_PKGS))
CFLAGS_server_ += $(call PKG,$(APPT_PKGS))
CFLAGS_tests_appt_ += $(call PKG,$(APPT_PKGS)) -Iserver

APPT_TESTS := $(BUILD)/tests/appt/test_appt_time $(BUILD)/tests/appt/test_appt_id \
	$(BUILD)/tests/appt/test_appt_slots $(BUILD)/tests/appt/test_appt_rules \
	$(BUILD)/tests/appt/test_appt_store $(BUILD)/tests/appt/test_appt_ops
TESTS += $(APPT_TESTS)
# protocol tests against a real jhd (tests/appt/common.bash sets it up)
APPT_PROTO := $(sort $(wildcard tests/appt/*.sh))
TESTS += $(APPT_PROTO)

$(APPT_TESTS): %: %.o $(APPT_OBJS) $(BUILD)/server/clock.o $(BUILD)/server/fault.o $(TESTLIB) \
    $(CLIENT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(APPT_OBJS) $(BUILD)/server/clock.o $(BUILD)/server/fault.o \
	    $(TESTLIB) \
	    $(CLIENT_LIBS) $(APPT_LIBS)

.PHONY: appt-check
appt-check: $(APPT_TESTS) bin/jhd bin/jhctl bin/jhcall bin/jhkiosk
	@BUILD=$(BUILD) SAN=$(SAN) sh tests/lib/runner.sh $(APPT_TESTS) $(APPT_PROTO)

# jhd links the modules and their glue (server/ops_appt.c); the libraries are the server's.
bin/jhd: $(BUILD)/server/ops_appt.o $(APPT_OBJS)

# The hall file read once (hallconf_parse_sections with the slots' and [district]'s readers)
# gives what each parser gives alone, on the sample hall and its variants; and jhd's import and
# start-up parse it once each: the test links jhd without its main.
HALL_ONCE_OBJS = $(filter-out $(BUILD)/server/jhd.o,$(JHD_OBJS)) $(BUILD)/server/stats.o \
	$(BUILD)/server/ops_stats.o $(BUILD)/server/district.o $(BUILD)/server/district/dist_conf.o \
	$(BUILD)/server/ops_web.o $(BUILD)/server/ops_appt.o $(APPT_OBJS)
CFLAGS_tests_server_ += -Iserver
$(BUILD)/tests/server/hall_once_test: $(BUILD)/tests/server/hall_once_test.o $(HALL_ONCE_OBJS) \
    $(TESTLIB) $(CLIENT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -Wl,--wrap=ini_parse_stream -o $@ $^ $(CLIENT_LIBS) $(SERVER_LIBS) \
	    $(APPT_LIBS) -lm
TESTS += $(BUILD)/tests/server/hall_once_test
