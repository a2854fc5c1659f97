# server/client: the protocol client library and the logging module, linked by every program.
CLIENT_SRCS := server/client/client.c server/client/log.c
CLIENT_LIB  := $(BUILD)/libjhclient.a
CFLAGS_server_client_ := $(call PKG,jansson)
CLIENT_LIBS := $(CLIENT_LIB) $(call PKGLIBS,jansson)

$(CLIENT_LIB): $(CLIENT_SRCS:%.c=$(BUILD)/%.o)
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

# The unit-test harness, linked by every C test program.
TESTLIB := $(BUILD)/tests/lib/t.o
EXTRA_ALL += $(CLIENT_LIB)
