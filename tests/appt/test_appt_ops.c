/* test_appt_ops.c — the appointment ops end to end on a real SQLite file: slots, book and its
 * errors, cancel, check-in lanes with a ticket from the (here minimal) queue, bans through
 * the ops, the no-show timer, and a database that holds no ID number in clear. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/t.h"
#include "appt_ops.h"
#include "client/log.h"

static const char hall_ini[] =
	"[hall]\ntimezone = Asia/Shanghai\n"
	"[appointments]\ndays = 5\nmax_open = 3\nearly = 1h\ngrace = 10m\nban = 30d\n"
	"[slots A]\nmon-fri 09:00-11:30 every 30m quota 4\n"
	"[slots B]\nslot = mon-fri 14:00-16:00 every 1h quota 2\n";

#define T0	1795654800LL	/* Thu 2026-11-26T09:00:00+08:00 */
#define ID1	"440106199003071231"
#define ID2	"11010519491231002X"
#define ID3	"320102198811112348"

static char dir[64], dbpath[128];
static struct appt_hall hall;
static unsigned char key[APPT_KEY_LEN];
static sqlite3 *db;
static struct appt_store *store;
static long long tickets;

/* The server's part of check-in, as small as it gets: a row in a tickets table. */
static json_t *
take(void *arg, const struct appt_take *t, long long *ticket_id, struct appt_error *err)
{
	(void)arg;
	(void)err;
	*ticket_id = ++tickets;
	return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)tickets, "code", "A001",
	    "service", t->service, "priority", t->priority);
}

static json_t *
call(appt_op_fn fn, long long now, const char *role, const char *reqtext, struct appt_error *err)
{
	struct appt_ctx c = { .store = store, .hall = &hall, .key = key, .now = now,
		.actor = role, .role = role, .take = take };
	json_t *req = json_loads(reqtext, 0, NULL), *ans;

	memset(err, 0, sizeof *err);
	if (req == NULL) {
		printf("# bad test request %s\n", reqtext);
		return NULL;
	}
	ans = fn(&c, req, err);
	json_decref(req);
	return ans;
}

/* Call and expect an error code; returns the message. */
static const char *
refused(appt_op_fn fn, long long now, const char *role, const char *req, const char *code)
{
	static struct appt_error err;
	json_t *a = call(fn, now, role, req, &err);

	T_CHECK(a == NULL, "%s: accepted", req);
	json_decref(a);
	T_CHECK(err.code && strcmp(err_code(err.code), code) == 0, "%s: expected %s, got %s (%s)",
	    req, code, err.code ? err_code(err.code) : "nothing", err.message);
	return err.message;
}

static json_t *
accepted(appt_op_fn fn, long long now, const char *role, const char *req)
{
	struct appt_error err;
	json_t *a = call(fn, now, role, req, &err);

	T_CHECK(a != NULL, "%s: %s: %s", req, err_code(err.code), err.message);
	return a;
}

static const char *
str(json_t *o, const char *path1, const char *path2)
{
	json_t *v = json_object_get(o, path1);

	if (path2)
		v = json_object_get(v, path2);
	return json_is_string(v) ? json_string_value(v) : "(none)";
}

