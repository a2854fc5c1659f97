/* dist_ops.c — jhdistrict's op table: each op checks its fields (an ID number is checked,
 * hashed and masked here and goes no further), sends one statement (dist_sql.c) through the
 * pool, and turns the statement's JSON into the answer. A connection's next line waits until
 * its answer is out (net_conn_hold), so answers keep request order. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "appt_id.h"
#include "appt_time.h"
#include "clock.h"
#include "dist_conf.h"
#include "dist_import.h"
#include "dist_ops.h"
#include "dist_sql.h"
#include "dist_tickets.h"
#include "jhcli.h"
#include "log.h"
#include "net.h"
#include "pgpool.h"

#define FIELD_MAX	64	/* codes, event ids, request keys, names, mobiles: bytes at most */
#define CHANGES_MAX	1000	/* bookings in one changes answer at most */
#define NELEM(a)	(sizeof (a) / sizeof (a)[0])

/* A connection; freed when its connection is gone and no statement of it is out. */
struct client {
	struct conn *conn;	/* NULL once closed */
	int busy;		/* a statement of it is out */
	char centre[DIST_CODE_MAX];	/* signed in as this centre ("" when not) */
	char front[DIST_CODE_MAX];	/* signed in as this front end ("" when not) */
};

/* A signer's token, as a hash (compared in constant time). */
struct signer {
	char name[DIST_CODE_MAX];
	unsigned char hash[crypto_generichash_BYTES];
};
/* The centres' (--centre-tokens) and the front ends' (--frontend-tokens). */
static struct signer tokens[DIST_MAX_CENTRES], fronts[DIST_MAX_FRONTENDS];
static int ntokens, nfronts;

/* One request whose statement is out. */
struct dreq {
	struct client *cl;
	json_t *id;
	const char *op;
};

static struct pgpool *pool;
static const unsigned char *id_key;
static const struct dist_rules *rules;

static const char *const channels[] = { "web", "wechat", "app", "phone", "counter", "kiosk" };

static void
send_json(struct client *cl, json_t *o)
{
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(12)) : NULL;

	if (!cl->conn) {
		free(s);
		return;
	}
	if (!s) {
		static const char fb[] = "{\"id\":null,\"ok\":false,\"error\":{\"code\":\"internal\","
		    "\"message\":\"the answer could not be built\"}}\n";

		net_send(cl->conn, fb, sizeof fb - 1);
		return;
	}
	net_send(cl->conn, s, strlen(s));
	net_send(cl->conn, "\n", 1);
	free(s);
}

static void
send_error(struct client *cl, json_t *id, const char *code, const char *msg)
{
	json_t *o = json_pack("{s:O?,s:b,s:{s:s,s:s}}", "id", id, "ok", 0, "error", "code", code,
	    "message", msg);

	send_json(cl, o);
	json_decref(o);
}

/* A request refused: the error answered with its id; -1 for the op to return. */
static int
bad_request(struct client *cl, json_t *req, const char *msg)
{
	send_error(cl, json_object_get(req, "id"), "bad_request", msg);
	return -1;
}

