/* ops_admin.c — admin ops used by jhctl: import a hall, users, devices, the test clock. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "auth.h"
#include "backup.h"
#include "clock.h"
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
	json_t *changes;
	int line, rc;

	if (req_str(r, "text", 1, &text) < 0 || req_str(r, "file", 0, &file) < 0)
		return -1;
	if (!file)
		file = "hall";
	if ((line = hallconf_parse(text, &h, err, sizeof err)) != 0)
		return req_error(r, "bad_request", "%s:%s", file, err);
	/* refuse to drop what a live ticket still needs */
	for (int i = 0; i < q->nt; i++) {
		const struct ticket *t = &q->t[i];

		if (hallconf_service(&h, q->conf.svc[t->svc].code) < 0)
			return req_error(r, "conflict", "service %s still has ticket %s; it cannot "
			    "be removed now", q->conf.svc[t->svc].code, t->code);
		if (t->window >= 0 && hallconf_window(&h, q->conf.win[t->window].name) < 0)
			return req_error(r, "conflict", "window %s is serving %s; it cannot be "
			    "removed now", q->conf.win[t->window].name, t->code);
		if (t->pin >= 0 && hallconf_window(&h, q->conf.win[t->pin].name) < 0)
			return req_error(r, "conflict", "ticket %s waits for window %s; it cannot be "
			    "removed now", t->code, q->conf.win[t->pin].name);
	}
	/* the appointment sections ([appointments], [slots CODE]) */
	if (appt_server_check_hall(text, &h, err, sizeof err) < 0)
		return req_error(r, "bad_request", "%s:%s", file, err);
	changes = json_array();
	if (!srv.conf_loaded)
		json_array_append_new(changes, json_string("first import"));
	hallconf_diff(&q->conf, &h, changes);
	appt_server_diff(changes);
	/* refuse to drop what a live booking still needs: its citizen would be a no-show */
	if ((rc = appt_server_check_bookings(r->now, changes, err, sizeof err)) < 0) {
		json_decref(changes);
		return req_error(r, rc == -1 ? "conflict" : "internal", "%s", err);
	}
	if (store_save_conf(srv.store, &h, text) < 0 ||
	    store_event(srv.store, q, r->now, NULL, "import", r->ss->who, -1, file) < 0) {
		json_decref(changes);
		return req_error(r, "internal", "the database refused the hall");
	}
	if (server_reload() < 0) {
		json_decref(changes);
		return req_error(r, "internal", "cannot reload the hall");
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

int
op_user_add(struct req *r)
{
	const char *name, *rolename, *pw;
	char hash[AUTH_HASH_LEN], stored_role[32], stored_hash[AUTH_HASH_LEN];
	int role, created, replace = 1, exists;

	if (req_str(r, "name", 1, &name) < 0 || req_str(r, "role", 1, &rolename) < 0 ||
	    req_str(r, "password", 1, &pw) < 0 || req_bool(r, "replace", &replace) < 0)
		return -1;
	if (!valid_name(name))
		return req_error(r, "bad_request", "user names are 1 to 47 letters, digits or ._@-");
	if ((role = auth_role_parse(rolename)) < 0 || !auth_role_is_person(role))
		return req_error(r, "bad_request", "a user's role is clerk, supervisor or admin");
	if (!*pw || strlen(pw) > 1024)
		return req_error(r, "bad_request", "the password must be 1 to 1024 bytes");
	if (utf8_chars(pw) < (size_t)srv.min_password)
		return req_error(r, "bad_request", "the password must be at least %d characters "
		    "(jhd --min-password)", srv.min_password);
	/* "replace": false (jhctl user add without --replace): an existing user is kept */
	if (!replace) {
		exists = store_user_get(srv.store, name, stored_role, sizeof stored_role,
		    stored_hash, sizeof stored_hash);
		sodium_memzero(stored_hash, sizeof stored_hash);
		if (exists < 0)
			return req_error(r, "internal", "cannot read users");
		if (exists)
			return req_error(r, "conflict", "user %s exists (a %s); replace it to set a "
			    "new role and password (jhctl user add --replace)", name, stored_role);
	}
	if (auth_hash_password(pw, hash) < 0)
		return req_error(r, "internal", "cannot hash the password (out of memory?)");
	if (store_user_put(srv.store, name, rolename, hash, r->now, &created) < 0)
		return req_error(r, "internal", "the database refused the user");
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
		return req_error(r, "bad_request", "device names are 1 to 47 letters, digits or "
		    "._@-");
	if ((role = auth_role_parse(rolename)) < 0 || auth_role_is_person(role))
		return req_error(r, "bad_request", "a device's role is kiosk, display or monitor");
	auth_new_token(token);
	auth_token_hash(token, hash);
	if (store_device_put(srv.store, name, rolename, hash, r->now, &created) < 0)
		return req_error(r, "internal", "the database refused the device");
	log_info("device %s (%s) %s by %s", name, rolename, created ? "added" : "given a new token",
	    r->ss->who);
	json_object_set_new(r->ans, "device", json_string(name));
	json_object_set_new(r->ans, "role", json_string(rolename));
	json_object_set_new(r->ans, "token", json_string(token));
	json_object_set_new(r->ans, "created", json_boolean(created));
	sodium_memzero(token, sizeof token);
	return 0;
}

int
op_user_list(struct req *r)
{
	json_t *a = store_user_list(srv.store);

	if (!a)
		return req_error(r, "internal", "cannot read users");
	json_object_set_new(r->ans, "users", a);
	return 0;
}

int
op_device_list(struct req *r)
{
	json_t *a = store_device_list(srv.store);

	if (!a)
		return req_error(r, "internal", "cannot read devices");
	json_object_set_new(r->ans, "devices", a);
	return 0;
}

int
op_clock(struct req *r)
{
	const char *set;
	long long adv = 0, t;
	int has_adv;
	char now[40];

	if (req_str(r, "set", 0, &set) < 0 || req_int(r, "advance_s", 0, &adv, &has_adv) < 0)
		return -1;
	if (!clock_is_test())
		return req_error(r, "conflict", "jhd runs on the real clock (start it with "
		    "--test-clock)");
	if (!set == !has_adv)
		return req_error(r, "bad_request", "give either set (ISO 8601) or advance_s");
	if (set) {
		if (clock_parse_iso(set, &t) < 0)
			return req_error(r, "bad_request", "set: not an ISO 8601 time: '%s'", set);
		clock_set(t);
	} else {
		if (adv < 0 || adv > 10LL * 365 * 86400)
			return req_error(r, "bad_request", "advance_s must be 0 to ten years");
		clock_advance(adv);
	}
	r->now = clock_now();
	server_day_check(r->now);
	server_balance_tick(r->now);
	json_object_set_new(r->ans, "now", json_string(clock_iso(r->now, now, sizeof now)));
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
		return req_error(r, "bad_request", "path must be absolute (it is the server's to "
		    "write, from the server's folder)");
	if (backup_submit(r->ss->id, json_object_get(r->msg, "id"), srv.db_path, path, &e, err,
	    sizeof err) < 0)
		return req_error(r, e == EEXIST || e == EBUSY ? "conflict" : e == 0 ? "internal" :
		    "bad_request", "%s", err);
	return REQ_DEFER;	/* answered by backup_done when the copy is made and checked */
}
