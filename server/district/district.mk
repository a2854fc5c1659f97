# server/district/: jhdistrict, the district's appointment book on PostgreSQL (docs/DISTRICT.md),
# and its tests (tests/district/: a private PostgreSQL started by the tests).
DIST_PKGS := libpq jansson libsodium inih sqlite3
CFLAGS_server_district_ := $(call PKG,$(DIST_PKGS)) -Iserver -Iserver/client
DIST_OBJS := $(addprefix $(BUILD)/server/district/, dist_sql.o pgpool.o dist_conf.o dist_import.o \
	dist_ops.o dist_tickets.o jhdistrict.o)
DIST_SHARED := $(addprefix $(BUILD)/server/, loop.o net.o clock.o hallconf.o appt_time.o \
	appt_id.o appt_slots.o sched.o)

PROGS += bin/jhdistrict

bin/jhdistrict: $(DIST_OBJS) $(DIST_SHARED) $(CLIENT_LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,$(DIST_PKGS)) -lm

TESTS += $(sort $(wildcard tests/district/*.sh))

# Bench: booking rate through jhdistrict against the same statement on bare PostgreSQL.
CFLAGS_tests_bench_ += $(call PKG,libpq) -Iserver -Iserver/client
$(BUILD)/tests/bench/district_bench: $(BUILD)/tests/bench/district_bench.o \
	$(BUILD)/server/district/dist_sql.o $(BUILD)/server/appt_id.o $(BUILD)/server/appt_time.o \
	$(CLIENT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,libpq libsodium) -lpthread
BENCHES += tests/bench/district_bench.sh
tests/bench/district_bench.sh: $(BUILD)/tests/bench/district_bench

# Bench: a front end's sign-in and bookings over TLS against plain TCP on one jhdistrict.
$(BUILD)/tests/bench/district_tls_bench: $(BUILD)/tests/bench/district_tls_bench.o \
	$(BUILD)/tests/bench/benchlib.o $(BUILD)/server/appt_id.o $(BUILD)/server/appt_time.o \
	$(CLIENT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,libsodium) -lpthread
BENCHES += tests/bench/district_tls_bench.sh
tests/bench/district_tls_bench.sh: $(BUILD)/tests/bench/district_tls_bench
# Bench: a centre's outbox drained after a day-long outage, against the same statements from psql.
BENCHES += tests/bench/outage_bench.sh
