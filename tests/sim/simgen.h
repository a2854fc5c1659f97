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
	int nservices;
	struct simgen_service svc[SIMGEN_MAX_SERVICES];
};

struct simgen_arrival {
	int at_s;		/* seconds from opening */
	int service;		/* index into params.svc */
	enum sched_lane lane;
	int enterprise;		/* 1: enterprise applicant, 0: individual */
	int no_show;		/* 1: gone when called */
	int handle_s;		/* how long serving takes (>= 30 s) */
};

/* The sample hall's day (server/examples/district.ini, services A..Q, open 09:00-17:00):
 * a morning peak, a lunch lull and the 13:00-16:00 crowd. full = 0 gives the short day of
 * `make check`: the first 45 minutes, busy enough for queues to form. */
void simgen_district(struct simgen_params *p, int full, uint64_t seed);

/* Index of the service with this code in p, or -1. */
int simgen_service_index(const struct simgen_params *p, const char *code);

/* The expected arrival rate (tickets per second) of service g in lane l at second at_s from
 * opening: what a forecast that knows the day's profile would assume. */
double simgen_rate(const struct simgen_params *p, int at_s, int g, enum sched_lane l);

/* Generate the day's arrivals in time order into out[0..max). Returns how many, or -1 when
 * the parameters are unusable (no service, no weight, max too small for the day). */
int simgen_day(const struct simgen_params *p, struct simgen_arrival *out, int max);

#endif
