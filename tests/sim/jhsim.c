/* jhsim.c — the hall simulator: plays a generated day (tests/sim/simgen.c) against a real jhd
 * over the protocol: takes tickets as the kiosk, runs a clerk agent per window (call_next,
 * finish, no_show), moves the server's test clock from event to event, checks that nothing is
 * lost and that every call follows the scheduling policy, and prints the day's figures
 * (tests/sim/simreport.c). Deterministic for a seed.
 *
 *   jhsim --sock PATH --start ISO8601 [--seed N] [--day short|full] [--hall FILE [--import]]
 *         [--appt-share F] [--appt-off] [--targets] [--balance off|supervisor|auto] [--verbose]
 *
 * jhd must run with --test-clock; the simulator speaks as admin over the Unix socket. --hall
 * names the hall file whose [policy] the calls are checked against (and which --import sends
 * to jhd first); --targets also checks the bench targets. --appt-share (default 0.28) is the
 * share of the citizens of services with slots who book one: at an hour before opening the
 * simulator books their slots (book, valid ID numbers), and they check in (checkin) around
 * their slot, or never (the server's no-show sweep). --appt-off books nobody: the same
 * citizens come as walk-ins (the day of share 0 with the same seed), and the walk-ins'
 * figures are over the same citizens as with appointments. Environment: JHSIM_DEBUG=1 prints
 * one "D lane service wait model_eta eta eta_lo eta_hi issued" line per ticket, and for the
 * fairness against FIFO "B" lines (what each window was handling when a ticket over its FIFO
 * wait + bound was issued) and "W" lines (the calls while the worst one waited); JHSIM_NO_RATES=1 makes the model
 * forecast expect no newcomers. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../server/client/jhclient.h"
#include "../../server/clock.h"
#include "../../server/sched.h"
#include "../../server/sched_range.h"
#include "simgen.h"
#include "simreport.h"

#define TIMEOUT_MS	15000
#define MAX_WINDOWS	64
#define MAX_DUTIES	32
#define NO_SHOW_WAIT_S	90	/* a clerk waits this long for a called citizen */
#define ORACLE_DRAWS	1024	/* handling-time draws of the best-possible forecast */
#define ORACLE_DRAWS_S	"1024"

struct win {
	char name[32];
	struct sched_duty duty[MAX_DUTIES];
	int nduty;
	int cur;		/* index into tickets, -1 idle */
	long long busy_until;
	double busy_s;
};

/* A window's duties from a time on (the day's history: rebalancing changes them). */
struct dutyset {
	int win;
	long long from;
	int nduty;
	struct sched_duty duty[MAX_DUTIES];
};

/* Who rebalances the windows during the day (--balance). */
enum balance { BAL_OFF = 0, BAL_SUPERVISOR, BAL_AUTO };
#define BALANCE_EVERY_S	600	/* the supervisor follows jhd's suggestion this often */

struct sim {
	struct jhc *c;
	struct sched_policy pol;
	struct simgen_params gen;
	struct simgen_arrival *arr;
	int narr;
	/* the hall's services, in the order of the `services` answer */
	char svc_code[SIMGEN_MAX_SERVICES][8];
	int svc_gen[SIMGEN_MAX_SERVICES];	/* generator index, -1 none */
	int nsvc;
	struct win win[MAX_WINDOWS];
	int nwin;
	struct dutyset *hist;		/* every window's duties over the day */
	int nhist, changes;
	enum balance balance;
	long long balance_mark;		/* the last period rebalanced */
	/* every ticket taken, in the order taken */
	struct simrep_ticket *tk;
	int *tk_arr;			/* its arrival */
	char (*tk_code)[16];		/* its code ("A001") */
	int *tk_model_eta;		/* sched_forecast's ETA with the true service means */
	int *tk_model_rates;		/* the same expecting the day's true arrival rates */
	int ntk;
	long long now, start;		/* start: the hall opens; the clock may start earlier */
	int opened;			/* the windows are open (from start on) */
	/* appointments */
	int appt_off;
	struct simgen_slot slot[4096];
	int nslot;
	char (*bk_code)[16];		/* booking code by arrival index */
	int nbooked, nnever;
	/* checks */
	int policy_mismatch, called_twice, unknown_call, take_failed, op_failed;
	int book_failed, checkin_failed, checkin_lane_wrong;
};

static int verbose;

static void
fail(const char *what, struct jhc *c)
{
	fprintf(stderr, "jhsim: %s: %s (%s)\n", what, jhc_error(c), jhc_error_code(c));
}

static int
policy_key(void *user, const char *section, const char *name, const char *value)
{
	struct sim *s = user;
	char err[200];

	if (strcmp(section, "policy") != 0 || strcmp(name, "unserved") == 0 ||
	    strncmp(name, "auto_balance", 12) == 0)
		return 1;	/* jhd's, not the scheduler's */
	if (sched_policy_set(&s->pol, name, value, err, sizeof err) != 0) {
		fprintf(stderr, "jhsim: hall file: %s\n", err);
		return 0;
	}
	return 1;
}

static int
svc_index(const struct sim *s, const char *code)
{
	for (int i = 0; i < s->nsvc; i++)
		if (strcmp(s->svc_code[i], code) == 0)
			return i;
	return -1;
}

/* Window k's duties from now on, when they differ from the last ones kept. */
static void
note_duties(struct sim *s, int k)
{
	const struct win *w = &s->win[k];
	struct dutyset *h = NULL, *n;

	for (int i = s->nhist - 1; i >= 0 && !h; i--)
		if (s->hist[i].win == k)
			h = &s->hist[i];
	if (h && h->nduty == w->nduty && memcmp(h->duty, w->duty, (size_t)w->nduty *
	    sizeof w->duty[0]) == 0)
		return;
	if ((n = realloc(s->hist, (size_t)(s->nhist + 1) * sizeof *n)) == NULL)
		return;
	s->hist = n;
	n = &s->hist[s->nhist++];
	n->win = k;
	n->from = h ? s->now : 0;
	n->nduty = w->nduty;
	memcpy(n->duty, w->duty, sizeof n->duty);
	if (h)
		s->changes++;
}

/* Window k's duties at time t (the replays follow the day's changes). */
static const struct dutyset *
duties_at(const struct sim *s, int k, long long t)
{
	for (int i = s->nhist - 1; i >= 0; i--)
		if (s->hist[i].win == k && s->hist[i].from <= t)
			return &s->hist[i];
	return NULL;
}

static int learn_duties(struct sim *s);

/* Learn the hall: services, windows and their duties; open every window. */
static int
learn_hall(struct sim *s)
{
	json_t *a, *arr, *v;
	size_t i;

	if ((a = jhc_op(s->c, "services", NULL, TIMEOUT_MS)) == NULL) {
		fail("services", s->c);
		return -1;
	}
	arr = json_object_get(a, "services");
	json_array_foreach(arr, i, v) {
		const char *code = json_string_value(json_object_get(v, "code"));

		if (code == NULL || s->nsvc >= SIMGEN_MAX_SERVICES)
			continue;
		snprintf(s->svc_code[s->nsvc], sizeof s->svc_code[0], "%s", code);
		s->svc_gen[s->nsvc] = simgen_service_index(&s->gen, code);
		s->nsvc++;
	}
	json_decref(a);
	/* the generator only makes tickets for services the hall has */
	for (int g = 0; g < s->gen.nservices; g++)
		if (svc_index(s, s->gen.svc[g].code) < 0)
			s->gen.svc[g].share = 0;

	return learn_duties(s) == 0 && s->nsvc > 0 && s->nwin > 0 ? 0 : -1;
}

/* The windows' duties as jhd has them now (the first time: the windows too); each change is
 * kept in the history (duties_at) from now on. */
static int
learn_duties(struct sim *s)
{
	json_t *a, *arr, *v;
	size_t i;

	if ((a = jhc_op(s->c, "status", NULL, TIMEOUT_MS)) == NULL) {
		fail("status", s->c);
		return -1;
	}
	arr = json_object_get(a, "windows");
	json_array_foreach(arr, i, v) {
		struct win *w = NULL;
		json_t *duties = json_object_get(v, "duties"), *d;
		const char *name = json_string_value(json_object_get(v, "name"));
		size_t j;
		int k;

		if (name == NULL)
			continue;
		for (k = 0; k < s->nwin && !w; k++)
			if (strcmp(s->win[k].name, name) == 0)
				w = &s->win[k];
		if (w == NULL) {
			if (s->nwin >= MAX_WINDOWS)
				continue;
			w = &s->win[s->nwin++];
			snprintf(w->name, sizeof w->name, "%s", name);
			w->cur = -1;
		}
		w->nduty = 0;
		if (json_is_array(duties)) {
			json_array_foreach(duties, j, d) {
				const char *code = json_string_value(json_object_get(d, "service"));
				const char *role = json_string_value(json_object_get(d, "role"));
				k = code ? svc_index(s, code) : -1;
				if (k < 0 || w->nduty >= MAX_DUTIES)
					continue;
				w->duty[w->nduty].service = k;
				w->duty[w->nduty].backup = role && strcmp(role, "backup") == 0;
				w->nduty++;
			}
		} else {
			json_array_foreach(json_object_get(v, "services"), j, d) {
				k = json_is_string(d) ? svc_index(s, json_string_value(d)) : -1;
				if (k < 0 || w->nduty >= MAX_DUTIES)
					continue;
				w->duty[w->nduty].service = k;
				w->duty[w->nduty].backup = 0;
				w->nduty++;
			}
		}
		note_duties(s, (int)(w - s->win));
	}
	json_decref(a);
	return 0;
}

