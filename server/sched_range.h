/* sched_range.h — the ETA range: an interval [eta_lo_s, eta_hi_s] around a forecast meant to
 * hold the real wait 4 times in 5, from the shortest interval of the forecast's errors
 * learnt in service, per lane and length of forecast (docs/SCHEDULING.md, section 3, "The
 * range"). Pure: no I/O, no clock. */
#ifndef JH_SCHED_RANGE_H
#define JH_SCHED_RANGE_H

#include "sched.h"

#define SCHED_RANGE_BANDS	18	/* forecasts by length: < 0.5, 1, 2, 3, 4, 5, 6.25, 7.5,
					 * 8.75, 10, 12.5, 15, 17.5, 20, 25, 30, 40 min, longer */
#define SCHED_RANGE_KEEP	64	/* the newest errors kept per lane and band */
#define SCHED_RANGE_MIN		24	/* fewer: the errors of every cell (the hall's) */
#define SCHED_RANGE_FLOOR_S	60	/* errors are ratios (wait + floor) / (eta + floor) */
#define SCHED_RANGE_SHARE	0.77	/* the range is the shortest interval holding a share of
					 * the cell's ratios: this one at first, then steered */
#define SCHED_RANGE_TARGET	0.80	/* towards this coverage of the waits noted */
#define SCHED_RANGE_GAIN	0.03	/* by this step per wait (x 0.2 up after a miss, x 0.8
					 * down after a hit) */
#define SCHED_RANGE_WARM	50	/* from this many noted on */

struct sched_range_cell {
	float ratio[SCHED_RANGE_KEEP];	/* a ring of the newest */
	float sorted[SCHED_RANGE_KEEP];	/* the same, sorted */
	int n, next;
	float lo, hi;			/* its range of ratios, kept current once n >= MIN */
};

struct sched_range {
	struct sched_range_cell cell[LANE_COUNT][SCHED_RANGE_BANDS];
	float all[LANE_COUNT * SCHED_RANGE_BANDS * SCHED_RANGE_KEEP];	/* every ring's, sorted */
	int nall;
	float lo, hi;	/* over every cell, kept current: for the cells still short */
	double share;	/* the share the ranges hold of their cell's ratios, steered by coverage */
	double share_cut;	/* the share every cell was last cut with */
	long long noted;
};

/* Empty: until errors are learnt, the range is the prior (ratios 0.5 to 1.8). */
void sched_range_init(struct sched_range *r);

/* Learn one called ticket of lane `lane`: it was told eta_s at its take and waited wait_s.
 * Ignored when either is negative or the lane is unknown. */
void sched_range_note(struct sched_range *r, int lane, int eta_s, int wait_s);

/* The range for a forecast of eta_s seconds for a ticket of lane `lane`: *lo_s <= eta_s <=
 * *hi_s is not promised (a forecast that is usually short gives a range above it); both -1
 * when eta_s < 0. */
void sched_range_get(const struct sched_range *r, int lane, int eta_s, int *lo_s, int *hi_s);

#endif
