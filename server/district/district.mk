# server/district/: jhdistrict, the district's appointment book on PostgreSQL (docs/DISTRICT.md),
# and its tests (tests/district/: a private PostgreSQL started by the tests).
DIST_PKGS := libpq jansson libsodium inih sqlite3
CFLAGS_server_district_ := $(call PKG,$(DIST_PKGS)) -Iserver -Iserver/client
DIST_OBJS := $(addprefix $(BUILD)/server/district/, dist_sql.o pgpool.o dist_conf.o dist_import.o \
	dist_ops.o jhdistrict.o)
DIST_SHARED := $(addprefix $(BUILD)/server/, loop.o net.o clock.o utf8.o hallconf.o appt_time.o \
	appt_id.o appt_slots.o sched.o)

PROGS += bin/jhdistrict

bin/jhdistrict: $(DIST_OBJS) $(DIST_SHARED) $(CLIENT_LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,$(DIST_PKGS)) -lm

TESTS += $(sort $(wildcard tests/district/*.sh))
