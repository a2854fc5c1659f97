/* dispatch.c — from a line to an answer: UTF-8 and JSON checks, the op table (roles, whether
 * the op writes), the sessions of connections, and the end of a loop turn (turn.c commits and
 * sends, eta.c fills the figures, alerts.c follows what the turn changed). The top of jhd's
 * calls: nothing below calls back up into it (docs/INTERNALS.md). */
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
#include "eta.h"
#include "log.h"
#include "net.h"
#include "server.h"
#include "turn.h"
#include "utf8.h"
#include "wire.h"

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
		turn_answer(ss, NULL, wire_error(NULL, "bad_request", m), 0);
		return;
	}
	msg = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (!msg) {
		snprintf(m, sizeof m, "not JSON: %s (column %d)", je.text, je.column);
		turn_answer(ss, NULL, wire_error(NULL, "bad_request", m), 0);
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
			ans = wire_error(j->id, "internal", j->err);
		turn_answer(ss, j->id, ans, 0);
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
	unsigned long failures;

	id = json_object_get(msg, "id");
	if (!json_is_object(msg)) {
		turn_answer(ss, NULL, wire_error(NULL, "bad_request",
		    "a request is a JSON object"), 0);
		goto out;
	}
	opname = json_string_value(json_object_get(msg, "op"));
	if (!opname) {
		turn_answer(ss, id, wire_error(id, "bad_request",
		    "missing field 'op' (a string)"), 0);
		goto out;
	}
	if (!(op = find_op(opname))) {
		snprintf(m, sizeof m, "unknown op '%.*s'", (int)utf8_cut(opname, 100), opname);
		for (size_t i = 0; i < sizeof later_ops / sizeof later_ops[0]; i++)
			if (strcmp(later_ops[i], opname) == 0)
				snprintf(m, sizeof m, "op '%s' is not available in this server yet",
				    opname);
		turn_answer(ss, id, wire_error(id, "unknown_op", m), 0);
		goto out;
	}
	if (!ss->authed && !(op->flags & OP_NOAUTH)) {
		turn_answer(ss, id, wire_error(id, "unauthenticated", "say hello first"), 0);
		goto out;
	}
	if (ss->authed && !(op->roles & (1 << ss->role))) {
		snprintf(m, sizeof m, "a %s may not %s", auth_role_name(ss->role), opname);
		turn_answer(ss, id, wire_error(id, "forbidden", m), 0);
		goto out;
	}
	memset(&r, 0, sizeof r);
	r.ss = ss;
	r.msg = msg;
	r.pw = pw;
	r.ans = json_object();
	failures = turn_request_begin();
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
	if (rc == 0 && (turn_build_failures() != failures || !r.ans)) {
		ans = NULL;	/* a part of it could not be built: the internal fallback */
	} else if (rc == 0) {
		ans = json_pack("{s:O, s:b}", "id", id ? id : json_null(), "ok", 1);
		if (ans && json_object_update(ans, r.ans) < 0) {
			json_decref(ans);
			ans = NULL;
		}
	} else {
		ans = wire_error(id, r.ecode ? r.ecode : "internal", r.emsg);
		if (r.eextra)
			json_object_update(json_object_get(ans, "error"), r.eextra);
		if (op->fn == op_hello && r.ecode && (strcmp(r.ecode, "unauthenticated") == 0 ||
		    strcmp(r.ecode, "limit_reached") == 0) &&
		    ++ss->failed_hellos >= SERVER_MAX_FAILED_HELLOS) {
			log_warn("conn %u: %d refused hellos: closed", ss->id, ss->failed_hellos);
			turn_answer(ss, id, ans, 0);
			net_close_after_flush(ss->conn);
			goto out_req;
		}
		if ((op->flags & OP_WRITES) && r.ecode && strcmp(r.ecode, "internal") == 0)
			srv.tx_failed = 1;
	}
	turn_answer(ss, id, ans, (op->flags & OP_WRITES) != 0);
out_req:
	json_decref(r.ans);
	json_decref(r.eextra);
	turn_request_end();
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
	turn_answer(ss, NULL, wire_error(NULL, "line_too_long", m), 0);
}

static void
on_close(struct conn *c)
{
	struct session *ss = net_conn_data(c), **pp;

	if (!ss)
		return;
	turn_forget(ss);
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
	char why[300] = "";
	int rc;

	server_status_stale();	/* a rolled-back turn, and whatever else: built anew */
	rc = turn_commit(why, sizeof why);
	if (rc < 0)
		server_reload();
	else
		eta_fill();
	eta_clear();
	turn_send_answers(rc < 0);
	/* the failed turn's events are not sent; the supervisors hear of the failure itself (a
	 * full disk, a broken disk: every write is refused until it can be saved again) */
	if (rc < 0) {
		char msg[400];

		turn_drop_events();
		snprintf(msg, sizeof msg, "the database cannot save changes (%.300s): takes, calls "
		    "and changes are refused until it can", why);
		if (!server_own_alert_find("storage_failed", NULL))	/* once, not every turn */
			server_own_alert("storage_failed", NULL, msg, clock_now(), 0);
	} else if (rc > 0 && server_own_alert_find("storage_failed", NULL)) {
		server_own_alert("storage_failed", NULL, "changes are saved again", clock_now(), 1);
	}
	/* after the commit (or the reload of a failed turn): what the queue now is */
	if (srv.unserved_dirty || rc != 0) {
		srv.unserved_dirty = 0;
		server_unserved_alerts(clock_now());
	}
	turn_send_events();
}

void
dispatch_shutdown(void)
{
	if (srv.in_tx)
		dispatch_turn_end();
	authq_stop();
	backup_shutdown();
	eta_shutdown();
}
