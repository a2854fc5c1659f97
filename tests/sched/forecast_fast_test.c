/* forecast_fast_test.c — the fast forecast (sched_forecast, sched_forecast_arrivals: heaps
 * per service) gives, ticket by ticket, exactly the eta_s and ahead of the reference forecast
 * (one linear sched_pick per call), over thousands of seeded random halls: slot appointments
 * early, due and late, backup duties, closed and busy windows, expected arrivals, ties of
 * score, tickets of no or an unknown service, and max_overtake (where the fast one defers to
 * the reference). JH_SEED=N picks another base seed; a failing hall's seed is printed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../server/sched.h"
#include "../lib/rng.h"
#include "../lib/t.h"

#define MAXW	8
#define MAXS	6
#define MAXD	12
#define MAXT	1200

static uint64_t rng;
static unsigned long long base_seed = 20261126;

static long long
rin(long long lo, long long hi)
{
	return rng_in(&rng, lo, hi);
}

struct hall {
	struct sched_policy pol;
	int nw, ns;
	struct sched_duty duty[MAXW][MAXD];
	struct sched_window w[MAXW];
	double handle[MAXW * MAXS];
	double rate[MAXS * LANE_COUNT];
	int use_rate;
	struct sched_ticket t[MAXT];
	int nt;
	struct sched_ticket exp[64];	/* arrivals known one by one */
	int nexp;
	long long now;
};

/* What each hall stressed, summed over the run: a case that never happens proves nothing. */
struct seen {
	long long halls, tickets, served, unserved, due_appts, backups, suspended_halls;
	long long with_arrivals, overtake_halls, expected;
};

static int
by_issue(const void *a, const void *b)
{
	const struct sched_ticket *x = a, *y = b;

	return (x->issued_at > y->issued_at) - (x->issued_at < y->issued_at);
}

