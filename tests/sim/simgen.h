/* simgen.h — the hall simulator's day generator: who arrives when, for which service, in
 * which lane, and how long each takes to serve. Pure and deterministic for a seed. */
#ifndef JH_SIMGEN_H
#define JH_SIMGEN_H

#include <stdint.h>

#include "../../server/sched.h"

#define SIMGEN_MAX_SERVICES	64
#define SIMGEN_MAX_HOURS	24
#define SIMGEN_MAX_ARRIVALS	20000

/* The simulator's random numbers: splitmix64, so a seed gives the same day everywhere. */
struct simgen_rng {
	uint64_t s;
};
void simgen_seed(struct simgen_rng *r, uint64_t seed);
uint64_t simgen_next(struct simgen_rng *r);
double simgen_uniform(struct simgen_rng *r);			/* [0, 1) */
double simgen_normal(struct simgen_rng *r);			/* mean 0, sd 1 */
int simgen_poisson(struct simgen_rng *r, double lambda);
/* Lognormal with the given mean and sigma of the underlying normal. */
double simgen_lognormal(struct simgen_rng *r, double mean, double sigma);
/* The rest H - e of such a lognormal H that has already lasted e seconds: a draw of H given
 * H > e, less e (>= 0). With sigma 0, max(mean - e, 0). */
double simgen_lognormal_rest(struct simgen_rng *r, double mean, double sigma, double e);

struct simgen_service {
	char code[8];
	double share;		/* relative share of the day's tickets */
	double handle_mean_s;	/* mean handling time */
	double handle_sigma;	/* lognormal sigma of handling time */
	double enterprise;	/* share of enterprise applicants */
};

struct simgen_params {
	uint64_t seed;
	int start_s;			/* first arrival at or after this second from opening */
	int taking_s;			/* tickets are taken in [start_s, start_s + taking_s) */
	double tickets;			/* expected tickets over the whole taking period */
	double hour_weight[SIMGEN_MAX_HOURS];	/* relative arrival rate, by hour from opening */
	double lane_share[LANE_COUNT];	/* priority mix (the appointment share included) */
	double no_show;			/* share of called tickets whose citizen has gone */
	/* Appointments (simgen_book): the share of the citizens of services with slots who
	 * book one ahead of the day, and how punctual the holders are. */
	double appt_share;
	double appt_punct[4];		/* early, on time, late, never (relative shares) */
	int nservices;
	struct simgen_service svc[SIMGEN_MAX_SERVICES];
};

/* How a booked citizen turns up (simgen_book). */
enum simgen_appt {
	SIMGEN_WALK_IN = 0,	/* no booking: takes a ticket */
	SIMGEN_EARLY,		/* checks in 5-30 min before the slot start */
	SIMGEN_ON_TIME,		/* from the slot start to start + grace */
	SIMGEN_LATE,		/* after start + grace, before slot end + grace */
	SIMGEN_NEVER		/* does not come: the server marks a no-show */
};

struct simgen_arrival {
	int at_s;		/* seconds from opening (< 0: before opening) */
	int service;		/* index into params.svc */
	enum sched_lane lane;
	int enterprise;		/* 1: enterprise applicant, 0: individual */
	int no_show;		/* 1: gone when called */
	int handle_s;		/* how long serving takes (>= 30 s) */
	/* set by simgen_book (simgen_day leaves them 0, -1, at_s, 0) */
	enum simgen_appt appt;	/* SIMGEN_WALK_IN, or the holder's punctuality */
	int slot;		/* index into the slot table, -1 none */
	int wanted_s;		/* when the citizen would come without a booking */
	int holder;		/* 1: books a slot (or would: simgen_book with off) */
};

/* The expected arrival rate (tickets per second) of service and lane at at_s seconds from
 * opening: what simgen_day draws from, the best an arrival profile learnt by hour could be.
 * 0 outside the taking period. */
double simgen_rate(const struct simgen_params *p, int service, int lane, int at_s);

/* A bookable slot of a service, as the simulator learns it from the server. */
struct simgen_slot {
	int service;		/* index into params.svc */
	int start_s, end_s;	/* seconds from opening */
	int free;		/* places left; simgen_book takes them */
};

/* The sample hall's day (server/examples/district.ini, services A..Q, open 09:00-17:00):
 * a morning peak, a lunch lull and the 13:00-16:00 crowd. full = 0 gives the short day of
 * `make check`: the first 45 minutes, busy enough for queues to form. */
void simgen_district(struct simgen_params *p, int full, uint64_t seed);

/* Index of the service with this code in p, or -1. */
int simgen_service_index(const struct simgen_params *p, const char *code);

/* Generate the day's arrivals in time order into out[0..max). Returns how many, or -1 when
 * the parameters are unusable (no service, no weight, max too small for the day). */
int simgen_day(const struct simgen_params *p, struct simgen_arrival *out, int max);

/* Book appointments for the day a[0..n) (from simgen_day): each citizen of a service with
 * slots books, with probability p->appt_share, the slot of that service under way when they
 * would have come, else the next one starting within the hour, if it has a free place; the
 * holder then turns up as p->appt_punct says, around the slot (grace_s: the hall's grace),
 * or never. Draws come from their own stream (seed-derived, a fixed number per citizen), so
 * the day apart from the holders is the day of share 0. With off, the same citizens are
 * marked holder but keep coming as walk-ins at their wanted time (the day without
 * appointments, for comparing the same walk-ins). Re-sorts a by time (stable). Returns the
 * number of holders, or -1 when out of memory. */
int simgen_book(const struct simgen_params *p, struct simgen_arrival *a, int n,
    struct simgen_slot *slot, int nslot, int grace_s, int off);

/* A valid 18-character resident ID number for citizen k (0..999998): Beijing Dongcheng
 * area code, a real birth date, a non-zero sequence, and the ISO 7064 MOD 11-2 check digit.
 * Distinct for distinct k. out must hold 19 bytes. */
void simgen_id_number(int k, char *out);

/* The ISO 7064 MOD 11-2 check character ('0'-'9' or 'X') of 17 digits. */
char simgen_id_check(const char *digits17);

#endif
