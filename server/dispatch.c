/* dispatch.c — from a line to an answer: UTF-8 and JSON checks, the op table (roles, whether
 * the op writes), sessions, and the end of a loop turn: one COMMIT for every write read in the
 * turn (group commit), then the answers and events, in order. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "authq.h"
#include "backup.h"
#include "clock.h"
#include "dispatch.h"
#include "log.h"
#include "net.h"
#include "server.h"
#include "store.h"
#include "utf8.h"

#define OP_WRITES	0x1	/* changes state: runs inside the turn's transaction */
#define OP_NOAUTH	0x2	/* allowed before hello */
#define OP_HEAVY	0x4	/* may cost much (a long queue): ends its connection's slice of
				 * lines (net_conn_yield), the rest wait for a later turn */

struct op {
	const char *name;
	int roles;
	int flags;
	int (*fn)(struct req *);
};

#define R_CLERKS (R_CLERK | R_SUPERVISOR | R_ADMIN)
static const struct op op_table[] = {
	{ "hello", R_ALL, OP_NOAUTH, op_hello },
	{ "ping", R_ALL, 0, op_ping },
	{ "services", R_ALL, 0, op_services },
	{ "status", R_ALL, OP_HEAVY, op_status },
	{ "ticket", R_ALL, 0, op_ticket },
	{ "subscribe", R_ALL, 0, op_subscribe },
	{ "alert", R_KIOSK | R_DISPLAY | R_MONITOR | R_ADMIN, 0, op_alert },
	{ "take", R_KIOSK | R_CLERKS, OP_WRITES, op_take_token },	/* op_take + token */
	{ "call_next", R_CLERKS, OP_WRITES, op_call_next },
	{ "recall", R_CLERKS, OP_WRITES, op_recall },
	{ "finish", R_CLERKS, OP_WRITES, op_finish },
	{ "no_show", R_CLERKS, OP_WRITES, op_no_show },
	{ "transfer", R_CLERKS, OP_WRITES, op_transfer },
	{ "pause", R_CLERKS, OP_WRITES, op_pause },
	{ "resume", R_CLERKS, OP_WRITES, op_resume },
	{ "open", R_CLERKS, OP_WRITES, op_open },
	{ "close", R_CLERKS, OP_WRITES, op_close },
	{ "assign", R_SUPERVISOR | R_ADMIN, OP_WRITES, op_assign },
	{ "import", R_ADMIN, OP_WRITES, op_import },
	{ "user_add", R_ADMIN, OP_WRITES, op_user_add },
	{ "user_list", R_ADMIN, 0, op_user_list },
	{ "device_add", R_ADMIN, OP_WRITES, op_device_add },
	{ "device_list", R_ADMIN, 0, op_device_list },
	{ "clock", R_ADMIN, OP_WRITES, op_clock },
	{ "backup", R_ADMIN, 0, op_backup },
	/* appointments (ops_appt.c); bans writes: it runs the no-show sweep first */
	{ "slots", R_ALL, 0, op_appt },
	{ "book", R_KIOSK | R_CLERKS, OP_WRITES, op_appt },
	{ "cancel_booking", R_KIOSK | R_CLERKS, OP_WRITES, op_appt },
	{ "checkin", R_KIOSK | R_CLERKS, OP_WRITES, op_appt },
	{ "appointments", R_SUPERVISOR | R_ADMIN | R_MONITOR, 0, op_appt },
	{ "bans", R_SUPERVISOR | R_ADMIN, OP_WRITES, op_appt },
	{ "ban_lift", R_SUPERVISOR | R_ADMIN, OP_WRITES, op_appt },
	/* statistics from the event log (ops_stats.c, docs/STATISTICS.md) */
	{ "stats", R_SUPERVISOR | R_ADMIN | R_MONITOR, OP_HEAVY, op_stats },
	{ "ticket_by_token", R_MONITOR | R_ADMIN, 0, op_ticket_by_token },
	{ "ticket_token", R_KIOSK | R_CLERKS, 0, op_ticket_token },
};
/* Part of the contract, served by later issues. */
static const char *const later_ops[] = {
	"stats"
};

