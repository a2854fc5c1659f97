/* fault.h — jhd's allocations and SQLite steps go through here (fault.c), so that a test can
 * make the Nth of them fail, as SQLite's own tests do: the environment variables, read once at
 * start-up and counted from fault_arm() on (docs/INTERNALS.md, "Fault injection"):
 *   JH_FAULT_ALLOC=N[:K]      the Nth allocation (and the K-1 after it) returns NULL
 *   JH_FAULT_STEP=N:busy|ioerr  the Nth sqlite3_step returns SQLITE_BUSY or SQLITE_IOERR
 *                             without stepping
 *   JH_FAULT_COUNT=FILE       at exit, write "allocs A steps S failed F" to FILE
 * Unset (as in production), each wrapper costs one counter increment. */
#ifndef JH_FAULT_H
#define JH_FAULT_H

#include <stddef.h>

#include <sqlite3.h>

void *jh_malloc(size_t n);
void *jh_calloc(size_t n, size_t size);
void *jh_realloc(void *p, size_t n);
char *jh_strdup(const char *s);
void jh_free(void *p);
/* How many allocations have failed so far (injected or not): more after a call than before,
 * and it ran out of memory (jansson reports that as a syntax error). */
long jh_alloc_failures(void);
int jh_sqlite_step(sqlite3_stmt *st);

/* Read the variables (and route jansson's allocations through jh_malloc). */
void fault_init(void);
/* Start counting (after start-up: the sweep is over what requests cost). */
void fault_arm(void);
/* Write the counts to JH_FAULT_COUNT's file, if set. */
void fault_report(void);

#endif
