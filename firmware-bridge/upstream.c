/* upstream.c — jhbridge's side of the wire protocol: the device link (jhdev.h) and the hall
 * re-read from `status` after every (re)connect, events applied to it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jhdev.h"
#include "log.h"
#include "upstream.h"

struct upstream {
	struct jhdev	*d;
};

static const char *const up_topics[] = { "calls", "windows", "tickets", NULL };
static const struct jhdev_alert_kind up_kinds[UP_ALERT_KINDS] = {
	{ "display_degraded", "all displays answer" },
	{ "display_offline", "all displays answer" },
};

struct upstream *
upstream_new(const char *addr, const char *ca, const char *device, const char *token)
{
	struct upstream *u = calloc(1, sizeof *u);

	if (!u)
		return NULL;
	if ((u->d = jhdev_new(addr, ca, device, token, up_topics, up_kinds, UP_ALERT_KINDS)) == NULL) {
		free(u);
		return NULL;
	}
	return u;
}

void
upstream_free(struct upstream *u)
{
	if (!u)
		return;
	jhdev_free(u->d);
	free(u);
}

int
upstream_fd(const struct upstream *u)
{
	return jhc_fd(jhdev_client(u->d));
}

int
upstream_connected(const struct upstream *u)
{
	return jhc_connected(jhdev_client(u->d));
}

void
upstream_alert(struct upstream *u, const char *kind, const char *message)
{
	jhdev_alert(u->d, kind, message);
}

/* Just connected: the hall from status. */
static int
up_synced(struct upstream *u, struct callboard *h)
{
	struct jhc *c = jhdev_client(u->d);
	json_t *st, *ev;
	char err[160];
	int changed;

	st = jhc_op(c, "status", NULL, 5000);
	if (!st) {
		log_warn("status failed: %s", jhc_error(c));
		return 0;
	}
	/* events queued before the answer are older than it */
	while ((ev = jhc_event_pop(c)) != NULL)
		json_decref(ev);
	changed = callboard_apply_status(h, st, err, sizeof err);
	if (changed < 0) {
		log_warn("status answer not understood: %s", err);
		changed = 0;
	}
	json_decref(st);
	log_info("connected to the server; %d windows known", h->nwin);
	return changed;
}

int
upstream_step(struct upstream *u, struct callboard *h, long long now)
{
	struct jhc *c = jhdev_client(u->d);
	json_t *ev;
	char err[160];
	int changed = 0, r;

	if ((r = jhdev_link(u->d, now)) < 0)
		return 0;
	if (r == 1)
		changed |= up_synced(u, h);
	jhdev_pump(u->d);
	while ((ev = jhc_event_pop(c)) != NULL) {
		r = callboard_apply_event(h, ev, err, sizeof err);
		if (r < 0)
			log_warn("event not understood: %s", err);
		else
			changed |= r;
		json_decref(ev);
	}
	jhdev_flush(u->d);
	return changed;
}

void
upstream_flush(struct upstream *u)
{
	jhdev_flush(u->d);
}

long long
upstream_wake(const struct upstream *u, long long now)
{
	return upstream_connected(u) ? 0 : now + 100;
}
