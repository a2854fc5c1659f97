/* sched.c — the scheduling policy: lanes, weights, eligibility and the pick (see sched.h,
 * docs/SCHEDULING.md); the ETA forecast is in sched_forecast.c. Every ticket has a score:
 * seconds waited plus its lane's head start. A window calls the eligible ticket with the
 * highest score, ties to the lower id. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"
#include "sched_int.h"

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

int
sched_duty_role(const struct sched_duty *duty, int nduty, int service)
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

/* Issue order: earlier issue time, then lower id. */
static int
issued_before(const struct sched_ticket *a, const struct sched_ticket *b)
{
	return a->issued_at < b->issued_at || (a->issued_at == b->issued_at && a->id < b->id);
}

/* The oldest ticket (issue order) of one of the window's primary services that has waited
 * longer than the backup threshold, or -1: the window's backup duties are suspended for the
 * tickets issued after it. */
static int
oldest_overdue(const struct sched_policy *p, const struct sched_duty *duty, int nduty,
    const struct sched_ticket *t, int nt, long long now)
{
	int o = -1, backup = 0;

	for (int d = 0; d < nduty && !backup; d++)
		backup = duty[d].backup;
	if (!backup)
		return -1;	/* nothing to hold back */
	for (int i = 0; i < nt; i++)
		if (now - t[i].issued_at > p->backup_threshold_s &&
		    (o < 0 || issued_before(&t[i], &t[o])) &&
		    sched_duty_role(duty, nduty, t[i].service) == 0)
			o = i;
	return o;
}

/* Whether t[i] may be called at a window where it has role (-1, 0, 1) and whose oldest
 * overdue primary ticket is t[o] (o < 0: none): a primary always, a backup unless it was
 * issued after an overdue primary ticket (a backup citizen who came first keeps that turn). */
static int
eligible_at(int role, const struct sched_ticket *t, int i, int o)
{
	return role == 0 || (role == 1 && (o < 0 || issued_before(&t[i], &t[o])));
}

int
sched_eligible(const struct sched_policy *p, const struct sched_duty *duty, int nduty,
    const struct sched_ticket *t, int nt, int i, long long now)
{
	if (i < 0 || i >= nt)
		return 0;
	return eligible_at(sched_duty_role(duty, nduty, t[i].service), t, i,
	    oldest_overdue(p, duty, nduty, t, nt, now));
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
	int o, best = -1, lock = -1;

	o = oldest_overdue(p, duty, nduty, t, nt, now);

	/* With max_overtake, a ticket passed that many times locks the queue: nobody issued
	 * after the oldest locked ticket may be called before it. */
	if (p->max_overtake > 0)
		for (int i = 0; i < nt; i++) {
			if (t[i].passed < p->max_overtake ||
			    !eligible_at(sched_duty_role(duty, nduty, t[i].service), t, i, o))
				continue;
			if (lock < 0 || issued_before(&t[i], &t[lock]))
				lock = i;
		}

	for (int i = 0; i < nt; i++) {
		if (!eligible_at(sched_duty_role(duty, nduty, t[i].service), t, i, o))
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
	int o;

	if (picked < 0 || picked >= nt)
		return;
	o = oldest_overdue(p, duty, nduty, t, nt, now);
	for (int i = 0; i < nt; i++)
		if (i != picked && issued_before(&t[i], &t[picked]) &&
		    eligible_at(sched_duty_role(duty, nduty, t[i].service), t, i, o) &&
		    t[i].passed < INT_MAX)
			t[i].passed++;
}

int
sched_queue_place(const struct sched_policy *p, const struct sched_ticket *t, int nt, int i,
    long long now)
{
	int n = 0;

	for (int j = 0; j < nt; j++)
		if (j != i && t[j].service == t[i].service && ranks_before(p, &t[j], &t[i], now))
			n++;
	return n;
}
