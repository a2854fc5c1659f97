/* store_copy.c — the store's online copy of a database file (store.h, store_copy): SQLite's
 * backup API over connections of its own, so that a worker thread can run it. */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "fault.h"
#include "store.h"
#include "store_int.h"

long long
store_db_count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (jh_sqlite_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int
store_copy(const char *srcpath, const char *dstpath, long long *bytes, long long *tickets,
    long long *events, char *err, size_t errlen)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *b;
	sqlite3_stmt *st;
	const char *check;
	int rc, tries = 0, ok = 0;

	if (sqlite3_open_v2(srcpath, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open the database: %s",
		    src ? sqlite3_errmsg(src) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(src, 10000);
	if (sqlite3_open_v2(dstpath, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open the copy: %s",
		    dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	if ((b = sqlite3_backup_init(dst, "main", src, "main")) == NULL) {
		snprintf(err, errlen, "cannot start the copy: %s", sqlite3_errmsg(dst));
		goto out;
	}
	/* all pages in one step: one read transaction, so one commit's state, and no restart
	 * when jhd writes meanwhile (a step at a time would start over after each write) */
	while (((rc = jh_sqlite_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
	    ++tries < 600)
		sqlite3_sleep(50);	/* 30 s at most */
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "copy failed: %s", sqlite3_errstr(rc));
		goto out;
	}
	if (sqlite3_prepare_v2(dst, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot check the copy: %s", sqlite3_errmsg(dst));
		goto out;
	}
	rc = jh_sqlite_step(st);
	check = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	if (check == NULL || strcmp(check, "ok") != 0) {
		snprintf(err, errlen, "the copy fails its check: %s", check ? check :
		    sqlite3_errmsg(dst));
		sqlite3_finalize(st);
		goto out;
	}
	sqlite3_finalize(st);
	*tickets = store_db_count(dst, "SELECT count(*) FROM tickets");
	*events = store_db_count(dst, "SELECT count(*) FROM ticket_events");
	*bytes = store_db_count(dst, "SELECT page_count * page_size FROM pragma_page_count, "
	    "pragma_page_size");
	ok = 1;
out:
	if (dst != NULL && sqlite3_close(dst) != SQLITE_OK && ok) {
		ok = 0;
		snprintf(err, errlen, "cannot close the copy");
	}
	sqlite3_close(src);
	return ok ? 0 : -1;
}
