/* fault.h — jhd's allocations (alloc.h) and SQLite steps go through here (fault.c), so that a
 * test can make the Nth of them fail, as SQLite's own tests do: the environment variables, read once at
 * start-up and counted from fault_arm() on (docs/INTERNALS.md, "Fault injection"):
 *   JH_FAULT_ALLOC=N[:K]      the Nth allocation (and the K-1 after it) returns NULL
 *   JH_FAULT_STEP=N:busy|ioerr  the Nth sqlite3_step (or backup step) returns SQLITE_BUSY or SQLITE_IOERR
 *                             without stepping
 *   JH_FAULT_COUNT=FILE       at exit, write "allocs A steps S failed F" to FILE
 * Unset (as in production), each wrapper costs one counter increment. */
#ifndef JH_FAULT_H
#define JH_FAULT_H

#include <sqlite3.h>

#include "alloc.h"	/* jh_malloc... (the shared library's) */

int jh_sqlite_step(sqlite3_stmt *st);
/* sqlite3_backup_step, counted among the steps (a backup's copy: store_copy.c) */
int jh_sqlite_backup_step(sqlite3_backup *b, int pages);

/* Read the variables (and route jansson's allocations through jh_malloc). */
void fault_init(void);
/* Start counting (after start-up: the sweep is over what requests cost). */
void fault_arm(void);
/* Write the counts to JH_FAULT_COUNT's file, if set. */
void fault_report(void);

#endif