struct pending {
	struct session *ss;
	json_t *answer;		/* NULL when it could not be built */
	json_t *id;		/* an answer's request id (a reference; NULL for null) */
	int is_answer;		/* an answer (else an unrequested message such as displaced) */
	int wrote;
	struct pending *next;
};

struct fixup {
	json_t *obj;
	long long id;
};

static struct pending *phead, **ptail = &phead;
static json_t *events;		/* [[topic, event], ...] for this turn */
static struct fixup *fixups;
static int nfix, fixcap;

struct server srv;

int
req_error(struct req *r, const char *code, const char *fmt, ...)
{
	va_list ap;

	r->ecode = code;
	va_start(ap, fmt);
	vsnprintf(r->emsg, sizeof r->emsg, fmt, ap);
	va_end(ap);
	/* a client's text cut by a byte count ("%.40s", the message's size) may end in half a
	 * character: dropped, or the answer could not be built */
	utf8_repair(r->emsg);
	return -1;
}

int
req_str(struct req *r, const char *key, int required, const char **out)
{
	json_t *v = json_object_get(r->msg, key);

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return req_error(r, "bad_request", "missing field '%s'", key);
		return 0;
	}
	if (!json_is_string(v))
		return req_error(r, "bad_request", "field '%s' must be a string", key);
	*out = json_string_value(v);
	return 0;
}

int
req_int(struct req *r, const char *key, int required, long long *out, int *present)
{
	json_t *v = json_object_get(r->msg, key);

	if (present)
		*present = 0;
	if (!v || json_is_null(v)) {
		if (required)
			return req_error(r, "bad_request", "missing field '%s'", key);
		return 0;
	}
	if (!json_is_integer(v))
		return req_error(r, "bad_request", "field '%s' must be an integer", key);
	*out = json_integer_value(v);
	if (present)
		*present = 1;
	return 0;
}

int
req_bool(struct req *r, const char *key, int *out)
{
	json_t *v = json_object_get(r->msg, key);

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return req_error(r, "bad_request", "field '%s' must be true or false", key);
	*out = json_is_true(v);
	return 0;
}

int
req_window(struct req *r)
{
	const char *name;
	int w;

	if (req_str(r, "window", 0, &name) < 0)
		return -1;
	if (!name) {
		if (r->ss->role == ROLE_CLERK && r->ss->window[0])
			name = r->ss->window;
		else
			return req_error(r, "bad_request", "missing field 'window'");
	}
	if ((w = hallconf_window(&srv.q.conf, name)) < 0)
		return req_error(r, "not_found", "no window '%s'", name);
	if (r->ss->role == ROLE_CLERK && strcmp(r->ss->window, name) != 0)
		return req_error(r, "forbidden", "a clerk acts on their own window (%s), not %s",
		    r->ss->window, name);
	return w;
}

int
server_begin(void)
{
	if (srv.in_tx)
		return 0;
	if (store_begin(srv.store) < 0)
		return -1;
	srv.in_tx = 1;
	srv.tx_failed = 0;
	return 0;
}

void
server_event(unsigned topic, json_t *ev)
{
	if (!events)
		events = json_array();
	json_array_append_new(events, json_pack("[I, o]", (json_int_t)topic, ev));
}

/* Remember to fill ahead/eta_s of this ticket object after commit. */
static void
add_fixup(json_t *obj, long long id)
{
	if (nfix == fixcap) {
		int n = fixcap ? fixcap * 2 : 64;
		struct fixup *nf = realloc(fixups, n * sizeof *nf);

		if (!nf)
			return;
		fixups = nf;
		fixcap = n;
	}
	fixups[nfix].obj = json_incref(obj);
	fixups[nfix].id = id;
	nfix++;
}

int
server_subscribed(unsigned topic)
{
	for (struct session *ss = srv.sessions; ss; ss = ss->next)
		if (ss->topics & topic)
			return 1;
	return 0;
}

