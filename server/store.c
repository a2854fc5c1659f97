/* store.c — SQLite storage: migrations, WAL, prepared statements (prepared once, cached),
 * configuration, tickets, the append-only event log, users and devices. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "appt_schema.h"
#include "audit.h"
#include "fault.h"
#include "log.h"
#include "stats.h"
#include "store.h"
#include "store_int.h"

enum {
	Q_BEGIN, Q_COMMIT, Q_ROLLBACK,
	Q_T_INSERT, Q_T_UPDATE, Q_T_MAXSEQ, Q_T_GET_ID, Q_T_GET_CODE, Q_EVENT,
	Q_T_PASSED, Q_T_ETA, Q_W_STATE, Q_U_PUT, Q_U_GET, Q_D_PUT, Q_D_GET, Q_META_GET, Q_META_SET,
	Q_A_LAST, Q_A_INSERT, Q_U_DISABLED, Q_D_DISABLED, Q_U_SET_DISABLED, Q_D_SET_DISABLED,
	Q_U_SET_HASH, Q_U_DEL,
	Q_COUNT
};

/* a ticket's columns in the order row_ticket reads them */
#define TICKET_COLUMNS "id, day, service, code, lane, applicant, channel, state, issued_at, " \
	"window, pin, called_at, finished_at, recalls, slot_start, slot_end, passed"

static const char *const sql_text[Q_COUNT] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	[Q_T_INSERT] = "INSERT INTO tickets (day, service, issued_service, seq, code, lane, "
	    "applicant, channel, state, issued_at, window, pin, called_at, finished_at, recalls, "
	    "slot_start, slot_end) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	    "?13, ?14, ?15, ?16)",
	/* the columns a ticket's life changes at Q_T_INSERT's numbers (bind_ticket_state) */
	[Q_T_UPDATE] = "UPDATE tickets SET service = ?2, lane = ?5, state = ?8, window = ?10, "
	    "pin = ?11, called_at = ?12, finished_at = ?13, recalls = ?14, passed = ?17, "
	    /* the ETA given lasts until the first call (its call event then holds it) */
	    "eta_s = CASE ?8 WHEN 'waiting' THEN eta_s END, eta_lo_s = CASE ?8 WHEN 'waiting' "
	    "THEN eta_lo_s END, eta_hi_s = CASE ?8 WHEN 'waiting' THEN eta_hi_s END WHERE id = ?18",
	[Q_T_MAXSEQ] = "SELECT coalesce(max(seq), 0) FROM tickets WHERE day = ?1 AND "
	    "issued_service = ?2",
	[Q_T_GET_ID] = "SELECT " TICKET_COLUMNS " FROM tickets WHERE id = ?1",
	[Q_T_GET_CODE] = "SELECT " TICKET_COLUMNS " FROM tickets WHERE day = ?1 AND code = ?2 "
	    "ORDER BY id DESC LIMIT 1",
	[Q_T_PASSED] = "UPDATE tickets SET passed = ?2 WHERE id = ?1",
	[Q_T_ETA] = "UPDATE tickets SET eta_s = ?2, eta_lo_s = ?3, eta_hi_s = ?4 WHERE id = ?1",
	[Q_EVENT] = "INSERT INTO ticket_events (at, ticket, what, who, window, service, lane, "
	    "channel, applicant, state, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[Q_W_STATE] = "UPDATE windows SET state = ?2 WHERE name = ?1",
	[Q_U_PUT] = "INSERT INTO users (name, role, pwhash, created_at) VALUES (?1, ?2, ?3, ?4) "
	    "ON CONFLICT(name) DO UPDATE SET role = ?2, pwhash = ?3",
	[Q_U_GET] = "SELECT role, pwhash FROM users WHERE name = ?1",
	/* a new token for a revoked device enrols it again */
	[Q_D_PUT] = "INSERT INTO devices (name, role, token_hash, created_at) VALUES (?1, ?2, ?3, "
	    "?4) ON CONFLICT(name) DO UPDATE SET role = ?2, token_hash = ?3, disabled = 0",
	[Q_D_GET] = "SELECT role, token_hash FROM devices WHERE name = ?1",
	[Q_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[Q_META_SET] = "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE "
	    "SET value = ?2",
	[Q_A_LAST] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
	[Q_A_INSERT] = "INSERT INTO audit (id, at, who, role, origin, action, target, before, "
	    "after, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[Q_U_DISABLED] = "SELECT disabled FROM users WHERE name = ?1",
	[Q_D_DISABLED] = "SELECT disabled FROM devices WHERE name = ?1",
	[Q_U_SET_DISABLED] = "UPDATE users SET disabled = ?2 WHERE name = ?1",
	[Q_D_SET_DISABLED] = "UPDATE devices SET disabled = ?2 WHERE name = ?1",
	[Q_U_SET_HASH] = "UPDATE users SET pwhash = ?2 WHERE name = ?1",
	[Q_U_DEL] = "DELETE FROM users WHERE name = ?1",
};

