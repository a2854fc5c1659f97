/* ops_queue.c — the ops that move tickets: take, call_next, recall, finish, no_show,
 * transfer. Each validates first, then writes the store and the queue together. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "clock.h"
#include "fault.h"
#include "log.h"
#include "server.h"
#include "store.h"

static int
save(struct req *r, const struct ticket *t, const char *what, int w, const char *detail)
{
	if (store_ticket_update(srv.store, &srv.q, t) < 0 ||
	    store_event(srv.store, &srv.q, r->now, t, what, r->ss->who, w, detail) < 0)
		return req_error(r, ERR_INTERNAL, "the database refused the change");
	return 0;
}

/* -1 with the error closed when the hall enforces its hours and is closed now, else 0. */
static int
hours_check(struct req *r)
{
	const struct queue *q = &srv.q;
	int m = clock_minute_of_day(r->now);

	if (q->conf.enforce_hours && (m < q->conf.open_min || m >= q->conf.close_min))
		return req_error(r, ERR_CLOSED, "the hall is open %02d:%02d-%02d:%02d",
		    q->conf.open_min / 60, q->conf.open_min % 60, q->conf.close_min / 60,
		    q->conf.close_min % 60);
	return 0;
}

int
server_issue(struct req *r, struct ticket *t, const char *detail)
{
	struct queue *q = &srv.q;
	int s = t->svc;

	if (hours_check(r) < 0)
		return -1;
	t->state = TS_WAITING;
	t->issued_at = r->now;
	t->window = t->pin = -1;
	t->eta_given = -1;
	snprintf(t->day, sizeof t->day, "%s", q->day);
	queue_format_code(&q->conf.svc[s], q->svc[s].seq + 1, t->code, sizeof t->code);
	if (store_ticket_insert(srv.store, q, t) < 0 ||
	    store_event(srv.store, q, r->now, t, "take", r->ss->who, -1, detail) < 0)
		return req_error(r, ERR_INTERNAL, "the database refused the ticket");
	if (queue_add(q, t) < 0)
		return req_error(r, ERR_INTERNAL, "out of memory");
	q->svc[s].seq++;
	if (srv.uc_valid)
		srv.uc[s]++;
	server_ticket_changed(t);
	return 0;
}

int
op_take(struct req *r)
{
	struct queue *q = &srv.q;
	const char *svc, *prio, *applicant, *channel;
	char served[HALL_MAX_SERVICES];
	struct ticket t;
	int s, lane = LANE_NORMAL, ap = AP_INDIVIDUAL, ch = CH_WALK_IN;

	if (req_str(r, "service", 1, &svc) < 0 || req_str(r, "priority", 0, &prio) < 0 ||
	    req_str(r, "applicant", 0, &applicant) < 0 || req_str(r, "channel", 0, &channel) < 0)
		return -1;
	if ((s = hallconf_service(&q->conf, svc)) < 0)
		return req_error(r, ERR_NOT_FOUND, "no service '%s'", svc);
	if (prio && (lane = sched_lane_parse(prio)) < 0)
		return req_error(r, ERR_BAD_REQUEST, "unknown priority '%s' (normal, appointment, "
		    "prereviewed, elderly, disabled, green)", prio);
	if (applicant && (ap = queue_applicant_parse(applicant)) < 0)
		return req_error(r, ERR_BAD_REQUEST, "applicant is individual or enterprise");
	if (channel && (ch = queue_channel_parse(channel)) < 0)
		return req_error(r, ERR_BAD_REQUEST, "channel is walk_in or appointment");
	/* a service no open (or paused) window serves: refused, or issued with the notice */
	queue_served(q, r->now, served);
	if (!served[s] && q->conf.unserved_refuse) {
		if (hours_check(r) < 0)
			return -1;	/* closed says more */
		return req_error(r, ERR_NOT_SERVED, "no open window serves service %s",
		    q->conf.svc[s].code);
	}
	memset(&t, 0, sizeof t);
	t.svc = s;
	t.lane = lane;
	t.applicant = ap;
	t.channel = ch;
	if (server_issue(r, &t, NULL) < 0)
		return -1;
	server_forecast_taken(r, t.id);
	log_info("ticket %s taken by %s%s", t.code, r->ss->who,
	    served[s] ? "" : " (no open window serves it)");
	json_object_set_new(r->ans, "ticket", server_ticket_json(&t));
	if (!served[s])
		json_object_set_new(r->ans, "no_window", json_true());
	return 0;
}

/* The window's called ticket, or NULL with a conflict error. */
static struct ticket *
current(struct req *r, int w)
{
	struct ticket *t = srv.q.win[w].current ? queue_find(&srv.q, srv.q.win[w].current) : NULL;

	if (!t)
		req_error(r, ERR_CONFLICT, "window %s has no called ticket", srv.q.conf.win[w].name);
	return t;
}

