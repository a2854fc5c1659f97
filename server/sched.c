/* sched.c — the scheduling policy and the ETA forecast (see sched.h, docs/SCHEDULING.md).
 * First version: lanes by weight, then the oldest issue time. */
#include <stdlib.h>
#include <string.h>

#include "sched.h"

static const char *const lane_names[LANE_COUNT] = {
	"normal", "appointment", "prereviewed", "elderly", "disabled", "green"
};

void
sched_policy_default(struct sched_policy *p)
{
	static const int w[LANE_COUNT] = { 0, 900, 300, 600, 600, 1200 };

	memcpy(p->weight_s, w, sizeof w);
	p->backup_threshold_s = 600;
	p->appt_grace_s = 900;
	p->max_overtake = 0;
}

const char *
sched_lane_name(enum sched_lane l)
{
	return (unsigned)l < LANE_COUNT ? lane_names[l] : "normal";
}

int
sched_lane_parse(const char *name)
{
	for (int i = 0; i < LANE_COUNT; i++)
		if (strcmp(name, lane_names[i]) == 0)
			return i;
	return -1;
}

static int
serves(const struct sched_duty *duty, int nduty, int service)
{
	for (int i = 0; i < nduty; i++)
		if (duty[i].service == service)
			return 1;
	return 0;
}

int
sched_pick(const struct sched_policy *p, const struct sched_duty *duty, int nduty,
    const struct sched_ticket *t, int nt, long long now)
{
	int best = -1;
	long long best_score = 0;

	for (int i = 0; i < nt; i++) {
		long long score;

		if (!serves(duty, nduty, t[i].service))
			continue;
		score = (now - t[i].issued_at) + p->weight_s[t[i].lane];
		if (best < 0 || score > best_score ||
		    (score == best_score && t[i].id < t[best].id)) {
			best = i;
			best_score = score;
		}
	}
	return best;
}

int
sched_forecast(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, const struct sched_ticket *t, int nt, long long now,
    int *eta_s, int *ahead)
{
	(void)p; (void)w; (void)nw; (void)handle_s; (void)nservices; (void)now;
	for (int i = 0; i < nt; i++) {
		eta_s[i] = -1;
		ahead[i] = 0;
		for (int j = 0; j < nt; j++)
			if (t[j].service == t[i].service && t[j].issued_at < t[i].issued_at)
				ahead[i]++;
	}
	return 0;
}