/* The hall opens: every window opens (clerks call from now on). */
static int
open_windows(struct sim *s)
{
	for (int k = 0; k < s->nwin; k++) {
		json_t *r = jhc_request(s->c, json_pack("{s:s, s:s}", "op", "open", "window",
		    s->win[k].name), TIMEOUT_MS);

		if (r == NULL) {
			fail("open", s->c);
			return -1;
		}
		json_decref(r);	/* "conflict" when already open is fine */
	}
	s->opened = 1;
	return 0;
}

static int
clock_to(struct sim *s, long long t)
{
	json_t *a;

	if (t == s->now)
		return 0;
	a = jhc_op(s->c, "clock", json_pack("{s:I}", "advance_s", (json_int_t)(t - s->now)),
	    TIMEOUT_MS);
	if (a == NULL) {
		fail("clock", s->c);
		return -1;
	}
	json_decref(a);
	s->now = t;
	return 0;
}

static int
ticket_index(const struct sim *s, long long id)
{
	for (int i = s->ntk - 1; i >= 0; i--)
		if (s->tk[i].id == id)
			return i;
	return -1;
}

static int waiting(const struct sim *s, struct sched_ticket *q, int *map);

static double rest_mean(double mean, double sigma, double e);

/* What sched_forecast says for the newest ticket when fed the generator's true mean handling
 * time per service, and for a busy window the expected rest of its lognormal with the true
 * sigma: jhd's forecast without the error of its learnt figures. */
static int
model_eta(struct sim *s, int rates)
{
	static double rate[SIMGEN_MAX_SERVICES * LANE_COUNT];
	static struct sched_ticket q[SIMGEN_MAX_ARRIVALS];
	static int map[SIMGEN_MAX_ARRIVALS], eta[SIMGEN_MAX_ARRIVALS], ahead[SIMGEN_MAX_ARRIVALS];
	static double handle[MAX_WINDOWS * SIMGEN_MAX_SERVICES];
	struct sched_window w[MAX_WINDOWS];
	int n = waiting(s, q, map);

	for (int k = 0; k < s->nwin; k++) {
		w[k].duty = s->win[k].duty;
		w[k].nduty = s->win[k].nduty;
		w[k].open = 1;
		w[k].free_at = s->now < s->start ? s->start : s->now;	/* opens at start */
		if (s->win[k].cur >= 0) {
			const struct simrep_ticket *c = &s->tk[s->win[k].cur];
			int g = s->svc_gen[c->service];
			double mean = g >= 0 ? s->gen.svc[g].handle_mean_s : 300;
			double sigma = g >= 0 ? s->gen.svc[g].handle_sigma : 0.5;

			w[k].free_at = s->now + llround(rest_mean(mean, sigma,
			    (double)(s->now - c->called)));
		}
		for (int v = 0; v < s->nsvc; v++) {
			int g = s->svc_gen[v];

			handle[k * s->nsvc + v] = g >= 0 ? s->gen.svc[g].handle_mean_s : 300;
		}
	}
	for (int v = 0; v < s->nsvc; v++)
		for (int l = 0; l < LANE_COUNT; l++)
			rate[v * LANE_COUNT + l] = rates && s->svc_gen[v] >= 0 ?
			    simgen_rate(&s->gen, s->svc_gen[v], l, (int)(s->now - s->start)) : 0;
	if (sched_forecast_arrivals(&s->pol, w, s->nwin, handle, s->nsvc, rates ? rate : NULL, q,
	    n, s->now, eta, ahead) != 0)
		return -1;
	for (int k = 0; k < n; k++)
		if (map[k] == s->ntk - 1)
			return eta[k];
	return -1;
}

/* Note the ticket t (a take's or a checkin's answer) of arrival ai. */
static void
record(struct sim *s, int ai, json_t *t, const char *code)
{
	const struct simgen_arrival *x = &s->arr[ai];
	struct simrep_ticket *r = &s->tk[s->ntk];
	const char *iso;
	long long v;
	int lane;

	memset(r, 0, sizeof *r);
	r->id = json_integer_value(json_object_get(t, "id"));
	iso = json_string_value(json_object_get(t, "code"));
	snprintf(s->tk_code[s->ntk], sizeof s->tk_code[0], "%s", iso ? iso : "");
	r->service = svc_index(s, code);
	r->lane = x->lane;
	iso = json_string_value(json_object_get(t, "priority"));
	if (iso && (lane = sched_lane_parse(iso)) >= 0)
		r->lane = (enum sched_lane)lane;
	r->issued = s->now;
	iso = json_string_value(json_object_get(t, "issued_at"));
	if (iso && clock_parse_iso(iso, &v) == 0)
		r->issued = v;
	iso = json_string_value(json_object_get(t, "slot_start"));
	if (iso && clock_parse_iso(iso, &v) == 0)
		r->slot_start = v;
	iso = json_string_value(json_object_get(t, "slot_end"));
	if (iso && clock_parse_iso(iso, &v) == 0)
		r->slot_end = v;
	r->eta_s = json_is_integer(json_object_get(t, "eta_s")) ?
	    (int)json_integer_value(json_object_get(t, "eta_s")) : -1;
	r->eta_lo_s = json_is_integer(json_object_get(t, "eta_lo_s")) ?
	    (int)json_integer_value(json_object_get(t, "eta_lo_s")) : -1;
	r->eta_hi_s = json_is_integer(json_object_get(t, "eta_hi_s")) ?
	    (int)json_integer_value(json_object_get(t, "eta_hi_s")) : -1;
	r->window = -1;
	r->state = SR_WAITING;
	r->appt = x->appt;
	r->holder = x->holder;
	s->tk_arr[s->ntk++] = ai;
	s->tk_model_eta[s->ntk - 1] = model_eta(s, 0);
	s->tk_model_rates[s->ntk - 1] = model_eta(s, 1);
	if (verbose)
		printf("# %lld %s %s %s id %lld eta %d\n", s->now - s->start,
		    x->appt ? "checkin" : "take", code, sched_lane_name(r->lane), r->id, r->eta_s);
}

static int
take(struct sim *s, int ai)
{
	const struct simgen_arrival *x = &s->arr[ai];
	const char *code = s->gen.svc[x->service].code;
	json_t *a;

	a = jhc_op(s->c, "take", json_pack("{s:s, s:s, s:s, s:s}", "service", code, "priority",
	    sched_lane_name(x->lane), "applicant", x->enterprise ? "enterprise" : "individual",
	    "channel", "walk_in"), TIMEOUT_MS);
	if (a == NULL) {
		fail("take", s->c);
		s->take_failed++;
		return 0;
	}
	record(s, ai, json_object_get(a, "ticket"), code);
	json_decref(a);
	return 0;
}

/* A holder checks in at the kiosk with the booking code; the server's lane (early, on_time,
 * late) must be the one the holder's arrival time gives. */
static int
checkin(struct sim *s, int ai)
{
	static const char *const want[] = { "", "early", "on_time", "late", "" };
	const struct simgen_arrival *x = &s->arr[ai];
	const char *code = s->gen.svc[x->service].code, *lane;
	json_t *a;

	a = jhc_op(s->c, "checkin", json_pack("{s:s}", "appointment", s->bk_code[ai]),
	    TIMEOUT_MS);
	if (a == NULL) {
		if (s->checkin_failed++ < 5)
			fail("checkin", s->c);
		return 0;
	}
	lane = json_string_value(json_object_get(a, "lane"));
	if ((lane == NULL || strcmp(lane, want[x->appt]) != 0) && s->checkin_lane_wrong++ < 5)
		printf("# %lld checkin %s: lane %s, expected %s\n", s->now - s->start,
		    s->bk_code[ai], lane ? lane : "(none)", want[x->appt]);
	record(s, ai, json_object_get(a, "ticket"), code);
	json_decref(a);
	return 0;
}

/* Comes at arrival ai: a walk-in takes a ticket, a holder checks in, "never" does not. */
static int
arrive(struct sim *s, int ai)
{
	if (s->arr[ai].appt == SIMGEN_NEVER)
		return 0;
	return s->arr[ai].appt != SIMGEN_WALK_IN ? checkin(s, ai) : take(s, ai);
}

/* The waiting tickets as the policy sees them; map[k] is the index in s->tk. */
static int
waiting(const struct sim *s, struct sched_ticket *q, int *map)
{
	int n = 0;

	for (int i = 0; i < s->ntk; i++) {
		if (s->tk[i].state != SR_WAITING)
			continue;
		memset(&q[n], 0, sizeof q[n]);
		q[n].id = s->tk[i].id;
		q[n].service = s->tk[i].service;
		q[n].lane = s->tk[i].lane;
		q[n].issued_at = s->tk[i].issued;
		q[n].slot_start = s->tk[i].slot_start;
		q[n].slot_end = s->tk[i].slot_end;
		map[n++] = i;
	}
	return n;
}

