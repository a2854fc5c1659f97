/* simgen.c — the hall simulator's day generator (see simgen.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/rng.h"
#include "simgen.h"

void
simgen_seed(struct simgen_rng *r, uint64_t seed)
{
	r->s = seed;
}

uint64_t
simgen_next(struct simgen_rng *r)
{
	return rng_next(&r->s);
}

double
simgen_uniform(struct simgen_rng *r)
{
	return (double)(simgen_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

double
simgen_normal(struct simgen_rng *r)
{
	/* Box-Muller; one value per call keeps the stream simple to reason about. */
	double u1 = simgen_uniform(r), u2 = simgen_uniform(r);

	if (u1 < 1e-300)
		u1 = 1e-300;
	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

int
simgen_poisson(struct simgen_rng *r, double lambda)
{
	int n = 0;

	if (!(lambda > 0))
		return 0;
	/* Knuth's product method, in chunks of 30 so exp() never underflows. */
	while (lambda > 30) {
		n += simgen_poisson(r, 30);
		lambda -= 30;
	}
	for (double l = exp(-lambda), p = simgen_uniform(r); p > l; p *= simgen_uniform(r))
		n++;
	return n;
}

double
simgen_lognormal(struct simgen_rng *r, double mean, double sigma)
{
	/* E[exp(mu + sigma Z)] = exp(mu + sigma^2 / 2) = mean */
	double mu = log(mean) - sigma * sigma / 2;

	return exp(mu + sigma * simgen_normal(r));
}

double
simgen_lognormal_rest(struct simgen_rng *r, double mean, double sigma, double e)
{
	double mu = log(mean) - sigma * sigma / 2, a, z;

	if (!(e > 0) || !(sigma > 0))
		return !(sigma > 0) ? (mean > e ? mean - e : 0) : simgen_lognormal(r, mean, sigma);
	/* log H = mu + sigma Z with Z > a: a normal truncated below at a */
	a = (log(e) - mu) / sigma;
	if (a < 1) {
		do	/* plain rejection: accepts at least 16% of draws */
			z = simgen_normal(r);
		while (z <= a);
	} else {
		/* Robert's exponential proposal for a normal tail (Statistics and Computing,
		 * 1995): z = a + Exp(lam), kept with probability exp(-(z - lam)^2 / 2) */
		double lam = (a + sqrt(a * a + 4)) / 2;

		do
			z = a - log(1 - simgen_uniform(r)) / lam;
		while (simgen_uniform(r) >= exp(-(z - lam) * (z - lam) / 2));
	}
	z = exp(mu + sigma * z) - e;
	return z > 0 ? z : 0;
}

/* Handling times are lognormal (the usual shape of human service times); sigma 0.4 for the
 * form-driven services (B, M, N), 0.6 for the permits that depend on the case's file (F, H,
 * J), 0.5 for the rest: a CV of 0.42-0.66. A judgement, not a fit: docs/SCHEDULING.md
 * section 4 gives the reasoning, and the ETA floor it implies. */
static const struct simgen_service district[] = {
	/* code, share, mean handling s, sigma, enterprise share */
	{ "A", 0.10, 300, 0.5, 0.20 },	/* social insurance enrolment */
	{ "B", 0.10, 240, 0.4, 0.05 },	/* social security card */
	{ "C", 0.04, 600, 0.5, 0.00 },	/* retirement approval */
	{ "D", 0.06, 540, 0.5, 0.60 },	/* food business licence */
	{ "E", 0.02, 600, 0.5, 0.70 },	/* pharmacy licence */
	{ "F", 0.02, 900, 0.6, 0.80 },	/* land-use planning permit */
	{ "G", 0.12, 480, 0.5, 0.10 },	/* real estate registration */
	{ "H", 0.02, 720, 0.6, 0.90 },	/* environmental impact approval */
	{ "I", 0.02, 480, 0.5, 0.90 },	/* pollutant discharge permit */
	{ "J", 0.03, 780, 0.6, 0.90 },	/* construction permit */
	{ "K", 0.02, 600, 0.5, 0.90 },	/* builder qualification */
	{ "L", 0.10, 480, 0.5, 0.70 },	/* company registration */
	{ "M", 0.08, 300, 0.4, 0.70 },	/* business licence change */
	{ "N", 0.07, 420, 0.4, 0.00 },	/* marriage registration */
	{ "O", 0.04, 360, 0.5, 0.00 },	/* social assistance */
	{ "P", 0.05, 480, 0.5, 0.00 },	/* public rental housing */
	{ "Q", 0.09, 360, 0.5, 0.10 },	/* housing sale filing */
};

