/* simreport.c — the hall simulator's figures (see simreport.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "simreport.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double
simrep_percentile(double *v, int n, double q)
{
	int k;

	if (n <= 0)
		return 0;
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	k = (int)ceil(q * n) - 1;
	if (k < 0)
		k = 0;
	if (k >= n)
		k = n - 1;
	return v[k];
}

static int
was_called(const struct simrep_ticket *t)
{
	return t->called > 0 && t->state != SR_WAITING;
}

int
simrep_waits(const struct simrep_ticket *t, int n, struct simrep_wait *out)
{
	double *v = malloc((size_t)(n ? n : 1) * sizeof *v);

	if (v == NULL)
		return -1;
	for (int l = 0; l < LANE_COUNT; l++) {
		int m = 0;
		double sum = 0;

		memset(&out[l], 0, sizeof out[l]);
		for (int i = 0; i < n; i++)
			if (t[i].lane == (enum sched_lane)l && was_called(&t[i])) {
				v[m] = (double)(t[i].called - t[i].issued);
				sum += v[m++];
			}
		out[l].n = m;
		if (m == 0)
			continue;
		out[l].mean = sum / m;
		out[l].p90 = simrep_percentile(v, m, 0.9);
		out[l].max = v[m - 1];
	}
	free(v);
	return 0;
}

int
simrep_eta(const struct simrep_ticket *t, int n, int min_wait_s, struct simrep_eta *out)
{
	double *v = malloc((size_t)(n ? n : 1) * sizeof *v), sum = 0, abs_sum = 0, wait_sum = 0;
	int m = 0;

	if (v == NULL)
		return -1;
	memset(out, 0, sizeof *out);
	for (int i = 0; i < n; i++) {
		double wait, den, e;

		if (!was_called(&t[i]) || t[i].eta_s < 0 || t[i].called - t[i].issued < min_wait_s)
			continue;
		wait = (double)(t[i].called - t[i].issued);
		den = wait > SIMREP_ETA_FLOOR_S ? wait : SIMREP_ETA_FLOOR_S;
		e = (t[i].eta_s - wait) / den;
		sum += e;
		v[m++] = fabs(e);
		abs_sum += fabs(t[i].eta_s - wait);
		wait_sum += wait;
	}
	out->n = m;
	if (m > 0) {
		out->median_abs = simrep_percentile(v, m, 0.5);
		out->bias = sum / m;
		out->pooled_abs = wait_sum > 0 ? abs_sum / wait_sum : 0;
	}
	free(v);
	return 0;
}

int
simrep_range(const struct simrep_ticket *t, int n, struct simrep_range *out)
{
	double *v = malloc((size_t)(n ? n : 1) * sizeof *v);
	int m = 0, in = 0;

	if (v == NULL)
		return -1;
	memset(out, 0, sizeof *out);
	for (int i = 0; i < n; i++) {
		long long wait = t[i].called - t[i].issued;

		if (!was_called(&t[i]) || t[i].eta_lo_s < 0 || t[i].eta_hi_s < t[i].eta_lo_s)
			continue;
		in += wait >= t[i].eta_lo_s && wait <= t[i].eta_hi_s;
		v[m++] = t[i].eta_hi_s - t[i].eta_lo_s;
	}
	out->n = m;
	if (m > 0) {
		out->coverage = (double)in / m;
		out->median_width_s = simrep_percentile(v, m, 0.5);
	}
	free(v);
	return 0;
}

int
simrep_fairness(const struct simrep_ticket *t, int n, int nservices, double ratio,
    double floor_s, double *worst)
{
	int bad = 0;

	*worst = 0;
	for (int s = 0; s < nservices; s++) {
		double sum = 0, mean;
		int m = 0;

		for (int i = 0; i < n; i++)
			if (t[i].service == s && was_called(&t[i])) {
				sum += (double)(t[i].called - t[i].issued);
				m++;
			}
		if (m == 0)
			continue;
		mean = sum / m;
		for (int i = 0; i < n; i++) {
			double wait;

			if (t[i].service != s || t[i].lane != LANE_NORMAL || !was_called(&t[i]))
				continue;
			wait = (double)(t[i].called - t[i].issued);
			if (wait < floor_s)
				continue;
			if (mean > 0 && wait / mean > *worst)
				*worst = wait / mean;
			if (wait > ratio * mean)
				bad++;
		}
	}
	return bad;
}

int
simrep_fairness_local(const struct simrep_ticket *t, int n, double ratio, double window_s,
    double floor_s, double *worst)
{
	int bad = 0;

	*worst = 0;
	for (int i = 0; i < n; i++) {
		double wait, sum = 0, mean;
		int m = 0;

		if (t[i].lane != LANE_NORMAL || !was_called(&t[i]))
			continue;
		wait = (double)(t[i].called - t[i].issued);
		if (wait < floor_s)
			continue;
		for (int j = 0; j < n; j++)
			if (t[j].service == t[i].service && was_called(&t[j]) &&
			    fabs((double)(t[j].issued - t[i].issued)) <= window_s) {
				sum += (double)(t[j].called - t[j].issued);
				m++;
			}
		mean = sum / m;		/* m >= 1: t[i] itself */
		if (mean > 0 && wait / mean > *worst)
			*worst = wait / mean;
		if (wait > ratio * mean)
			bad++;
	}
	return bad;
}

