# server/: jhd (the hall server), jhctl (admin command line), jhcall (line-protocol CLI for
# tests and scripts), their unit tests, protocol tests and the take benchmark.
CFLAGS_server_ := $(call PKG,jansson sqlite3 libsodium inih gnutls) -Iserver/client
SERVER_LIBS := $(call PKGLIBS,jansson sqlite3 libsodium inih) -lm -lpthread

JHD_CORE := fault.o clock.o audit.o hallconf.o queue.o store.o store_copy.o auth.o sched.o sched_forecast.o \
	sched_range.o sched_learn.o sched_balance.o throttle.o ratelimit.o
JHD_CORE_OBJS := $(addprefix $(BUILD)/server/,$(JHD_CORE))
JHD_OBJS := $(JHD_CORE_OBJS) $(addprefix $(BUILD)/server/, loop.o net.o authq.o dispatch.o state.o \
	server.o store_appt.o store_district.o optable.o request.o turn.o wire.o eta.o events.o alerts.o session.o balance.o \
	ops_read.o ops_queue.o ops_window.o ops_admin.o ops_audit.o ops_limits.o clockstep.o backup.o jhd.o)

PROGS += bin/jhd bin/jhctl bin/jhcall

bin/jhd: $(JHD_OBJS) $(CLIENT_LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(SERVER_LIBS)

bin/jhctl: $(BUILD)/server/jhctl.o $(BUILD)/server/ca.o $(CLIENT_LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS)

bin/jhcall: $(BUILD)/server/jhcall.o $(CLIENT_LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS)

# Unit tests (C) and protocol tests (bash + jhcall/jhctl against a real jhd).
CFLAGS_tests_server_ := $(call PKG,jansson sqlite3 libsodium inih) -Iserver -Iserver/client -Itests/lib
SERVER_UNIT := utf8_test big_test worker_test log_test clock_test hallconf_test store_test queue_test throttle_test \
	ratelimit_test client_test
$(foreach t,$(SERVER_UNIT),$(eval $(BUILD)/tests/server/$(t): $(BUILD)/tests/server/$(t).o $(JHD_CORE_OBJS) $(TESTLIB) $(CLIENT_LIB) ; @mkdir -p $$(dir $$@) ; $$(CC) $$(LDFLAGS) -o $$@ $$^ $$(CLIENT_LIBS) $$(SERVER_LIBS)))
TESTS += $(addprefix $(BUILD)/tests/server/,$(SERVER_UNIT))
TESTS += $(sort $(wildcard tests/server/*.sh))
# conn_limits.sh floods jhd with idle connections from another loopback address
$(BUILD)/tests/server/conn_flood: $(BUILD)/tests/server/conn_flood.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^
EXTRA_ALL += $(BUILD)/tests/server/conn_flood
tests/server/conn_limits.sh: $(BUILD)/tests/server/conn_flood

# Bench: take throughput and latency against the raw-SQLite baseline.
CFLAGS_tests_bench_ := $(call PKG,jansson sqlite3) -Iserver/client
$(BUILD)/tests/bench/take_bench: $(BUILD)/tests/bench/take_bench.o $(BUILD)/tests/bench/benchlib.o \
	$(CLIENT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,sqlite3) -lpthread
BENCHES += $(BUILD)/tests/bench/take_bench
# Bench: take with N waiting while today's bookings are expected arrivals, against the same
# hall with its bookings on another day (docs/SCHEDULING.md, section 3).
$(BUILD)/tests/bench/take_expect_bench: $(BUILD)/tests/bench/take_expect_bench.o \
	$(BUILD)/tests/bench/benchlib.o $(CLIENT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS)
BENCHES += $(BUILD)/tests/bench/take_expect_bench

# Statistics: the digest of the event log (stats.c, pure) and the stats op (ops_stats.c).
bin/jhd: $(BUILD)/server/stats.o $(BUILD)/server/ops_stats.o

# District mode: the link to jhdistrict and the outbox (server/district.c, docs/DISTRICT.md).
bin/jhd: $(BUILD)/server/district.o $(BUILD)/server/district/dist_conf.o

# Ticket-page tokens for jhweb (ops_web.c, docs/WEB.md).
bin/jhd: $(BUILD)/server/ops_web.o

# Bench: status with 110,000 waiting tickets, and a ping's latency while 4 clients poll status.
$(BUILD)/tests/bench/status_bench: $(BUILD)/tests/bench/status_bench.o $(CLIENT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,sqlite3)
BENCHES += $(BUILD)/tests/bench/status_bench

# TLS (tls.c) over a socketpair with certificates made by ca.c.
$(BUILD)/tests/server/tls_test: $(BUILD)/tests/server/tls_test.o $(BUILD)/server/ca.o $(TESTLIB) \
	$(CLIENT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS)
TESTS += $(BUILD)/tests/server/tls_test

# Bench: sign-in and take over TLS against plain TCP on the same jhd (tls.c, net.c).
$(BUILD)/tests/bench/tls_bench: $(BUILD)/tests/bench/tls_bench.o $(BUILD)/tests/bench/benchlib.o \
	$(CLIENT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) -lpthread
BENCHES += $(BUILD)/tests/bench/tls_bench

# The LD_PRELOAD shim that steps one process's system clock (tests/server/clock_step.sh).
CLOCKSHIM_SO := $(BUILD)/tests/lib/libclockshim.so
$(CLOCKSHIM_SO): tests/lib/clockshim.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -fPIC -shared -o $@ $< -ldl
EXTRA_ALL += $(CLOCKSHIM_SO)
tests/server/clock_step.sh: $(CLOCKSHIM_SO)
# Bench: a kiosk's take p99 and a clerk's sign-in under attack (1,000 idle connections, 8
# password guessers, a flooding kiosk) against the same on a quiet jhd (issue 18).
$(BUILD)/tests/bench/attack_bench: $(BUILD)/tests/bench/attack_bench.o $(BUILD)/tests/bench/benchlib.o \
	$(CLIENT_LIB) | $(BUILD)/tests/server/conn_flood
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(filter-out $(BUILD)/tests/server/conn_flood,$^) $(CLIENT_LIBS)
BENCHES += $(BUILD)/tests/bench/attack_bench

# The event loop over real socket pairs (loop.c is not in JHD_CORE: it needs no store).
$(BUILD)/tests/server/loop_test: $(BUILD)/tests/server/loop_test.o $(BUILD)/server/loop.o \
	$(BUILD)/server/clock.o $(TESTLIB) $(CLIENT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) -lpthread
TESTS += $(BUILD)/tests/server/loop_test
