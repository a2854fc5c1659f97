/* sim_unit_test.c — unit tests of the hall simulator's pure parts: the day generator
 * (tests/sim/simgen.c: arrivals, bookings, ID numbers) and the figures
 * (tests/sim/simreport.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/t.h"
#include "simgen.h"
#include "simreport.h"

static struct simgen_arrival a[SIMGEN_MAX_ARRIVALS], b[SIMGEN_MAX_ARRIVALS];

static void
same_seed_gives_the_same_day(void)
{
	struct simgen_params p;
	int n, m;

	simgen_district(&p, 1, 42);
	n = simgen_day(&p, a, SIMGEN_MAX_ARRIVALS);
	m = simgen_day(&p, b, SIMGEN_MAX_ARRIVALS);
	T_CHECK(n > 300, "a full day has %d arrivals", n);
	T_EQ_INT(m, n);
	T_EQ_MEM(b, (size_t)m * sizeof b[0], a, (size_t)n * sizeof a[0]);
	simgen_district(&p, 1, 43);
	m = simgen_day(&p, b, SIMGEN_MAX_ARRIVALS);
	T_CHECK(m != n || memcmp(a, b, (size_t)n * sizeof a[0]) != 0, "seeds 42 and 43 agree");
}

static void
arrivals_are_in_time_order_within_the_taking_period(void)
{
	struct simgen_params p;
	int n;

	for (int full = 0; full <= 1; full++) {
		simgen_district(&p, full, 7);
		n = simgen_day(&p, a, SIMGEN_MAX_ARRIVALS);
		T_CHECK(n > 5, "%d arrivals", n);
		for (int i = 0; i < n; i++) {
			T_CHECK(a[i].at_s >= p.start_s && a[i].at_s < p.start_s + p.taking_s,
			    "arrival %d at %d s", i, a[i].at_s);
			T_CHECK(i == 0 || a[i - 1].at_s <= a[i].at_s, "arrival %d out of order", i);
			T_CHECK(a[i].service >= 0 && a[i].service < p.nservices, "service %d",
			    a[i].service);
			T_CHECK(a[i].handle_s >= 30, "handle %d", a[i].handle_s);
		}
	}
}

static void
day_has_a_morning_peak_a_lunch_lull_and_the_afternoon_crowd(void)
{
	struct simgen_params p;
	int hour[8] = { 0 };

	for (int seed = 1; seed <= 30; seed++) {
		int n;

		simgen_district(&p, 1, (uint64_t)seed);
		n = simgen_day(&p, a, SIMGEN_MAX_ARRIVALS);
		for (int i = 0; i < n; i++)
			hour[a[i].at_s / 3600]++;
	}
	T_CHECK(hour[0] > hour[2] * 1.3, "09-10 %d vs 11-12 %d", hour[0], hour[2]);
	T_CHECK(hour[3] * 2.5 < hour[5], "lunch %d vs 14-15 %d", hour[3], hour[5]);
	for (int h = 4; h <= 6; h++)
		T_CHECK(hour[h] > hour[2], "13-16 crowd: hour %d has %d, 11-12 has %d", h, hour[h],
		    hour[2]);
	T_CHECK(hour[7] < hour[6] / 2, "the last half hour is quiet: %d vs %d", hour[7], hour[6]);
}

static void
priority_mix_no_shows_and_volume_follow_the_parameters(void)
{
	struct simgen_params p;
	int lane[LANE_COUNT] = { 0 }, total = 0, noshow = 0, ent = 0;
	double lsum = 0;

	for (int seed = 1; seed <= 30; seed++) {
		int n;

		simgen_district(&p, 1, (uint64_t)seed);
		n = simgen_day(&p, a, SIMGEN_MAX_ARRIVALS);
		for (int i = 0; i < n; i++) {
			lane[a[i].lane]++;
			noshow += a[i].no_show;
			ent += a[i].enterprise;
		}
		total += n;
	}
	T_CHECK(fabs(total / 30.0 - p.tickets) < p.tickets * 0.05, "%.1f a day, want %.0f",
	    total / 30.0, p.tickets);
	for (int l = 0; l < LANE_COUNT; l++)
		lsum += p.lane_share[l];
	for (int l = 0; l < LANE_COUNT; l++)
		T_CHECK(fabs((double)lane[l] / total - p.lane_share[l] / lsum) < 0.02,
		    "lane %s: %.3f, want %.3f", sched_lane_name(l), (double)lane[l] / total,
		    p.lane_share[l] / lsum);
	T_EQ_INT(lane[LANE_APPOINTMENT], 0);	/* appointments come from bookings */
	T_CHECK(fabs((double)noshow / total - p.no_show) < 0.01, "no-shows %.3f",
	    (double)noshow / total);
	T_CHECK(ent > total / 10 && ent < total / 2, "enterprise %d of %d", ent, total);
}