/* clock_iso for the times of ticket objects: during a rush most tickets share the second
 * they were issued in, and local-time conversion is a good part of building an answer. */
static const char *
iso_cached(long long t)
{
	static long long at = -1;
	static char when[40], zone[128];
	const char *tz = getenv("TZ");	/* the hall's zone (clock_set_tz): part of the key */

	if (!tz)
		tz = "";
	if (t != at || strcmp(tz, zone) != 0) {
		clock_iso(t, when, sizeof when);
		at = strlen(tz) < sizeof zone ? t : -1;
		snprintf(zone, sizeof zone, "%s", tz);
	}
	return when;
}

json_t *
server_ticket_json(const struct ticket *t)
{
	const struct queue *q = &srv.q;
	json_t *o = json_object();

	/* set field by field: json_pack's format parsing is measurable on the take path */
	if (!o)
		return json_null();
	json_object_set_new_nocheck(o, "id", json_integer(t->id));
	json_object_set_new_nocheck(o, "code", json_string(t->code));
	json_object_set_new_nocheck(o, "service",
	    json_string(t->svc >= 0 ? q->conf.svc[t->svc].code : ""));
	json_object_set_new_nocheck(o, "priority", json_string(sched_lane_name(t->lane)));
	json_object_set_new_nocheck(o, "state", json_string(queue_state_name(t->state)));
	json_object_set_new_nocheck(o, "ahead", json_integer(0));
	json_object_set_new_nocheck(o, "eta_s", json_integer(0));
	json_object_set_new_nocheck(o, "eta_lo_s", json_integer(0));
	json_object_set_new_nocheck(o, "eta_hi_s", json_integer(0));
	json_object_set_new_nocheck(o, "issued_at", json_string(iso_cached(t->issued_at)));
	json_object_set_new_nocheck(o, "window",
	    t->window >= 0 ? json_string(q->conf.win[t->window].name) : json_null());
	json_object_set_new_nocheck(o, "applicant",
	    json_string(queue_applicant_name(t->applicant)));
	json_object_set_new_nocheck(o, "channel", json_string(queue_channel_name(t->channel)));
	json_object_set_new_nocheck(o, "recall", json_integer(t->recalls));
	if (t->called_at)
		json_object_set_new(o, "called_at", json_string(iso_cached(t->called_at)));
	if (t->pin >= 0)
		json_object_set_new(o, "to_window", json_string(q->conf.win[t->pin].name));
	if (t->slot_start > 0 && t->slot_end > t->slot_start) {
		/* an appointment's: the kiosk prints "slot" */
		char when[40], end[40], slot[16];

		clock_iso(t->slot_start, when, sizeof when);
		clock_iso(t->slot_end, end, sizeof end);
		snprintf(slot, sizeof slot, "%.5s-%.5s", when + 11, end + 11);
		json_object_set_new(o, "slot", json_string(slot));
		json_object_set_new(o, "slot_start", json_string(when));
		json_object_set_new(o, "slot_end", json_string(end));
	}
	if (t->state == TS_WAITING)
		add_fixup(o, t->id);
	return o;
}

void
server_forecast_stale(void)
{
	srv.fc_stale = 1;
}

void
server_forecast_taken(struct req *r, long long id)
{
	if (srv.nfc_new == srv.cap_fc_new) {
		int n = srv.cap_fc_new ? 2 * srv.cap_fc_new : 64;
		long long *p = realloc(srv.fc_new, (size_t)n * sizeof *p);

		if (p == NULL)
			return;		/* r->fc_kept stays 0: the full forecast runs */
		srv.fc_new = p;
		srv.cap_fc_new = n;
	}
	srv.fc_new[srv.nfc_new++] = id;
	r->fc_kept = 1;
}

/* Fill ahead/eta_s of the waiting tickets named in this turn's answers and events from the
 * full forecast (O(n log n), docs/SCHEDULING.md section 3): run once per turn that changed
 * the queue, or whose clock second differs from the last one's (the forecast is a pure
 * function of the queue and now, so its figures are then still exact). When the only change
 * is tickets taken in the same second, they are placed on top of the last forecast
 * (queue_forecast_append: the same figures, without simulating the whole queue again). */
