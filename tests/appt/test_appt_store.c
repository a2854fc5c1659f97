/* test_appt_store.c — the appointments' SQL on real SQLite files: quotas, limits, cancel,
 * the last-place race between processes, no-shows, bans and their audit. */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/t.h"
#include "appt_store.h"

static char dir[64];
static int dbn;
static struct appt_hall hall;

#define T0	1795654800LL		/* 2026-11-26T09:00:00+08:00: the first slot */
#define NOW	(T0 - 86400)		/* a day before */

static sqlite3 *
db_open(const char *path)
{
	sqlite3 *db = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return NULL;
	sqlite3_busy_timeout(db, 10000);
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	/* the tables, as jhd's store migration makes them */
	sqlite3_exec(db, appt_store_schema, NULL, NULL, NULL);
	return db;
}

static sqlite3 *
db_new(char *path, size_t len)
{
	snprintf(path, len, "%s/t%d.db", dir, dbn++);
	return db_open(path);
}

static void
hash_of(int i, char out[APPT_HASH_HEX])
{
	snprintf(out, APPT_HASH_HEX, "%064d", i);
}

/* Book slot k (30-minute slots from T0, quota 4) of service svc for holder i. */
static int
book(struct appt_store *s, const char *svc, int k, int i, long long now, struct appt_row *r,
    struct appt_book_facts *f)
{
	char hash[APPT_HASH_HEX];
	struct appt_book_req rq = {
		.service = svc, .slot = { T0 + k * 1800, T0 + k * 1800 + 1800, 4 },
		.id_hash = hash, .id_masked = "4401**********1231", .channel = "kiosk",
		.actor = "kiosk-1", .now = now, .window_end = now + 10 * 86400, .max_open = 3,
	};

	hash_of(i, hash);
	return appt_store_book(s, &rq, r, f);
}

