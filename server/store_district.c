/* store_district.c — the district link's SQL (district.c, docs/DISTRICT.md): the outbox's
 * triggers, the bookings copied from the district, the outbox's events and the stored hall
 * file's text, over the store's connection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fault.h"
#include "store.h"
#include "store_int.h"

/* Made anew by district_start in the appointment store's database (the outbox table comes with
 * the store's migrations): a check-in or no-show of a district booking queues its event. */
static const char outbox_trigger[] =
	"DROP TRIGGER IF EXISTS district_outbox_queue;"
	"CREATE TRIGGER district_outbox_queue AFTER UPDATE OF state ON appointments"
	" WHEN OLD.state = 'booked' AND NEW.state IN ('checked_in', 'no_show')"
	"  AND NEW.booked_by = 'district'"
	" BEGIN INSERT OR IGNORE INTO district_outbox (event_id, kind, code, at)"
	"  VALUES (NEW.code || ':' || NEW.state,"
	"   CASE NEW.state WHEN 'checked_in' THEN 'checkin' ELSE 'no_show' END,"
	"   NEW.code, coalesce(NEW.checked_in_at, NEW.noshow_at, 0)); END;";

/* In district mode only (store_district_ticket_feed): each of the hall's ticket events that
 * the district counts queues its event in the same transaction as the event itself. The
 * ticket's row is written before its event (ops_queue.c), so it holds the times of this
 * event. What goes up: no ID numbers, names or clerks, the ticket's code and its service,
 * lane, applicant type, channel, window, times and waits (a call's wait from the issue or
 * from the last requeue after a transfer; handling from the call to the finish or transfer). */
static const char ticket_trigger[] =
	"CREATE TRIGGER IF NOT EXISTS district_outbox_tickets AFTER INSERT ON ticket_events"
	" WHEN NEW.ticket IS NOT NULL"
	"  AND NEW.what IN ('take', 'call', 'finish', 'no_show', 'transfer')"
	" BEGIN INSERT OR IGNORE INTO district_outbox (event_id, kind, code, at, body)"
	"  SELECT 't' || NEW.id || '.' || NEW.at, 'ticket', t.code, NEW.at, json_object("
	"   'kind', CASE NEW.what WHEN 'take' THEN 'issued' WHEN 'call' THEN 'called'"
	"    WHEN 'finish' THEN 'finished' WHEN 'no_show' THEN 'no_show' ELSE 'transferred' END,"
	"   'day', t.day, 'ticket', t.code, 'service', NEW.service, 'lane', NEW.lane,"
	"   'applicant', NEW.applicant, 'channel', NEW.channel, 'window', NEW.window,"
	"   'issued_at', t.issued_at,"
	"   'called_at', CASE WHEN NEW.what <> 'take' AND t.called_at > 0 THEN t.called_at END,"
	"   'wait_s', CASE WHEN NEW.what = 'call' THEN NEW.at - max(t.issued_at, coalesce(("
	"    SELECT max(e.at) FROM ticket_events e WHERE e.ticket = NEW.ticket"
	"    AND e.what = 'requeue'), 0)) END,"
	"   'handle_s', CASE WHEN NEW.what IN ('finish', 'transfer') AND t.called_at > 0"
	"    THEN NEW.at - t.called_at END,"
	"   'to', CASE WHEN NEW.what = 'transfer' THEN substr(NEW.detail, 4) END)"
	"  FROM tickets t WHERE t.id = NEW.ticket; END;";

static const char sql_upsert[] =
	"INSERT INTO appointments (code, service, slot_start, slot_end, id_hash, id_masked, state,"
	" channel, booked_at, booked_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'district')"
	" ON CONFLICT (code) DO UPDATE SET state = excluded.state, service = excluded.service,"
	" slot_start = excluded.slot_start, slot_end = excluded.slot_end"
	" WHERE appointments.booked_by = 'district' AND appointments.state = 'booked'";
static const char sql_next_events[] =
	"SELECT id, event_id, kind, code, at, body FROM district_outbox WHERE sent_at IS NULL"
	" ORDER BY id LIMIT ?1";
static const char sql_event_sent[] =
	"UPDATE district_outbox SET sent_at = ?3, result = ?4, attempts = attempts + 1"
	" WHERE id BETWEEN ?1 AND ?2 AND sent_at IS NULL";

/* The hall's ticket counts of one closed hour [?1, ?2), per service: taken (issued), called,
 * finished, missed (no-show). */
static const char sql_hour_counts[] =
	"SELECT service, sum(issued_at >= ?1 AND issued_at < ?2),"
	" sum(coalesce(called_at >= ?1 AND called_at < ?2, 0)),"
	" sum(coalesce(state = 'done' AND finished_at >= ?1 AND finished_at < ?2, 0)),"
	" sum(coalesce(state = 'no_show' AND finished_at >= ?1 AND finished_at < ?2, 0))"
	" FROM tickets WHERE issued_at < ?2 AND (issued_at >= ?1 OR called_at >= ?1"
	" OR finished_at >= ?1) GROUP BY service ORDER BY service";