int
server_forecast_fresh(long long now)
{
	int rc = 1;

	if (!srv.fc_stale && now == srv.fc_now && srv.nfc_new > 0)
		rc = queue_forecast_append(&srv.q, now, srv.fc_new, srv.nfc_new);
	if (rc != 0 && (srv.fc_stale || now != srv.fc_now || srv.nfc_new > 0)) {
		if (queue_forecast_store(&srv.q, now) < 0)
			return -1;
		srv.fc_stale = 0;
		srv.fc_now = now;
	}
	srv.nfc_new = 0;
	return 0;
}

static void
run_fixups(void)
{
	if (nfix == 0)
		return;
	if (server_forecast_fresh(clock_now()) < 0)
		return;
	for (int k = 0; k < nfix; k++) {
		const char *st = json_string_value(json_object_get(fixups[k].obj, "state"));
		struct ticket *t;
		int lo, hi;

		if (!st || strcmp(st, "waiting") != 0)
			continue;
		if ((t = queue_find(&srv.q, fixups[k].id)) && t->state == TS_WAITING) {
			json_object_set_new(fixups[k].obj, "ahead", json_integer(t->fc_ahead));
			json_object_set_new(fixups[k].obj, "eta_s", json_integer(t->fc_eta));
			sched_range_get(&srv.q.range, t->lane, t->fc_eta, &lo, &hi);
			json_object_set_new(fixups[k].obj, "eta_lo_s", json_integer(lo));
			json_object_set_new(fixups[k].obj, "eta_hi_s", json_integer(hi));
			/* the take's answer is its first: what the citizen was told */
			if (t->eta_given == -1) {
				t->eta_given = t->fc_eta >= 0 ? t->fc_eta + 1 : 0;
				t->eta_lo_given = lo;
				t->eta_hi_given = hi;
			}
		}
	}
}

static void
clear_fixups(void)
{
	for (int k = 0; k < nfix; k++)
		json_decref(fixups[k].obj);
	nfix = 0;
}

/* Serialize o with its newline into one reused buffer (no allocation per answer); the
 * line stays valid until the next call. NULL when o cannot be serialized. */
static const char *
dump_line(json_t *o, size_t *len)
{
	static char *buf;
	static size_t cap;
	size_t n = json_dumpb(o, buf, cap, JSON_COMPACT);

	if (n == 0)
		return NULL;
	if (n + 1 > cap) {
		size_t nc = cap ? cap : 4096;
		char *nb;

		while (nc < n + 1)
			nc *= 2;
		if (!(nb = realloc(buf, nc)))
			return NULL;
		buf = nb;
		cap = nc;
		if (json_dumpb(o, buf, cap, JSON_COMPACT) != n)
			return NULL;
	}
	buf[n] = '\n';
	*len = n + 1;
	return buf;
}

/* The answer sent when the real one cannot be built or serialized (out of memory, text
 * that is not UTF-8): every request gets exactly one answer, with its id, whatever happens. */
static void
send_fallback(struct session *ss, json_t *id)
{
	static const char tail[] = ",\"ok\":false,\"error\":{\"code\":\"internal\","
	    "\"message\":\"the answer could not be built\"}}\n";
	char *ids = id ? json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;

	log_warn("conn %u: an answer could not be built: sent internal instead", ss->id);
	if (net_send(ss->conn, "{\"id\":", 6) == 0 &&
	    net_send(ss->conn, ids ? ids : "null", ids ? strlen(ids) : 4) == 0)
		net_send(ss->conn, tail, sizeof tail - 1);
	free(ids);
}

static void
send_pending(struct pending *p)
{
	size_t n;
	const char *s = p->answer ? dump_line(p->answer, &n) : NULL;

	if (s)
		net_send(p->ss->conn, s, n);
	else if (p->is_answer)
		send_fallback(p->ss, p->id);
	else
		log_warn("conn %u: a message could not be built", p->ss->id);
}

