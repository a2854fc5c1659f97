/* alloc.c — the allocation wrappers of alloc.h, with the test hook that fails the Nth. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

static atomic_long allocs, injected, nulls;
static atomic_int armed;
static long fail_at, fail_n;

/* 1 when this allocation is to fail. */
static int
alloc_fails(void)
{
	long k;

	if (!atomic_load(&armed))
		return 0;
	k = atomic_fetch_add(&allocs, 1) + 1;
	if (fail_at > 0 && k >= fail_at && k < fail_at + fail_n) {
		atomic_fetch_add(&injected, 1);
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

void
jh_free(void *p)
{
	free(p);
}

long
jh_alloc_failures(void)
{
	return atomic_load(&nulls);
}

void
jh_alloc_fail_at(long at, long n)
{
	fail_at = at;
	fail_n = n > 0 ? n : 1;
}

void
jh_alloc_arm(void)
{
	atomic_store(&armed, 1);
}

long
jh_alloc_count(void)
{
	return atomic_load(&allocs);
}

long
jh_alloc_injected(void)
{
	return atomic_load(&injected);
}