static void
lognormal_and_poisson_have_the_asked_means(void)
{
	struct simgen_rng r;
	double sum = 0, lsum = 0, sq = 0;
	const int n = 200000;

	simgen_seed(&r, 99);
	for (int i = 0; i < n; i++) {
		double x = simgen_lognormal(&r, 480, 0.5);

		sum += x;
		lsum += log(x);
		sq += log(x) * log(x);
	}
	T_CHECK(fabs(sum / n - 480) < 480 * 0.01, "lognormal mean %.1f", sum / n);
	T_CHECK(fabs(sqrt(sq / n - (lsum / n) * (lsum / n)) - 0.5) < 0.01, "sigma off");
	sum = 0;
	for (int i = 0; i < 20000; i++)
		sum += simgen_poisson(&r, 45.5);
	T_CHECK(fabs(sum / 20000 - 45.5) < 0.3, "poisson mean %.2f", sum / 20000);
	T_EQ_INT(simgen_poisson(&r, 0), 0);
	T_EQ_INT(simgen_poisson(&r, -3), 0);
}

/* P(H > x) for a lognormal H of this mean and sigma */
static double
lognormal_tail(double mean, double sigma, double x)
{
	double mu = log(mean) - sigma * sigma / 2;

	return 0.5 * erfc((log(x) - mu) / sigma / sqrt(2.0));
}

static void
lognormal_rest_is_the_tail_of_the_lognormal(void)
{
	/* E[H | H > e] - e = mean Phi(z0 + sigma) / Phi(z0) - e, z0 = (mu - ln e) / sigma;
	 * and P(H - e > m | H > e) = P(H > e + m) / P(H > e): both branches of the draw (plain
	 * rejection below a = 1, the exponential proposal above) */
	static const double es[] = { 100, 480, 900, 2000, 4000 };
	struct simgen_rng r;
	const double mean = 480, sigma = 0.5, mu = log(mean) - sigma * sigma / 2;
	const int n = 100000;

	simgen_seed(&r, 7);
	for (size_t k = 0; k < sizeof es / sizeof es[0]; k++) {
		double e = es[k], z0 = (mu - log(e)) / sigma, sum = 0, want, over_p;
		int over = 0;

		want = mean * 0.5 * erfc(-(z0 + sigma) / sqrt(2.0)) / (0.5 * erfc(-z0 / sqrt(2.0))) - e;
		over_p = lognormal_tail(mean, sigma, e + want) / lognormal_tail(mean, sigma, e);
		for (int i = 0; i < n; i++) {
			double x = simgen_lognormal_rest(&r, mean, sigma, e);

			T_CHECK(x >= 0, "negative rest %f", x);
			sum += x;
			over += x > want;
		}
		T_CHECK(fabs(sum / n - want) < want * 0.015, "e %.0f: mean rest %.1f, want %.1f", e,
		    sum / n, want);
		T_CHECK(fabs((double)over / n - over_p) < 0.01, "e %.0f: P(rest > mean rest) %.3f, "
		    "want %.3f", e, (double)over / n, over_p);
	}
	T_CHECK(simgen_lognormal_rest(&r, 480, 0, 100) == 380, "sigma 0");
	T_CHECK(simgen_lognormal_rest(&r, 480, 0, 600) == 0, "sigma 0, past the mean");
}