static long long
count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
schema_is_created_once_and_reopens(void)
{
	char path[128], err[256];
	sqlite3 *db = db_new(path, sizeof path);
	struct appt_store *s1 = appt_store_open(db, err, sizeof err), *s2;

	T_CHECK(s1 != NULL, "%s", err);
	s2 = appt_store_open(db, err, sizeof err);
	T_CHECK(s2 != NULL, "%s", err);
	T_EQ_INT(count(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('appointments',"
	    "'appointment_events','bans','ban_audit')"), 4);
	/* the schema again changes nothing, and keeps no version of its own (the store's
	 * user_version is the one, server/store.c) */
	T_EQ_INT(sqlite3_exec(db, appt_store_schema, NULL, NULL, NULL), SQLITE_OK);
	T_EQ_INT(count(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('appointments',"
	    "'appointment_events','bans','ban_audit')"), 4);
	T_EQ_INT(count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'appt_schema'"), 0);
	appt_store_free(s1);
	appt_store_free(s2);
	sqlite3_close(db);
}

static void
booking_fills_the_quota_then_refuses(void)
{
	char path[128], err[256];
	sqlite3 *db = db_new(path, sizeof path);
	struct appt_store *s = appt_store_open(db, err, sizeof err);
	struct appt_book_facts f;
	struct appt_row r;

	for (int i = 0; i < 4; i++) {
		T_EQ_INT(book(s, "A", 0, i, NOW, &r, &f), ERR_OK);
		T_EQ_STR(r.state, "booked");
		T_EQ_INT(strlen(r.code), APPT_BOOKING_CODE_LEN);
	}
	T_EQ_INT(book(s, "A", 0, 4, NOW, &r, &f), ERR_QUOTA_EXHAUSTED);
	T_EQ_INT(f.booked, 4);
	T_EQ_INT(book(s, "A", 1, 4, NOW, &r, &f), ERR_OK);	/* the next slot is free */
	T_EQ_INT(count(db, "SELECT count(*) FROM appointment_events WHERE what = 'booked'"), 5);
	appt_store_free(s);
	sqlite3_close(db);
}

static void
per_id_limits_and_cancel_then_rebook(void)
{
	char path[128], err[256];
	sqlite3 *db = db_new(path, sizeof path);
	struct appt_store *s = appt_store_open(db, err, sizeof err);
	struct appt_book_facts f;
	struct appt_row r, a;

	T_EQ_INT(book(s, "A", 0, 7, NOW, &a, &f), ERR_OK);
	T_EQ_INT(book(s, "A", 2, 7, NOW, &r, &f), ERR_LIMIT_REACHED);	/* one per service */
	T_EQ_INT(f.same_service, 1);
	T_EQ_INT(book(s, "B", 0, 7, NOW, &r, &f), ERR_OK);
	T_EQ_INT(book(s, "C", 0, 7, NOW, &r, &f), ERR_OK);
	T_EQ_INT(book(s, "D", 0, 7, NOW, &r, &f), ERR_LIMIT_REACHED);	/* K = 3 open */
	T_EQ_INT(f.open, 3);
	T_EQ_INT(appt_store_cancel(s, a.id, NOW + 1, "kiosk-1", &r), ERR_OK);
	T_EQ_STR(r.state, "cancelled");
	T_EQ_INT(appt_store_cancel(s, a.id, NOW + 2, "kiosk-1", &r), ERR_CONFLICT);
	T_EQ_INT(appt_store_cancel(s, 9999, NOW + 2, "kiosk-1", &r), ERR_NOT_FOUND);
	T_EQ_INT(book(s, "A", 2, 7, NOW, &r, &f), ERR_OK);		/* re-book after cancel */
	T_EQ_INT(appt_store_get(s, 0, r.code, &a), ERR_OK);
	T_EQ_INT(a.id, r.id);
	appt_store_free(s);
	sqlite3_close(db);
}

static void
cancelled_places_return_to_the_slot(void)
{
	char path[128], err[256];
	sqlite3 *db = db_new(path, sizeof path);
	struct appt_store *s = appt_store_open(db, err, sizeof err);
	struct appt_slot slots[2] = { { T0, T0 + 1800, 4 }, { T0 + 1800, T0 + 3600, 4 } };
	struct appt_row r[4];
	int booked[2];

	for (int i = 0; i < 4; i++)
		T_EQ_INT(book(s, "A", 0, i, NOW, &r[i], NULL), ERR_OK);
	T_EQ_INT(appt_store_cancel(s, r[2].id, NOW, "x", &r[2]), ERR_OK);
	T_EQ_INT(appt_store_booked_counts(s, "A", slots, 2, booked), ERR_OK);
	T_EQ_INT(booked[0], 3);
	T_EQ_INT(booked[1], 0);
	T_EQ_INT(book(s, "A", 0, 9, NOW, &r[2], NULL), ERR_OK);
	appt_store_free(s);
	sqlite3_close(db);
}

static void
last_place_race_between_processes_has_quota_winners(void)
{
	enum { N = 16 };
	char path[128], err[256];
	sqlite3 *db = db_new(path, sizeof path);
	struct appt_store *s = appt_store_open(db, err, sizeof err);
	int go[2], wins = 0, full = 0, other = 0, status;
	pid_t pid[N];

	appt_store_free(s);
	sqlite3_close(db);
	if (pipe(go) == -1) {
		T_CHECK(0, "pipe");
		return;
	}
	for (int i = 0; i < N; i++) {
		if ((pid[i] = fork()) == 0) {
			struct appt_row r;
			char c;
			int rc;

			close(go[1]);
			db = db_open(path);
			s = appt_store_open(db, err, sizeof err);
			if (s == NULL)
				_exit(1);
			if (read(go[0], &c, 1) != 0)	/* every child waits for the close */
				_exit(1);
			rc = book(s, "A", 0, 100 + i, NOW, &r, NULL);
			appt_store_free(s);
			sqlite3_close(db);
			_exit(rc == ERR_OK ? 0 : rc == ERR_QUOTA_EXHAUSTED ? 2 : 1);
		}
	}
	close(go[0]);
	close(go[1]);				/* go */
	for (int i = 0; i < N; i++) {
		if (pid[i] <= 0 || waitpid(pid[i], &status, 0) == -1 || !WIFEXITED(status)) {
			other++;
			continue;
		}
		switch (WEXITSTATUS(status)) {
		case 0: wins++; break;
		case 2: full++; break;
		default: other++; break;
		}
	}
	T_EQ_INT(wins, 4);
	T_EQ_INT(full, N - 4);
	T_EQ_INT(other, 0);
	db = db_open(path);
	T_EQ_INT(count(db, "SELECT count(*) FROM appointments WHERE state <> 'cancelled'"), 4);
	sqlite3_close(db);
}

static void
booking_inside_a_callers_transaction_rolls_back_with_it(void)
{
	char path[128], err[256];
	sqlite3 *db = db_new(path, sizeof path);
	struct appt_store *s = appt_store_open(db, err, sizeof err);
	struct appt_row r;

	sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	T_EQ_INT(book(s, "A", 0, 1, NOW, &r, NULL), ERR_OK);
	T_EQ_INT(book(s, "A", 0, 1, NOW, &r, NULL), ERR_LIMIT_REACHED);	/* sees its own write */
	T_EQ_INT(sqlite3_get_autocommit(db), 0);	/* still the caller's transaction */
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	T_EQ_INT(count(db, "SELECT count(*) FROM appointments"), 0);
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	T_EQ_INT(book(s, "A", 0, 1, NOW, &r, NULL), ERR_OK);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	T_EQ_INT(count(db, "SELECT count(*) FROM appointments"), 1);
	appt_store_free(s);
	sqlite3_close(db);
}

static void
events_and_audit_are_append_only(void)
{
	char path[128], err[256];
	sqlite3 *db = db_new(path, sizeof path);
	struct appt_store *s = appt_store_open(db, err, sizeof err);
	struct appt_row r;

	T_EQ_INT(book(s, "A", 0, 1, NOW, &r, NULL), ERR_OK);
	T_CHECK(sqlite3_exec(db, "UPDATE appointment_events SET actor = 'x'", NULL, NULL, NULL) !=
	    SQLITE_OK, "an event was rewritten");
	T_CHECK(sqlite3_exec(db, "DELETE FROM appointment_events", NULL, NULL, NULL) != SQLITE_OK,
	    "an event was deleted");
	T_CHECK(sqlite3_exec(db, "UPDATE appointments SET id_masked = '440106199003071231'", NULL,
	    NULL, NULL) != SQLITE_OK, "a clear ID number was stored");
	appt_store_free(s);
	sqlite3_close(db);
}

/* Book holder i on day d (slot k), then sweep far enough for it to be missed. */
static int
miss(struct appt_store *s, int i, int d, struct appt_sweep *sw)
{
	struct appt_row r;
	long long start = T0 + d * 86400LL;
	char hash[APPT_HASH_HEX];
	struct appt_book_req rq = {
		.service = "A", .slot = { start, start + 1800, 4 }, .id_hash = hash,
		.id_masked = "4401**********1231", .channel = "kiosk", .actor = "k",
		.now = start - 3600, .window_end = start + 86400, .max_open = 3,
	};

	hash_of(i, hash);
	if (appt_store_book(s, &rq, &r, NULL) != ERR_OK)
		return -1;
	return appt_store_sweep(s, &hall, start + 1800 + hall.grace_s + 1, sw);
}

static void
fourth_no_show_in_thirty_days_bans_then_expires(void)
{
	char path[128], err[256], hash[APPT_HASH_HEX];
	sqlite3 *db = db_new(path, sizeof path);
	struct appt_store *s = appt_store_open(db, err, sizeof err);
	struct appt_sweep sw;
	struct appt_ban b;
	struct appt_book_facts f;
	struct appt_row r;
	long long at;

	hash_of(5, hash);
	T_EQ_INT(miss(s, 5, 0, &sw), ERR_OK);
	T_EQ_INT(sw.no_shows, 1);
	T_EQ_INT(miss(s, 5, 7, &sw), ERR_OK);
	T_EQ_INT(miss(s, 5, 14, &sw), ERR_OK);
	T_EQ_INT(sw.bans, 0);
	T_EQ_INT(miss(s, 5, 21, &sw), ERR_OK);		/* the 4th in 30 days */
	T_EQ_INT(sw.bans, 1);
	at = T0 + 21 * 86400LL + 1800 + hall.grace_s;
	T_EQ_INT(appt_store_ban_active(s, hash, at + 1, &b), 1);
	T_EQ_INT(b.until, at + hall.ban_s);
	T_EQ_INT(b.no_shows, 4);
	T_EQ_STR(b.id_masked, "4401**********1231");
	T_EQ_INT(book(s, "A", 22 * 48, 5, at + 60, &r, &f), ERR_BLACKLISTED);
	T_EQ_INT(f.ban_until, at + hall.ban_s);
	T_EQ_INT(count(db, "SELECT count(*) FROM ban_audit WHERE what = 'banned'"), 1);
	/* The ban expires by itself. */
	T_EQ_INT(appt_store_ban_active(s, hash, at + hall.ban_s, &b), 0);
	appt_store_free(s);
	sqlite3_close(db);
}

static void
sweep_after_downtime_decides_as_if_live(void)
{
	char path[128], err[256], hash[APPT_HASH_HEX];
	sqlite3 *db = db_new(path, sizeof path);
	struct appt_store *s = appt_store_open(db, err, sizeof err);
	struct appt_sweep sw;
	struct appt_ban b;
	long long start;

	hash_of(6, hash);
	/* Four bookings on four days, booked ahead; the server is down through all of them. */
	for (int d = 0; d < 4; d++) {
		struct appt_row r;
		char h[APPT_HASH_HEX];
		struct appt_book_req rq = {
			.service = d % 2 ? "A" : "B", .id_hash = h,
			.id_masked = "4401**********1231", .channel = "phone", .actor = "admin",
			.now = NOW, .window_end = T0 + 30 * 86400LL, .max_open = 10,
		};

		start = T0 + d * 2 * 86400LL;
		rq.slot.start = start;
		rq.slot.end = start + 1800;
		rq.slot.quota = 4;
		hash_of(6, h);
		/* Services alternate (one open booking per service): before booking the 3rd and
		 * 4th, the 1st and 2nd are swept as missed, as the live server would have. */
		if (d >= 2) {
			T_EQ_INT(appt_store_sweep(s, &hall, T0 + (d - 2) * 2 * 86400LL + 1800 +
			    hall.grace_s + 1, &sw), ERR_OK);
		}
		T_EQ_INT(appt_store_book(s, &rq, &r, NULL), ERR_OK);
	}
	/* Back up 30 days later: the last two are swept now, the ban follows the 4th. */
	T_EQ_INT(appt_store_sweep(s, &hall, T0 + 30 * 86400LL, &sw), ERR_OK);
	T_EQ_INT(sw.no_shows, 2);
	T_EQ_INT(sw.bans, 1);
	start = T0 + 6 * 86400LL;
	T_EQ_INT(appt_store_ban_active(s, hash, start + 1800 + hall.grace_s, &b), 1);
	T_EQ_INT(b.since, start + 1800 + hall.grace_s);
	T_EQ_INT(count(db, "SELECT count(*) FROM appointments WHERE state = 'no_show'"), 4);
	T_EQ_INT(count(db, "SELECT count(*) FROM appointment_events WHERE what = 'no_show'"), 4);
	appt_store_free(s);
	sqlite3_close(db);
}

static int
count_ban(void *arg, const struct appt_ban *b)
{
	(void)b;
	(*(int *)arg)++;
	return 0;
}

static void
supervisor_lifts_a_ban_with_an_audit_record(void)
{
	char path[128], err[256], hash[APPT_HASH_HEX];
	sqlite3 *db = db_new(path, sizeof path);
	struct appt_store *s = appt_store_open(db, err, sizeof err);
	struct appt_sweep sw;
	struct appt_ban b;
	struct appt_row r;
	long long now = T0 + 30 * 86400LL;
	int n = 0;

	hash_of(8, hash);
	for (int d = 0; d < 4; d++)
		T_EQ_INT(miss(s, 8, d, &sw), ERR_OK);
	T_EQ_INT(appt_store_each_ban(s, now, 0, count_ban, &n), ERR_OK);
	T_EQ_INT(n, 1);
	T_EQ_INT(appt_store_ban_lift(s, 0, hash, now, "sup1", "called in sick", &b), ERR_OK);
	T_EQ_STR(b.lifted_by, "sup1");
	T_EQ_INT(b.lifted_at, now);
	T_EQ_INT(appt_store_ban_lift(s, b.id, NULL, now, "sup1", NULL, &b), ERR_NOT_FOUND);
	T_EQ_INT(count(db, "SELECT count(*) FROM ban_audit WHERE what = 'lifted' AND actor = "
	    "'sup1' AND reason = 'called in sick'"), 1);
	n = 0;
	T_EQ_INT(appt_store_each_ban(s, now, 0, count_ban, &n), ERR_OK);
	T_EQ_INT(n, 0);
	T_EQ_INT(book(s, "A", 31 * 48, 8, now, &r, NULL), ERR_OK);
	appt_store_free(s);
	sqlite3_close(db);
}

int
main(void)
{
	char tmpl[] = "/tmp/jhappt.XXXXXX", cmd[128];
	int rc;

	if (mkdtemp(tmpl) == NULL) {
		printf("not ok - temp dir: cannot create\n");
		return 1;
	}
	snprintf(dir, sizeof dir, "%s", tmpl);
	appt_hall_init(&hall);
	T_RUN(schema_is_created_once_and_reopens);
	T_RUN(booking_fills_the_quota_then_refuses);
	T_RUN(per_id_limits_and_cancel_then_rebook);
	T_RUN(cancelled_places_return_to_the_slot);
	T_RUN(last_place_race_between_processes_has_quota_winners);
	T_RUN(booking_inside_a_callers_transaction_rolls_back_with_it);
	T_RUN(events_and_audit_are_append_only);
	T_RUN(fourth_no_show_in_thirty_days_bans_then_expires);
	T_RUN(sweep_after_downtime_decides_as_if_live);
	T_RUN(supervisor_lifts_a_ban_with_an_audit_record);
	rc = t_done();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return rc;
}
