/* alerts.c — the active alerts kept for status: those devices raise (the alert op) and jhd's
 * own (unserved services, storage_failed, signin_locked), each with its alert event. */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "server.h"
#include "utf8.h"

/* The index of the active alert (source, kind, service; own: raised by jhd itself), or
 * srv.nalerts when there is none. */
static int
find_alert(const char *source, const char *kind, const char *service, int own)
{
	int i;

	for (i = 0; i < srv.nalerts; i++)
		if (srv.alerts[i].own == own && strcmp(srv.alerts[i].source, source) == 0 &&
		    strcmp(srv.alerts[i].kind, kind) == 0 &&
		    strcmp(srv.alerts[i].service, service) == 0)
			break;
	return i;
}

/* Raise (or refresh) or clear an alert, with its event. -1 when there is no room left for
 * one of its kind (devices' or jhd's own). */
static int
alert_set(const char *source, const char *kind, const char *service, const char *message,
    long long at, int clear, int own, json_t **out)
{
	struct alert *a;
	char when[40];
	json_t *o;
	int i = find_alert(source, kind, service, own), n = 0, fresh = clear || i == srv.nalerts;

	if (clear) {
		if (i < srv.nalerts) {
			memmove(&srv.alerts[i], &srv.alerts[i + 1],
			    (srv.nalerts - i - 1) * sizeof srv.alerts[0]);
			srv.nalerts--;
		}
	} else {
		if (i == srv.nalerts) {
			int nsrc = 0;

			for (int k = 0; k < srv.nalerts; k++) {
				n += srv.alerts[k].own == own;
				nsrc += !own && strcmp(srv.alerts[k].source, source) == 0;
			}
			if (n >= (own ? SERVER_MAX_OWN_ALERTS : SERVER_MAX_ALERTS) ||
			    nsrc >= SERVER_MAX_SOURCE_ALERTS)
				return -1;
			srv.nalerts++;
		}
		a = &srv.alerts[i];
		/* cut on a character boundary: half a character could not be sent */
		utf8_copy(a->source, sizeof a->source, source);
		utf8_copy(a->kind, sizeof a->kind, kind);
		utf8_copy(a->service, sizeof a->service, service);
		utf8_copy(a->message, sizeof a->message, message);
		a->at = at;
		a->own = own;
	}
	/* jhd's own counts change with every take in a rush: logged when raised and cleared */
	if (!own || fresh)
		log_info("alert %s%s%s from %s: %s%s", kind, service[0] ? " " : "", service,
		    source, message, clear ? " (cleared)" : "");
	if (!out && !server_subscribed(TOPIC_ALERTS))
		return 0;	/* an event nobody reads is not built */
	clock_iso(at, when, sizeof when);
	o = json_pack("{s:s, s:s}", "source", source, "kind", kind);
	if (service[0])
		json_object_set_new(o, "service", json_string(service));
	json_object_set_new(o, "message", json_string(message));
	json_object_set_new(o, "at", json_string(when));
	json_object_set_new(o, "cleared", json_boolean(clear));
	server_event(TOPIC_ALERTS, json_pack("{s:s, s:O}", "event", "alert", "alert", o));
	if (out)
		*out = o;
	else
		json_decref(o);
	return 0;
}

int
server_alert(const char *source, const char *kind, const char *message, long long at,
    int clear, json_t **out)
{
	return alert_set(source, kind, "", message, at, clear, 0, out);
}

void
server_own_alert(const char *kind, const char *service, const char *message, long long at,
    int clear)
{
	const struct alert *a = server_own_alert_find(kind, service);

	if (a && !clear)
		at = a->at;	/* since when it holds */
	alert_set("jhd", kind, service ? service : "", message, at, clear, 1, NULL);
}

const struct alert *
server_own_alert_find(const char *kind, const char *service)
{
	int i = find_alert("jhd", kind, service ? service : "", 1);

	return i < srv.nalerts ? &srv.alerts[i] : NULL;
}

void
server_unserved_alerts(long long now)
{
	const struct queue *q = &srv.q;
	char served[HALL_MAX_SERVICES], msg[160];
	int waiting[HALL_MAX_SERVICES] = { 0 }, any = 0;

	queue_served(q, now, served);
	for (int s = 0; s < q->conf.nsvc; s++)
		any |= !served[s];
	/* tickets waiting for a service (not those transferred to one window): counted again
	 * only after a change other than takes (a scan of every live ticket: a good part of a
	 * busy turn), and only while some service has no window */
	if (any && !srv.uc_valid) {
		memset(srv.uc, 0, sizeof srv.uc);
		for (int i = 0; i < q->nt; i++) {
			const struct ticket *t = &q->t[i];

			if (t->state == TS_WAITING && t->pin < 0 && t->svc >= 0 &&
			    t->svc < q->conf.nsvc)
				srv.uc[t->svc]++;
		}
		srv.uc_valid = 1;
	}
	for (int s = 0; any && s < q->conf.nsvc; s++)
		waiting[s] = served[s] ? 0 : srv.uc[s];
	for (int s = 0; s < q->conf.nsvc; s++) {
		const char *code = q->conf.svc[s].code;
		const struct alert *a = server_own_alert_find("unserved", code);

		if (waiting[s] > 0) {
			snprintf(msg, sizeof msg, "%d waiting for %s, no open window serves %s",
			    waiting[s], code, code);
			if (!a || strcmp(a->message, msg) != 0)
				server_own_alert("unserved", code, msg, now, 0);
		} else if (a) {
			snprintf(msg, sizeof msg, served[s] ? "an open window serves %s again" :
			    "nobody waits for %s", code);
			server_own_alert("unserved", code, msg, now, 1);
		}
	}
	/* those of services an import removed */
	for (int i = 0; i < srv.nalerts; i++) {
		const struct alert *a = &srv.alerts[i];

		if (a->own && strcmp(a->kind, "unserved") == 0 &&
		    hallconf_service(&q->conf, a->service) < 0) {
			char code[HALL_CODE_LEN];

			snprintf(code, sizeof code, "%s", a->service);
			snprintf(msg, sizeof msg, "service %s is no longer offered", code);
			server_own_alert("unserved", code, msg, now, 1);
			i = -1;		/* the list moved: from the start again */
		}
	}
}