/* Queue the answer to the request of the given id (NULL for null); answer may be NULL (could
 * not be built): the fallback is sent then. */
static void
queue_msg(struct session *ss, json_t *id, json_t *answer, int wrote, int is_answer)
{
	struct pending *p = calloc(1, sizeof *p);

	if (!p) {
		/* no room to keep it for the turn's end: the fallback now (an answer out of
		 * turn beats no answer) */
		if (is_answer)
			send_fallback(ss, id);
		json_decref(answer);
		return;
	}
	p->ss = ss;
	p->answer = answer;
	p->id = id ? json_incref(id) : NULL;
	p->is_answer = is_answer;
	p->wrote = wrote;
	*ptail = p;
	ptail = &p->next;
}

static void
queue_answer(struct session *ss, json_t *id, json_t *answer, int wrote)
{
	queue_msg(ss, id, answer, wrote, 1);
}

static json_t *
error_answer(json_t *id, const char *code, const char *msg)
{
	char m[1024];

	/* whatever text it quotes, cut anywhere: made valid, or the answer cannot be built */
	utf8_copy(m, sizeof m, msg);
	utf8_repair(m);
	return json_pack("{s:O, s:b, s:{s:s, s:s}}", "id", id ? id : json_null(), "ok", 0,
	    "error", "code", code, "message", m);
}

static const struct op *
find_op(const char *name)
{
	for (size_t i = 0; i < sizeof op_table / sizeof op_table[0]; i++)
		if (strcmp(op_table[i].name, name) == 0)
			return &op_table[i];
	return NULL;
}

static void handle_msg(struct session *ss, json_t *msg, const struct authq_job *pw);

static void
handle_line(struct session *ss, char *line, size_t len)
{
	json_error_t je;
	json_t *msg;
	size_t bad;
	char m[300];

	if (len == 0)
		return;
	if (!utf8_valid(line, len, &bad)) {
		snprintf(m, sizeof m, "the line is not valid UTF-8 (byte %zu)", bad);
		queue_answer(ss, NULL, error_answer(NULL, "bad_request", m), 0);
		return;
	}
	msg = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (!msg) {
		snprintf(m, sizeof m, "not JSON: %s (column %d)", je.text, je.column);
		queue_answer(ss, NULL, error_answer(NULL, "bad_request", m), 0);
		return;
	}
	handle_msg(ss, msg, NULL);
	json_decref(msg);
}

/* The session of a connection still open, by its id (a worker's job names it so), or NULL
 * when it has gone meanwhile. */
static struct session *
live_session(unsigned conn)
{
	struct session *ss;

	for (ss = srv.sessions; ss; ss = ss->next)
		if (ss->id == conn && net_conn_alive(ss->conn))
			return ss;
	return NULL;
}

/* A password check the worker finished (authq.h): answer the hello that waited for it, as if
 * it had just arrived knowing the result, then serve the connection's next lines. */
static void
auth_done(struct authq_job *j)
{
	struct session *ss = live_session(j->conn);

	if (ss != NULL) {
		handle_msg(ss, j->msg, j);
		if (net_conn_alive(ss->conn))
			net_conn_hold(ss->conn, 0);
	}
	authq_job_free(j);
}

/* A backup the worker finished (backup.h): answer the request that started it, then serve
 * the connection's next lines. */
static void
backup_done(struct backup_job *j)
{
	struct session *ss = live_session(j->conn);
	json_t *ans;

	if (ss != NULL) {
		if (j->ok)
			ans = json_pack("{s:O, s:b, s:{s:s, s:I, s:I, s:I}}", "id",
			    j->id ? j->id : json_null(), "ok", 1, "backup", "path", j->dst,
			    "bytes", (json_int_t)j->bytes, "tickets", (json_int_t)j->tickets,
			    "events", (json_int_t)j->events);
		else
			ans = error_answer(j->id, "internal", j->err);
		queue_answer(ss, j->id, ans, 0);
		net_conn_hold(ss->conn, 0);
	}
	backup_job_free(j);
}

