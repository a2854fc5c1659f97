/* queue_test.c — unit tests of the live queue (server/queue.c): codes, picking with lanes,
 * duties and transfers to a window, counts. */
#include <math.h>
#include <stdlib.h>

#include "clock.h"
#include "queue.h"
#include "rng.h"
#include "t.h"

static struct hall_conf h;
static struct queue q;

static void
setup(void)
{
	char err[256];

	/* open from midnight: the tests' clocks (seconds after the epoch, UTC) are in hours */
	hallconf_parse("[hall]\nopen = 00:00\n[department D]\nname = D\n[service A]\nname = A\ndepartment = D\n"
	    "[service B]\nname = B\ndepartment = D\n[window 1]\nservices = A\n"
	    "[window 2]\nservices = B\n", &h, err, sizeof err);
	queue_free(&q);
	queue_init(&q, &h);
	snprintf(q.day, sizeof q.day, "2026-03-02");
}

static struct ticket *
add(long long id, int svc, int lane, long long at)
{
	struct ticket t;

	memset(&t, 0, sizeof t);
	t.id = id;
	t.svc = svc;
	t.lane = lane;
	t.issued_at = at;
	t.window = t.pin = -1;
	snprintf(t.day, sizeof t.day, "2026-03-02");
	queue_format_code(&q.conf.svc[svc], (int)id, t.code, sizeof t.code);
	queue_add(&q, &t);
	return queue_find(&q, id);
}

static void
codes_have_prefix_and_three_digits(void)
{
	char buf[16];

	setup();
	queue_format_code(&q.conf.svc[0], 1, buf, sizeof buf);
	T_EQ_STR(buf, "A001");
	queue_format_code(&q.conf.svc[1], 42, buf, sizeof buf);
	T_EQ_STR(buf, "B042");
	queue_format_code(&q.conf.svc[1], 1234, buf, sizeof buf);
	T_EQ_STR(buf, "B1234");
}

static void
pick_serves_only_the_windows_services(void)
{
	setup();
	add(1, 1, LANE_NORMAL, 100);
	add(2, 0, LANE_NORMAL, 200);
	T_EQ_INT(q.t[queue_pick(&q, 0, 300)].id, 2);
	T_EQ_INT(q.t[queue_pick(&q, 1, 300)].id, 1);
}

static void
pick_prefers_priority_lanes_then_age(void)
{
	setup();
	add(1, 0, LANE_NORMAL, 100);
	add(2, 0, LANE_NORMAL, 150);
	add(3, 0, LANE_GREEN, 200);
	T_EQ_INT(q.t[queue_pick(&q, 0, 300)].id, 3);
	queue_remove(&q, 3);
	T_EQ_INT(q.t[queue_pick(&q, 0, 300)].id, 1);
}

static void
a_ticket_transferred_to_a_window_waits_only_for_it(void)
{
	struct ticket *t;

	setup();
	t = add(1, 1, LANE_NORMAL, 100);	/* service B, but pinned to window 1 */
	t->pin = 0;
	T_EQ_INT(queue_pick(&q, 1, 300), -1);
	T_EQ_INT(q.t[queue_pick(&q, 0, 300)].id, 1);
}

static void
called_tickets_are_not_picked_or_counted(void)
{
	long long longest;

	setup();
	add(1, 0, LANE_NORMAL, 100)->state = TS_CALLED;
	add(2, 0, LANE_NORMAL, 160);
	T_EQ_INT(q.t[queue_pick(&q, 0, 300)].id, 2);
	T_EQ_INT(queue_waiting(&q, 0, 300, &longest), 1);
	T_EQ_INT(longest, 140);
	T_EQ_INT(queue_find_code(&q, "A002")->id, 2);
	T_CHECK(queue_find_code(&q, "A009") == NULL, "no such code");
}

/* max_overtake = K: a ticket passed by K later tickets at a window locks it: nobody issued
 * after it is called there before it (docs/SCHEDULING.md, section 1). */
