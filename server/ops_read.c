/* ops_read.c — ops that read or touch no durable state: hello, ping, services, status,
 * ticket, subscribe, alert. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "authq.h"
#include "clock.h"
#include "district.h"
#include "eta.h"
#include "fault.h"
#include "log.h"
#include "net.h"
#include "sched_balance.h"
#include "server.h"
#include "store.h"
#include "throttle.h"
#include "utf8.h"

static const int role_rank[ROLE_COUNT] = {
	[ROLE_CLERK] = 1, [ROLE_SUPERVISOR] = 2, [ROLE_ADMIN] = 3,
};

int
op_ping(struct req *r)
{
	char now[40];

	json_object_set_new(r->ans, "now", json_string(clock_iso(r->now, now, sizeof now)));
	return 0;
}

/* The sign-in locks (throttle.h) as jhd's alert signin_locked for the supervisors: raised or
 * updated when a lock starts, cleared by server_signin_locks_tick once none is left. */
static void
signin_alert(long long now)
{
	char list[200], msg[256];
	int n = throttle_active(now, list, sizeof list);

	if (n > 0) {
		snprintf(msg, sizeof msg, "sign-ins refused for %d min after %d failures: %s",
		    THROTTLE_WINDOW_S / 60, THROTTLE_FAILS, list);
		server_own_alert("signin_locked", NULL, msg, now, 0);
	} else if (server_own_alert_find("signin_locked", NULL)) {
		server_own_alert("signin_locked", NULL, "no sign-in is locked any more", now, 1);
	}
}

void
server_signin_locks_tick(long long now)
{
	if (server_own_alert_find("signin_locked", NULL) && throttle_active(now, NULL, 0) == 0)
		signin_alert(now);
}

/* The client's address for the sign-in lines of the log ("from 127.0.0.1"). */
static const char *
peer_text(struct req *r)
{
	return net_conn_is_unix(r->ss->conn) ? "the Unix socket" : net_conn_peer(r->ss->conn);
}

/* The address a sign-in counts against: the TCP peer's, but none for the Unix socket and
 * none for jhweb's (--web-addr): every browser's sign-in comes from there, and jhweb
 * throttles each browser's own address (user names are still locked). */
static const char *
signin_addr(struct req *r)
{
	const char *addr;

	if (net_conn_is_unix(r->ss->conn))
		return NULL;
	addr = net_conn_peer(r->ss->conn);
	return srv.web_addr[0] && strcmp(addr, srv.web_addr) == 0 ? NULL : addr;
}

/* A hello for user (from the connection's address on TCP) while either is locked: refused
 * with limit_reached, -1; else 0. */
static int
signin_locked(struct req *r, const char *user)
{
	const char *addr = signin_addr(r);
	long long lu = throttle_locked(TH_USER, user, r->now);
	long long la = addr ? throttle_locked(TH_ADDR, addr, r->now) : 0;
	long long left = lu > la ? lu : la;

	if (left == 0)
		return 0;
	log_debug("conn %u from %s: hello for user %s refused: %s locked for %lld s", r->ss->id,
	    peer_text(r), user, lu >= la ? "the user is" : "the address is", left);
	return req_error(r, ERR_LIMIT_REACHED, "too many failed sign-ins; try again in %lld s",
	    left);
}

/* A refused password: count it against the user and the address; a lock starting now is
 * logged and raised as an alert. */
static void
signin_failed(struct req *r, const char *user)
{
	const char *addr = signin_addr(r);
	int locked = 0;

	if (throttle_fail(TH_USER, user, r->now)) {
		log_warn("user %s: %d failed sign-ins in %d min: locked for %d s", user,
		    THROTTLE_FAILS, THROTTLE_WINDOW_S / 60, THROTTLE_WINDOW_S);
		locked = 1;
	}
	if (addr && throttle_fail(TH_ADDR, addr, r->now)) {
		log_warn("address %s: %d failed sign-ins in %d min: locked for %d s", addr,
		    THROTTLE_FAILS, THROTTLE_WINDOW_S / 60, THROTTLE_WINDOW_S);
		locked = 1;
	}
	if (locked)
		signin_alert(r->now);
}

