/* store_district.c — the district link's SQL (district.c, docs/DISTRICT.md): the outbox's
 * trigger, the bookings copied from the district, the outbox's events and the stored hall
 * file's text, over the store's connection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

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

static const char sql_upsert[] =
	"INSERT INTO appointments (code, service, slot_start, slot_end, id_hash, id_masked, state,"
	" channel, booked_at, booked_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'district')"
	" ON CONFLICT (code) DO UPDATE SET state = excluded.state, service = excluded.service,"
	" slot_start = excluded.slot_start, slot_end = excluded.slot_end"
	" WHERE appointments.booked_by = 'district' AND appointments.state = 'booked'";
static const char sql_next_event[] =
	"SELECT id, event_id, kind, code, at FROM district_outbox WHERE sent_at IS NULL"
	" ORDER BY id LIMIT 1";
static const char sql_event_sent[] =
	"UPDATE district_outbox SET sent_at = ?2, result = ?3, attempts = attempts + 1"
	" WHERE id = ?1";

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
	if (sqlite3_step(st) != SQLITE_DONE)
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
store_district_next_event(struct store *s, int (*fn)(void *arg, long long row,
    const char *event_id, const char *kind, const char *code, long long at), void *arg)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(store_db(s), sql_next_event, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = fn(arg, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 3), sqlite3_column_int64(st, 4));
	sqlite3_finalize(st);
	return rc;
}

int
store_district_event_sent(struct store *s, long long row, long long at, const char *result)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(store_db(s), sql_event_sent, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, row);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_text(st, 3, result, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
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
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
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
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		t = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return t;
}
