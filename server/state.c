/* state.c — the server's state kept in step: window objects, change events, the business-day
 * roll-over, and reloading everything from the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "server.h"
#include "store.h"

json_t *
server_window_json(int w)
{
	const struct queue *q = &srv.q;
	const struct hall_window *hw = &q->conf.win[w];
	const struct qwin *qw = &q->win[w];
	json_t *svcs = json_array(), *duties = json_array(), *cur = json_null(), *o;

	for (int i = 0; i < hw->nduty; i++) {
		const char *code = q->conf.svc[hw->duty[i].service].code;

		json_array_append_new(svcs, json_string(code));
		json_array_append_new(duties, json_pack("{s:s, s:s}", "service", code, "role",
		    hw->duty[i].backup ? "backup" : "primary"));
	}
	if (qw->current) {
		/* (a binary search: status builds every window's, and the queue may be long) */
		const struct ticket *t = queue_find((struct queue *)q, qw->current);

		if (t) {
			json_decref(cur);
			cur = server_ticket_json(t);
		}
	}
	o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:i, s:i}", "name", hw->name,
	    "label", hw->label, "state", queue_window_state_name(qw->state), "services", svcs,
	    "duties", duties, "clerk", qw->clerk[0] ? json_string(qw->clerk) : json_null(),
	    "current", cur, "served_today", qw->served_today,
	    "avg_handle_s", (int)(qw->avg_handle_s + 0.5));
	return o ? o : json_null();
}

void
server_ticket_changed(const struct ticket *t)
{
	server_status_stale();
	if (!server_subscribed(TOPIC_TICKETS))
		return;
	server_event(TOPIC_TICKETS, json_pack("{s:s, s:o}", "event", "ticket", "ticket",
	    server_ticket_json(t)));
}

void
server_window_changed(int w)
{
	server_status_stale();
	if (!server_subscribed(TOPIC_WINDOWS))
		return;
	server_event(TOPIC_WINDOWS, json_pack("{s:s, s:o}", "event", "window", "window",
	    server_window_json(w)));
}

/* "+3h25m10s" */
static void
step_text(long long s, char *buf, size_t size)
{
	long long a = s < 0 ? -s : s;

	snprintf(buf, size, "%c%lldh%02lldm%02llds", s < 0 ? '-' : '+', a / 3600, a / 60 % 60,
	    a % 60);
}

int
server_clock_trusted(long long now)
{
	struct clock_guard *g = &srv.clock_guard;
	char step[40], was[40], is[40], msg[400];
	long long expect;
	int rc;

	if (clock_is_test() || srv.clock_step_max <= 0)
		return 1;
	rc = clock_guard_observe(g, now, clock_mono_ms(), srv.clock_step_max);
	if (rc == CLOCK_TRUSTED)
		return 1;
	if (rc == CLOCK_SUSPECT)
		return 0;
	expect = now - g->step;
	clock_iso(expect, was, sizeof was);
	clock_iso(now, is, sizeof is);
	if (rc == CLOCK_BACK) {
		log_warn("the clock agrees with the monotonic clock again (%s): roll-over and "
		    "no-show sweeps resume", is);
		server_own_alert("clock_step", NULL, "the clock is back in step", now, 1);
		server_audit_session(NULL, now, "clock_back", "system clock", NULL, is);
		return 1;
	}
	step_text(g->step, step, sizeof step);
	snprintf(msg, sizeof msg, "the clock stepped %.20s (%.32s, due %.32s): roll-over and "
	    "no-show sweeps wait until it is back or confirmed (jhctl clock confirm)", step, is,
	    was);
	log_warn("%s", msg);
	server_own_alert("clock_step", NULL, msg, now, 0);
	server_audit_session(NULL, now, "clock_step", "system clock", was, is);
	return 0;
}

int
op_clock_confirm(struct req *r)
{
	struct clock_guard *g = &srv.clock_guard;
	char step[40], before[64], now[40];
	long long by = g->step;

	if (clock_is_test() || !g->suspect)
		return req_error(r, "conflict", "the clock has not stepped: nothing to confirm");
	step_text(g->step, step, sizeof step);
	snprintf(before, sizeof before, "stepped %s", step);
	clock_iso(r->now, now, sizeof now);
	if (server_audit(r, "clock_confirm", "system clock", before, now) < 0)
		return -1;
	clock_guard_trust(g, r->now, clock_mono_ms());
	server_own_alert("clock_step", NULL, "the clock's step was confirmed", r->now, 1);
	log_warn("clock step %s confirmed by %s: the clock is trusted at %s", step, r->ss->who,
	    now);
	/* what waited for the clock: done now, in this turn */
	server_day_check(r->now);
	appt_server_tick(r->now);
	json_object_set_new(r->ans, "now", json_string(now));
	json_object_set_new(r->ans, "step_s", json_integer(by));
	return 0;
}