static void
slots_list_the_window_with_booked_counts(void)
{
	json_t *a = accepted(appt_op_slots, T0 - 86400, "kiosk", "{\"service\":\"A\"}"), *s;

	if (a == NULL)
		return;
	T_EQ_STR(str(a, "from", NULL), "2026-11-25");
	T_EQ_STR(str(a, "to", NULL), "2026-12-02");	/* Wed + 5 working days */
	s = json_object_get(a, "slots");
	/* At 09:00 on Wednesday its 09:00 slot has started: 4 today, then 5 days x 5. */
	T_EQ_INT(json_array_size(s), 29);
	T_EQ_STR(str(json_array_get(s, 0), "start", NULL), "2026-11-25T09:30:00+08:00");
	T_EQ_INT(json_integer_value(json_object_get(json_array_get(s, 0), "quota")), 4);
	json_decref(a);
	a = accepted(appt_op_slots, T0 - 86400, "kiosk",
	    "{\"service\":\"A\",\"from\":\"2026-11-27\",\"to\":\"2026-11-27\"}");
	T_EQ_INT(json_array_size(json_object_get(a, "slots")), 5);
	json_decref(a);
	refused(appt_op_slots, T0, "kiosk", "{\"service\":\"Z\"}", "not_found");
	refused(appt_op_slots, T0, "kiosk", "{\"service\":\"A\",\"from\":\"tomorrow\"}",
	    "bad_request");
	refused(appt_op_slots, T0, "kiosk", "{\"service\":5}", "bad_request");
}

static void
book_to_the_quota_and_one_more(void)
{
	static const char *const ids[] = { "440106199003071231", "11010519491231002X",
		"440304198512010019", "110105200002290013", "440106199003075291" };
	char req[256];
	json_t *a, *s;

	for (int i = 0; i < 4; i++) {
		snprintf(req, sizeof req, "{\"service\":\"A\",\"start\":\"2026-11-26T10:00:00+08:00\","
		    "\"id_number\":\"%s\"}", ids[i]);
		a = accepted(appt_op_book, T0 - 86400, "kiosk", req);
		T_EQ_STR(str(a, "appointment", "state"), "booked");
		T_EQ_STR(str(a, "appointment", "start"), "2026-11-26T10:00:00+08:00");
		T_EQ_STR(str(a, "appointment", "end"), "2026-11-26T10:30:00+08:00");
		T_EQ_STR(str(a, "appointment", "channel"), "kiosk");
		json_decref(a);
	}
	snprintf(req, sizeof req, "{\"service\":\"A\",\"start\":\"2026-11-26T10:00:00+08:00\","
	    "\"id_number\":\"%s\"}", ids[4]);
	T_CHECK(strstr(refused(appt_op_book, T0 - 86400, "kiosk", req, "quota_exhausted"),
	    "fully booked") != NULL, "message");
	a = accepted(appt_op_slots, T0 - 86400, "kiosk",
	    "{\"service\":\"A\",\"from\":\"2026-11-26\",\"to\":\"2026-11-26\"}");
	s = json_array_get(json_object_get(a, "slots"), 2);
	T_EQ_INT(json_integer_value(json_object_get(s, "booked")), 4);
	T_EQ_INT(json_integer_value(json_object_get(s, "free")), 0);
	json_decref(a);
}

static void
book_refuses_bad_ids_and_slots_with_bad_request(void)
{
	const long long now = T0 - 86400;

	T_CHECK(strstr(refused(appt_op_book, now, "kiosk", "{\"service\":\"A\",\"start\":"
	    "\"2026-11-26T09:00:00+08:00\",\"id_number\":\"440106199003071232\"}",
	    "bad_request"), "check digit") != NULL, "check digit message");
	refused(appt_op_book, now, "kiosk", "{\"service\":\"A\",\"start\":"
	    "\"2026-11-26T09:00:00+08:00\",\"id_number\":\"4401\"}", "bad_request");
	T_CHECK(strstr(refused(appt_op_book, now, "kiosk", "{\"service\":\"A\",\"start\":"
	    "\"2026-11-24T09:00:00+08:00\",\"id_number\":\"" ID2 "\"}", "bad_request"),
	    "already started") != NULL, "past message");
	T_CHECK(strstr(refused(appt_op_book, now, "kiosk", "{\"service\":\"A\",\"start\":"
	    "\"2026-12-03T09:00:00+08:00\",\"id_number\":\"" ID2 "\"}", "bad_request"),
	    "beyond the booking window") != NULL, "window message");
	refused(appt_op_book, now, "kiosk", "{\"service\":\"A\",\"start\":"
	    "\"2026-11-26T09:10:00+08:00\",\"id_number\":\"" ID2 "\"}", "bad_request");
	refused(appt_op_book, now, "kiosk", "{\"service\":\"A\",\"start\":"
	    "\"2026-11-28T09:00:00+08:00\",\"id_number\":\"" ID2 "\"}", "bad_request");
	refused(appt_op_book, now, "kiosk", "{\"service\":\"A\",\"start\":\"soon\","
	    "\"id_number\":\"" ID2 "\"}", "bad_request");
	refused(appt_op_book, now, "kiosk", "{\"service\":\"A\",\"start\":"
	    "\"2026-11-26T09:00:00+08:00\"}", "bad_request");
	refused(appt_op_book, now, "kiosk", "{\"service\":\"A\",\"start\":"
	    "\"2026-11-26T09:00:00+08:00\",\"id_number\":\"" ID2 "\",\"channel\":\"fax\"}",
	    "bad_request");
}

