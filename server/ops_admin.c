/* ops_admin.c — admin ops used by jhctl: import a hall, users, devices, the test clock. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "auth.h"
#include "backup.h"
#include "clock.h"
#include "fault.h"
#include "log.h"
#include "server.h"
#include "store.h"

int
op_import(struct req *r)
{
	static struct hall_conf h;	/* large: not on the stack */
	const char *text, *file;
	struct queue *q = &srv.q;
	char err[512];
	struct hall_section_reader readers[SERVER_HALL_READERS];
	json_t *changes;
	int line, rc;
	long nomem;

	if (req_str(r, "text", 1, &text) < 0 || req_str(r, "file", 0, &file) < 0)
		return -1;
	if (!file)
		file = "hall";
	/* one reading of the file: the hall's sections into h, the appointments' and
	 * [district] for the reload that takes them */
	server_hall_readers(readers);
	nomem = jh_alloc_failures();
	if ((line = hallconf_parse_sections(text, &h, err, sizeof err, readers,
	    SERVER_HALL_READERS)) != 0)
		return req_error(r, jh_alloc_failures() > nomem ? ERR_INTERNAL : ERR_BAD_REQUEST,
		    "%s:%s", file, err);	/* out of memory is not the file's fault */
	/* refuse to drop what a live ticket still needs */
	for (int i = 0; i < q->nt; i++) {
		const struct ticket *t = &q->t[i];

		if (hallconf_service(&h, q->conf.svc[t->svc].code) < 0)
			return req_error(r, ERR_CONFLICT, "service %s still has ticket %s; it cannot "
			    "be removed now", q->conf.svc[t->svc].code, t->code);
		if (t->window >= 0 && hallconf_window(&h, q->conf.win[t->window].name) < 0)
			return req_error(r, ERR_CONFLICT, "window %s is serving %s; it cannot be "
			    "removed now", q->conf.win[t->window].name, t->code);
		if (t->pin >= 0 && hallconf_window(&h, q->conf.win[t->pin].name) < 0)
			return req_error(r, ERR_CONFLICT, "ticket %s waits for window %s; it cannot be "
			    "removed now", t->code, q->conf.win[t->pin].name);
	}
	/* the appointment sections ([appointments], [slots CODE]) */
	if (appt_server_check_hall(&h, err, sizeof err) < 0)
		return req_error(r, ERR_BAD_REQUEST, "%s:%s", file, err);
	changes = json_array();
	if (!srv.conf_loaded)
		json_array_append_new(changes, json_string("first import"));
	hallconf_diff(&q->conf, &h, changes);
	appt_server_diff(changes);
	/* refuse to drop what a live booking still needs: its citizen would be a no-show */
	if ((rc = appt_server_check_bookings(r->now, changes, err, sizeof err)) < 0) {
		json_decref(changes);
		return req_error(r, rc == -1 ? ERR_CONFLICT : ERR_INTERNAL, "%s", err);
	}
	{
		char before[128], after[AUDIT_TEXT_MAX];
		size_t n;

		if (srv.conf_loaded)
			snprintf(before, sizeof before, "%d services, %d windows", q->conf.nsvc,
			    q->conf.nwin);
		else
			snprintf(before, sizeof before, "no hall");
		n = (size_t)snprintf(after, sizeof after, "%d services, %d windows; changes:",
		    h.nsvc, h.nwin);
		for (size_t i = 0; i < json_array_size(changes) && n < sizeof after; i++)
			n += (size_t)snprintf(after + n, sizeof after - n, "%s %s", i ? ";" : "",
			    json_string_value(json_array_get(changes, i)));
		if (store_save_conf(srv.store, &h, text) < 0 ||
		    store_event(srv.store, q, r->now, NULL, "import", r->ss->who, -1, file) < 0) {
			json_decref(changes);
			return req_error(r, ERR_INTERNAL, "the database refused the hall");
		}
		if (server_audit(r, "import", file, before, after) < 0) {
			json_decref(changes);
			return -1;
		}
	}
	if (server_reload_imported(text) < 0) {
		json_decref(changes);
		return req_error(r, ERR_INTERNAL, "cannot reload the hall");
	}
	log_info("hall imported from %s by %s: %zu changes", file, r->ss->who,
	    json_array_size(changes));
	json_object_set_new(r->ans, "changes", changes);
	json_object_set_new(r->ans, "departments", json_integer(h.ndept));
	json_object_set_new(r->ans, "services", json_integer(h.nsvc));
	json_object_set_new(r->ans, "windows", json_integer(h.nwin));
	for (int w = 0; w < srv.q.conf.nwin; w++)
		server_window_changed(w);
	return 0;
}

