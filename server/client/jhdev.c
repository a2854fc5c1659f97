/* jhdev.c — a device program's link to jhd (see jhdev.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "jhdev.h"
#include "log.h"

struct dev_alert {
	const struct jhdev_alert_kind *k;
	char want[512];		/* "" = no fault */
	char sent[512];		/* what the server has */
	int dirty;
};

struct jhdev {
	struct jhc *c;
	const char *const *topics;
	int subscribed;		/* the topics are with the client (it sends them again) */
	int tried;		/* the first connect was tried */
	int refused_logged;
	int nalerts;
	struct dev_alert alerts[JHDEV_ALERT_KINDS];
};

struct jhdev *
jhdev_new(const char *addr, const char *ca, const char *device, const char *token,
    const char *const *topics, const struct jhdev_alert_kind *kinds, int nkinds)
{
	struct jhdev *d = jh_calloc(1, sizeof *d);
	struct jhc_cred cred = { .role = "display", .device = device, .token = token,
	    .ca = ca && *ca ? ca : NULL };

	if (!d || nkinds > JHDEV_ALERT_KINDS) {
		free(d);
		return NULL;
	}
	if (strchr(addr, '/'))
		cred.role = cred.device = cred.token = NULL;
	if ((d->c = jhc_new(addr, &cred)) == NULL) {
		free(d);
		return NULL;
	}
	d->topics = topics;
	d->nalerts = nkinds;
	for (int i = 0; i < nkinds; i++)
		d->alerts[i].k = &kinds[i];
	return d;
}

void
jhdev_free(struct jhdev *d)
{
	if (!d)
		return;
	jhc_free(d->c);
	free(d);
}

struct jhc *
jhdev_client(struct jhdev *d)
{
	return d->c;
}

int
jhdev_link(struct jhdev *d, long long now)
{
	int up = 0;
	const char *code;

	if (jhc_connected(d->c))
		return 0;
	if (!d->tried) {
		d->tried = 1;
		if (jhc_connect(d->c, 2000) == 0)
			up = 1;
		else
			log_warn("cannot reach the server: %s; retrying", jhc_error(d->c));
	} else if (jhc_reconnect_tick(d->c, now) == 1)
		up = 1;
	if (up) {
		if (!d->subscribed) {
			/* the first time: the client sends the topics again after reconnects */
			if (jhc_subscribe(d->c, d->topics) < 0)
				log_warn("subscribe failed: %s", jhc_error(d->c));
			else
				d->subscribed = 1;
		}
		d->refused_logged = 0;
		for (int i = 0; i < d->nalerts; i++) {
			/* a restarted server has forgotten our faults */
			d->alerts[i].sent[0] = '\0';
			d->alerts[i].dirty = d->alerts[i].want[0] != '\0';
		}
		return 1;
	}
	code = jhc_error_code(d->c);
	if (code && (!strcmp(code, "unauthenticated") || !strcmp(code, "forbidden")) &&
	    !d->refused_logged) {
		log_error("the server refused us: %s (check device and token)", jhc_error(d->c));
		d->refused_logged = 1;
	}
	return -1;
}

void
jhdev_pump(struct jhdev *d)
{
	if (jhc_pump(d->c) < 0)
		log_warn("lost the server: %s; reconnecting", jhc_error(d->c));
}

void
jhdev_alert(struct jhdev *d, const char *kind, const char *message)
{
	for (int i = 0; i < d->nalerts; i++) {
		struct dev_alert *a = &d->alerts[i];

		if (strcmp(a->k->kind, kind) != 0)
			continue;
		snprintf(a->want, sizeof a->want, "%s", message ? message : "");
		a->dirty = strcmp(a->want, a->sent) != 0;
	}
}

void
jhdev_flush(struct jhdev *d)
{
	for (int i = 0; i < d->nalerts && jhc_connected(d->c); i++) {
		struct dev_alert *a = &d->alerts[i];
		json_t *req, *ans;

		if (!a->dirty)
			continue;
		req = json_object();
		json_object_set_new(req, "kind", json_string(a->k->kind));
		if (a->want[0])
			json_object_set_new(req, "message", json_string(a->want));
		else {
			json_object_set_new(req, "message", json_string(a->k->cleared));
			json_object_set_new(req, "clear", json_true());
		}
		ans = jhc_op(d->c, "alert", req, 2000);
		if (!ans) {
			log_warn("alert %s not accepted: %s (%s)", a->k->kind, jhc_error(d->c),
			    jhc_error_code(d->c));
			if (jhc_connected(d->c))
				a->dirty = 0;	/* refused: do not insist every turn */
			continue;
		}
		json_decref(ans);
		memcpy(a->sent, a->want, sizeof a->sent);
		a->dirty = 0;
		log_info("alert %s %s%s", a->k->kind, a->want[0] ? "raised: " : "cleared",
		    a->want);
	}
}