/* Migrations: migration[i] takes user_version i to i + 1. Append only. */
static const char *const migrations[] = {
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE hall (id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL,"
	"  timezone TEXT NOT NULL, open_min INTEGER NOT NULL, close_min INTEGER NOT NULL,"
	"  wait_alert_s INTEGER NOT NULL, enforce_hours INTEGER NOT NULL, policy TEXT NOT NULL,"
	"  source TEXT, imported_at INTEGER);"
	"CREATE TABLE departments (code TEXT PRIMARY KEY, name TEXT NOT NULL, pos INTEGER,"
	"  active INTEGER NOT NULL DEFAULT 1);"
	"CREATE TABLE services (code TEXT PRIMARY KEY, name TEXT NOT NULL,"
	"  department TEXT NOT NULL REFERENCES departments(code), prefix TEXT NOT NULL,"
	"  flags INTEGER NOT NULL, pos INTEGER, active INTEGER NOT NULL DEFAULT 1);"
	"CREATE TABLE windows (name TEXT PRIMARY KEY, label TEXT NOT NULL DEFAULT '',"
	"  state TEXT NOT NULL DEFAULT 'closed', pos INTEGER, active INTEGER NOT NULL DEFAULT 1);"
	"CREATE TABLE duties (window TEXT NOT NULL REFERENCES windows(name),"
	"  service TEXT NOT NULL REFERENCES services(code), backup INTEGER NOT NULL,"
	"  pos INTEGER, PRIMARY KEY (window, service));"
	"CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, pwhash TEXT NOT NULL,"
	"  created_at INTEGER);"
	"CREATE TABLE devices (name TEXT PRIMARY KEY, role TEXT NOT NULL,"
	"  token_hash TEXT NOT NULL, created_at INTEGER);"
	"CREATE TABLE tickets (id INTEGER PRIMARY KEY, day TEXT NOT NULL,"
	"  service TEXT NOT NULL REFERENCES services(code),"
	"  issued_service TEXT NOT NULL REFERENCES services(code), seq INTEGER NOT NULL,"
	"  code TEXT NOT NULL, lane TEXT NOT NULL, applicant TEXT NOT NULL,"
	"  channel TEXT NOT NULL, state TEXT NOT NULL, issued_at INTEGER NOT NULL,"
	"  window TEXT REFERENCES windows(name), pin TEXT REFERENCES windows(name),"
	"  called_at INTEGER, finished_at INTEGER, recalls INTEGER NOT NULL DEFAULT 0,"
	"  slot_start INTEGER, slot_end INTEGER, UNIQUE (day, issued_service, seq));"
	"CREATE INDEX tickets_live ON tickets (state) WHERE state IN ('waiting', 'called');"
	"CREATE INDEX tickets_code ON tickets (day, code);"
	"CREATE TABLE ticket_events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL,"
	"  ticket INTEGER REFERENCES tickets(id), what TEXT NOT NULL, who TEXT, window TEXT,"
	"  service TEXT, lane TEXT, channel TEXT, applicant TEXT, state TEXT, detail TEXT);"
	"CREATE INDEX ticket_events_at ON ticket_events (at);"
	"CREATE INDEX ticket_events_ticket ON ticket_events (ticket);"
	"CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events"
	"  BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;"
	"CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events"
	"  BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;",
	/* 2: tickets_code cost every take an insert at one of as many places as there are
	 * services (codes sort by prefix): a dirty page each in the turn's WAL frames, ~8% of
	 * jhd at 64 kiosks. Its one reader (a finished ticket by code; live ones are found in
	 * memory) now walks that day's entries of the tickets' unique index. */
	"DROP INDEX IF EXISTS tickets_code;",
	/* 3: the uniqueness of a day's codes as (day, seq, issued_service) instead of (day,
	 * issued_service, seq): the kiosks of a hall take tickets of many services at once, whose
	 * counters are close to each other, so a turn's new entries now share a few index pages
	 * instead of one page per service (each a dirty page in the turn's WAL frames and its
	 * fsync). SQLite cannot change a constraint in place: the table is rebuilt (run with
	 * foreign keys off; ticket_events still names tickets, checked before the commit). */
	"CREATE TABLE tickets_new (id INTEGER PRIMARY KEY, day TEXT NOT NULL,"
	"  service TEXT NOT NULL REFERENCES services(code),"
	"  issued_service TEXT NOT NULL REFERENCES services(code), seq INTEGER NOT NULL,"
	"  code TEXT NOT NULL, lane TEXT NOT NULL, applicant TEXT NOT NULL,"
	"  channel TEXT NOT NULL, state TEXT NOT NULL, issued_at INTEGER NOT NULL,"
	"  window TEXT REFERENCES windows(name), pin TEXT REFERENCES windows(name),"
	"  called_at INTEGER, finished_at INTEGER, recalls INTEGER NOT NULL DEFAULT 0,"
	"  slot_start INTEGER, slot_end INTEGER, UNIQUE (day, seq, issued_service));"
	"INSERT INTO tickets_new (id, day, service, issued_service, seq, code, lane, applicant,"
	"  channel, state, issued_at, window, pin, called_at, finished_at, recalls, slot_start,"
	"  slot_end) SELECT id, day, service, issued_service, seq, code, lane, applicant, channel,"
	"  state, issued_at, window, pin, called_at, finished_at, recalls, slot_start, slot_end"
	"  FROM tickets;"
	"DROP TABLE tickets;"
	"ALTER TABLE tickets_new RENAME TO tickets;"
	"CREATE INDEX tickets_live ON tickets (state) WHERE state IN ('waiting', 'called');",
	/* 4: a service's expected handling time from the hall file (handle; 0: not given) */
	"ALTER TABLE services ADD COLUMN handle_s INTEGER NOT NULL DEFAULT 0;",
	/* 5: how many later tickets were called past a waiting one (max_overtake) */
	"ALTER TABLE tickets ADD COLUMN passed INTEGER NOT NULL DEFAULT 0;",
	/* 6: district mode (server/district.c, docs/DISTRICT.md): check-ins and no-shows of the
	 * district's bookings waiting to go up, filled by a trigger on appointments in the same
	 * transaction as the change; sent_at once the district has them */
	"CREATE TABLE district_outbox (id INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('checkin', 'no_show')), code TEXT NOT NULL,"
	"  at INTEGER NOT NULL, sent_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0,"
	"  result TEXT);"
	"CREATE INDEX district_outbox_unsent ON district_outbox (id) WHERE sent_at IS NULL;",
	/* 7: the audit trail of supervisors' and admins' actions, append-only and chained by
	 * hash (audit.h); users that are disabled and devices whose token is revoked */
	"CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, who TEXT NOT NULL,"
	"  role TEXT NOT NULL, origin TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL,"
	"  before TEXT NOT NULL, after TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);"
	"CREATE INDEX audit_at ON audit (at);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;"
	"ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE devices ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;",
	/* 8: the appointment tables join this chain (appt_schema.h): made here for a new
	 * database; a database from before already has them (IF NOT EXISTS), with their own
	 * version row in appt_schema, which goes */
	APPT_SCHEMA_SQL
	"DROP TABLE IF EXISTS appt_schema;",
	/* 9: the hall's ticket events join the district outbox (kind 'ticket', what the
	 * district is told in body, JSON, made by store_district.c's trigger on ticket_events in
	 * district mode). SQLite cannot widen a CHECK in place: the table is rebuilt (nothing
	 * refers to it; the appointments trigger that fills it is made anew at every start, and
	 * goes first so that the rename finds no trigger naming a dropped table). */
	"DROP TRIGGER IF EXISTS district_outbox_queue;"
	"CREATE TABLE district_outbox_new (id INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('checkin', 'no_show', 'ticket')),"
	"  code TEXT NOT NULL, at INTEGER NOT NULL, sent_at INTEGER,"
	"  attempts INTEGER NOT NULL DEFAULT 0, result TEXT, body TEXT);"
	"INSERT INTO district_outbox_new (id, event_id, kind, code, at, sent_at, attempts, result)"
	"  SELECT id, event_id, kind, code, at, sent_at, attempts, result FROM district_outbox;"
	"DROP TABLE district_outbox;"
	"ALTER TABLE district_outbox_new RENAME TO district_outbox;"
	"CREATE INDEX district_outbox_unsent ON district_outbox (id) WHERE sent_at IS NULL;",
	/* 10: the ETA and range a ticket's take (or check-in) was answered with (NULL: none
	 * given, or its first call has recorded them), so that its call still reports them
	 * after a restart */
	"ALTER TABLE tickets ADD COLUMN eta_s INTEGER;"
	"ALTER TABLE tickets ADD COLUMN eta_lo_s INTEGER;"
	"ALTER TABLE tickets ADD COLUMN eta_hi_s INTEGER;",
};
/* Migrations that rebuild a table others refer to: run with foreign keys off (SQLite ignores
 * the pragma inside a transaction), then PRAGMA foreign_key_check must find nothing. */
static const char migration_rebuilds[] = { [2] = 1 };
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

struct store {
	sqlite3 *db;
	sqlite3_stmt *st[Q_COUNT];
	char err[256];
};

static sqlite3_stmt *
stmt(struct store *s, int q)
{
	if (!s->st[q] && sqlite3_prepare_v3(s->db, sql_text[q], -1, SQLITE_PREPARE_PERSISTENT,
	    &s->st[q], NULL) != SQLITE_OK) {
		log_error("store: prepare %d: %s", q, sqlite3_errmsg(s->db));
		return NULL;
	}
	sqlite3_reset(s->st[q]);
	sqlite3_clear_bindings(s->st[q]);
	return s->st[q];
}

static int
failed(struct store *s, const char *what)
{
	snprintf(s->err, sizeof s->err, "%s: %s", what, sqlite3_errmsg(s->db));
	log_error("store: %s", s->err);
	return -1;
}

/* Run a statement that returns no rows. */
static int
run(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc;

	if (!st)
		return -1;
	rc = jh_sqlite_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return failed(s, what);
	return 0;
}

static int
exec(struct store *s, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(s->err, sizeof s->err, "%s", msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* SQLITE_STATIC: every caller steps the statement before the string goes away, and stmt()
 * clears the bindings before each use, so SQLite never reads a stale one; TRANSIENT cost
 * a malloc and a copy per column (ten per ticket row). */
static void
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void
bind_opt_int(sqlite3_stmt *st, int i, long long v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

/* 1 (with s->err set) when PRAGMA foreign_key_check reports a row that refers to nothing. */
static int
foreign_keys_broken(struct store *s)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK) {
		snprintf(s->err, sizeof s->err, "%s", sqlite3_errmsg(s->db));
		return 1;
	}
	rc = jh_sqlite_step(st);
	if (rc == SQLITE_ROW)
		snprintf(s->err, sizeof s->err, "a row of %s refers to a missing row of %s",
		    col_text(st, 0), col_text(st, 2));
	else if (rc != SQLITE_DONE)
		snprintf(s->err, sizeof s->err, "%s", sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return rc != SQLITE_DONE;
}

/* Why the database at path cannot be opened (what: SQLite's words), with what to check when
 * the file or its folder may not be written: jhd writes the file, and path-wal and path-shm
 * beside it. SQLite opens a file it may not write read-only without a word, then says
 * "attempt to write a readonly database" at the first write, naming no file. */
static void
open_failed(struct store *s, const char *path, const char *what, char *err, int errlen)
{
	int rc = s->db ? sqlite3_errcode(s->db) : SQLITE_CANTOPEN;

	if (rc == SQLITE_READONLY)
		snprintf(err, errlen, "%s: read-only (%s): check the owner and mode of the file, "
		    "of its -wal and -shm files and of its folder", path, what);
	else if (rc == SQLITE_CANTOPEN || rc == SQLITE_PERM || rc == SQLITE_AUTH)
		snprintf(err, errlen, "%s: cannot open or create it (%s): check that its folder "
		    "exists and the owner and mode of the file and of its folder", path, what);
	else
		snprintf(err, errlen, "%s: %s", path, what);
}

struct store *
store_open(const char *path, char *err, int errlen)
{
	struct store *s = jh_calloc(1, sizeof *s);
	int version = 0;
	sqlite3_stmt *st;

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		open_failed(s, path, s->db ? sqlite3_errmsg(s->db) : "out of memory", err, errlen);
		goto fail;
	}
	if (sqlite3_db_readonly(s->db, "main") == 1) {
		snprintf(err, errlen, "%s: read-only (attempt to write a readonly database): check "
		    "its owner and mode", path);
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 1000);	/* jhd is the only writer: do not stall the loop */
	if (exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
	    "PRAGMA foreign_keys = ON;") < 0) {
		open_failed(s, path, s->err, err, errlen);
		goto fail;
	}
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (jh_sqlite_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (version > NMIGRATIONS) {
		snprintf(err, errlen, "%s: schema version %d is newer than this jhd (%d)", path,
		    version, NMIGRATIONS);
		goto fail;
	}
	for (int v = version; v < NMIGRATIONS; v++) {
		int rebuild = v < (int)sizeof migration_rebuilds && migration_rebuilds[v];
		char sql[64];

		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if ((rebuild && exec(s, "PRAGMA foreign_keys = OFF") < 0) ||
		    exec(s, "BEGIN IMMEDIATE") < 0 || exec(s, migrations[v]) < 0 ||
		    (rebuild && foreign_keys_broken(s)) ||
		    exec(s, sql) < 0 || exec(s, "COMMIT") < 0) {
			char what[300];

			snprintf(what, sizeof what, "migration %d: %s", v + 1, s->err);
			open_failed(s, path, what, err, errlen);
			exec(s, "ROLLBACK");
			goto fail;
		}
		if (rebuild && exec(s, "PRAGMA foreign_keys = ON") < 0) {
			snprintf(err, errlen, "%s: %s", path, s->err);
			goto fail;
		}
		log_info("store: %s migrated to schema version %d", path, v + 1);
	}
	return s;
fail:
	store_close(s);
	return NULL;
}

void
store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	free(s);
}

struct sqlite3 *store_db(struct store *s) { return s->db; }

char *
store_hall_source(struct store *s, int *failed)
{
	sqlite3_stmt *st = NULL;
	char *text = NULL;
	int rc;

	*failed = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT source FROM hall WHERE id = 1", -1, &st, NULL) !=
	    SQLITE_OK) {
		*failed = 1;
		return NULL;
	}
	if ((rc = jh_sqlite_step(st)) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL) {
		if ((text = jh_strdup((const char *)sqlite3_column_text(st, 0))) == NULL)
			*failed = 1;
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*failed = 1;
	}
	sqlite3_finalize(st);
	return text;
}

