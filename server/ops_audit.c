/* ops_audit.c — the audit trail as jhd writes and shows it: a row for each supervisor and
 * admin action, named by the session's user (or the admin socket's OS user) and origin; the
 * ops audit (list) and audit_verify (the hash chain recomputed). Rows: store.c; hashes:
 * audit.c. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "clock.h"
#include "log.h"
#include "server.h"
#include "store.h"
#include "utf8.h"

#define AUDIT_LIST_MAX 1000	/* rows in one answer; more with after_id */
#define AUDIT_VERIFY_CHUNK 5000	/* rows checked by one audit_verify */

int
server_audit_session(const struct session *ss, long long at, const char *action,
    const char *target, const char *before, const char *after)
{
	static char t[AUDIT_TEXT_MAX], b[AUDIT_TEXT_MAX], a[AUDIT_TEXT_MAX];
	struct audit_entry e;

	memset(&e, 0, sizeof e);
	e.at = at;
	if (ss) {
		/* on the admin socket "local" is the OS user who ran jhctl */
		e.who = strcmp(ss->who, "local") == 0 && ss->os_user[0] ? ss->os_user : ss->who;
		e.role = auth_role_name(ss->role);
		e.origin = ss->origin;
	} else {
		e.who = e.role = e.origin = "jhd";
	}
	e.action = action;
	e.target = utf8_copy(t, sizeof t, target ? target : "");
	e.before = utf8_copy(b, sizeof b, before ? before : "");
	e.after = utf8_copy(a, sizeof a, after ? after : "");
	if (server_begin() < 0 || store_audit_append(srv.store, &e) < 0) {
		srv.tx_failed = 1;	/* no action without its row: the turn is rolled back */
		return -1;
	}
	log_info("audit #%lld: %s (%s, %s) %s %s: %s -> %s", e.id, e.who, e.role, e.origin,
	    action, e.target, e.before[0] ? e.before : "-", e.after[0] ? e.after : "-");
	return 0;
}

int
server_audit(struct req *r, const char *action, const char *target, const char *before,
    const char *after)
{
	if (server_audit_session(r->ss, r->now, action, target, before, after) < 0)
		return req_error(r, ERR_INTERNAL, "the audit trail cannot be written");
	return 0;
}

int
op_audit(struct req *r)
{
	const char *since;
	long long t = 0, after = 0, limit = AUDIT_LIST_MAX;
	json_t *rows;

	if (req_str(r, "since", 0, &since) < 0 || req_int(r, "after_id", 0, &after, NULL) < 0 ||
	    req_int(r, "limit", 0, &limit, NULL) < 0)
		return -1;
	if (since && clock_parse_iso(since, &t) < 0)
		return req_error(r, ERR_BAD_REQUEST, "since: not an ISO 8601 time: '%.40s'", since);
	if (limit < 1 || limit > AUDIT_LIST_MAX)
		return req_error(r, ERR_BAD_REQUEST, "limit must be 1 to %d", AUDIT_LIST_MAX);
	if (!(rows = store_audit_list(srv.store, t, after, (int)limit)))
		return req_error(r, ERR_INTERNAL, "cannot read the audit trail");
	for (size_t i = 0; i < json_array_size(rows); i++) {
		json_t *row = json_array_get(rows, i);
		char when[40];

		clock_iso(json_integer_value(json_object_get(row, "at")), when, sizeof when);
		json_object_set_new(row, "at", json_string(when));
	}
	json_object_set_new(r->ans, "audit", rows);
	return 0;
}

/* A chunk of the chain at a time (40-90 ms of the loop measured): the answer says where to go on
 * (after_id, prev), and jhctl audit verify calls again until done. */
int
op_audit_verify(struct req *r)
{
	struct audit_cursor c = { 0, "" };
	long long rows, bad, after = 0;
	const char *prev = NULL;
	char why[200] = "";
	int present, rc;

	if (req_int(r, "after_id", 0, &after, &present) < 0 ||
	    req_str(r, "prev", present, &prev) < 0)
		return -1;
	if (after < 0 || (prev && (!present || strlen(prev) != AUDIT_HASH_HEX - 1)))
		return req_error(r, ERR_BAD_REQUEST, "after_id and prev are where the last answer "
		    "said to go on");
	c.last = after;
	snprintf(c.prev, sizeof c.prev, "%s", prev ? prev : audit_genesis);
	if ((rc = store_audit_verify(srv.store, &c, AUDIT_VERIFY_CHUNK, &rows, &bad, why,
	    sizeof why)) < 0)
		return req_error(r, ERR_INTERNAL, "cannot read the audit trail");
	json_object_set_new(r->ans, "rows", json_integer(rows));
	json_object_set_new(r->ans, "intact", json_boolean(rc != 1));
	json_object_set_new(r->ans, "done", json_boolean(rc != 2));
	if (rc == 2) {
		json_object_set_new(r->ans, "after_id", json_integer(c.last));
		json_object_set_new(r->ans, "prev", json_string(c.prev));
	} else if (rc == 1) {
		json_object_set_new(r->ans, "broken_row", json_integer(bad));
		json_object_set_new(r->ans, "why", json_string(why));
		log_warn("audit trail broken at row %lld: %s", bad, why);
	}
	return 0;
}
