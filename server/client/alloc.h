/* alloc.h — the allocation wrappers (alloc.c): jhd's allocations, and those of the modules it
 * shares with other programs (the event loop, the network, the hall file, the scheduler and
 * forecast, the statistics), go through here, so that a test can make the Nth of them fail, as
 * SQLite's own tests do (jhd arms it from JH_FAULT_ALLOC: server/fault.h). Not armed (any other
 * program, jhd in production), each wrapper costs one test of a flag. The counters are atomic:
 * jhd's worker threads allocate too. */
#ifndef JH_ALLOC_H
#define JH_ALLOC_H

#include <stddef.h>

void *jh_malloc(size_t n);
void *jh_calloc(size_t n, size_t size);
void *jh_realloc(void *p, size_t n);
char *jh_strdup(const char *s);
void jh_free(void *p);

/* How many allocations have failed so far (injected or not): more after a call than before,
 * and it ran out of memory (jansson reports that as a syntax error). */
long jh_alloc_failures(void);

/* The test hook: once armed, the at-th allocation counted (from 1) and the n-1 after it
 * fail (at 0: none). */
void jh_alloc_fail_at(long at, long n);
void jh_alloc_arm(void);
/* Allocations counted since armed, and how many of them were made to fail. */
long jh_alloc_count(void);
long jh_alloc_injected(void);

#endif