/* The op's answer is the ticket t, and those who watch it hear of its change. */
static void
answer_ticket(struct req *r, const struct ticket *t)
{
	json_object_set_new(r->ans, "ticket", server_ticket_json(t));
	server_ticket_changed(t);
}

static void
call_event(const struct ticket *t, int w)
{
	server_event(TOPIC_CALLS, json_pack("{s:s, s:o, s:s, s:i}", "event", "call", "ticket",
	    server_ticket_json(t), "window", srv.q.conf.win[w].name, "recall", t->recalls));
}

int
op_call_next(struct req *r)
{
	struct queue *q = &srv.q;
	struct ticket *t;
	char eta[64] = "";
	int w, i;

	if ((w = req_window(r)) < 0)
		return -1;
	if (q->win[w].state == WS_CLOSED)
		return req_error(r, ERR_CLOSED, "window %s is closed", q->conf.win[w].name);
	if (q->win[w].state == WS_PAUSED)
		return req_error(r, ERR_CONFLICT, "window %s is paused", q->conf.win[w].name);
	if (q->win[w].current && queue_find(q, q->win[w].current))
		return req_error(r, ERR_CONFLICT, "window %s is still serving %s: finish it first",
		    q->conf.win[w].name, queue_find(q, q->win[w].current)->code);
	if ((i = queue_pick(q, w, r->now)) < 0) {
		json_object_set_new(r->ans, "ticket", json_null());
		return 0;
	}
	if (q->conf.policy.max_overtake > 0) {
		/* the tickets it passes count it (max_overtake), saved with the call */
		int *changed = jh_malloc((size_t)q->nt * sizeof *changed), n;

		if (!changed || (n = queue_note_call(q, w, i, r->now, changed)) < 0) {
			free(changed);
			return req_error(r, ERR_INTERNAL, "out of memory");
		}
		for (int k = 0; k < n; k++)
			if (store_ticket_passed(srv.store, &q->t[changed[k]]) < 0) {
				free(changed);
				return req_error(r, ERR_INTERNAL, "the database refused the change");
			}
		free(changed);
	}
	t = &q->t[i];
	t->state = TS_CALLED;
	t->window = w;
	t->pin = -1;
	t->called_at = r->now;
	t->recalls = 0;
	/* the ETA the citizen was given, for the statistics' ETA error (first call only) */
	if (t->eta_given > 0) {
		snprintf(eta, sizeof eta, "eta %d range %d %d", t->eta_given - 1,
		    t->eta_lo_given, t->eta_hi_given);
		queue_note_range(q, t->lane, t->eta_given - 1, (int)(r->now - t->issued_at),
		    t->issued_at);
	}
	t->eta_given = 0;
	if (save(r, t, "call", w, eta[0] ? eta : NULL) < 0)
		return -1;
	q->win[w].current = t->id;
	log_info("window %s calls %s", q->conf.win[w].name, t->code);
	json_object_set_new(r->ans, "ticket", server_ticket_json(t));
	call_event(t, w);
	server_ticket_changed(t);
	server_window_changed(w);
	return 0;
}

int
op_recall(struct req *r)
{
	struct ticket *t;
	int w;

	if ((w = req_window(r)) < 0 || !(t = current(r, w)))
		return -1;
	t->recalls++;
	if (save(r, t, "recall", w, NULL) < 0)
		return -1;
	json_object_set_new(r->ans, "ticket", server_ticket_json(t));
	call_event(t, w);
	server_ticket_changed(t);
	return 0;
}

static int
end_ticket(struct req *r, int state, const char *what)
{
	struct queue *q = &srv.q;
	struct ticket *t;
	int w;

	if ((w = req_window(r)) < 0 || !(t = current(r, w)))
		return -1;
	t->state = state;
	t->finished_at = r->now;
	if (save(r, t, what, w, NULL) < 0)
		return -1;
	q->win[w].current = 0;
	if (state == TS_DONE) {
		q->win[w].served_today++;
		queue_record_handle(q, w, t->svc, (double)(r->now - t->called_at));
	}
	log_info("window %s: %s %s", q->conf.win[w].name, t->code, what);
	answer_ticket(r, t);
	queue_remove(q, t->id);
	server_window_changed(w);
	return 0;
}

int
op_finish(struct req *r)
{
	return end_ticket(r, TS_DONE, "finish");
}

int
op_no_show(struct req *r)
{
	return end_ticket(r, TS_NO_SHOW, "no_show");
}

/* transfer naming a waiting ticket (code or ticket_id, no window): it waits on, under the
 * new service or for the named window only, keeping its issue time and so its place in time.
 * Supervisors and admins only: a clerk moves nothing but the ticket at their window. */
