/* fault.c — the SQLite-step wrapper of fault.h with the test hook that fails the Nth, and the
 * hook's set-up for the allocation wrappers too (the shared library's alloc.c). */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fault.h"

static atomic_long steps, failed;
static atomic_int armed;
static long step_at;
static int step_rc;

int
jh_sqlite_step(sqlite3_stmt *st)
{
	if (atomic_load(&armed) && atomic_fetch_add(&steps, 1) + 1 == step_at && step_at > 0) {
		atomic_fetch_add(&failed, 1);
		return step_rc;
	}
	return sqlite3_step(st);
}

int
jh_sqlite_backup_step(sqlite3_backup *b, int pages)
{
	if (atomic_load(&armed) && atomic_fetch_add(&steps, 1) + 1 == step_at && step_at > 0) {
		atomic_fetch_add(&failed, 1);
		return step_rc;
	}
	return sqlite3_backup_step(b, pages);
}

void
fault_init(void)
{
	const char *a = getenv("JH_FAULT_ALLOC"), *s = getenv("JH_FAULT_STEP");
	char how[16] = "";
	long at = 0, n = 1;

	if (a && sscanf(a, "%ld:%ld", &at, &n) >= 1)
		jh_alloc_fail_at(at, n);
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
	jh_alloc_arm();
}

void
fault_report(void)
{
	const char *path = getenv("JH_FAULT_COUNT");
	FILE *f;

	if (!path || !(f = fopen(path, "w")))
		return;
	fprintf(f, "allocs %ld steps %ld failed %ld\n", jh_alloc_count(), atomic_load(&steps),
	    atomic_load(&failed) + jh_alloc_injected());
	fclose(f);
}
