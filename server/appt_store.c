/* appt_store.c — the appointments' SQL (see appt_store.h): schema, prepared statements,
 * transactions that nest in the server's, the race-free booking, and the no-show sweep. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "appt_schema.h"
#include "appt_store.h"
#include "fault.h"

const char appt_store_schema[] = APPT_SCHEMA_SQL;

#define ROW_COLS "id, code, service, slot_start, slot_end, state, id_hash, id_masked, " \
	"channel, booked_at, coalesce(checked_in_at, 0), coalesce(ticket_id, 0), coalesce(lane, '')"
#define BAN_COLS "id, id_masked, since, until, no_shows, coalesce(lifted_at, 0), " \
	"coalesce(lifted_by, '')"

enum {
	Q_BAN_ACTIVE,
	Q_COUNT_SLOT,
	Q_COUNT_OPEN,
	Q_COUNT_SAME,
	Q_INSERT,
	Q_EVENT,
	Q_GET_ID,
	Q_GET_CODE,
	Q_SET_STATE,
	Q_FIND_BOOKED,
	Q_CHECKED_IN,
	Q_SET_TICKET,
	Q_COUNTS,
	Q_EACH,
	Q_EACH_SERVICE,
	Q_DUE,
	Q_NOSHOW,
	Q_NOSHOW_TIMES,
	Q_LAST_BAN,
	Q_BAN_AT,
	Q_BAN_INSERT,
	Q_AUDIT,
	Q_BANS_ACTIVE,
	Q_BANS_ALL,
	Q_BAN_GET,
	Q_BAN_LIFT,
	Q_COUNT
};

static const char *const appt_sql[Q_COUNT] = {
	[Q_BAN_ACTIVE] = "SELECT " BAN_COLS " FROM bans WHERE id_hash = ?1 AND lifted_at IS NULL"
	    " AND since <= ?2 AND until > ?2 ORDER BY until DESC LIMIT 1",
	[Q_COUNT_SLOT] = "SELECT count(*) FROM appointments WHERE service = ?1 AND slot_start = ?2"
	    " AND state <> 'cancelled'",
	[Q_COUNT_OPEN] = "SELECT count(*) FROM appointments WHERE id_hash = ?1 AND state = 'booked'",
	[Q_COUNT_SAME] = "SELECT count(*) FROM appointments WHERE id_hash = ?1 AND service = ?2"
	    " AND state = 'booked'",
	/* The conditional insert: the quota and the limits are checked again in the statement
	 * that writes, so the decision and the write cannot be separated by another writer. */
	[Q_INSERT] = "INSERT INTO appointments (code, service, slot_start, slot_end, id_hash,"
	    " id_masked, channel, booked_at, booked_by)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9"
	    " WHERE (SELECT count(*) FROM appointments WHERE service = ?2 AND slot_start = ?3"
	    "   AND state <> 'cancelled') < ?10"
	    " AND (SELECT count(*) FROM appointments WHERE id_hash = ?5 AND state = 'booked') < ?11"
	    " AND NOT EXISTS (SELECT 1 FROM appointments WHERE id_hash = ?5 AND service = ?2"
	    "   AND state = 'booked')",
	[Q_EVENT] = "INSERT INTO appointment_events (appointment, at, what, actor, detail)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_GET_ID] = "SELECT " ROW_COLS " FROM appointments WHERE id = ?1",
	[Q_GET_CODE] = "SELECT " ROW_COLS " FROM appointments WHERE code = upper(?1)",
	[Q_SET_STATE] = "UPDATE appointments SET state = ?2 WHERE id = ?1 AND state = ?3",
	[Q_FIND_BOOKED] = "SELECT " ROW_COLS " FROM appointments WHERE id_hash = ?1"
	    " AND state = ?5 AND slot_start >= ?2 AND slot_start < ?3"
	    " ORDER BY abs(slot_start - ?4), slot_start, id LIMIT 1",
	[Q_CHECKED_IN] = "UPDATE appointments SET state = 'checked_in', checked_in_at = ?2,"
	    " ticket_id = ?3, lane = ?4 WHERE id = ?1 AND state = 'booked'",
	[Q_SET_TICKET] = "UPDATE appointments SET ticket_id = ?2 WHERE id = ?1",
	[Q_COUNTS] = "SELECT slot_start, count(*) FROM appointments WHERE service = ?1"
	    " AND slot_start >= ?2 AND slot_start <= ?3 AND state <> 'cancelled'"
	    " GROUP BY slot_start",
	[Q_EACH] = "SELECT " ROW_COLS " FROM appointments WHERE slot_start >= ?1"
	    " AND slot_start < ?2 ORDER BY slot_start, id",
	[Q_EACH_SERVICE] = "SELECT " ROW_COLS " FROM appointments WHERE slot_start >= ?1"
	    " AND slot_start < ?2 AND service = ?3 ORDER BY slot_start, id",
	[Q_DUE] = "SELECT id, id_hash, id_masked, slot_end FROM appointments"
	    " WHERE state = 'booked' AND slot_end < ?1 ORDER BY slot_end, id",
	[Q_NOSHOW] = "UPDATE appointments SET state = 'no_show', noshow_at = ?2"
	    " WHERE id = ?1 AND state = 'booked'",
	[Q_NOSHOW_TIMES] = "SELECT noshow_at FROM appointments WHERE id_hash = ?1"
	    " AND state = 'no_show' AND noshow_at > ?2 AND noshow_at <= ?3",
	[Q_LAST_BAN] = "SELECT coalesce(max(since), 0) FROM bans WHERE id_hash = ?1 AND since <= ?2",
	[Q_BAN_AT] = "SELECT count(*) FROM bans WHERE id_hash = ?1 AND since <= ?2 AND until > ?2"
	    " AND (lifted_at IS NULL OR lifted_at > ?2)",
	[Q_BAN_INSERT] = "INSERT INTO bans (id_hash, id_masked, since, until, no_shows)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_AUDIT] = "INSERT INTO ban_audit (ban, at, what, actor, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_BANS_ACTIVE] = "SELECT " BAN_COLS " FROM bans WHERE lifted_at IS NULL AND since <= ?1"
	    " AND until > ?1 ORDER BY since DESC, id DESC",
	[Q_BANS_ALL] = "SELECT " BAN_COLS " FROM bans ORDER BY since DESC, id DESC",
	[Q_BAN_GET] = "SELECT " BAN_COLS " FROM bans WHERE id = ?1",
	[Q_BAN_LIFT] = "UPDATE bans SET lifted_at = ?2, lifted_by = ?3 WHERE id = ?1"
	    " AND lifted_at IS NULL AND until > ?2",
};

