/* sched.h — who is called next, and when each waiting ticket will be called: pure functions
 * over values (no I/O, no clock, no globals). The policy and its proved bound are documented
 * in docs/SCHEDULING.md. */
#ifndef JH_SCHED_H
#define JH_SCHED_H

#include <stddef.h>

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
	int passed;		/* tickets issued after this one that were called while it
				 * was eligible (see sched_note_call); read only when the
				 * policy's max_overtake > 0, so callers that leave
				 * max_overtake at 0 need not keep it */
};

/* One service a window serves, and in which role. */
struct sched_duty {
	int service;
	int backup;		/* 0 primary (always served), 1 backup (not while a primary
				 * ticket issued before it has waited longer than the
				 * policy's threshold) */
};

struct sched_policy {
	int weight_s[LANE_COUNT];	/* head start of each lane, in seconds of waiting; the
					 * appointment weight applies to a DUE appointment */
	int backup_threshold_s;		/* a backup ticket waits while a primary ticket
					 * issued before it has waited longer than this */
	int appt_grace_s;		/* an appointment keeps its priority until slot start + this */
	int max_overtake;		/* bound: a ticket is passed by at most this many later
					 * tickets (0 = only the time bound, see docs/SCHEDULING.md) */
};

/* Limits checked by sched_policy_check and sched_policy_set. */
#define SCHED_MAX_WEIGHT_S	(24 * 3600)
#define SCHED_MAX_OVERTAKE	1000

/* The hall's defaults (also documented in docs/SCHEDULING.md). */
void sched_policy_default(struct sched_policy *p);

/* Set one [policy] key of a hall file: a lane name ("normal", "green", ...) for its weight,
 * "backup_threshold", "appt_grace" (seconds) or "max_overtake" (a count). Values are decimal
 * integers, optionally with a unit suffix s, m or h ("20m"). 0, or -1 with a message for
 * people in err (unknown key, not a number, out of range). */
int sched_policy_set(struct sched_policy *p, const char *key, const char *value, char *err,
    size_t errlen);

/* 0 when every field is within its limits, else -1 with a message in err. */
int sched_policy_check(const struct sched_policy *p, char *err, size_t errlen);

/* Wire name of a lane ("normal", "green", ...), and back (-1 when unknown). */
const char *sched_lane_name(enum sched_lane l);
int sched_lane_parse(const char *name);

/* The head start t has at time now: its lane's weight, except that an appointment with a
 * slot counts as normal before slot_start and after slot_start + appt_grace_s. */
int sched_weight(const struct sched_policy *p, const struct sched_ticket *t, long long now);

/* The ticket the window should call now: an index into t[0..nt), or -1 when none of the
 * window's services has a waiting ticket. Deterministic; ties go to the lower id. */
int sched_pick(const struct sched_policy *p, const struct sched_duty *duty, int nduty,
    const struct sched_ticket *t, int nt, long long now);

/* 1 when t[i] may be called by this window now (its service is a duty, and for a backup duty
 * no primary ticket issued before t[i] has waited longer than the threshold), else 0. */
int sched_eligible(const struct sched_policy *p, const struct sched_duty *duty, int nduty,
    const struct sched_ticket *t, int nt, int i, long long now);

/* Keep the max_overtake counters after t[picked] was called by this window at now: every
 * other ticket eligible there that was issued before it gets passed + 1. The caller then
 * removes t[picked]. Needed only when max_overtake > 0. */
void sched_note_call(const struct sched_policy *p, const struct sched_duty *duty, int nduty,
    struct sched_ticket *t, int nt, int picked, long long now);

/* A window as the forecast sees it. */
struct sched_window {
	const struct sched_duty *duty;
	int nduty;
	int open;		/* 0: closed or paused, calls nobody */
	long long free_at;	/* when it is expected to call next (<= now when idle) */
};

/* Forecast when each waiting ticket will be called by simulating forward which ticket each
 * open window calls (with sched_pick itself), with handle_s[w * nservices + s] the expected
 * handling time of service s at window w (seconds, > 0; anything else counts as 1). Fills
 * eta_s[i] (seconds from now) and ahead[i] (tickets called before t[i] by windows that serve
 * t[i]'s service) for every ticket; a ticket no open window serves (or whose service is not
 * in 0..nservices-1) gets eta_s -1 and ahead as its place in its service's queue now.
 * Returns 0, or -1 when out of memory. Cost: O(nt log nt + calls x (nw + duties)): per
 * service a heap by head start - issued_at (see docs/SCHEDULING.md, section 3); with
 * max_overtake > 0, or tickets sharing an id, it is sched_forecast_reference (O(nt^2)). */
