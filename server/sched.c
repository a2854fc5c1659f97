/* sched.c — the scheduling policy and the ETA forecast (see sched.h, docs/SCHEDULING.md).
 * Every ticket has a score: seconds waited plus its lane's head start. A window calls the
 * eligible ticket with the highest score, ties to the lower id. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"

static const char *const lane_names[LANE_COUNT] = {
	"normal", "appointment", "prereviewed", "elderly", "disabled", "green"
};

void
sched_policy_default(struct sched_policy *p)
{
	/* normal, due appointment, prereviewed, elderly, disabled, green */
	static const int w[LANE_COUNT] = { 0, 1800, 300, 600, 600, 1200 };

	memset(p, 0, sizeof *p);
	memcpy(p->weight_s, w, sizeof w);
	p->backup_threshold_s = 600;
	p->appt_grace_s = 900;
	p->max_overtake = 0;
}

static int
parse_seconds(const char *s, long long *out)
{
	char *end;
	long long v, mul = 1;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || errno != 0)
		return -1;
	if (*end == 's')
		end++;
	else if (*end == 'm')
		mul = 60, end++;
	else if (*end == 'h')
		mul = 3600, end++;
	if (*end != '\0' || v < -1000000000LL || v > 1000000000LL)
		return -1;
	*out = v * mul;
	return 0;
}

int
sched_policy_set(struct sched_policy *p, const char *key, const char *value, char *err,
    size_t errlen)
{
	long long v;
	int lane;

	if (key == NULL || value == NULL) {
		snprintf(err, errlen, "policy: missing key or value");
		return -1;
	}
	if (parse_seconds(value, &v) != 0) {
		snprintf(err, errlen, "policy: %s: \"%s\" is not a whole number (seconds, or with "
		    "suffix s, m, h)", key, value);
		return -1;
	}
	if ((lane = sched_lane_parse(key)) >= 0) {
		if (v < 0 || v > SCHED_MAX_WEIGHT_S)
			goto range;
		p->weight_s[lane] = (int)v;
	} else if (strcmp(key, "backup_threshold") == 0) {
		if (v < 0 || v > SCHED_MAX_WEIGHT_S)
			goto range;
		p->backup_threshold_s = (int)v;
	} else if (strcmp(key, "appt_grace") == 0) {
		if (v < 0 || v > SCHED_MAX_WEIGHT_S)
			goto range;
		p->appt_grace_s = (int)v;
	} else if (strcmp(key, "max_overtake") == 0) {
		if (v < 0 || v > SCHED_MAX_OVERTAKE)
			goto range;
		p->max_overtake = (int)v;
	} else {
		snprintf(err, errlen, "policy: unknown key \"%s\" (lane names, backup_threshold, "
		    "appt_grace, max_overtake)", key);
		return -1;
	}
	return 0;
range:
	snprintf(err, errlen, "policy: %s = %lld is out of range (0..%d)", key, v,
	    strcmp(key, "max_overtake") == 0 ? SCHED_MAX_OVERTAKE : SCHED_MAX_WEIGHT_S);
	return -1;
}

int
sched_policy_check(const struct sched_policy *p, char *err, size_t errlen)
{
	for (int i = 0; i < LANE_COUNT; i++)
		if (p->weight_s[i] < 0 || p->weight_s[i] > SCHED_MAX_WEIGHT_S) {
			snprintf(err, errlen, "policy: weight of %s = %d is out of range (0..%d)",
			    lane_names[i], p->weight_s[i], SCHED_MAX_WEIGHT_S);
			return -1;
		}
	if (p->backup_threshold_s < 0 || p->backup_threshold_s > SCHED_MAX_WEIGHT_S ||
	    p->appt_grace_s < 0 || p->appt_grace_s > SCHED_MAX_WEIGHT_S) {
		snprintf(err, errlen, "policy: backup_threshold and appt_grace must be 0..%d s",
		    SCHED_MAX_WEIGHT_S);
		return -1;
	}
	if (p->max_overtake < 0 || p->max_overtake > SCHED_MAX_OVERTAKE) {
		snprintf(err, errlen, "policy: max_overtake = %d is out of range (0..%d)",
		    p->max_overtake, SCHED_MAX_OVERTAKE);
		return -1;
	}
	return 0;
}