struct appt_store {
	sqlite3 *db;
	sqlite3_stmt *q[Q_COUNT];
};

static void
copy_text(char *dst, size_t len, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(dst, len, "%s", t ? (const char *)t : "");
}

struct appt_store *
appt_store_open(sqlite3 *db, char *err, size_t errlen)
{
	struct appt_store *s;

	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium failed to initialise");
		return NULL;
	}
	if ((s = jh_calloc(1, sizeof *s)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->db = db;
	for (int i = 0; i < Q_COUNT; i++)
		if (sqlite3_prepare_v3(db, appt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->q[i],
		    NULL) != SQLITE_OK) {
			snprintf(err, errlen, "appointments statement %d: %s", i, sqlite3_errmsg(db));
			appt_store_free(s);
			return NULL;
		}
	return s;
}

void
appt_store_free(struct appt_store *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(s->q[i]);
	free(s);
}

const char *
appt_store_errmsg(struct appt_store *s)
{
	return sqlite3_errmsg(s->db);
}

/* A statement ready for binding. */
static sqlite3_stmt *
q(struct appt_store *s, int i)
{
	sqlite3_reset(s->q[i]);
	sqlite3_clear_bindings(s->q[i]);
	return s->q[i];
}

static void
done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
}

/* Open a write: BEGIN IMMEDIATE (take the write lock before reading, so what is counted cannot
 * change before the insert) when no transaction runs, else a savepoint in the caller's. */