static void
gen(struct hall *h, int big, struct seen *sn)
{
	/* few distinct times and weights: many ties of score, broken by id */
	long long span = rin(0, 3) == 0 ? 30 : 3600;
	/* on a grid of minutes, waits hit the backup threshold and slots begin and end exactly
	 * at simulated call times */
	long long g = rin(0, 2) == 0 ? 60 : 1;
	int nappt = 0, nbackup = 0;

	memset(h, 0, sizeof *h);
	h->now = 1764003600LL + rin(0, 86400);
	sched_policy_default(&h->pol);
	if (rin(0, 2) == 0)
		for (int l = 0; l < LANE_COUNT; l++)
			h->pol.weight_s[l] = l == LANE_NORMAL ? 0 : (int)(rin(0, 12) * 300);
	h->pol.backup_threshold_s = (int)rin(0, 3) * 300;
	h->pol.appt_grace_s = (int)rin(0, 4) * 300;
	h->pol.max_overtake = rin(0, 9) == 0 ? (int)rin(1, 4) : 0;
	h->nw = (int)rin(1, MAXW);
	h->ns = (int)rin(1, MAXS);
	for (int k = 0; k < h->nw; k++) {
		int nd = (int)rin(0, MAXD - 1);

		for (int d = 0; d < nd; d++) {
			/* sometimes a service out of range, sometimes listed twice */
			h->duty[k][d].service = rin(0, 15) == 0 ? (int)rin(-1, MAXS + 1) :
			    (int)rin(0, h->ns - 1);
			h->duty[k][d].backup = rin(0, 2) == 0;
			nbackup += h->duty[k][d].backup;
		}
		h->w[k].duty = h->duty[k];
		h->w[k].nduty = nd;
		h->w[k].open = rin(0, 5) != 0;
		h->w[k].free_at = h->now + g * (rin(0, 1) ? rin(0, 600 / g) : -rin(0, 600 / g));
		for (int s = 0; s < h->ns; s++)
			h->handle[k * h->ns + s] = rin(0, 20) == 0 ? 0 : g == 1 && rin(0, 20) == 0 ?
			    (double)rin(1, 5) + 0.5 : (double)(g * rin(30 / g, 900 / g));
	}
	if ((h->use_rate = rin(0, 3) == 0) != 0)
		for (int i = 0; i < h->ns * LANE_COUNT; i++)
			h->rate[i] = rin(0, 2) == 0 ? 0 : (double)rin(1, 100) / 20000.0;
	h->nt = (int)(big ? rin(300, MAXT) : rin(0, 160));
	for (int i = 0; i < h->nt; i++) {
		struct sched_ticket *x = &h->t[i];
		long long r = rin(0, 99);

		x->id = i + 1 + (rin(0, 1) ? 0 : 1000);	/* ids not in array order */
		x->service = rin(0, 40) == 0 ? (int)rin(-1, MAXS + 1) : (int)rin(0, h->ns - 1);
		x->lane = r < 55 ? LANE_NORMAL : r < 75 ? LANE_APPOINTMENT : r < 82 ?
		    LANE_PREREVIEWED : r < 90 ? LANE_ELDERLY : r < 94 ? LANE_DISABLED : r < 99 ?
		    LANE_GREEN : (enum sched_lane)LANE_COUNT;	/* an unknown lane: normal */
		x->issued_at = h->now - g * rin(-60 / g, span / g + 1);
		if (x->lane == LANE_APPOINTMENT && rin(0, 4) != 0) {
			x->slot_start = h->now + g * rin(-2400 / g, 3600 / g);	/* late, due, early */
			x->slot_end = x->slot_start + 1800;
			nappt += x->slot_start <= h->now + 3600;
		}
		if (h->pol.max_overtake > 0)
			x->passed = (int)rin(0, h->pol.max_overtake);
	}
	if (rin(0, 2) == 0) {
		/* as jhd keeps them: in issue order, ids ascending */
		qsort(h->t, (size_t)h->nt, sizeof h->t[0], by_issue);
		for (int i = 0; i < h->nt; i++)
			h->t[i].id = 100 + 2 * i;
	} else {
		/* swap the ids of a few pairs: issue order and id order disagree */
		for (int j = 0; j + 1 < h->nt && j < 20; j += 2) {
			long long tmp = h->t[j].id;

			h->t[j].id = h->t[j + 1].id;
			h->t[j + 1].id = tmp;
		}
	}
	if (rin(0, 2) == 0) {
		/* booked appointments (and a few others) known to come: some already due,
		 * some at their slot, some early, one of an unknown service now and then */
		h->nexp = (int)rin(1, 64);
		for (int i = 0; i < h->nexp; i++) {
			struct sched_ticket *x = &h->exp[i];
			long long r = rin(0, 9);

			memset(x, 0, sizeof *x);
			x->service = rin(0, 30) == 0 ? (int)rin(-1, MAXS + 1) : (int)rin(0, h->ns - 1);
			x->lane = r < 7 ? LANE_APPOINTMENT : r < 9 ? LANE_NORMAL : LANE_GREEN;
			x->id = rin(0, 1000);	/* ignored */
			if (x->lane == LANE_APPOINTMENT && rin(0, 5) != 0) {
				x->slot_start = h->now + g * rin(-1200 / g, 5400 / g);
				x->slot_end = x->slot_start + 1800;
				x->issued_at = x->slot_start - g * rin(-300 / g, 900 / g);
			} else {
				x->issued_at = h->now + g * rin(-300 / g, 5400 / g);
			}
		}
		sn->expected += h->nexp;
	}
	sn->halls++;
	sn->due_appts += nappt;
	sn->backups += nbackup > 0;
	sn->with_arrivals += h->use_rate;
	sn->overtake_halls += h->pol.max_overtake > 0;
}

/* Both forecasts on one hall; the number of tickets whose figures differ (printing the
 * first), or -1 when either failed. */
