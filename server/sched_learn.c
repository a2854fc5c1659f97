/* sched_learn.c — the handling-time means the forecast is fed (sched_learn.h). Why not the
 * moving average with a fixed weight of a fifth that jhd used first: it remembers about nine
 * samples, so with handling times whose coefficient of variation is about one half its
 * figure is off by about a sixth of the mean at any time, which the forecast passes on to
 * every ETA and the range then has to cover (docs/SCHEDULING.md measures both). */
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