static int
valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 47)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._@-", *s))
			return 0;
	return 1;
}

/* Characters (not bytes) of a UTF-8 string. */
static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* A new password: 0, or -1 with bad_request (the policy) set. */
static int
password_ok(struct req *r, const char *pw)
{
	if (!*pw || strlen(pw) > 1024)
		return req_error(r, ERR_BAD_REQUEST, "the password must be 1 to 1024 bytes");
	if (utf8_chars(pw) < (size_t)srv.min_password)
		return req_error(r, ERR_BAD_REQUEST, "the password must be at least %d characters "
		    "(jhd --min-password)", srv.min_password);
	return 0;
}

int
op_user_add(struct req *r)
{
	const char *name, *rolename, *pw;
	char hash[AUTH_HASH_LEN], stored_role[32] = "", stored_hash[AUTH_HASH_LEN];
	int role, created, replace = 1, exists;

	if (req_str(r, "name", 1, &name) < 0 || req_str(r, "role", 1, &rolename) < 0 ||
	    req_str(r, "password", 1, &pw) < 0 || req_bool(r, "replace", &replace) < 0)
		return -1;
	if (!valid_name(name))
		return req_error(r, ERR_BAD_REQUEST, "user names are 1 to 47 letters, digits or ._@-");
	if ((role = auth_role_parse(rolename)) < 0 || !auth_role_is_person(role))
		return req_error(r, ERR_BAD_REQUEST, "a user's role is clerk, supervisor or admin");
	if (password_ok(r, pw) < 0)
		return -1;
	/* "replace": false (jhctl user add without --replace): an existing user is kept */
	exists = store_cred_get(srv.store, 0, name, stored_role, sizeof stored_role, stored_hash,
	    sizeof stored_hash);
	sodium_memzero(stored_hash, sizeof stored_hash);
	if (exists < 0)
		return req_error(r, ERR_INTERNAL, "cannot read users");
	if (exists && !replace)
		return req_error(r, ERR_CONFLICT, "user %s exists (a %s); replace it to set a new "
		    "role and password (jhctl user add --replace)", name, stored_role);
	if (auth_hash_password(pw, hash) < 0)
		return req_error(r, ERR_INTERNAL, "cannot hash the password (out of memory?)");
	if (store_cred_put(srv.store, 0, name, rolename, hash, r->now, &created) < 0)
		return req_error(r, ERR_INTERNAL, "the database refused the user");
	{
		char target[64], before[64], after[64];

		snprintf(target, sizeof target, "user %s", name);
		snprintf(before, sizeof before, "role %s", stored_role);
		snprintf(after, sizeof after, "role %s, a new password", rolename);
		/* a replaced user with another role: a role change */
		if (server_audit(r, created ? "user_add" : strcmp(stored_role, rolename) != 0 ?
		    "user_role" : "user_passwd", target, created ? NULL : before, after) < 0)
			return -1;
	}
	/* a lower role: sessions signed in above it end (people may sign in lower) */
	if (!created && strcmp(stored_role, rolename) != 0) {
		int keep = role == ROLE_ADMIN ? R_PEOPLE : role == ROLE_SUPERVISOR ?
		    R_CLERK | R_SUPERVISOR : R_CLERK;
		char why[128];

		snprintf(why, sizeof why, "user %s is now a %s (by %s)", name, rolename,
		    r->ss->who);
		json_object_set_new(r->ans, "sessions_closed", json_integer(server_sign_out(name,
		    0, R_PEOPLE & ~keep, why)));
	}
	log_info("user %s (%s) %s by %s", name, rolename, created ? "added" : "updated",
	    r->ss->who);
	json_object_set_new(r->ans, "user", json_string(name));
	json_object_set_new(r->ans, "role", json_string(rolename));
	json_object_set_new(r->ans, "created", json_boolean(created));
	return 0;
}