/* (NULL stays NULL: col_text makes it "") */
static const char *
col_or_null(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

long long
store_events_each(struct store *s, long long after, long long max,
    int (*fn)(void *arg, struct stats_event *ev), void *arg)
{
	sqlite3_stmt *st;
	long long n = 0;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT id, at, ticket, what, who, window, service, lane, "
	    "channel, applicant, detail FROM ticket_events WHERE id > ?1 ORDER BY id LIMIT ?2",
	    -1, &st, NULL) != SQLITE_OK) {
		snprintf(s->err, sizeof s->err, "%s", sqlite3_errmsg(s->db));
		return -1;
	}
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int64(st, 2, max > 0 ? max : -1);	/* LIMIT -1: no limit */
	while ((rc = jh_sqlite_step(st)) == SQLITE_ROW) {
		struct stats_event ev = {
			.id = sqlite3_column_int64(st, 0), .at = sqlite3_column_int64(st, 1),
			.ticket = sqlite3_column_int64(st, 2), .what = col_or_null(st, 3),
			.who = col_or_null(st, 4), .window = col_or_null(st, 5), .service = col_or_null(st, 6),
			.lane = col_or_null(st, 7), .channel = col_or_null(st, 8), .applicant = col_or_null(st, 9),
			.detail = col_or_null(st, 10),
		};

		if (fn(arg, &ev) < 0)
			break;
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		snprintf(s->err, sizeof s->err, "%s", sqlite3_errmsg(s->db));
		return -1;
	}
	return n;
}