static void
per_id_limits_cancel_and_rebook(void)
{
	const long long now = T0 - 86400;
	json_t *a;
	char req[256], code[16];
	long long id;

	/* ID3 holds nothing yet: one of A, then a second A is refused. */
	a = accepted(appt_op_book, now, "admin", "{\"service\":\"A\",\"start\":"
	    "\"2026-11-27T09:00:00+08:00\",\"id_number\":\"" ID3 "\",\"channel\":\"phone\"}");
	T_EQ_STR(str(a, "appointment", "channel"), "phone");
	snprintf(code, sizeof code, "%s", str(a, "appointment", "code"));
	id = json_integer_value(json_object_get(json_object_get(a, "appointment"), "id"));
	json_decref(a);
	T_CHECK(strstr(refused(appt_op_book, now, "kiosk", "{\"service\":\"A\",\"start\":"
	    "\"2026-11-30T09:00:00+08:00\",\"id_number\":\"" ID3 "\"}", "limit_reached"),
	    "service A") != NULL, "message names the service");
	/* A kiosk cancels by code with the matching ID number; not by id, not by code alone. */
	snprintf(req, sizeof req, "{\"appointment\":%lld}", id);
	refused(appt_op_cancel_booking, now, "kiosk", req, "forbidden");
	snprintf(req, sizeof req, "{\"appointment\":%lld,\"id_number\":\"" ID3 "\"}", id);
	refused(appt_op_cancel_booking, now, "kiosk", req, "forbidden");
	snprintf(req, sizeof req, "{\"appointment\":\"%s\"}", code);
	refused(appt_op_cancel_booking, now, "kiosk", req, "forbidden");
	snprintf(req, sizeof req, "{\"appointment\":\"%s\",\"id_number\":\"" ID1 "\"}", code);
	refused(appt_op_cancel_booking, now, "kiosk", req, "forbidden");
	snprintf(req, sizeof req, "{\"appointment\":\"%s\",\"id_number\":\"" ID3 "\"}", code);
	a = accepted(appt_op_cancel_booking, now, "kiosk", req);
	T_EQ_STR(str(a, "appointment", "state"), "cancelled");
	json_decref(a);
	refused(appt_op_cancel_booking, now, "kiosk", req, "conflict");
	refused(appt_op_cancel_booking, now, "kiosk", "{\"appointment\":\"NOPE2345\","
	    "\"id_number\":\"" ID3 "\"}", "not_found");
	a = accepted(appt_op_book, now, "kiosk", "{\"service\":\"A\",\"start\":"
	    "\"2026-11-30T09:00:00+08:00\",\"id_number\":\"" ID3 "\"}");
	json_decref(a);
}