static void
max_overtake_lets_a_ticket_be_passed_only_k_times(void)
{
	int changed[8] = { 0 }, n;

	setup();
	q.conf.policy.max_overtake = 1;
	add(1, 0, LANE_NORMAL, 100);
	add(2, 0, LANE_GREEN, 110);
	add(3, 0, LANE_GREEN, 120);
	add(4, 1, LANE_NORMAL, 90);	/* B: not eligible at window 1, never passed there */
	T_EQ_INT(q.t[queue_pick(&q, 0, 300)].id, 2);
	n = queue_note_call(&q, 0, queue_pick(&q, 0, 300), 300, changed);
	T_EQ_INT(n, 1);
	T_EQ_INT(q.t[changed[0]].id, 1);
	T_EQ_INT(queue_find(&q, 1)->passed, 1);
	T_EQ_INT(queue_find(&q, 4)->passed, 0);
	queue_find(&q, 2)->state = TS_CALLED;	/* called: no longer among the waiting */
	/* A001 has been passed once: the next green ticket waits behind it */
	T_EQ_INT(q.t[queue_pick(&q, 0, 300)].id, 1);
	/* a ticket issued after the called one is not passed by it */
	T_EQ_INT(queue_note_call(&q, 0, queue_pick(&q, 0, 300), 300, changed), 0);
	T_EQ_INT(queue_find(&q, 3)->passed, 0);
}

static void
without_max_overtake_nothing_is_counted_and_lanes_pass_freely(void)
{
	int changed[8] = { 0 };

	setup();
	add(1, 0, LANE_NORMAL, 100);
	add(2, 0, LANE_GREEN, 110);
	add(3, 0, LANE_GREEN, 120);
	T_EQ_INT(queue_note_call(&q, 0, queue_pick(&q, 0, 300), 300, changed), 0);
	T_EQ_INT(queue_find(&q, 1)->passed, 0);
	queue_remove(&q, 2);
	T_EQ_INT(q.t[queue_pick(&q, 0, 300)].id, 3);
}

/* The forecast reads the counts: a locked ticket is forecast before later priority ones. */
static void
the_forecast_calls_a_locked_ticket_first(void)
{
	int eta[3], ahead[3];

	setup();
	q.conf.policy.max_overtake = 2;
	q.win[0].state = WS_OPEN;
	add(1, 0, LANE_NORMAL, 100)->passed = 2;
	add(2, 0, LANE_GREEN, 110);
	add(3, 0, LANE_GREEN, 120);
	T_EQ_INT(queue_forecast(&q, 300, eta, ahead), 0);
	T_EQ_INT(ahead[0], 0);
	T_EQ_INT(eta[0], 0);
	T_EQ_INT(ahead[1], 1);
	T_EQ_INT(ahead[2], 2);
	/* once passed only once, it has one more to let by: green, then it, then green */
	queue_find(&q, 1)->passed = 1;
	T_EQ_INT(queue_forecast(&q, 300, eta, ahead), 0);
	T_EQ_INT(ahead[1], 0);
	T_EQ_INT(ahead[0], 1);
	T_EQ_INT(ahead[2], 2);
}

static void
forecast_fills_every_live_ticket(void)
{
	int eta[4] = { 9, 9, 9, 9 }, ahead[4] = { 9, 9, 9, 9 };

	setup();
	q.win[0].state = WS_OPEN;
	add(1, 0, LANE_NORMAL, 100);
	add(2, 0, LANE_NORMAL, 110);
	add(3, 1, LANE_NORMAL, 120)->state = TS_CALLED;
	T_EQ_INT(queue_forecast(&q, 200, eta, ahead), 0);
	T_EQ_INT(ahead[0], 0);
	T_EQ_INT(ahead[1], 1);
	T_EQ_INT(ahead[2], 0);
	T_EQ_INT(eta[2], 0);
}

/* take answers with these figures: each live ticket keeps exactly what the forecast says,
 * a green newcomer included (it overtakes, and the tickets behind it move back) */