int
store_departments_each(struct store *s, void (*fn)(void *arg, const char *service,
    const char *department), void *arg)
{
	sqlite3_stmt *st;

	/* departments: services keep theirs even when no longer active */
	if (sqlite3_prepare_v2(s->db, "SELECT code, department FROM services", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	while (jh_sqlite_step(st) == SQLITE_ROW)
		fn(arg, col_or_null(st, 0), col_or_null(st, 1));
	sqlite3_finalize(st);
	return 0;
}
const char *store_error(struct store *s) { return s->err; }

int store_begin(struct store *s) { return run(s, stmt(s, Q_BEGIN), "begin"); }
int store_commit(struct store *s) { return run(s, stmt(s, Q_COMMIT), "commit"); }

void
store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		run(s, stmt(s, Q_ROLLBACK), "rollback");
}

/* The hall's [policy] as stored: the scheduler's policy, unserved=refuse when set, and the
 * [limits]. */
static int
policy_text(const struct hall_conf *h, char *buf, int size)
{
	const struct sched_policy *p = &h->policy;
	int n = 0;

	for (int i = 0; i < LANE_COUNT; i++)
		n += snprintf(buf + n, size - n, "%s=%d ", sched_lane_name(i), p->weight_s[i]);
	n += snprintf(buf + n, size - n, "backup_threshold=%d appt_grace=%d max_overtake=%d",
	    p->backup_threshold_s, p->appt_grace_s, p->max_overtake);
	if (h->unserved_refuse)
		n += snprintf(buf + n, size - n, " unserved=refuse");
	n += snprintf(buf + n, size - n, " auto_balance=%d auto_balance_every=%d "
	    "auto_balance_max=%d", h->balance_on, h->balance_every_s, h->balance_max);
	/* [limits] ride along: a stored hall from before them reads the defaults */
	for (int i = 0; i < RL_NCLASS && n < size; i++)
		n += snprintf(buf + n, size - n, " %s=%d", rl_classes[i].key, h->limits[i]);
	return n;
}

static void
policy_parse(const char *text, struct hall_conf *h)
{
	struct sched_policy *p = &h->policy;
	char buf[512], *tok, *save;

	sched_policy_default(p);
	h->unserved_refuse = 0;
	h->balance_on = 0;
	h->balance_every_s = 600;
	h->balance_max = SCHED_BALANCE_MAX;
	snprintf(buf, sizeof buf, "%s", text);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');
		int lane, v;

		if (!eq)
			continue;
		*eq = '\0';
		v = atoi(eq + 1);
		if ((lane = sched_lane_parse(tok)) >= 0)
			p->weight_s[lane] = v;
		else if (strcmp(tok, "backup_threshold") == 0)
			p->backup_threshold_s = v;
		else if (strcmp(tok, "appt_grace") == 0)
			p->appt_grace_s = v;
		else if (strcmp(tok, "max_overtake") == 0)
			p->max_overtake = v;
		else if (strcmp(tok, "unserved") == 0)
			h->unserved_refuse = strcmp(eq + 1, "refuse") == 0;
		else if (strcmp(tok, "auto_balance") == 0)
			h->balance_on = v != 0;
		else if (strcmp(tok, "auto_balance_every") == 0 && v >= 60)
			h->balance_every_s = v;
		else if (strcmp(tok, "auto_balance_max") == 0 && v >= 1 && v <= HALL_MAX_DUTIES)
			h->balance_max = v;
		for (int i = 0; i < RL_NCLASS; i++)
			if (strcmp(tok, rl_classes[i].key) == 0)
				h->limits[i] = v;
	}
}

/* The configuration's statements, one after another in *st: the previous one finalized, sql
 * prepared. 0 or -1. */
static int
prep(struct store *s, sqlite3_stmt **st, const char *sql)
{
	sqlite3_finalize(*st);
	*st = NULL;
	return sqlite3_prepare_v2(s->db, sql, -1, st, NULL) == SQLITE_OK ? 0 : -1;
}

/* Run a change st and reset it for its next row. 0 or -1. */
static int
step_done(sqlite3_stmt *st)
{
	if (jh_sqlite_step(st) != SQLITE_DONE)
		return -1;
	sqlite3_reset(st);
	return 0;
}

/* A list the hall file gives in full (departments, services, windows): every row made
 * inactive by off (the ones it no longer names stay: tickets and the log name them), then
 * upsert prepared in *st for its rows. 0 or -1. */
static int
begin_list(struct store *s, sqlite3_stmt **st, const char *off, const char *upsert)
{
	if (prep(s, st, off) < 0 || step_done(*st) < 0)
		return -1;
	return prep(s, st, upsert);
}

/* A row (key, text, place in the hall file) of departments or windows. 0 or -1. */
static int
put_listed(sqlite3_stmt *st, const char *key, const char *text, int pos)
{
	bind_text(st, 1, key);
	bind_text(st, 2, text);
	sqlite3_bind_int(st, 3, pos);
	return step_done(st);
}

/* The end of the configuration's statements: rc (what failed is logged when < 0). */
static int
conf_end(struct store *s, sqlite3_stmt *st, int rc, const char *what)
{
	if (rc < 0)
		failed(s, what);
	sqlite3_finalize(st);
	return rc;
}

