/* sched_range_test.c — the ETA range (server/sched_range.c): the prior before anything is
 * learnt, ranges that hold 4 waits in 5 of a known law of errors, per band and per lane, the
 * borrowing of a short cell, and the bounds of its answers. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../server/sched_range.h"
#include "../lib/t.h"

static struct sched_range R;

static uint64_t rng = 0x72616e6765ULL;

static double
uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return ((rng >> 11) + 0.5) / 9007199254740992.0;
}

/* a wait whose (wait + 60) / (eta + 60) is log-normal with median m and log-sd sd */
static int
draw_wait(int eta, double m, double sd)
{
	double z = sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());
	double w = (eta + 60) * m * exp(sd * z) - 60;

	return w < 0 ? 0 : (int)w;
}

static void
prior_before_anything_is_learnt(void)
{
	int lo, hi;

	sched_range_init(&R);
	sched_range_get(&R, LANE_NORMAL, 600, &lo, &hi);
	T_EQ_INT(lo, (int)(660 * 0.5 - 60 + 0.5));
	T_EQ_INT(hi, (int)(660 * 1.8 - 60 + 0.5));
	sched_range_get(&R, LANE_NORMAL, -1, &lo, &hi);
	T_EQ_INT(lo, -1);
	T_EQ_INT(hi, -1);
	sched_range_get(&R, LANE_GREEN, 0, &lo, &hi);
	T_EQ_INT(lo, 0);	/* never below 0 */
}

/* Learnt from 128 errors per band, the ranges hold about their share (77%) of fresh waits of
 * the same law, in every band (68-77% here: the shortest interval of 128 draws is a little
 * narrower than the law's), and a band whose forecasts run long gets a range above them. */