static void
forecast_store_keeps_the_forecasts_figures_in_each_ticket(void)
{
	int eta[4], ahead[4];

	setup();
	q.win[0].state = WS_OPEN;
	add(1, 0, LANE_NORMAL, 100);
	add(2, 0, LANE_NORMAL, 110);
	add(3, 1, LANE_NORMAL, 120);	/* no open window serves it */
	add(4, 0, LANE_GREEN, 190);
	T_EQ_INT(queue_forecast_store(&q, 200), 0);
	T_EQ_INT(queue_forecast(&q, 200, eta, ahead), 0);
	for (int i = 0; i < 4; i++) {
		T_EQ_INT(q.t[i].fc_eta, eta[i]);
		T_EQ_INT(q.t[i].fc_ahead, ahead[i]);
	}
	T_EQ_INT(q.t[3].fc_ahead, 0);	/* green first */
	T_EQ_INT(q.t[0].fc_ahead, 1);
	T_EQ_INT(q.t[0].fc_eta, 300);
	T_EQ_INT(q.t[1].fc_ahead, 2);
	T_EQ_INT(q.t[2].fc_eta, -1);
}

/* before the hall's opening time, a window not open yet is expected to open at it: the
 * first ticket is forecast to be called then, the next one a handling later; an open window
 * calls now; after the opening time a closed window serves nobody */
static void
before_opening_the_windows_are_expected_at_the_opening_time(void)
{
	long long opens = 9 * 3600, now = opens - 40 * 60;
	int eta[3], ahead[3];

	setup();
	q.conf.open_min = 9 * 60;
	add(1, 0, LANE_NORMAL, now - 60);
	add(2, 0, LANE_NORMAL, now);
	add(3, 1, LANE_NORMAL, now);
	T_EQ_INT(queue_opens_at(&q, now), opens);
	T_EQ_INT(queue_opens_at(&q, opens + 1), opens + 1);
	T_EQ_INT(queue_forecast(&q, now, eta, ahead), 0);
	T_EQ_INT(eta[0], 40 * 60);
	T_EQ_INT(eta[1], 40 * 60 + 300);
	T_EQ_INT(ahead[1], 1);
	T_EQ_INT(eta[2], 40 * 60);
	q.win[1].state = WS_OPEN;	/* a clerk at window 2 already */
	T_EQ_INT(queue_forecast(&q, now, eta, ahead), 0);
	T_EQ_INT(eta[2], 0);
	T_EQ_INT(eta[0], 40 * 60);
	T_EQ_INT(queue_forecast(&q, opens + 60, eta, ahead), 0);
	T_EQ_INT(eta[0], -1);		/* window 1 never opened */
	T_EQ_INT(eta[2], 0);
	/* the range learns the part after the opening: told 50 min at 07:50 and waited 51, it
	 * was 10 min off by 11, not a forecast of 50 min (the band of 40 min and longer) */
	queue_note_range(&q, LANE_NORMAL, 3000, 3060, now);
	T_EQ_INT((int)q.range.noted, 1);
	T_EQ_INT(q.range.cell[LANE_NORMAL][SCHED_RANGE_BANDS - 1].n, 0);
	queue_note_range(&q, LANE_NORMAL, 3000, 3060, opens + 60);
	T_EQ_INT(q.range.cell[LANE_NORMAL][SCHED_RANGE_BANDS - 1].n, 1);
}

/* Before the opening time a service is served when any window has it among its duties,
 * primary or backup, in whatever state (the forecast takes every window to open then); from
 * the opening time, only open or paused windows. */
static void
before_opening_a_service_of_any_windows_duties_is_served(void)
{
	long long opens = 9 * 3600, now = opens - 40 * 60;
	char err[256], served[3];

	T_EQ_INT(hallconf_parse("[hall]\nopen = 09:00\n[department D]\nname = D\n"
	    "[service A]\nname = A\ndepartment = D\n[service B]\nname = B\ndepartment = D\n"
	    "[service C]\nname = C\ndepartment = D\n[window 1]\nservices = A\n"
	    "[window 2]\nservices = A, C:backup\n", &h, err, sizeof err), 0);
	queue_free(&q);
	queue_init(&q, &h);
	queue_served(&q, now, served);
	T_CHECK(served[0] == 1 && served[1] == 0 && served[2] == 1, "07:50, all closed: %d %d %d",
	    served[0], served[1], served[2]);
	queue_served(&q, opens - 1, served);
	T_CHECK(served[0] == 1 && served[2] == 1, "08:59:59: %d %d", served[0], served[2]);
	queue_served(&q, opens, served);
	T_CHECK(served[0] == 0 && served[1] == 0 && served[2] == 0, "09:00, all closed: %d %d %d",
	    served[0], served[1], served[2]);
	q.win[1].state = WS_PAUSED;
	queue_served(&q, opens + 60, served);
	T_CHECK(served[0] == 1 && served[1] == 0 && served[2] == 1, "09:01, 2 paused: %d %d %d",
	    served[0], served[1], served[2]);
	q.win[1].state = WS_CLOSED;
	q.win[0].state = WS_OPEN;
	queue_served(&q, opens + 60, served);
	T_CHECK(served[0] == 1 && served[2] == 0, "09:01, 1 open: %d %d", served[0], served[2]);
}

