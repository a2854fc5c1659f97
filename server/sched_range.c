/* sched_range.c — the ETA range from the forecast's learnt errors (sched_range.h). Each lane
 * and band of forecast lengths keeps a ring of its newest ratios (wait + 60) / (eta + 60),
 * and a sorted copy of it; the range of a forecast is the shortest interval holding the
 * current share of those ratios, applied back to it. A short forecast is wrong in other ways
 * than a long one (a minute's wait told 0 s, a crowd behind a 40-minute one), and a green
 * ticket than a normal one (few can pass it), hence the cells; a cell that has seen fewer
 * than SCHED_RANGE_MIN errors uses the hall's over every cell (on the simulator's days that
 * gave narrower ranges for the same coverage than the cell's band over all lanes, or its
 * neighbours': docs/SCHEDULING.md).
 *
 * The share is steered by the hall's own coverage: each ratio noted is first checked against
 * the range its cell gives now, and the share moves up by GAIN x 0.2 after a miss and down by
 * GAIN x 0.8 after a hit, so that over a run of calls TARGET of the waits fall inside
 * whatever the days are like (docs/SCHEDULING.md, section 3, "The range"). */
#include <string.h>

#include "sched_range.h"

#define PRIOR_LO 0.5f
#define PRIOR_HI 1.8f
#define SHARE_MIN 0.5
#define SHARE_MAX 0.97
#define RECUT 0.01	/* the share moved by more: every cell is cut again */

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

/* The first place in the sorted v[0..n) whose value is not below x. */
static int
lower_bound(const float *v, int n, float x)
{
	int lo = 0, hi = n;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Into the sorted v[0..*n): x in, and (when had) old out, which is there. */
static void
sorted_swap(float *v, int *n, int had, float old, float x)
{
	int i;

	if (had) {
		i = lower_bound(v, *n, old);
		memmove(v + i, v + i + 1, (size_t)(*n - i - 1) * sizeof *v);
		(*n)--;
	}
	i = lower_bound(v, *n, x);
	memmove(v + i + 1, v + i, (size_t)(*n - i) * sizeof *v);
	v[i] = x;
	(*n)++;
}

/* The shortest interval [*lo, *hi] that holds `share` of the sorted v[0..n): of the windows
 * of k + 1 consecutive ratios, the narrowest (the lowest of equals). The errors are skewed (a
 * forecast can be late by far more than it can be early), and the central interval of the
 * same share was 0.3-1.5 min wider on the simulator's days (docs/SCHEDULING.md, section 3,
 * "The range"). */
static void
shortest(const float *v, int n, double share, float *lo, float *hi)
{
	int k = (int)(share * (n - 1) + 0.5), best = 0;

	for (int j = 1; j + k < n; j++)
		if (v[j + k] - v[j] < v[best + k] - v[best])
			best = j;
	*lo = v[best];
	*hi = v[best + k];
}

static void
cut(struct sched_range *r, struct sched_range_cell *c)
{
	if (c->n >= SCHED_RANGE_MIN)
		shortest(c->sorted, c->n, r->share, &c->lo, &c->hi);
}

/* The range over every cell (the hall's), for the cells still short of their own. */
static void
cut_all(struct sched_range *r)
{
	if (r->nall < SCHED_RANGE_MIN) {
		r->lo = PRIOR_LO;
		r->hi = PRIOR_HI;
	} else
		shortest(r->all, r->nall, r->share, &r->lo, &r->hi);
}

void
sched_range_init(struct sched_range *r)
{
	memset(r, 0, sizeof *r);
	r->share = r->share_cut = SCHED_RANGE_SHARE;
	r->lo = PRIOR_LO;
	r->hi = PRIOR_HI;
}

void
sched_range_note(struct sched_range *r, int lane, int eta_s, int wait_s)
{
	struct sched_range_cell *c;
	float x, old;
	int had;

	if (eta_s < 0 || wait_s < 0 || lane < 0 || lane >= LANE_COUNT)
		return;
	c = &r->cell[lane][band(eta_s)];
	x = (float)(wait_s + SCHED_RANGE_FLOOR_S) / (float)(eta_s + SCHED_RANGE_FLOOR_S);
	/* was it inside the range this cell gives now? */
	if (r->noted >= SCHED_RANGE_WARM) {
		int in = c->n >= SCHED_RANGE_MIN ? x >= c->lo && x <= c->hi :
		    x >= r->lo && x <= r->hi;

		r->share += SCHED_RANGE_GAIN * (SCHED_RANGE_TARGET - in);
		if (r->share < SHARE_MIN)
			r->share = SHARE_MIN;
		if (r->share > SHARE_MAX)
			r->share = SHARE_MAX;
	}
	had = c->n == SCHED_RANGE_KEEP;
	old = c->ratio[c->next];
	c->ratio[c->next] = x;
	c->next = (c->next + 1) % SCHED_RANGE_KEEP;
	sorted_swap(c->sorted, &c->n, had, old, x);
	sorted_swap(r->all, &r->nall, had, old, x);
	r->noted++;
	if (r->share - r->share_cut > RECUT || r->share_cut - r->share > RECUT) {
		r->share_cut = r->share;
		for (int l = 0; l < LANE_COUNT; l++)
			for (int k = 0; k < SCHED_RANGE_BANDS; k++)
				cut(r, &r->cell[l][k]);
	} else
		cut(r, c);
	cut_all(r);
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