static void
bad_parameters_are_refused(void)
{
	struct simgen_params p;

	simgen_district(&p, 1, 1);
	T_EQ_INT(simgen_day(&p, a, 10), -1);		/* too small an array */
	p.nservices = 0;
	T_EQ_INT(simgen_day(&p, a, SIMGEN_MAX_ARRIVALS), -1);
	simgen_district(&p, 1, 1);
	p.taking_s = 0;
	T_EQ_INT(simgen_day(&p, a, SIMGEN_MAX_ARRIVALS), -1);
	simgen_district(&p, 1, 1);
	memset(p.hour_weight, 0, sizeof p.hour_weight);
	T_EQ_INT(simgen_day(&p, a, SIMGEN_MAX_ARRIVALS), -1);
	simgen_district(&p, 1, 1);
	T_EQ_INT(simgen_service_index(&p, "G"), 6);
	T_EQ_INT(simgen_service_index(&p, "Z"), -1);
}

static void
percentile_is_nearest_rank(void)
{
	double v[] = { 5, 1, 4, 2, 3, 10, 9, 8, 7, 6 };

	T_CHECK(simrep_percentile(v, 10, 0.9) == 9, "p90 %.1f", simrep_percentile(v, 10, 0.9));
	T_CHECK(simrep_percentile(v, 10, 0.5) == 5, "p50");
	T_CHECK(simrep_percentile(v, 10, 1.0) == 10, "p100");
	T_CHECK(simrep_percentile(v, 10, 0.0) == 1, "p0");
	T_CHECK(simrep_percentile(v, 0, 0.5) == 0, "empty");
}

static struct simrep_ticket
rt(int service, enum sched_lane lane, long long issued, long long called, int eta)
{
	struct simrep_ticket t;

	memset(&t, 0, sizeof t);
	t.service = service;
	t.lane = lane;
	t.issued = issued;
	t.called = called;
	t.eta_s = eta;
	t.state = called ? SR_DONE : SR_WAITING;
	return t;
}

static void
waits_per_lane_count_only_called_tickets(void)
{
	struct simrep_ticket t[] = {
		rt(0, LANE_NORMAL, 1000, 1100, 0),
		rt(0, LANE_NORMAL, 1000, 1300, 0),
		rt(0, LANE_NORMAL, 1000, 0, 0),		/* never called */
		rt(1, LANE_GREEN, 1000, 1060, 0),
	};
	struct simrep_wait w[LANE_COUNT];

	T_EQ_INT(simrep_waits(t, 4, w), 0);
	T_EQ_INT(w[LANE_NORMAL].n, 2);
	T_CHECK(w[LANE_NORMAL].mean == 200, "mean %.1f", w[LANE_NORMAL].mean);
	T_CHECK(w[LANE_NORMAL].max == 300 && w[LANE_NORMAL].p90 == 300, "max/p90");
	T_EQ_INT(w[LANE_GREEN].n, 1);
	T_CHECK(w[LANE_GREEN].mean == 60, "green %.1f", w[LANE_GREEN].mean);
	T_EQ_INT(w[LANE_ELDERLY].n, 0);
}

static void
eta_error_is_relative_to_the_true_wait(void)
{
	struct simrep_ticket t[] = {
		rt(0, LANE_NORMAL, 0, 1000, 1200),	/* +20% */
		rt(0, LANE_NORMAL, 0, 1000, 500),	/* -50% */
		rt(0, LANE_NORMAL, 0, 1000, 1100),	/* +10% */
		rt(0, LANE_NORMAL, 0, 10, 40),		/* 30 s over a 60 s floor: +50% */
		rt(0, LANE_NORMAL, 0, 1000, -1),	/* no ETA: ignored */
		rt(0, LANE_NORMAL, 0, 0, 100),		/* not called: ignored */
	};
	struct simrep_eta e;

	T_EQ_INT(simrep_eta(t, 6, 0, &e), 0);
	T_EQ_INT(e.n, 4);
	T_CHECK(fabs(e.median_abs - 0.2) < 1e-9, "median %.3f", e.median_abs);
	T_CHECK(fabs(e.bias - (0.2 - 0.5 + 0.1 + 0.5) / 4) < 1e-9, "bias %.3f", e.bias);
	T_CHECK(fabs(e.pooled_abs - (200 + 500 + 100 + 30) / 3010.0) < 1e-9, "pooled %.3f",
	    e.pooled_abs);
	T_EQ_INT(simrep_eta(t, 6, 300, &e), 0);	/* only the tickets that waited */
	T_EQ_INT(e.n, 3);
	T_CHECK(fabs(e.median_abs - 0.2) < 1e-9, "median %.3f", e.median_abs);
}