int
store_save_conf(struct store *s, const struct hall_conf *h, const char *text)
{
	sqlite3_stmt *st = NULL;
	char pol[512];
	int rc = -1;

#define PREP(sql) do { if (prep(s, &st, sql) < 0) goto out; } while (0)
#define STEP() do { if (step_done(st) < 0) goto out; } while (0)
	policy_text(h, pol, sizeof pol);
	PREP("INSERT INTO hall (id, name, timezone, open_min, close_min, wait_alert_s, "
	    "enforce_hours, policy, source) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
	    "ON CONFLICT(id) DO UPDATE SET name = ?1, timezone = ?2, open_min = ?3, close_min = ?4, "
	    "wait_alert_s = ?5, enforce_hours = ?6, policy = ?7, source = coalesce(?8, source)");
	bind_text(st, 1, h->name);
	bind_text(st, 2, h->tz);
	sqlite3_bind_int(st, 3, h->open_min);
	sqlite3_bind_int(st, 4, h->close_min);
	sqlite3_bind_int(st, 5, h->wait_alert_s);
	sqlite3_bind_int(st, 6, h->enforce_hours);
	bind_text(st, 7, pol);
	bind_text(st, 8, text);
	STEP();
	if (begin_list(s, &st, "UPDATE departments SET active = 0", "INSERT INTO departments "
	    "(code, name, pos, active) VALUES (?1, ?2, ?3, 1) ON CONFLICT(code) DO UPDATE SET "
	    "name = ?2, pos = ?3, active = 1") < 0)
		goto out;
	for (int i = 0; i < h->ndept; i++)
		if (put_listed(st, h->dept[i].code, h->dept[i].name, i) < 0)
			goto out;
	if (begin_list(s, &st, "UPDATE services SET active = 0", "INSERT INTO services (code, "
	    "name, department, prefix, flags, pos, handle_s, active) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, 1) ON CONFLICT(code) DO UPDATE SET name = ?2, department = ?3, prefix = ?4, "
	    "flags = ?5, pos = ?6, handle_s = ?7, active = 1") < 0)
		goto out;
	for (int i = 0; i < h->nsvc; i++) {
		bind_text(st, 1, h->svc[i].code);
		bind_text(st, 2, h->svc[i].name);
		bind_text(st, 3, h->svc[i].dept);
		bind_text(st, 4, h->svc[i].prefix);
		sqlite3_bind_int(st, 5, (int)h->svc[i].flags);
		sqlite3_bind_int(st, 6, i);
		sqlite3_bind_int(st, 7, h->svc[i].handle_s);
		STEP();
	}
	if (begin_list(s, &st, "UPDATE windows SET active = 0", "INSERT INTO windows (name, "
	    "label, pos, active) VALUES (?1, ?2, ?3, 1) ON CONFLICT(name) DO UPDATE SET "
	    "label = ?2, pos = ?3, active = 1") < 0)
		goto out;
	for (int i = 0; i < h->nwin; i++)
		if (put_listed(st, h->win[i].name, h->win[i].label, i) < 0)
			goto out;
	if (begin_list(s, &st, "DELETE FROM duties", "INSERT INTO duties (window, service, "
	    "backup, pos) VALUES (?1, ?2, ?3, ?4)") < 0)
		goto out;
	for (int i = 0; i < h->nwin; i++)
		for (int j = 0; j < h->win[i].nduty; j++) {
			bind_text(st, 1, h->win[i].name);
			bind_text(st, 2, h->svc[h->win[i].duty[j].service].code);
			sqlite3_bind_int(st, 3, h->win[i].duty[j].backup);
			sqlite3_bind_int(st, 4, j);
			STEP();
		}
	rc = 0;
out:
	return conf_end(s, st, rc, "save hall configuration");
#undef PREP
#undef STEP
}

int
store_load_conf(struct store *s, struct hall_conf *h)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, found = 0;

#define PREP(sql) do { if (prep(s, &st, sql) < 0) goto out; } while (0)
	hallconf_init(h);
	PREP("SELECT name, timezone, open_min, close_min, wait_alert_s, enforce_hours, policy "
	    "FROM hall WHERE id = 1");
	if (jh_sqlite_step(st) == SQLITE_ROW) {
		found = 1;
		snprintf(h->name, sizeof h->name, "%s", col_text(st, 0));
		snprintf(h->tz, sizeof h->tz, "%s", col_text(st, 1));
		h->open_min = sqlite3_column_int(st, 2);
		h->close_min = sqlite3_column_int(st, 3);
		h->wait_alert_s = sqlite3_column_int(st, 4);
		h->enforce_hours = sqlite3_column_int(st, 5);
		policy_parse(col_text(st, 6), h);
	}
	PREP("SELECT code, name FROM departments WHERE active ORDER BY pos");
	while (jh_sqlite_step(st) == SQLITE_ROW && h->ndept < HALL_MAX_DEPTS) {
		struct hall_dept *d = &h->dept[h->ndept++];

		snprintf(d->code, sizeof d->code, "%s", col_text(st, 0));
		snprintf(d->name, sizeof d->name, "%s", col_text(st, 1));
	}
	PREP("SELECT code, name, department, prefix, flags, handle_s FROM services WHERE active "
	    "ORDER BY pos");
	while (jh_sqlite_step(st) == SQLITE_ROW && h->nsvc < HALL_MAX_SERVICES) {
		struct hall_service *v = &h->svc[h->nsvc++];

		snprintf(v->code, sizeof v->code, "%s", col_text(st, 0));
		snprintf(v->name, sizeof v->name, "%s", col_text(st, 1));
		snprintf(v->dept, sizeof v->dept, "%s", col_text(st, 2));
		snprintf(v->prefix, sizeof v->prefix, "%s", col_text(st, 3));
		v->flags = (unsigned)sqlite3_column_int(st, 4);
		v->handle_s = sqlite3_column_int(st, 5);
	}
	PREP("SELECT name, label FROM windows WHERE active ORDER BY pos");
	while (jh_sqlite_step(st) == SQLITE_ROW && h->nwin < HALL_MAX_WINDOWS) {
		struct hall_window *w = &h->win[h->nwin++];

		snprintf(w->name, sizeof w->name, "%s", col_text(st, 0));
		snprintf(w->label, sizeof w->label, "%s", col_text(st, 1));
	}
	PREP("SELECT window, service, backup FROM duties ORDER BY window, pos");
	while (jh_sqlite_step(st) == SQLITE_ROW) {
		int w = hallconf_window(h, col_text(st, 0));
		int v = hallconf_service(h, col_text(st, 1));

		if (w < 0 || v < 0 || h->win[w].nduty == HALL_MAX_DUTIES)
			continue;
		h->win[w].duty[h->win[w].nduty].service = v;
		h->win[w].duty[h->win[w].nduty].backup = sqlite3_column_int(st, 2);
		h->win[w].nduty++;
	}
	rc = found;
out:
	return conf_end(s, st, rc, "load hall configuration");
#undef PREP
}

int
store_window_state(struct store *s, const char *window, int state)
{
	sqlite3_stmt *st = stmt(s, Q_W_STATE);

	if (!st)
		return -1;
	bind_text(st, 1, window);
	bind_text(st, 2, queue_window_state_name(state));
	return run(s, st, "window state");
}

int
store_load_window_states(struct store *s, struct queue *q)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, "SELECT name, state FROM windows WHERE active", -1, &st,
	    NULL) != SQLITE_OK)
		return failed(s, "load windows");
	while (jh_sqlite_step(st) == SQLITE_ROW) {
		int w = hallconf_window(&q->conf, col_text(st, 0));
		const char *state = col_text(st, 1);

		if (w < 0)
			continue;
		q->win[w].state = strcmp(state, "open") == 0 ? WS_OPEN :
		    strcmp(state, "paused") == 0 ? WS_PAUSED : WS_CLOSED;
	}
	sqlite3_finalize(st);
	return 0;
}

