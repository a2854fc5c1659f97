# tests/sched: unit and seeded property tests of the scheduling policy (server/sched.c) and
# the forecast (server/sched_forecast.c), without a database, and the forecast bench (fast
# against reference).
# (the shared library for their allocation wrappers, alloc.h)
SCHED_OBJ := $(BUILD)/server/sched.o $(BUILD)/server/sched_forecast.o $(CLIENT_LIB)

$(BUILD)/tests/sched/sched_test: $(BUILD)/tests/sched/sched_test.o $(SCHED_OBJ) $(TESTLIB)
	$(CC) $(LDFLAGS) -o $@ $^

$(BUILD)/tests/sched/sched_prop_test: $(BUILD)/tests/sched/sched_prop_test.o $(SCHED_OBJ) $(TESTLIB)
	$(CC) $(LDFLAGS) -o $@ $^

$(BUILD)/tests/sched/forecast_fast_test: $(BUILD)/tests/sched/forecast_fast_test.o $(SCHED_OBJ) $(TESTLIB)
	$(CC) $(LDFLAGS) -o $@ $^

$(BUILD)/tests/sched/sched_range_test: $(BUILD)/tests/sched/sched_range_test.o \
	$(BUILD)/server/sched_range.o $(TESTLIB)
	$(CC) $(LDFLAGS) -o $@ $^ -lm

$(BUILD)/tests/sched/sched_learn_test: $(BUILD)/tests/sched/sched_learn_test.o \
	$(BUILD)/server/sched_learn.o $(SCHED_OBJ) $(TESTLIB)
	$(CC) $(LDFLAGS) -o $@ $^ -lm

$(BUILD)/tests/sched/sched_balance_test: $(BUILD)/tests/sched/sched_balance_test.o \
	$(BUILD)/server/sched_balance.o $(SCHED_OBJ) $(TESTLIB)
	$(CC) $(LDFLAGS) -o $@ $^

$(BUILD)/tests/sched/forecast_bench: $(BUILD)/tests/sched/forecast_bench.o $(SCHED_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^

TESTS += $(BUILD)/tests/sched/sched_test $(BUILD)/tests/sched/sched_prop_test \
	$(BUILD)/tests/sched/forecast_fast_test $(BUILD)/tests/sched/sched_range_test \
	$(BUILD)/tests/sched/sched_balance_test $(BUILD)/tests/sched/sched_learn_test
BENCHES += $(BUILD)/tests/sched/forecast_bench
# take answers the full forecast (protocol, against a real jhd)
TESTS += tests/sched/take_forecast.sh tests/sched/auto_balance.sh tests/sched/early_eta.sh \
	tests/sched/expect_bookings.sh