static void
fairness_counts_normal_tickets_far_above_their_service_mean(void)
{
	struct simrep_ticket t[] = {
		rt(0, LANE_NORMAL, 0, 100, 0),
		rt(0, LANE_NORMAL, 0, 100, 0),
		rt(0, LANE_NORMAL, 0, 400, 0),	/* mean 200: 2.0x */
		rt(1, LANE_GREEN, 0, 900, 0),	/* not normal */
		rt(1, LANE_NORMAL, 0, 300, 0),	/* mean 600: 0.5x */
	};
	double worst;

	T_EQ_INT(simrep_fairness(t, 5, 2, 1.5, 0, &worst), 1);
	T_CHECK(fabs(worst - 2.0) < 1e-9, "worst %.2f", worst);
	T_EQ_INT(simrep_fairness(t, 5, 2, 2.5, 0, &worst), 0);
	T_EQ_INT(simrep_fairness(t, 5, 2, 1.5, 500, &worst), 0);	/* short waits ignored */
}

static void
local_fairness_compares_with_tickets_issued_nearby(void)
{
	struct simrep_ticket t[] = {
		rt(0, LANE_NORMAL, 0, 100, 0),
		rt(0, LANE_NORMAL, 10, 410, 0),		/* 400 vs local mean 250: 1.6x */
		rt(0, LANE_NORMAL, 5000, 8000, 0),	/* far away: its own mean */
	};
	double worst;

	T_EQ_INT(simrep_fairness_local(t, 3, 1.5, 1800, 0, &worst), 1);
	T_CHECK(fabs(worst - 1.6) < 1e-9, "worst %.2f", worst);
	T_EQ_INT(simrep_fairness(t, 3, 1, 1.5, 0, &worst), 1);	/* the day's mean: 3000 only */
	T_EQ_INT(simrep_fairness_local(t, 3, 1.7, 1800, 0, &worst), 0);
}

static void
id_numbers_carry_the_iso_7064_mod_11_2_check_digit(void)
{
	char id[19], seen[2000][19];

	/* the standard's own example (GB 11643-1999) */
	T_CHECK(simgen_id_check("11010519491231002") == 'X', "check of the GB 11643 example");
	for (int k = 0; k < 2000; k++) {
		int sum = 0;
		static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };

		simgen_id_number(k * 499, id);
		T_EQ_INT((int)strlen(id), 18);
		/* MOD 11-2 over all 18 characters (X = 10) is 1 */
		for (int i = 0; i < 17; i++)
			sum += (id[i] - '0') * w[i];
		sum += id[17] == 'X' ? 10 : id[17] - '0';
		T_CHECK(sum % 11 == 1, "%s: weighted sum %d", id, sum);
		T_CHECK(strncmp(id + 14, "000", 3) != 0, "%s: sequence 000", id);
		memcpy(seen[k], id, 19);
		for (int j = 0; j < k; j++)
			T_CHECK(strcmp(seen[j], id) != 0, "%s twice", id);
	}
}

/* Two services' slots 09:00-12:00 every 30 min with 3 places, service 2 none. */
static int
test_slots(struct simgen_slot *sl)
{
	int n = 0;

	for (int g = 0; g < 2; g++)
		for (int k = 0; k < 6; k++)
			sl[n++] = (struct simgen_slot){ .service = g, .start_s = k * 1800,
			    .end_s = (k + 1) * 1800, .free = 3 };
	return n;
}