static int
move_waiting(struct req *r, struct ticket *t, int s, int tw)
{
	struct queue *q = &srv.q;
	char detail[96], target[48], before[48], after[48];
	int from = t->svc;

	if (t->state != TS_WAITING)
		return req_error(r, ERR_CONFLICT, "ticket %s is %s, not waiting", t->code,
		    queue_state_name(t->state));
	if (r->ss->role == ROLE_CLERK)
		return req_error(r, ERR_FORBIDDEN, "a clerk transfers only the ticket called at "
		    "their window; ask a supervisor to move %s", t->code);
	if ((s >= 0 && s == t->svc && t->pin < 0) || (tw >= 0 && tw == t->pin))
		return req_error(r, ERR_CONFLICT, "ticket %s already waits there", t->code);
	snprintf(detail, sizeof detail, "waiting: from %s %s to %s %s",
	    t->pin >= 0 ? "window" : "service",
	    t->pin >= 0 ? q->conf.win[t->pin].name : q->conf.svc[from].code,
	    s >= 0 ? "service" : "window", s >= 0 ? q->conf.svc[s].code : q->conf.win[tw].name);
	snprintf(target, sizeof target, "ticket %s", t->code);
	snprintf(before, sizeof before, "waiting for %s %s", t->pin >= 0 ? "window" : "service",
	    t->pin >= 0 ? q->conf.win[t->pin].name : q->conf.svc[from].code);
	snprintf(after, sizeof after, "waiting for %s %s", s >= 0 ? "service" : "window",
	    s >= 0 ? q->conf.svc[s].code : q->conf.win[tw].name);
	if (s >= 0) {
		t->svc = s;
		t->pin = -1;
	} else
		t->pin = tw;
	if (save(r, t, "move", tw, detail) < 0 || server_audit(r, "move", target, before,
	    after) < 0)
		return -1;
	log_info("ticket %s moved by %s (%s)", t->code, r->ss->who, detail);
	answer_ticket(r, t);
	return 0;
}

int
op_transfer(struct req *r)
{
	struct queue *q = &srv.q;
	const char *to_svc, *to_win, *code, *wname;
	struct ticket *t;
	int w, s = -1, tw = -1, has_id;
	long long tid = 0;
	char detail[64];

	if (req_str(r, "to_service", 0, &to_svc) < 0 || req_str(r, "to_window", 0, &to_win) < 0 ||
	    req_str(r, "code", 0, &code) < 0 || req_int(r, "ticket_id", 0, &tid, &has_id) < 0 ||
	    req_str(r, "window", 0, &wname) < 0)
		return -1;
	if (!to_svc == !to_win)
		return req_error(r, ERR_BAD_REQUEST, "give either to_service or to_window");
	if (to_svc && (s = hallconf_service(&q->conf, to_svc)) < 0)
		return req_error(r, ERR_NOT_FOUND, "no service '%s'", to_svc);
	if (to_win && (tw = hallconf_window(&q->conf, to_win)) < 0)
		return req_error(r, ERR_NOT_FOUND, "no window '%s'", to_win);
	if (!wname && (code || has_id)) {
		/* a ticket named by code or id: waiting (moved), or the clerk's own current */
		t = code ? queue_find_code(q, code) : queue_find(q, tid);
		if (!t)
			return req_error(r, ERR_NOT_FOUND, "no waiting or called ticket %s today",
			    code ? code : "with that id");
		if (t->state != TS_CALLED || t->window < 0)
			return move_waiting(r, t, s, tw);
		if (r->ss->role == ROLE_CLERK && strcmp(r->ss->window,
		    q->conf.win[t->window].name) != 0)
			return req_error(r, ERR_FORBIDDEN, "ticket %s is at window %s, not yours",
			    t->code, q->conf.win[t->window].name);
		w = t->window;
	} else if ((w = req_window(r)) < 0)
		return -1;
	if (!(t = current(r, w)))
		return -1;
	/* first leg: leaves this window */
	snprintf(detail, sizeof detail, "to %s %s", to_svc ? "service" : "window",
	    to_svc ? to_svc : to_win);
	t->state = TS_TRANSFERRED;
	t->finished_at = r->now;
	if (save(r, t, "transfer", w, detail) < 0)
		return -1;
	if (r->ss->role != ROLE_CLERK) {
		char target[48], before[48];

		snprintf(target, sizeof target, "ticket %s", t->code);
		snprintf(before, sizeof before, "called at window %s", q->conf.win[w].name);
		if (server_audit(r, "transfer", target, before, detail) < 0)
			return -1;
	}
	server_ticket_changed(t);
	/* second leg: waits again, keeping its original issue time */
	if (s >= 0)
		t->svc = s;
	t->pin = tw;
	t->state = TS_WAITING;
	t->window = -1;
	t->called_at = 0;
	t->finished_at = 0;
	t->recalls = 0;
	t->passed = 0;		/* it was called: a new wait, counted afresh */
	snprintf(detail, sizeof detail, "from window %s", q->conf.win[w].name);
	if (save(r, t, "requeue", tw, detail) < 0)
		return -1;
	q->win[w].current = 0;
	log_info("window %s transfers %s to %s %s", q->conf.win[w].name, t->code,
	    to_svc ? "service" : "window", to_svc ? to_svc : to_win);
	answer_ticket(r, t);
	server_window_changed(w);
	return 0;
}
