/* sched_learn.c — the handling-time means the forecast is fed (sched_learn.h). Why not the
 * moving average with a fixed weight of a fifth that jhd used first: it remembers about nine
 * samples, so with handling times whose coefficient of variation is about one half its
 * figure is off by about a sixth of the mean at any time, which the forecast passes on to
 * every ETA and the range then has to cover (docs/SCHEDULING.md measures both). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "sched_learn.h"

void
sched_mean_start(struct sched_mean *m, double value, double n)
{
	m->mean = value;
	m->n = n > 0 ? n : 0;
}

void
sched_mean_add(struct sched_mean *m, double x, double memory)
{
	double n = m->n + 1;

	if (memory < 1)
		memory = 1;
	if (n > memory)
		n = memory;
	m->mean += (x - m->mean) / n;
	m->n = n;
}

double
sched_mean_shrunk(const struct sched_mean *own, double pooled, double k)
{
	if (!(own->n > 0))
		return pooled;
	if (!(k > 0))
		return own->mean;
	return (own->n * own->mean + k * pooled) / (own->n + k);
}

static int
by_value(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

void
sched_show_learn(long long *early, int nearly, int noshow, const struct sched_show *prior,
    double prior_n, struct sched_show *out)
{
	double n = nearly > 0 ? nearly : 0, k = prior_n > 0 ? prior_n : 0, med = 0;

	if (noshow < 0)
		noshow = 0;
	*out = *prior;
	if (nearly > 0) {
		qsort(early, (size_t)nearly, sizeof *early, by_value);
		med = nearly % 2 ? (double)early[nearly / 2] :
		    ((double)early[nearly / 2 - 1] + (double)early[nearly / 2]) / 2;
		out->early_s = (n * med + k * prior->early_s) / (n + k);
	}
	if (nearly + noshow > 0)
		out->show = (n + k * prior->show) / (n + noshow + k);
}

int
sched_expect_bookings(const struct sched_booking *b, int n, int nservices,
    const struct sched_show *sh, long long now, struct sched_ticket *out)
{
	int *kept, m = 0;
	double show = sh->show < 0 ? 0 : sh->show > 1 ? 1 : sh->show;

	if (n <= 0 || nservices <= 0)
		return 0;
	if ((kept = jh_calloc((size_t)nservices, sizeof *kept)) == NULL)
		return -1;
	for (int i = 0; i < n; i++) {
		long long at = b[i].slot_start - (long long)floor(sh->early_s + 0.5);
		int s = b[i].service, k;

		if (s < 0 || s >= nservices || at < now)
			continue;
		k = ++kept[s];
		if (floor(k * show + 0.5) <= floor((k - 1) * show + 0.5))
			continue;	/* the share that will not come */
		memset(&out[m], 0, sizeof out[m]);
		out[m].service = s;
		out[m].lane = LANE_APPOINTMENT;
		out[m].issued_at = at;
		out[m].slot_start = b[i].slot_start;
		out[m].slot_end = b[i].slot_end;
		m++;
	}
	free(kept);
	return m;
}
