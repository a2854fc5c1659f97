/* ops_window.c — the ops that change windows: open, pause, resume, close, assign. */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "log.h"
#include "server.h"
#include "store.h"

/* Move window w to state `to` when it is in one of the states of `from` (a bit mask). */
static int
transition(struct req *r, unsigned from, int to, const char *what)
{
	struct queue *q = &srv.q;
	int w;

	if ((w = req_window(r)) < 0)
		return -1;
	if (q->win[w].state != to) {
		if (!(from & (1u << q->win[w].state)))
			return req_error(r, ERR_CONFLICT, "window %s is %s: cannot %s",
			    q->conf.win[w].name, queue_window_state_name(q->win[w].state), what);
		if (to == WS_CLOSED && q->win[w].current && queue_find(q, q->win[w].current))
			return req_error(r, ERR_CONFLICT, "window %s is still serving %s: finish it "
			    "first", q->conf.win[w].name, queue_find(q, q->win[w].current)->code);
		char target[48];

		if (store_window_state(srv.store, q->conf.win[w].name, to) < 0 ||
		    store_event(srv.store, q, r->now, NULL, what, r->ss->who, w, NULL) < 0)
			return req_error(r, ERR_INTERNAL, "the database refused the change");
		/* a clerk's own window is the clerk's business (ticket_events); a supervisor's
		 * or an admin's hand on it goes into the audit trail */
		snprintf(target, sizeof target, "window %s", q->conf.win[w].name);
		if (r->ss->role != ROLE_CLERK && server_audit(r, what, target,
		    queue_window_state_name(q->win[w].state), queue_window_state_name(to)) < 0)
			return -1;
		q->win[w].state = to;
		log_info("window %s: %s by %s", q->conf.win[w].name, what, r->ss->who);
		server_window_changed(w);
	}
	json_object_set_new(r->ans, "window", server_window_json(w));
	return 0;
}

int
op_open(struct req *r)
{
	return transition(r, 1u << WS_CLOSED | 1u << WS_PAUSED, WS_OPEN, "open");
}

int
op_pause(struct req *r)
{
	return transition(r, 1u << WS_OPEN, WS_PAUSED, "pause");
}

int
op_resume(struct req *r)
{
	return transition(r, 1u << WS_PAUSED, WS_OPEN, "resume");
}

int
op_close(struct req *r)
{
	return transition(r, 1u << WS_OPEN | 1u << WS_PAUSED, WS_CLOSED, "close");
}

/* Parse a list of service codes ("B" or "B:backup") into duties. */
static int
duties(struct req *r, const char *key, int backup, struct hall_window *hw)
{
	json_t *a = json_object_get(r->msg, key), *v;
	size_t i;

	if (!a || json_is_null(a))
		return 0;
	if (!json_is_array(a))
		return req_error(r, ERR_BAD_REQUEST, "%s must be an array of service codes", key);
	json_array_foreach(a, i, v) {
		char code[HALL_CODE_LEN + 16], *colon;
		int s, b = backup;

		if (!json_is_string(v) || json_string_length(v) >= sizeof code)
			return req_error(r, ERR_BAD_REQUEST, "%s must be an array of service codes",
			    key);
		snprintf(code, sizeof code, "%s", json_string_value(v));
		if ((colon = strchr(code, ':'))) {
			*colon++ = '\0';
			if (strcmp(colon, "backup") == 0)
				b = 1;
			else if (strcmp(colon, "primary") == 0)
				b = 0;
			else
				return req_error(r, ERR_BAD_REQUEST, "role '%s': primary or backup",
				    colon);
		}
		if ((s = hallconf_service(&srv.q.conf, code)) < 0)
			return req_error(r, ERR_NOT_FOUND, "no service '%s'", code);
		for (int k = 0; k < hw->nduty; k++)
			if (hw->duty[k].service == s)
				return req_error(r, ERR_BAD_REQUEST, "service %s listed twice", code);
		if (hw->nduty == HALL_MAX_DUTIES)
			return req_error(r, ERR_LIMIT_REACHED, "at most %d services a window",
			    HALL_MAX_DUTIES);
		hw->duty[hw->nduty].service = s;
		hw->duty[hw->nduty].backup = b;
		hw->nduty++;
	}
	return 0;
}

/* "A,B:backup": a window's duties as assign's detail. */
static void
duty_text(const struct hall_conf *h, const struct hall_window *hw, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int k = 0; k < hw->nduty && n < size; k++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s%s", k ? "," : "",
		    h->svc[hw->duty[k].service].code, hw->duty[k].backup ? ":backup" : "");
}

int
op_assign(struct req *r)
{
	struct queue *q = &srv.q;
	struct hall_window nw;
	char detail[512], before[512], target[48];
	int w;

	if ((w = req_window(r)) < 0)
		return -1;
	if (!json_is_array(json_object_get(r->msg, "services")))
		return req_error(r, ERR_BAD_REQUEST, "services must be an array of service codes");
	nw = q->conf.win[w];
	nw.nduty = 0;
	if (duties(r, "services", 0, &nw) < 0 || duties(r, "backup", 1, &nw) < 0)
		return -1;
	duty_text(&q->conf, &q->conf.win[w], before, sizeof before);
	q->conf.win[w] = nw;
	duty_text(&q->conf, &nw, detail, sizeof detail);
	if (store_save_conf(srv.store, &q->conf, NULL) < 0 ||
	    store_event(srv.store, q, r->now, NULL, "assign", r->ss->who, w, detail) < 0)
		return req_error(r, ERR_INTERNAL, "the database refused the change");
	snprintf(target, sizeof target, "window %s", q->conf.win[w].name);
	if (server_audit(r, "assign", target, before[0] ? before : "(none)",
	    detail[0] ? detail : "(none)") < 0)
		return -1;
	log_info("window %s assigned %s by %s", q->conf.win[w].name, detail, r->ss->who);
	server_balance_assigned(r->now, w);
	json_object_set_new(r->ans, "window", server_window_json(w));
	server_window_changed(w);
	return 0;
}
