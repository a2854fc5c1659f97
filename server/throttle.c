/* throttle.c — failed sign-ins per user name and per client address (see throttle.h). */
#include <stdio.h>
#include <string.h>

#include "throttle.h"
#include "utf8.h"

struct entry {
	int used;
	int kind;
	char key[THROTTLE_KEY_LEN];
	long long fails[THROTTLE_FAILS];	/* the last refusals, oldest first */
	int nfails;
	long long locked_until;			/* 0 when never locked */
	long long last;				/* the last refusal */
};

static struct entry tab[THROTTLE_SLOTS];

static struct entry *
find(int kind, const char *key)
{
	for (int i = 0; i < THROTTLE_SLOTS; i++)
		if (tab[i].used && tab[i].kind == kind && strcmp(tab[i].key, key) == 0)
			return &tab[i];
	return NULL;
}

/* A slot for a new entry: a free one, else the stalest unlocked one, else the lock that
 * ends first. */
static struct entry *
make_room(long long now)
{
	struct entry *best = NULL;

	for (int i = 0; i < THROTTLE_SLOTS; i++) {
		struct entry *e = &tab[i];

		if (!e->used)
			return e;
		if (e->locked_until > now)
			continue;
		if (!best || e->last < best->last)
			best = e;
	}
	if (best)
		return best;
	best = &tab[0];
	for (int i = 1; i < THROTTLE_SLOTS; i++)
		if (tab[i].locked_until < best->locked_until)
			best = &tab[i];
	return best;
}

long long
throttle_locked(int kind, const char *key, long long now)
{
	const struct entry *e = find(kind, key);

	return e && e->locked_until > now ? e->locked_until - now : 0;
}

int
throttle_fail(int kind, const char *key, long long now)
{
	struct entry *e = find(kind, key);
	int k = 0;

	if (!e) {
		e = make_room(now);
		memset(e, 0, sizeof *e);
		e->used = 1;
		e->kind = kind;
		utf8_copy(e->key, sizeof e->key, key);
	}
	e->last = now;
	if (e->locked_until > now)
		return 0;	/* already locked: the lock is not extended */
	/* keep the refusals within the window */
	for (int i = 0; i < e->nfails; i++)
		if (e->fails[i] > now - THROTTLE_WINDOW_S)
			e->fails[k++] = e->fails[i];
	e->nfails = k;
	if (e->nfails == THROTTLE_FAILS) {
		memmove(e->fails, e->fails + 1, (THROTTLE_FAILS - 1) * sizeof e->fails[0]);
		e->nfails--;
	}
	e->fails[e->nfails++] = now;
	if (e->nfails < THROTTLE_FAILS)
		return 0;
	e->locked_until = now + THROTTLE_WINDOW_S;
	e->nfails = 0;		/* counted afresh once the lock ends */
	return 1;
}

void
throttle_reset(int kind, const char *key)
{
	struct entry *e = find(kind, key);

	if (e)
		memset(e, 0, sizeof *e);
}

int
throttle_active(long long now, char *buf, size_t len)
{
	size_t used = 0;
	int n = 0, shown = 0;

	for (int i = 0; i < THROTTLE_SLOTS; i++) {
		const struct entry *e = &tab[i];
		char item[THROTTLE_KEY_LEN + 48];

		if (!e->used || e->locked_until <= now)
			continue;
		n++;
		snprintf(item, sizeof item, "%s %s", e->kind == TH_USER ? "user" : "address",
		    e->key);
		utf8_list_add(buf, len, &used, &shown, item);
	}
	utf8_list_end(buf, len, used, shown, n);
	return n;
}

void
throttle_clear(void)
{
	memset(tab, 0, sizeof tab);
}