const char *
sched_lane_name(enum sched_lane l)
{
	return (unsigned)l < LANE_COUNT ? lane_names[l] : "normal";
}

int
sched_lane_parse(const char *name)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < LANE_COUNT; i++)
		if (strcmp(name, lane_names[i]) == 0)
			return i;
	return -1;
}

int
sched_weight(const struct sched_policy *p, const struct sched_ticket *t, long long now)
{
	enum sched_lane lane = (unsigned)t->lane < LANE_COUNT ? t->lane : LANE_NORMAL;

	/* An appointment with a slot has its priority only while due: early arrivals wait
	 * like everyone else, and late ones lose it after the grace period. */
	if (lane == LANE_APPOINTMENT && t->slot_start > 0 &&
	    (now < t->slot_start || now > t->slot_start + p->appt_grace_s))
		lane = LANE_NORMAL;
	return p->weight_s[lane];
}

/* -1: the window does not serve the service; 0: primary; 1: backup (primary wins when a
 * service is listed twice). */
static int
duty_role(const struct sched_duty *duty, int nduty, int service)
{
	int role = -1;

	for (int i = 0; i < nduty; i++)
		if (duty[i].service == service) {
			if (!duty[i].backup)
				return 0;
			role = 1;
		}
	return role;
}

/* 1 when the window's backup duties are suspended: a ticket of one of its primary services
 * has waited longer than the threshold. */
static int
backups_suspended(const struct sched_policy *p, const struct sched_duty *duty, int nduty,
    const struct sched_ticket *t, int nt, long long now)
{
	for (int i = 0; i < nt; i++)
		if (now - t[i].issued_at > p->backup_threshold_s &&
		    duty_role(duty, nduty, t[i].service) == 0)
			return 1;
	return 0;
}

static int
eligible_role(int role, int suspended)
{
	return role == 0 || (role == 1 && !suspended);
}

int
sched_eligible(const struct sched_policy *p, const struct sched_duty *duty, int nduty,
    const struct sched_ticket *t, int nt, int i, long long now)
{
	if (i < 0 || i >= nt)
		return 0;
	return eligible_role(duty_role(duty, nduty, t[i].service),
	    backups_suspended(p, duty, nduty, t, nt, now));
}

/* Issue order: earlier issue time, then lower id. */
static int
issued_before(const struct sched_ticket *a, const struct sched_ticket *b)
{
	return a->issued_at < b->issued_at || (a->issued_at == b->issued_at && a->id < b->id);
}

/* Score order at now: higher score first, then lower id. */
static int
ranks_before(const struct sched_policy *p, const struct sched_ticket *a,
    const struct sched_ticket *b, long long now)
{
	long long sa = now - a->issued_at + sched_weight(p, a, now);
	long long sb = now - b->issued_at + sched_weight(p, b, now);

	return sa > sb || (sa == sb && a->id < b->id);
}

int
sched_pick(const struct sched_policy *p, const struct sched_duty *duty, int nduty,
    const struct sched_ticket *t, int nt, long long now)
{
	int suspended, best = -1, lock = -1;

	suspended = backups_suspended(p, duty, nduty, t, nt, now);

	/* With max_overtake, a ticket passed that many times locks the queue: nobody issued
	 * after the oldest locked ticket may be called before it. */
	if (p->max_overtake > 0)
		for (int i = 0; i < nt; i++) {
			if (t[i].passed < p->max_overtake ||
			    !eligible_role(duty_role(duty, nduty, t[i].service), suspended))
				continue;
			if (lock < 0 || issued_before(&t[i], &t[lock]))
				lock = i;
		}

	for (int i = 0; i < nt; i++) {
		if (!eligible_role(duty_role(duty, nduty, t[i].service), suspended))
			continue;
		if (lock >= 0 && issued_before(&t[lock], &t[i]))
			continue;
		if (best < 0 || ranks_before(p, &t[i], &t[best], now))
			best = i;
	}
	return best;
}