static int
hello_person(struct req *r, int role)
{
	const char *user, *pw, *window;
	char stored_role[32], hash[AUTH_HASH_LEN];
	int sr, w = -1, found, takeover = 0, rc;
	struct session *o;

	if (req_str(r, "user", 1, &user) < 0 || req_str(r, "password", 1, &pw) < 0 ||
	    req_str(r, "window", 0, &window) < 0 || req_bool(r, "takeover", &takeover) < 0)
		return -1;
	/* before any hashing, so that a locked hello costs nothing; and again once the password
	 * is checked, for a check queued before the lock began */
	if (signin_locked(r, user) < 0)
		return -1;
	found = store_cred_get(srv.store, 0, user, stored_role, sizeof stored_role, hash,
	    sizeof hash);
	if (found < 0)
		return req_error(r, ERR_INTERNAL, "cannot read users");
	/* the check itself in the worker thread (authq.h); this op runs again with its result,
	 * which counts only for the hash it was checked against. An unknown user goes through
	 * the same check (against a stand-in), so that its refusal tells nothing by its timing. */
	if (r->pw == NULL && authq_submit(r->ss->id, r->msg, found ? hash : "", pw) == 0)
		return REQ_DEFER;
	if (!found || !(r->pw ? r->pw->ok && strcmp(r->pw->hash, hash) == 0 :
	    auth_check_password(hash, pw))) {
		log_info("conn %u from %s: hello refused for user %s", r->ss->id, peer_text(r),
		    user);
		signin_failed(r, user);
		return req_error(r, ERR_UNAUTHENTICATED, "wrong user name or password");
	}
	throttle_reset(TH_USER, user);
	/* (after the password: that the name exists tells a guesser nothing) */
	if ((rc = store_cred_disabled(srv.store, 0, user)) != 0) {
		if (rc < 0)
			return req_error(r, ERR_INTERNAL, "cannot read users");
		log_info("conn %u from %s: hello refused for user %s: disabled", r->ss->id,
		    peer_text(r), user);
		return req_error(r, ERR_UNAUTHENTICATED, "user %s is disabled", user);
	}
	sr = auth_role_parse(stored_role);
	if (sr < 0 || !auth_role_is_person(sr) || role_rank[role] > role_rank[sr]) {
		log_info("conn %u from %s: hello refused for user %s: a %s may not sign in as %s",
		    r->ss->id, peer_text(r), user, stored_role, auth_role_name(role));
		return req_error(r, ERR_UNAUTHENTICATED, "user %s is a %s and may not sign in as %s",
		    user, stored_role, auth_role_name(role));
	}
	if (role == ROLE_CLERK && !window)
		return req_error(r, ERR_BAD_REQUEST, "a clerk names their window in hello");
	if (window && (w = hallconf_window(&srv.q.conf, window)) < 0)
		return req_error(r, ERR_NOT_FOUND, "no window '%s'", window);
	/* one clerk a window: another clerk's live session keeps it unless this one takes it
	 * over; the same user signing in again (a console restarted while its old connection
	 * lingers) takes it without asking. Supervisors and admins neither hold nor ask. */
	if (role == ROLE_CLERK && !takeover)
		for (o = srv.sessions; o; o = o->next)
			if (server_clerk_holds(o, window) && o != r->ss &&
			    strcmp(o->who, user) != 0) {
				r->eextra = json_pack("{s:s}", "held_by", o->who);
				return req_error(r, ERR_CONFLICT, "window %s is held by %s", window,
				    o->who);
			}
	if (role == ROLE_CLERK)
		for (o = srv.sessions; o; o = o->next)
			if (o != r->ss && server_clerk_holds(o, window))
				server_displace(o, user);
	/* signing in anew on this connection: it leaves the window it held before */
	if (r->ss->role == ROLE_CLERK && r->ss->window[0] &&
	    (role != ROLE_CLERK || strcmp(r->ss->window, window) != 0))
		server_clerk_leave(r->ss);
	r->ss->authed = 1;
	r->ss->role = role;
	snprintf(r->ss->who, sizeof r->ss->who, "%s", user);
	r->ss->window[0] = '\0';
	if (w >= 0) {
		snprintf(r->ss->window, sizeof r->ss->window, "%s", window);
		if (role == ROLE_CLERK) {
			snprintf(srv.q.win[w].clerk, sizeof srv.q.win[w].clerk, "%s", user);
			server_window_changed(w);
		}
		json_object_set_new(r->ans, "window", json_string(window));
	}
	json_object_set_new(r->ans, "user", json_string(user));
	log_info("conn %u from %s: %s %s signed in%s%s", r->ss->id, peer_text(r),
	    auth_role_name(role), user, w >= 0 ? " at window " : "", w >= 0 ? window : "");
	return 0;
}