/* The index of s in the table of n names, or -1. */
static int
name_index(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

static void
client_release(struct client *cl)
{
	cl->busy = 0;
	if (!cl->conn)
		free(cl);
	else
		net_conn_hold(cl->conn, 0);
}

/* The statement's JSON {ok, ...} or {ok:false, code, message, ...} as the answer. */
static void
query_done(void *arg, const PGresult *res, const char *err)
{
	struct dreq *r = arg;
	json_t *row = NULL, *ans;

	if (res && PQntuples(res) == 1 && PQnfields(res) == 1)
		row = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
	if (!json_is_object(row)) {
		char msg[256];

		snprintf(msg, sizeof msg, "%s", err ? err : "the database gave no answer");
		msg[strcspn(msg, "\n")] = '\0';
		log_warn("op %s: %s", r->op, msg);
		send_error(r->cl, r->id, err && strstr(err, "unreachable") ? "unavailable" :
		    "internal", msg);
	} else if (json_is_true(json_object_get(row, "ok"))) {
		ans = json_pack("{s:O?}", "id", r->id);
		json_object_update(ans, row);
		send_json(r->cl, ans);
		json_decref(ans);
	} else {
		json_t *e = json_deep_copy(row);

		json_object_del(e, "ok");
		ans = json_pack("{s:O?,s:b,s:o}", "id", r->id, "ok", 0, "error", e);
		send_json(r->cl, ans);
		json_decref(ans);
	}
	json_decref(row);
	client_release(r->cl);
	json_decref(r->id);
	free(r);
}

/* Send sql with params for the request req; 0 (the answer comes later), or -1 with an error
 * already sent. */
static int
run(struct client *cl, json_t *req, const char *op, const char *sql, int n,
    const char *const *params)
{
	struct dreq *r = calloc(1, sizeof *r);
	json_t *id = json_object_get(req, "id");

	if (!r || pgpool_query(pool, sql, n, params, query_done, r) < 0) {
		free(r);
		send_error(cl, id, "unavailable", "the district is overloaded; try again later");
		return -1;
	}
	r->cl = cl;
	r->id = json_incref(id);
	r->op = op;
	cl->busy = 1;
	net_conn_hold(cl->conn, 1);
	return 0;
}

/* Field readers: the value, or NULL with an error sent. */
static const char *
str_field(struct client *cl, json_t *req, const char *name, int required, size_t max)
{
	json_t *v = json_object_get(req, name);
	char msg[160];

	if (!v || json_is_null(v)) {
		if (!required)
			return "";
		snprintf(msg, sizeof msg, "missing field '%s'", name);
	} else if (!json_is_string(v)) {
		snprintf(msg, sizeof msg, "field '%s' must be a string", name);
	} else if (json_string_length(v) == 0 && required) {
		snprintf(msg, sizeof msg, "field '%s' is empty", name);
	} else if (json_string_length(v) > max) {
		snprintf(msg, sizeof msg, "field '%s' is longer than %zu bytes", name, max);
	} else {
		return json_string_value(v);
	}
	bad_request(cl, req, msg);
	return NULL;
}

static const char *
centre_field(struct client *cl, json_t *req)
{
	const char *c = str_field(cl, req, "centre", 1, DIST_CODE_MAX - 1);

	if (c && !dist_code_valid(c)) {
		bad_request(cl, req, "field 'centre' is not a centre code");
		return NULL;
	}
	return c;
}

/* A time field as Unix seconds in text; 0 or -1 (error sent). */
static int
time_field(struct client *cl, json_t *req, const char *name, char out[24])
{
	const char *s = str_field(cl, req, name, 1, 40);
	long long t;

	if (!s)
		return -1;
	if (appt_time_parse(rules->tz, s, &t) != 0) {
		char msg[128];

		snprintf(msg, sizeof msg, "field '%s' is not an ISO 8601 time", name);
		return bad_request(cl, req, msg);
	}
	snprintf(out, 24, "%lld", t);
	return 0;
}

/* The ID number checked, hashed and masked; 0 or -1 (error sent). */
static int
id_field(struct client *cl, json_t *req, char hash[APPT_HASH_HEX], char mask[APPT_ID_LEN + 1])
{
	const char *s = str_field(cl, req, "id_number", 1, 32);
	char norm[APPT_ID_LEN + 1], why[160], msg[200];
	int today, minute;

	if (!s)
		return -1;
	appt_unix_to_local(rules->tz, clock_now(), &today, &minute);
	if (appt_id_check(s, today, norm, why, sizeof why) != 0) {
		snprintf(msg, sizeof msg, "malformed ID number: %s", why);
		return bad_request(cl, req, msg);
	}
	appt_id_hash(id_key, norm, hash);
	appt_id_mask(norm, mask);
	sodium_memzero(norm, sizeof norm);
	return 0;
}

static void
now_text(char out[24])
{
	snprintf(out, 24, "%lld", clock_now());
}

static int
op_ping(struct client *cl, json_t *req)
{
	json_t *o = json_pack("{s:O?,s:b,s:i,s:i}", "id", json_object_get(req, "id"), "ok", 1,
	    "db_connections", pgpool_up(pool), "queued", pgpool_queued(pool));

	send_json(cl, o);
	json_decref(o);
	return 0;
}

static void
token_hash(const char *token, unsigned char out[crypto_generichash_BYTES])
{
	crypto_generichash(out, crypto_generichash_BYTES, (const unsigned char *)token,
	    strlen(token), NULL, 0);
}

/* The signer of list named name whose token is token, or NULL. */
static const struct signer *
signer_find(const struct signer *list, int n, const char *name, const char *token)
{
	unsigned char h[crypto_generichash_BYTES];

	if (!name || !token)
		return NULL;
	for (int i = 0; i < n; i++)
		if (strcmp(list[i].name, name) == 0) {
			token_hash(token, h);
			return sodium_memcmp(h, list[i].hash, sizeof h) == 0 ? &list[i] : NULL;
		}
	return NULL;
}

/* hello: anyone (jhd's clients open with it); with role centre, device CODE and the centre's
 * token, the connection is that centre's; with role frontend, device NAME and a front end's
 * token, it may send the citizens' and staff's ops (docs/DISTRICT.md, "Access"). */
static int
op_hello(struct client *cl, json_t *req)
{
	const char *role = json_string_value(json_object_get(req, "role"));
	const char *name = json_string_value(json_object_get(req, "device"));
	const char *token = json_string_value(json_object_get(req, "token"));
	int centre = role && strcmp(role, "centre") == 0;
	int front = role && strcmp(role, "frontend") == 0;
	const struct signer *s = NULL;
	json_t *o;

	cl->centre[0] = cl->front[0] = '\0';
	if (centre || front) {
		s = centre ? signer_find(tokens, ntokens, name, token) :
		    signer_find(fronts, nfronts, name, token);
		if (!s) {
			log_warn("hello: a %s's sign-in refused (%s)", role, net_conn_peer(cl->conn));
			send_error(cl, json_object_get(req, "id"), "unauthenticated", centre ?
			    "unknown centre or wrong token" : "unknown front end or wrong token");
			return -1;
		}
		snprintf(centre ? cl->centre : cl->front, sizeof cl->centre, "%s", s->name);
	}
	o = json_pack("{s:O?,s:b,s:s,s:s,s:s?,s:s?}", "id", json_object_get(req, "id"), "ok", 1,
	    "server", "jhdistrict", "version", JH_VERSION, "centre",
	    cl->centre[0] ? cl->centre : NULL, "frontend", cl->front[0] ? cl->front : NULL);
	send_json(cl, o);
	json_decref(o);
	return 0;
}

/* A centre's op: the connection must be that centre's. The centre, or NULL (error sent). */
static const char *
own_centre(struct client *cl, json_t *req)
{
	const char *c;

	if (!cl->centre[0]) {
		send_error(cl, json_object_get(req, "id"), "forbidden", "a centre's op: say hello as "
		    "the centre first (role centre, device CODE, token)");
		return NULL;
	}
	if (json_object_get(req, "centre") == NULL)
		return cl->centre;
	if (!(c = centre_field(cl, req)))
		return NULL;
	if (strcmp(c, cl->centre) != 0) {
		send_error(cl, json_object_get(req, "id"), "forbidden",
		    "this connection is another centre's");
		return NULL;
	}
	return c;
}

/* Read a token file ("NAME TOKEN" lines) into list (max entries): 0, or -1 with err. */
static int
load_signers(const char *path, struct signer *list, int *count, int max, const char *what,
    char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[512], name[64], token[256], extra[8];
	int n = 0, k;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	*count = 0;
	while (fgets(line, sizeof line, f)) {
		n++;
		if (line[strspn(line, " \t")] == '#' || line[strspn(line, " \t\r\n")] == '\0')
			continue;
		k = sscanf(line, "%63s %255s %7s", name, token, extra);
		if (k != 2 || !dist_code_valid(name) || strlen(token) < DIST_TOKEN_MIN ||
		    strlen(token) > DIST_TOKEN_MAX || *count == max) {
			snprintf(err, errlen, "%s: line %d: expected %s TOKEN (1 to 32 of A-Z a-z "
			    "0-9 _ -, a token of %d to %d characters; %d lines at most)", path, n,
			    what, DIST_TOKEN_MIN, DIST_TOKEN_MAX, max);
			sodium_memzero(token, sizeof token);
			fclose(f);
			return -1;
		}
		memcpy(list[*count].name, name, strlen(name) + 1);	/* valid: < DIST_CODE_MAX */
		token_hash(token, list[*count].hash);
		sodium_memzero(token, sizeof token);
		(*count)++;
	}
	fclose(f);
	return 0;
}

int
dist_ops_load_tokens(const char *path, char *err, size_t errlen)
{
	return load_signers(path, tokens, &ntokens, DIST_MAX_CENTRES, "CODE", err, errlen);
}

int
dist_ops_load_frontends(const char *path, char *err, size_t errlen)
{
	return load_signers(path, fronts, &nfronts, DIST_MAX_FRONTENDS, "NAME", err, errlen);
}

static int
op_centres(struct client *cl, json_t *req)
{
	return run(cl, req, "centres", dist_sql_centres, 0, NULL);
}

static int
coord_field(struct client *cl, json_t *req, const char *name, double lim, char out[32],
    const char **p)
{
	json_t *v = json_object_get(req, name);
	char msg[96];

	*p = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_number(v) || json_number_value(v) < -lim || json_number_value(v) > lim) {
		snprintf(msg, sizeof msg, "field '%s' must be a number of degrees within ±%g", name,
		    lim);
		return bad_request(cl, req, msg);
	}
	snprintf(out, 32, "%.6f", json_number_value(v));
	*p = out;
	return 0;
}