void
sched_note_call(const struct sched_policy *p, const struct sched_duty *duty, int nduty,
    struct sched_ticket *t, int nt, int picked, long long now)
{
	int suspended;

	if (picked < 0 || picked >= nt)
		return;
	suspended = backups_suspended(p, duty, nduty, t, nt, now);
	for (int i = 0; i < nt; i++)
		if (i != picked && issued_before(&t[i], &t[picked]) &&
		    eligible_role(duty_role(duty, nduty, t[i].service), suspended) &&
		    t[i].passed < INT_MAX)
			t[i].passed++;
}

/* Place of t[i] in its service's queue at now, by score order. */
static int
queue_place(const struct sched_policy *p, const struct sched_ticket *t, int nt, int i,
    long long now)
{
	int n = 0;

	for (int j = 0; j < nt; j++)
		if (j != i && t[j].service == t[i].service && ranks_before(p, &t[j], &t[i], now))
			n++;
	return n;
}

/* Window states during the forecast. */
enum { FC_ACTIVE, FC_DONE };

/* Expected arrivals: at most this many virtual tickets in one forecast. */
#define FC_MAX_VIRTUAL 4096

static int
by_issue(const void *a, const void *b)
{
	const struct sched_ticket *x = a, *y = b;

	if (x->issued_at != y->issued_at)
		return x->issued_at < y->issued_at ? -1 : 1;
	if (x->service != y->service)
		return x->service < y->service ? -1 : 1;
	return (x->lane > y->lane) - (x->lane < y->lane);
}

/* The virtual tickets the forecast expects: for each service, its newcomers of the lanes with
 * a head start over normal, evenly spaced at their total rate (so that a sparse lane still
 * counts), each given the lane that is most behind its share; up to the horizon beyond which
 * a newcomer can pass nobody waiting now. Sorted by issue time, ids after max_id. Returns how
 * many (0 when rate is NULL), or -1 when out of memory; *out is the caller's to free. */
static int
virtual_arrivals(const struct sched_policy *p, const double *rate, int nservices,
    long long now, long long max_id, struct sched_ticket **out)
{
	struct sched_ticket *v;
	int n = 0, wmin = p->weight_s[0], wmax = p->weight_s[0];

	*out = NULL;
	if (rate == NULL)
		return 0;
	for (int l = 0; l < LANE_COUNT; l++) {
		wmin = p->weight_s[l] < wmin ? p->weight_s[l] : wmin;
		wmax = p->weight_s[l] > wmax ? p->weight_s[l] : wmax;
	}
	if ((v = malloc(FC_MAX_VIRTUAL * sizeof *v)) == NULL)
		return -1;
	for (int s = 0; s < nservices; s++) {
		const double *r = rate + (size_t)s * LANE_COUNT;
		double total = 0;
		int count[LANE_COUNT] = { 0 };

		for (int l = 0; l < LANE_COUNT; l++)
			if (r[l] > 0 && r[l] < 1e9 && p->weight_s[l] > p->weight_s[LANE_NORMAL])
				total += r[l];
		if (!(total > 0))
			continue;
		for (int k = 1; n < FC_MAX_VIRTUAL; k++) {
			double at = (k - 0.5) / total, best_gap = -1;
			int best = -1;

			if (at > (double)(wmax - wmin))
				break;
			for (int l = 0; l < LANE_COUNT; l++) {
				double gap;

				if (!(r[l] > 0 && r[l] < 1e9 &&
				    p->weight_s[l] > p->weight_s[LANE_NORMAL]))
					continue;
				gap = r[l] / total * k - count[l];
				if (gap > best_gap) {
					best_gap = gap;
					best = l;
				}
			}
			count[best]++;
			memset(&v[n], 0, sizeof v[n]);
			v[n].service = s;
			v[n].lane = (enum sched_lane)best;
			v[n].issued_at = now + (long long)(at + 0.999);
			n++;
		}
	}
	qsort(v, (size_t)n, sizeof *v, by_issue);
	for (int i = 0; i < n; i++)
		v[i].id = max_id + 1 + i;
	*out = v;
	return n;
}

int
sched_forecast(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, const struct sched_ticket *t, int nt, long long now,
    int *eta_s, int *ahead)
{
	return sched_forecast_arrivals(p, w, nw, handle_s, nservices, NULL, t, nt, now, eta_s,
	    ahead);
}

