# server/client: the library every program links (libjhclient.a): the protocol client
# (jhclient.h; TCP over TLS with GnuTLS: tls.c), a device's link to jhd (jhdev.h), the
# command-line conventions (jhcli.h: version, default addresses, argument errors, options with
# values, signals), CSV fields (csv.h), the allocation wrappers with their fault-injection hook
# (alloc.h), whether jhd's status says a service is served (served.h), logging (log.h), the
# monotonic clock (mono.h), UTF-8 (utf8.h), the big-letter font (big.h) and the worker thread
# (worker.h). Its unit tests are SERVER_UNIT in server/server.mk.
CLIENT_SRCS := server/client/client.c server/client/log.c server/client/cli.c \
	server/client/tls.c server/client/utf8.c server/client/mono.c server/client/big.c \
	server/client/worker.c server/client/jhdev.c server/client/csv.c server/client/alloc.c \
	server/client/served.c
CLIENT_LIB  := $(BUILD)/libjhclient.a
CFLAGS_server_client_ := $(call PKG,jansson gnutls)
CLIENT_LIBS := $(CLIENT_LIB) $(call PKGLIBS,jansson gnutls)

$(CLIENT_LIB): $(CLIENT_SRCS:%.c=$(BUILD)/%.o)
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

# The unit-test harness, linked by every C test program.
TESTLIB := $(BUILD)/tests/lib/t.o
EXTRA_ALL += $(CLIENT_LIB)

# The command-line helpers' unit test (jhcli.h).
TESTS += $(BUILD)/tests/server/cli_test
$(BUILD)/tests/server/cli_test: $(BUILD)/tests/server/cli_test.o $(TESTLIB) $(CLIENT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS)

# The CSV fields' unit test (csv.h).
TESTS += $(BUILD)/tests/server/csv_test
$(BUILD)/tests/server/csv_test: $(BUILD)/tests/server/csv_test.o $(TESTLIB) $(CLIENT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS)