static int
call_next(struct sim *s, int k, struct sched_ticket *q, int *map)
{
	struct win *w = &s->win[k];
	int n = waiting(s, q, map), pick, i;
	json_t *a, *t;
	long long id;

	pick = sched_pick(&s->pol, w->duty, w->nduty, q, n, s->now);
	if (pick < 0)
		return 0;	/* nothing this window serves is waiting */
	a = jhc_op(s->c, "call_next", json_pack("{s:s}", "window", w->name), TIMEOUT_MS);
	if (a == NULL) {
		fail("call_next", s->c);
		s->op_failed++;
		return -1;
	}
	t = json_object_get(a, "ticket");
	if (!json_is_object(t)) {
		printf("# %lld window %s: call_next answered null, policy expected %lld\n",
		    s->now - s->start, w->name, q[pick].id);
		s->policy_mismatch++;
		json_decref(a);
		return 0;
	}
	id = json_integer_value(json_object_get(t, "id"));
	json_decref(a);
	if (id != q[pick].id && s->policy_mismatch++ < 5)
		printf("# %lld window %s: called %lld, policy expected %lld\n", s->now - s->start,
		    w->name, id, q[pick].id);
	if ((i = ticket_index(s, id)) < 0) {
		s->unknown_call++;
		return 0;
	}
	if (s->tk[i].state != SR_WAITING) {
		s->called_twice++;
		return 0;
	}
	s->tk[i].state = SR_CALLED;
	s->tk[i].called = s->now;
	s->tk[i].window = k;
	w->cur = i;
	w->busy_until = s->now + (s->arr[s->tk_arr[i]].no_show ? NO_SHOW_WAIT_S :
	    s->arr[s->tk_arr[i]].handle_s);
	if (verbose)
		printf("# %lld window %s calls %lld\n", s->now - s->start, w->name, id);
	return 0;
}

static int
finish(struct sim *s, int k)
{
	struct win *w = &s->win[k];
	int i = w->cur, noshow = s->arr[s->tk_arr[i]].no_show;
	json_t *a;

	a = jhc_op(s->c, noshow ? "no_show" : "finish", json_pack("{s:s}", "window", w->name),
	    TIMEOUT_MS);
	if (a == NULL) {
		fail(noshow ? "no_show" : "finish", s->c);
		s->op_failed++;
		return -1;
	}
	json_decref(a);
	s->tk[i].state = noshow ? SR_NO_SHOW : SR_DONE;
	w->busy_s += (double)(s->now - s->tk[i].called);
	w->cur = -1;
	return 0;
}

/* Every BALANCE_EVERY_S: the supervisor applies jhd's suggestion (status's "suggestion") with
 * assign, adding the service to the window's duties as a backup; or jhd has applied it itself
 * ([policy] auto_balance): either way the simulator learns the windows' duties again. */
static int
rebalance(struct sim *s)
{
	long long mark = s->now - s->now % BALANCE_EVERY_S;
	json_t *a, *sg;

	if (s->balance == BAL_OFF || !s->opened || mark <= s->balance_mark)
		return 0;
	s->balance_mark = mark;
	if (s->balance == BAL_SUPERVISOR) {
		const char *wn, *sv;
		int k;

		if ((a = jhc_op(s->c, "status", NULL, TIMEOUT_MS)) == NULL) {
			fail("status", s->c);
			return -1;
		}
		sg = json_object_get(a, "suggestion");
		wn = json_string_value(json_object_get(sg, "window"));
		sv = json_string_value(json_object_get(sg, "service"));
		for (k = 0; wn && sv && k < s->nwin; k++)
			if (strcmp(s->win[k].name, wn) == 0)
				break;
		if (wn && sv && k < s->nwin) {
			json_t *list = json_array(), *r;
			char buf[32];

			for (int d = 0; d < s->win[k].nduty; d++) {
				snprintf(buf, sizeof buf, "%s%s", s->svc_code[s->win[k].duty[d].service],
				    s->win[k].duty[d].backup ? ":backup" : "");
				json_array_append_new(list, json_string(buf));
			}
			snprintf(buf, sizeof buf, "%s:backup", sv);
			json_array_append_new(list, json_string(buf));
			if ((r = jhc_op(s->c, "assign", json_pack("{s:s, s:o}", "window", wn,
			    "services", list), TIMEOUT_MS)) == NULL) {
				fail("assign", s->c);
				s->op_failed++;
			}
			json_decref(r);
			if (verbose)
				printf("# %lld supervisor: window %s also serves %s\n",
				    s->now - s->start, wn, sv);
		}
		json_decref(a);
	}
	return learn_duties(s);
}

static int
run_day(struct sim *s)
{
	struct sched_ticket *q = malloc((size_t)(s->narr + 1) * sizeof *q);
	int *map = malloc((size_t)(s->narr + 1) * sizeof *map), next = 0, rc = -1;

	if (q == NULL || map == NULL)
		goto out;
	for (;;) {
		long long t = -1;

		while (next < s->narr && s->arr[next].appt == SIMGEN_NEVER)
			next++;
		if (next < s->narr)
			t = s->start + s->arr[next].at_s;
		if (!s->opened && (t < 0 || t > s->start))
			t = s->start;
		for (int k = 0; k < s->nwin; k++)
			if (s->win[k].cur >= 0 && (t < 0 || s->win[k].busy_until < t))
				t = s->win[k].busy_until;
		if (t < 0)
			break;
		if (t > s->now && clock_to(s, t) != 0)
			goto out;
		if (rebalance(s) != 0)
			goto out;
		for (int k = 0; k < s->nwin; k++)
			if (s->win[k].cur >= 0 && s->win[k].busy_until <= s->now &&
			    finish(s, k) != 0)
				goto out;
		while (next < s->narr && s->start + s->arr[next].at_s <= s->now)
			if (arrive(s, next++) != 0)
				goto out;
		if (!s->opened && s->now >= s->start && open_windows(s) != 0)
			goto out;
		for (int k = 0; k < s->nwin && s->opened; k++)
			if (s->win[k].cur < 0 && call_next(s, k, q, map) != 0)
				goto out;
	}
	rc = 0;
out:
	free(q);
	free(map);
	return rc;
}

/* Ask the server for every ticket's final state. Returns how many are not done/no_show. */
static int
final_states(struct sim *s, int *lost, int *bad_appt)
{
	int bad = 0;

	*lost = 0;
	*bad_appt = 0;
	for (int i = 0; i < s->ntk; i++) {
		/* by code: "id" is the request's own id */
		json_t *a = jhc_op(s->c, "ticket", json_pack("{s:s}", "code", s->tk_code[i]),
		    TIMEOUT_MS);
		const char *st;

		if (a == NULL) {
			if ((*lost)++ < 5)
				printf("# ticket %s: %s\n", s->tk_code[i], jhc_error(s->c));
			continue;
		}
		st = json_string_value(json_object_get(json_object_get(a, "ticket"), "state"));
		if (st == NULL || (strcmp(st, "done") != 0 && strcmp(st, "no_show") != 0)) {
			*bad_appt += s->tk[i].appt != SIMGEN_WALK_IN;
			if (bad++ < 5)
				printf("# ticket %lld ends in state %s\n", s->tk[i].id,
				    st ? st : "(none)");
		}
		json_decref(a);
	}
	return bad;
}

/* The local date of the opening ("2026-11-26"), from --start. */
static const char *start_date;

/* Learn the day's bookable slots of every service (at the clock's start, before opening). */
static int
learn_slots(struct sim *s)
{
	for (int v = 0; v < s->nsvc; v++) {
		json_t *a, *sl;
		size_t i;

		if (s->svc_gen[v] < 0)
			continue;
		a = jhc_op(s->c, "slots", json_pack("{s:s, s:s, s:s}", "service", s->svc_code[v],
		    "from", start_date, "to", start_date), TIMEOUT_MS);
		if (a == NULL) {
			if (strcmp(jhc_error_code(s->c), "not_found") == 0)
				continue;	/* a service without slots */
			fail("slots", s->c);
			return -1;
		}
		json_array_foreach(json_object_get(a, "slots"), i, sl) {
			struct simgen_slot *x;
			const char *b = json_string_value(json_object_get(sl, "start"));
			const char *e = json_string_value(json_object_get(sl, "end"));
			long long tb, te;

			if (s->nslot >= (int)(sizeof s->slot / sizeof s->slot[0]) || b == NULL ||
			    e == NULL || clock_parse_iso(b, &tb) != 0 || clock_parse_iso(e, &te) != 0)
				continue;
			x = &s->slot[s->nslot++];
			x->service = s->svc_gen[v];
			x->start_s = (int)(tb - s->start);
			x->end_s = (int)(te - s->start);
			x->free = (int)json_integer_value(json_object_get(sl, "free"));
		}
		json_decref(a);
	}
	return 0;
}

/* Book the holders' slots, ahead of the day, each with its own valid ID number. */
static int
book_all(struct sim *s)
{
	for (int i = 0; i < s->narr; i++) {
		const struct simgen_arrival *x = &s->arr[i];
		char id[19], iso[40];
		json_t *a;
		const char *code;

		if (x->appt == SIMGEN_WALK_IN)
			continue;
		simgen_id_number(s->nbooked, id);
		{
			/* the slot start in the hall's offset, as --start gives it */
			long long t = s->start + s->slot[x->slot].start_s;
			time_t tt = (time_t)t;
			struct tm tm;

			gmtime_r(&tt, &tm);
			strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
		}
		s->nbooked++;
		a = jhc_op(s->c, "book", json_pack("{s:s, s:s, s:s, s:s}", "service",
		    s->gen.svc[x->service].code, "start", iso, "id_number", id, "channel", "web"),
		    TIMEOUT_MS);
		if (a == NULL) {
			if (s->book_failed++ < 5)
				fail("book", s->c);
			s->arr[i].appt = SIMGEN_NEVER;	/* no booking: nothing to come to */
			continue;
		}
		code = json_string_value(json_object_get(json_object_get(a, "appointment"),
		    "code"));
		snprintf(s->bk_code[i], sizeof s->bk_code[0], "%s", code ? code : "");
		s->nnever += x->appt == SIMGEN_NEVER;
		json_decref(a);
	}
	return 0;
}

/* After the last slot's end + grace: every holder who came is checked in, every one who
 * never came is a no-show. Returns the number of appointments in another state. */