static long long
compare(struct hall *h, unsigned long long seed, struct seen *sn)
{
	static int e1[MAXT], a1[MAXT], e2[MAXT], a2[MAXT];
	const double *rate = h->use_rate ? h->rate : NULL;
	long long bad = 0;

	memset(e1, 0x55, sizeof e1);
	memset(a1, 0x55, sizeof a1);
	if (sched_forecast_expect(&h->pol, h->w, h->nw, h->handle, h->ns, rate, h->exp, h->nexp,
	    h->t, h->nt, h->now, e1, a1, NULL) != 0 ||
	    sched_forecast_expect_reference(&h->pol, h->w, h->nw, h->handle, h->ns, rate, h->exp,
	    h->nexp, h->t, h->nt, h->now, e2, a2) != 0) {
		printf("#   hall seed %llu: a forecast failed\n", seed);
		return -1;
	}
	for (int i = 0; i < h->nt; i++) {
		sn->tickets++;
		sn->served += e2[i] >= 0;
		sn->unserved += e2[i] < 0;
		if (e1[i] == e2[i] && a1[i] == a2[i])
			continue;
		if (bad++ == 0)
			printf("#   hall seed %llu ticket %d (id %lld): fast eta %d ahead %d, "
			    "reference eta %d ahead %d\n", seed, i, h->t[i].id, e1[i], a1[i], e2[i],
			    a2[i]);
	}
	return bad;
}

static void
run(int halls, int big, unsigned long long mul, struct seen *sn, long long *bad)
{
	static struct hall h;

	for (int r = 0; r < halls; r++) {
		unsigned long long seed = base_seed * mul + (unsigned long long)r;
		long long b;

		rng = seed;
		gen(&h, big, sn);
		if ((b = compare(&h, seed, sn)) != 0)
			*bad += b < 0 ? 1 : b;
	}
}

static void
fast_forecast_equals_the_reference_on_random_halls(void)
{
	struct seen sn = { 0 };
	long long bad = 0;

	run(4000, 0, 31, &sn, &bad);
	printf("# %lld halls, %lld tickets (%lld served, %lld unserved), %lld slot appointments, "
	    "%lld halls with backups, %lld with arrivals, %lld with max_overtake, %lld arrivals "
	    "known one by one\n", sn.halls, sn.tickets, sn.served, sn.unserved, sn.due_appts,
	    sn.backups, sn.with_arrivals, sn.overtake_halls, sn.expected);
	T_CHECK(sn.served > 100000 && sn.unserved > 1000 && sn.due_appts > 20000 &&
	    sn.backups > 1000 && sn.with_arrivals > 500 && sn.overtake_halls > 100 &&
	    sn.expected > 20000, "the halls did not exercise every case");
	T_EQ_INT(bad, 0);
}

static void
fast_forecast_equals_the_reference_on_long_queues(void)
{
	struct seen sn = { 0 };
	long long bad = 0;

	run(60, 1, 37, &sn, &bad);
	printf("# %lld halls, %lld tickets\n", sn.halls, sn.tickets);
	T_CHECK(sn.tickets > 30000, "too few tickets: %lld", sn.tickets);
	T_EQ_INT(bad, 0);
}

/* Tickets sharing an id: the reference breaks a tie of score and id by array order, which the
 * fast one does not model; it must hand such a hall to the reference. */
static void
fast_forecast_defers_to_the_reference_when_ids_repeat(void)
{
	static struct hall h;
	struct seen sn = { 0 };
	long long bad = 0;

	for (int r = 0; r < 200; r++) {
		rng = base_seed * 41 + (unsigned long long)r;
		gen(&h, 0, &sn);
		for (int i = 0; i < h.nt; i++) {
			h.t[i].id = 1 + i % 3;
			h.t[i].issued_at = h.now - 100 * (i % 2);
		}
		if (compare(&h, base_seed * 41 + (unsigned long long)r, &sn) != 0)
			bad++;
	}
	T_EQ_INT(bad, 0);
}

/* A few hand-made halls where appointments change lanes mid-forecast and a backup duty is
 * suspended then resumed. */
