# tests/sim: the hall simulator (jhsim) that plays a generated day against the real jhd, its
# pure generator and reporting, their unit tests, the short day of `make check` and the full
# day of `make bench`.
SIM_OBJS := $(BUILD)/tests/sim/simgen.o $(BUILD)/tests/sim/simreport.o $(BUILD)/server/sched.o \
	$(BUILD)/server/sched_forecast.o $(BUILD)/server/sched_range.o
CFLAGS_tests_sim_ := $(call PKG,jansson inih)

$(BUILD)/tests/sim/jhsim: $(BUILD)/tests/sim/jhsim.o $(SIM_OBJS) $(BUILD)/server/clock.o $(CLIENT_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,inih) -lm

$(BUILD)/tests/sim/sim_unit_test: $(BUILD)/tests/sim/sim_unit_test.o $(SIM_OBJS) $(TESTLIB) \
    $(CLIENT_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ -lm

EXTRA_ALL += $(BUILD)/tests/sim/jhsim
TESTS += $(BUILD)/tests/sim/sim_unit_test tests/sim/sim_check.sh
BENCHES += tests/sim/sim_bench.sh tests/sim/sim_seeds.sh tests/sim/sim_limit.sh
