/* fault.c — the allocation and SQLite-step wrappers of fault.h, with the test hook that fails
 * the Nth. The counters are atomic: the password worker (authq.c) allocates too. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fault.h"

static atomic_long allocs, steps, failed, nulls;
static atomic_int armed;
static long alloc_at, alloc_n, step_at;
static int step_rc;

/* 1 when this allocation is to fail. */
static int
alloc_fails(void)
{
	long k;

	if (!atomic_load(&armed))
		return 0;
	k = atomic_fetch_add(&allocs, 1) + 1;
	if (alloc_at > 0 && k >= alloc_at && k < alloc_at + alloc_n) {
		atomic_fetch_add(&failed, 1);
		return 1;
	}
	return 0;
}

/* p, counting it when it is NULL (injected or real). */
static void *
counted(void *p)
{
	if (p == NULL)
		atomic_fetch_add(&nulls, 1);
	return p;
}

void *
jh_malloc(size_t n)
{
	return counted(alloc_fails() ? NULL : malloc(n));
}

void *
jh_calloc(size_t n, size_t size)
{
	return counted(alloc_fails() ? NULL : calloc(n, size));
}

void *
jh_realloc(void *p, size_t n)
{
	return counted(alloc_fails() ? NULL : realloc(p, n));
}

char *
jh_strdup(const char *s)
{
	return counted(alloc_fails() ? NULL : strdup(s));
}

long
jh_alloc_failures(void)
{
	return atomic_load(&nulls);
}

void
jh_free(void *p)
{
	free(p);
}

int
jh_sqlite_step(sqlite3_stmt *st)
{
	if (atomic_load(&armed) && atomic_fetch_add(&steps, 1) + 1 == step_at && step_at > 0) {
		atomic_fetch_add(&failed, 1);
		return step_rc;
	}
	return sqlite3_step(st);
}

void
fault_init(void)
{
	const char *a = getenv("JH_FAULT_ALLOC"), *s = getenv("JH_FAULT_STEP");
	char how[16] = "";

	if (a && sscanf(a, "%ld:%ld", &alloc_at, &alloc_n) < 2)
		alloc_n = 1;
	if (s && sscanf(s, "%ld:%15s", &step_at, how) == 2)
		step_rc = strcmp(how, "busy") == 0 ? SQLITE_BUSY : SQLITE_IOERR;
	else
		step_at = 0;
	json_set_alloc_funcs(jh_malloc, jh_free);
}

void
fault_arm(void)
{
	atomic_store(&armed, 1);
}

void
fault_report(void)
{
	const char *path = getenv("JH_FAULT_COUNT");
	FILE *f;

	if (!path || !(f = fopen(path, "w")))
		return;
	fprintf(f, "allocs %ld steps %ld failed %ld\n", atomic_load(&allocs),
	    atomic_load(&steps), atomic_load(&failed));
	fclose(f);
}
