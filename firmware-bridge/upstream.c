/* upstream.c — jhbridge's side of the wire protocol, on the shared client library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jhclient.h"
#include "log.h"
#include "upstream.h"

struct up_alert {
	const char	*kind;
	char		 want[512];	/* "" = no fault */
	char		 sent[512];	/* what the server has */
	int		 dirty;
};

struct upstream {
	struct jhc	*c;
	int		 was_connected;
	int		 fatal_logged;
	long long	 retry_at;
	struct up_alert	 alerts[UP_ALERT_KINDS];
};

static const char *const up_topics[] = { "calls", "windows", "tickets", NULL };

struct upstream *
upstream_new(const char *addr, const char *ca, const char *device, const char *token)
{
	struct upstream *u = calloc(1, sizeof *u);
	struct jhc_cred cred = { .role = "display", .device = device, .token = token,
	    .ca = ca && *ca ? ca : NULL };

	if (!u)
		return NULL;
	if (strchr(addr, '/'))
		cred.role = NULL;	/* the Unix socket: file permissions are the credential */
	if (strchr(addr, '/'))
		cred.device = cred.token = NULL;
	if ((u->c = jhc_new(addr, &cred)) == NULL) {
		free(u);
		return NULL;
	}
	u->alerts[0].kind = "display_degraded";
	u->alerts[1].kind = "display_offline";
	return u;
}

void
upstream_free(struct upstream *u)
{
	if (!u)
		return;
	jhc_free(u->c);
	free(u);
}

int
upstream_fd(const struct upstream *u)
{
	return jhc_fd(u->c);
}

int
upstream_connected(const struct upstream *u)
{
	return jhc_connected(u->c);
}

void
upstream_alert(struct upstream *u, const char *kind, const char *message)
{
	for (int i = 0; i < UP_ALERT_KINDS; i++) {
		struct up_alert *a = &u->alerts[i];

		if (strcmp(a->kind, kind) != 0)
			continue;
		snprintf(a->want, sizeof a->want, "%s", message ? message : "");
		a->dirty = strcmp(a->want, a->sent) != 0;
	}
}

static void
up_send_alerts(struct upstream *u)
{
	for (int i = 0; i < UP_ALERT_KINDS && jhc_connected(u->c); i++) {
		struct up_alert *a = &u->alerts[i];
		json_t *req, *ans;

		if (!a->dirty)
			continue;
		req = json_object();
		json_object_set_new(req, "kind", json_string(a->kind));
		if (a->want[0])
			json_object_set_new(req, "message", json_string(a->want));
		else {
			json_object_set_new(req, "message", json_string("all displays answer"));
			json_object_set_new(req, "clear", json_true());
		}
		ans = jhc_op(u->c, "alert", req, 2000);
		if (!ans) {
			log_warn("alert %s not accepted: %s (%s)", a->kind, jhc_error(u->c),
			    jhc_error_code(u->c));
			if (jhc_connected(u->c))
				a->dirty = 0;	/* refused: do not insist every turn */
			continue;
		}
		json_decref(ans);
		memcpy(a->sent, a->want, sizeof a->sent);
		a->dirty = 0;
		log_info("alert %s %s%s", a->kind, a->want[0] ? "raised: " : "cleared", a->want);
	}
}

/* Just connected: the hall from status, the alerts again. */
static int
up_synced(struct upstream *u, struct hall *h)
{
	json_t *st, *ev;
	char err[160];
	int changed = 0;

	if (!u->was_connected) {
		/* first time: remember the topics (sent again by the client after reconnects) */
		if (jhc_subscribe(u->c, up_topics) < 0) {
			log_warn("subscribe failed: %s", jhc_error(u->c));
			return 0;
		}
		u->was_connected = 1;
	}
	st = jhc_op(u->c, "status", NULL, 5000);
	if (!st) {
		log_warn("status failed: %s", jhc_error(u->c));
		return 0;
	}
	/* events queued before the answer are older than it */
	while ((ev = jhc_event_pop(u->c)) != NULL)
		json_decref(ev);
	changed = hall_apply_status(h, st, err, sizeof err);
	if (changed < 0) {
		log_warn("status answer not understood: %s", err);
		changed = 0;
	}
	json_decref(st);
	log_info("connected to the server; %d windows known", h->nwin);
	for (int i = 0; i < UP_ALERT_KINDS; i++) {
		struct up_alert *a = &u->alerts[i];

		/* a restarted server has forgotten our faults */
		a->sent[0] = '\0';
		a->dirty = a->want[0] != '\0';
	}
	return changed;
}

int
upstream_step(struct upstream *u, struct hall *h, long long now)
{
	json_t *ev;
	char err[160];
	int changed = 0, r;

	if (!jhc_connected(u->c)) {
		int first = !u->was_connected && u->retry_at == 0;

		if (first) {
			if (jhc_connect(u->c, 2000) == 0)
				changed |= up_synced(u, h);
			else {
				log_warn("cannot reach the server: %s; retrying", jhc_error(u->c));
				u->retry_at = now;
			}
		} else if (jhc_reconnect_tick(u->c, now) == 1) {
			if (!u->was_connected && jhc_subscribe(u->c, up_topics) == 0)
				u->was_connected = 1;
			changed |= up_synced(u, h);
		}
		if (!jhc_connected(u->c)) {
			const char *code = jhc_error_code(u->c);

			if (code && (!strcmp(code, "unauthenticated") || !strcmp(code, "forbidden"))) {
				if (!u->fatal_logged)
					log_error("the server refused us: %s (check device and token)",
					    jhc_error(u->c));
				u->fatal_logged = 1;
			}
			return changed;
		}
	}
	if (jhc_pump(u->c) < 0)
		log_warn("lost the server: %s; reconnecting", jhc_error(u->c));
	while ((ev = jhc_event_pop(u->c)) != NULL) {
		r = hall_apply_event(h, ev, err, sizeof err);
		if (r < 0)
			log_warn("event not understood: %s", err);
		else
			changed |= r;
		json_decref(ev);
	}
	if (jhc_connected(u->c))
		up_send_alerts(u);
	return changed;
}

void
upstream_flush(struct upstream *u)
{
	if (jhc_connected(u->c))
		up_send_alerts(u);
}

long long
upstream_wake(const struct upstream *u, long long now)
{
	return jhc_connected(u->c) ? 0 : now + 100;
}