static int
op_availability(struct client *cl, json_t *req)
{
	const char *service = str_field(cl, req, "service", 1, FIELD_MAX), *centre, *plat, *plon;
	char lat[32], lon[32], now[24];

	if (!service || coord_field(cl, req, "lat", 90, lat, &plat) < 0 ||
	    coord_field(cl, req, "lon", 180, lon, &plon) < 0)
		return -1;
	if (!!plat != !!plon)
		return bad_request(cl, req, "give both 'lat' and 'lon', or neither");
	if (json_object_get(req, "centre")) {
		if (!(centre = centre_field(cl, req)))
			return -1;
	} else {
		centre = NULL;
	}
	now_text(now);
	const char *p[] = { service, plat, plon, now, centre };

	return run(cl, req, "availability", dist_sql_availability, NELEM(p), p);
}

static int
op_slots(struct client *cl, json_t *req)
{
	const char *centre = centre_field(cl, req), *service, *date;
	char now[24];
	int day;

	if (!centre || !(service = str_field(cl, req, "service", 1, FIELD_MAX)) ||
	    !(date = str_field(cl, req, "date", 0, 10)))
		return -1;
	if (*date && appt_date_parse(date, &day) != 0)
		return bad_request(cl, req, "field 'date' is not a date YYYY-MM-DD");
	now_text(now);
	const char *p[] = { centre, service, now, *date ? date : NULL };

	return run(cl, req, "slots", dist_sql_slots, NELEM(p), p);
}