static void
handling_average_moves_towards_measurements(void)
{
	setup();
	/* the first time replaces the default guess; then the plain average of what was seen
	 * (QUEUE_HANDLE_MEMORY samples at most) */
	queue_record_handle(&q, 0, 1, 900);
	T_CHECK(q.svc[1].handle.mean == 900, "first: %f", q.svc[1].handle.mean);
	queue_record_handle(&q, 0, 1, 400);
	T_CHECK(fabs(q.svc[1].handle.mean - 650) < 1e-9, "second: %f", q.svc[1].handle.mean);
	for (int i = 0; i < 3 * QUEUE_HANDLE_MEMORY; i++)
		queue_record_handle(&q, 0, 0, 60);
	T_CHECK(q.svc[0].handle.mean < 61 && q.svc[0].handle.mean > 59, "%f",
	    q.svc[0].handle.mean);
	T_CHECK(q.win[0].avg_handle_s < 61, "%f", q.win[0].avg_handle_s);
	T_CHECK(q.svc[2].handle.mean == QUEUE_DEFAULT_HANDLE_S, "untouched");
}

/* The forecast's figure for a window and service: the window's own mean shrunk towards the
 * service's over all windows by QUEUE_WS_SHRINK samples' worth. */
static void
a_windows_handling_mean_is_shrunk_towards_its_services(void)
{
	double want;

	setup();
	T_CHECK(queue_expected_handle(&q, 0, 0) == QUEUE_DEFAULT_HANDLE_S, "nothing seen: %f",
	    queue_expected_handle(&q, 0, 0));
	/* window 2 serves A in 200 s, window 1 in 600 s, 4 times each */
	for (int i = 0; i < 4; i++) {
		queue_record_handle(&q, 1, 0, 200);
		queue_record_handle(&q, 0, 0, 600);
	}
	T_CHECK(fabs(q.svc[0].handle.mean - 400) < 1e-9, "service: %f", q.svc[0].handle.mean);
	want = (4 * 200 + QUEUE_WS_SHRINK * 400.0) / (4 + QUEUE_WS_SHRINK);
	T_CHECK(fabs(queue_expected_handle(&q, 1, 0) - want) < 1e-9, "window 2: %f, want %f",
	    queue_expected_handle(&q, 1, 0), want);
	want = (4 * 600 + QUEUE_WS_SHRINK * 400.0) / (4 + QUEUE_WS_SHRINK);
	T_CHECK(fabs(queue_expected_handle(&q, 0, 0) - want) < 1e-9, "window 1: %f, want %f",
	    queue_expected_handle(&q, 0, 0), want);
	/* a window that never served it: the service's */
	queue_record_handle(&q, 0, 1, 500);
	T_CHECK(fabs(queue_expected_handle(&q, 1, 1) - 500) < 1e-9, "window 2, B: %f",
	    queue_expected_handle(&q, 1, 1));
}