static void
fast_forecast_handles_appointments_becoming_due_and_expiring(void)
{
	static struct hall h;
	struct seen sn = { 0 };
	struct sched_duty d[2] = { { 0, 0 }, { 1, 1 } };
	int e[4], a[4];

	memset(&h, 0, sizeof h);
	sched_policy_default(&h.pol);
	h.now = 1764003600LL;
	h.nw = 1;
	h.ns = 2;
	h.w[0].duty = d;
	h.w[0].nduty = 2;
	h.w[0].open = 1;
	h.w[0].free_at = h.now;
	h.handle[0] = h.handle[1] = 600;
	h.nt = 4;
	/* normal, waited 20 min */
	h.t[0] = (struct sched_ticket){ .id = 1, .service = 0, .issued_at = h.now - 1200 };
	/* an appointment due in 10 min: called once due, its head start then counts */
	h.t[1] = (struct sched_ticket){ .id = 2, .service = 0, .lane = LANE_APPOINTMENT,
	    .issued_at = h.now - 60, .slot_start = h.now + 600, .slot_end = h.now + 2400 };
	/* backup service ticket: waits while a primary one issued before it has waited over
	 * 600 s */
	h.t[2] = (struct sched_ticket){ .id = 3, .service = 1, .issued_at = h.now - 20 };
	/* an appointment already past its grace: normal */
	h.t[3] = (struct sched_ticket){ .id = 4, .service = 0, .lane = LANE_APPOINTMENT,
	    .issued_at = h.now - 30, .slot_start = h.now - 3000, .slot_end = h.now - 1200 };
	T_EQ_INT(compare(&h, 0, &sn), 0);
	T_EQ_INT(sched_forecast(&h.pol, h.w, 1, h.handle, 2, h.t, 4, h.now, e, a), 0);
	T_EQ_INT(e[0], 0);	/* the normal ticket first (appointment not yet due) */
	T_EQ_INT(e[1], 600);	/* due at +600 with score 660 + 1800 */
	T_EQ_INT(e[3], 1200);	/* then the expired appointment, still primary */
	T_EQ_INT(e[2], 1800);	/* the backup ticket last */
}

/* Tickets taken after a forecast (sched_forecast_append) get, when it says it can, exactly
 * the figures of the reference forecast over everything; the tickets already waiting keep
 * theirs; and it declines every batch it cannot place (a lane with a head start, another
 * second, max_overtake, a wait that would suspend a backup duty). */
struct append_seen {
	long long halls, batches, placed, declined, served, unserved, bad, wrongly_placed;
};