int
sched_forecast_arrivals(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, const double *rate, const struct sched_ticket *t,
    int nt, long long now, int *eta_s, int *ahead)
{
	struct sched_ticket *q = NULL, *v = NULL;
	int *qi = NULL, *state = NULL, *calls = NULL, *called = NULL, n = 0, nv, next_v = 0;
	int real_left = 0, rc = -1;
	double *free_at = NULL;
	long long max_id = 0;

	if (nt < 0 || nw < 0 || nservices < 0)
		return -1;
	for (int i = 0; i < nt; i++)
		max_id = t[i].id > max_id ? t[i].id : max_id;
	if ((nv = virtual_arrivals(p, rate, nservices, now, max_id, &v)) < 0)
		return -1;
	q = malloc(((size_t)nt + (size_t)nv + 1) * sizeof *q);
	qi = malloc(((size_t)nt + (size_t)nv + 1) * sizeof *qi);
	called = calloc((size_t)nt + 1, sizeof *called);
	state = malloc(((size_t)nw + 1) * sizeof *state);
	free_at = malloc(((size_t)nw + 1) * sizeof *free_at);
	calls = calloc((size_t)nservices + 1, sizeof *calls);
	if (q == NULL || qi == NULL || called == NULL || state == NULL || free_at == NULL ||
	    calls == NULL)
		goto out;

	for (int i = 0; i < nt; i++) {
		eta_s[i] = -1;
		ahead[i] = 0;
		if (t[i].service < 0 || t[i].service >= nservices)
			continue;
		q[n] = t[i];
		qi[n++] = i;
	}
	real_left = n;
	for (int k = 0; k < nw; k++) {
		state[k] = w[k].open ? FC_ACTIVE : FC_DONE;
		free_at[k] = (double)(w[k].free_at > now ? w[k].free_at : now);
	}

	while (real_left > 0) {
		int k = -1, pick, i, s;
		long long tau;
		double h;

		for (int j = 0; j < nw; j++)
			if (state[j] == FC_ACTIVE && (k < 0 || free_at[j] < free_at[k]))
				k = j;
		if (k < 0)
			break;
		tau = (long long)(free_at[k] + 0.5);	/* >= now >= 0 */
		while (next_v < nv && v[next_v].issued_at <= tau) {
			q[n] = v[next_v++];
			qi[n++] = -1;
		}
		pick = sched_pick(p, w[k].duty, w[k].nduty, q, n, tau);
		if (pick < 0) {
			/* None of its services has a waiting ticket (a primary ticket is always
			 * eligible, and only one can suspend a backup), and calls only remove
			 * tickets: this window waits for the next expected arrival, if any. */
			if (next_v < nv)
				free_at[k] = (double)v[next_v].issued_at;
			else
				state[k] = FC_DONE;
			continue;
		}
		s = q[pick].service;
		if ((i = qi[pick]) >= 0) {
			eta_s[i] = tau - now > INT_MAX ? INT_MAX : (int)(tau - now);
			ahead[i] = calls[s];
			called[i] = 1;
			real_left--;
			for (int d = 0; d < w[k].nduty; d++) {
				int ds = w[k].duty[d].service;

				if (ds >= 0 && ds < nservices && duty_role(w[k].duty, d, ds) < 0)
					calls[ds]++;
			}
		}
		if (p->max_overtake > 0)
			sched_note_call(p, w[k].duty, w[k].nduty, q, n, pick, tau);
		h = handle_s[(size_t)k * (size_t)nservices + (size_t)s];
		if (!(h > 0) || h > 1e7)
			h = !(h > 0) ? 1 : 1e7;
		free_at[k] += h;
		q[pick] = q[n - 1];
		qi[pick] = qi[n - 1];
		n--;
	}
	for (int i = 0; i < nt; i++)
		if (!called[i])
			ahead[i] = queue_place(p, t, nt, i, now);
	rc = 0;
out:
	free(v);
	free(q);
	free(qi);
	free(called);
	free(state);
	free(free_at);
	free(calls);
	return rc;
}
