/* t.c — the unit-test harness (see t.h). */
#include "t.h"

int t_failed_now;
int t_cases_failed;
static int t_cases;

void
t_eq_mem(const char *file, int line, const char *what, const void *got, size_t glen,
    const void *want, size_t wlen)
{
	const unsigned char *g = got, *w = want;
	size_t i;

	if (got && glen == wlen && memcmp(got, want, glen) == 0)
		return;
	printf("#   %s:%d: %s: bytes differ\n#     expected (%zu):", file, line, what, wlen);
	for (i = 0; i < wlen && i < 256; i++)
		printf(" %02X", w[i]);
	printf("\n#     got      (%zu):", glen);
	for (i = 0; g && i < glen && i < 256; i++)
		printf(" %02X", g[i]);
	printf("\n");
	t_failed_now++;
}

void
t_run(const char *name, void (*fn)(void))
{
	t_failed_now = 0;
	fn();
	t_cases++;
	if (t_failed_now) {
		t_cases_failed++;
		printf("not ok - %s: %d checks failed\n", name, t_failed_now);
	} else
		printf("ok - %s\n", name);
	fflush(stdout);
}

int
t_done(void)
{
	printf("# %d cases, %d failed\n", t_cases, t_cases_failed);
	return t_cases_failed ? 1 : 0;
}
