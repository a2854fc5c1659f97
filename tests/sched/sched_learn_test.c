/* sched_learn_test.c — the handling-time learner (server/sched_learn.c): the plain average
 * while it is young, a bounded memory afterwards, the hall file's figure as a few samples, and
 * a window's mean shrunk towards its service's. Known inputs, exact answers. */
#include <math.h>
#include <stdint.h>

#include "../../server/sched.h"
#include "../../server/sched_learn.h"
#include "../lib/t.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

static void
young_means_are_plain_averages(void)
{
	struct sched_mean m;
	double sum = 0;

	sched_mean_start(&m, 300, 0);
	sched_mean_add(&m, 900, 50);
	T_CHECK(NEAR(m.mean, 900), "the first sample replaces the guess: %f", m.mean);
	for (int i = 1; i < 40; i++) {
		double x = 100 + 17 * (i % 7);

		sum += x;
		sched_mean_add(&m, x, 50);
	}
	T_CHECK(NEAR(m.mean, (900 + sum) / 40), "%f against the average %f", m.mean,
	    (900 + sum) / 40);
	T_CHECK(NEAR(m.n, 40), "n %f", m.n);
}

static void
old_means_remember_about_their_memory(void)
{
	struct sched_mean m;

	/* after the memory is full each sample weighs 1/memory: a step from 600 to 300 is
	 * (1 - 1/50)^k of the way back after k samples */
	sched_mean_start(&m, 0, 0);
	for (int i = 0; i < 200; i++)
		sched_mean_add(&m, 600, 50);
	T_CHECK(NEAR(m.mean, 600) && NEAR(m.n, 50), "%f, n %f", m.mean, m.n);
	for (int k = 1; k <= 50; k++) {
		sched_mean_add(&m, 300, 50);
		T_CHECK(NEAR(m.mean, 300 + 300 * pow(1 - 1.0 / 50, k)), "after %d: %f", k, m.mean);
	}
	/* a memory under one sample is one sample: the newest */
	sched_mean_add(&m, 77, 0);
	T_CHECK(NEAR(m.mean, 77), "%f", m.mean);
}

static void
a_starting_figure_counts_as_its_samples(void)
{
	struct sched_mean m;

	/* the hall file's 600 s as 4 samples: a measurement of 900 moves it by a fifth */
	sched_mean_start(&m, 600, 4);
	sched_mean_add(&m, 900, 50);
	T_CHECK(NEAR(m.mean, 660), "%f", m.mean);
	sched_mean_add(&m, 300, 50);
	T_CHECK(NEAR(m.mean, (4 * 600 + 900 + 300) / 6.0), "%f", m.mean);
}

static void
a_windows_mean_is_shrunk_towards_its_services(void)
{
	struct sched_mean own;

	sched_mean_start(&own, 300, 0);
	T_CHECK(NEAR(sched_mean_shrunk(&own, 500, 10), 500), "no sample: the service's");
	sched_mean_add(&own, 200, 50);
	sched_mean_add(&own, 400, 50);
	/* 2 samples of mean 300 against 10 samples' worth of 500 */
	T_CHECK(NEAR(sched_mean_shrunk(&own, 500, 10), (2 * 300 + 10 * 500) / 12.0), "%f",
	    sched_mean_shrunk(&own, 500, 10));
	T_CHECK(NEAR(sched_mean_shrunk(&own, 500, 0), 300), "k 0: its own");
	for (int i = 0; i < 1000; i++)
		sched_mean_add(&own, 300, 50);
	/* a full memory (50) against 10: five sixths its own */
	T_CHECK(NEAR(sched_mean_shrunk(&own, 600, 10), (50 * 300 + 10 * 600) / 60.0), "%f",
	    sched_mean_shrunk(&own, 600, 10));
}

/* Bookings as arrivals (docs/SCHEDULING.md, "Bookings as arrivals"). */
static void
show_up_is_the_prior_pulled_towards_the_halls_past_days(void)
{
	const struct sched_show prior = { 0, 0.9 };
	struct sched_show sh;
	long long early[] = { 600, -120, -300, 60, -240 };	/* median -120 */
	long long even[] = { 300, -60, 120, -600 };		/* median (-60 + 120) / 2 */

	sched_show_learn(early, 0, 0, &prior, 20, &sh);
	T_CHECK(NEAR(sh.early_s, 0) && NEAR(sh.show, 0.9), "no past days: the prior, %f %f",
	    sh.early_s, sh.show);
	sched_show_learn(early, 5, 1, &prior, 20, &sh);
	T_CHECK(NEAR(sh.early_s, (5 * -120.0) / 25), "early %f", sh.early_s);
	T_CHECK(NEAR(sh.show, (5 + 20 * 0.9) / 26), "show %f", sh.show);
	sched_show_learn(even, 4, 0, &prior, 0, &sh);
	T_CHECK(NEAR(sh.early_s, 30) && NEAR(sh.show, 1), "without a prior the hall's: %f %f",
	    sh.early_s, sh.show);
	sched_show_learn(early, 0, 10, &prior, 10, &sh);
	T_CHECK(NEAR(sh.early_s, 0) && NEAR(sh.show, 9.0 / 20), "only no-shows: %f %f",
	    sh.early_s, sh.show);
}