static int
op_book(struct client *cl, json_t *req)
{
	const char *centre = centre_field(cl, req), *service, *name, *mobile, *channel, *request;
	const char *applicant;
	char start[24], hash[APPT_HASH_HEX], mask[APPT_ID_LEN + 1], now[24], kmax[16],
	    start_iso[APPT_ISO_MAX], req_key[33];

	if (!centre || !(service = str_field(cl, req, "service", 1, FIELD_MAX)) ||
	    time_field(cl, req, "start", start) < 0 || id_field(cl, req, hash, mask) < 0 ||
	    !(name = str_field(cl, req, "name", 0, FIELD_MAX)) ||
	    !(mobile = str_field(cl, req, "mobile", 0, 20)) ||
	    !(channel = str_field(cl, req, "channel", 0, 16)) ||
	    !(request = str_field(cl, req, "request", 0, FIELD_MAX)) ||
	    !(applicant = str_field(cl, req, "applicant", 0, 16)))
		return -1;
	if (!*applicant)
		applicant = "individual";
	if (strcmp(applicant, "individual") != 0 && strcmp(applicant, "enterprise") != 0)
		return bad_request(cl, req, "field 'applicant' is individual or enterprise");
	if (*mobile && strspn(mobile, "0123456789+- ") != strlen(mobile))
		return bad_request(cl, req, "field 'mobile' is not a telephone number");
	if (!*channel)
		channel = "web";
	if (name_index(channels, NELEM(channels), channel) < 0)
		return bad_request(cl, req,
		    "unknown channel (web, wechat, app, phone, counter, kiosk)");
	if (!*request) {
		/* the statement may run twice (a lost connection): its key makes that one booking */
		unsigned char rnd[16];

		randombytes_buf(rnd, sizeof rnd);
		sodium_bin2hex(req_key, sizeof req_key, rnd, sizeof rnd);
		request = req_key;
	}
	appt_time_iso("UTC", atoll(start), start_iso);
	now_text(now);
	snprintf(kmax, sizeof kmax, "%d", rules->max_open);
	const char *p[] = { centre, service, start_iso, hash, mask, name, mobile, channel, request,
	    now, kmax, applicant };

	return run(cl, req, "book", dist_sql_book, NELEM(p), p);
}