static void
append_one_hall(struct hall *h, unsigned long long seed, struct append_seen *as)
{
	static struct sched_ticket all[MAXT + 64];
	static int e[MAXT + 64], a[MAXT + 64], re[MAXT + 64], ra[MAXT + 64], ke[MAXT + 64], ka[MAXT + 64];
	struct sched_tail tl = { 0 };
	int n = h->nt, nold = h->nt, wmin = h->pol.weight_s[0];
	long long id = 0;

	for (int l = 0; l < LANE_COUNT; l++)
		wmin = h->pol.weight_s[l] < wmin ? h->pol.weight_s[l] : wmin;
	/* in issue order with ids ascending, as jhd keeps its queue */
	qsort(h->t, (size_t)h->nt, sizeof h->t[0], by_issue);
	for (int i = 0; i < h->nt; i++) {
		all[i] = h->t[i];
		all[i].id = id = 100 + 2 * i;
		if (all[i].issued_at > h->now)	/* a server's queue holds no ticket from later */
			all[i].issued_at = h->now;
	}
	if (sched_forecast_keep(&h->pol, h->w, h->nw, h->handle, h->ns, all, n, h->now, ke, ka,
	    &tl) != 0) {
		as->bad++;
		sched_tail_free(&tl);
		return;
	}
	as->halls++;
	for (int b = (int)rin(1, 4); b > 0 && n + 16 <= MAXT + 64; b--) {
		int nb = (int)rin(1, 16), odd = rin(0, 9) == 0, rc;
		struct sched_ticket *nt = all + n;

		for (int i = 0; i < nb; i++) {
			memset(&nt[i], 0, sizeof nt[i]);
			nt[i].id = ++id;
			nt[i].service = (int)rin(0, h->ns - 1);
			nt[i].issued_at = h->now;
			nt[i].lane = LANE_NORMAL;
		}
		if (odd) {
			/* something it must decline: a lane with more head start, or a ticket
			 * issued in another second */
			struct sched_ticket *x = &nt[rin(0, nb - 1)];

			if (rin(0, 1) && h->pol.weight_s[LANE_GREEN] > wmin)
				x->lane = LANE_GREEN;
			else
				x->issued_at = h->now + 1;
		}
		as->batches++;
		rc = sched_forecast_append(&h->pol, h->w, h->nw, h->handle, h->ns, &tl, nt, nb, e,
		    a);
		if (rc < 0) {
			as->bad++;
			break;
		}
		if (odd && rc == 0) {
			as->wrongly_placed++;
			break;
		}
		if (odd) {
			as->declined++;
			break;	/* this batch is not one a server would append after */
		}
		n += nb;
		if (sched_forecast_reference(&h->pol, h->w, h->nw, h->handle, h->ns, all, n, h->now,
		    re, ra) != 0) {
			as->bad++;
			break;
		}
		if (rc == 1) {
			as->declined++;
			if (sched_forecast_keep(&h->pol, h->w, h->nw, h->handle, h->ns, all, n,
			    h->now, ke, ka, &tl) != 0)
				as->bad++;
			nold = n;
			continue;
		}
		as->placed += nb;
		for (int i = 0; i < nb; i++) {
			as->served += e[i] >= 0;
			as->unserved += e[i] < 0;
			if (e[i] != re[n - nb + i] || a[i] != ra[n - nb + i]) {
				if (as->bad++ < 5)
					printf("#   hall seed %llu: new ticket %lld: eta %d ahead %d, "
					    "reference %d %d\n", seed, nt[i].id, e[i], a[i],
					    re[n - nb + i], ra[n - nb + i]);
			}
		}
		for (int i = 0; i < nold; i++)
			if (ke[i] != re[i] || ka[i] != ra[i]) {
				if (as->bad++ == 0)
					printf("#   hall seed %llu: ticket %lld waiting before changed: "
					    "eta %d -> %d\n", seed, all[i].id, ke[i], re[i]);
			}
	}
	sched_tail_free(&tl);
}

static void
appended_tickets_get_the_figures_of_a_whole_forecast(void)
{
	static struct hall h;
	struct seen sn = { 0 };
	struct append_seen as = { 0 };

	for (int r = 0; r < 3000; r++) {
		unsigned long long seed = base_seed * 43 + (unsigned long long)r;

		rng = seed;
		gen(&h, r % 50 == 0, &sn);
		append_one_hall(&h, seed, &as);
	}
	printf("# %lld halls, %lld batches: %lld tickets placed (%lld called, %lld by no open "
	    "window), %lld batches declined\n", as.halls, as.batches, as.placed, as.served,
	    as.unserved, as.declined);
	T_EQ_INT(as.bad, 0);
	T_EQ_INT(as.wrongly_placed, 0);
	T_CHECK(as.served > 5000 && as.unserved > 200 && as.declined > 500,
	    "the halls did not exercise every case");
}

int
main(void)
{
	const char *s = getenv("JH_SEED");

	if (s != NULL && *s != '\0')
		base_seed = strtoull(s, NULL, 10);
	T_RUN(fast_forecast_equals_the_reference_on_random_halls);
	T_RUN(fast_forecast_equals_the_reference_on_long_queues);
	T_RUN(fast_forecast_defers_to_the_reference_when_ids_repeat);
	T_RUN(fast_forecast_handles_appointments_becoming_due_and_expiring);
	T_RUN(appended_tickets_get_the_figures_of_a_whole_forecast);
	return t_done();
}
