/* t.h — the unit-test harness: one "ok"/"not ok" line per case, read by tests/lib/runner.sh. */
#ifndef JH_T_H
#define JH_T_H

#include <stdio.h>
#include <string.h>

extern int t_failed_now;	/* failures inside the current case */
extern int t_cases_failed;

/* Check a condition inside a case; on failure print where and why, and go on. */
#define T_CHECK(cond, ...) do { \
	if (!(cond)) { \
		printf("#   %s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
		printf(__VA_ARGS__); \
		printf("\n"); \
		t_failed_now++; \
	} \
} while (0)

#define T_EQ_INT(got, want) do { \
	long long t_g_ = (long long)(got), t_w_ = (long long)(want); \
	T_CHECK(t_g_ == t_w_, "%s: expected %lld, got %lld", #got, t_w_, t_g_); \
} while (0)

#define T_EQ_STR(got, want) do { \
	const char *t_g_ = (got), *t_w_ = (want); \
	T_CHECK(t_g_ && t_w_ && strcmp(t_g_, t_w_) == 0, "%s: expected \"%s\", got \"%s\"", \
	    #got, t_w_ ? t_w_ : "(null)", t_g_ ? t_g_ : "(null)"); \
} while (0)

/* Compare bytes; on mismatch print both in hex. */
#define T_EQ_MEM(got, glen, want, wlen) \
	t_eq_mem(__FILE__, __LINE__, #got, (const void *)(got), (glen), (const void *)(want), (wlen))

void t_eq_mem(const char *file, int line, const char *what, const void *got, size_t glen,
    const void *want, size_t wlen);

/* Run one case: prints "ok - NAME" or "not ok - NAME: N checks failed". */
void t_run(const char *name, void (*fn)(void));
#define T_RUN(fn) t_run(#fn, fn)

/* Exit status for main(): 0 when every case passed. */
int t_done(void);

#endif