static int
op_cancel(struct client *cl, json_t *req)
{
	const char *code = str_field(cl, req, "code", 1, FIELD_MAX);
	char hash[APPT_HASH_HEX], mask[APPT_ID_LEN + 1], now[24];

	if (!code || id_field(cl, req, hash, mask) < 0)
		return -1;
	now_text(now);
	const char *p[] = { code, hash, now };

	return run(cl, req, "cancel", dist_sql_cancel, NELEM(p), p);
}

static int
op_my_bookings(struct client *cl, json_t *req)
{
	char hash[APPT_HASH_HEX], mask[APPT_ID_LEN + 1];
	const char *p[1] = { hash };

	if (id_field(cl, req, hash, mask) < 0)
		return -1;
	return run(cl, req, "my_bookings", dist_sql_mine, NELEM(p), p);
}

static int
op_event(struct client *cl, json_t *req)
{
	const char *centre = own_centre(cl, req), *event, *kind, *code;
	char at[24], at_iso[APPT_ISO_MAX], lim[16], win[24], ban[24];

	if (!centre || !(event = str_field(cl, req, "event_id", 1, FIELD_MAX)) ||
	    !(kind = str_field(cl, req, "kind", 1, 16)) ||
	    !(code = str_field(cl, req, "code", 1, FIELD_MAX)) || time_field(cl, req, "at", at) < 0)
		return -1;
	if (strcmp(kind, "checkin") != 0 && strcmp(kind, "no_show") != 0)
		return bad_request(cl, req, "field 'kind' must be checkin or no_show");
	appt_time_iso("UTC", atoll(at), at_iso);
	snprintf(lim, sizeof lim, "%d", rules->noshow_limit);
	snprintf(win, sizeof win, "%ld", rules->noshow_window_s);
	snprintf(ban, sizeof ban, "%ld", rules->ban_s);
	const char *p[] = { centre, event, kind, code, at_iso, lim, win, ban };

	return run(cl, req, "event", dist_sql_event, NELEM(p), p);
}

static int
int_field(struct client *cl, json_t *req, const char *name, long long lo, long long hi,
    long long dflt, long long *out)
{
	json_t *v = json_object_get(req, name);
	char msg[128];

	if (!v || json_is_null(v)) {
		*out = dflt;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
		snprintf(msg, sizeof msg, "field '%s' must be a whole number %lld..%lld", name, lo,
		    hi);
		return bad_request(cl, req, msg);
	}
	*out = json_integer_value(v);
	return 0;
}

static int
op_changes(struct client *cl, json_t *req)
{
	const char *centre = own_centre(cl, req);
	long long since, limit;
	char s[24], l[24];

	if (!centre || int_field(cl, req, "since", 0, (1LL << 62), 0, &since) < 0 ||
	    int_field(cl, req, "limit", 1, CHANGES_MAX, 500, &limit) < 0)
		return -1;
	snprintf(s, sizeof s, "%lld", since);
	snprintf(l, sizeof l, "%lld", limit);
	const char *p[] = { centre, s, l };

	return run(cl, req, "changes", dist_sql_changes, NELEM(p), p);
}

static int
op_import(struct client *cl, json_t *req)
{
	const char *centre = own_centre(cl, req), *hall;
	char *p[DIST_IMPORT_NPARAMS], err[256];
	int nslots, rc;

	if (!centre || !(hall = str_field(cl, req, "hall", 1, NET_MAX_LINE)))
		return -1;
	if (dist_import_params(hall, centre, clock_now(), p, &nslots, err, sizeof err) != 0)
		return bad_request(cl, req, err);
	log_info("import: centre %s, %d slots", p[0], nslots);
	rc = run(cl, req, "import", dist_sql_import, DIST_IMPORT_NPARAMS, (const char *const *)p);
	dist_import_free(p);
	return rc;
}

#define HOUR_SERVICES_MAX	200	/* services in one tickets request at most */