void
simgen_district(struct simgen_params *p, int full, uint64_t seed)
{
	/* 09-10 morning peak, lunch lull 12-13, the 13:00-16:00 crowd, a quiet last half hour */
	static const double hours[8] = { 1.5, 1.3, 0.9, 0.4, 1.3, 1.5, 1.3, 0.5 };
	static const double lanes[LANE_COUNT] = {
		/* normal, appointment, prereviewed, elderly, disabled, green: walk-ins; the
		 * appointment lane comes from bookings (simgen_book), not from the kiosk */
		0.68, 0, 0.08, 0.07, 0.02, 0.03
	};

	memset(p, 0, sizeof *p);
	p->seed = seed;
	p->start_s = 0;
	if (full) {
		p->taking_s = 7 * 3600 + 1800;		/* 09:00-16:30 */
		p->tickets = 600;
	} else {
		p->taking_s = 45 * 60;			/* 09:00-09:45: the morning rush */
		p->tickets = 70;
	}
	memcpy(p->hour_weight, hours, sizeof hours);
	memcpy(p->lane_share, lanes, sizeof lanes);
	p->no_show = 0.04;
	/* 28%: the source story's share of each centre's numbers that go to appointments */
	p->appt_share = 0.28;
	p->appt_punct[0] = 0.30;	/* early */
	p->appt_punct[1] = 0.52;	/* on time */
	p->appt_punct[2] = 0.08;	/* late */
	p->appt_punct[3] = 0.10;	/* never */
	p->nservices = (int)(sizeof district / sizeof district[0]);
	memcpy(p->svc, district, sizeof district);
}

int
simgen_service_index(const struct simgen_params *p, const char *code)
{
	for (int i = 0; i < p->nservices; i++)
		if (strcmp(p->svc[i].code, code) == 0)
			return i;
	return -1;
}

/* Pick an index with probability proportional to w[i]. */
static int
pick_weighted(struct simgen_rng *r, const double *w, size_t stride, int n)
{
	double total = 0, x;

	for (int i = 0; i < n; i++)
		total += *(const double *)((const char *)w + (size_t)i * stride);
	x = simgen_uniform(r) * total;
	for (int i = 0; i < n; i++) {
		x -= *(const double *)((const char *)w + (size_t)i * stride);
		if (x < 0)
			return i;
	}
	return n - 1;
}

/* Bottom-up merge sort by time: stable, so equal times keep their generation order and a
 * seed gives the same day on every libc. 0, or -1 when out of memory. */
static int
sort_stable(struct simgen_arrival *a, int n)
{
	struct simgen_arrival *tmp = malloc((size_t)(n ? n : 1) * sizeof *tmp);

	if (tmp == NULL)
		return -1;
	for (int w = 1; w < n; w *= 2) {
		for (int lo = 0; lo < n; lo += 2 * w) {
			int mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			int i = lo, j = mid, o = lo;

			while (i < mid && j < hi)
				tmp[o++] = a[j].at_s < a[i].at_s ? a[j++] : a[i++];
			while (i < mid)
				tmp[o++] = a[i++];
			while (j < hi)
				tmp[o++] = a[j++];
		}
		memcpy(a, tmp, (size_t)n * sizeof *a);
	}
	free(tmp);
	return 0;
}