static void
bookings_keep_quotas_and_holders_come_around_their_slot(void)
{
	struct simgen_params p;
	struct simgen_slot sl[32], sl0[32];
	int n, ns, holders, kinds[5] = { 0 }, from_slot = 0;

	simgen_district(&p, 1, 5);
	p.appt_share = 0.5;
	n = simgen_day(&p, a, SIMGEN_MAX_ARRIVALS);
	ns = test_slots(sl);
	memcpy(sl0, sl, sizeof sl);
	holders = simgen_book(&p, a, n, sl, ns, 900, 0);
	T_CHECK(holders > 20, "%d holders", holders);
	for (int k = 0; k < ns; k++)
		T_CHECK(sl[k].free >= 0, "slot %d over its quota", k);
	for (int i = 0; i < n; i++) {
		const struct simgen_arrival *x = &a[i];
		const struct simgen_slot *s;

		if (i > 0)
			T_CHECK(a[i - 1].at_s <= x->at_s, "not in time order at %d", i);
		kinds[x->appt]++;
		if (!x->holder) {
			T_EQ_INT(x->appt, SIMGEN_WALK_IN);
			T_EQ_INT(x->at_s, x->wanted_s);
			continue;
		}
		T_CHECK(x->service < 2, "a holder of a service without slots");
		s = &sl[x->slot];
		T_EQ_INT(s->service, x->service);
		/* the slot under way when they wanted to come, or the next within the hour */
		T_CHECK(s->start_s <= x->wanted_s + 3600 && x->wanted_s < s->end_s,
		    "slot %d-%d for a citizen of %d", s->start_s, s->end_s, x->wanted_s);
		from_slot++;
		switch (x->appt) {
		case SIMGEN_EARLY:
			T_CHECK(x->at_s >= s->start_s - 1800 && x->at_s <= s->start_s - 300,
			    "early at %d for %d", x->at_s, s->start_s);
			break;
		case SIMGEN_ON_TIME:
			T_CHECK(x->at_s >= s->start_s && x->at_s < s->start_s + 900,
			    "on time at %d for %d", x->at_s, s->start_s);
			break;
		case SIMGEN_LATE:
			T_CHECK(x->at_s > s->start_s + 900 && x->at_s < s->end_s + 900,
			    "late at %d for %d-%d", x->at_s, s->start_s, s->end_s);
			break;
		case SIMGEN_NEVER:
			break;
		default:
			T_CHECK(0, "a holder without punctuality");
		}
	}
	T_EQ_INT(from_slot, holders);
	for (int k = 1; k < 5; k++)
		T_CHECK(kinds[k] > 0, "no holder of kind %d", k);

	/* off: the same citizens are holders, but everyone comes when they wanted */
	simgen_day(&p, b, SIMGEN_MAX_ARRIVALS);
	memcpy(sl, sl0, sizeof sl);
	T_EQ_INT(simgen_book(&p, b, n, sl, ns, 900, 1), holders);
	for (int i = 0; i < n; i++) {
		T_EQ_INT(b[i].appt, SIMGEN_WALK_IN);
		T_EQ_INT(b[i].at_s, b[i].wanted_s);
	}
	/* and share 0 books nobody and leaves the day as it was */
	p.appt_share = 0;
	simgen_day(&p, a, SIMGEN_MAX_ARRIVALS);
	memcpy(sl, sl0, sizeof sl);
	T_EQ_INT(simgen_book(&p, a, n, sl, ns, 900, 0), 0);
	for (int i = 0; i < n; i++)
		T_CHECK(a[i].at_s == b[i].at_s && a[i].service == b[i].service &&
		    a[i].handle_s == b[i].handle_s, "citizen %d differs from the day with --appt-off",
		    i);
}

int
main(void)
{
	T_RUN(same_seed_gives_the_same_day);
	T_RUN(arrivals_are_in_time_order_within_the_taking_period);
	T_RUN(day_has_a_morning_peak_a_lunch_lull_and_the_afternoon_crowd);
	T_RUN(priority_mix_no_shows_and_volume_follow_the_parameters);
	T_RUN(lognormal_and_poisson_have_the_asked_means);
	T_RUN(lognormal_rest_is_the_tail_of_the_lognormal);
	T_RUN(bad_parameters_are_refused);
	T_RUN(percentile_is_nearest_rank);
	T_RUN(waits_per_lane_count_only_called_tickets);
	T_RUN(eta_error_is_relative_to_the_true_wait);
	T_RUN(fairness_counts_normal_tickets_far_above_their_service_mean);
	T_RUN(local_fairness_compares_with_tickets_issued_nearby);
	T_RUN(id_numbers_carry_the_iso_7064_mod_11_2_check_digit);
	T_RUN(bookings_keep_quotas_and_holders_come_around_their_slot);
	return t_done();
}