/* One request: find its op, check who may call it, run it, queue the answer. pw is the
 * finished password check of a hello that waited for one (NULL otherwise). */
static void
handle_msg(struct session *ss, json_t *msg, const struct authq_job *pw)
{
	json_t *id, *ans;
	const char *opname;
	const struct op *op;
	struct req r;
	char m[300];
	int rc;

	id = json_object_get(msg, "id");
	if (!json_is_object(msg)) {
		queue_answer(ss, NULL, error_answer(NULL, "bad_request",
		    "a request is a JSON object"), 0);
		goto out;
	}
	opname = json_string_value(json_object_get(msg, "op"));
	if (!opname) {
		queue_answer(ss, id, error_answer(id, "bad_request",
		    "missing field 'op' (a string)"), 0);
		goto out;
	}
	if (!(op = find_op(opname))) {
		snprintf(m, sizeof m, "unknown op '%.*s'", (int)utf8_cut(opname, 100), opname);
		for (size_t i = 0; i < sizeof later_ops / sizeof later_ops[0]; i++)
			if (strcmp(later_ops[i], opname) == 0)
				snprintf(m, sizeof m, "op '%s' is not available in this server yet",
				    opname);
		queue_answer(ss, id, error_answer(id, "unknown_op", m), 0);
		goto out;
	}
	if (!ss->authed && !(op->flags & OP_NOAUTH)) {
		queue_answer(ss, id, error_answer(id, "unauthenticated", "say hello first"), 0);
		goto out;
	}
	if (ss->authed && !(op->roles & (1 << ss->role))) {
		snprintf(m, sizeof m, "a %s may not %s", auth_role_name(ss->role), opname);
		queue_answer(ss, id, error_answer(id, "forbidden", m), 0);
		goto out;
	}
	memset(&r, 0, sizeof r);
	r.ss = ss;
	r.msg = msg;
	r.pw = pw;
	r.ans = json_object();
	if (op->flags & OP_WRITES)
		server_status_stale();
	if (op->flags & OP_HEAVY)
		net_conn_yield(ss->conn);
	if ((op->flags & OP_WRITES) && server_begin() < 0) {
		rc = req_error(&r, "internal", "the database cannot start a transaction");
	} else {
		r.now = clock_now();
		if ((op->flags & OP_WRITES) && op->fn != op_take)
			srv.uc_valid = 0;	/* a take keeps the waiting counts itself */
		if (op->flags & OP_WRITES)
			server_day_check(r.now);
		rc = op->fn(&r);
		if ((op->flags & OP_WRITES) && !r.fc_kept)
			server_forecast_stale();
	}
	if (rc == REQ_DEFER) {
		/* answered when the worker is done (auth_done, backup_done); nothing else
		 * of this connection is read until then, so its answers stay in order */
		net_conn_hold(ss->conn, 1);
		goto out_req;
	}
	if (rc == 0) {
		ans = json_pack("{s:O, s:b}", "id", id ? id : json_null(), "ok", 1);
		json_object_update(ans, r.ans);
	} else {
		ans = error_answer(id, r.ecode ? r.ecode : "internal", r.emsg);
		if (r.eextra)
			json_object_update(json_object_get(ans, "error"), r.eextra);
		if (op->fn == op_hello && r.ecode && (strcmp(r.ecode, "unauthenticated") == 0 ||
		    strcmp(r.ecode, "limit_reached") == 0) &&
		    ++ss->failed_hellos >= SERVER_MAX_FAILED_HELLOS) {
			log_warn("conn %u: %d refused hellos: closed", ss->id, ss->failed_hellos);
			queue_answer(ss, id, ans, 0);
			net_close_after_flush(ss->conn);
			goto out_req;
		}
		if ((op->flags & OP_WRITES) && r.ecode && strcmp(r.ecode, "internal") == 0)
			srv.tx_failed = 1;
	}
	queue_answer(ss, id, ans, (op->flags & OP_WRITES) != 0);
out_req:
	json_decref(r.ans);
	json_decref(r.eextra);
out:
	return;
}