/* Sum of the hour weights over the taking period, in weight-hours. */
static double
weight_hours(const struct simgen_params *p)
{
	double wsum = 0;
	int end = p->start_s + p->taking_s;

	for (int h = 0; h < SIMGEN_MAX_HOURS; h++) {
		int a = h * 3600 > p->start_s ? h * 3600 : p->start_s;
		int b = (h + 1) * 3600 < end ? (h + 1) * 3600 : end;

		if (b > a && p->hour_weight[h] > 0)
			wsum += p->hour_weight[h] * (b - a) / 3600.0;
	}
	return wsum;
}

double
simgen_rate(const struct simgen_params *p, int service, int lane, int at_s)
{
	double wsum = weight_hours(p), svcsum = 0, lanesum = 0;
	int h = at_s >= 0 ? at_s / 3600 : -1;

	if (service < 0 || service >= p->nservices || lane < 0 || lane >= LANE_COUNT || h < 0 ||
	    h >= SIMGEN_MAX_HOURS || at_s < p->start_s || at_s >= p->start_s + p->taking_s ||
	    !(wsum > 0) || !(p->svc[service].share > 0) || !(p->hour_weight[h] > 0))
		return 0;
	for (int i = 0; i < p->nservices; i++)
		svcsum += p->svc[i].share > 0 ? p->svc[i].share : 0;
	for (int l = 0; l < LANE_COUNT; l++)
		lanesum += p->lane_share[l] > 0 ? p->lane_share[l] : 0;
	if (!(lanesum > 0) || !(p->lane_share[lane] > 0))
		return 0;
	return p->tickets * p->hour_weight[h] / wsum / 3600 * p->svc[service].share / svcsum *
	    p->lane_share[lane] / lanesum;
}

int
simgen_day(const struct simgen_params *p, struct simgen_arrival *out, int max)
{
	struct simgen_rng r;
	double wsum, svcsum = 0;
	int n = 0, end = p->start_s + p->taking_s;

	if (p->nservices <= 0 || p->nservices > SIMGEN_MAX_SERVICES || p->taking_s <= 0 ||
	    p->start_s < 0 || !(p->tickets >= 0))
		return -1;
	for (int i = 0; i < p->nservices; i++)
		svcsum += p->svc[i].share > 0 ? p->svc[i].share : 0;
	wsum = weight_hours(p);
	if (!(wsum > 0) || !(svcsum > 0))
		return -1;
	simgen_seed(&r, p->seed);
	for (int h = 0; h < SIMGEN_MAX_HOURS; h++) {
		int a = h * 3600 > p->start_s ? h * 3600 : p->start_s;
		int b = (h + 1) * 3600 < end ? (h + 1) * 3600 : end, k;

		if (b <= a || !(p->hour_weight[h] > 0))
			continue;
		k = simgen_poisson(&r, p->tickets * p->hour_weight[h] * (b - a) / 3600.0 / wsum);
		for (int i = 0; i < k; i++) {
			struct simgen_arrival *x;
			const struct simgen_service *s;
			double hs;

			if (n >= max)
				return -1;
			x = &out[n++];
			x->at_s = a + (int)(simgen_uniform(&r) * (b - a));
			x->service = pick_weighted(&r, &p->svc[0].share, sizeof p->svc[0],
			    p->nservices);
			s = &p->svc[x->service];
			x->lane = (enum sched_lane)pick_weighted(&r, p->lane_share,
			    sizeof p->lane_share[0], LANE_COUNT);
			x->enterprise = simgen_uniform(&r) < s->enterprise;
			x->no_show = simgen_uniform(&r) < p->no_show;
			hs = simgen_lognormal(&r, s->handle_mean_s > 1 ? s->handle_mean_s : 1,
			    s->handle_sigma >= 0 ? s->handle_sigma : 0);
			x->handle_s = hs < 30 ? 30 : hs > 4 * 3600 ? 4 * 3600 : (int)(hs + 0.5);
			x->appt = SIMGEN_WALK_IN;
			x->slot = -1;
			x->wanted_s = x->at_s;
			x->holder = 0;
		}
	}
	if (sort_stable(out, n) != 0)
		return -1;
	return n;
}