/* The columns a ticket's life changes, at the same numbers in Q_T_INSERT and Q_T_UPDATE. */
static void
bind_ticket_state(sqlite3_stmt *st, const struct queue *q, const struct ticket *t)
{
	bind_text(st, 2, q->conf.svc[t->svc].code);
	bind_text(st, 5, sched_lane_name(t->lane));
	bind_text(st, 8, queue_state_name(t->state));
	bind_text(st, 10, t->window >= 0 ? q->conf.win[t->window].name : NULL);
	bind_text(st, 11, t->pin >= 0 ? q->conf.win[t->pin].name : NULL);
	bind_opt_int(st, 12, t->called_at);
	bind_opt_int(st, 13, t->finished_at);
	sqlite3_bind_int(st, 14, t->recalls);
}

int
store_ticket_insert(struct store *s, const struct queue *q, struct ticket *t)
{
	sqlite3_stmt *st = stmt(s, Q_T_INSERT);
	char seq[16];

	if (!st)
		return -1;
	/* the sequence number is the code's digits after the prefix */
	snprintf(seq, sizeof seq, "%s", t->code + strlen(q->conf.svc[t->svc].prefix));
	bind_ticket_state(st, q, t);
	bind_text(st, 1, t->day);
	sqlite3_bind_int(st, 3, atoi(seq));
	bind_text(st, 4, t->code);
	bind_text(st, 6, queue_applicant_name(t->applicant));
	bind_text(st, 7, queue_channel_name(t->channel));
	sqlite3_bind_int64(st, 9, t->issued_at);
	bind_opt_int(st, 15, t->slot_start);
	bind_opt_int(st, 16, t->slot_end);
	if (run(s, st, "insert ticket") < 0)
		return -1;
	t->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_ticket_update(struct store *s, const struct queue *q, const struct ticket *t)
{
	sqlite3_stmt *st = stmt(s, Q_T_UPDATE);

	if (!st)
		return -1;
	bind_ticket_state(st, q, t);
	sqlite3_bind_int(st, 17, t->passed);
	sqlite3_bind_int64(st, 18, t->id);
	return run(s, st, "update ticket");
}

int
store_ticket_passed(struct store *s, const struct ticket *t)
{
	sqlite3_stmt *st = stmt(s, Q_T_PASSED);

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, t->id);
	sqlite3_bind_int(st, 2, t->passed);
	return run(s, st, "update ticket");
}

int
store_ticket_eta(struct store *s, const struct ticket *t)
{
	sqlite3_stmt *st = stmt(s, Q_T_ETA);

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, t->id);
	sqlite3_bind_int(st, 2, t->eta_given - 1);
	sqlite3_bind_int(st, 3, t->eta_lo_given);
	sqlite3_bind_int(st, 4, t->eta_hi_given);
	return run(s, st, "update ticket");
}

/* Columns as in Q_T_GET_ID. 0 ok, -1 when its service is no longer in the hall. */
static int
row_ticket(sqlite3_stmt *st, const struct queue *q, struct ticket *t)
{
	int lane;

	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, 0);
	snprintf(t->day, sizeof t->day, "%s", col_text(st, 1));
	t->svc = hallconf_service(&q->conf, col_text(st, 2));
	snprintf(t->code, sizeof t->code, "%s", col_text(st, 3));
	lane = sched_lane_parse(col_text(st, 4));
	t->lane = lane < 0 ? LANE_NORMAL : lane;
	t->applicant = queue_applicant_parse(col_text(st, 5));
	if (t->applicant < 0)
		t->applicant = AP_INDIVIDUAL;
	t->channel = queue_channel_parse(col_text(st, 6));
	if (t->channel < 0)
		t->channel = CH_WALK_IN;
	t->state = queue_state_parse(col_text(st, 7));
	t->issued_at = sqlite3_column_int64(st, 8);
	t->window = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 :
	    hallconf_window(&q->conf, col_text(st, 9));
	t->pin = sqlite3_column_type(st, 10) == SQLITE_NULL ? -1 :
	    hallconf_window(&q->conf, col_text(st, 10));
	t->called_at = sqlite3_column_int64(st, 11);
	t->finished_at = sqlite3_column_int64(st, 12);
	t->recalls = sqlite3_column_int(st, 13);
	t->slot_start = sqlite3_column_int64(st, 14);
	t->slot_end = sqlite3_column_int64(st, 15);
	t->passed = sqlite3_column_int(st, 16);
	return t->svc < 0 || t->state < 0 ? -1 : 0;
}