static void
on_open(struct conn *c)
{
	struct session *ss = calloc(1, sizeof *ss);

	if (!ss) {
		net_close(c);
		return;
	}
	ss->conn = c;
	ss->id = net_conn_id(c);
	ss->unauth_since = clock_mono_ms();
	if (net_conn_is_unix(c)) {
		/* file permissions are the credential on the local socket */
		ss->authed = 1;
		ss->role = ROLE_ADMIN;
		snprintf(ss->who, sizeof ss->who, "local");
	}
	ss->next = srv.sessions;
	srv.sessions = ss;
	net_conn_set_data(c, ss);
	log_debug("conn %u: open (%s)", ss->id, net_conn_is_unix(c) ? "unix" : "tcp");
}

static void
on_line(struct conn *c, char *line, size_t len)
{
	handle_line(net_conn_data(c), line, len);
}

static void
on_too_long(struct conn *c)
{
	struct session *ss = net_conn_data(c);
	char m[100];

	snprintf(m, sizeof m, "a line may be at most %d bytes; closing", NET_MAX_LINE);
	log_info("conn %u: line too long: closed", ss->id);
	queue_answer(ss, NULL, error_answer(NULL, "line_too_long", m), 0);
}

int
server_clerk_holds(const struct session *ss, const char *window)
{
	return ss->authed && ss->role == ROLE_CLERK && ss->window[0] &&
	    strcmp(ss->window, window) == 0 && net_conn_alive(ss->conn);
}

void
server_clerk_leave(struct session *ss)
{
	int w, still = 0;

	if (ss->role != ROLE_CLERK || !ss->window[0])
		return;
	w = hallconf_window(&srv.q.conf, ss->window);
	for (struct session *o = srv.sessions; o; o = o->next)
		if (o != ss && o->role == ROLE_CLERK && strcmp(o->window, ss->window) == 0 &&
		    strcmp(o->who, ss->who) == 0)
			still = 1;
	if (w >= 0 && !still && strcmp(srv.q.win[w].clerk, ss->who) == 0) {
		srv.q.win[w].clerk[0] = '\0';
		server_window_changed(w);
	}
	ss->window[0] = '\0';
}

void
server_displace(struct session *ss, const char *by)
{
	log_info("conn %u: clerk %s displaced from window %s by %s", ss->id, ss->who,
	    ss->window, by);
	/* after the answers it is owed, in order, like one of them */
	queue_msg(ss, NULL, json_pack("{s:s, s:s, s:s}", "event", "displaced", "window",
	    ss->window, "by", by), 0, 0);
	ss->authed = 0;
	ss->window[0] = '\0';
	ss->topics = 0;
	ss->unauth_since = clock_mono_ms();	/* signs in again in time, or is closed */
}

static void
on_close(struct conn *c)
{
	struct session *ss = net_conn_data(c), **pp;

	if (!ss)
		return;
	for (struct pending *p = phead; p; p = p->next)
		if (p->ss == ss)
			p->ss = NULL;
	server_clerk_leave(ss);
	for (pp = &srv.sessions; *pp; pp = &(*pp)->next)
		if (*pp == ss) {
			*pp = ss->next;
			break;
		}
	log_debug("conn %u: closed", ss->id);
	free(ss);
	net_conn_set_data(c, NULL);
}

void
dispatch_init(void)
{
	static const struct net_handler h = { on_open, on_line, on_too_long, on_close };

	net_set_handler(&h);
	if (authq_start(srv.loop, auth_done) < 0)
		log_warn("no thread for password checks: they stall the loop (~50 ms each)");
	if (backup_init(srv.loop, backup_done) < 0)
		log_warn("no pipe for backups: the backup op is refused");
}