/* The slot of service g under way at t with a free place, else the first starting in
 * (t, t + 1 h] with one; -1 none. */
static int
find_slot(const struct simgen_slot *slot, int nslot, int g, int t)
{
	int best = -1;

	for (int i = 0; i < nslot; i++) {
		const struct simgen_slot *x = &slot[i];

		if (x->service != g || x->free <= 0)
			continue;
		if (x->start_s <= t && t < x->end_s)
			return i;
		if (x->start_s > t && x->start_s <= t + 3600 &&
		    (best < 0 || x->start_s < slot[best].start_s))
			best = i;
	}
	return best;
}

int
simgen_book(const struct simgen_params *p, struct simgen_arrival *a, int n,
    struct simgen_slot *slot, int nslot, int grace_s, int off)
{
	struct simgen_rng r;
	int holders = 0;

	simgen_seed(&r, p->seed ^ 0xA5B0C4D3E2F10918ULL);
	for (int i = 0; i < n; i++) {
		struct simgen_arrival *x = &a[i];
		/* three draws per citizen, whatever happens, so that the streams stay aligned */
		double u_book = simgen_uniform(&r), u_kind = simgen_uniform(&r);
		double u_at = simgen_uniform(&r);
		const struct simgen_slot *sl;
		int k;

		x->appt = SIMGEN_WALK_IN;
		x->slot = -1;
		x->wanted_s = x->at_s;
		x->holder = 0;
		if (!(u_book < p->appt_share) || (k = find_slot(slot, nslot, x->service,
		    x->at_s)) < 0)
			continue;
		slot[k].free--;
		sl = &slot[k];
		x->slot = k;
		x->holder = 1;
		holders++;
		if (off)
			continue;
		{
			double tot = 0, c = 0;

			for (int j = 0; j < 4; j++)
				tot += p->appt_punct[j] > 0 ? p->appt_punct[j] : 0;
			x->appt = SIMGEN_NEVER;
			for (int j = 0; j < 4 && tot > 0; j++) {
				c += p->appt_punct[j] > 0 ? p->appt_punct[j] : 0;
				if (u_kind * tot < c) {
					x->appt = (enum simgen_appt)(SIMGEN_EARLY + j);
					break;
				}
			}
		}
		switch (x->appt) {
		case SIMGEN_EARLY:
			x->at_s = sl->start_s - 300 - (int)(u_at * 1500);
			break;
		case SIMGEN_ON_TIME:
			x->at_s = sl->start_s + (int)(u_at * grace_s);
			break;
		case SIMGEN_LATE: {
			int len = sl->end_s - sl->start_s;

			x->at_s = sl->start_s + grace_s + 60 + (int)(u_at * (len > 120 ? len - 120 : 0));
			break;
		}
		default:	/* never: would have been after the slot; no arrival */
			x->at_s = sl->end_s + grace_s;
			break;
		}
	}
	if (sort_stable(a, n) != 0)
		return -1;
	return holders;
}

char
simgen_id_check(const char *d)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (d[i] - '0') * w[i];
	return check[sum % 11];
}

void
simgen_id_number(int k, char *out)
{
	/* born on day k / 999 after 1960-01-01 (civil calendar), sequence k % 999 + 1 */
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 1960, m = 0, d = k / 999;
	char buf[64];

	for (;;) {
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		int ml = mdays[m] + (m == 1 && leap);

		if (d < ml)
			break;
		d -= ml;
		if (++m == 12) {
			m = 0;
			y++;
		}
	}
	snprintf(buf, sizeof buf, "110101%04d%02d%02d%03d", y, m + 1, d + 1, k % 999 + 1);
	memcpy(out, buf, 17);
	out[17] = simgen_id_check(out);
	out[18] = '\0';
}
