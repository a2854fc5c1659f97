# tests/stats: the statistics digest (server/stats.c) unit test, the stats op through the
# protocol, and the bench: stats over 1,000,000 tickets through a real jhd (make bench).
CFLAGS_tests_stats_ := $(call PKG,jansson sqlite3) -Iserver -Iserver/client -Itests/lib

$(BUILD)/tests/stats/stats_test: $(BUILD)/tests/stats/stats_test.o $(BUILD)/server/stats.o $(TESTLIB) \
    $(CLIENT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(call PKGLIBS,jansson) -lm

$(BUILD)/tests/stats/stats_bench: $(BUILD)/tests/stats/stats_bench.o $(CLIENT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,sqlite3)

TESTS += $(BUILD)/tests/stats/stats_test tests/stats/stats_proto.sh
# the script runs the binary: building the bench target builds it
tests/stats/stats_bench.sh: $(BUILD)/tests/stats/stats_bench
BENCHES += tests/stats/stats_bench.sh
