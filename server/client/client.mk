# server/client: the protocol client library (TCP over TLS with GnuTLS: tls.c), the logging module and the command-line
# conventions (jhcli.h: version, default addresses, argument errors), linked by every program.
CLIENT_SRCS := server/client/client.c server/client/log.c server/client/cli.c server/client/tls.c
CLIENT_LIB  := $(BUILD)/libjhclient.a
CFLAGS_server_client_ := $(call PKG,jansson gnutls)
CLIENT_LIBS := $(CLIENT_LIB) $(call PKGLIBS,jansson gnutls)

$(CLIENT_LIB): $(CLIENT_SRCS:%.c=$(BUILD)/%.o)
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

# The unit-test harness, linked by every C test program.
TESTLIB := $(BUILD)/tests/lib/t.o
EXTRA_ALL += $(CLIENT_LIB)
