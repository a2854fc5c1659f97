# tests/sched: unit and seeded property tests of the scheduling policy (server/sched.c),
# without a database.
SCHED_OBJ := $(BUILD)/server/sched.o

$(BUILD)/tests/sched/sched_test: $(BUILD)/tests/sched/sched_test.o $(SCHED_OBJ) $(TESTLIB)
	$(CC) $(LDFLAGS) -o $@ $^

$(BUILD)/tests/sched/sched_prop_test: $(BUILD)/tests/sched/sched_prop_test.o $(SCHED_OBJ) $(TESTLIB)
	$(CC) $(LDFLAGS) -o $@ $^

TESTS += $(BUILD)/tests/sched/sched_test $(BUILD)/tests/sched/sched_prop_test