int
store_load_live(struct store *s, struct queue *q)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT " TICKET_COLUMNS ", eta_s, eta_lo_s, eta_hi_s "
	    "FROM tickets WHERE state IN ('waiting', 'called') ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return failed(s, "load tickets");
	while (jh_sqlite_step(st) == SQLITE_ROW) {
		struct ticket t;

		if (row_ticket(st, q, &t) < 0) {
			log_warn("store: ticket %lld: its service is no longer in the hall",
			    (long long)sqlite3_column_int64(st, 0));
			continue;
		}
		/* the figures its take was answered with, until its first call (none: 0, see
		 * queue.h; Q_T_UPDATE forgets them once it leaves waiting) */
		if (sqlite3_column_type(st, 17) != SQLITE_NULL) {
			t.eta_given = sqlite3_column_int(st, 17) + 1;
			t.eta_lo_given = sqlite3_column_int(st, 18);
			t.eta_hi_given = sqlite3_column_int(st, 19);
		}
		if (t.state == TS_CALLED && t.window >= 0 && !q->win[t.window].current)
			q->win[t.window].current = t.id;
		else if (t.state == TS_CALLED) {
			t.state = TS_WAITING;	/* its window is gone: back in line */
			t.window = -1;
		}
		if (queue_add(q, &t) < 0) {
			rc = -1;
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < q->conf.nsvc; i++)
		q->svc[i].seq = store_max_seq(s, q->day, q->conf.svc[i].code);
	/* the handling means and their spread, replayed from the newest finished tickets in
	 * order through the same learner as in service (queue_record_handle) */
	if (sqlite3_prepare_v2(s->db, "SELECT service, window, finished_at - called_at FROM "
	    "(SELECT id, service, window, finished_at, called_at FROM tickets WHERE state = "
	    "'done' AND called_at IS NOT NULL ORDER BY id DESC LIMIT 500) ORDER BY id", -1, &st,
	    NULL) == SQLITE_OK) {
		while (jh_sqlite_step(st) == SQLITE_ROW)
			queue_record_handle(q, hallconf_window(&q->conf, col_text(st, 1)),
			    hallconf_service(&q->conf, col_text(st, 0)),
			    sqlite3_column_double(st, 2));
		sqlite3_finalize(st);
	}
	/* served today and each window's own average today, from the log */
	if (sqlite3_prepare_v2(s->db, "SELECT window, count(*), avg(finished_at - called_at) "
	    "FROM tickets WHERE day = ?1 AND state = 'done' AND window IS NOT NULL "
	    "GROUP BY window", -1, &st, NULL) == SQLITE_OK) {
		bind_text(st, 1, q->day);
		while (jh_sqlite_step(st) == SQLITE_ROW) {
			int w = hallconf_window(&q->conf, col_text(st, 0));

			if (w < 0)
				continue;
			q->win[w].served_today = sqlite3_column_int(st, 1);
			if (sqlite3_column_double(st, 2) >= 1)
				q->win[w].avg_handle_s = sqlite3_column_double(st, 2);
		}
		sqlite3_finalize(st);
	}
	/* the forecast's errors (the ETA range), replayed from the newest first calls that
	 * carried the ETA given */
	if (sqlite3_prepare_v2(s->db, "SELECT detail, wait, lane, issued_at FROM (SELECT e.id, "
	    "e.detail, e.lane, e.at - t.issued_at AS wait, t.issued_at FROM ticket_events e JOIN "
	    "tickets t ON t.id = e.ticket WHERE "
	    "e.what = 'call' AND e.detail LIKE 'eta %' ORDER BY e.id DESC LIMIT ?1) ORDER BY id",
	    -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int(st, 1, LANE_COUNT * SCHED_RANGE_BANDS * SCHED_RANGE_KEEP);
		while (jh_sqlite_step(st) == SQLITE_ROW) {
			const char *d = col_text(st, 0), *lane = col_text(st, 2);
			int eta;

			if (d && lane && sscanf(d, "eta %d", &eta) == 1)
				queue_note_range(q, sched_lane_parse(lane), eta,
				    sqlite3_column_int(st, 1), sqlite3_column_int64(st, 3));
		}
		sqlite3_finalize(st);
	}
	return 0;
}

int
store_max_seq(struct store *s, const char *day, const char *service)
{
	sqlite3_stmt *st = stmt(s, Q_T_MAXSEQ);
	int n = 0;

	if (!st)
		return 0;
	bind_text(st, 1, day);
	bind_text(st, 2, service);
	if (jh_sqlite_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

int
store_ticket_get(struct store *s, const struct queue *q, long long id, const char *day,
    const char *code, struct ticket *t)
{
	sqlite3_stmt *st = stmt(s, code ? Q_T_GET_CODE : Q_T_GET_ID);
	int rc = 0;

	if (!st)
		return -1;
	if (code) {
		bind_text(st, 1, day);
		bind_text(st, 2, code);
	} else
		sqlite3_bind_int64(st, 1, id);
	if (jh_sqlite_step(st) == SQLITE_ROW)
		rc = row_ticket(st, q, t) < 0 ? 0 : 1;
	sqlite3_reset(st);
	return rc;
}

int
store_each_event(struct store *s, const char *what, long long since,
    void (*fn)(void *arg, long long at, const char *who, const char *window,
    const char *detail), void *arg)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT at, who, window, detail FROM ticket_events WHERE "
	    "what = ?1 AND at >= ?2 ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return -1;
	bind_text(st, 1, what);
	sqlite3_bind_int64(st, 2, since);
	while ((rc = jh_sqlite_step(st)) == SQLITE_ROW)
		fn(arg, sqlite3_column_int64(st, 0), col_text(st, 1), col_text(st, 2),
		    col_text(st, 3));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_event(struct store *s, const struct queue *q, long long at, const struct ticket *t,
    const char *what, const char *who, int window, const char *detail)
{
	sqlite3_stmt *st = stmt(s, Q_EVENT);

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, at);
	if (t) {
		sqlite3_bind_int64(st, 2, t->id);
		bind_text(st, 6, q->conf.svc[t->svc].code);
		bind_text(st, 7, sched_lane_name(t->lane));
		bind_text(st, 8, queue_channel_name(t->channel));
		bind_text(st, 9, queue_applicant_name(t->applicant));
		bind_text(st, 10, queue_state_name(t->state));
	}
	bind_text(st, 3, what);
	bind_text(st, 4, who);
	bind_text(st, 5, window >= 0 && window < q->conf.nwin ? q->conf.win[window].name : NULL);
	bind_text(st, 11, detail);
	return run(s, st, "append event");
}

/* The first row of statement q for key: its first two columns' text into a and b (each
 * skipped when NULL). 1 found, 0 not, -1 error. */
static int
get_texts(struct store *s, int q, const char *key, char *a, int alen, char *b, int blen)
{
	sqlite3_stmt *st = stmt(s, q);
	int rc = 0;

	if (!st)
		return -1;
	bind_text(st, 1, key);
	if (jh_sqlite_step(st) == SQLITE_ROW) {
		if (a && alen > 0)
			snprintf(a, alen, "%s", col_text(st, 0));
		if (b && blen > 0)
			snprintf(b, blen, "%s", col_text(st, 1));
		rc = 1;
	}
	sqlite3_reset(st);
	return rc;
}

int
store_cred_get(struct store *s, int device, const char *name, char *role, int rolelen,
    char *hash, int hashlen)
{
	return get_texts(s, device ? Q_D_GET : Q_U_GET, name, role, rolelen, hash, hashlen);
}

int
store_cred_put(struct store *s, int device, const char *name, const char *role,
    const char *hash, long long now, int *created)
{
	sqlite3_stmt *st;

	*created = store_cred_get(s, device, name, NULL, 0, NULL, 0) == 0;
	if (!(st = stmt(s, device ? Q_D_PUT : Q_U_PUT)))
		return -1;
	bind_text(st, 1, name);
	bind_text(st, 2, role);
	bind_text(st, 3, hash);
	sqlite3_bind_int64(st, 4, now);
	return run(s, st, "save credentials");
}

static json_t *
list(struct store *s, const char *sql, const char *key)
{
	sqlite3_stmt *st;
	json_t *a = json_array();

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		failed(s, "list");
		json_decref(a);
		return NULL;
	}
	while (jh_sqlite_step(st) == SQLITE_ROW)
		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:b}", key, col_text(st, 0),
		    "role", col_text(st, 1), "created_at",
		    (json_int_t)sqlite3_column_int64(st, 2), "disabled",
		    sqlite3_column_int(st, 3) != 0));
	sqlite3_finalize(st);
	return a;
}

json_t *
store_user_list(struct store *s)
{
	return list(s, "SELECT name, role, created_at, disabled FROM users ORDER BY name", "name");
}

json_t *
store_device_list(struct store *s)
{
	return list(s, "SELECT name, role, created_at, disabled FROM devices ORDER BY name", "name");
}

int
store_meta_get(struct store *s, const char *key, char *val, int len)
{
	return get_texts(s, Q_META_GET, key, val, len, NULL, 0);
}

int
store_meta_set(struct store *s, const char *key, const char *val)
{
	sqlite3_stmt *st = stmt(s, Q_META_SET);

	if (!st)
		return -1;
	bind_text(st, 1, key);
	bind_text(st, 2, val);
	return run(s, st, "meta");
}