static int
hello_device(struct req *r, int role)
{
	const char *device, *token;
	char stored_role[32], hash[AUTH_TOKEN_LEN + 8];
	int found;

	if (req_str(r, "device", 1, &device) < 0 || req_str(r, "token", 1, &token) < 0)
		return -1;
	found = store_cred_get(srv.store, 1, device, stored_role, sizeof stored_role, hash,
	    sizeof hash);
	if (found < 0)
		return req_error(r, ERR_INTERNAL, "cannot read devices");
	if (!found || !auth_check_token(hash, token) || auth_role_parse(stored_role) != role) {
		log_info("conn %u from %s: hello refused for device %s", r->ss->id, peer_text(r),
		    device);
		return req_error(r, ERR_UNAUTHENTICATED, "unknown device, wrong token or role");
	}
	if ((found = store_cred_disabled(srv.store, 1, device)) != 0) {
		if (found < 0)
			return req_error(r, ERR_INTERNAL, "cannot read devices");
		log_info("conn %u from %s: hello refused for device %s: its token is revoked",
		    r->ss->id, peer_text(r), device);
		return req_error(r, ERR_UNAUTHENTICATED, "device %s: its token is revoked", device);
	}
	r->ss->authed = 1;
	r->ss->role = role;
	snprintf(r->ss->who, sizeof r->ss->who, "%s", device);
	json_object_set_new(r->ans, "device", json_string(device));
	log_info("conn %u from %s: %s %s connected", r->ss->id, peer_text(r),
	    auth_role_name(role), device);
	return 0;
}

int
op_hello(struct req *r)
{
	const char *rolename;
	int role, rc;

	if (req_str(r, "role", 0, &rolename) < 0)
		return -1;
	if (!rolename || (net_conn_is_unix(r->ss->conn) && !json_object_get(r->msg, "user") &&
	    !json_object_get(r->msg, "device"))) {
		if (!net_conn_is_unix(r->ss->conn))
			return req_error(r, ERR_BAD_REQUEST, "missing field 'role'");
		r->ss->authed = 1;
		r->ss->role = ROLE_ADMIN;
		snprintf(r->ss->who, sizeof r->ss->who, "local");
		rc = 0;
	} else {
		if ((role = auth_role_parse(rolename)) < 0)
			return req_error(r, ERR_BAD_REQUEST, "unknown role '%s'", rolename);
		rc = auth_role_is_person(role) ? hello_person(r, role) : hello_device(r, role);
	}
	if (rc != 0)
		return rc;	/* refused, or REQ_DEFER: answered after the password check */
	json_object_set_new(r->ans, "role", json_string(auth_role_name(r->ss->role)));
	json_object_set_new(r->ans, "server", json_string(srv.version));
	json_object_set_new(r->ans, "proto", json_integer(1));
	json_object_set_new(r->ans, "hall", json_pack("{s:s}", "name", srv.q.conf.name));
	return 0;
}

int
op_services(struct req *r)
{
	const struct hall_conf *h = &srv.q.conf;
	json_t *svcs = json_array(), *depts = json_array();

	for (int i = 0; i < h->ndept; i++)
		json_array_append_new(depts, json_pack("{s:s, s:s}", "code", h->dept[i].code,
		    "name", h->dept[i].name));
	for (int s = 0; s < h->nsvc; s++) {
		json_t *flags = json_array(), *wins = json_array();
		int d = hallconf_dept(h, h->svc[s].dept);

		for (int b = 0; b < SVC_NFLAGS; b++)
			if (h->svc[s].flags & (1u << b))
				json_array_append_new(flags, json_string(hallconf_flag_name(b)));
		for (int w = 0; w < h->nwin; w++)
			for (int k = 0; k < h->win[w].nduty; k++)
				if (h->win[w].duty[k].service == s)
					json_array_append_new(wins, json_string(h->win[w].name));
		json_array_append_new(svcs, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o}",
		    "code", h->svc[s].code, "name", h->svc[s].name, "department", h->svc[s].dept,
		    "department_name", d >= 0 ? h->dept[d].name : "", "prefix", h->svc[s].prefix,
		    "flags", flags, "windows", wins));
	}
	json_object_set_new(r->ans, "services", svcs);
	json_object_set_new(r->ans, "departments", depts);
	json_object_set_new(r->ans, "hall", json_pack("{s:s, s:s}", "name", h->name,
	    "timezone", h->tz));
	return 0;
}