/* The first ticket event at or after ?1 (to skip quiet hours). */
static const char sql_next_activity[] =
	"SELECT min(x) FROM (SELECT min(issued_at) AS x FROM tickets WHERE issued_at >= ?1"
	" UNION ALL SELECT min(called_at) FROM tickets WHERE called_at >= ?1"
	" UNION ALL SELECT min(finished_at) FROM tickets WHERE finished_at >= ?1)";

int
store_district_start(struct store *s, char *err, size_t errlen)
{
	char *msg = NULL;

	if (sqlite3_exec(store_db(s), outbox_trigger, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "district outbox: %s", msg ? msg : sqlite3_errmsg(store_db(s)));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

struct store_district_copy *
store_district_copy_begin(struct store *s)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(store_db(s), sql_upsert, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	return (struct store_district_copy *)st;
}

int
store_district_copy(struct store_district_copy *c, const struct store_district_booking *b)
{
	sqlite3_stmt *st = (sqlite3_stmt *)c;

	sqlite3_bind_text(st, 1, b->code, -1, NULL);
	sqlite3_bind_text(st, 2, b->service, -1, NULL);
	sqlite3_bind_int64(st, 3, b->start);
	sqlite3_bind_int64(st, 4, b->end);
	sqlite3_bind_text(st, 5, b->id_hash, -1, NULL);
	sqlite3_bind_text(st, 6, b->id_masked, -1, NULL);
	sqlite3_bind_text(st, 7, b->state, -1, NULL);
	sqlite3_bind_text(st, 8, b->channel, -1, NULL);
	sqlite3_bind_int64(st, 9, b->booked_at);
	if (jh_sqlite_step(st) != SQLITE_DONE)
		return -1;
	sqlite3_reset(st);
	return 0;
}

void
store_district_copy_end(struct store_district_copy *c)
{
	sqlite3_finalize((sqlite3_stmt *)c);
}

int
store_district_ticket_feed(struct store *s, int on)
{
	return sqlite3_exec(store_db(s), on ? ticket_trigger :
	    "DROP TRIGGER IF EXISTS district_outbox_tickets", NULL, NULL, NULL) == SQLITE_OK ?
	    0 : -1;
}

int
store_district_next_events(struct store *s, int max, int (*fn)(void *arg,
    const struct store_district_event *ev), void *arg)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, n = 0, step;

	if (sqlite3_prepare_v2(store_db(s), sql_next_events, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int(st, 1, max);
	while ((step = jh_sqlite_step(st)) == SQLITE_ROW) {
		struct store_district_event ev = {
			.row = sqlite3_column_int64(st, 0),
			.event_id = (const char *)sqlite3_column_text(st, 1),
			.kind = (const char *)sqlite3_column_text(st, 2),
			.code = (const char *)sqlite3_column_text(st, 3),
			.at = sqlite3_column_int64(st, 4),
			.body = (const char *)sqlite3_column_text(st, 5),
		};

		if ((rc = fn(arg, &ev)) <= 0)
			break;
		n++;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = -1;
	sqlite3_finalize(st);
	return rc < 0 ? -1 : n;
}

int
store_district_event_sent(struct store *s, long long first, long long last, long long at,
    const char *result)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(store_db(s), sql_event_sent, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, first);
	sqlite3_bind_int64(st, 2, last);
	sqlite3_bind_int64(st, 3, at);
	sqlite3_bind_text(st, 4, result, -1, SQLITE_TRANSIENT);
	if (jh_sqlite_step(st) != SQLITE_DONE)
		rc = -1;
	sqlite3_finalize(st);
	return rc;
}

long long
store_district_unsent(struct store *s)
{
	return store_db_count(store_db(s), "SELECT count(*) FROM district_outbox WHERE "
	    "sent_at IS NULL");
}

int
store_district_prune(struct store *s, long long before)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(store_db(s), "DELETE FROM district_outbox WHERE sent_at < ?1",
	    -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, before);
	rc = jh_sqlite_step(st) == SQLITE_DONE ? sqlite3_changes(store_db(s)) : -1;
	sqlite3_finalize(st);
	return rc;
}

int
store_district_event_result(struct store *s, const char *event_id, const char *result)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(store_db(s), "UPDATE district_outbox SET result = ?2 WHERE "
	    "event_id = ?1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, event_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, result, -1, SQLITE_TRANSIENT);
	if (jh_sqlite_step(st) != SQLITE_DONE)
		rc = -1;
	sqlite3_finalize(st);
	return rc;
}

const char *
store_district_errmsg(struct store *s)
{
	return sqlite3_errmsg(store_db(s));
}

int
store_district_hour_counts(struct store *s, long long from, long long to,
    int (*fn)(void *arg, const char *service, const long long n[4]), void *arg)
{
	sqlite3_stmt *st = NULL;
	long long n[4];
	int rc;

	if (sqlite3_prepare_v2(store_db(s), sql_hour_counts, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while ((rc = jh_sqlite_step(st)) == SQLITE_ROW) {
		for (int k = 0; k < 4; k++)
			n[k] = sqlite3_column_int64(st, k + 1);
		if (fn(arg, (const char *)sqlite3_column_text(st, 0), n) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

long long
store_district_first_activity(struct store *s, long long from)
{
	sqlite3_stmt *st = NULL;
	long long t = -1;

	if (sqlite3_prepare_v2(store_db(s), sql_next_activity, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	if (jh_sqlite_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		t = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return t;
}