int
appt_store_begin(struct appt_store *s, int *own)
{
	*own = sqlite3_get_autocommit(s->db);
	return sqlite3_exec(s->db, *own ? "BEGIN IMMEDIATE" : "SAVEPOINT appt", NULL, NULL,
	    NULL) == SQLITE_OK ? 0 : -1;
}

int
appt_store_end(struct appt_store *s, int own, int ok)
{
	const char *sql;

	if (ok)
		sql = own ? "COMMIT" : "RELEASE appt";
	else
		sql = own ? "ROLLBACK" : "ROLLBACK TO appt; RELEASE appt";
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK && ok) {
		appt_store_end(s, own, 0);
		return -1;
	}
	return ok ? 0 : -1;
}

static long long
count1(sqlite3_stmt *st, int *failed)
{
	long long n = 0;

	if (jh_sqlite_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		*failed = 1;
	done(st);
	return n;
}

/* Run a change st that needs a row to change, and reset it: ERR_OK; none when it changed no
 * row (the row is gone or not in the state the statement asks for); ERR_INTERNAL. */
static int
step_change(struct appt_store *s, sqlite3_stmt *st, int none)
{
	int rc = jh_sqlite_step(st);

	done(st);
	if (rc != SQLITE_DONE)
		return ERR_INTERNAL;
	return sqlite3_changes(s->db) == 0 ? none : ERR_OK;
}

/* The end of a walk over st's rows that stopped at rc (SQLITE_DONE also when the caller's
 * callback asked to stop): st reset; ERR_OK or ERR_INTERNAL. */
static int
walk_end(sqlite3_stmt *st, int rc)
{
	done(st);
	return rc == SQLITE_DONE ? ERR_OK : ERR_INTERNAL;
}

static void
row_read(sqlite3_stmt *st, struct appt_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	copy_text(r->code, sizeof r->code, st, 1);
	copy_text(r->service, sizeof r->service, st, 2);
	r->start = sqlite3_column_int64(st, 3);
	r->end = sqlite3_column_int64(st, 4);
	copy_text(r->state, sizeof r->state, st, 5);
	copy_text(r->id_hash, sizeof r->id_hash, st, 6);
	copy_text(r->id_masked, sizeof r->id_masked, st, 7);
	copy_text(r->channel, sizeof r->channel, st, 8);
	r->booked_at = sqlite3_column_int64(st, 9);
	r->checked_in_at = sqlite3_column_int64(st, 10);
	r->ticket_id = sqlite3_column_int64(st, 11);
	copy_text(r->lane, sizeof r->lane, st, 12);
}

/* Step st for at most one appointment into out, and reset it: ERR_OK, ERR_NOT_FOUND (no
 * row) or ERR_INTERNAL. */
static int
one_row(sqlite3_stmt *st, struct appt_row *out)
{
	int rc = jh_sqlite_step(st);

	if (rc == SQLITE_ROW)
		row_read(st, out);
	done(st);
	if (rc == SQLITE_ROW)
		return ERR_OK;
	return rc == SQLITE_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
}

static void
ban_read(sqlite3_stmt *st, struct appt_ban *b)
{
	memset(b, 0, sizeof *b);
	b->id = sqlite3_column_int64(st, 0);
	copy_text(b->id_masked, sizeof b->id_masked, st, 1);
	b->since = sqlite3_column_int64(st, 2);
	b->until = sqlite3_column_int64(st, 3);
	b->no_shows = sqlite3_column_int(st, 4);
	b->lifted_at = sqlite3_column_int64(st, 5);
	copy_text(b->lifted_by, sizeof b->lifted_by, st, 6);
}

/* Appends one row to an append-only log (Q_EVENT: appointment_events, Q_AUDIT: ban_audit):
 * (subject id, time, what, actor, detail). */
static int
log_row(struct appt_store *s, int which, long long id, long long at, const char *what,
    const char *actor, const char *detail)
{
	sqlite3_stmt *st = q(s, which);
	int rc;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_text(st, 3, what, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, actor, -1, SQLITE_STATIC);
	if (detail)
		sqlite3_bind_text(st, 5, detail, -1, SQLITE_STATIC);
	rc = jh_sqlite_step(st);
	done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
event(struct appt_store *s, long long id, long long at, const char *what, const char *actor,
    const char *detail)
{
	return log_row(s, Q_EVENT, id, at, what, actor ? actor : "system", detail);
}

static int
get(struct appt_store *s, int which, long long id, const char *code, struct appt_row *out)
{
	sqlite3_stmt *st = q(s, which);

	if (which == Q_GET_ID)
		sqlite3_bind_int64(st, 1, id);
	else
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	return one_row(st, out);
}

int
appt_store_get(struct appt_store *s, long long id, const char *code, struct appt_row *out)
{
	return get(s, code ? Q_GET_CODE : Q_GET_ID, id, code, out);
}

int
appt_store_ban_active(struct appt_store *s, const char *id_hash, long long now,
    struct appt_ban *out)
{
	sqlite3_stmt *st = q(s, Q_BAN_ACTIVE);
	int rc;

	sqlite3_bind_text(st, 1, id_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	rc = jh_sqlite_step(st);
	if (rc == SQLITE_ROW)
		ban_read(st, out);
	done(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : ERR_INTERNAL;
}

static void
booking_code(char out[APPT_BOOKING_CODE_LEN + 1])
{
	/* No 0/O, 1/I: the code is read aloud and typed at a kiosk. */
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

	for (int i = 0; i < APPT_BOOKING_CODE_LEN; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[APPT_BOOKING_CODE_LEN] = '\0';
}

/* Gather the facts and decide; ERR_OK when the insert may go ahead. */
static int
book_decide(struct appt_store *s, const struct appt_book_req *rq, struct appt_book_facts *fo)
{
	struct appt_book_facts f = { 0 };
	struct appt_ban ban;
	sqlite3_stmt *st;
	int failed = 0, rc;

	f.now = rq->now;
	f.slot_start = rq->slot.start;
	f.window_end = rq->window_end;
	f.quota = rq->slot.quota;
	f.max_open = rq->max_open;
	rc = appt_store_ban_active(s, rq->id_hash, rq->now, &ban);
	if (rc < 0)
		return ERR_INTERNAL;
	if (rc == 1)
		f.ban_until = ban.until;
	st = q(s, Q_COUNT_SLOT);
	sqlite3_bind_text(st, 1, rq->service, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, rq->slot.start);
	f.booked = (int)count1(st, &failed);
	st = q(s, Q_COUNT_OPEN);
	sqlite3_bind_text(st, 1, rq->id_hash, -1, SQLITE_STATIC);
	f.open = (int)count1(st, &failed);
	st = q(s, Q_COUNT_SAME);
	sqlite3_bind_text(st, 1, rq->id_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rq->service, -1, SQLITE_STATIC);
	f.same_service = (int)count1(st, &failed);
	if (failed)
		return ERR_INTERNAL;
	*fo = f;
	return appt_rules_can_book(&f);
}

int
appt_store_book(struct appt_store *s, const struct appt_book_req *rq, struct appt_row *out,
    struct appt_book_facts *facts)
{
	char code[APPT_BOOKING_CODE_LEN + 1];
	struct appt_book_facts f;
	sqlite3_stmt *st;
	long long id = 0;
	int rc, tries, own;

	if (facts == NULL)
		facts = &f;
	memset(facts, 0, sizeof *facts);
	if (appt_store_begin(s, &own))
		return ERR_INTERNAL;
	if ((rc = book_decide(s, rq, facts)) != ERR_OK) {
		appt_store_end(s, own, 0);
		return rc;
	}
	for (tries = 0; tries < 8; tries++) {
		booking_code(code);
		st = q(s, Q_INSERT);
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, rq->service, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, rq->slot.start);
		sqlite3_bind_int64(st, 4, rq->slot.end);
		sqlite3_bind_text(st, 5, rq->id_hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, rq->id_masked, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, rq->channel, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 8, rq->now);
		sqlite3_bind_text(st, 9, rq->actor, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 10, rq->slot.quota);
		sqlite3_bind_int(st, 11, rq->max_open);
		rc = jh_sqlite_step(st);
		done(st);
		if (rc != SQLITE_CONSTRAINT)
			break;
		/* A booking code already taken: draw another (32^8 codes, so rarely twice). */
	}
	if (rc != SQLITE_DONE) {
		appt_store_end(s, own, 0);
		return ERR_INTERNAL;
	}
	if (sqlite3_changes(s->db) == 0) {
		/* book_decide said yes, but the statement's own check said no: only possible when
		 * the caller's transaction lets another writer in; report the full slot. */
		appt_store_end(s, own, 0);
		return ERR_QUOTA_EXHAUSTED;
	}
	id = sqlite3_last_insert_rowid(s->db);
	if (event(s, id, rq->now, "booked", rq->actor, rq->channel) ||
	    get(s, Q_GET_ID, id, NULL, out) != ERR_OK) {
		appt_store_end(s, own, 0);
		return ERR_INTERNAL;
	}
	return appt_store_end(s, own, 1) ? ERR_INTERNAL : ERR_OK;
}

/* booked -> to, with its event; APPT_CONFLICT when it is not booked. */
static int
set_state(struct appt_store *s, long long id, const char *to, long long now, const char *actor,
    const char *detail)
{
	sqlite3_stmt *st = q(s, Q_SET_STATE);
	int rc;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, "booked", -1, SQLITE_STATIC);
	if ((rc = step_change(s, st, ERR_CONFLICT)) != ERR_OK)
		return rc;
	return event(s, id, now, to, actor, detail) ? ERR_INTERNAL : ERR_OK;
}

int
appt_store_cancel(struct appt_store *s, long long id, long long now, const char *actor,
    struct appt_row *out)
{
	int rc, own;

	if (appt_store_begin(s, &own))
		return ERR_INTERNAL;
	if ((rc = get(s, Q_GET_ID, id, NULL, out)) == ERR_OK &&
	    (rc = set_state(s, id, "cancelled", now, actor, NULL)) == ERR_OK)
		rc = get(s, Q_GET_ID, id, NULL, out);
	if (appt_store_end(s, own, rc == ERR_OK) && rc == ERR_OK)
		rc = ERR_INTERNAL;
	return rc;
}

int
appt_store_find(struct appt_store *s, const char *id_hash, const char *state, long long from,
    long long to, long long now, struct appt_row *out)
{
	sqlite3_stmt *st = q(s, Q_FIND_BOOKED);

	sqlite3_bind_text(st, 5, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 1, id_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	sqlite3_bind_int64(st, 4, now);
	return one_row(st, out);
}

int
appt_store_checked_in(struct appt_store *s, long long id, long long now, long long ticket_id,
    const char *lane, const char *actor)
{
	sqlite3_stmt *st;
	int rc, own;

	if (appt_store_begin(s, &own))
		return ERR_INTERNAL;
	st = q(s, Q_CHECKED_IN);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	if (ticket_id > 0)
		sqlite3_bind_int64(st, 3, ticket_id);
	sqlite3_bind_text(st, 4, lane, -1, SQLITE_STATIC);
	if ((rc = step_change(s, st, ERR_CONFLICT)) == ERR_OK)
		rc = event(s, id, now, "checked_in", actor, lane) ? ERR_INTERNAL : ERR_OK;
	if (appt_store_end(s, own, rc == ERR_OK) && rc == ERR_OK)
		rc = ERR_INTERNAL;
	return rc;
}

int
appt_store_set_ticket(struct appt_store *s, long long id, long long ticket_id)
{
	sqlite3_stmt *st = q(s, Q_SET_TICKET);
	int rc;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, ticket_id);
	rc = jh_sqlite_step(st);
	done(st);
	return rc == SQLITE_DONE && sqlite3_changes(s->db) == 1 ? ERR_OK : ERR_INTERNAL;
}

int
appt_store_booked_counts(struct appt_store *s, const char *service,
    const struct appt_slot *slots, int n, int *booked)
{
	sqlite3_stmt *st;
	int rc, j = 0;

	for (int i = 0; i < n; i++)
		booked[i] = 0;
	if (n == 0)
		return ERR_OK;
	st = q(s, Q_COUNTS);
	sqlite3_bind_text(st, 1, service, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, slots[0].start);
	sqlite3_bind_int64(st, 3, slots[n - 1].start);
	/* Both sides are in order of start: one merge pass. */
	while ((rc = jh_sqlite_step(st)) == SQLITE_ROW) {
		long long start = sqlite3_column_int64(st, 0);

		while (j < n && slots[j].start < start)
			j++;
		if (j < n && slots[j].start == start)
			booked[j] = sqlite3_column_int(st, 1);
	}
	done(st);
	return rc == SQLITE_DONE ? ERR_OK : ERR_INTERNAL;
}

int
appt_store_each(struct appt_store *s, long long from, long long to, const char *service,
    int (*cb)(void *arg, const struct appt_row *r), void *arg)
{
	sqlite3_stmt *st = q(s, service ? Q_EACH_SERVICE : Q_EACH);
	struct appt_row r;
	int rc;

	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	if (service)
		sqlite3_bind_text(st, 3, service, -1, SQLITE_STATIC);
	while ((rc = jh_sqlite_step(st)) == SQLITE_ROW) {
		row_read(st, &r);
		if (cb(arg, &r))
			return walk_end(st, SQLITE_DONE);
	}
	return walk_end(st, rc);
}

static int
audit(struct appt_store *s, long long ban, long long at, const char *what, const char *actor,
    const char *reason)
{
	return log_row(s, Q_AUDIT, ban, at, what, actor, reason);
}

#define MAX_NOSHOWS	256	/* no-shows of one ID looked at in one window */

/* After a no-show at `at`: ban its holder when the rule says so. 1 banned, 0 not, -1 error. */
static int
ban_check(struct appt_store *s, const struct appt_hall *h, const char *hash, const char *masked,
    long long at)
{
	long long times[MAX_NOSHOWS], since, until;
	sqlite3_stmt *st;
	int n = 0, failed = 0, rc;

	st = q(s, Q_BAN_AT);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at);
	if (count1(st, &failed) > 0 || failed)
		return failed ? -1 : 0;		/* banned already */
	st = q(s, Q_LAST_BAN);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at);
	since = count1(st, &failed);
	st = q(s, Q_NOSHOW_TIMES);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at - h->noshow_window_s);
	sqlite3_bind_int64(st, 3, at);
	while ((rc = jh_sqlite_step(st)) == SQLITE_ROW)
		if (n < MAX_NOSHOWS)
			times[n++] = sqlite3_column_int64(st, 0);
	done(st);
	if (failed || rc != SQLITE_DONE)
		return -1;
	if (!appt_rules_ban(times, n, at, since, h->noshow_limit, h->noshow_window_s, h->ban_s,
	    &until))
		return 0;
	st = q(s, Q_BAN_INSERT);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, masked, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, at);
	sqlite3_bind_int64(st, 4, until);
	sqlite3_bind_int(st, 5, n);
	rc = jh_sqlite_step(st);
	done(st);
	if (rc != SQLITE_DONE ||
	    audit(s, sqlite3_last_insert_rowid(s->db), at, "banned", "system", "no-shows"))
		return -1;
	return 1;
}