static json_t *
alerts_json(void)
{
	json_t *a = json_array();
	char when[40];

	for (int i = 0; i < srv.nalerts; i++) {
		const struct alert *al = &srv.alerts[i];
		json_t *o = json_pack("{s:s, s:s}", "source", al->source, "kind", al->kind);

		if (al->service[0])
			json_object_set_new(o, "service", json_string(al->service));
		json_object_set_new(o, "message", json_string(al->message));
		json_object_set_new(o, "at", json_string(clock_iso(al->at, when, sizeof when)));
		json_array_append_new(a, o);
	}
	return a;
}

/* How many waiting tickets status lists per service and per window ("next", "queue"). */
#define STATUS_NEXT 5

/* A waiting ticket as status lists it. */
static json_t *
next_json(const struct ticket *t, long long now)
{
	char when[40];

	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)t->id, "code",
	    t->code, "service", srv.q.conf.svc[t->svc].code, "priority", sched_lane_name(t->lane),
	    "issued_at", clock_iso(t->issued_at, when, sizeof when),
	    "waited_s", (json_int_t)(now > t->issued_at ? now - t->issued_at : 0));
}

/* The first STATUS_NEXT waiting tickets in the order the scheduler would call them with
 * these duties: sched_pick again and again over what is left (the order a window calls in
 * when it alone serves them), over the candidates cand[0..ncand) only
 * (queue_status_candidates: the same picks as over every waiting ticket). Returns how many
 * were put in out (indexes into q->t). */
static int
call_order(const struct queue *q, const struct sched_duty *duty, int nduty, long long now,
    const int *cand, int ncand, struct sched_ticket *st, int *map, int *out)
{
	int n = 0, k = 0;

	for (int c = 0; c < ncand; c++) {
		const struct ticket *t = &q->t[cand[c]];

		memset(&st[n], 0, sizeof st[n]);
		st[n].id = t->id;
		st[n].service = t->pin >= 0 ? q->conf.nsvc + t->pin : t->svc;
		st[n].lane = t->lane;
		st[n].issued_at = t->issued_at;
		st[n].slot_start = t->slot_start;
		st[n].slot_end = t->slot_end;
		st[n].passed = t->passed;
		map[n++] = cand[c];
	}
	while (k < STATUS_NEXT) {
		int p = sched_pick(&q->conf.policy, duty, nduty, st, n, now);

		if (p < 0)
			break;
		out[k++] = map[p];
		if (q->conf.policy.max_overtake > 0)	/* the calls before count (locks) */
			sched_note_call(&q->conf.policy, duty, nduty, st, n, p, now);
		st[p] = st[n - 1];
		map[p] = map[n - 1];
		n--;
	}
	return k;
}

/* A centre's link to its district (not cached: the outbox moves within a second). */
static void
status_district(struct req *r)
{
	json_t *d = district_status();

	if (d)
		json_object_set_new(r->ans, "district", d);
}

