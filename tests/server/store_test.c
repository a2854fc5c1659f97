/* store_test.c — unit tests of the SQLite store (server/store.c) on real database files. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "audit.h"
#include "store.h"
#include "store_int.h"
#include "t.h"

static char dir[64], path[128];
static struct hall_conf h;
static struct queue q;

static void
small_hall(void)
{
	char err[256];
	const char *text = "[hall]\nname = T\ntimezone = Asia/Shanghai\n[department D]\nname = 部门\n"
	    "[service A]\nname = 社保\ndepartment = D\n[service B]\nname = B\ndepartment = D\n"
	    "prefix = X\nhandle = 7m\n[window 1]\nservices = A, B:backup\n[window 2]\n"
	    "services = B\n";

	if (hallconf_parse(text, &h, err, sizeof err) != 0)
		printf("# %s\n", err);
}

static int
pragma_int(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
new_database_is_migrated_with_wal_and_foreign_keys(void)
{
	char err[256];
	struct store *s = store_open(path, err, sizeof err);
	sqlite3_stmt *st;
	char mode[16] = "";

	T_CHECK(s != NULL, "open: %s", err);
	if (!s)
		return;
	T_EQ_INT(pragma_int(s, "PRAGMA user_version"), 10);	/* migrations 1 to 10 */
	/* migration 9: the district outbox takes the hall's ticket events (kind ticket, body) */
	T_EQ_INT(pragma_int(s, "SELECT count(*) FROM sqlite_master WHERE name = 'district_outbox'"
	    " AND sql LIKE '%''ticket''%body TEXT%'"), 1);
	/* migration 8: the appointment tables, in the one chain (no appt_schema of their own) */
	T_EQ_INT(pragma_int(s, "SELECT count(*) FROM sqlite_master WHERE name IN ("
	    "'appointments', 'appointment_events', 'bans', 'ban_audit')"), 4);
	T_EQ_INT(pragma_int(s, "SELECT count(*) FROM sqlite_master WHERE name = 'appt_schema'"),
	    0);
	T_EQ_INT(pragma_int(s, "PRAGMA foreign_keys"), 1);
	T_EQ_INT(pragma_int(s, "PRAGMA synchronous"), 2);
	if (sqlite3_prepare_v2(store_db(s), "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		snprintf(mode, sizeof mode, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	T_EQ_STR(mode, "wal");
	T_EQ_INT(store_load_conf(s, &h), 0);
	store_close(s);
}

static void
hall_configuration_round_trips(void)
{
	char err[256];
	struct store *s = store_open(path, err, sizeof err);
	struct hall_conf back;

	small_hall();
	h.unserved_refuse = 1;
	T_EQ_INT(store_begin(s), 0);
	T_EQ_INT(store_save_conf(s, &h, "text"), 0);
	T_EQ_INT(store_commit(s), 0);
	store_close(s);
	s = store_open(path, err, sizeof err);
	T_EQ_INT(store_load_conf(s, &back), 1);
	T_EQ_STR(back.name, "T");
	T_EQ_STR(back.tz, "Asia/Shanghai");
	T_EQ_INT(back.nsvc, 2);
	T_EQ_STR(back.svc[0].name, "社保");
	T_EQ_STR(back.svc[1].prefix, "X");
	T_EQ_INT(back.svc[0].handle_s, 0);
	T_EQ_INT(back.svc[1].handle_s, 420);
	T_EQ_INT(back.nwin, 2);
	T_EQ_INT(back.win[0].nduty, 2);
	T_EQ_INT(back.win[0].duty[1].backup, 1);
	T_EQ_INT(memcmp(&back.policy, &h.policy, sizeof h.policy), 0);
	T_EQ_INT(back.unserved_refuse, 1);
	store_close(s);
}

static void
tickets_persist_and_number_per_day(void)
{
	char err[256];
	struct store *s = store_open(path, err, sizeof err);
	struct ticket t, got;

	queue_init(&q, &h);
	snprintf(q.day, sizeof q.day, "2026-03-02");
	memset(&t, 0, sizeof t);
	t.svc = 1;
	t.window = t.pin = -1;
	t.issued_at = 1000;
	snprintf(t.day, sizeof t.day, "2026-03-02");
	snprintf(t.code, sizeof t.code, "X007");
	T_EQ_INT(store_begin(s), 0);
	T_EQ_INT(store_ticket_insert(s, &q, &t), 0);
	T_CHECK(t.id > 0, "id %lld", t.id);
	T_EQ_INT(store_event(s, &q, 1000, &t, "take", "kiosk-1", -1, NULL), 0);
	t.state = TS_CALLED;
	t.window = 1;
	t.called_at = 1100;
	T_EQ_INT(store_ticket_update(s, &q, &t), 0);
	T_EQ_INT(store_commit(s), 0);
	T_EQ_INT(store_max_seq(s, "2026-03-02", "B"), 7);
	T_EQ_INT(store_max_seq(s, "2026-03-03", "B"), 0);
	T_EQ_INT(store_ticket_get(s, &q, 0, "2026-03-02", "X007", &got), 1);
	T_EQ_INT(got.id, t.id);
	T_EQ_INT(got.state, TS_CALLED);
	T_EQ_INT(got.window, 1);
	T_EQ_INT(store_ticket_get(s, &q, 0, "2026-03-02", "X999", &got), 0);
	store_close(s);
	/* reopened: the called ticket is live again at its window */
	s = store_open(path, err, sizeof err);
	queue_free(&q);
	queue_init(&q, &h);
	snprintf(q.day, sizeof q.day, "2026-03-02");
	T_EQ_INT(store_load_live(s, &q), 0);
	T_EQ_INT(q.nt, 1);
	T_EQ_INT(q.win[1].current, t.id);
	T_EQ_INT(q.svc[1].seq, 7);
	T_EQ_INT(q.t[0].passed, 0);
	/* its max_overtake count, saved alone or with the ticket, is loaded again */
	t.passed = 2;
	T_EQ_INT(store_begin(s), 0);
	T_EQ_INT(store_ticket_passed(s, &t), 0);
	T_EQ_INT(store_commit(s), 0);
	T_EQ_INT(store_ticket_get(s, &q, t.id, NULL, NULL, &got), 1);
	T_EQ_INT(got.passed, 2);
	t.passed = 3;
	T_EQ_INT(store_begin(s), 0);
	T_EQ_INT(store_ticket_update(s, &q, &t), 0);
	T_EQ_INT(store_commit(s), 0);
	queue_free(&q);
	queue_init(&q, &h);
	snprintf(q.day, sizeof q.day, "2026-03-02");
	T_EQ_INT(store_load_live(s, &q), 0);
	T_EQ_INT(q.nt, 1);
	T_EQ_INT(q.t[0].passed, 3);
	queue_free(&q);
	store_close(s);
}

static void
events_are_append_only(void)
{
	char err[256];
	struct store *s = store_open(path, err, sizeof err);

	T_CHECK(sqlite3_exec(store_db(s), "UPDATE ticket_events SET what = 'x'", NULL, NULL,
	    NULL) != SQLITE_OK, "update refused");
	T_CHECK(sqlite3_exec(store_db(s), "DELETE FROM ticket_events", NULL, NULL, NULL) !=
	    SQLITE_OK, "delete refused");
	T_EQ_INT(pragma_int(s, "SELECT count(*) FROM ticket_events"), 1);
	store_close(s);
}

static int
tickets_sql_has(struct store *s, const char *what)
{
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(store_db(s), "SELECT sql FROM sqlite_master WHERE name = 'tickets'",
	    -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		found = strstr((const char *)sqlite3_column_text(st, 0), what) != NULL;
	sqlite3_finalize(st);
	return found;
}

/* A database of schema version 2 (tickets unique by day, service, seq) is rebuilt by
 * migration 3 with its rows, its events' foreign key and the append-only triggers intact. */
static void
a_version_2_database_is_migrated_keeping_its_tickets(void)
{
	char err[256];
	struct store *s = store_open(path, err, sizeof err);
	struct ticket got;

	/* version 2's table: today's, unique by (day, issued_service, seq) */
	T_CHECK(tickets_sql_has(s, "UNIQUE (day, seq, issued_service)"), "today's shape");
	T_EQ_INT(sqlite3_exec(store_db(s), "PRAGMA foreign_keys = OFF; BEGIN;"
	    "CREATE TABLE v2 AS SELECT * FROM tickets;", NULL, NULL, NULL), SQLITE_OK);
	{
		sqlite3_stmt *st;
		char sql[2048] = "", *u;

		if (sqlite3_prepare_v2(store_db(s), "SELECT sql FROM sqlite_master WHERE name = "
		    "'tickets'", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
			snprintf(sql, sizeof sql, "%s", sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		if ((u = strstr(sql, "UNIQUE (day, seq, issued_service)")) != NULL)
			memcpy(u, "UNIQUE (day, issued_service, seq)", 33);
		T_EQ_INT(sqlite3_exec(store_db(s), "DROP TABLE tickets;", NULL, NULL, NULL),
		    SQLITE_OK);
		T_EQ_INT(sqlite3_exec(store_db(s), sql, NULL, NULL, NULL), SQLITE_OK);
	}
	T_EQ_INT(sqlite3_exec(store_db(s), "INSERT INTO tickets SELECT * FROM v2; DROP TABLE v2;"
	    "CREATE INDEX tickets_live ON tickets (state) WHERE state IN ('waiting', 'called');"
	    "ALTER TABLE services DROP COLUMN handle_s;"	/* added by migration 4 */
	    "DROP TABLE district_outbox;"			/* added by migration 6 */
	    "DROP TABLE audit; ALTER TABLE users DROP COLUMN disabled;"	/* migration 7 */
	    "ALTER TABLE devices DROP COLUMN disabled;"
	    "PRAGMA user_version = 2; COMMIT; PRAGMA foreign_keys = ON;", NULL, NULL, NULL),
	    SQLITE_OK);
	T_CHECK(tickets_sql_has(s, "UNIQUE (day, issued_service, seq)"), "the version 2 shape");
	store_close(s);

	s = store_open(path, err, sizeof err);
	T_CHECK(s != NULL, "open: %s", err);
	if (!s)
		return;
	T_EQ_INT(pragma_int(s, "PRAGMA user_version"), 10);
	T_EQ_INT(pragma_int(s, "PRAGMA foreign_keys"), 1);
	/* migration 7: the audit trail, append-only, and users and devices enabled */
	T_EQ_INT(pragma_int(s, "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'audit' AND "
	    "type = 'trigger'"), 2);
	T_EQ_INT(pragma_int(s, "SELECT count(*) FROM users WHERE disabled != 0"), 0);
	/* migration 5: the max_overtake counts, 0 for the tickets already there */
	T_EQ_INT(pragma_int(s, "SELECT count(*) FROM tickets WHERE passed = 0"),
	    pragma_int(s, "SELECT count(*) FROM tickets"));
	/* migration 4: the services' handling times, 0 (not given) for those already there */
	T_EQ_INT(pragma_int(s, "SELECT count(*) FROM services WHERE handle_s = 0"),
	    pragma_int(s, "SELECT count(*) FROM services"));
	T_CHECK(tickets_sql_has(s, "UNIQUE (day, seq, issued_service)"), "rebuilt");
	T_EQ_INT(pragma_int(s, "SELECT count(*) FROM sqlite_master WHERE name = 'tickets_live'"),
	    1);
	queue_init(&q, &h);
	T_EQ_INT(store_ticket_get(s, &q, 0, "2026-03-02", "X007", &got), 1);
	T_EQ_INT(got.state, TS_CALLED);
	T_EQ_INT(got.window, 1);
	T_EQ_INT(store_max_seq(s, "2026-03-02", "B"), 7);
	queue_free(&q);
	T_EQ_INT(pragma_int(s, "SELECT count(*) FROM ticket_events"), 1);
	/* the events still refer to tickets, and stay append-only */
	T_CHECK(sqlite3_exec(store_db(s), "INSERT INTO ticket_events (at, ticket, what) VALUES "
	    "(1, 424242, 'take')", NULL, NULL, NULL) != SQLITE_OK, "an event of no ticket");
	T_CHECK(sqlite3_exec(store_db(s), "DELETE FROM ticket_events", NULL, NULL, NULL) !=
	    SQLITE_OK, "delete refused");
	/* a day's code is still unique */
	T_CHECK(sqlite3_exec(store_db(s), "INSERT INTO tickets (day, service, issued_service, seq,"
	    " code, lane, applicant, channel, state, issued_at) VALUES ('2026-03-02', 'B', 'B', 7,"
	    " 'X007', 'normal', 'individual', 'walk_in', 'waiting', 1)", NULL, NULL, NULL) !=
	    SQLITE_OK, "the same code twice");
	store_close(s);
}

static void
users_and_devices(void)
{
	char err[256], role[32], hash[128];
	struct store *s = store_open(path, err, sizeof err);
	int created = -1;
	json_t *l;

	T_EQ_INT(store_cred_put(s, 0, "alice", "clerk", "h1", 1, &created), 0);
	T_EQ_INT(created, 1);
	T_EQ_INT(store_cred_put(s, 0, "alice", "supervisor", "h2", 2, &created), 0);
	T_EQ_INT(created, 0);
	T_EQ_INT(store_cred_get(s, 0, "alice", role, sizeof role, hash, sizeof hash), 1);
	T_EQ_STR(role, "supervisor");
	T_EQ_STR(hash, "h2");
	T_EQ_INT(store_cred_get(s, 0, "nobody", role, sizeof role, hash, sizeof hash), 0);
	T_EQ_INT(store_cred_put(s, 1, "kiosk-1", "kiosk", "th", 3, &created), 0);
	T_EQ_INT(created, 1);
	l = store_device_list(s);
	T_EQ_INT(json_array_size(l), 1);
	json_decref(l);
	store_close(s);
}

/* Rows chained by SHA-256: intact as written; a row edited behind the triggers' back (or
 * one cut from the end) is named by verify. */
static void
audit_rows_are_chained_and_an_edit_is_named(void)
{
	char err[256], why[200];
	struct store *s = store_open(path, err, sizeof err);
	struct audit_entry e = { 0, 100, "bob", "supervisor", "127.0.0.1", "open", "window 1",
	    "closed", "open" };
	struct audit_cursor c;
	long long rows, bad;
	json_t *l;

	for (int i = 0; i < 3; i++) {
		e.at = 100 + i;
		T_EQ_INT(store_audit_append(s, &e), 0);
		T_EQ_INT(e.id, i + 1);
	}
	c.last = 0;
	snprintf(c.prev, sizeof c.prev, "%s", audit_genesis);
	T_EQ_INT(store_audit_verify(s, &c, 1000, &rows, &bad, why, sizeof why), 0);
	T_EQ_INT(rows, 3);
	/* a chunk at a time: two rows, then the last one and the end */
	c.last = 0;
	snprintf(c.prev, sizeof c.prev, "%s", audit_genesis);
	T_EQ_INT(store_audit_verify(s, &c, 2, &rows, &bad, why, sizeof why), 2);
	T_EQ_INT(c.last, 2);
	T_EQ_INT(store_audit_verify(s, &c, 2, &rows, &bad, why, sizeof why), 0);
	T_EQ_INT(rows, 1);
	l = store_audit_list(s, 101, 0, 10);
	T_EQ_INT(json_array_size(l), 2);
	json_decref(l);
	T_CHECK(sqlite3_exec(store_db(s), "UPDATE audit SET after = 'paused' WHERE id = 2", NULL,
	    NULL, NULL) != SQLITE_OK, "the trigger let an UPDATE through");
	T_EQ_INT(sqlite3_exec(store_db(s), "DROP TRIGGER audit_no_update; UPDATE audit SET after "
	    "= 'paused' WHERE id = 2", NULL, NULL, NULL), SQLITE_OK);
	c.last = 0;
	snprintf(c.prev, sizeof c.prev, "%s", audit_genesis);
	T_EQ_INT(store_audit_verify(s, &c, 1000, &rows, &bad, why, sizeof why), 1);
	T_EQ_INT(bad, 2);
	T_CHECK(strstr(why, "row 2") != NULL, "%s", why);
	/* put back, then cut the last row */
	T_EQ_INT(sqlite3_exec(store_db(s), "UPDATE audit SET after = 'open' WHERE id = 2;"
	    "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 3", NULL, NULL, NULL),
	    SQLITE_OK);
	c.last = 0;
	snprintf(c.prev, sizeof c.prev, "%s", audit_genesis);
	T_EQ_INT(store_audit_verify(s, &c, 1000, &rows, &bad, why, sizeof why), 1);
	T_EQ_INT(bad, 3);
	store_close(s);
}

static void
a_newer_schema_is_refused(void)
{
	char err[256];
	struct store *s = store_open(path, err, sizeof err);

	sqlite3_exec(store_db(s), "PRAGMA user_version = 99", NULL, NULL, NULL);
	store_close(s);
	s = store_open(path, err, sizeof err);
	T_CHECK(s == NULL, "opened a newer schema");
	T_CHECK(strstr(err, "newer"), "%s", err);
	store_close(s);
}

int
main(void)
{
	char cmd[200];
	int rc;

	snprintf(dir, sizeof dir, "/tmp/jhstore.XXXXXX");
	if (!mkdtemp(dir)) {
		printf("not ok - mkdtemp\n");
		return 1;
	}
	snprintf(path, sizeof path, "%s/t.db", dir);
	T_RUN(new_database_is_migrated_with_wal_and_foreign_keys);
	T_RUN(hall_configuration_round_trips);
	T_RUN(tickets_persist_and_number_per_day);
	T_RUN(events_are_append_only);
	T_RUN(a_version_2_database_is_migrated_keeping_its_tickets);
	T_RUN(users_and_devices);
	T_RUN(audit_rows_are_chained_and_an_edit_is_named);
	T_RUN(a_newer_schema_is_refused);
	rc = t_done();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return rc;
}
