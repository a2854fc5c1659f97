/* vup.c — jhvoice's side of the wire protocol, on the shared client library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jhclient.h"
#include "log.h"
#include "vup.h"

struct vup {
	struct jhc	*c;
	int		 was_connected;
	int		 refused_logged;
	int		 tried;
	char		 want[512];	/* the fault; "" = none */
	char		 sent[512];	/* what the server has */
	int		 dirty;
};

static const char *const vup_topics[] = { "calls", NULL };

struct vup *
vup_new(const char *addr, const char *ca, const char *device, const char *token)
{
	struct vup *u = calloc(1, sizeof *u);
	struct jhc_cred cred = { .role = "display", .device = device, .token = token,
	    .ca = ca && *ca ? ca : NULL };

	if (!u)
		return NULL;
	if (strchr(addr, '/')) {
		/* the Unix socket: file permissions are the credential */
		cred.role = cred.device = cred.token = NULL;
	}
	if ((u->c = jhc_new(addr, &cred)) == NULL) {
		free(u);
		return NULL;
	}
	return u;
}

void
vup_free(struct vup *u)
{
	if (!u)
		return;
	jhc_free(u->c);
	free(u);
}

int
vup_fd(const struct vup *u)
{
	return jhc_fd(u->c);
}

void
vup_alert(struct vup *u, const char *message)
{
	snprintf(u->want, sizeof u->want, "%s", message ? message : "");
	u->dirty = strcmp(u->want, u->sent) != 0;
}

static void
vup_send_alert(struct vup *u)
{
	json_t *req, *ans;

	if (!u->dirty || !jhc_connected(u->c))
		return;
	req = json_object();
	json_object_set_new(req, "kind", json_string(VUP_ALERT_KIND));
	if (u->want[0])
		json_object_set_new(req, "message", json_string(u->want));
	else {
		json_object_set_new(req, "message", json_string("the speakers play again"));
		json_object_set_new(req, "clear", json_true());
	}
	ans = jhc_op(u->c, "alert", req, 2000);
	if (!ans) {
		log_warn("alert %s not accepted: %s (%s)", VUP_ALERT_KIND, jhc_error(u->c),
		    jhc_error_code(u->c));
		if (jhc_connected(u->c))
			u->dirty = 0;	/* refused: do not insist every turn */
		return;
	}
	json_decref(ans);
	memcpy(u->sent, u->want, sizeof u->sent);
	u->dirty = 0;
	log_info("alert %s %s%s", VUP_ALERT_KIND, u->want[0] ? "raised: " : "cleared", u->want);
}

/* Just connected: subscribed (the client library subscribes again after reconnects), and the
 * alert again, since a restarted server has forgotten it. */
static void
vup_connected(struct vup *u)
{
	json_t *ev;

	if (!u->was_connected) {
		if (jhc_subscribe(u->c, vup_topics) < 0) {
			log_warn("subscribe failed: %s", jhc_error(u->c));
			return;
		}
		u->was_connected = 1;
	}
	/* calls made while we were away are not read out late: only new ones */
	while ((ev = jhc_event_pop(u->c)) != NULL)
		json_decref(ev);
	u->refused_logged = 0;
	log_info("connected to the server; announcing calls");
	u->sent[0] = '\0';
	u->dirty = u->want[0] != '\0';
}

json_t *
vup_step(struct vup *u, long long now)
{
	json_t *evs = json_array(), *ev;

	if (!jhc_connected(u->c)) {
		int ok = 0;

		if (!u->tried) {
			u->tried = 1;
			if (jhc_connect(u->c, 2000) == 0)
				ok = 1;
			else
				log_warn("cannot reach the server: %s; retrying", jhc_error(u->c));
		} else if (jhc_reconnect_tick(u->c, now) == 1)
			ok = 1;
		if (ok)
			vup_connected(u);
		if (!jhc_connected(u->c)) {
			const char *code = jhc_error_code(u->c);

			if (code && (!strcmp(code, "unauthenticated") || !strcmp(code, "forbidden")) &&
			    !u->refused_logged) {
				log_error("the server refused us: %s (check device and token)",
				    jhc_error(u->c));
				u->refused_logged = 1;
			}
			return evs;
		}
	}
	if (jhc_pump(u->c) < 0)
		log_warn("lost the server: %s; reconnecting", jhc_error(u->c));
	while ((ev = jhc_event_pop(u->c)) != NULL)
		json_array_append_new(evs, ev);
	vup_send_alert(u);
	return evs;
}