static void
ranges_hold_their_share_of_the_learnt_law(void)
{
	static const int etas[] = { 30, 120, 240, 400, 500, 700, 1000, 1500, 2000, 3000 };
	int n = (int)(sizeof etas / sizeof etas[0]);

	sched_range_init(&R);
	for (int k = 0; k < 128; k++)
		for (int b = 0; b < n; b++)
			sched_range_note(&R, LANE_NORMAL, etas[b], draw_wait(etas[b],
			    b == n - 1 ? 1.5 : 1.0, b == n - 1 ? 0.1 : 0.1 + 0.05 * b));
	for (int b = 0; b < n; b++) {
		int in = 0, lo, hi;

		sched_range_get(&R, LANE_NORMAL, etas[b], &lo, &hi);
		for (int k = 0; k < 4000; k++) {
			int w = draw_wait(etas[b], b == n - 1 ? 1.5 : 1.0,
			    b == n - 1 ? 0.1 : 0.1 + 0.05 * b);

			in += w >= lo && w <= hi;
		}
		T_CHECK(in >= 0.65 * 4000 && in <= 0.85 * 4000, "eta %d: range %d-%d holds %d "
		    "of 4000", etas[b], lo, hi, in);
		if (b == n - 1)
			T_CHECK(lo > etas[b], "a forecast 1.5x short: range %d-%d above %d", lo, hi,
			    etas[b]);
	}
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Errors skewed as a forecast's are (late by far more than early): the range is the shortest
 * interval holding its share of them, not the central one. For a ratio log-normal with log-sd
 * 0.6, at 80% the shortest interval is about 0.27-1.75 (1.48 wide), the central one
 * 0.46-2.16 (1.70 wide). Learnt from 640 draws over every band (the hall's range); checked
 * against 4,000 fresh draws: the range holds 74-86% of them, and the central interval of the
 * fresh draws that holds as many is wider and starts higher. */
static void
ranges_are_the_shortest_interval_that_holds_the_share(void)
{
	static const int etas[] = { 30, 120, 240, 400, 500, 700, 1000, 1500, 2000, 3000 };
	static int x[4000];
	int lo, hi, in = 0, clo, chi;

	sched_range_init(&R);
	for (int k = 0; k < SCHED_RANGE_KEEP; k++)
		for (int b = 0; b < 10; b++)
			sched_range_note(&R, LANE_NORMAL, etas[b], draw_wait(etas[b], 1.0, 0.6));
	sched_range_get(&R, -1, 600, &lo, &hi);
	for (int k = 0; k < 4000; k++) {
		x[k] = draw_wait(600, 1.0, 0.6);
		in += x[k] >= lo && x[k] <= hi;
	}
	T_CHECK(in >= 0.74 * 4000 && in <= 0.86 * 4000, "range %d-%d holds %d of 4000", lo, hi,
	    in);
	qsort(x, 4000, sizeof x[0], cmp_int);
	clo = x[(4000 - in) / 2];
	chi = x[(4000 - in) / 2 + in - 1];
	T_CHECK(hi - lo < 0.93 * (chi - clo) && lo < clo, "range %d-%d (%.2f-%.2f), the central "
	    "interval holding as many %d-%d (%.2f-%.2f)", lo, hi, (lo + 60) / 660.0,
	    (hi + 60) / 660.0, clo, chi, (clo + 60) / 660.0, (chi + 60) / 660.0);
}

/* The share is steered by the coverage of the waits as they are noted (each checked against
 * the range its cell gives just before): 80% of them fall inside, whether the errors keep
 * their law (where a fixed share of the newest 64 holds fewer: a small sample's shortest
 * interval is narrower than its law's) or grow threefold (log-sd 0.2, then 0.6, where the
 * ring of the narrow law's errors misses most at first). */
static void
the_share_is_steered_to_hold_four_waits_in_five(void)
{
	static const int etas[] = { 30, 120, 240, 400, 500, 700, 1000, 1500, 2000, 3000 };
	int in[2] = { 0, 0 }, n[2] = { 0, 0 };

	sched_range_init(&R);
	for (int k = 0; k < 8000; k++) {
		int e = etas[k % 10], part = k >= 4000, lo, hi;
		int w = draw_wait(e, 1.0, part ? 0.6 : 0.2);

		sched_range_get(&R, LANE_NORMAL, e, &lo, &hi);
		if (k % 4000 >= 1000) {		/* after the first 1,000 of each law */
			in[part] += w >= lo && w <= hi;
			n[part]++;
		}
		sched_range_note(&R, LANE_NORMAL, e, w);
	}
	for (int p = 0; p < 2; p++)
		T_CHECK(in[p] >= 0.78 * n[p] && in[p] <= 0.82 * n[p], "log-sd %.1f: %d of %d inside "
		    "(%.1f%%), share now %.3f", p ? 0.6 : 0.2, in[p], n[p], 100.0 * in[p] / n[p],
		    R.share);
}

/* A lane with its own errors gets its own range; a lane that has seen few uses the hall's
 * over every lane and band. */
static void
lanes_learn_apart_and_a_short_lane_borrows_the_halls(void)
{
	int nlo, nhi, glo, ghi, dlo, dhi, blo, bhi;

	sched_range_init(&R);
	for (int k = 0; k < 128; k++) {
		sched_range_note(&R, LANE_NORMAL, 600, draw_wait(600, 1.0, 0.4));
		sched_range_note(&R, LANE_GREEN, 600, draw_wait(600, 1.0, 0.05));
	}
	for (int k = 0; k < SCHED_RANGE_MIN - 1; k++)
		sched_range_note(&R, LANE_DISABLED, 600, 5000);	/* short: not used alone */
	sched_range_get(&R, LANE_NORMAL, 600, &nlo, &nhi);
	sched_range_get(&R, LANE_GREEN, 600, &glo, &ghi);
	sched_range_get(&R, LANE_DISABLED, 600, &dlo, &dhi);
	T_CHECK(ghi - glo < (nhi - nlo) / 3, "green %d-%d, normal %d-%d", glo, ghi, nlo, nhi);
	sched_range_get(&R, -1, 600, &blo, &bhi);	/* no lane: the hall's */
	T_CHECK(dlo == blo && dhi == bhi && dlo < 5000, "disabled %d-%d, the hall's %d-%d", dlo,
	    dhi, blo, bhi);
	T_CHECK((blo != nlo || bhi != nhi) && (blo != glo || bhi != ghi), "the hall's %d-%d is neither normal's %d-%d nor "
	    "green's %d-%d", blo, bhi, nlo, nhi, glo, ghi);
}

/* The ring keeps the newest: errors of another kind are forgotten after KEEP new ones. */
static void
the_newest_errors_replace_the_oldest(void)
{
	int lo, hi;

	sched_range_init(&R);
	for (int k = 0; k < SCHED_RANGE_KEEP; k++)
		sched_range_note(&R, LANE_NORMAL, 600, 3000);
	sched_range_get(&R, LANE_NORMAL, 600, &lo, &hi);
	T_EQ_INT(lo, 3000);
	for (int k = 0; k < SCHED_RANGE_KEEP; k++)
		sched_range_note(&R, LANE_NORMAL, 600, 600);
	sched_range_get(&R, LANE_NORMAL, 600, &lo, &hi);
	T_EQ_INT(lo, 600);
	T_EQ_INT(hi, 600);
	sched_range_note(&R, LANE_NORMAL, -1, 600);	/* ignored */
	sched_range_note(&R, LANE_COUNT, 600, 9000);	/* ignored */
	T_EQ_INT(R.noted, 2 * SCHED_RANGE_KEEP);
}

int
main(void)
{
	T_RUN(prior_before_anything_is_learnt);
	T_RUN(ranges_hold_their_share_of_the_learnt_law);
	T_RUN(ranges_are_the_shortest_interval_that_holds_the_share);
	T_RUN(the_share_is_steered_to_hold_four_waits_in_five);
	T_RUN(lanes_learn_apart_and_a_short_lane_borrows_the_halls);
	T_RUN(the_newest_errors_replace_the_oldest);
	return t_done();
}
