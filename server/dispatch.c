/* dispatch.c — from a line to an answer: UTF-8 and JSON checks, the op table (roles, whether
 * the op writes), the sessions of connections, and the end of a loop turn (turn.c commits and
 * sends, eta.c fills the figures, alerts.c follows what the turn changed). The top of jhd's
 * calls: nothing below calls back up into it (docs/INTERNALS.md). */
#include <pwd.h>
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
#include "fault.h"
#include "log.h"
#include "mono.h"
#include "net.h"
#include "optable.h"
#include "server.h"
#include "turn.h"
#include "utf8.h"
#include "wire.h"

static void handle_msg(struct session *ss, json_t *msg, const struct authq_job *pw);

static void
handle_line(struct session *ss, char *line, size_t len)
{
	json_error_t je;
	json_t *msg;
	size_t bad;
	char m[300];
	long nulls;

	if (len == 0)
		return;
	if (!utf8_valid(line, len, &bad)) {
		snprintf(m, sizeof m, "the line is not valid UTF-8 (byte %zu)", bad);
		turn_answer(ss, NULL, wire_error(NULL, ERR_BAD_REQUEST, m), 0);
		return;
	}
	nulls = jh_alloc_failures();
	msg = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (!msg && jh_alloc_failures() != nulls) {
		/* not the client's fault (jansson calls it a syntax error), and its id is
		 * unknown: answered in its place */
		turn_unread(ss);
		return;
	}
	if (!msg) {
		snprintf(m, sizeof m, "not JSON: %s (column %d)", je.text, je.column);
		turn_answer(ss, NULL, wire_error(NULL, ERR_BAD_REQUEST, m), 0);
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
		char size[64];

		snprintf(size, sizeof size, "%lld bytes", (long long)j->bytes);
		server_audit_session(ss, clock_now(), "backup", j->dst, NULL, j->ok ? size :
		    "failed");
		if (j->ok)
			ans = json_pack("{s:O, s:b, s:{s:s, s:I, s:I, s:I}}", "id",
			    j->id ? j->id : json_null(), "ok", 1, "backup", "path", j->dst,
			    "bytes", (json_int_t)j->bytes, "tickets", (json_int_t)j->tickets,
			    "events", (json_int_t)j->events);
		else
			ans = wire_error(j->id, ERR_INTERNAL, j->err);
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
	long long t0;

	id = json_object_get(msg, "id");
	if (!json_is_object(msg)) {
		turn_answer(ss, NULL, wire_error(NULL, ERR_BAD_REQUEST,
		    "a request is a JSON object"), 0);
		goto out;
	}
	opname = json_string_value(json_object_get(msg, "op"));
	if (!opname) {
		turn_answer(ss, id, wire_error(id, ERR_BAD_REQUEST,
		    "missing field 'op' (a string)"), 0);
		goto out;
	}
	if (!(op = optable_find(opname))) {
		snprintf(m, sizeof m, "unknown op '%.*s'", (int)utf8_cut(opname, 100), opname);
		turn_answer(ss, id, wire_error(id, ERR_UNKNOWN_OP, m), 0);
		goto out;
	}
	if (!ss->authed && !(op->flags & OP_NOAUTH)) {
		optable_count(op, 1, 0);
		turn_answer(ss, id, wire_error(id, ERR_UNAUTHENTICATED, "say hello first"), 0);
		goto out;
	}
	if (ss->authed && !(op->roles & (1 << ss->role))) {
		snprintf(m, sizeof m, "a %s may not %s", auth_role_name(ss->role), opname);
		optable_count(op, 1, 0);
		turn_answer(ss, id, wire_error(id, ERR_FORBIDDEN, m), 0);
		goto out;
	}
	memset(&r, 0, sizeof r);
	r.ss = ss;
	r.msg = msg;
	r.pw = pw;
	r.ans = json_object();
	failures = turn_request_begin();
	r.now = clock_now();
	t0 = mono_us();
	if (server_rate_check(&r, op->name) < 0) {
		rc = -1;	/* refused before it costs anything: no transaction, no yield */
		goto answer;
	}
	if (op->flags & OP_WRITES)
		server_status_stale();
	if (op->flags & OP_HEAVY)
		net_conn_yield(ss->conn);
	t0 = mono_us();
	if (optable_check_fields(op, &r) < 0) {
		rc = -1;	/* before any write: nothing to roll back */
	} else if ((op->flags & OP_WRITES) && server_begin() < 0) {
		rc = req_error(&r, ERR_INTERNAL, "the database cannot start a transaction");
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
answer:
	if (rc != REQ_DEFER)	/* (a deferred hello counts when it is answered) */
		optable_count(op, rc != 0, mono_us() - t0);
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
		ans = wire_error(id, r.err ? r.err : ERR_INTERNAL, r.emsg);
		if (r.eextra)
			json_object_update(json_object_get(ans, "error"), r.eextra);
		if (op->fn == op_hello && (r.err == ERR_UNAUTHENTICATED ||
		    r.err == ERR_LIMIT_REACHED) &&
		    ++ss->failed_hellos >= SERVER_MAX_FAILED_HELLOS) {
			log_warn("conn %u: %d refused hellos: closed", ss->id, ss->failed_hellos);
			turn_answer(ss, id, ans, 0);
			net_close_after_flush(ss->conn);
			goto out_req;
		}
		if ((op->flags & OP_WRITES) && r.err == ERR_INTERNAL)
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
	struct session *ss = jh_calloc(1, sizeof *ss);

	if (!ss) {
		/* nothing read from it yet: refused as if at accept */
		log_warn("conn %u: no memory for its session: closed", net_conn_id(c));
		net_close(c);
		return;
	}
	ss->conn = c;
	ss->id = net_conn_id(c);
	ss->unauth_since = mono_ms();
	snprintf(ss->origin, sizeof ss->origin, "%s", net_conn_peer(c));
	if (net_conn_is_unix(c)) {
		long pid;
		unsigned uid;

		/* for the audit trail: the process and OS user at the other end */
		if (net_conn_cred(c, &pid, &uid) == 0) {
			struct passwd pw, *pp = NULL;
			char buf[1024];

			snprintf(ss->origin, sizeof ss->origin, "admin socket pid %ld", pid);
			if (getpwuid_r(uid, &pw, buf, sizeof buf, &pp) == 0 && pp)
				snprintf(ss->os_user, sizeof ss->os_user, "%s", pp->pw_name);
			else
				snprintf(ss->os_user, sizeof ss->os_user, "uid %u", uid);
		} else {
			snprintf(ss->origin, sizeof ss->origin, "admin socket");
		}
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
	turn_answer(ss, NULL, wire_error(NULL, ERR_LINE_TOO_LONG, m), 0);
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
	long long now = mono_ms(), limit = srv.hello_timeout_s * 1000LL;
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
	long long now;
	int rc, early;

	server_status_stale();	/* a rolled-back turn, and whatever else: built anew */
	eta_give();
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
	/* after the commit (or the reload of a failed turn): what the queue now is; and at the
	 * opening time (the tick's turn, or the test clock's), which windows count changes */
	now = clock_now();
	early = queue_opens_at(&srv.q, now) > now;
	if (srv.unserved_dirty || rc != 0 || early != srv.unserved_early) {
		srv.unserved_dirty = 0;
		srv.unserved_early = early;
		server_unserved_alerts(now);
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