/* A statement with one name and maybe an integer: the rows it changed, or -1. */
static int
change_named(struct store *s, int q, const char *name, const char *text, int num, int has_num)
{
	sqlite3_stmt *st = stmt(s, q);

	if (!st)
		return -1;
	bind_text(st, 1, name);
	if (text)
		bind_text(st, 2, text);
	else if (has_num)
		sqlite3_bind_int(st, 2, num);
	if (run(s, st, "change credentials") < 0)
		return -1;
	return sqlite3_changes(s->db);
}

int
store_cred_disabled(struct store *s, int device, const char *name)
{
	sqlite3_stmt *st = stmt(s, device ? Q_D_DISABLED : Q_U_DISABLED);
	int rc = 0;

	if (!st)
		return -1;
	bind_text(st, 1, name);
	if (jh_sqlite_step(st) == SQLITE_ROW)
		rc = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return rc;
}

int
store_cred_set_disabled(struct store *s, int device, const char *name, int disabled)
{
	return change_named(s, device ? Q_D_SET_DISABLED : Q_U_SET_DISABLED, name, NULL,
	    disabled, 1);
}

int
store_user_set_hash(struct store *s, const char *name, const char *hash)
{
	return change_named(s, Q_U_SET_HASH, name, hash, 0, 0);
}

int
store_user_del(struct store *s, const char *name)
{
	return change_named(s, Q_U_DEL, name, NULL, 0, 0);
}

/* The last row's id and hash (0 and the genesis hash when there is none). 0 or -1. */
static int
audit_last(struct store *s, long long *id, char hash[AUDIT_HASH_HEX])
{
	sqlite3_stmt *st = stmt(s, Q_A_LAST);
	int rc;

	if (!st)
		return -1;
	*id = 0;
	snprintf(hash, AUDIT_HASH_HEX, "%s", audit_genesis);
	rc = jh_sqlite_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(hash, AUDIT_HASH_HEX, "%s", col_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : failed(s, "read the audit trail");
}

int
store_audit_append(struct store *s, struct audit_entry *e)
{
	char prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX], head[AUDIT_HASH_HEX + 24];
	const char *text[] = { e->who, e->role, e->origin, e->action, e->target, e->before,
	    e->after, prev, hash };
	sqlite3_stmt *st;

	if (audit_last(s, &e->id, prev) < 0)
		return -1;
	e->id++;
	if (audit_hash(prev, e, hash) < 0 || !(st = stmt(s, Q_A_INSERT)))
		return -1;
	sqlite3_bind_int64(st, 1, e->id);
	sqlite3_bind_int64(st, 2, e->at);
	for (int i = 0; i < (int)(sizeof text / sizeof text[0]); i++)
		bind_text(st, 3 + i, text[i]);
	if (run(s, st, "append to the audit trail") < 0)
		return -1;
	/* the head, so that rows cut from the end are missed too */
	snprintf(head, sizeof head, "%lld %s", e->id, hash);
	return store_meta_set(s, "audit_head", head);
}

static const char audit_cols[] = "SELECT id, at, who, role, origin, action, target, before, "
    "after, prev, hash FROM audit";

/* A row of audit_cols into e (its texts borrowed from st); the columns as bound in
 * store_audit_append. */
static void
audit_row(sqlite3_stmt *st, struct audit_entry *e)
{
	const char **text[] = { &e->who, &e->role, &e->origin, &e->action, &e->target,
	    &e->before, &e->after };

	e->id = sqlite3_column_int64(st, 0);
	e->at = sqlite3_column_int64(st, 1);
	for (int i = 0; i < (int)(sizeof text / sizeof text[0]); i++)
		*text[i] = col_text(st, 2 + i);
}

json_t *
store_audit_list(struct store *s, long long since, long long after_id, int limit)
{
	char sql[256];
	sqlite3_stmt *st;
	json_t *a = json_array();

	snprintf(sql, sizeof sql, "%s WHERE at >= ?1 AND id > ?2 ORDER BY id LIMIT ?3", audit_cols);
	if (!a || sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		failed(s, "list the audit trail");
		json_decref(a);
		return NULL;
	}
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, after_id);
	sqlite3_bind_int(st, 3, limit);
	while (jh_sqlite_step(st) == SQLITE_ROW) {
		struct audit_entry e;

		audit_row(st, &e);
		json_array_append_new(a, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
		    "s:s}", "id", (json_int_t)e.id, "at", (json_int_t)e.at, "who", e.who, "role",
		    e.role, "origin", e.origin, "action", e.action, "target", e.target, "before",
		    e.before, "after", e.after, "hash", col_text(st, 10)));
	}
	sqlite3_finalize(st);
	return a;
}

int
store_audit_verify(struct store *s, struct audit_cursor *c, int max, long long *rows,
    long long *bad, char *why, int len)
{
	char sql[256], hash[AUDIT_HASH_HEX], head[AUDIT_HASH_HEX + 24];
	sqlite3_stmt *st;
	int rc, broken = 0;

	*rows = *bad = 0;
	snprintf(sql, sizeof sql, "%s WHERE id > ?1 ORDER BY id LIMIT ?2", audit_cols);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return failed(s, "read the audit trail");
	sqlite3_bind_int64(st, 1, c->last);
	sqlite3_bind_int(st, 2, max);
	while (!broken && (rc = jh_sqlite_step(st)) == SQLITE_ROW) {
		struct audit_entry e;

		audit_row(st, &e);
		(*rows)++;
		if (e.id != c->last + 1) {
			snprintf(why, len, "row %lld follows row %lld: rows are missing", e.id,
			    c->last);
			broken = 1;
		} else if (strcmp(col_text(st, 9), c->prev) != 0) {
			snprintf(why, len, "row %lld does not name the hash of row %lld", e.id,
			    c->last);
			broken = 1;
		} else if (audit_hash(c->prev, &e, hash) < 0) {
			snprintf(why, len, "cannot compute SHA-256");
			broken = 1;
		} else if (strcmp(col_text(st, 10), hash) != 0) {
			snprintf(why, len, "row %lld was changed: its fields do not give its hash",
			    e.id);
			broken = 1;
		}
		if (broken)
			*bad = e.id;
		c->last = e.id;
		snprintf(c->prev, sizeof c->prev, "%s", col_text(st, 10));
	}
	sqlite3_finalize(st);
	if (broken)
		return 1;
	if (*rows == max)
		return 2;
	rc = store_meta_get(s, "audit_head", head, sizeof head);
	if (rc < 0)
		return -1;
	if (rc == 0 ? c->last != 0 : (strtoll(head, NULL, 10) != c->last ||
	    strcmp(strchr(head, ' ') ? strchr(head, ' ') + 1 : "", c->prev) != 0)) {
		snprintf(why, len, "the trail ends at row %lld but was last written at row %s",
		    c->last, rc ? head : "0");
		*bad = c->last + 1;
		return 1;
	}
	return 0;
}
