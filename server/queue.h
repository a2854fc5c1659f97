/* queue.h — the hall's live state in memory: today's waiting and called tickets, the windows'
 * states and the handling-time averages. Pure logic over values: no I/O, no clock (callers
 * pass now). The store (store.h) keeps the durable copy; ops*.c keep both in step. */
#ifndef JH_QUEUE_H
#define JH_QUEUE_H

#include "hallconf.h"
#include "sched_learn.h"
#include "sched_range.h"

enum ticket_state {
	TS_WAITING = 0, TS_CALLED, TS_DONE, TS_NO_SHOW, TS_TRANSFERRED, TS_CANCELLED, TS_COUNT
};
enum window_state { WS_CLOSED = 0, WS_OPEN, WS_PAUSED, WS_COUNT };
enum applicant { AP_INDIVIDUAL = 0, AP_ENTERPRISE, AP_COUNT };
enum channel { CH_WALK_IN = 0, CH_APPOINTMENT, CH_COUNT };

#define QUEUE_DEFAULT_HANDLE_S	300.0	/* assumed handling time before any is measured */
#define QUEUE_HANDLE_MEMORY	50	/* the handling means remember about this many samples */
#define QUEUE_HANDLE_PRIOR_N	4	/* the hall file's handle counts as this many samples */
#define QUEUE_WS_SHRINK		10	/* a window's mean for a service is pulled towards the
					 * service's by this many samples' worth */

struct ticket {
	long long id;
	char code[16];
	int svc;		/* index into conf.svc */
	int lane;		/* enum sched_lane */
	int state;
	long long issued_at;	/* kept across transfers */
	int window;		/* window index serving it, or -1 */
	int pin;		/* transferred to this window index only, or -1 */
	long long called_at;
	long long finished_at;
	int recalls;
	int applicant;
	int channel;
	char day[11];		/* local date of issue, "YYYY-MM-DD" */
	long long slot_start, slot_end;
	int passed;		/* tickets issued after it called while it was eligible at the
				 * calling window (max_overtake; counted only while it is set) */
	int fc_eta, fc_ahead;	/* the last forecast for this ticket */
	int eta_given;		/* the ETA its take (or check-in) was answered with, + 1, which
				 * its call event records for the statistics (stored with the
				 * ticket: eta_s, eta_lo_s, eta_hi_s); 0: none (no window was to
				 * serve it, or taken before they were stored); -1: to be given
				 * at the end of its take's turn (eta_give) */
	int eta_lo_given, eta_hi_given;	/* the range given with it (sched_range.h) */
};

struct qwin {
	int state;
	char clerk[40];		/* user name, "" when nobody */
	long long current;	/* id of the called ticket, 0 when none */
	int served_today;
	double avg_handle_s;	/* moving average over this window's finished tickets */
};

struct qsvc {
	int seq;		/* last sequence number issued today */
	struct sched_mean handle;	/* handling seconds over all windows (sched_learn.h) */
	double log_mean;	/* moving average of log(handling seconds) */
	int log_n;		/* handling times seen for log_mean */
};

/* The forecast's working arrays (queue.c), kept from one call to the next so that a busy loop
 * turn allocates nothing: grown when the queue or the hall grows, freed by queue_free. */
struct queue_scratch;

struct queue {
	struct hall_conf conf;
	struct qsvc svc[HALL_MAX_SERVICES];
	struct qwin win[HALL_MAX_WINDOWS];
	/* handling time per window and service (for the ETA: shrunk towards the service's) */
	struct sched_mean ws_handle[HALL_MAX_WINDOWS][HALL_MAX_SERVICES];
	/* spread of handling times: a moving variance of log(handling) around each service's
	 * log_mean, over the whole hall; what a busy window is expected still to need */
	double log_var;
	int log_var_n;
	/* the forecast's errors, learnt from each first call: the ETA range */
	struct sched_range range;
	struct ticket *t;	/* live tickets: waiting and called */
	int nt, cap;
	char day[11];		/* the business day the counters belong to */
	struct queue_scratch *fc;	/* behind a pointer: a forecast over a const queue
					 * may still reuse it */
	/* arrivals the forecast expects: today's bookings not checked in yet
	 * (queue_set_expected) */
	struct sched_ticket *expect;
	int nexp, cap_exp;
};

const char *queue_state_name(int s);
int queue_state_parse(const char *s);
const char *queue_window_state_name(int s);
const char *queue_applicant_name(int a);
int queue_applicant_parse(const char *s);
const char *queue_channel_name(int c);
int queue_channel_parse(const char *s);

/* Reset to an empty queue for conf (copied). Pair every queue_init with a queue_free. */
void queue_init(struct queue *q, const struct hall_conf *conf);
void queue_free(struct queue *q);

/* Live tickets. queue_add copies t; 0 or -1 when out of memory. */
struct ticket *queue_find(struct queue *q, long long id);
struct ticket *queue_find_code(struct queue *q, const char *code);
int queue_add(struct queue *q, const struct ticket *t);
void queue_remove(struct queue *q, long long id);

/* Format the code of the seq-th ticket of a service: prefix + at least three digits. */
void queue_format_code(const struct hall_service *s, int seq, char *buf, int size);