static int
check_appointments(struct sim *s, int *counted)
{
	long long last = s->now;
	json_t *a, *ap;
	size_t i;
	int bad = 0;

	*counted = 0;
	for (int k = 0; k < s->narr; k++)
		if (s->arr[k].holder && s->arr[k].slot >= 0 && s->bk_code[k][0] &&
		    s->start + s->slot[s->arr[k].slot].end_s + s->pol.appt_grace_s + 60 > last)
			last = s->start + s->slot[s->arr[k].slot].end_s + s->pol.appt_grace_s + 60;
	if (clock_to(s, last) != 0)
		return -1;
	/* bans runs the no-show sweep first (the minute timer would, within a second) */
	if ((a = jhc_op(s->c, "bans", NULL, TIMEOUT_MS)) == NULL) {
		fail("bans", s->c);
		return -1;
	}
	json_decref(a);
	if ((a = jhc_op(s->c, "appointments", json_pack("{s:s}", "date", start_date),
	    TIMEOUT_MS)) == NULL) {
		fail("appointments", s->c);
		return -1;
	}
	json_array_foreach(json_object_get(a, "appointments"), i, ap) {
		const char *code = json_string_value(json_object_get(ap, "code"));
		const char *st = json_string_value(json_object_get(ap, "state"));
		int k;

		for (k = 0; k < s->narr; k++)
			if (code && strcmp(s->bk_code[k], code) == 0)
				break;
		if (k == s->narr || st == NULL)
			continue;
		(*counted)++;
		if (strcmp(st, s->arr[k].appt == SIMGEN_NEVER ? "no_show" : "checked_in") != 0 &&
		    bad++ < 5)
			printf("# appointment %s ends %s\n", code, st);
	}
	json_decref(a);
	return bad;
}

/* How long serving ticket i really took (a no-show: the clerk's wait). */
static long long
true_dur(const struct sim *s, int i)
{
	const struct simgen_arrival *x = &s->arr[s->tk_arr[i]];

	return x->no_show ? NO_SHOW_WAIT_S : x->handle_s;
}

/* The expected rest of a lognormal handling time (mean, sigma) that has lasted e seconds,
 * at least 1 s:
 * E[H | H > e] - e, with E[H; H > e] = mean * Phi((mu + sigma^2 - ln e) / sigma). */
static double
rest_mean(double mean, double sigma, double e)
{
	double mu, z0, tail, r;

	if (e <= 0 || sigma <= 0)
		return mean - e > 1 ? mean - e : 1;
	mu = log(mean) - sigma * sigma / 2;
	z0 = (mu - log(e)) / sigma;
	tail = 0.5 * erfc(-z0 / sqrt(2));
	if (tail < 1e-12)
		return 1;
	r = mean * 0.5 * erfc(-(z0 + sigma) / sqrt(2)) / tail - e;
	return r > 1 ? r : 1;
}

/* What handling ticket i is expected to take, by the oracle without the true times: its
 * service's mean (a no-show's 90 s are known: they are not handling variance). */
static double
mean_dur(const struct sim *s, int i)
{
	const struct simgen_arrival *x = &s->arr[s->tk_arr[i]];

	return x->no_show ? NO_SHOW_WAIT_S : s->gen.svc[x->service].handle_mean_s;
}

/* How the oracle takes each handling time it does not know yet. */
enum oracle_times {
	ORACLE_MEAN,	/* as expected: the service's mean; a busy window's expected rest */
	ORACLE_TRUE,	/* as they really were: must give every true wait back */
	ORACLE_DRAW	/* drawn from the service's lognormal (a busy window's: from its tail) */
};

/* A draw of what is left of ticket i's handling after e seconds, from its service's
 * lognormal clamped to [30 s, 4 h] as the generator's; a no-show's 90 s are known. */
static double
drawn_rest(const struct sim *s, int i, double e, struct simgen_rng *rng)
{
	const struct simgen_arrival *x = &s->arr[s->tk_arr[i]];
	const struct simgen_service *sv = &s->gen.svc[x->service];
	double h;

	if (x->no_show)
		return NO_SHOW_WAIT_S - e > 0 ? NO_SHOW_WAIT_S - e : 0;
	h = e + simgen_lognormal_rest(rng, sv->handle_mean_s, sv->handle_sigma, e < 30 ? 0 : e);
	h = h < 30 ? 30 : h > 4 * 3600 ? 4 * 3600 : h;
	return h - e > 0 ? h - e : 0;
}

/* The oracle forecast: for each ticket, at its take, replay the rest of the day with every
 * future arrival (and who will be gone when called) known, and the policy itself, with the
 * handling times taken as `how` says (ORACLE_DRAW draws from rng, the same law as the
 * generator's, clamped as it is). eta[i] = -1 for tickets never called. */