void
server_day_check(long long now)
{
	struct queue *q = &srv.q;
	char day[16];
	int ncancel = 0;

	/* a clock stepped back over midnight is not a new day, nor one stepped forward */
	if (!server_clock_trusted(now))
		return;
	clock_day(now, day, sizeof day);
	if (strcmp(day, q->day) == 0)
		return;
	if (server_begin() < 0)
		return;		/* tried again at the next write or tick */
	srv.uc_valid = 0;
	for (int i = 0; i < q->nt;) {
		struct ticket *t = &q->t[i];

		if (t->state != TS_WAITING || strcmp(t->day, day) == 0) {
			i++;
			continue;
		}
		t->state = TS_CANCELLED;
		t->finished_at = now;
		if (store_ticket_update(srv.store, q, t) < 0 ||
		    store_event(srv.store, q, now, t, "cancel", "jhd", -1, "day roll-over") < 0) {
			srv.tx_failed = 1;
			return;
		}
		server_ticket_changed(t);
		queue_remove(q, t->id);
		ncancel++;
	}
	server_forecast_stale();
	if (q->day[0])
		log_info("day roll-over %s -> %s: %d waiting tickets cancelled", q->day, day,
		    ncancel);
	snprintf(q->day, sizeof q->day, "%.10s", day);
	for (int s = 0; s < q->conf.nsvc; s++)
		q->svc[s].seq = store_max_seq(srv.store, day, q->conf.svc[s].code);
	for (int w = 0; w < q->conf.nwin; w++)
		q->win[w].served_today = 0;
	if (store_meta_set(srv.store, "day", day) < 0)
		srv.tx_failed = 1;
}

void
server_unserved_alerts(long long now)
{
	const struct queue *q = &srv.q;
	char served[HALL_MAX_SERVICES], msg[160];
	int waiting[HALL_MAX_SERVICES] = { 0 }, any = 0;

	queue_served(q, served);
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

int
server_reload(void)
{
	static struct hall_conf h;	/* large: not on the stack */
	static char clerks[HALL_MAX_WINDOWS][40], names[HALL_MAX_WINDOWS][HALL_CODE_LEN];
	int rc, nclerk = 0, ngiven = 0;
	char day[16] = "";
	/* the ETAs tickets were given live in memory only: carried over to the reloaded queue
	 * (a re-import, a turn that could not be saved) by ticket id */
	struct given { long long id; int eta_given; } *given = NULL;

	for (int w = 0; w < srv.q.conf.nwin; w++)
		if (srv.q.win[w].clerk[0]) {
			snprintf(clerks[nclerk], sizeof clerks[0], "%s", srv.q.win[w].clerk);
			snprintf(names[nclerk], sizeof names[0], "%s", srv.q.conf.win[w].name);
			nclerk++;
		}
	if ((rc = store_load_conf(srv.store, &h)) < 0)
		return -1;
	srv.conf_loaded = rc;
	if (srv.q.nt > 0 && (given = malloc((size_t)srv.q.nt * sizeof *given)) != NULL)
		for (int i = 0; i < srv.q.nt; i++)
			if (srv.q.t[i].eta_given > 0) {
				given[ngiven].id = srv.q.t[i].id;
				given[ngiven++].eta_given = srv.q.t[i].eta_given;
			}
	queue_free(&srv.q);
	queue_init(&srv.q, &h);
	srv.fc_stale = 1;
	srv.unserved_dirty = 1;
	srv.uc_valid = 0;
	clock_set_tz(h.tz);
	if (appt_server_load() < 0)
		return -1;
	for (int i = 0; i < nclerk; i++) {
		int w = hallconf_window(&h, names[i]);

		if (w >= 0)
			snprintf(srv.q.win[w].clerk, sizeof srv.q.win[w].clerk, "%.39s", clerks[i]);
	}
	/* the business day the stored counters belong to; the roll-over check moves it on */
	if (store_meta_get(srv.store, "day", day, sizeof day) <= 0)
		clock_day(clock_now(), day, sizeof day);
	snprintf(srv.q.day, sizeof srv.q.day, "%.10s", day);
	if (store_load_window_states(srv.store, &srv.q) < 0 || store_load_live(srv.store,
	    &srv.q) < 0) {
		free(given);
		return -1;
	}
	for (int i = 0; i < ngiven; i++) {
		struct ticket *t = queue_find(&srv.q, given[i].id);

		if (t != NULL)
			t->eta_given = given[i].eta_given;
	}
	free(given);
	return 0;
}
