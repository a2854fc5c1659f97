/* forecast_bench.c — the ETA forecast's cost: the fast forecast (heaps per service) against the
 * reference (one linear sched_pick per call) on the sample hall's twelve windows and seventeen
 * services (plus one pinned-ticket service per window, as jhd builds it), with 100, 2,000 and
 * 20,000 waiting tickets of every lane, slot appointments among them, and with every window
 * closed (before opening: each ticket's place by score). Checks that both give the same
 * figures and prints the times and the speed-up. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../server/sched.h"
#include "../lib/rng.h"

#define NW	12
#define NS	17
#define NSVC	(NS + NW)

/* server/examples/district.ini: services A..Q, "X:backup" as a backup duty */
static const char *const windows[NW] = {
	"A B C", "A B c", "D E l", "F G", "G f q", "H I J K", "L M", "L M d", "N O", "P Q g",
	"A D G L N P b m", "C E H J K O Q a l i"
};

static uint64_t rng = 1;

static uint64_t
rnd(void)
{
	return rng_next(&rng);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct sched_duty duty[NW][NS + 1];
static struct sched_window win[NW];
static double handle[NW * NSVC];

static void
hall(long long now)
{
	for (int k = 0; k < NW; k++) {
		int n = 0;

		for (const char *c = windows[k]; *c; c++) {
			if (*c == ' ')
				continue;
			duty[k][n].service = (*c >= 'a' ? *c - 'a' : *c - 'A');
			duty[k][n].backup = *c >= 'a';
			n++;
		}
		duty[k][n].service = NS + k;	/* tickets transferred to this window */
		duty[k][n].backup = 0;
		win[k].duty = duty[k];
		win[k].nduty = n + 1;
		win[k].open = k != 8;		/* one window closed */
		win[k].free_at = now + (long long)(rnd() % 600);
		for (int s = 0; s < NSVC; s++)
			handle[k * NSVC + s] = 240 + (double)(rnd() % 660);
	}
}

static void
tickets(struct sched_ticket *t, int n, long long now)
{
	for (int i = 0; i < n; i++) {
		unsigned r = (unsigned)(rnd() % 100);

		memset(&t[i], 0, sizeof t[i]);
		t[i].id = i + 1;
		t[i].service = rnd() % 50 == 0 ? NS + (int)(rnd() % NW) : (int)(rnd() % NS);
		t[i].lane = r < 68 ? LANE_NORMAL : r < 80 ? LANE_APPOINTMENT : r < 88 ?
		    LANE_PREREVIEWED : r < 95 ? LANE_ELDERLY : r < 97 ? LANE_DISABLED : LANE_GREEN;
		/* issued over the last 8 hours, in order */
		t[i].issued_at = now - 8 * 3600 + (long long)i * 8 * 3600 / n;
		if (t[i].lane == LANE_APPOINTMENT && rnd() % 4 != 0) {
			t[i].slot_start = now - 3600 + (long long)(rnd() % (6 * 3600));
			t[i].slot_end = t[i].slot_start + 1800;
		}
	}
}

int
main(void)
{
	static const int sizes[] = { 100, 2000, 20000, 2000, 20000 };
	struct sched_policy pol;
	long long now = 1764039600LL;
	int rc = 0;

	sched_policy_default(&pol);
	hall(now);
	printf("forecast, %d windows, %d services, slot appointments and backups:\n", NW, NS);
	for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
		int n = sizes[z], reps = 0, rreps = 0, diff = 0, closed = z >= 3;
		struct sched_ticket *t = malloc(n * sizeof *t);
		int *e1 = malloc(n * sizeof *e1), *a1 = malloc(n * sizeof *a1);
		int *e2 = malloc(n * sizeof *e2), *a2 = malloc(n * sizeof *a2);
		double t0, fast, ref;

		if (!t || !e1 || !a1 || !e2 || !a2) {
			fprintf(stderr, "forecast_bench: out of memory\n");
			return 1;
		}
		tickets(t, n, now);
		for (int k = 0; k < NW; k++)	/* before opening: places by score only */
			win[k].open = !closed && k != 8;
		t0 = now_s();
		do {
			if (sched_forecast(&pol, win, NW, handle, NSVC, t, n, now, e1, a1) != 0)
				rc = 1;
			reps++;
		} while (now_s() - t0 < 0.3);
		fast = (now_s() - t0) / reps;
		t0 = now_s();
		do {
			if (sched_forecast_reference(&pol, win, NW, handle, NSVC, t, n, now, e2,
			    a2) != 0)
				rc = 1;
			rreps++;
		} while (now_s() - t0 < 0.3);
		ref = (now_s() - t0) / rreps;
		for (int i = 0; i < n; i++)
			diff += e1[i] != e2[i] || a1[i] != a2[i];
		printf("%6d waiting%s: fast %9.3f ms  reference %9.3f ms  speed-up %7.1fx%s\n", n,
		    closed ? ", all windows closed" : "", fast * 1e3, ref * 1e3, ref / fast,
		    diff ? "  DIFFERENT RESULTS" : "");
		if (diff)
			rc = 1;
		free(t);
		free(e1);
		free(a1);
		free(e2);
		free(a2);
	}
	return rc;
}