void
simrep_print(FILE *f, const struct simrep_ticket *t, int n, int nservices,
    const double *busy_s, const char *const *window_names, int nw, double span_s)
{
	struct simrep_wait w[LANE_COUNT];
	struct simrep_eta e, e5;
	struct simrep_range r;
	double worst, total = 0;
	int bad;

	if (simrep_waits(t, n, w) != 0 || simrep_eta(t, n, 0, &e) != 0 ||
	    simrep_eta(t, n, SIMREP_ETA_TARGET_MIN_WAIT_S, &e5) != 0) {
		fprintf(f, "report: out of memory\n");
		return;
	}
	fprintf(f, "%-12s %5s %8s %8s %8s   (wait, minutes)\n", "lane", "n", "mean", "p90", "max");
	for (int l = 0; l < LANE_COUNT; l++)
		fprintf(f, "%-12s %5d %8.1f %8.1f %8.1f\n", sched_lane_name(l), w[l].n,
		    w[l].mean / 60, w[l].p90 / 60, w[l].max / 60);
	fprintf(f, "eta, all called:       n %4d, median abs error %5.1f%% of true wait, bias "
	    "%+6.1f%%, pooled abs error %5.1f%%\n", e.n, 100 * e.median_abs, 100 * e.bias,
	    100 * e.pooled_abs);
	if (simrep_range(t, n, &r) == 0)
		fprintf(f, "eta range, all called: n %4d, coverage %5.1f%%, median width %5.1f min\n",
		    r.n, 100 * r.coverage, r.median_width_s / 60);
	fprintf(f, "eta, waited >= %2d min: n %4d, median abs error %5.1f%% of true wait, bias "
	    "%+6.1f%%, pooled abs error %5.1f%%\n", SIMREP_ETA_TARGET_MIN_WAIT_S / 60, e5.n,
	    100 * e5.median_abs, 100 * e5.bias, 100 * e5.pooled_abs);
	bad = simrep_fairness(t, n, nservices, 1.5, 0, &worst);
	fprintf(f, "fairness: %d normal tickets waited > 1.5x their service's mean wait (day); "
	    "worst %.2fx\n", bad, worst);
	bad = simrep_fairness_local(t, n, 1.5, 1800, 300, &worst);
	fprintf(f, "fairness: %d normal tickets waited > 1.5x (and >= 5 min) the mean wait of "
	    "their service +-30 min; worst %.2fx\n", bad, worst);
	fprintf(f, "utilisation over %.0f min:", span_s / 60);
	for (int k = 0; k < nw; k++) {
		fprintf(f, " %s:%.0f%%", window_names ? window_names[k] : "?",
		    span_s > 0 ? 100 * busy_s[k] / span_s : 0);
		total += busy_s[k];
	}
	fprintf(f, "  mean %.0f%%\n", nw > 0 && span_s > 0 ? 100 * total / nw / span_s : 0);
}
