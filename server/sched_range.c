/* sched_range.c — the ETA range from the forecast's learnt errors (sched_range.h). Each lane
 * and band of forecast lengths keeps a ring of its newest ratios (wait + 60) / (eta + 60); the
 * range of a forecast is the shortest interval holding SCHED_RANGE_SHARE of those ratios,
 * applied back to it. A short
 * forecast is wrong in other ways than a long one (a minute's wait told 0 s, a crowd behind a
 * 40-minute one), and a green ticket than a normal one (few can pass it), hence the cells; a
 * cell that has seen fewer than SCHED_RANGE_MIN errors uses the hall's over every cell (on the
 * simulator's days that gave narrower ranges for the same coverage than the cell's band over
 * all lanes, or its neighbours': docs/SCHEDULING.md). */
#include <stdlib.h>
#include <string.h>

#include "sched_range.h"

#define PRIOR_LO 0.5f
#define PRIOR_HI 1.8f

/* Finer than the first bands tried (< 1, 3, 5, 7.5, 10, 15, 20, 30, 40 min, longer): the
 * spread of the errors changes fast with the forecast's length, and on the simulator's days
 * these gave ranges 0.1-0.6 min narrower at the same coverage (docs/SCHEDULING.md). */
static const int band_top_s[SCHED_RANGE_BANDS - 1] = {
	30, 60, 120, 180, 240, 300, 375, 450, 525, 600, 750, 900, 1050, 1200, 1500, 1800, 2400
};

static int
band(int eta_s)
{
	int b = 0;

	while (b < SCHED_RANGE_BANDS - 1 && eta_s >= band_top_s[b])
		b++;
	return b;
}

static int
cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return (x > y) - (x < y);
}

/* The shortest interval [*lo, *hi] that holds SCHED_RANGE_SHARE of v[0..n) (sorts v): of the
 * windows of k + 1 consecutive sorted ratios, the narrowest (the lowest of equals). The
 * errors are skewed (a forecast can be late by far more than it can be early), and the
 * central interval of the same share was 0.3-1.5 min wider on the simulator's days
 * (docs/SCHEDULING.md, section 3, "The range"). */
static void
shortest(float *v, int n, float *lo, float *hi)
{
	int k = (int)(SCHED_RANGE_SHARE * (n - 1) + 0.5), best = 0;

	qsort(v, (size_t)n, sizeof *v, cmp_float);
	for (int j = 1; j + k < n; j++)
		if (v[j + k] - v[j] < v[best + k] - v[best])
			best = j;
	*lo = v[best];
	*hi = v[best + k];
}

/* The range over every cell (the hall's), for the cells still short of their own. */
static void
update_all(struct sched_range *r)
{
	static float v[LANE_COUNT * SCHED_RANGE_BANDS * SCHED_RANGE_KEEP];
	int n = 0;

	for (int l = 0; l < LANE_COUNT; l++)
		for (int k = 0; k < SCHED_RANGE_BANDS; k++) {
			memcpy(v + n, r->cell[l][k].ratio, (size_t)r->cell[l][k].n * sizeof *v);
			n += r->cell[l][k].n;
		}
	if (n < SCHED_RANGE_MIN) {
		r->lo = PRIOR_LO;
		r->hi = PRIOR_HI;
	} else
		shortest(v, n, &r->lo, &r->hi);
}

void
sched_range_init(struct sched_range *r)
{
	memset(r, 0, sizeof *r);
	r->lo = PRIOR_LO;
	r->hi = PRIOR_HI;
}

void
sched_range_note(struct sched_range *r, int lane, int eta_s, int wait_s)
{
	struct sched_range_cell *c;
	float v[SCHED_RANGE_KEEP];
	int b;

	if (eta_s < 0 || wait_s < 0 || lane < 0 || lane >= LANE_COUNT)
		return;
	b = band(eta_s);
	c = &r->cell[lane][b];
	c->ratio[c->next] = (float)(wait_s + SCHED_RANGE_FLOOR_S) /
	    (float)(eta_s + SCHED_RANGE_FLOOR_S);
	c->next = (c->next + 1) % SCHED_RANGE_KEEP;
	if (c->n < SCHED_RANGE_KEEP)
		c->n++;
	r->noted++;
	if (c->n >= SCHED_RANGE_MIN) {
		memcpy(v, c->ratio, (size_t)c->n * sizeof *v);
		shortest(v, c->n, &c->lo, &c->hi);
	}
	update_all(r);
}

void
sched_range_get(const struct sched_range *r, int lane, int eta_s, int *lo_s, int *hi_s)
{
	const struct sched_range_cell *c;
	double base, lo, hi;
	int b;

	if (eta_s < 0) {
		*lo_s = *hi_s = -1;
		return;
	}
	b = band(eta_s);
	c = lane >= 0 && lane < LANE_COUNT ? &r->cell[lane][b] : NULL;
	lo = c && c->n >= SCHED_RANGE_MIN ? c->lo : r->lo;
	hi = c && c->n >= SCHED_RANGE_MIN ? c->hi : r->hi;
	base = (double)eta_s + SCHED_RANGE_FLOOR_S;
	*lo_s = (int)(base * lo - SCHED_RANGE_FLOOR_S + 0.5);
	*hi_s = (int)(base * hi - SCHED_RANGE_FLOOR_S + 0.5);
	if (*lo_s < 0)
		*lo_s = 0;
	if (*hi_s < *lo_s)
		*hi_s = *lo_s;
}