int sched_forecast(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, const struct sched_ticket *t, int nt, long long now,
    int *eta_s, int *ahead);

/* The same, expecting new arrivals as well: rate[s * LANE_COUNT + l] is the arrival rate of
 * service s in lane l (tickets per second; NULL: none). Newcomers of the lanes with a head
 * start over normal are added, evenly spaced, for as long as they could still pass a ticket
 * waiting now (the largest head start minus the smallest), at most 4096 of them; they are
 * called like real tickets but get no ETA and do not count in ahead. sched_forecast is this
 * with rate NULL. */
int sched_forecast_arrivals(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, const double *rate, const struct sched_ticket *t,
    int nt, long long now, int *eta_s, int *ahead);

struct sched_tail;

/* The same, with arrivals known one by one besides (expect[0..nexp), e.g. today's booked
 * appointments: lane appointment, the slot, issued_at the expected arrival; an issued_at
 * before now counts as now; ids and passed are ignored): they are called like the expected
 * arrivals of rate (no ETA, not in ahead). tl as in sched_forecast_keep (NULL: none; it
 * keeps nothing when there are arrivals). */
int sched_forecast_expect(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, const double *rate, const struct sched_ticket *expect,
    int nexp, const struct sched_ticket *t, int nt, long long now, int *eta_s, int *ahead,
    struct sched_tail *tl);

/* Where a forecast's simulation ended, kept so that tickets taken afterwards in the same second
 * can be placed without simulating the whole queue again (sched_forecast_append). Zero it
 * before first use; sched_tail_free releases its arrays. */
struct sched_tail {
	int valid;		/* 0: nothing kept (or the last forecast could not keep it) */
	int nw, nservices;
	long long now;		/* the forecast's now */
	long long max_id;	/* the highest ticket id it has seen */
	double *free_at;	/* per window: when the simulation leaves it with nobody to call */
	double **pick_at;	/* per window: when it called each real ticket, ascending */
	int *npick, *cap_pick;
	int *count;		/* per service: real tickets of that service */
	size_t cap_w, cap_s;
};
void sched_tail_free(struct sched_tail *tl);

/* sched_forecast that also keeps in tl where its simulation ended (tl->valid says whether it
 * could: not with max_overtake, nor when the tickets' ids do not increase along t, nor when
 * one is issued after now). */
int sched_forecast_keep(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, const struct sched_ticket *t, int nt, long long now,
    int *eta_s, int *ahead, struct sched_tail *tl);

/* Place nt tickets taken after the forecast kept in tl, with the same windows, handling times
 * and now: fills eta_s and ahead exactly as sched_forecast over the old tickets and these
 * together would, in O(nt x (nw + nt)). It can when every new ticket is issued at tl->now,
 * has ids above every earlier one (increasing along t), a valid service and a lane with the
 * smallest head start (and no slot), so that every window calls it after everybody already
 * waiting; and when no new ticket would wait longer than the backup threshold for a service
 * that is primary at an open window with a backup duty (it would then suspend that backup and
 * change who else is called). 0: done, tl now includes them; 1: cannot (tl unchanged: run
 * sched_forecast_keep over everything); -1: out of memory. */
int sched_forecast_append(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, struct sched_tail *tl, const struct sched_ticket *t,
    int nt, int *eta_s, int *ahead);

/* The forecast as first written: one sched_pick per simulated call, O(nt^2). The
 * specification sched_forecast and sched_forecast_arrivals are tested against (same
 * arguments, same results, ticket by ticket). */
int sched_forecast_reference(const struct sched_policy *p, const struct sched_window *w,
    int nw, const double *handle_s, int nservices, const struct sched_ticket *t, int nt,
    long long now, int *eta_s, int *ahead);
int sched_forecast_arrivals_reference(const struct sched_policy *p, const struct sched_window *w,
    int nw, const double *handle_s, int nservices, const double *rate,
    const struct sched_ticket *t, int nt, long long now, int *eta_s, int *ahead);
int sched_forecast_expect_reference(const struct sched_policy *p, const struct sched_window *w,
    int nw, const double *handle_s, int nservices, const double *rate,
    const struct sched_ticket *expect, int nexp, const struct sched_ticket *t, int nt,
    long long now, int *eta_s, int *ahead);

#endif