static int
oracle_eta(const struct sim *s, enum oracle_times how, struct simgen_rng *rng, int *eta)
{
	int n = s->ntk, rc = -1;
	struct sched_ticket *q = malloc((size_t)(n + 1) * sizeof *q);
	int *map = malloc((size_t)(n + 1) * sizeof *map);
	char *done = malloc((size_t)n + 1);

	if (q == NULL || map == NULL || done == NULL)
		goto out;
	for (int i = 0; i < n; i++) {
		long long T = s->tk[i].issued, t = T, busy[MAX_WINDOWS];
		int nq = 0, nx = 0, found = 0;

		eta[i] = -1;
		if (s->tk[i].called <= 0)
			continue;
		for (int k = 0; k < s->nwin; k++)
			busy[k] = -1;
		for (int j = 0; j < n; j++) {
			const struct simrep_ticket *tj = &s->tk[j];

			done[j] = tj->called > 0 && tj->called < T;
			if (done[j] && tj->called + true_dur(s, j) > T && tj->window >= 0) {
				const struct simgen_arrival *x = &s->arr[s->tk_arr[j]];
				const struct simgen_service *sv = &s->gen.svc[x->service];

				double e = (double)(T - tj->called);

				busy[tj->window] = how == ORACLE_TRUE || x->no_show ?
				    tj->called + true_dur(s, j) : how == ORACLE_DRAW ?
				    T + (long long)llround(drawn_rest(s, j, e, rng)) :
				    T + (long long)llround(rest_mean(sv->handle_mean_s,
				    sv->handle_sigma, e));
			}
		}
		while (!found) {
			long long next = -1;

			for (int k = 0; k < s->nwin; k++)
				if (busy[k] >= 0 && busy[k] <= t)
					busy[k] = -1;
			for (; nx < n && s->tk[nx].issued <= t; nx++) {
				if (done[nx])
					continue;
				memset(&q[nq], 0, sizeof q[nq]);
				q[nq].id = s->tk[nx].id;
				q[nq].service = s->tk[nx].service;
				q[nq].lane = s->tk[nx].lane;
				q[nq].issued_at = s->tk[nx].issued;
				q[nq].slot_start = s->tk[nx].slot_start;
				q[nq].slot_end = s->tk[nx].slot_end;
				map[nq++] = nx;
			}
			for (int k = 0; k < s->nwin && t >= s->start && !found; k++) {
				int pick, j;

				if (busy[k] >= 0)
					continue;
				const struct dutyset *ds = duties_at(s, k, t);

				pick = ds ? sched_pick(&s->pol, ds->duty, ds->nduty, q, nq, t) : -1;
				if (pick < 0)
					continue;
				j = map[pick];
				q[pick] = q[nq - 1];
				map[pick] = map[--nq];
				done[j] = 1;
				busy[k] = t + (how == ORACLE_TRUE ? true_dur(s, j) : how == ORACLE_DRAW ?
				    (long long)llround(drawn_rest(s, j, 0, rng)) :
				    (long long)llround(mean_dur(s, j)));
				if (j == i) {
					eta[i] = (int)(t - T);
					found = 1;
				}
			}
			if (found)
				break;
			for (int k = 0; k < s->nwin; k++)
				if (busy[k] >= 0 && (next < 0 || busy[k] < next))
					next = busy[k];
			if (nx < n && (next < 0 || s->tk[nx].issued < next))
				next = s->tk[nx].issued;
			if (t < s->start && (next < 0 || s->start < next))
				next = s->start;
			if (next < 0)
				break;
			t = next;
		}
	}
	rc = 0;
out:
	free(q);
	free(map);
	free(done);
	return rc;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The best any forecast could do against the target's measure: `draws` oracle replays with
 * handling times drawn from their true law give, for each ticket, a sample of the waits it
 * could have had, knowing everything but the handling times. Its forecast eta[i] is then the
 * value that the most samples are within `band` of (|eta - w| <= band max(w, 60 s), the
 * measure of simrep_eta), and *within the mean, over tickets, of that share: the expected
 * share of tickets within the band. The share is taken on the same samples that chose the
 * value, so it errs high: it is an upper bound, more so for fewer draws. */
/* The narrowest ranges the oracle's samples give that hold as many true waits as jhd's:
 * for each called ticket its samples' central interval at one level p (the p share of its
 * draws, cut evenly at both ends), or with `shortest` the narrowest interval holding that
 * share of them (as jhd's range is cut, docs/SCHEDULING.md "The range"); p is the smallest,
 * in steps of 1/400, whose coverage of the true waits reaches `cover`. *width is their median
 * width (s), *got their coverage. */
static void
oracle_range(const struct sim *s, const int *all, int draws, int shortest, double cover,
    double *width, double *got)
{
	int n = s->ntk;
	double *w = malloc(((size_t)n + 1) * sizeof *w);

	*width = *got = 0;
	if (w == NULL)
		return;
	for (int step = 0; step <= 400; step++) {
		double p = step / 400.0;
		int lo = (int)floor((1 - p) / 2 * (draws - 1)), hi = (int)ceil((1 + p) / 2 *
		    (draws - 1)), m = 0, in = 0;

		for (int i = 0; i < n; i++) {
			const int *v = all + (size_t)i * draws;
			long long wait = s->tk[i].called - s->tk[i].issued;
			int a = lo, b = hi;

			if (s->tk[i].called <= 0 || v[0] < 0)
				continue;
			for (int j = 0; shortest && j + (hi - lo) < draws; j++)
				if (v[j + hi - lo] - v[j] < v[b] - v[a]) {
					a = j;
					b = j + hi - lo;
				}
			in += wait >= v[a] && wait <= v[b];
			w[m++] = v[b] - v[a];
		}
		if (m > 0 && ((double)in / m >= cover || step == 400)) {
			*got = (double)in / m;
			*width = simrep_percentile(w, m, 0.5);
			break;
		}
	}
	free(w);
}

static int
oracle_best(const struct sim *s, int draws, double band, int *eta, double *within,
    double cover, double *owidth, double *ocover, double *swidth, double *scover)
{
	struct simgen_rng rng;
	int n = s->ntk, m = 0, *all = malloc(((size_t)n + 1) * (size_t)draws * sizeof *all);
	int *one = malloc(((size_t)n + 1) * sizeof *one);
	double sum = 0;

	if (all == NULL || one == NULL) {
		free(all);
		free(one);
		return -1;
	}
	simgen_seed(&rng, 0x6f7261636c65ULL);
	for (int r = 0; r < draws; r++) {
		if (oracle_eta(s, ORACLE_DRAW, &rng, one) != 0)
			break;
		for (int i = 0; i < n; i++)
			all[(size_t)i * draws + r] = one[i];
	}
	for (int i = 0; i < n; i++) {
		int *v = all + (size_t)i * draws, best = -1;

		eta[i] = -1;
		if (s->tk[i].called <= 0 || v[0] < 0)
			continue;
		qsort(v, (size_t)draws, sizeof *v, cmp_int);
		for (int c = 0, lo = 0, hi = 0; c < draws; c++) {
			/* samples w within the band of v[c]: v[c] / (1 + band) <= w <= v[c] /
			 * (1 - band) for w >= 60, |v[c] - w| <= 60 band below; both ends only move
			 * up with c */
			double est = v[c];

			while (lo < draws && est - v[lo] > band * (v[lo] > 60 ? v[lo] : 60))
				lo++;
			if (hi < lo)
				hi = lo;
			while (hi < draws && v[hi] - est <= band * (v[hi] > 60 ? v[hi] : 60))
				hi++;
			if (hi - lo > best) {
				best = hi - lo;
				eta[i] = v[c];
			}
		}
		sum += (double)best / draws;
		m++;
	}
	*within = m ? sum / m : 0;
	oracle_range(s, all, draws, 0, cover, owidth, ocover);
	oracle_range(s, all, draws, 1, cover, swidth, scover);
	free(all);
	free(one);
	return 0;
}

/* jhd's range learner (sched_range.c) fed another forecast eta[] in the day's order: each
 * ticket gets its range at its take, each call teaches it; the share of called tickets whose
 * wait fell in their range into *cover, the median width (s) into *width. What the ranges
 * would be with that forecast's point figures instead of jhd's. */
static void
range_replay(const struct sim *s, const int *eta, double *cover, double *width)
{
	struct sched_range *r = malloc(sizeof *r);
	struct ev { long long at; int call, i; } *ev = malloc(((size_t)s->ntk * 2 + 1) * sizeof *ev);
	double *w = malloc(((size_t)s->ntk + 1) * sizeof *w);
	int n = 0, m = 0, in = 0;

	*cover = *width = 0;
	if (r == NULL || ev == NULL || w == NULL)
		goto out;
	sched_range_init(r);
	for (int i = 0; i < s->ntk; i++)
		if (s->tk[i].called > 0 && eta[i] >= 0) {
			ev[n++] = (struct ev){ s->tk[i].issued, 0, i };
			ev[n++] = (struct ev){ s->tk[i].called, 1, i };
		}
	/* in time order; at one second the calls first (jhd's clock moves, then it answers) */
	for (int a = 1; a < n; a++)
		for (int b = a; b > 0 && (ev[b].at < ev[b - 1].at || (ev[b].at == ev[b - 1].at &&
		    ev[b].call > ev[b - 1].call)); b--) {
			struct ev t = ev[b];

			ev[b] = ev[b - 1];
			ev[b - 1] = t;
		}
	for (int k = 0; k < n; k++) {
		const struct simrep_ticket *t = &s->tk[ev[k].i];
		int lo, hi, wait = (int)(t->called - t->issued);

		if (ev[k].call) {
			sched_range_note(r, t->lane, eta[ev[k].i], wait);
			continue;
		}
		sched_range_get(r, t->lane, eta[ev[k].i], &lo, &hi);
		in += wait >= lo && wait <= hi;
		w[m++] = hi - lo;
	}
	if (m > 0) {
		*cover = (double)in / m;
		*width = simrep_percentile(w, m, 0.5);
	}
out:
	free(r);
	free(ev);
	free(w);
}

/* How first come, first served may use the hall's windows (fifo_replay). */
enum fifo_windows {
	FIFO_OWN = 0,	/* each window its own duties, backups served as primaries */
	FIFO_POOLED,	/* every window serves every service */
	FIFO_BACKUP	/* each window its own duties, backups only as jhd serves them: unless a
			 * primary ticket issued before has waited longer than the threshold */
};

/* The oldest ticket window k may call at t under FIFO_BACKUP, or -1 (tickets are in issue
 * order); when none has come by t, the first to come that it serves, in *later. */
static int
fifo_backup_pick(const struct sim *s, int k, long long t, const char *done, int *later)
{
	const struct dutyset *ds = duties_at(s, k, t);
	int prim = -1, back = -1;

	*later = -1;
	if (ds == NULL)
		return -1;
	for (int i = 0; i < s->ntk && (prim < 0 || back < 0); i++) {
		int role = -1;

		if (done[i])
			continue;
		for (int d = 0; d < ds->nduty; d++)
			if (ds->duty[d].service == s->tk[i].service &&
			    (role < 0 || !ds->duty[d].backup))
				role = ds->duty[d].backup;
		if (role < 0)
			continue;
		if (s->tk[i].issued > t) {
			if (*later < 0)
				*later = i;
			continue;
		}
		if (role == 0 && prim < 0)
			prim = i;
		else if (role == 1 && back < 0)
			back = i;
	}
	/* a backup ticket waits only for an overdue primary one issued before it (sched.c):
	 * the oldest of the two is called either way */
	if (back >= 0 && prim >= 0 && prim < back && t - s->tk[prim].issued > s->pol.backup_threshold_s)
		back = -1;
	if (prim >= 0 && (back < 0 || prim < back))
		return prim;
	return back;
}

/* Replay the day first come, first served with the true handling times, no lanes, on the
 * windows as `how` says. The replayed tickets go to out (called and window); returns how many
 * it could not place (0). */
static int
fifo_replay(const struct sim *s, enum fifo_windows how, struct simrep_ticket *out)
{
	int pooled = how == FIFO_POOLED;
	long long busy[MAX_WINDOWS];
	int n = s->ntk, left = 0;
	char *done = calloc((size_t)n + 1, 1);

	if (done == NULL)
		return -1;
	memcpy(out, s->tk, (size_t)n * sizeof *out);
	for (int i = 0; i < n; i++)
		if (s->tk[i].called > 0)
			left++;
		else
			done[i] = 1;
	for (int k = 0; k < s->nwin; k++)
		busy[k] = s->start;
	while (left > 0) {
		int bk = -1, bi = -1;
		long long bat = 0;

		/* the window that can call first, and the oldest ticket it serves (tickets
		 * are in issue order) */
		for (int k = 0; k < s->nwin; k++) {
			int pick = -1, later;
			long long at;

			if (how == FIFO_BACKUP) {
				pick = fifo_backup_pick(s, k, busy[k], done, &later);
				if (pick < 0)
					pick = later;
			}
			for (int i = 0; i < n && pick < 0 && how != FIFO_BACKUP; i++) {
				int ok = pooled;

				const struct dutyset *ds = duties_at(s, k, busy[k]);

				for (int d = 0; !ok && ds && d < ds->nduty; d++)
					ok = ds->duty[d].service == s->tk[i].service;
				if (ok && !done[i])
					pick = i;
			}
			if (pick < 0)
				continue;
			at = busy[k] > s->tk[pick].issued ? busy[k] : s->tk[pick].issued;
			if (bk < 0 || at < bat) {
				bk = k;
				bi = pick;
				bat = at;
			}
		}
		if (bk < 0)
			break;
		out[bi].called = bat;
		out[bi].window = bk;
		busy[bk] = bat + true_dur(s, bi);
		done[bi] = 1;
		left--;
	}
	free(done);
	return left;
}

/* JHSIM_DEBUG: for a ticket over its FIFO wait + bound, what every window was doing when it
 * was issued, under jhd (J) and in the FIFO replay (F): whom it was handling, since when and
 * until when, relative to the ticket's issue. */
static void
fifo_debug_busy(const struct sim *s, const struct simrep_ticket *fifo, int i)
{
	const struct simrep_ticket *t = &s->tk[i];

	printf("B %s (%s) issued, jhd wait %+lld s, fifo wait %+lld s\n", s->tk_code[i],
	    sched_lane_name(t->lane), t->called - t->issued, fifo[i].called - fifo[i].issued);
	for (int j = 0; j < s->ntk; j++)
		for (int h = 0; h < 2; h++) {
			const struct simrep_ticket *u = h ? &fifo[j] : &s->tk[j];

			if (u->called <= 0 || u->window < 0 || u->called > t->issued ||
			    u->called + true_dur(s, j) <= t->issued)
				continue;
			printf("B %s %c window %s busy with %s (%s) from %+lld s to %+lld s\n",
			    s->tk_code[i], h ? 'F' : 'J', s->win[u->window].name,
			    s->tk_code[j], sched_lane_name(u->lane), u->called - t->issued,
			    u->called + true_dur(s, j) - t->issued);
		}
}

/* Each normal ticket's wait under jhd against its wait in the same day replayed first come,
 * first served on the hall's windows (fifo): how many waited longer than the FIFO wait plus
 * the head-start bound of docs/SCHEDULING.md section 2 (W - w(normal): a normal ticket is
 * passed only by tickets issued within that long after it), how many longer than 1.5x the
 * FIFO wait + 5 min, and the worst excess over the FIFO wait. */
static void
fifo_compare(const struct sim *s, const struct simrep_ticket *fifo, const char *how)
{
	int bound = 0, n = 0, over_bound = 0, over_ratio = 0, worst_i = -1;
	long long worst = 0;

	for (int l = 0; l < LANE_COUNT; l++)
		if (s->pol.weight_s[l] > bound)
			bound = s->pol.weight_s[l];
	bound -= s->pol.weight_s[LANE_NORMAL];
	for (int i = 0; i < s->ntk; i++) {
		const struct simrep_ticket *t = &s->tk[i];
		long long w, f;

		if (t->lane != LANE_NORMAL || t->called <= 0 || fifo[i].called <= 0)
			continue;
		w = t->called - t->issued;
		f = fifo[i].called - fifo[i].issued;
		n++;
		if (w > f + bound && getenv("JHSIM_DEBUG"))
			fifo_debug_busy(s, fifo, i);
		over_bound += w > f + bound;
		over_ratio += w > 1.5 * (double)f + 300;
		if (worst_i < 0 || w - f > worst) {
			worst = w - f;
			worst_i = i;
		}
	}
	/* JHSIM_DEBUG: who the worst was waiting behind, under jhd */
	for (int j = 0; getenv("JHSIM_DEBUG") && worst_i >= 0 && j < s->ntk; j++) {
		const struct simrep_ticket *t = &s->tk[worst_i], *u = &s->tk[j];

		if (u->called > 0 && u->window >= 0 && u->called >= t->issued &&
		    u->called <= t->called)
			printf("W %s window %s called %s (%s, issued %+lld s, called %+lld s; fifo "
			    "window %d at %+lld s)\n", s->tk_code[worst_i], s->win[u->window].name,
			    s->tk_code[j], sched_lane_name(u->lane), u->issued - t->issued,
			    u->called - t->issued, fifo[j].window, fifo[j].called - t->issued);
	}
	printf("fairness against first come first served on %s: %d normal tickets; over fifo + "
	    "bound: %d (bound %d s); over 1.5x fifo + 5 min: %d; worst %+.1f min (%s: %.1f min "
	    "against %.1f)\n", how, n, over_bound, bound, over_ratio,
	    (double)worst / 60, worst_i >= 0 ? s->tk_code[worst_i] : "-",
	    worst_i >= 0 ? (double)(s->tk[worst_i].called - s->tk[worst_i].issued) / 60 : 0,
	    worst_i >= 0 ? (double)(fifo[worst_i].called - fifo[worst_i].issued) / 60 : 0);
}

/* median, p90 and mean of v[0..n) into a line's text. */
static const char *
figures(double *v, int n, char *buf, size_t len)
{
	double sum = 0;

	for (int i = 0; i < n; i++)
		sum += v[i];
	if (n == 0)
		snprintf(buf, len, "n 0");
	else
		snprintf(buf, len, "n %d, median %.1f min, p90 %.1f min, mean %.1f min", n,
		    simrep_percentile(v, n, 0.5) / 60, simrep_percentile(v, n, 0.9) / 60,
		    sum / n / 60);
	return buf;
}

static void tap(int ok, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
tap(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("%s - %s", ok ? "ok" : "not ok", name);
	if (!ok) {
		printf(": ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	printf("\n");
}

/* Send the hall file to jhd (admin op import). */
static int
import_hall(struct jhc *c, const char *path)
{
	static char text[1024 * 1024];
	FILE *f = fopen(path, "r");
	size_t n;
	json_t *a;

	if (f == NULL) {
		fprintf(stderr, "jhsim: %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	if (n == sizeof text - 1) {
		fprintf(stderr, "jhsim: %s: larger than %zu bytes\n", path, sizeof text - 1);
		return -1;
	}
	text[n] = '\0';
	a = jhc_op(c, "import", json_pack("{s:s, s:s}", "text", text, "file", path), TIMEOUT_MS);
	if (a == NULL) {
		fail("import", c);
		return -1;
	}
	json_decref(a);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: jhsim --sock PATH --start ISO8601 [--seed N] [--day short|full] "
	    "[--hall FILE [--import]] [--appt-share F] [--appt-off] [--targets] "
	    "[--balance off|supervisor|auto] [--verbose]\n");
	exit(2);
}

/* ETA error of the forecast eta[] (one per ticket) over all called tickets and over those
 * that waited >= 5 min. */
static void
print_eta(const struct sim *s, const char *what, const int *eta)
{
	struct simrep_ticket *m = malloc((size_t)(s->ntk + 1) * sizeof *m);
	struct simrep_eta all, five;

	if (m == NULL)
		return;
	memcpy(m, s->tk, (size_t)s->ntk * sizeof *m);
	for (int i = 0; i < s->ntk; i++)
		m[i].eta_s = eta[i];
	simrep_eta(m, s->ntk, 0, &all);
	simrep_eta(m, s->ntk, SIMREP_ETA_TARGET_MIN_WAIT_S, &five);
	printf("eta, %s: median abs error %.1f%% (bias %+.1f%%, pooled %.1f%%); waited >= %d min: "
	    "%.1f%% (bias %+.1f%%)\n", what, 100 * all.median_abs, 100 * all.bias,
	    100 * all.pooled_abs, SIMREP_ETA_TARGET_MIN_WAIT_S / 60, 100 * five.median_abs,
	    100 * five.bias);
	free(m);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sock", required_argument, NULL, 's' },
		{ "start", required_argument, NULL, 'S' },
		{ "seed", required_argument, NULL, 'r' },
		{ "day", required_argument, NULL, 'd' },
		{ "hall", required_argument, NULL, 'h' },
		{ "import", no_argument, NULL, 'i' },
		{ "appt-share", required_argument, NULL, 'a' },
		{ "appt-off", no_argument, NULL, 'o' },
		{ "targets", no_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "balance", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	static char date[16];
	struct sim s;
	struct jhc_cred cred = { 0 };
	const char *sock = NULL, *start = NULL, *hall = NULL;
	unsigned long long seed = 1;
	double share = -1;
	int full = 0, targets = 0, import = 0, ch, lost, notfinal, bad_appt, rc = 0, failed = 0;
	int expected, holders = 0, appt_bad = 0, appt_counted = 0, *oeta = NULL;
	double within;
	double *busy, span, worst;
	const char **names;
	struct simrep_eta eta;
	json_t *a;
	long long t0;
	char iso0[40], *end;

	memset(&s, 0, sizeof s);
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's': sock = optarg; break;
		case 'S': start = optarg; break;
		case 'r': seed = strtoull(optarg, NULL, 10); break;
		case 'd':
			if (strcmp(optarg, "full") == 0)
				full = 1;
			else if (strcmp(optarg, "short") != 0)
				usage();
			break;
		case 'h': hall = optarg; break;
		case 'i': import = 1; break;
		case 'a':
			share = strtod(optarg, &end);
			if (*end != '\0' || !(share >= 0 && share <= 1))
				usage();
			break;
		case 'o': s.appt_off = 1; break;
		case 't': targets = 1; break;
		case 'v': verbose = 1; break;
		case 'b':
			if (strcmp(optarg, "supervisor") == 0)
				s.balance = BAL_SUPERVISOR;
			else if (strcmp(optarg, "auto") == 0)
				s.balance = BAL_AUTO;
			else if (strcmp(optarg, "off") != 0)
				usage();
			break;
		default: usage();
		}
	}
	if (sock == NULL || start == NULL || (import && hall == NULL))
		usage();
	sched_policy_default(&s.pol);
	if (hall && ini_parse(hall, policy_key, &s) != 0) {
		fprintf(stderr, "jhsim: %s: cannot read its [policy]\n", hall);
		return 2;
	}
	if (clock_parse_iso(start, &s.start) != 0 || strlen(start) < 10) {
		fprintf(stderr, "jhsim: --start %s: not ISO 8601 with an offset\n", start);
		return 2;
	}
	snprintf(date, sizeof date, "%.10s", start);
	start_date = date;
	simgen_district(&s.gen, full, seed);
	if (share >= 0)
		s.gen.appt_share = share;

	if ((s.c = jhc_new(sock, &cred)) == NULL || jhc_connect(s.c, TIMEOUT_MS) != 0) {
		fprintf(stderr, "jhsim: cannot connect to %s: %s\n", sock,
		    s.c ? jhc_error(s.c) : "out of memory");
		return 1;
	}
	if (import && import_hall(s.c, hall) != 0)
		return 1;
	/* with appointments, the clock starts an hour before opening: the bookings are made
	 * then (a slot can be booked until it starts), and early holders check in before 09:00 */
	t0 = s.gen.appt_share > 0 ? s.start - 3600 : s.start;
	{
		time_t tt = (time_t)t0;
		struct tm tm;

		gmtime_r(&tt, &tm);
		strftime(iso0, sizeof iso0, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	if ((a = jhc_op(s.c, "clock", json_pack("{s:s}", "set", iso0), TIMEOUT_MS)) == NULL) {
		fail("clock set (is jhd running with --test-clock?)", s.c);
		return 1;
	}
	json_decref(a);
	s.now = t0;
	if (learn_hall(&s) != 0) {
		fprintf(stderr, "jhsim: the hall has no services or no windows\n");
		return 1;
	}
	s.arr = malloc(SIMGEN_MAX_ARRIVALS * sizeof *s.arr);
	if (s.arr == NULL || (s.narr = simgen_day(&s.gen, s.arr, SIMGEN_MAX_ARRIVALS)) < 0) {
		fprintf(stderr, "jhsim: cannot generate the day\n");
		return 1;
	}
	s.tk = calloc((size_t)s.narr + 1, sizeof *s.tk);
	s.tk_arr = calloc((size_t)s.narr + 1, sizeof *s.tk_arr);
	s.tk_code = calloc((size_t)s.narr + 1, sizeof *s.tk_code);
	s.tk_model_eta = calloc((size_t)s.narr + 1, sizeof *s.tk_model_eta);
	s.tk_model_rates = calloc((size_t)s.narr + 1, sizeof *s.tk_model_rates);
	s.bk_code = calloc((size_t)s.narr + 1, sizeof *s.bk_code);
	oeta = calloc((size_t)s.narr + 1, sizeof *oeta);
	if (s.tk == NULL || s.tk_arr == NULL || s.tk_code == NULL || s.tk_model_eta == NULL || s.tk_model_rates == NULL ||
	    s.bk_code == NULL || oeta == NULL || s.narr > SIMGEN_MAX_ARRIVALS)
		return 1;
	if (s.gen.appt_share > 0) {
		if (learn_slots(&s) != 0)
			return 1;
		if ((holders = simgen_book(&s.gen, s.arr, s.narr, s.slot, s.nslot,
		    s.pol.appt_grace_s, s.appt_off)) < 0)
			return 1;
		if (!s.appt_off && book_all(&s) != 0)
			return 1;
	}
	expected = 0;
	for (int i = 0; i < s.narr; i++)
		expected += s.arr[i].appt != SIMGEN_NEVER;
	printf("# jhsim seed %llu, %s day: %d citizens, %d services, %d windows; appointment "
	    "share %.0f%%%s: %d holders\n", seed, full ? "full" : "short", s.narr, s.nsvc, s.nwin,
	    100 * s.gen.appt_share, s.appt_off ? " (off: they come as walk-ins)" : "", holders);

	if (run_day(&s) != 0)
		failed = 1;
	notfinal = final_states(&s, &lost, &bad_appt);

	span = (double)(s.now - s.start);
	busy = calloc((size_t)s.nwin + 1, sizeof *busy);
	names = calloc((size_t)s.nwin + 1, sizeof *names);
	if (busy == NULL || names == NULL)
		return 1;
	for (int k = 0; k < s.nwin; k++) {
		busy[k] = s.win[k].busy_s;
		names[k] = s.win[k].name;
	}
	printf("# day ends %.0f min after opening; %d tickets taken\n", span / 60, s.ntk);
	/* the rebalancing targets' figures (docs/SCHEDULING.md, section 6) and the normal lane's
	 * waits by hour of issue */
	{
		struct simrep_wait wl[LANE_COUNT];
		double fw;
		int over = simrep_fairness(s.tk, s.ntk, s.nsvc, 1.5, 0, &fw);

		simrep_waits(s.tk, s.ntk, wl);
		printf("balance (%s): %d duty changes; normal p90 wait %.1f min; normal tickets over "
		    "1.5x their service's day mean: %d\n", s.balance == BAL_SUPERVISOR ?
		    "a supervisor follows jhd's suggestion every 10 min" : s.balance == BAL_AUTO ?
		    "jhd's auto_balance" : "fixed windows", s.changes, wl[LANE_NORMAL].p90 / 60, over);
		printf("normal waits by hour of issue (mean / p90 min, n):");
		for (int h = -1; h < SIMGEN_MAX_HOURS; h++) {
			double v[SIMGEN_MAX_ARRIVALS], sum = 0;
			int n = 0;

			for (int i = 0; i < s.ntk; i++)
				if (s.tk[i].lane == LANE_NORMAL && s.tk[i].called > 0 &&
				    (s.tk[i].issued - s.start >= 0 ? (s.tk[i].issued - s.start) / 3600 :
				    -1) == h)
					sum += (v[n++] = (double)(s.tk[i].called - s.tk[i].issued));
			if (n > 0)
				printf(" %02d:00 %.1f/%.1f (%d)", 9 + h, sum / n / 60,
				    simrep_percentile(v, n, 0.9) / 60, n);
		}
		printf("\n");
	}
	simrep_print(stdout, s.tk, s.ntk, s.nsvc, busy, names, s.nwin, span);
	/* the server measures the same ETA error from its own log (stats): each call event
	 * carries the ETA the ticket was given */
	{
		struct simrep_eta e;
		json_t *st = jhc_op(s.c, "stats", json_pack("{s:s, s:s, s:s}", "from", start_date,
		    "to", start_date, "by", "day"), TIMEOUT_MS);
		json_t *row = json_array_get(json_object_get(st, "rows"), 0);
		long long n = json_integer_value(json_object_get(row, "etas"));
		double med = json_number_value(json_object_get(row, "eta_error_median_pct"));
		double bias = json_number_value(json_object_get(row, "eta_bias_pct"));

		simrep_eta(s.tk, s.ntk, 0, &e);
		printf("eta, as jhd's statistics measure it: n %lld, median abs error %.1f%%, "
		    "bias %+.1f%%\n", n, med, bias);
		tap(st != NULL && n == e.n && fabs(med - 100 * e.median_abs) <= 0.051 &&
		    fabs(bias - 100 * e.bias) <= 0.051,
		    "sim_jhd_statistics_measure_the_same_eta_error",
		    "jhd: n %lld, median %.1f%%, bias %.1f%%; simulator: n %d, %.2f%%, %.2f%%",
		    n, med, bias, e.n, 100 * e.median_abs, 100 * e.bias);
		{
			struct simrep_range rg;
			long long nr = json_integer_value(json_object_get(row, "eta_ranges"));
			double cov = json_number_value(json_object_get(row,
			    "eta_range_coverage_pct"));
			double wid = json_number_value(json_object_get(row,
			    "eta_range_width_median_s"));

			simrep_range(s.tk, s.ntk, &rg);
			printf("eta range, as jhd's statistics measure it: n %lld, coverage %.1f%%, "
			    "median width %.1f min\n", nr, cov, wid / 60);
			tap(st != NULL && nr == rg.n && fabs(cov - 100 * rg.coverage) <= 0.051 &&
			    fabs(wid - rg.median_width_s) <= 0.5,
			    "sim_jhd_statistics_measure_the_same_eta_range_coverage",
			    "jhd: n %lld, %.1f%%, width %.0f s; simulator: n %d, %.2f%%, %.0f s",
			    nr, cov, wid, rg.n, 100 * rg.coverage, rg.median_width_s);
		}
		if (!st)
			fail("stats", s.c);
		json_decref(st);
	}
	print_eta(&s, "jhd's forecast with the true means and spread", s.tk_model_eta);
	print_eta(&s, "jhd's forecast with the true means and spread, expecting the day's true "
	    "arrival rates by hour, service and lane", s.tk_model_rates);
	if (getenv("JHSIM_DEBUG"))
		for (int i = 0; i < s.ntk; i++)
			printf("D %s %d %lld %d %d %d %d %lld\n", sched_lane_name(s.tk[i].lane),
			    s.tk[i].service, s.tk[i].called - s.tk[i].issued, s.tk_model_eta[i],
			    s.tk[i].eta_s, s.tk[i].eta_lo_s, s.tk[i].eta_hi_s,
			    s.tk[i].issued - s.start);
	/* the oracle: with the true handling times it must give every wait back */
	{
		int same = 0, called = 0;

		if (oracle_eta(&s, ORACLE_TRUE, NULL, oeta) != 0)
			return 1;
		for (int i = 0; i < s.ntk; i++)
			if (s.tk[i].called > 0) {
				called++;
				same += oeta[i] == (int)(s.tk[i].called - s.tk[i].issued);
			}
		tap(same == called, "sim_oracle_replay_with_true_handling_gives_every_wait",
		    "%d of %d", same, called);
		if (oracle_eta(&s, ORACLE_MEAN, NULL, oeta) != 0)
			return 1;
		print_eta(&s, "oracle (every arrival known, handling times as expected)", oeta);
		{
			double c1, w1, c2, w2;

			range_replay(&s, s.tk_model_eta, &c1, &w1);
			range_replay(&s, oeta, &c2, &w2);
			printf("eta range, jhd's learner around other forecasts: with the true means "
			    "and spread %.1f%%, median width %.1f min; around the oracle's %.1f%%, "
			    "%.1f min\n", 100 * c1, w1 / 60, 100 * c2, w2 / 60);
		}
		/* what the target asks of a forecast that knows everything but the handling
		 * times (docs/SCHEDULING.md section 4): for the bench's full day */
		if (targets) {
			struct simrep_range rg;
			double ow, oc, sw, sc;

			if (simrep_range(s.tk, s.ntk, &rg) != 0 || oracle_best(&s, ORACLE_DRAWS,
			    SIMREP_ETA_TARGET, oeta, &within, rg.coverage, &ow, &oc, &sw, &sc) != 0)
				return 1;
			print_eta(&s, "best possible (oracle, each ticket's figure the one most "
			    "often within the target over " ORACLE_DRAWS_S " draws of the handling "
			    "times)", oeta);
			printf("eta, best possible: %.1f%% of tickets within %.0f%% of their true wait "
			    "in expectation (an upper bound; the target needs 50%%)\n", 100 * within,
			    100 * SIMREP_ETA_TARGET);
			printf("eta range: jhd's coverage %.1f%%, median width %.1f min; the oracle's "
			    "narrowest ranges over the same draws for that coverage: %.1f%%, median "
			    "width %.1f min; ratio %.2f\n", 100 * rg.coverage, rg.median_width_s / 60,
			    100 * oc, ow / 60, ow > 0 ? rg.median_width_s / ow : 0);
			printf("eta range: the oracle's shortest intervals over the same draws (cut as "
			    "jhd cuts its range) for that coverage: %.1f%%, median width %.1f min; "
			    "ratio %.2f\n", 100 * sc, sw / 60, sw > 0 ? rg.median_width_s / sw : 0);
			printf("%s: eta range coverage within %.0f-%.0f%% and median width <= %.2fx "
			    "the oracle's: %.1f%%, %.2fx\n", rg.coverage >= SIMREP_RANGE_COVER_LO &&
			    rg.coverage <= SIMREP_RANGE_COVER_HI && ow > 0 &&
			    rg.median_width_s <= SIMREP_RANGE_WIDTH_RATIO * ow ? "TARGET MET" :
			    "MISSED", 100 * SIMREP_RANGE_COVER_LO, 100 * SIMREP_RANGE_COVER_HI,
			    SIMREP_RANGE_WIDTH_RATIO, 100 * rg.coverage,
			    ow > 0 ? rg.median_width_s / ow : 0);
		}
	}
	/* the same citizens, first come first served without lanes: fairness without a policy */
	{
		struct simrep_ticket *r = malloc((size_t)(s.ntk + 1) * sizeof *r);
		int left, order = 1, bad;

		if (r == NULL)
			return 1;
		static const char *const how_name[] = {
			[FIFO_OWN] = "the hall's windows, backups as primaries",
			[FIFO_POOLED] = "every window serving every service",
			[FIFO_BACKUP] = "the hall's windows, backups as jhd serves them"
		};
		static const enum fifo_windows hows[] = { FIFO_POOLED, FIFO_OWN, FIFO_BACKUP };

		for (int h = 0; h < 3; h++) {
			int pooled = hows[h] == FIFO_POOLED;
			struct simrep_wait fwl[LANE_COUNT];
			double fw;

			left = fifo_replay(&s, hows[h], r);
			for (int i = 1; i < s.ntk && pooled; i++)
				for (int j = 0; j < i; j++)
					if (r[i].called > 0 && r[j].called > r[i].called)
						order = 0;
			bad = simrep_fairness(r, s.ntk, s.nsvc, 1.5, 0, &fw);
			simrep_waits(r, s.ntk, fwl);
			printf("fairness, first come first served without lanes, %s: %d normal "
			    "tickets waited > 1.5x their service's mean wait (day); worst %.2fx; normal "
			    "p90 wait %.1f min\n", how_name[hows[h]], bad, fw, fwl[LANE_NORMAL].p90 / 60);
			if (pooled)
				tap(left == 0 && order, "sim_fifo_replay_places_everyone_in_issue_order",
				    "%d not placed, order %s", left, order ? "kept" : "broken");
			else
				fifo_compare(&s, r, how_name[hows[h]]);
		}
		free(r);
	}
	/* appointments */
	{
		double *v = malloc((size_t)(s.ntk + 1) * sizeof *v);
		char buf[160];
		int n = 0, come[5] = { 0 };

		if (v == NULL)
			return 1;
		for (int i = 0; i < s.narr; i++)
			come[s.arr[i].appt]++;
		if (!s.appt_off && s.gen.appt_share > 0) {
			printf("appointments: %d booked (%d early, %d on time, %d late, %d never came)\n",
			    s.nbooked - s.book_failed, come[SIMGEN_EARLY], come[SIMGEN_ON_TIME],
			    come[SIMGEN_LATE], come[SIMGEN_NEVER]);
			for (int kind = 0; kind <= SIMGEN_LATE; kind++) {
				static const char *const what[] = { "all who came", "early",
				    "on time", "late (normal lane)" };

				int before = 0;

				n = 0;
				for (int i = 0; i < s.ntk; i++) {
					const struct simrep_ticket *t = &s.tk[i];
					long long from = t->issued > t->slot_start ? t->issued :
					    t->slot_start;

					if (t->appt == SIMGEN_WALK_IN || t->called <= 0 ||
					    (kind && t->appt != kind))
						continue;
					/* called before the slot start (an early holder, as
					 * a normal ticket): no wait after it */
					before += t->called < from;
					v[n++] = t->called > from ? (double)(t->called - from) : 0;
				}
				printf("appointment holders' wait from max(check-in, slot start), %s: "
				    "%s; %d called before their slot\n", what[kind],
				    figures(v, n, buf, sizeof buf), before);
				if (kind == 0 && targets)
					printf("%s: appointment holders' median wait after max(check-in, "
					    "slot start) < 5 min: %.1f min\n",
					    n && simrep_percentile(v, n, 0.5) < 300 ? "TARGET MET" :
					    "MISSED", n ? simrep_percentile(v, n, 0.5) / 60 : 0);
			}
		}
		n = 0;
		for (int i = 0; i < s.ntk; i++)
			if (!s.tk[i].holder && s.tk[i].called > 0)
				v[n++] = (double)(s.tk[i].called - s.tk[i].issued);
		printf("walk-ins who do not book (the same citizens at any share), %s: %s\n",
		    s.gen.appt_share > 0 && !s.appt_off ? "with appointments" : "without "
		    "appointments", figures(v, n, buf, sizeof buf));
		if (s.appt_off) {
			n = 0;
			for (int i = 0; i < s.ntk; i++)
				if (s.tk[i].holder && s.tk[i].called > 0)
					v[n++] = (double)(s.tk[i].called - s.tk[i].issued);
			printf("citizens who would book, as walk-ins: %s\n",
			    figures(v, n, buf, sizeof buf));
		}
		free(v);
	}
	if (s.nbooked > 0 && (appt_bad = check_appointments(&s, &appt_counted)) < 0)
		failed = 1;

	tap(!failed && s.take_failed == 0 && s.op_failed == 0, "sim_day_runs_to_the_end",
	    "%d takes and %d clerk ops failed", s.take_failed, s.op_failed);
	tap(s.ntk == expected && lost == 0 && s.unknown_call == 0, "sim_no_ticket_lost",
	    "%d of %d taken, %d not found at the end, %d unknown called", s.ntk, expected, lost,
	    s.unknown_call);
	tap(s.called_twice == 0, "sim_no_ticket_called_twice", "%d called twice",
	    s.called_twice);
	tap(notfinal == 0, "sim_every_ticket_ends_done_or_no_show", "%d not final", notfinal);
	tap(s.policy_mismatch == 0, "sim_calls_follow_the_policy_lanes_ordered",
	    "%d calls differ from sched_pick", s.policy_mismatch);
	rc = failed || s.take_failed || s.op_failed || s.ntk != expected || lost ||
	    s.unknown_call || s.called_twice || notfinal || s.policy_mismatch;
	if (s.nbooked > 0) {
		int came = s.nbooked - s.book_failed - s.nnever;

		printf("# %d holders came and checked in, %d never came\n", came, s.nnever);
		tap(s.book_failed == 0, "sim_every_booking_is_accepted", "%d of %d refused",
		    s.book_failed, s.nbooked);
		tap(s.checkin_failed == 0 && s.checkin_lane_wrong == 0,
		    "sim_every_checkin_gets_a_ticket_early_on_time_or_late_as_it_came",
		    "%d refused, %d in another lane", s.checkin_failed, s.checkin_lane_wrong);
		tap(bad_appt == 0, "sim_every_checked_in_appointment_ticket_ends_final",
		    "%d of %d not final", bad_appt, came);
		tap(appt_bad == 0 && appt_counted == s.nbooked - s.book_failed,
		    "sim_no_shows_recorded_for_those_who_never_came",
		    "%d of %d appointments in another state (%d listed, %d never came)", appt_bad,
		    s.nbooked - s.book_failed, appt_counted, s.nnever);
		rc = rc || s.book_failed || s.checkin_failed || s.checkin_lane_wrong || bad_appt ||
		    appt_bad || appt_counted != s.nbooked - s.book_failed;
	}
	if (targets) {
		int bad;

		simrep_eta(s.tk, s.ntk, 0, &eta);
		bad = simrep_fairness(s.tk, s.ntk, s.nsvc, 1.5, 0, &worst);
		/* a missed target is a figure to report, not a failed run (docs/SCHEDULING.md
		 * explains why they are missed): the exit status is about correctness */
		printf("%s: ETA median abs error <= %.0f%% of true wait (all called tickets): "
		    "%.1f%%\n", eta.median_abs <= SIMREP_ETA_TARGET ? "TARGET MET" : "MISSED",
		    100 * SIMREP_ETA_TARGET,
		    100 * eta.median_abs);
		printf("%s: no normal ticket waits > 1.5x its service's mean wait: %d do "
		    "(worst %.2fx)\n", bad == 0 ? "TARGET MET" : "MISSED", bad, worst);
	}
	jhc_free(s.c);
	free(s.arr);
	free(s.tk);
	free(s.tk_arr);
	free(s.tk_code);
	free(s.tk_model_eta);
	free(s.tk_model_rates);
	free(s.bk_code);
	free(s.hist);
	free(oeta);
	free(busy);
	free(names);
	return rc;
}