/* tickets (the centre): one closed hour's walk-in ticket counts per service. */
static int
op_tickets(struct client *cl, json_t *req)
{
	static const char *const nums[] = { "taken", "called", "finished", "no_show" };
	const char *centre = own_centre(cl, req);
	json_t *svcs = json_object_get(req, "services"), *x;
	char hour[24], hour_iso[APPT_ISO_MAX], *text;
	size_t i;
	int rc;

	if (!centre || time_field(cl, req, "hour", hour) < 0)
		return -1;
	if (atoll(hour) % 3600 != 0)
		return bad_request(cl, req, "field 'hour' is the start of an hour");
	if (!json_is_array(svcs) || json_array_size(svcs) > HOUR_SERVICES_MAX)
		goto bad;
	json_array_foreach(svcs, i, x) {
		const char *svc = json_string_value(json_object_get(x, "service"));

		if (!json_is_object(x) || !svc || !*svc || strlen(svc) > FIELD_MAX)
			goto bad;
		for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
			json_t *v = json_object_get(x, nums[k]);

			if (!json_is_integer(v) || json_integer_value(v) < 0 ||
			    json_integer_value(v) > 1000000)
				goto bad;
		}
	}
	appt_time_iso("UTC", atoll(hour), hour_iso);
	if (!(text = json_dumps(svcs, JSON_COMPACT))) {
		send_error(cl, json_object_get(req, "id"), "internal", "out of memory");
		return -1;
	}
	const char *p[] = { centre, hour_iso, text };

	rc = run(cl, req, "tickets", dist_sql_hours, NELEM(p), p);
	free(text);
	return rc;
bad:
	return bad_request(cl, req, "field 'services' is a list (200 at most) of {service, "
	    "taken, called, finished, no_show} with whole numbers");
}

/* ticket_events (the centre): the hall's ticket events, stored once per (centre, event id). */
static int
op_ticket_events(struct client *cl, json_t *req)
{
	const char *centre = own_centre(cl, req), *p[2];
	char err[200], *text;
	int rc;

	if (!centre)
		return -1;
	if (!(text = dist_ticket_events_check(json_object_get(req, "events"), rules->tz, err,
	    sizeof err))) {
		send_error(cl, json_object_get(req, "id"), strcmp(err, "out of memory") == 0 ?
		    "internal" : "bad_request", err);
		return -1;
	}
	p[0] = centre;
	p[1] = text;
	rc = run(cl, json_object_get(req, "id"), "ticket_events", dist_sql_ticket_events, 2, p);
	free(text);
	return rc;
}

static const char *const stats_keys[] = { "centre", "service", "department", "channel",
	"applicant", "day", "week" };

int
dist_stats_params(const char *from, const char *to, const char *by, const char *tz,
    const char *p[4], char *err, size_t errlen)
{
	int a, b, i;

	if (appt_date_parse(from, &a) != 0 || appt_date_parse(to, &b) != 0) {
		snprintf(err, errlen, "'from' and 'to' are dates YYYY-MM-DD");
		return -1;
	}
	if (b < a || b - a > 3660) {
		snprintf(err, errlen, "'to' is on or after 'from', within ten years");
		return -1;
	}
	if ((i = name_index(stats_keys, NELEM(stats_keys), by)) < 0) {
		snprintf(err, errlen, "'by' is one of centre, service, department, channel, "
		    "applicant, day, week");
		return -1;
	}
	p[0] = from;
	p[1] = to;
	p[2] = stats_keys[i];
	p[3] = tz;
	return 0;
}

/* stats: the district's figures (docs/DISTRICT.md, "Statistics"); a front end's, as the
 * citizens' ops (jhweb's staff pages). */
static int
op_stats(struct client *cl, json_t *req)
{
	const char *from = str_field(cl, req, "from", 1, 10), *to, *by, *p[4];
	char err[160];

	if (!from || !(to = str_field(cl, req, "to", 1, 10)) ||
	    !(by = str_field(cl, req, "by", 0, 16)))
		return -1;
	if (dist_stats_params(from, to, *by ? by : "centre", rules->tz, p, err, sizeof err) != 0)
		return bad_request(cl, req, err);
	return run(cl, req, "stats", dist_sql_stats, 4, p);
}

/* Who may send an op: anyone, a front end (the citizens' and staff's ops), or a centre (its
 * op checks which: own_centre). */
enum { BY_ANYONE, BY_FRONTEND, BY_CENTRE };

