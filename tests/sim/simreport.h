/* simreport.h — the hall simulator's figures: waits per lane, ETA error, window utilisation
 * and the fairness target. Pure functions over the simulated tickets. */
#ifndef JH_SIMREPORT_H
#define JH_SIMREPORT_H

#include <stdio.h>

#include "../../server/sched.h"

/* Final states the simulator sees. */
enum simrep_state { SR_WAITING = 0, SR_CALLED, SR_DONE, SR_NO_SHOW };

struct simrep_ticket {
	long long id;
	int service;
	enum sched_lane lane;
	long long issued;	/* Unix seconds */
	long long called;	/* Unix seconds, 0 when never called */
	int eta_s;		/* eta_s from take's answer; -1 unknown */
	int eta_lo_s, eta_hi_s;	/* the range given with it; -1 unknown */
	int window;		/* index of the window that called it, -1 none */
	enum simrep_state state;
	/* appointments: a checked-in holder's ticket (issued = the check-in) */
	long long slot_start;	/* Unix seconds, 0 when none */
	long long slot_end;
	int appt;		/* enum simgen_appt: 0 walk-in, else the holder's punctuality */
	int holder;		/* the citizen booked (or would have: jhsim --appt-off) */
};

struct simrep_wait {
	int n;
	double mean, p90, max;
};

struct simrep_eta {
	int n;			/* called tickets with a known ETA */
	double median_abs;	/* median of |eta - wait| / max(wait, floor) */
	double bias;		/* mean of (eta - wait) / max(wait, floor): < 0 means optimistic */
	double pooled_abs;	/* sum |eta - wait| / sum wait */
};

/* Waits below this count as this in the relative ETA error, so that a 10-second wait
 * forecast as 40 seconds is not a 300% error. */
#define SIMREP_ETA_FLOOR_S 60

/* q-th percentile (0..1, nearest rank) of v[0..n); sorts v. 0 when n == 0. */
double simrep_percentile(double *v, int n, double q);

/* Wait (called - issued) statistics per lane, over the called tickets; out[LANE_COUNT]. */
int simrep_waits(const struct simrep_ticket *t, int n, struct simrep_wait *out);

/* ETA error over the called tickets with eta_s >= 0 that waited at least min_wait_s (0: all;
 * tickets called at once are trivially right and would flatter the median). */
int simrep_eta(const struct simrep_ticket *t, int n, int min_wait_s, struct simrep_eta *out);

/* The ETA range: over the called tickets with a range, the share whose true wait fell in
 * [eta_lo_s, eta_hi_s] and the median width hi - lo (seconds). */
struct simrep_range {
	int n;
	double coverage, median_width_s;
};
int simrep_range(const struct simrep_ticket *t, int n, struct simrep_range *out);

/* The range target: 75-85% of the called tickets' waits within their range. */
#define SIMREP_RANGE_COVER_LO	0.75
#define SIMREP_RANGE_COVER_HI	0.85
/* ... with a median width at most this many times the oracle's for the same coverage */
#define SIMREP_RANGE_WIDTH_RATIO 1.25

/* The ETA target: median absolute error at most this fraction of the true wait. */
#define SIMREP_ETA_TARGET 0.15

/* Waits of tickets that waited at least this long are the ETA target's population. */
#define SIMREP_ETA_TARGET_MIN_WAIT_S 300

/* The fairness target: for each service, the mean wait over all its called tickets; counts
 * the normal tickets that waited longer than ratio times it (with waits under floor_s never
 * counted), and gives the largest such ratio seen in *worst. Returns the count. */
int simrep_fairness(const struct simrep_ticket *t, int n, int nservices, double ratio,
    double floor_s, double *worst);

/* The same as simrep_fairness, but against the mean wait of the tickets of the same service
 * issued within +-window_s of each ticket (its fair turn in a day whose load varies). */
int simrep_fairness_local(const struct simrep_ticket *t, int n, double ratio, double window_s,
    double floor_s, double *worst);

/* Prints the report: per lane, ETA, per window utilisation (busy_s[w] / span_s). */
void simrep_print(FILE *f, const struct simrep_ticket *t, int n, int nservices,
    const double *busy_s, const char *const *window_names, int nw, double span_s);

#endif