static void
checkin_early_on_time_late_and_missed(void)
{
	json_t *a;

	/* ID1 holds A on Thu 10:00-10:30 (from the quota case). Book B at 14:00 too. */
	json_decref(accepted(appt_op_book, T0 - 86400, "kiosk", "{\"service\":\"B\",\"start\":"
	    "\"2026-11-26T14:00:00+08:00\",\"id_number\":\"" ID1 "\"}"));
	refused(appt_op_checkin, T0 - 1, "kiosk", "{\"id_number\":\"" ID1 "\"}", "conflict");
	a = accepted(appt_op_checkin, T0 + 1800, "kiosk", "{\"id_number\":\"" ID1 "\"}");
	T_EQ_STR(str(a, "lane", NULL), "early");
	T_EQ_STR(str(a, "ticket", "priority"), "appointment");
	T_EQ_STR(str(a, "appointment", "state"), "checked_in");
	T_EQ_STR(str(a, "appointment", "service"), "A");
	json_decref(a);
	refused(appt_op_checkin, T0 + 1900, "kiosk", "{\"id_number\":\"" ID1 "\"}", "conflict");
	/* Another holder of the 10:00 A slot, on time at 10:05. */
	a = accepted(appt_op_checkin, T0 + 3600 + 300, "kiosk", "{\"id_number\":\"" ID2 "\"}");
	T_EQ_STR(str(a, "lane", NULL), "on_time");
	json_decref(a);
	/* A third one comes at 10:45: missed (10:30 + 10 min). */
	T_CHECK(strstr(refused(appt_op_checkin, T0 + 3600 + 2700, "kiosk",
	    "{\"id_number\":\"440304198512010019\"}", "conflict"), "missed") != NULL, "message");
	/* B at 14:00: 14:20 is late (grace 10 min) and gets a normal ticket. */
	a = accepted(appt_op_checkin, T0 + 5 * 3600 + 1200, "kiosk",
	    "{\"id_number\":\"" ID1 "\"}");
	T_EQ_STR(str(a, "lane", NULL), "late");
	T_EQ_STR(str(a, "ticket", "priority"), "normal");
	json_decref(a);
	refused(appt_op_checkin, T0, "kiosk", "{\"id_number\":\"440106199003075291\"}",
	    "not_found");
}

static void
appointments_list_a_day_masked(void)
{
	json_t *a = accepted(appt_op_appointments, T0, "supervisor", "{\"date\":\"2026-11-26\"}");
	char *text;

	if (a == NULL)
		return;
	T_EQ_INT(json_array_size(json_object_get(a, "appointments")), 5);
	T_EQ_INT(json_integer_value(json_object_get(json_object_get(a, "counts"), "checked_in")),
	    3);
	text = json_dumps(a, 0);
	T_CHECK(text && strstr(text, ID1) == NULL && strstr(text, "4401**********1231"),
	    "masked only");
	free(text);
	json_decref(a);
}