struct due {
	long long id, at;
	char hash[APPT_HASH_HEX];
	char masked[APPT_ID_LEN + 1];
};

int
appt_store_sweep(struct appt_store *s, const struct appt_hall *h, long long now,
    struct appt_sweep *result)
{
	struct due *due = NULL, *grown;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	int rc = ERR_OK, step, own;

	result->no_shows = result->bans = 0;
	if (appt_store_begin(s, &own))
		return ERR_INTERNAL;
	st = q(s, Q_DUE);
	sqlite3_bind_int64(st, 1, now - h->grace_s);
	while ((step = jh_sqlite_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((grown = jh_realloc(due, cap * sizeof *due)) == NULL) {
				step = SQLITE_NOMEM;
				break;
			}
			due = grown;
		}
		due[n].id = sqlite3_column_int64(st, 0);
		copy_text(due[n].hash, sizeof due[n].hash, st, 1);
		copy_text(due[n].masked, sizeof due[n].masked, st, 2);
		due[n].at = appt_rules_no_show_at(sqlite3_column_int64(st, 3), h->grace_s);
		n++;
	}
	done(st);
	if (step != SQLITE_DONE)
		rc = ERR_INTERNAL;
	/* In order of no-show time, so that a ban is decided as it would have been live. */
	for (size_t i = 0; i < n && rc == ERR_OK; i++) {
		st = q(s, Q_NOSHOW);
		sqlite3_bind_int64(st, 1, due[i].id);
		sqlite3_bind_int64(st, 2, due[i].at);
		step = jh_sqlite_step(st);
		done(st);
		if (step != SQLITE_DONE ||
		    event(s, due[i].id, due[i].at, "no_show", "system", NULL)) {
			rc = ERR_INTERNAL;
			break;
		}
		result->no_shows++;
		switch (ban_check(s, h, due[i].hash, due[i].masked, due[i].at)) {
		case 1:
			result->bans++;
			break;
		case -1:
			rc = ERR_INTERNAL;
			break;
		}
	}
	free(due);
	if (appt_store_end(s, own, rc == ERR_OK) && rc == ERR_OK)
		rc = ERR_INTERNAL;
	if (rc != ERR_OK)
		result->no_shows = result->bans = 0;
	return rc;
}

