/* appt_ops.c — the appointment ops: check a request's fields, apply the rules through the
 * store, and build the answer (see appt_ops.h, docs/APPOINTMENTS.md). ID numbers are hashed
 * as soon as they are checked and never logged nor echoed. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "appt_ops.h"
#include "client/log.h"
#include "utf8.h"

#define MAX_LIST_SLOTS	4096	/* slots of one service in one `slots` answer */

static json_t *
fail(struct appt_error *err, int e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static json_t *
fail(struct appt_error *err, int e, const char *fmt, ...)
{
	va_list ap;

	err->code = e;
	err->until[0] = err->until_date[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	utf8_repair(err->message);	/* a client's text cut in half a character */
	return NULL;
}

/* A string field: 0 and *out, 1 when absent and optional, -1 (err filled) otherwise. */
static int
str_field(json_t *req, const char *name, int required, const char **out,
    struct appt_error *err)
{
	json_t *v = json_object_get(req, name);

	if (v == NULL || json_is_null(v)) {
		if (!required)
			return 1;
		fail(err, ERR_BAD_REQUEST, "missing field \"%s\"", name);
		return -1;
	}
	if (!json_is_string(v)) {
		fail(err, ERR_BAD_REQUEST, "field \"%s\" must be a string", name);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

static int
today(const struct appt_ctx *c)
{
	int day;

	appt_unix_to_local(c->hall->tz, c->now, &day, NULL);
	return day;
}

static void
iso(const struct appt_ctx *c, long long t, char buf[APPT_ISO_MAX])
{
	appt_time_iso(c->hall->tz, t, buf);
}

static json_t *
time_json(const struct appt_hall *h, long long t)
{
	char buf[APPT_ISO_MAX];

	appt_time_iso(h->tz, t, buf);
	return json_string(buf);
}

json_t *
appt_row_json(const struct appt_hall *h, const struct appt_row *r)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:o}",
	    "id", (json_int_t)r->id, "code", r->code, "service", r->service,
	    "start", time_json(h, r->start), "end", time_json(h, r->end), "state", r->state,
	    "id_masked", r->id_masked, "channel", r->channel,
	    "booked_at", time_json(h, r->booked_at));

	if (o && r->checked_in_at)
		json_object_set_new(o, "checked_in_at", time_json(h, r->checked_in_at));
	if (o && r->ticket_id)
		json_object_set_new(o, "ticket_id", json_integer(r->ticket_id));
	if (o && r->lane[0])
		json_object_set_new(o, "lane", json_string(r->lane));
	return o;
}

static json_t *
ban_json(const struct appt_hall *h, const struct appt_ban *b, long long now)
{
	char date[APPT_DATE_MAX];
	int day;
	json_t *o;

	appt_unix_to_local(h->tz, b->until, &day, NULL);
	appt_date_format(day, date);
	o = json_pack("{s:I, s:s, s:o, s:o, s:s, s:i, s:b}", "id", (json_int_t)b->id,
	    "id_masked", b->id_masked, "since", time_json(h, b->since), "until",
	    time_json(h, b->until), "until_date", date, "no_shows", b->no_shows, "active",
	    !b->lifted_at && b->since <= now && b->until > now);
	if (o && b->lifted_at) {
		json_object_set_new(o, "lifted_at", time_json(h, b->lifted_at));
		json_object_set_new(o, "lifted_by", json_string(b->lifted_by));
	}
	return o;
}

/* Check an ID number and compute its hash and mask; -1 with err filled when malformed. */
static int
id_take(const struct appt_ctx *c, const char *number, char hash[APPT_HASH_HEX],
    char masked[APPT_ID_LEN + 1], struct appt_error *err)
{
	char norm[APPT_ID_LEN + 1], why[160];

	if (appt_id_check(number, today(c), norm, why, sizeof why)) {
		fail(err, ERR_BAD_REQUEST, "malformed ID number: %s", why);
		return -1;
	}
	appt_id_hash(c->key, norm, hash);
	appt_id_mask(norm, masked);
	sodium_memzero(norm, sizeof norm);
	return 0;
}

static const struct appt_service *
service_take(const struct appt_ctx *c, json_t *req, struct appt_error *err)
{
	const struct appt_service *s;
	const char *code;

	if (str_field(req, "service", 1, &code, err))
		return NULL;
	if ((s = appt_hall_service(c->hall, code)) == NULL)
		fail(err, ERR_NOT_FOUND, "service %.*s takes no appointments",
		    (int)utf8_cut(code, 16), code);
	return s;
}

/* "YYYY-MM-DD" or an ISO 8601 time (its local date): a day number, or -1 with err. */
static int
day_field(const struct appt_ctx *c, json_t *req, const char *name, int dflt, int *day,
    struct appt_error *err)
{
	const char *v;
	long long t;
	int rc = str_field(req, name, 0, &v, err);

	if (rc == 1) {
		*day = dflt;
		return 0;
	}
	if (rc == -1)
		return -1;
	if (appt_date_parse(v, day) == 0)
		return 0;
	if (appt_time_parse(c->hall->tz, v, &t) == 0) {
		appt_unix_to_local(c->hall->tz, t, day, NULL);
		return 0;
	}
	fail(err, ERR_BAD_REQUEST, "field \"%s\" must be a date YYYY-MM-DD or an ISO 8601 time", name);
	return -1;
}

static int
sweep(struct appt_ctx *c, struct appt_error *err)
{
	struct appt_sweep done;

	if (c->no_sweep)
		return 0;
	if (appt_store_sweep(c->store, c->hall, c->now, &done) != ERR_OK) {
		log_error("appointments: no-show sweep failed: %s", appt_store_errmsg(c->store));
		fail(err, ERR_INTERNAL, "database error");
		return -1;
	}
	if (done.no_shows)
		log_info("appointments: %d no-shows, %d bans", done.no_shows, done.bans);
	return 0;
}

int
appt_tick(struct appt_ctx *c, struct appt_sweep *done)
{
	struct appt_sweep d;

	if (done == NULL)
		done = &d;
	memset(done, 0, sizeof *done);
	if (c->no_sweep)
		return 0;
	if (appt_store_sweep(c->store, c->hall, c->now, done) != ERR_OK) {
		log_error("appointments: no-show sweep failed: %s", appt_store_errmsg(c->store));
		return -1;
	}
	if (done->no_shows)
		log_info("appointments: %d no-shows, %d bans", done->no_shows, done->bans);
	return 0;
}

json_t *
appt_op_slots(struct appt_ctx *c, json_t *req, struct appt_error *err)
{
	static struct appt_slot slots[MAX_LIST_SLOTS];	/* one thread: the server's */
	static int booked[MAX_LIST_SLOTS];
	const struct appt_service *s;
	char d1[APPT_DATE_MAX], d2[APPT_DATE_MAX];
	int t = today(c), first, last, from, to, n, k = 0;
	json_t *list, *o;

	if ((s = service_take(c, req, err)) == NULL)
		return NULL;
	appt_hall_window(c->hall, t, &first, &last);
	if (day_field(c, req, "from", first, &from, err) ||
	    day_field(c, req, "to", last, &to, err))
		return NULL;
	if (from > to)
		return fail(err, ERR_BAD_REQUEST, "\"from\" is after \"to\"");
	from = from < first ? first : from;
	to = to > last ? last : to;
	n = from <= to ? appt_slots_list(c->hall, s, from, to, slots, MAX_LIST_SLOTS) : 0;
	n = n > MAX_LIST_SLOTS ? MAX_LIST_SLOTS : n;
	while (k < n && slots[k].start <= c->now)
		k++;		/* started: no longer bookable */
	if (appt_store_booked_counts(c->store, s->code, slots + k, n - k, booked) != ERR_OK)
		return fail(err, ERR_INTERNAL, "database error");
	if ((list = json_array()) == NULL)
		return fail(err, ERR_INTERNAL, "out of memory");
	for (int i = k; i < n; i++) {
		int b = booked[i - k], free = slots[i].quota - b;

		json_array_append_new(list, json_pack("{s:o, s:o, s:i, s:i, s:i}",
		    "start", time_json(c->hall, slots[i].start), "end",
		    time_json(c->hall, slots[i].end), "quota", slots[i].quota, "booked", b,
		    "free", free > 0 ? free : 0));
	}
	appt_date_format(from, d1);
	appt_date_format(to, d2);
	o = json_pack("{s:s, s:s, s:s, s:o}", "service", s->code, "from", d1, "to", d2,
	    "slots", list);
	if (o == NULL)
		return fail(err, ERR_INTERNAL, "out of memory");
	return o;
}

static const char *const channels[] = { "kiosk", "phone", "web", "counter" };

static int
channel_take(const struct appt_ctx *c, json_t *req, const char **out, struct appt_error *err)
{
	const char *v;
	int rc = str_field(req, "channel", 0, &v, err);

	if (rc == -1)
		return -1;
	if (rc == 1) {
		*out = c->role && strcmp(c->role, "kiosk") == 0 ? "kiosk" : "counter";
		return 0;
	}
	for (size_t i = 0; i < sizeof channels / sizeof channels[0]; i++)
		if (strcmp(v, channels[i]) == 0) {
			*out = channels[i];
			return 0;
		}
	fail(err, ERR_BAD_REQUEST, "channel must be kiosk, phone, web or counter");
	return -1;
}

json_t *
appt_op_book(struct appt_ctx *c, json_t *req, struct appt_error *err)
{
	char hash[APPT_HASH_HEX], masked[APPT_ID_LEN + 1], when[APPT_ISO_MAX];
	char date[APPT_DATE_MAX];
	const struct appt_service *s;
	struct appt_book_facts f;
	struct appt_book_req rq;
	struct appt_row row;
	const char *start, *number, *channel;
	int first, last, day, rc;
	long long t;
	json_t *a;

	if ((s = service_take(c, req, err)) == NULL ||
	    str_field(req, "start", 1, &start, err) ||
	    str_field(req, "id_number", 1, &number, err) || channel_take(c, req, &channel, err))
		return NULL;
	if (appt_time_parse(c->hall->tz, start, &t))
		return fail(err, ERR_BAD_REQUEST, "start must be an ISO 8601 time such as "
		    "2026-11-26T09:00:00+08:00");
	if (id_take(c, number, hash, masked, err))
		return NULL;
	memset(&rq, 0, sizeof rq);
	iso(c, t, when);
	if (appt_slots_find(c->hall, s, t, &rq.slot))
		return fail(err, ERR_BAD_REQUEST, "service %s has no slot starting at %s", s->code, when);
	if (t <= c->now)
		return fail(err, ERR_BAD_REQUEST, "the slot at %s has already started", when);
	appt_hall_window(c->hall, today(c), &first, &last);
	appt_unix_to_local(c->hall->tz, t, &day, NULL);
	if (day > last) {
		appt_date_format(last, date);
		return fail(err, ERR_BAD_REQUEST, "the slot at %s is beyond the booking window "
		    "(the next %d working days, until %s)", when, c->hall->days, date);
	}
	if (sweep(c, err))
		return NULL;
	rq.service = s->code;
	rq.id_hash = hash;
	rq.id_masked = masked;
	rq.channel = channel;
	rq.actor = c->actor ? c->actor : "?";
	rq.now = c->now;
	rq.window_end = appt_local_to_unix(c->hall->tz, last + 1, 0);
	rq.max_open = c->hall->max_open;
	rc = appt_store_book(c->store, &rq, &row, &f);
	switch (rc) {
	case ERR_OK:
		break;
	case ERR_BLACKLISTED:
		appt_unix_to_local(c->hall->tz, f.ban_until, &day, NULL);
		appt_date_format(day, date);
		fail(err, rc, "this ID may not book until %s: more than %d missed appointments "
		    "in %d days", date, c->hall->noshow_limit, c->hall->noshow_window_s / 86400);
		memcpy(err->until_date, date, sizeof date);
		iso(c, f.ban_until, err->until);
		return NULL;
	case ERR_LIMIT_REACHED:
		if (f.same_service)
			return fail(err, rc, "this ID already holds a booking for service %s; "
			    "cancel it first", s->code);
		return fail(err, rc, "this ID already holds %d open bookings, the most allowed",
		    f.open);
	case ERR_QUOTA_EXHAUSTED:
		return fail(err, rc, "the slot at %s is fully booked (%d of %d places)", when,
		    f.booked, rq.slot.quota);
	case ERR_BAD_REQUEST:
		return fail(err, rc, "the slot at %s is not bookable now", when);
	default:
		log_error("appointments: book failed: %s", appt_store_errmsg(c->store));
		return fail(err, ERR_INTERNAL, "database error");
	}
	log_info("appointments: booked #%lld service %s at %s by %s (%s)", row.id, row.service,
	    when, rq.actor, channel);
	if ((a = appt_row_json(c->hall, &row)) == NULL)
		return fail(err, ERR_INTERNAL, "out of memory");
	return json_pack("{s:o}", "appointment", a);
}

/* A device anyone may walk up to (a kiosk): it acts on a booking only for the person who
 * proves it is theirs, with the booking's ID number. */
static int
is_public(const struct appt_ctx *c)
{
	return c->role && (strcmp(c->role, "kiosk") == 0 || strcmp(c->role, "web") == 0);
}

/* The request's id_number, when given, must be the booking's: 0, 1 when none is given, -1
 * (err filled: malformed, or forbidden) otherwise. */
static int
id_proves(const struct appt_ctx *c, json_t *req, const struct appt_row *row,
    struct appt_error *err)
{
	char hash[APPT_HASH_HEX], masked[APPT_ID_LEN + 1];
	const char *number = NULL;
	int rc = str_field(req, "id_number", 0, &number, err);

	if (rc != 0)
		return rc;
	if (id_take(c, number, hash, masked, err))
		return -1;
	if (sodium_memcmp(hash, row->id_hash, APPT_HASH_HEX - 1) != 0) {
		fail(err, ERR_FORBIDDEN, "the ID number does not match the appointment");
		return -1;
	}
	return 0;
}

/* The appointment named by the request's "appointment" field: an id (integer) or a booking
 * code (string). A kiosk names it by its code, with the ID number. */
static int
appointment_take(struct appt_ctx *c, json_t *req, struct appt_row *row, struct appt_error *err)
{
	json_t *v = json_object_get(req, "appointment"), *idn;
	int rc;

	if (json_is_string(v) && strlen(json_string_value(v)) != APPT_BOOKING_CODE_LEN) {
		fail(err, ERR_BAD_REQUEST, "a booking code has %d characters", APPT_BOOKING_CODE_LEN);
		return -1;
	}
	if (!json_is_string(v) && !json_is_integer(v)) {
		fail(err, ERR_BAD_REQUEST, "field \"appointment\" must be an id or a booking code");
		return -1;
	}
	if (is_public(c) && json_is_integer(v)) {
		/* ids are sequential: the next one is someone else's booking */
		fail(err, ERR_FORBIDDEN, "a kiosk names an appointment by its booking code "
		    "with the ID number, not by id");
		return -1;
	}
	idn = json_object_get(req, "id_number");
	if (is_public(c) && (idn == NULL || json_is_null(idn))) {	/* null: none */
		fail(err, ERR_FORBIDDEN, "a kiosk needs the booking's ID number (id_number) "
		    "with its code");
		return -1;
	}
	if (json_is_integer(v))
		rc = appt_store_get(c->store, json_integer_value(v), NULL, row);
	else
		rc = appt_store_get(c->store, 0, json_string_value(v), row);
	if (rc == ERR_NOT_FOUND) {
		fail(err, rc, "no such appointment");
		return -1;
	}
	if (rc != ERR_OK) {
		fail(err, ERR_INTERNAL, "database error");
		return -1;
	}
	return 0;
}

json_t *
appt_op_cancel_booking(struct appt_ctx *c, json_t *req, struct appt_error *err)
{
	struct appt_row row;
	int rc;

	if (appointment_take(c, req, &row, err) || id_proves(c, req, &row, err) < 0)
		return NULL;
	rc = appt_store_cancel(c->store, row.id, c->now, c->actor ? c->actor : "?", &row);
	if (rc == ERR_CONFLICT)
		return fail(err, rc, "the appointment is %s, not booked", row.state);
	if (rc != ERR_OK)
		return fail(err, ERR_INTERNAL, "database error");
	log_info("appointments: cancelled #%lld by %s", row.id, c->actor ? c->actor : "?");
	return json_pack("{s:o}", "appointment", appt_row_json(c->hall, &row));
}

json_t *
appt_op_checkin(struct appt_ctx *c, json_t *req, struct appt_error *err)
{
	char hash[APPT_HASH_HEX], masked[APPT_ID_LEN + 1], when[APPT_ISO_MAX];
	struct appt_take tk;
	struct appt_row row;
	enum appt_lane lane;
	const char *number = NULL;
	long long day0, day1, ticket_id = 0;
	int rc, own, d = today(c);
	json_t *ticket, *a;

	day0 = appt_local_to_unix(c->hall->tz, d, 0);
	day1 = appt_local_to_unix(c->hall->tz, d + 1, 0);
	if (sweep(c, err))
		return NULL;
	if (json_object_get(req, "appointment") != NULL) {
		if (appointment_take(c, req, &row, err) ||
		    id_proves(c, req, &row, err) < 0)
			return NULL;
	} else {
		if (str_field(req, "id_number", 1, &number, err) ||
		    id_take(c, number, hash, masked, err))
			return NULL;
		rc = appt_store_find(c->store, hash, "booked", day0, day1, c->now, &row);
		if (rc == ERR_NOT_FOUND)	/* then say why, if it was missed */
			rc = appt_store_find(c->store, hash, "no_show", day0, day1, c->now, &row);
		if (rc == ERR_NOT_FOUND)	/* or that it was done already */
			rc = appt_store_find(c->store, hash, "checked_in", day0, day1, c->now,
			    &row);
		if (rc == ERR_NOT_FOUND)
			return fail(err, rc, "no booking today for this ID number");
		if (rc != ERR_OK)
			return fail(err, ERR_INTERNAL, "database error");
	}
	iso(c, row.start, when);
	if (strcmp(row.state, "checked_in") == 0)
		return fail(err, ERR_CONFLICT, "already checked in (ticket %lld)", row.ticket_id);
	if (strcmp(row.state, "no_show") == 0)
		return fail(err, ERR_CONFLICT, "the slot at %s was missed; please take a "
		    "normal ticket", when);
	if (strcmp(row.state, "booked") != 0)
		return fail(err, ERR_CONFLICT, "the appointment is %s", row.state);
	if (row.start < day0 || row.start >= day1)
		return fail(err, ERR_CONFLICT, "the appointment is at %s, not today", when);
	lane = appt_rules_checkin(row.start, row.end, c->hall->early_s, c->hall->grace_s, c->now);
	if (lane == APPT_TOO_EARLY) {
		iso(c, row.start - c->hall->early_s, when);
		return fail(err, ERR_CONFLICT, "too early: check-in opens at %s", when);
	}
	if (lane == APPT_MISSED)
		return fail(err, ERR_CONFLICT, "the slot at %s was missed; please take a "
		    "normal ticket", when);
	if (c->take == NULL)
		return fail(err, ERR_INTERNAL, "check-in is not wired to the queue");
	/* Mark first and take last: the ticket is the one step that cannot be undone in memory,
	 * so nothing fallible follows it but recording its id. */
	if (appt_store_begin(c->store, &own))
		return fail(err, ERR_INTERNAL, "database error");
	rc = appt_store_checked_in(c->store, row.id, c->now, 0, appt_lane_name(lane),
	    c->actor ? c->actor : "?");
	if (rc != ERR_OK) {
		appt_store_end(c->store, own, 0);
		return fail(err, rc == ERR_CONFLICT ? rc : ERR_INTERNAL,
		    rc == ERR_CONFLICT ? "the appointment is no longer booked" : "database error");
	}
	memset(&tk, 0, sizeof tk);
	tk.service = row.service;
	tk.priority = appt_lane_priority(lane);
	tk.slot_start = row.start;
	tk.slot_end = row.end;
	tk.appointment = row.id;
	tk.booking_code = row.code;
	if ((ticket = c->take(c->take_arg, &tk, &ticket_id, err)) == NULL) {
		appt_store_end(c->store, own, 0);
		if (err->code == ERR_OK)
			fail(err, ERR_INTERNAL, "no ticket issued");
		return NULL;
	}
	if (appt_store_set_ticket(c->store, row.id, ticket_id) != ERR_OK ||
	    appt_store_get(c->store, row.id, NULL, &row) != ERR_OK ||
	    appt_store_end(c->store, own, 1)) {
		json_decref(ticket);
		appt_store_end(c->store, own, 0);
		return fail(err, ERR_INTERNAL, "database error");
	}
	log_info("appointments: #%lld checked in %s by %s, ticket %lld", row.id,
	    appt_lane_name(lane), c->actor ? c->actor : "?", ticket_id);
	a = appt_row_json(c->hall, &row);
	return json_pack("{s:o, s:o, s:s}", "ticket", ticket, "appointment", a, "lane",
	    appt_lane_name(lane));
}

struct list_ctx {
	const struct appt_hall *h;
	int no_codes;		/* a monitor's list: the codes would let a screen cancel */
	json_t *list;
	int by_state[4];
};

static int
list_one(void *arg, const struct appt_row *r)
{
	static const char *const states[4] = { "booked", "checked_in", "no_show", "cancelled" };
	struct list_ctx *l = arg;
	json_t *o = appt_row_json(l->h, r);

	for (int i = 0; i < 4; i++)
		if (strcmp(r->state, states[i]) == 0)
			l->by_state[i]++;
	if (o && l->no_codes)
		json_object_del(o, "code");
	json_array_append_new(l->list, o);
	return 0;
}

json_t *
appt_op_appointments(struct appt_ctx *c, json_t *req, struct appt_error *err)
{
	struct list_ctx l = { .h = c->hall,
	    .no_codes = c->role && strcmp(c->role, "monitor") == 0 };
	const char *service = NULL;
	char date[APPT_DATE_MAX];
	int day;

	if (day_field(c, req, "date", today(c), &day, err) ||
	    str_field(req, "service", 0, &service, err) == -1)
		return NULL;
	if ((l.list = json_array()) == NULL)
		return fail(err, ERR_INTERNAL, "out of memory");
	if (appt_store_each(c->store, appt_local_to_unix(c->hall->tz, day, 0),
	    appt_local_to_unix(c->hall->tz, day + 1, 0), service, list_one, &l) != ERR_OK) {
		json_decref(l.list);
		return fail(err, ERR_INTERNAL, "database error");
	}
	appt_date_format(day, date);
	return json_pack("{s:s, s:o, s:{s:i, s:i, s:i, s:i}}", "date", date, "appointments",
	    l.list, "counts", "booked", l.by_state[0], "checked_in", l.by_state[1], "no_show",
	    l.by_state[2], "cancelled", l.by_state[3]);
}

struct bans_ctx {
	const struct appt_hall *h;
	long long now;
	json_t *list;
};

static int
bans_one(void *arg, const struct appt_ban *b)
{
	struct bans_ctx *l = arg;

	json_array_append_new(l->list, ban_json(l->h, b, l->now));
	return 0;
}

json_t *
appt_op_bans(struct appt_ctx *c, json_t *req, struct appt_error *err)
{
	struct bans_ctx l = { .h = c->hall, .now = c->now };
	json_t *all = json_object_get(req, "all");

	if (all && !json_is_boolean(all))
		return fail(err, ERR_BAD_REQUEST, "field \"all\" must be true or false");
	if (sweep(c, err))
		return NULL;
	if ((l.list = json_array()) == NULL)
		return fail(err, ERR_INTERNAL, "out of memory");
	if (appt_store_each_ban(c->store, c->now, all && json_is_true(all), bans_one, &l) !=
	    ERR_OK) {
		json_decref(l.list);
		return fail(err, ERR_INTERNAL, "database error");
	}
	return json_pack("{s:o}", "bans", l.list);
}

json_t *
appt_op_ban_lift(struct appt_ctx *c, json_t *req, struct appt_error *err)
{
	char hash[APPT_HASH_HEX] = "", masked[APPT_ID_LEN + 1];
	json_t *ban = json_object_get(req, "ban");
	const char *number, *reason = NULL;
	struct appt_ban b;
	long long id = 0;
	int rc;

	if (str_field(req, "reason", 0, &reason, err) == -1)
		return NULL;
	if (reason && strlen(reason) > APPT_REASON_MAX)
		return fail(err, ERR_BAD_REQUEST, "reason longer than %d bytes", APPT_REASON_MAX);
	if (ban != NULL) {
		if (!json_is_integer(ban) || json_integer_value(ban) <= 0)
			return fail(err, ERR_BAD_REQUEST, "field \"ban\" must be a ban id");
		id = json_integer_value(ban);
	} else if (str_field(req, "id_number", 1, &number, err) ||
	    id_take(c, number, hash, masked, err))
		return NULL;
	rc = appt_store_ban_lift(c->store, id, hash, c->now, c->actor ? c->actor : "?", reason,
	    &b);
	if (rc == ERR_NOT_FOUND)
		return fail(err, rc, "no ban in force there");
	if (rc != ERR_OK)
		return fail(err, ERR_INTERNAL, "database error");
	log_info("appointments: ban #%lld lifted by %s", b.id, c->actor ? c->actor : "?");
	return json_pack("{s:o}", "ban", ban_json(c->hall, &b, c->now));
}