static void
fourth_no_show_blacklists_until_a_date_then_lift(void)
{
	const char *id = "440106199003075291";
	struct appt_ctx c = { .store = store, .hall = &hall, .key = key, .actor = "timer" };
	struct appt_sweep sw;
	char req[256];
	json_t *a;
	long long day0 = T0 + 7 * 86400LL;	/* Thu 3 Dec */
	const char *msg;

	for (int w = 0; w < 4; w++) {
		long long start = day0 + w * 7 * 86400LL;
		char iso[APPT_ISO_MAX];

		appt_time_iso(hall.tz, start, iso);
		snprintf(req, sizeof req, "{\"service\":\"A\",\"start\":\"%s\",\"id_number\":\"%s\"}",
		    iso, id);
		json_decref(accepted(appt_op_book, start - 86400, "kiosk", req));
		c.now = start + 1800 + 601;
		T_EQ_INT(appt_tick(&c, &sw), 0);
		T_EQ_INT(sw.no_shows, 1);
	}
	T_EQ_INT(sw.bans, 1);
	snprintf(req, sizeof req, "{\"service\":\"A\",\"start\":\"2026-12-28T09:00:00+08:00\","
	    "\"id_number\":\"%s\"}", id);
	msg = refused(appt_op_book, c.now + 3600, "kiosk", req, "blacklisted");
	T_CHECK(strstr(msg, "2027-01-23") != NULL, "%s", msg);	/* 24 Dec 09:40 + 30 days */
	a = accepted(appt_op_bans, c.now + 3600, "supervisor", "{}");
	T_EQ_INT(json_array_size(json_object_get(a, "bans")), 1);
	T_EQ_STR(str(json_array_get(json_object_get(a, "bans"), 0), "until_date", NULL),
	    "2027-01-23");
	json_decref(a);
	snprintf(req, sizeof req, "{\"id_number\":\"%s\",\"reason\":\"hospital\"}", id);
	a = accepted(appt_op_ban_lift, c.now + 3600, "supervisor", req);
	T_EQ_STR(str(a, "ban", "lifted_by"), "supervisor");
	json_decref(a);
	snprintf(req, sizeof req, "{\"service\":\"A\",\"start\":\"2026-12-28T09:00:00+08:00\","
	    "\"id_number\":\"%s\"}", id);
	json_decref(accepted(appt_op_book, c.now + 3600, "kiosk", req));
}

/* 1 when the bytes of file hold s. */
static int
file_holds(const char *path, const char *s)
{
	FILE *f = fopen(path, "rb");
	static char buf[1 << 22];
	size_t n;
	int found = 0;

	if (f == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	for (size_t i = 0; i + strlen(s) <= n && !found; i++)
		found = memcmp(buf + i, s, strlen(s)) == 0;
	return found;
}

static void
database_holds_no_id_number_in_clear(void)
{
	char wal[160];

	snprintf(wal, sizeof wal, "%s-wal", dbpath);
	T_CHECK(file_holds(dbpath, "4401**********1231") || file_holds(wal, "4401**********1231"),
	    "the masked form is there (the scan works)");
	T_CHECK(!file_holds(dbpath, ID1) && !file_holds(wal, ID1), "ID1 in clear");
	T_CHECK(!file_holds(dbpath, "0619900307") && !file_holds(wal, "0619900307"),
	    "ID1's middle digits in clear");
	T_CHECK(!file_holds(dbpath, ID2) && !file_holds(wal, ID2), "ID2 in clear");
}

int
main(void)
{
	char tmpl[] = "/tmp/jhappt.XXXXXX", err[256], cmd[128];
	int rc;

	log_init("test_appt_ops", LOG_WARN);
	if (mkdtemp(tmpl) == NULL) {
		printf("not ok - temp dir: cannot create\n");
		return 1;
	}
	snprintf(dir, sizeof dir, "%s", tmpl);
	snprintf(dbpath, sizeof dbpath, "%s/jh.db", dir);
	appt_hall_init(&hall);
	if (appt_hall_load_string(&hall, hall_ini, err, sizeof err) ||
	    appt_id_key_load(dbpath, key, err, sizeof err) ||
	    sqlite3_open(dbpath, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, appt_store_schema, NULL, NULL, NULL) != SQLITE_OK ||
	    (store = appt_store_open(db, err, sizeof err)) == NULL) {
		printf("not ok - setup: %s\n", err);
		return 1;
	}
	T_RUN(slots_list_the_window_with_booked_counts);
	T_RUN(book_to_the_quota_and_one_more);
	T_RUN(book_refuses_bad_ids_and_slots_with_bad_request);
	T_RUN(per_id_limits_cancel_and_rebook);
	T_RUN(checkin_early_on_time_late_and_missed);
	T_RUN(appointments_list_a_day_masked);
	T_RUN(fourth_no_show_blacklists_until_a_date_then_lift);
	T_RUN(database_holds_no_id_number_in_clear);
	rc = t_done();
	appt_store_free(store);
	sqlite3_close(db);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return rc;
}