int
op_device_add(struct req *r)
{
	const char *name, *rolename;
	char token[AUTH_TOKEN_LEN], hash[AUTH_TOKEN_LEN];
	int role, created;

	if (req_str(r, "name", 1, &name) < 0 || req_str(r, "role", 1, &rolename) < 0)
		return -1;
	if (!valid_name(name))
		return req_error(r, ERR_BAD_REQUEST, "device names are 1 to 47 letters, digits or "
		    "._@-");
	if ((role = auth_role_parse(rolename)) < 0 || auth_role_is_person(role))
		return req_error(r, ERR_BAD_REQUEST, "a device's role is kiosk, display or monitor");
	auth_new_token(token);
	auth_token_hash(token, hash);
	if (store_cred_put(srv.store, 1, name, rolename, hash, r->now, &created) < 0)
		return req_error(r, ERR_INTERNAL, "the database refused the device");
	{
		char target[64], after[64];

		snprintf(target, sizeof target, "device %s", name);
		snprintf(after, sizeof after, "role %s, a new token", rolename);
		if (server_audit(r, created ? "device_add" : "device_token", target, NULL,
		    after) < 0) {
			sodium_memzero(token, sizeof token);
			return -1;
		}
	}
	log_info("device %s (%s) %s by %s", name, rolename, created ? "added" : "given a new token",
	    r->ss->who);
	json_object_set_new(r->ans, "device", json_string(name));
	json_object_set_new(r->ans, "role", json_string(rolename));
	json_object_set_new(r->ans, "token", json_string(token));
	json_object_set_new(r->ans, "created", json_boolean(created));
	sodium_memzero(token, sizeof token);
	return 0;
}

/* The list a (NULL: the store could not read it) as the answer's field key. */
static int
answer_list(struct req *r, const char *key, json_t *a)
{
	if (!a)
		return req_error(r, ERR_INTERNAL, "cannot read %s", key);
	json_object_set_new(r->ans, key, a);
	return 0;
}

int
op_user_list(struct req *r)
{
	return answer_list(r, "users", store_user_list(srv.store));
}

int
op_device_list(struct req *r)
{
	return answer_list(r, "devices", store_device_list(srv.store));
}

int
op_clock(struct req *r)
{
	const char *set;
	long long adv = 0, t;
	int has_adv;
	char now[40], before[40];

	if (req_str(r, "set", 0, &set) < 0 || req_int(r, "advance_s", 0, &adv, &has_adv) < 0)
		return -1;
	if (!clock_is_test())
		return req_error(r, ERR_CONFLICT, "jhd runs on the real clock (start it with "
		    "--test-clock)");
	if (!set == !has_adv)
		return req_error(r, ERR_BAD_REQUEST, "give either set (ISO 8601) or advance_s");
	clock_iso(r->now, before, sizeof before);
	if (set) {
		if (clock_parse_iso(set, &t) < 0)
			return req_error(r, ERR_BAD_REQUEST, "set: not an ISO 8601 time: '%s'", set);
		clock_set(t);
	} else {
		if (adv < 0 || adv > 10LL * 365 * 86400)
			return req_error(r, ERR_BAD_REQUEST, "advance_s must be 0 to ten years");
		clock_advance(adv);
	}
	r->now = clock_now();
	clock_iso(r->now, now, sizeof now);
	if (server_audit(r, "clock", "test clock", before, now) < 0)
		return -1;
	server_day_check(r->now);
	server_balance_tick(r->now);
	json_object_set_new(r->ans, "now", json_string(now));
	return 0;
}