static void
the_hall_files_handling_time_is_the_start_and_moves_like_a_measurement(void)
{
	char err[256];

	T_EQ_INT(hallconf_parse("[department D]\nname = D\n[service A]\nname = A\n"
	    "department = D\nhandle = 10m\n[service B]\nname = B\ndepartment = D\n"
	    "[window 1]\nservices = A, B\n", &h, err, sizeof err), 0);
	queue_free(&q);
	queue_init(&q, &h);
	T_CHECK(q.svc[0].handle.mean == 600, "given: %f", q.svc[0].handle.mean);
	T_CHECK(q.svc[1].handle.mean == QUEUE_DEFAULT_HANDLE_S, "not given: %f",
	    q.svc[1].handle.mean);
	/* two waiting tickets of A at an idle window: the second is expected 10 min on */
	add(1, 0, LANE_NORMAL, 100);
	add(2, 0, LANE_NORMAL, 101);
	q.win[0].state = WS_OPEN;
	T_EQ_INT(queue_forecast_store(&q, 200), 0);
	T_EQ_INT(queue_find(&q, 2)->fc_eta, 600);
	/* a measurement counts against QUEUE_HANDLE_PRIOR_N of the hall file's (it is not
	 * thrown away like the bare guess) */
	queue_record_handle(&q, 0, 0, 900);
	T_CHECK(fabs(q.svc[0].handle.mean - (QUEUE_HANDLE_PRIOR_N * 600.0 + 900) /
	    (QUEUE_HANDLE_PRIOR_N + 1)) < 1e-9, "moved: %f", q.svc[0].handle.mean);
	queue_record_handle(&q, 0, 1, 900);
	T_CHECK(q.svc[1].handle.mean == 900, "the guess replaced: %f", q.svc[1].handle.mean);
	setup();
}

/* E[H - e | H > e] for a log-normal H of this mean and sigma, by summing P(H > h) from e on
 * (a check of queue_rest_s's closed form that shares nothing with it). */
static double
rest_by_sum(double mean, double sigma, double e)
{
	double mu = log(mean) - sigma * sigma / 2, sum = 0, du = 0.0005;

	/* over x = e exp(u), dx = x du, from e to 200 means beyond it (midpoint rule) */
	for (double u = du / 2; e * exp(u) < e + 200 * mean; u += du) {
		double x = e * exp(u);

		sum += x * du * 0.5 * erfc((log(x) - mu) / (sigma * sqrt(2.0)));
	}
	return sum / (0.5 * erfc((log(e) - mu) / (sigma * sqrt(2.0))));
}

static void
a_busy_window_is_expected_to_need_the_rest_of_its_handling(void)
{
	/* without a spread: the mean less the time run, at least a quarter of the mean */
	T_CHECK(fabs(queue_rest_s(600, 0, 100) - 500) < 1e-9, "%f", queue_rest_s(600, 0, 100));
	T_CHECK(fabs(queue_rest_s(600, 0, 550) - 150) < 1e-9, "%f", queue_rest_s(600, 0, 550));
	/* with one: the log-normal's expected rest, which grows once the handling runs long */
	T_CHECK(fabs(queue_rest_s(600, 0.5, 0) - 600) < 1e-9, "nothing run yet: the mean");
	for (int k = 0; k < 4; k++) {
		double sg = 0.3 + 0.25 * k;

		for (double e = 60; e <= 2400; e *= 2) {
			double got = queue_rest_s(600, sg, e), want = rest_by_sum(600, sg, e);

			T_CHECK(fabs(got - want) < 0.01 * want + 1, "sigma %.2f run %.0f s: %.1f, "
			    "by summing %.1f", sg, e, got, want);
		}
	}
	T_CHECK(queue_rest_s(600, 0.5, 1200) > queue_rest_s(600, 0, 1200),
	    "a handling twice its mean is not about to end");
}

/* The hall learns the spread of its handling times (the log-deviation around each service's
 * own mean), and the forecast then uses it for busy windows. */
static void
the_spread_of_handling_times_is_learnt_and_used(void)
{
	uint64_t r = 20261126;
	int eta[2], ahead[2];
	struct ticket *c;
	double sigma, want;

	setup();
	for (int i = 0; i < 2000; i++) {
		/* log-normal, sigma 0.6, means 300 s (A) and 900 s (B): Box-Muller */
		double u1 = ((double)(rng_next(&r) >> 11) + 0.5) / 9007199254740992.0;
		double u2 = ((double)(rng_next(&r) >> 11) + 0.5) / 9007199254740992.0;
		double z = sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
		int s = i % 2;

		queue_record_handle(&q, s, s, exp(log(s ? 900.0 : 300.0) - 0.18 + 0.6 * z));
	}
	sigma = sqrt(q.log_var);
	T_CHECK(sigma > 0.45 && sigma < 0.75, "learnt sigma %.3f (true 0.6)", sigma);
	T_CHECK(q.log_var_n >= QUEUE_SPREAD_MIN_SAMPLES, "%d samples", q.log_var_n);

	/* window 1 has called ticket 1 (A) 1000 s ago; ticket 2 (A) waits for it */
	q.win[0].state = WS_OPEN;
	c = add(1, 0, LANE_NORMAL, 0);
	c->state = TS_CALLED;
	c->window = 0;
	c->called_at = 1000;
	q.win[0].current = 1;
	add(2, 0, LANE_NORMAL, 1500);
	T_EQ_INT(queue_forecast(&q, 2000, eta, ahead), 0);
	want = queue_rest_s(queue_expected_handle(&q, 0, 0), sigma, 1000);
	T_EQ_INT(eta[1], (int)(want + 0.5));
	T_CHECK(want > queue_expected_handle(&q, 0, 0) / 4 + 30, "rest %.0f s of a mean of %.0f s",
	    want, queue_expected_handle(&q, 0, 0));
}

