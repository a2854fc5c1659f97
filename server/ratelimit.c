/* ratelimit.c — requests per device and op, token buckets (see ratelimit.h). */
#include <stdio.h>
#include <string.h>

#include "ratelimit.h"
#include "utf8.h"

struct entry {
	int used;
	char name[RL_NAME_LEN];
	double tokens[RL_NCLASS];
	long long at[RL_NCLASS];	/* when tokens[] was last brought up to date */
	unsigned filled;		/* classes whose bucket exists (it starts full) */
	int episode;
	unsigned refused_classes;	/* in this episode */
	long long refused;		/* in this episode */
	long long last_refusal, last_seen;
};

static struct entry tab[RL_SLOTS];

int
ratelimit_class(const char *op)
{
	for (int i = 0; i < RL_NCLASS; i++)
		if (strcmp(rl_classes[i].op, op) == 0)
			return i;
	return -1;
}

static struct entry *
find(const char *name)
{
	for (int i = 0; i < RL_SLOTS; i++)
		if (tab[i].used && strcmp(tab[i].name, name) == 0)
			return &tab[i];
	return NULL;
}

/* A free slot, else the device seen longest ago that is not in an episode, else the
 * episode that went quiet first. */
static struct entry *
make_room(void)
{
	struct entry *best = NULL, *quiet = NULL;

	for (int i = 0; i < RL_SLOTS; i++) {
		struct entry *e = &tab[i];

		if (!e->used)
			return e;
		if (e->episode) {
			if (!quiet || e->last_refusal < quiet->last_refusal)
				quiet = e;
		} else if (!best || e->last_seen < best->last_seen) {
			best = e;
		}
	}
	return best ? best : quiet;
}

long long
ratelimit_take(const char *device, int cls, int limit, long long now, int *started)
{
	const struct rl_class *c;
	struct entry *e;
	double *tk;
	long long wait;

	*started = 0;
	if (limit <= 0 || cls < 0 || cls >= RL_NCLASS)
		return 0;
	if (!(e = find(device))) {
		e = make_room();
		memset(e, 0, sizeof *e);
		e->used = 1;
		utf8_copy(e->name, sizeof e->name, device);
	}
	e->last_seen = now;
	c = &rl_classes[cls];
	tk = &e->tokens[cls];
	if (!(e->filled & (1u << cls))) {
		*tk = limit;
		e->filled |= 1u << cls;
	} else if (now > e->at[cls]) {
		*tk += (double)(now - e->at[cls]) * limit / c->period_s;
	}
	e->at[cls] = now;	/* a clock stepped back gives nothing back, and takes nothing */
	if (*tk > limit)
		*tk = limit;	/* full, or the limit was lowered */
	if (*tk >= 1) {
		*tk -= 1;
		return 0;
	}
	wait = (long long)((1 - *tk) * c->period_s / limit);
	if ((double)wait * limit / c->period_s < 1 - *tk)
		wait++;		/* rounded up: a token is back then */
	if (wait < 1)
		wait = 1;
	*started = !e->episode;
	e->episode = 1;
	e->refused_classes |= 1u << cls;
	e->refused++;
	e->last_refusal = now;
	return wait;
}

int
ratelimit_active(long long now, char *buf, size_t len)
{
	size_t used = 0;
	int n = 0, shown = 0;

	for (int i = 0; i < RL_SLOTS; i++) {
		struct entry *e = &tab[i];
		char item[RL_NAME_LEN + 80];
		int m;

		if (!e->used || !e->episode)
			continue;
		if (now - e->last_refusal >= RL_QUIET_S || now < e->last_refusal - RL_QUIET_S) {
			e->episode = 0;		/* quiet long enough (or the clock jumped) */
			e->refused_classes = 0;
			e->refused = 0;
			continue;
		}
		n++;
		m = snprintf(item, sizeof item, "%s (", e->name);
		for (int k = 0, first = 1; k < RL_NCLASS; k++)
			if (e->refused_classes & (1u << k)) {
				m += snprintf(item + m, sizeof item - m, "%s%s", first ? "" : ", ",
				    rl_classes[k].op);
				first = 0;
			}
		snprintf(item + m, sizeof item - m, ")");
		utf8_list_add(buf, len, &used, &shown, item);
	}
	utf8_list_end(buf, len, used, shown, n);
	return n;
}

long long
ratelimit_refused(const char *device)
{
	const struct entry *e = find(device);

	return e && e->episode ? e->refused : 0;
}

void
ratelimit_clear(void)
{
	memset(tab, 0, sizeof tab);
}