void
dispatch_tick(void)
{
	long long now = clock_mono_ms(), limit = srv.hello_timeout_s * 1000LL;
	struct session *ss, *next;
	int n = 0;

	if (limit <= 0)
		return;
	for (ss = srv.sessions; ss; ss = next) {
		next = ss->next;	/* net_close frees ss */
		/* one whose hello is being checked (held) waits for its answer */
		if (ss->authed || net_conn_is_unix(ss->conn) || !net_conn_alive(ss->conn) ||
		    net_conn_held(ss->conn) || now - ss->unauth_since < limit)
			continue;
		log_debug("conn %u (%s): not signed in within %d s: closed", ss->id,
		    net_conn_peer(ss->conn), srv.hello_timeout_s);
		net_close(ss->conn);
		n++;
	}
	if (n > 0)	/* one line a second at most, however many */
		log_info("closed %d connection%s not signed in within %d s", n, n == 1 ? "" : "s",
		    srv.hello_timeout_s);
}

void
dispatch_turn_end(void)
{
	int failed = 0, saved = 0;
	struct pending *p, *n;
	char why[300] = "";

	server_status_stale();	/* a rolled-back turn, and whatever else: built anew */
	if (srv.in_tx) {
		if (srv.tx_failed || store_commit(srv.store) < 0) {
			snprintf(why, sizeof why, "%s", store_error(srv.store));
			log_error("turn rolled back: %s", why);
			store_rollback(srv.store);
			failed = 1;
		} else {
			saved = 1;
		}
		srv.in_tx = 0;
		srv.tx_failed = 0;
		if (failed)
			server_reload();
	}
	if (!failed)
		run_fixups();
	clear_fixups();
	for (p = phead; p; p = n) {
		n = p->next;
		if (p->ss && net_conn_alive(p->ss->conn)) {
			if (failed && p->wrote) {
				json_t *e = error_answer(p->id, "internal",
				    "the change could not be saved; nothing was done");

				json_decref(p->answer);
				p->answer = e;
			}
			send_pending(p);
		}
		json_decref(p->answer);
		json_decref(p->id);
		free(p);
	}
	phead = NULL;
	ptail = &phead;
	/* the failed turn's events are not sent; the supervisors hear of the failure itself (a
	 * full disk, a broken disk: every write is refused until it can be saved again) */
	if (failed) {
		char msg[400];

		json_decref(events);
		events = NULL;
		snprintf(msg, sizeof msg, "the database cannot save changes (%.300s): takes, calls "
		    "and changes are refused until it can", why);
		if (!server_own_alert_find("storage_failed", NULL))	/* once, not every turn */
			server_own_alert("storage_failed", NULL, msg, clock_now(), 0);
	} else if (saved && server_own_alert_find("storage_failed", NULL)) {
		server_own_alert("storage_failed", NULL, "changes are saved again", clock_now(), 1);
	}
	/* after the commit (or the reload of a failed turn): what the queue now is */
	if (srv.unserved_dirty || saved || failed) {
		srv.unserved_dirty = 0;
		server_unserved_alerts(clock_now());
	}
	if (events) {
		size_t i;
		json_t *e;

		json_array_foreach(events, i, e) {
			unsigned topic = (unsigned)json_integer_value(json_array_get(e, 0));
			json_t *ev = json_array_get(e, 1);
			struct session *ss, *next;
			size_t len;
			const char *line;

			if (!server_subscribed(topic) || !(line = dump_line(ev, &len)))
				continue;
			/* a subscriber over its output cap is dropped (and freed) by net_send */
			for (ss = srv.sessions; ss; ss = next) {
				next = ss->next;
				if ((ss->topics & topic) && net_conn_alive(ss->conn))
					net_send(ss->conn, line, len);
			}
		}
	}
	json_decref(events);
	events = NULL;
}

void
dispatch_shutdown(void)
{
	if (srv.in_tx)
		dispatch_turn_end();
	authq_stop();
	backup_shutdown();
	clear_fixups();
	free(fixups);
	fixups = NULL;
	free(srv.fc_new);
	srv.fc_new = NULL;
	srv.nfc_new = srv.cap_fc_new = 0;
}