static void
bookings_are_expected_at_slot_start_less_the_earliness(void)
{
	const long long now = 1000000;
	const struct sched_booking b[] = {
		{ 0, now - 600, now + 1200 },	/* expected at now - 900: gone by */
		{ 1, now + 100, now + 1900 },	/* expected at now - 200: gone by */
		{ 1, now + 300, now + 2100 },	/* expected at now: still to come */
		{ 0, now + 1800, now + 3600 },
		{ 7, now + 1800, now + 3600 },	/* a service the hall does not have */
		{ 1, now + 3600, now + 5400 },
	};
	const struct sched_show sh = { 300, 1 };
	struct sched_ticket out[6];
	int n = sched_expect_bookings(b, 6, 2, &sh, now, out);

	T_EQ_INT(n, 3);
	if (n != 3)
		return;
	T_CHECK(out[0].service == 1 && out[0].issued_at == now && out[0].slot_start == now + 300 &&
	    out[0].slot_end == now + 2100, "first: service %d at %lld", out[0].service,
	    out[0].issued_at - now);
	T_CHECK(out[1].service == 0 && out[1].issued_at == now + 1500 &&
	    out[1].slot_start == now + 1800, "second: service %d at %lld", out[1].service,
	    out[1].issued_at - now);
	T_CHECK(out[2].service == 1 && out[2].issued_at == now + 3300, "third: service %d at %lld",
	    out[2].service, out[2].issued_at - now);
	for (int i = 0; i < n; i++)
		T_CHECK(out[i].lane == LANE_APPOINTMENT && out[i].id == 0 && out[i].passed == 0,
		    "arrival %d: lane %d id %lld", i, (int)out[i].lane, out[i].id);
	/* a holder who comes after the slot start (earliness negative) */
	{
		const struct sched_show late = { -240, 1 };

		n = sched_expect_bookings(b, 6, 2, &late, now, out);
		T_CHECK(n == 4 && out[0].issued_at == now + 340 && out[0].slot_start == now + 100,
		    "after the start: %d, first at %lld", n, n ? out[0].issued_at - now : 0);
	}
}

static void
only_the_share_that_shows_up_is_expected(void)
{
	const long long now = 5000;
	struct sched_booking b[20];
	struct sched_ticket out[20];
	struct sched_show sh = { 0, 0.7 };
	int n, per[2] = { 0, 0 };

	for (int i = 0; i < 20; i++) {
		b[i].service = i % 2;
		b[i].slot_start = now + 600 * (i / 2 + 1);
		b[i].slot_end = b[i].slot_start + 1800;
	}
	n = sched_expect_bookings(b, 20, 2, &sh, now, out);
	for (int i = 0; i < n; i++)
		per[out[i].service]++;
	T_CHECK(n == 14 && per[0] == 7 && per[1] == 7, "0.7 of 10 a service: %d (%d + %d)", n,
	    per[0], per[1]);
	for (int i = 1; i < n; i++)
		T_CHECK(out[i].issued_at >= out[i - 1].issued_at, "in order of time at %d", i);
	sh.show = 1;
	T_EQ_INT(sched_expect_bookings(b, 20, 2, &sh, now, out), 20);
	sh.show = 0;
	T_EQ_INT(sched_expect_bookings(b, 20, 2, &sh, now, out), 0);
	sh.show = 0.5;
	T_EQ_INT(sched_expect_bookings(b, 20, 2, &sh, now, out), 10);
}

static void
the_forecast_calls_an_expected_holder_first(void)
{
	/* one window serving service 0, busy until now + 300, handling 600 s; one normal ticket
	 * waiting since now. A holder of a slot starting at now + 200, expected on time, is due
	 * when the window frees and is called first: the waiting ticket is told 900 s, not 300. */
	const long long now = 86400;
	struct sched_policy pol;
	struct sched_duty duty = { 0, 0 };
	struct sched_window w = { &duty, 1, 1, now + 300 };
	double handle = 600;
	struct sched_ticket t = { .id = 1, .service = 0, .lane = LANE_NORMAL, .issued_at = now };
	struct sched_booking b = { 0, now + 200, now + 2000 };
	struct sched_show sh = { 0, 1 };
	struct sched_ticket e[1];
	int n, eta = -2, ahead = -2;

	sched_policy_default(&pol);
	n = sched_expect_bookings(&b, 1, 1, &sh, now, e);
	T_EQ_INT(n, 1);
	T_EQ_INT(sched_forecast_expect(&pol, &w, 1, &handle, 1, NULL, e, n, &t, 1, now, &eta,
	    &ahead, NULL), 0);
	T_EQ_INT(eta, 900);
	T_EQ_INT(ahead, 0);	/* an expected arrival is not a ticket ahead */
	T_EQ_INT(sched_forecast_expect(&pol, &w, 1, &handle, 1, NULL, e, 0, &t, 1, now, &eta,
	    &ahead, NULL), 0);
	T_EQ_INT(eta, 300);
	/* a holder not expected before the ticket's call changes nothing */
	b.slot_start = now + 400;
	n = sched_expect_bookings(&b, 1, 1, &sh, now, e);
	T_EQ_INT(sched_forecast_expect(&pol, &w, 1, &handle, 1, NULL, e, n, &t, 1, now, &eta,
	    &ahead, NULL), 0);
	T_EQ_INT(eta, 300);
}

int
main(void)
{
	T_RUN(young_means_are_plain_averages);
	T_RUN(old_means_remember_about_their_memory);
	T_RUN(a_starting_figure_counts_as_its_samples);
	T_RUN(a_windows_mean_is_shrunk_towards_its_services);
	T_RUN(show_up_is_the_prior_pulled_towards_the_halls_past_days);
	T_RUN(bookings_are_expected_at_slot_start_less_the_earliness);
	T_RUN(only_the_share_that_shows_up_is_expected);
	T_RUN(the_forecast_calls_an_expected_holder_first);
	return t_done();
}