/* The first k calls with these duties (sched_pick, then sched_note_call while max_overtake
 * is set, as status lists them) among the waiting tickets q.t[idx[0..n)]: their ids in out. */
static int
first_calls(const struct sched_duty *duty, int nduty, const int *idx, int n, long long now,
    int k, long long *out)
{
	struct sched_ticket st[2000];
	int m = 0;

	for (int j = 0; j < n; j++) {
		const struct ticket *t = &q.t[idx[j]];

		memset(&st[m], 0, sizeof st[m]);
		st[m].id = t->id;
		st[m].service = t->pin >= 0 ? q.conf.nsvc + t->pin : t->svc;
		st[m].lane = t->lane;
		st[m].issued_at = t->issued_at;
		st[m].slot_start = t->slot_start;
		st[m].slot_end = t->slot_end;
		st[m++].passed = t->passed;
	}
	for (int c = 0; c < k; c++) {
		int p = sched_pick(&q.conf.policy, duty, nduty, st, m, now);

		if (p < 0)
			return c;
		out[c] = st[p].id;
		if (q.conf.policy.max_overtake > 0)
			sched_note_call(&q.conf.policy, duty, nduty, st, m, p, now);
		st[p] = st[--m];
	}
	return k;
}

/* status lists each service's and window's next 5 tickets from queue_status_candidates: the
 * same as sched_pick over every waiting ticket would choose, over random queues (lanes,
 * appointments due or not, transfers to a window, issue times out of id order, passes near
 * max_overtake's lock, backup duties and their threshold). */