int
appt_store_each_ban(struct appt_store *s, long long now, int all,
    int (*cb)(void *arg, const struct appt_ban *b), void *arg)
{
	sqlite3_stmt *st = q(s, all ? Q_BANS_ALL : Q_BANS_ACTIVE);
	struct appt_ban b;
	int rc;

	if (!all)
		sqlite3_bind_int64(st, 1, now);
	while ((rc = jh_sqlite_step(st)) == SQLITE_ROW) {
		ban_read(st, &b);
		if (cb(arg, &b))
			return walk_end(st, SQLITE_DONE);
	}
	return walk_end(st, rc);
}

int
appt_store_ban_lift(struct appt_store *s, long long id, const char *id_hash, long long now,
    const char *actor, const char *reason, struct appt_ban *out)
{
	sqlite3_stmt *st;
	int rc = ERR_OK, step, own;

	if (appt_store_begin(s, &own))
		return ERR_INTERNAL;
	if (id == 0) {
		step = appt_store_ban_active(s, id_hash, now, out);
		if (step == 0)
			rc = ERR_NOT_FOUND;
		else if (step < 0)
			rc = ERR_INTERNAL;
		else
			id = out->id;
	}
	if (rc == ERR_OK) {
		st = q(s, Q_BAN_LIFT);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, now);
		sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
		if ((rc = step_change(s, st, ERR_NOT_FOUND)) == ERR_OK &&
		    audit(s, id, now, "lifted", actor, reason))
			rc = ERR_INTERNAL;
	}
	if (rc == ERR_OK) {
		st = q(s, Q_BAN_GET);
		sqlite3_bind_int64(st, 1, id);
		if (jh_sqlite_step(st) == SQLITE_ROW)
			ban_read(st, out);
		else
			rc = ERR_INTERNAL;
		done(st);
	}
	if (appt_store_end(s, own, rc == ERR_OK) && rc == ERR_OK)
		rc = ERR_INTERNAL;
	return rc;
}