int
op_clock_confirm(struct req *r)
{
	struct clock_guard *g = &srv.clock_guard;
	char step[40], before[64], now[40];
	long long by = g->step;

	if (clock_is_test() || !g->suspect)
		return req_error(r, ERR_CONFLICT, "the clock has not stepped: nothing to confirm");
	clock_step_text(g->step, step, sizeof step);
	snprintf(before, sizeof before, "stepped %s", step);
	clock_iso(r->now, now, sizeof now);
	if (server_audit(r, "clock_confirm", "system clock", before, now) < 0)
		return -1;
	clock_guard_trust(g, r->now, clock_boot_ms());
	if (server_clock_save() < 0)
		return req_error(r, ERR_INTERNAL, "the database refused the change");
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

int
op_backup(struct req *r)
{
	const char *path;
	char err[PATH_MAX + 64];
	int e;

	if (req_str(r, "path", 1, &path) < 0)
		return -1;
	if (path[0] != '/')
		return req_error(r, ERR_BAD_REQUEST, "path must be absolute (it is the server's to "
		    "write, from the server's folder)");
	if (backup_submit(r->ss->id, json_object_get(r->msg, "id"), srv.db_path, path, &e, err,
	    sizeof err) < 0)
		return req_error(r, e == EEXIST || e == EBUSY ? ERR_CONFLICT : e == 0 ? ERR_INTERNAL :
		    ERR_BAD_REQUEST, "%s", err);
	return REQ_DEFER;	/* answered by backup_done when the copy is made and checked */
}

/* The user or device the request names ("name"), which must exist: 0 and *name, or -1. */
static int
named(struct req *r, int device, const char **name, char *role, int rolelen)
{
	char hash[AUTH_HASH_LEN];
	int found;

	if (req_str(r, "name", 1, name) < 0)
		return -1;
	found = store_cred_get(srv.store, device, *name, role, rolelen, hash, sizeof hash);
	sodium_memzero(hash, sizeof hash);
	if (found < 0)
		return req_error(r, ERR_INTERNAL, "cannot read %s", device ? "devices" : "users");
	if (!found)
		return req_error(r, ERR_NOT_FOUND, "no %s '%s'", device ? "device" : "user", *name);
	return 0;
}

int
op_user_passwd(struct req *r)
{
	const char *name, *pw;
	char role[32], hash[AUTH_HASH_LEN], target[64];

	if (named(r, 0, &name, role, sizeof role) < 0 || req_str(r, "password", 1, &pw) < 0 ||
	    password_ok(r, pw) < 0)
		return -1;
	if (auth_hash_password(pw, hash) < 0)
		return req_error(r, ERR_INTERNAL, "cannot hash the password (out of memory?)");
	if (store_user_set_hash(srv.store, name, hash) < 0)
		return req_error(r, ERR_INTERNAL, "the database refused the password");
	snprintf(target, sizeof target, "user %s", name);
	if (server_audit(r, "user_passwd", target, NULL, "a new password") < 0)
		return -1;
	log_info("user %s: new password set by %s", name, r->ss->who);
	json_object_set_new(r->ans, "user", json_string(name));
	return 0;
}

/* Disable (on 1) or enable a user, or revoke a device's token (device 1, on 1): its sign-ins
 * are refused from now on and its sessions closed. */
static int
set_disabled(struct req *r, int device, int on)
{
	const char *name, *what = device ? "device_revoke" : on ? "user_disable" : "user_enable";
	char role[32], target[64], why[128];
	int was, n = 0;

	if (named(r, device, &name, role, sizeof role) < 0)
		return -1;
	if ((was = store_cred_disabled(srv.store, device, name)) < 0 ||
	    store_cred_set_disabled(srv.store, device, name, on) < 0)
		return req_error(r, ERR_INTERNAL, "the database refused the change");
	snprintf(target, sizeof target, "%s %s", device ? "device" : "user", name);
	if (server_audit(r, what, target, was ? (device ? "revoked" : "disabled") : "enabled",
	    on ? (device ? "revoked" : "disabled") : "enabled") < 0)
		return -1;
	if (on) {
		snprintf(why, sizeof why, "%s %s was %s by %s", device ? "device" : "user", name,
		    device ? "revoked" : "disabled", r->ss->who);
		n = server_sign_out(name, device, R_ALL, why);
	}
	log_info("%s %s %s by %s (%d session%s closed)", device ? "device" : "user", name,
	    on ? (device ? "revoked" : "disabled") : "enabled", r->ss->who, n, n == 1 ? "" : "s");
	json_object_set_new(r->ans, device ? "device" : "user", json_string(name));
	json_object_set_new(r->ans, "disabled", json_boolean(on));
	json_object_set_new(r->ans, "sessions_closed", json_integer(n));
	return 0;
}

int op_user_disable(struct req *r) { return set_disabled(r, 0, 1); }
int op_user_enable(struct req *r) { return set_disabled(r, 0, 0); }
int op_device_revoke(struct req *r) { return set_disabled(r, 1, 1); }

int
op_user_del(struct req *r)
{
	const char *name;
	char role[32], target[64], before[64], why[128];
	int n;

	if (named(r, 0, &name, role, sizeof role) < 0)
		return -1;
	if (store_user_del(srv.store, name) < 0)
		return req_error(r, ERR_INTERNAL, "the database refused the change");
	snprintf(target, sizeof target, "user %s", name);
	snprintf(before, sizeof before, "role %s", role);
	if (server_audit(r, "user_del", target, before, "deleted") < 0)
		return -1;
	snprintf(why, sizeof why, "user %s was deleted by %s", name, r->ss->who);
	n = server_sign_out(name, 0, R_ALL, why);
	log_info("user %s deleted by %s (%d session%s closed)", name, r->ss->who, n,
	    n == 1 ? "" : "s");
	json_object_set_new(r->ans, "user", json_string(name));
	json_object_set_new(r->ans, "sessions_closed", json_integer(n));
	return 0;
}