static void
status_candidates_give_the_same_calls_as_every_ticket(void)
{
	char err[256];
	uint64_t r = 20261206;
	static int all[2000];
	int *cand, ncand, nall, checked = 0, fewer = 0;

	hallconf_parse("[department D]\nname = D\n[service A]\nname = A\ndepartment = D\n"
	    "[service B]\nname = B\ndepartment = D\n[service C]\nname = C\ndepartment = D\n"
	    "[service E]\nname = E\ndepartment = D\n[window 1]\nservices = A, B:backup\n"
	    "[window 2]\nservices = B, C, A:backup\n[window 3]\nservices = E, C:backup, A\n",
	    &h, err, sizeof err);
	for (int round = 0; round < 300; round++) {
		long long now = 100000, got[5], want[5];
		int nt = (int)rng_in(&r, 0, 1500), k;
		struct sched_policy *p;

		queue_free(&q);
		queue_init(&q, &h);
		p = &q.conf.policy;
		for (int l = 0; l < LANE_COUNT; l++)
			p->weight_s[l] = (int)rng_in(&r, 0, 4) * 300;
		p->backup_threshold_s = (int)rng_in(&r, 0, 3) * 600;
		p->appt_grace_s = (int)rng_in(&r, 0, 2) * 300;
		p->max_overtake = rng_in(&r, 0, 1) ? (int)rng_in(&r, 1, 8) : 0;
		for (int i = 0; i < nt; i++) {
			/* few distinct times: ties in issue time and score, broken by id */
			int lane = (int)rng_in(&r, 0, 7);
			struct ticket *t = add(i + 1, (int)rng_in(&r, 0, 3), lane < 4 ? LANE_NORMAL :
			    lane < 6 ? LANE_APPOINTMENT : (int)rng_in(&r, 0, LANE_COUNT - 1),
			    now - rng_in(&r, 0, 40) * 60);

			if (rng_in(&r, 0, 9) == 0)
				t->pin = (int)rng_in(&r, 0, 2);
			if (t->lane == LANE_APPOINTMENT && rng_in(&r, 0, 2)) {
				t->slot_start = now + rng_in(&r, -20, 5) * 60;
				t->slot_end = t->slot_start + 1800;
			}
			if (p->max_overtake > 0 && rng_in(&r, 0, 3) == 0)
				t->passed = (int)rng_in(&r, 0, p->max_overtake + 1);
			if (rng_in(&r, 0, 19) == 0)
				t->state = TS_CALLED;
		}
		nall = 0;
		for (int i = 0; i < q.nt; i++)
			if (q.t[i].state == TS_WAITING)
				all[nall++] = i;
		/* exactly the room the header asks for (ASan: not a byte more is written) */
		cand = malloc(QUEUE_STATUS_CANDIDATES(&q, 5) * sizeof *cand);
		ncand = queue_status_candidates(&q, now, 5, cand);
		T_CHECK(ncand >= 0 && ncand <= nall, "%d candidates of %d", ncand, nall);
		fewer += ncand < nall;
		/* each service alone, each window (with its pinned tickets), random duty sets */
		for (int d = 0; d < q.conf.nsvc + q.conf.nwin + 6; d++) {
			struct sched_duty duty[HALL_MAX_DUTIES + 1];
			int nd = 0;

			if (d < q.conf.nsvc) {
				duty[nd].service = d;
				duty[nd++].backup = 0;
			} else if (d < q.conf.nsvc + q.conf.nwin) {
				int w = d - q.conf.nsvc;

				for (int j = 0; j < q.conf.win[w].nduty; j++, nd++) {
					duty[nd].service = q.conf.win[w].duty[j].service;
					duty[nd].backup = q.conf.win[w].duty[j].backup;
				}
				duty[nd].service = q.conf.nsvc + w;
				duty[nd++].backup = 0;
			} else {
				for (int s = 0; s < q.conf.nsvc + q.conf.nwin; s++)
					if (rng_in(&r, 0, 1)) {
						duty[nd].service = s;
						duty[nd++].backup = (int)rng_in(&r, 0, 1);
					}
			}
			k = first_calls(duty, nd, all, nall, now, 5, want);
			T_EQ_INT(first_calls(duty, nd, cand, ncand, now, 5, got), k);
			for (int j = 0; j < k; j++)
				T_CHECK(got[j] == want[j], "round %d, duty set %d, call %d: ticket %lld, "
				    "not %lld", round, d, j + 1, got[j], want[j]);
			checked += k;
		}
		free(cand);
	}
	T_CHECK(checked > 10000 && fewer > 100, "%d calls compared; %d rounds with fewer "
	    "candidates than tickets", checked, fewer);
	queue_free(&q);
	setup();
}

int
main(void)
{
	clock_set_tz("UTC");	/* the opening time is read in the hall's zone */
	T_RUN(codes_have_prefix_and_three_digits);
	T_RUN(pick_serves_only_the_windows_services);
	T_RUN(pick_prefers_priority_lanes_then_age);
	T_RUN(a_ticket_transferred_to_a_window_waits_only_for_it);
	T_RUN(called_tickets_are_not_picked_or_counted);
	T_RUN(max_overtake_lets_a_ticket_be_passed_only_k_times);
	T_RUN(without_max_overtake_nothing_is_counted_and_lanes_pass_freely);
	T_RUN(the_forecast_calls_a_locked_ticket_first);
	T_RUN(forecast_fills_every_live_ticket);
	T_RUN(forecast_store_keeps_the_forecasts_figures_in_each_ticket);
	T_RUN(before_opening_the_windows_are_expected_at_the_opening_time);
	T_RUN(before_opening_a_service_of_any_windows_duties_is_served);
	T_RUN(handling_average_moves_towards_measurements);
	T_RUN(a_windows_handling_mean_is_shrunk_towards_its_services);
	T_RUN(the_hall_files_handling_time_is_the_start_and_moves_like_a_measurement);
	T_RUN(a_busy_window_is_expected_to_need_the_rest_of_its_handling);
	T_RUN(the_spread_of_handling_times_is_learnt_and_used);
	T_RUN(status_candidates_give_the_same_calls_as_every_ticket);
	queue_free(&q);
	return t_done();
}
