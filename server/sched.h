/* sched.h — who is called next, and when each waiting ticket will be called: pure functions
 * over values (no I/O, no clock, no globals). Documented in docs/SCHEDULING.md. */
#ifndef JH_SCHED_H
#define JH_SCHED_H

/* Priority lanes, lowest first. Names on the wire: see sched_lane_name. */
enum sched_lane {
	LANE_NORMAL = 0,
	LANE_APPOINTMENT,
	LANE_PREREVIEWED,
	LANE_ELDERLY,
	LANE_DISABLED,
	LANE_GREEN,
	LANE_COUNT
};

/* A waiting ticket as the scheduler sees it. Times are Unix seconds. */
struct sched_ticket {
	long long id;
	int service;		/* index into the hall's services */
	enum sched_lane lane;
	long long issued_at;	/* original issue time: kept across transfers */
	long long slot_start;	/* appointment slot start, 0 when none */
	long long slot_end;	/* appointment slot end, 0 when none */
};

/* One service a window serves, and in which role. */
struct sched_duty {
	int service;
	int backup;		/* 0 primary (always served), 1 backup (only when no primary
				 * ticket has waited longer than the policy's threshold) */
};

struct sched_policy {
	int weight_s[LANE_COUNT];	/* head start of each lane, in seconds of waiting */
	int backup_threshold_s;		/* a backup service is served only when no primary
					 * ticket has waited longer than this */
	int appt_grace_s;		/* an appointment keeps its priority until slot start + this */
	int max_overtake;		/* bound: a ticket is passed by at most this many later
					 * tickets of higher lanes (0 = no bound) */
};

/* The hall's defaults (also documented in docs/SCHEDULING.md). */
void sched_policy_default(struct sched_policy *p);

/* Wire name of a lane ("normal", "green", ...), and back (-1 when unknown). */
const char *sched_lane_name(enum sched_lane l);
int sched_lane_parse(const char *name);

/* The ticket the window should call now: an index into t[0..nt), or -1 when none of the
 * window's services has a waiting ticket. Deterministic; ties go to the lower id. */
int sched_pick(const struct sched_policy *p, const struct sched_duty *duty, int nduty,
    const struct sched_ticket *t, int nt, long long now);

/* A window as the forecast sees it. */
struct sched_window {
	const struct sched_duty *duty;
	int nduty;
	int open;		/* 0: closed or paused, calls nobody */
	long long free_at;	/* when it is expected to call next (<= now when idle) */
};

/* Forecast when each waiting ticket will be called by simulating forward which ticket each
 * open window calls, with handle_s[w * nservices + s] the expected handling time of service s
 * at window w (seconds, > 0). Fills eta_s[i] (seconds from now) and ahead[i] (tickets called
 * before t[i]) for every ticket; a ticket no open window serves gets eta_s -1 and ahead as its
 * place in its service's queue. Returns 0, or -1 when out of memory. */
int sched_forecast(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, const struct sched_ticket *t, int nt, long long now,
    int *eta_s, int *ahead);

#endif
