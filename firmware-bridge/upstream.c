/* upstream.c — jhbridge's side of the wire protocol: the device link (jhdev.h) and the hall
 * re-read from `status` after every (re)connect, events applied to it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jhdev.h"
#include "log.h"
#include "upstream.h"

static const char *const up_topics[] = { "calls", "windows", "tickets", NULL };
static const struct jhdev_alert_kind up_kinds[UP_ALERT_KINDS] = {
	{ "display_degraded", "all displays answer" },
	{ "display_offline", "all displays answer" },
};

struct jhdev *
upstream_new(const char *addr, const char *ca, const char *device, const char *token)
{
	return jhdev_new(addr, ca, device, token, up_topics, up_kinds, UP_ALERT_KINDS);
}

/* Just connected: the hall from status. */
static int
up_synced(struct jhdev *d, struct callboard *h)
{
	struct jhc *c = jhdev_client(d);
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
upstream_step(struct jhdev *d, struct callboard *h, long long now)
{
	struct jhc *c = jhdev_client(d);
	json_t *ev;
	char err[160];
	int changed = 0, r;

	if ((r = jhdev_link(d, now)) < 0)
		return 0;
	if (r == 1)
		changed |= up_synced(d, h);
	jhdev_pump(d);
	while ((ev = jhc_event_pop(c)) != NULL) {
		r = callboard_apply_event(h, ev, err, sizeof err);
		if (r < 0)
			log_warn("event not understood: %s", err);
		else
			changed |= r;
		json_decref(ev);
	}
	jhdev_flush(d);
	return changed;
}

long long
upstream_wake(struct jhdev *d, long long now)
{
	return jhc_connected(jhdev_client(d)) ? 0 : now + 100;
}