int
op_status(struct req *r)
{
	const struct queue *q = &srv.q;
	const struct hall_conf *h = &q->conf;
	json_t *svcs, *wins;
	char now[40], hours[64], served[HALL_MAX_SERVICES];
	int waiting[HALL_MAX_SERVICES];
	long long longest[HALL_MAX_SERVICES], eta[HALL_MAX_SERVICES];
	struct sched_balance sg;
	int ncap = QUEUE_STATUS_CANDIDATES(q, STATUS_NEXT), ncand, pick[STATUS_NEXT];
	int *cand, *map;
	struct sched_ticket *st;

	/* several statuses in one turn (boards and kiosks polling): built once */
	if (srv.status_cache && srv.status_now == r->now) {
		json_object_update(r->ans, srv.status_cache);
		json_object_set_new(r->ans, "alerts", alerts_json());
		status_district(r);
		return 0;
	}
	cand = jh_malloc((ncap + 1) * sizeof *cand);
	map = jh_malloc((ncap + 1) * sizeof *map);
	st = jh_malloc((ncap + 1) * sizeof *st);
	if (!cand || !map || !st || server_forecast_fresh(r->now) < 0 ||
	    (ncand = queue_status_candidates(q, r->now, STATUS_NEXT, cand)) < 0) {
		free(cand);
		free(map);
		free(st);
		return req_error(r, ERR_INTERNAL, "out of memory");
	}
	server_service_waits(r->now, waiting, longest, eta);
	queue_served(q, r->now, served);
	svcs = json_array();
	wins = json_array();
	for (int s = 0; s < h->nsvc; s++) {
		json_t *open = json_array();
		long long e = eta[s];
		for (int w = 0; w < h->nwin; w++) {
			if (q->win[w].state != WS_OPEN)
				continue;
			for (int k = 0; k < h->win[w].nduty; k++)
				if (h->win[w].duty[k].service == s)
					json_array_append_new(open, json_string(h->win[w].name));
		}
		{
			struct sched_duty only = { .service = s, .backup = 0 };
			json_t *next = json_array();
			int k = call_order(q, &only, 1, r->now, cand, ncand, st, map, pick);

			int lo, hi;

			for (int j = 0; j < k; j++)
				json_array_append_new(next, next_json(&q->t[pick[j]], r->now));
			/* the range of a normal ticket taken now (sched_range) */
			eta_range(LANE_NORMAL, e, r->now, &lo, &hi);
			json_array_append_new(svcs, json_pack("{s:s, s:s, s:i, s:I, s:I, s:o, s:b, "
			    "s:o, s:i, s:i, s:b}", "code", h->svc[s].code, "name", h->svc[s].name,
			    "waiting", waiting[s], "longest_wait_s", (json_int_t)longest[s], "eta_s",
			    (json_int_t)e, "windows", open, "wait_alert", h->wait_alert_s > 0 &&
			    longest[s] > h->wait_alert_s, "next", next, "eta_lo_s", lo, "eta_hi_s", hi,
			    "served", served[s] != 0));
		}
	}
	for (int w = 0; w < h->nwin; w++) {
		json_t *wo = server_window_json(w), *queue = json_array();
		struct sched_duty duty[HALL_MAX_DUTIES + 1];
		int nd = 0, k;

		/* its duties, and the tickets transferred to this very window (see queue.c) */
		for (int j = 0; j < h->win[w].nduty; j++, nd++) {
			duty[nd].service = h->win[w].duty[j].service;
			duty[nd].backup = h->win[w].duty[j].backup;
		}
		duty[nd].service = h->nsvc + w;
		duty[nd++].backup = 0;
		k = call_order(q, duty, nd, r->now, cand, ncand, st, map, pick);
		for (int j = 0; j < k; j++)
			json_array_append_new(queue, next_json(&q->t[pick[j]], r->now));
		json_object_set_new(wo, "next", k ? next_json(&q->t[pick[0]], r->now) : json_null());
		json_object_set_new(wo, "queue", queue);
		json_array_append_new(wins, wo);
	}
	free(cand);
	free(st);
	free(map);
	snprintf(hours, sizeof hours, "%02d:%02d-%02d:%02d", h->open_min / 60, h->open_min % 60,
	    h->close_min / 60, h->close_min % 60);
	json_object_set_new(r->ans, "hall", json_pack("{s:s, s:s, s:s, s:s}", "name", h->name,
	    "date", q->day, "hours", hours, "timezone", h->tz));
	json_object_set_new(r->ans, "now", json_string(clock_iso(r->now, now, sizeof now)));
	json_object_set_new(r->ans, "services", svcs);
	json_object_set_new(r->ans, "windows", wins);
	/* the rebalancing suggestion (docs/SCHEDULING.md, section 6) */
	json_object_set_new(r->ans, "suggestion", server_balance_suggest(r->now, &sg) ?
	    json_pack("{s:s, s:s, s:I, s:I}", "window", h->win[sg.window].name, "service",
	    h->svc[sg.service].code, "wait_s", (json_int_t)sg.wait_s, "others_s",
	    (json_int_t)sg.others_s) : json_null());
	/* its arrays shared, not copied: nothing changes an answer once built (a window's
	 * current ticket is called, so no forecast fixup touches it) */
	server_status_stale();
	if ((srv.status_cache = json_copy(r->ans)) != NULL)
		srv.status_now = r->now;
	json_object_set_new(r->ans, "alerts", alerts_json());
	status_district(r);
	return 0;
}

int
op_ticket(struct req *r)
{
	const char *code, *day;
	long long id = 0;
	int has_id, found;
	struct ticket *live, t;

	/* "id" is the request's own id: a ticket is named by code, or by ticket_id */
	if (req_str(r, "code", 0, &code) < 0 ||
	    req_int(r, "ticket_id", 0, &id, &has_id) < 0 || req_str(r, "day", 0, &day) < 0)
		return -1;
	if (!code && !has_id)
		return req_error(r, ERR_BAD_REQUEST, "give the ticket's code or ticket_id");
	live = code && !day ? queue_find_code(&srv.q, code) : NULL;
	if (!live && !code)
		live = queue_find(&srv.q, id);
	if (live) {
		server_forecast_stale();	/* the contract: fresh ahead and eta_s */
		json_object_set_new(r->ans, "ticket", server_ticket_json(live));
		return 0;
	}
	found = store_ticket_get(srv.store, &srv.q, id, day ? day : srv.q.day, code, &t);
	if (found < 0)
		return req_error(r, ERR_INTERNAL, "cannot read tickets");
	if (!found)
		return req_error(r, ERR_NOT_FOUND, "no ticket %s", code ? code : "with that id");
	json_object_set_new(r->ans, "ticket", server_ticket_json(&t));
	return 0;
}