/* Which live ticket window w should call now (index into q->t), or -1. */
int queue_pick(const struct queue *q, int w, long long now);

/* Keep the max_overtake counts after window w picked q->t[pick] (queue_pick), before it
 * leaves the waiting tickets: every waiting ticket eligible at w and issued before it is
 * passed once more (sched_note_call). Does nothing while the policy's max_overtake is 0.
 * Returns how many tickets changed, their indexes into q->t in changed (room for q->nt), or
 * -1 when out of memory. */
int queue_note_call(struct queue *q, int w, int pick, long long now, int *changed);

/* Forecast ahead/eta for every live waiting ticket (arrays of q->nt; called tickets get 0).
 * 0, or -1 when out of memory. */
int queue_forecast(const struct queue *q, long long now, int *eta_s, int *ahead);

/* The rebalancing suggestion by the forecast (sched_balance_best over the hall now): 1 and
 * *out, 0 none worth it, -1 out of memory. */
struct sched_balance;
int queue_balance(const struct queue *q, long long now, int max_added, double min_gain,
    const unsigned char *refused, struct sched_balance *out);

/* When the windows are expected to serve, for the forecast: before the hall's opening time
 * (open_min, local) of now's day, that time; else now. */
long long queue_opens_at(const struct queue *q, long long now);
/* Teach the range (q->range) a first call: the ticket of lane `lane` issued at issued_at was
 * told eta_s and waited wait_s. The part of both before the opening time is no error of the
 * forecast (docs/SCHEDULING.md, "Before the windows open"): the rest is noted. */
void queue_note_range(struct queue *q, int lane, int eta_s, int wait_s, long long issued_at);
/* Run the forecast and keep its figures in each live ticket (fc_eta, fc_ahead). 0, or -1
 * when out of memory. */
int queue_forecast_store(struct queue *q, long long now);

/* The arrivals the forecast expects besides the waiting tickets (copied; n 0: none), e.g. from
 * sched_expect_bookings. 0, or -1 when out of memory (the old ones are then dropped). */
int queue_set_expected(struct queue *q, const struct sched_ticket *e, int n);

/* Forecast the n live waiting tickets ids (taken since, in id order) on top of the last
 * queue_forecast_store, when nothing else changed since and the clock is still at now:
 * sets their fc_eta and fc_ahead as queue_forecast_store would (sched_forecast_append).
 * 0: done; 1: it cannot (run queue_forecast_store); -1: out of memory. */
int queue_forecast_append(struct queue *q, long long now, const long long *ids, int n);

/* Record a handling time of secs for service s at window w (moving averages and the
 * spread); the store replays the newest finished tickets through it at start-up. */
void queue_record_handle(struct queue *q, int w, int s, double secs);

/* The handling time the forecast expects of service s at window w (or of the tickets pinned
 * to window w when s is nsvc + w): at least 1 s. */
double queue_expected_handle(const struct queue *q, int w, int s);

/* Handling samples before the spread is used (until then a busy window is expected to need
 * its mean less the time it has run, at least a quarter of the mean). */
#define QUEUE_SPREAD_MIN_SAMPLES 20

/* Expected time still needed by a handling of mean seconds that has run elapsed seconds:
 * with a log-normal law of that mean and log-deviation sigma, E[H - e | H > e]; with sigma
 * <= 0, max(mean - elapsed, mean / 4). At least 1. */
double queue_rest_s(double mean, double sigma, double elapsed);

/* The few waiting tickets among which the first k calls of any window can fall (k of
 * sched_pick after one another, with sched_note_call between them while max_overtake is set),
 * whatever its duties: what status lists as each service's and window's next tickets, found
 * without running sched_pick over every waiting ticket. With the same duties, k sched_picks
 * over these tickets choose exactly what they would over all of them: tickets of one service
 * (or pinned to one window) with the same head start at now are called in issue order, so
 * each such group's k + 1 oldest hold its k possible calls and its oldest left (the backup
 * threshold); with max_overtake, each group of one service with the same count of passes
 * still missing before it locks the queue (0 to k) holds, in its k + 1 oldest, the one that
 * would lock it first. Indexes into q->t in out (ascending, each once), which has room for
 * QUEUE_STATUS_CANDIDATES(q, k) of them (a ticket may first be counted in two groups); their
 * count, or -1 when out of memory. O(nt x k). */
int queue_status_candidates(const struct queue *q, long long now, int k, int *out);
#define QUEUE_STATUS_CANDIDATES(q, k) \
	(((q)->conf.nsvc + (q)->conf.nwin) * (LANE_COUNT + (k) + 1) * ((k) + 1))

/* Waiting tickets of service s, and how long the oldest has waited (0 when none). */
int queue_waiting(const struct queue *q, int s, long long now, long long *longest);
/* Number of open windows serving service s (primary or backup); any: of windows in any state. */
int queue_open_windows(const struct queue *q, int s, int any);
/* Services served at now: served[s] = 1 when a window that is open or paused has service s
 * among its duties (primary or backup), else 0; for every service of the hall. Before the
 * opening time (queue_opens_at > now) a window in any state counts: the forecast takes it
 * to open then (docs/SCHEDULING.md, "Before the windows open"). */
void queue_served(const struct queue *q, long long now, char *served);

#endif
