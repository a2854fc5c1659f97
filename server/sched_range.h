/* sched_range.h — the ETA range: an interval [eta_lo_s, eta_hi_s] around a forecast meant to
 * hold the real wait 4 times in 5, from the shortest interval of the forecast's errors
 * learnt in service, per lane and length of forecast (docs/SCHEDULING.md, section 3, "The
 * range"). Pure: no I/O, no clock. */
#ifndef JH_SCHED_RANGE_H
#define JH_SCHED_RANGE_H

#include "sched.h"

#define SCHED_RANGE_BANDS	18	/* forecasts by length: < 0.5, 1, 2, 3, 4, 5, 6.25, 7.5,
					 * 8.75, 10, 12.5, 15, 17.5, 20, 25, 30, 40 min, longer */
#define SCHED_RANGE_KEEP	128	/* the newest errors kept per lane and band */
#define SCHED_RANGE_MIN		24	/* fewer: the errors of every cell (the hall's) */
#define SCHED_RANGE_FLOOR_S	60	/* errors are ratios (wait + floor) / (eta + floor) */
#define SCHED_RANGE_SHARE	0.77	/* the range is the shortest interval holding this share
					 * of the cell's ratios: chosen so that 75-85% of the waits
					 * fall inside (docs/SCHEDULING.md) */

struct sched_range_cell {
	float ratio[SCHED_RANGE_KEEP];	/* a ring of the newest */
	int n, next;
	float lo, hi;			/* its range of ratios, kept current once n >= MIN */
};

struct sched_range {
	struct sched_range_cell cell[LANE_COUNT][SCHED_RANGE_BANDS];
	float lo, hi;	/* over every cell, kept current: for the cells still short */
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
