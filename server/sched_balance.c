/* sched_balance.c — the rebalancing suggestion (sched_balance.h): every backup duty an open
 * window could take is tried in the forecast, and the one that most shortens the normal lane's
 * long waits is chosen. A backup, so that the window's own citizens keep their priority: it
 * serves the added service only while none of its primary tickets is overdue (the backup
 * threshold). */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "sched_balance.h"
#include "sched_int.h"

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* The sum over waiting normal tickets of (waited + eta)^2, and each service's longest
 * expected whole wait into longest[] (when not NULL). -1 out of memory. */
static double
cost(const struct sched_policy *p, const struct sched_window *w, int nw, const double *handle_s,
    int nservices, const struct sched_ticket *t, int nt, long long now, int *eta, int *ahead,
    long long *longest)
{
	double sum = 0;

	if (sched_forecast(p, w, nw, handle_s, nservices, t, nt, now, eta, ahead) != 0)
		return -1;
	for (int i = 0; i < nt; i++) {
		double whole = (double)(now - t[i].issued_at) + (eta[i] >= 0 ? eta[i] : 0);

		if (longest && t[i].service >= 0 && t[i].service < nservices && eta[i] >= 0 &&
		    whole > longest[t[i].service])
			longest[t[i].service] = (long long)whole;
		if (t[i].lane == LANE_NORMAL && eta[i] >= 0)
			sum += whole * whole;
	}
	return sum;
}

int
sched_balance_best(const struct sched_policy *p, struct sched_window *w, int nw,
    const double *handle_s, int nservices, int nsvc_real, const struct sched_ticket *t, int nt,
    long long now, int max_added, double min_gain, const unsigned char *refused,
    struct sched_balance *out)
{
	int *eta = jh_malloc(((size_t)nt + 1) * sizeof *eta), *ahead = jh_malloc(((size_t)nt + 1) *
	    sizeof *ahead), bw = -1, bs = -1, rc = -1, n = 0;
	long long *longest = jh_calloc((size_t)nservices + 1, sizeof *longest), *others = NULL;
	struct sched_duty *tmp = NULL;
	double base, best;

	if (eta == NULL || ahead == NULL || longest == NULL)
		goto out;
	rc = 0;
	if (nt == 0)
		goto out;
	rc = -1;
	if ((base = cost(p, w, nw, handle_s, nservices, t, nt, now, eta, ahead, longest)) < 0)
		goto out;
	best = base * (1 - min_gain);
	for (int k = 0; k < nw; k++) {
		const struct sched_duty *own = w[k].duty;
		int nd = w[k].nduty, backups = 0;

		if (!w[k].open)
			continue;
		for (int d = 0; d < nd; d++)
			backups += own[d].backup;
		if (backups >= max_added)
			continue;
		free(tmp);
		if ((tmp = jh_malloc(((size_t)nd + 1) * sizeof *tmp)) == NULL)
			goto out;
		memcpy(tmp, own, (size_t)nd * sizeof *tmp);
		for (int s = 0; s < nsvc_real; s++) {
			double c;

			if (sched_duty_role(own, nd, s) >= 0 || longest[s] == 0 ||
			    (refused && refused[(size_t)k * nsvc_real + s]))
				continue;
			tmp[nd].service = s;
			tmp[nd].backup = 1;
			w[k].duty = tmp;
			w[k].nduty = nd + 1;
			c = cost(p, w, nw, handle_s, nservices, t, nt, now, eta, ahead, NULL);
			w[k].duty = own;
			w[k].nduty = nd;
			if (c < 0)
				goto out;
			if (c < best) {
				best = c;
				bw = k;
				bs = s;
			}
		}
	}
	rc = 0;
	if (bw < 0)
		goto out;
	if ((others = jh_malloc((size_t)nsvc_real * sizeof *others)) == NULL) {
		rc = -1;
		goto out;
	}
	for (int s = 0; s < nsvc_real; s++)
		if (s != bs)
			others[n++] = longest[s];
	qsort(others, (size_t)n, sizeof *others, cmp_ll);
	memset(out, 0, sizeof *out);
	out->window = bw;
	out->service = bs;
	out->wait_s = longest[bs];
	out->others_s = n ? others[n / 2] : 0;
	rc = 1;
out:
	free(eta);
	free(ahead);
	free(longest);
	free(others);
	free(tmp);
	return rc;
}