int
op_subscribe(struct req *r)
{
	static const char *const names[] = { "calls", "tickets", "windows", "alerts", "users" };
	const unsigned nnames = sizeof names / sizeof names[0];
	json_t *topics = json_object_get(r->msg, "topics"), *v;
	unsigned mask = 0;
	size_t i;

	if (!json_is_array(topics))
		return req_error(r, ERR_BAD_REQUEST, "topics must be an array of names");
	json_array_foreach(topics, i, v) {
		const char *s = json_string_value(v);
		unsigned k;

		for (k = 0; s && k < nnames; k++)
			if (strcmp(s, names[k]) == 0)
				break;
		if (!s || k == nnames)
			return req_error(r, ERR_BAD_REQUEST, "unknown topic (calls, tickets, "
			    "windows, alerts, users)");
		/* who was signed out is for those who watch the hall's people */
		if ((1u << k) == TOPIC_USERS &&
		    !((1 << r->ss->role) & (R_SUPERVISOR | R_ADMIN | R_MONITOR)))
			return req_error(r, ERR_FORBIDDEN, "the users topic is for a monitor, "
			    "supervisor or admin");
		mask |= 1u << k;
	}
	r->ss->topics = mask;
	json_object_set(r->ans, "topics", topics);
	return 0;
}

/* The kinds of alert a device raises: its own hardware's (an admin raises any kind). A
 * display device is an LED bridge (display_*) or the voice caller, jhvoice (audio_*). */
static const char *const *
alert_prefixes(int role)
{
	static const char *const kiosk[] = { "printer_", NULL };
	static const char *const display[] = { "display_", "audio_", NULL };
	static const char *const monitor[] = { "monitor_", NULL };
	static const char *const any[] = { "", NULL };

	switch (role) {
	case ROLE_KIOSK: return kiosk;
	case ROLE_DISPLAY: return display;
	case ROLE_MONITOR: return monitor;
	default: return any;
	}
}

static int
alert_kind_allowed(int role, const char *kind)
{
	for (const char *const *p = alert_prefixes(role); *p; p++)
		if (strncmp(kind, *p, strlen(*p)) == 0 && strlen(kind) > strlen(*p))
			return 1;
	return 0;
}

int
op_alert(struct req *r)
{
	const char *kind, *message;
	int clear = 0, nsrc = 0;
	json_t *o;

	if (req_str(r, "kind", 1, &kind) < 0 || req_str(r, "message", 0, &message) < 0 ||
	    req_bool(r, "clear", &clear) < 0)
		return -1;
	if (!*kind || strlen(kind) >= sizeof srv.alerts[0].kind)
		return req_error(r, ERR_BAD_REQUEST, "kind must be 1 to %zu bytes",
		    sizeof srv.alerts[0].kind - 1);
	if (!alert_kind_allowed(r->ss->role, kind)) {
		char kinds[64] = "";

		for (const char *const *p = alert_prefixes(r->ss->role); *p; p++)
			snprintf(kinds + strlen(kinds), sizeof kinds - strlen(kinds), "%s%s*",
			    kinds[0] ? " or " : "", *p);
		return req_error(r, ERR_BAD_REQUEST, "a %s raises alerts of kinds %s, not '%s'",
		    auth_role_name(r->ss->role), kinds, kind);
	}
	if (server_alert(r->ss->who, kind, message ? message : "", r->now, clear, &o) < 0) {
		for (int k = 0; k < srv.nalerts; k++)
			nsrc += !srv.alerts[k].own && strcmp(srv.alerts[k].source, r->ss->who) == 0;
		if (nsrc >= SERVER_MAX_SOURCE_ALERTS)
			return req_error(r, ERR_LIMIT_REACHED, "%s has %d active alerts, the most one "
			    "source may have: clear one first", r->ss->who, nsrc);
		return req_error(r, ERR_LIMIT_REACHED, "too many active alerts");
	}
	json_object_set_new(r->ans, "alert", o);
	return 0;
}