static const struct dop {
	const char *name;
	int (*fn)(struct client *, json_t *);
	int by;
} op_table[] = {
	{ "hello", op_hello, BY_ANYONE },
	{ "ping", op_ping, BY_ANYONE },
	{ "centres", op_centres, BY_FRONTEND },
	{ "availability", op_availability, BY_FRONTEND },
	{ "slots", op_slots, BY_FRONTEND },
	{ "book", op_book, BY_FRONTEND },
	{ "cancel", op_cancel, BY_FRONTEND },
	{ "my_bookings", op_my_bookings, BY_FRONTEND },
	{ "event", op_event, BY_CENTRE },
	{ "changes", op_changes, BY_CENTRE },
	{ "import", op_import, BY_CENTRE },
	{ "stats", op_stats, BY_FRONTEND },
	{ "tickets", op_tickets, BY_CENTRE },
	{ "ticket_events", op_ticket_events, BY_CENTRE },
};

static void
on_open(struct conn *c)
{
	struct client *cl = calloc(1, sizeof *cl);

	if (!cl) {
		net_close(c);
		return;
	}
	cl->conn = c;
	net_conn_set_data(c, cl);
}

static void
on_line(struct conn *c, char *line, size_t len)
{
	struct client *cl = net_conn_data(c);
	json_error_t jerr;
	json_t *req, *opv;
	const char *op;
	size_t i;

	if (!cl || len == 0)
		return;
	req = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(req)) {
		send_error(cl, NULL, "bad_request", "not a JSON object");
		json_decref(req);
		return;
	}
	opv = json_object_get(req, "op");
	op = json_string_value(opv);
	for (i = 0; op && i < sizeof op_table / sizeof op_table[0]; i++)
		if (strcmp(op, op_table[i].name) == 0)
			break;
	if (!op)
		send_error(cl, json_object_get(req, "id"), "bad_request", "missing field 'op'");
	else if (i == sizeof op_table / sizeof op_table[0])
		send_error(cl, json_object_get(req, "id"), "unknown_op", "no such op");
	else if (op_table[i].by == BY_FRONTEND && !cl->front[0])
		send_error(cl, json_object_get(req, "id"), "unauthenticated", cl->centre[0] ?
		    "a citizens' op: a centre's connection may not send it (say hello as a front "
		    "end: role frontend, device NAME, token)" : "a citizens' op: say hello as a "
		    "front end first (role frontend, device NAME, token)");
	else
		op_table[i].fn(cl, req);
	json_decref(req);
}

static void
on_too_long(struct conn *c)
{
	struct client *cl = net_conn_data(c);

	if (cl)
		send_error(cl, NULL, "line_too_long", "a request line is 64 KiB at most");
}

static void
on_close(struct conn *c)
{
	struct client *cl = net_conn_data(c);

	if (!cl)
		return;
	cl->conn = NULL;
	net_conn_set_data(c, NULL);
	if (!cl->busy)
		free(cl);
}

void
dist_ops_init(struct pgpool *p, const unsigned char key[APPT_KEY_LEN],
    const struct dist_rules *r)
{
	static const struct net_handler h = { on_open, on_line, on_too_long, on_close };

	pool = p;
	id_key = key;
	rules = r;
	net_set_handler(&h);
}

/* The new day's publication: every centre's hall file read again. */
static void
republish_one(void *arg, const PGresult *res, const char *err)
{
	if (err)
		log_warn("day roll: a centre's slots were not published: %s", err);
}

static void
halls_done(void *arg, const PGresult *res, const char *err)
{
	char *p[DIST_IMPORT_NPARAMS], why[256];
	int nslots;

	if (!res) {
		log_warn("day roll: cannot read the centres: %s", err);
		return;
	}
	for (int i = 0; i < PQntuples(res); i++) {
		const char *code = PQgetvalue(res, i, 0);

		if (dist_import_params(PQgetvalue(res, i, 1), code, clock_now(), p, &nslots, why,
		    sizeof why) != 0) {
			log_warn("day roll: centre %s: %s", code, why);
			continue;
		}
		if (pgpool_query(pool, dist_sql_import, DIST_IMPORT_NPARAMS,
		    (const char *const *)p, republish_one, NULL) < 0)
			log_warn("day roll: centre %s: the queue is full", code);
		else
			log_info("day roll: centre %s: %d slots published", code, nslots);
		dist_import_free(p);
	}
}

void
dist_ops_day_tick(void)
{
	static int last_day = -1;
	int day, minute;

	appt_unix_to_local(rules->tz, clock_now(), &day, &minute);
	if (day == last_day)
		return;
	if (last_day >= 0 && pgpool_query(pool, dist_sql_halls, 0, NULL, halls_done, NULL) < 0)
		return;		/* try again next minute */
	last_day = day;
}
