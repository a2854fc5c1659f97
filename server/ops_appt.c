/* ops_appt.c — the appointment modules (appt_*.c) wired into jhd: the hall's [appointments]
 * and [slots] sections of the hall file (read with the hall's, at import and reload), the key and the store opened at
 * start-up, one op handler for the seven appointment ops, the ticket a check-in issues, and
 * the no-show timer. Rules and wire format: docs/APPOINTMENTS.md. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "alloc.h"
#include "appt_ops.h"
#include "appt_time.h"
#include "audit.h"
#include "auth.h"
#include "clock.h"
#include "fault.h"
#include "log.h"
#include "server.h"
#include "store.h"
#include "utf8.h"

static struct appt_hall hall;		/* as the stored hall file says; large: not on the stack */
static struct appt_hall scratch;	/* a hall being imported, checked before it is stored */
static struct appt_store *astore;
static unsigned char key[APPT_KEY_LEN];
static int ready;			/* key loaded and store open */
static long long last_minute = -1;	/* of the last no-show sweep */
static int learnt_day = INT_MIN;	/* of appt_server_expect's show-up figures */
static int today_day = INT_MIN;		/* of its list of today's bookings, */
static int today_stale = 1;		/* which an op or the sweep may have changed */

/* Bookings as arrivals: the past days' outcomes (learn_one) and today's bookings not checked
 * in yet (booked_one), collected from the store. */
struct expect_rows {
	struct sched_booking *b;
	int n, cap;
	long long *early;
	int nearly, cap_early, noshow;
	int failed;
};
static struct expect_rows today;	/* today's bookings not checked in, as last read */

static void
expect_forget(void)
{
	free(today.b);
	memset(&today, 0, sizeof today);
	today_day = INT_MIN;
	today_stale = 1;
}

static struct appt_hall_reader scratch_reader;	/* reads the file being imported into scratch */

/* Check the appointment sections read into h (by r) against the hall's services. */
static int
hall_check(const struct appt_hall_reader *r, struct appt_hall *h, const struct hall_conf *conf,
    char *err, size_t errlen)
{
	if (appt_hall_reader_done(r, err, errlen) < 0 || appt_hall_check(h, err, errlen) < 0)
		return -1;
	for (int i = 0; i < h->nservice; i++) {
		int s = hallconf_service(conf, h->service[i].code);

		if (s < 0) {
			snprintf(err, errlen, "[slots %s]: no such service", h->service[i].code);
			return -1;
		}
		if (!(conf->svc[s].flags & SVC_APPOINTMENT)) {
			snprintf(err, errlen, "[slots %s]: service %s has no flag 'appointment'",
			    h->service[i].code, h->service[i].code);
			return -1;
		}
	}
	return 0;
}

struct hall_section_reader
appt_server_hall_reader(void)
{
	struct hall_section_reader rd = { appt_hall_reader_key, &scratch_reader };

	appt_hall_reader_init(&scratch_reader, &scratch);
	return rd;
}

int
appt_server_check_hall(const struct hall_conf *conf, char *err, size_t errlen)
{
	if (hall_check(&scratch_reader, &scratch, conf, err, errlen) < 0)
		return -1;
	/* at import only: a hall stored before this check still loads */
	return appt_hall_check_hours(&scratch, conf->open_min, conf->close_min, err, errlen);
}

/* A slot that holds bookings now, and what the hall being imported makes of it. */
struct slot_use {
	char service[APPT_CODE_MAX];
	long long start, end;
	int live;		/* booked, not yet a no-show: the citizen is coming */
	int taken;		/* places taken: bookings not cancelled */
};

struct uses {
	struct slot_use *u;
	int n, cap;
	long long now;
	int failed;
};

static int
use_one(void *arg, const struct appt_row *r)
{
	struct uses *us = arg;
	int live = strcmp(r->state, "booked") == 0 && r->end + hall.grace_s >= us->now;
	int i;

	if (strcmp(r->state, "cancelled") == 0)
		return 0;
	/* rows come in order of start: the slot, if seen, is among the last ones */
	for (i = us->n - 1; i >= 0 && us->u[i].start == r->start; i--)
		if (strcmp(us->u[i].service, r->service) == 0 && us->u[i].end == r->end)
			break;
	if (i < 0 || us->u[i].start != r->start) {
		if (us->n == us->cap) {
			int cap = us->cap ? 2 * us->cap : 64;
			struct slot_use *u = jh_realloc(us->u, cap * sizeof *u);

			if (!u) {
				us->failed = 1;
				return 1;
			}
			us->u = u;
			us->cap = cap;
		}
		i = us->n++;
		memset(&us->u[i], 0, sizeof us->u[i]);
		snprintf(us->u[i].service, sizeof us->u[i].service, "%s", r->service);
		us->u[i].start = r->start;
		us->u[i].end = r->end;
	}
	us->u[i].live += live;
	us->u[i].taken++;
	return 0;
}

struct codes {
	char text[128];
	int n, shown;
	long long end, now;
};

static int
code_one(void *arg, const struct appt_row *r)
{
	struct codes *c = arg;
	size_t len = strlen(c->text);

	if (strcmp(r->state, "booked") != 0 || r->end != c->end || r->end + hall.grace_s < c->now)
		return 0;
	if (c->shown < 6 && len + 12 < sizeof c->text) {
		snprintf(c->text + len, sizeof c->text - len, "%s%s", c->shown ? ", " : "", r->code);
		c->shown++;
	}
	c->n++;
	return 0;
}

/* "2026-11-23 09:00" in the hall's zone (the one the booking was made in). */
static void
slot_when(long long t, char *buf, size_t size)
{
	char d[APPT_DATE_MAX];
	int day, minute;

	appt_unix_to_local(hall.tz, t, &day, &minute);
	appt_date_format(day, d);
	snprintf(buf, size, "%s %02d:%02d", d, minute / 60, minute % 60);
}

int
appt_server_check_bookings(long long now, json_t *changes, char *err, size_t errlen)
{
	struct uses us = { .now = now };
	const struct slot_use *bad = NULL;
	struct appt_slot slot;
	int nbad = 0, badlive = 0, rc;
	char when[40], fate[64] = "";

	if (!ready)
		return 0;	/* no store: no bookings to keep (the log says why) */
	/* a booking is live until slot end + grace (then the sweep makes it a no-show); slots
	 * are at most a day long and grace at most 4 h: two days back is far enough */
	rc = appt_store_each(astore, now - 2 * 86400, LLONG_MAX, NULL, use_one, &us);
	if (rc != ERR_OK || us.failed) {
		free(us.u);
		snprintf(err, errlen, "cannot read the bookings");
		return -2;
	}
	for (int i = 0; i < us.n; i++) {
		const struct slot_use *u = &us.u[i];
		const struct appt_service *s = appt_hall_service(&scratch, u->service);
		int found = s && appt_slots_find(&scratch, s, u->start, &slot) == 0;

		if (u->live == 0)
			continue;
		if (found && slot.end == u->end) {
			if (slot.quota < u->taken && changes) {
				char msg[160];

				slot_when(u->start, when, sizeof when);
				snprintf(msg, sizeof msg, "slot %s of service %s keeps its %d bookings "
				    "over its new %d place%s", when, u->service, u->taken, slot.quota,
				    slot.quota == 1 ? "" : "s");
				json_array_append_new(changes, json_string(msg));
			}
			continue;
		}
		if (!bad) {
			bad = u;
			if (found) {
				int day, a, b;

				appt_unix_to_local(hall.tz, slot.start, &day, &a);
				appt_unix_to_local(hall.tz, slot.end, &day, &b);
				snprintf(fate, sizeof fate, "; the new file makes it %02d:%02d-%02d:%02d",
				    a / 60, a % 60, b / 60, b % 60);
			} else
				snprintf(fate, sizeof fate, "; the new file removes it");
		} else {
			nbad++;
			badlive += u->live;
		}
	}
	if (bad) {
		struct codes c = { .end = bad->end, .now = now };
		char more[96] = "";

		appt_store_each(astore, bad->start, bad->start + 1, bad->service, code_one, &c);
		if (c.n > c.shown)
			snprintf(c.text + strlen(c.text), sizeof c.text - strlen(c.text),
			    " and %d more", c.n - c.shown);
		if (nbad)
			snprintf(more, sizeof more, " (and %d more slot%s with %d live booking%s)",
			    nbad, nbad == 1 ? "" : "s", badlive, badlive == 1 ? "" : "s");
		slot_when(bad->start, when, sizeof when);
		snprintf(err, errlen, "slot %s of service %s has %d live booking%s (code%s %s)%s%s; "
		    "cancel the bookings first or keep the slot%s", when, bad->service, bad->live,
		    bad->live == 1 ? "" : "s", c.n == 1 ? "" : "s", c.text, fate, more,
		    nbad ? "s" : "");
	}
	free(us.u);
	return bad ? -1 : 0;
}

static void
diff_emit(void *arg, const char *change)
{
	json_array_append_new(arg, json_string(change));
}

void
appt_server_diff(json_t *changes)
{
	appt_hall_diff(&hall, &scratch, diff_emit, changes);
}

void
appt_server_adopt(int have_text)
{
	char err[300];

	learnt_day = INT_MIN;	/* the prior may have changed */
	today_stale = 1;
	if (!have_text) {
		appt_hall_init(&hall);
		return;
	}
	if (hall_check(&scratch_reader, &scratch, &srv.q.conf, err, sizeof err) < 0) {
		/* the import checked it: only a hand-edited database gets here */
		log_error("appointments: the stored hall file: %s; no slots offered", err);
		appt_hall_init(&hall);
		return;
	}
	hall = scratch;
}

int
appt_server_open(const char *db_path, char *err, size_t errlen)
{
	if (appt_id_key_load(db_path, key, err, errlen) < 0)
		return -1;
	if ((astore = appt_store_attach(srv.store, err, errlen)) == NULL)
		return -1;
	ready = 1;
	server_forecast_expect(appt_server_expect);
	return 0;
}

void
appt_server_close(void)
{
	server_forecast_expect(NULL);
	expect_forget();
	appt_store_free(astore);
	astore = NULL;
	ready = 0;
}

static void
ctx_init(struct appt_ctx *c, long long now, const char *actor, const char *role)
{
	memset(c, 0, sizeof *c);
	c->store = astore;
	c->hall = &hall;
	c->key = key;
	c->now = now;
	c->actor = actor;
	c->role = role;
	c->no_sweep = !server_clock_trusted(now);
}

void
appt_server_tick(long long now)
{
	struct appt_ctx c;

	if (!ready || now / 60 == last_minute || !server_clock_trusted(now))
		return;
	if (server_begin() < 0)
		return;		/* tried again at the next tick */
	srv.uc_valid = 0;	/* (the sweep may touch tickets: counted again) */
	ctx_init(&c, now, "jhd", "admin");
	if (appt_tick(&c, NULL) < 0)
		srv.tx_failed = 1;
	else
		last_minute = now / 60;
	today_stale = 1;	/* the sweep may have marked no-shows */
}

/* Check-in's ticket: issued in the turn's open transaction, channel appointment, with the
 * slot the scheduler needs to call it at its time. */
static json_t *
take(void *arg, const struct appt_take *tk, long long *ticket_id, struct appt_error *err)
{
	struct req *r = arg;
	struct queue *q = &srv.q;
	struct ticket t;
	char detail[64];
	int s, lane;

	if ((s = hallconf_service(&q->conf, tk->service)) < 0) {
		err->code = ERR_NOT_FOUND;
		snprintf(err->message, sizeof err->message, "service %s is no longer offered",
		    tk->service);
		return NULL;
	}
	if ((lane = sched_lane_parse(tk->priority)) < 0)
		lane = LANE_NORMAL;
	memset(&t, 0, sizeof t);
	t.svc = s;
	t.lane = lane;
	t.applicant = AP_INDIVIDUAL;
	t.channel = CH_APPOINTMENT;
	t.slot_start = tk->slot_start;
	t.slot_end = tk->slot_end;
	snprintf(detail, sizeof detail, "checkin %s", tk->booking_code);
	if (server_issue(r, &t, detail) < 0) {
		err->code = r->err;
		utf8_copy(err->message, sizeof err->message, r->emsg);
		return NULL;
	}
	server_forecast_stale();
	{
		/* a booked citizen gets the ticket whatever [policy] unserved says, with the
		 * same notice as a take when no open window serves the service */
		char served[HALL_MAX_SERVICES];

		queue_served(q, r->now, served);
		if (!served[s])
			json_object_set_new(r->ans, "no_window", json_true());
	}
	log_info("ticket %s taken by %s at check-in (%s)", t.code, r->ss->who, tk->priority);
	*ticket_id = t.id;
	return server_ticket_json(&t);
}

/* Run an appointment op (appt_ops.h) for r: its answer's fields, or its refusal. */
static int
appt_run(struct req *r, appt_op_fn fn)
{
	struct appt_error err;
	struct appt_ctx c;
	json_t *ans;

	if (!ready)
		return req_error(r, ERR_INTERNAL, "appointments are not available (see the log)");
	ctx_init(&c, r->now, r->ss->who, auth_role_name(r->ss->role));
	c.take = take;
	c.take_arg = r;
	memset(&err, 0, sizeof err);
	if ((ans = fn(&c, r->msg, &err)) == NULL) {
		if (err.until[0]) {
			r->eextra = json_pack("{s:s, s:s}", "until", err.until, "until_date",
			    err.until_date);
		}
		return req_error(r, err.code ? err.code : ERR_INTERNAL, "%s", err.message);
	}
	json_object_update(r->ans, ans);
	json_decref(ans);
	return 0;
}

/* An op that changes today's bookings: appt_server_expect reads them again. */
static int
appt_run_change(struct req *r, appt_op_fn fn)
{
	today_stale = 1;
	return appt_run(r, fn);
}

int
op_slots(struct req *r)
{
	return appt_run(r, appt_op_slots);
}

int
op_book(struct req *r)
{
	/* a centre of a district books nothing itself: its places are the district's */
	if (srv.district)
		return req_error(r, ERR_FORBIDDEN, "this hall is a centre of the district at %s: "
		    "book there (jhdistrict)", srv.district);
	return appt_run_change(r, appt_op_book);
}

int
op_cancel_booking(struct req *r)
{
	return appt_run_change(r, appt_op_cancel_booking);
}

int
op_checkin(struct req *r)
{
	return appt_run_change(r, appt_op_checkin);
}

int
op_appointments(struct req *r)
{
	return appt_run(r, appt_op_appointments);
}

int
op_bans(struct req *r)
{
	return appt_run(r, appt_op_bans);
}

/* A lifted ban is a supervisor's act: a row of the audit trail, with the reason. */
int
op_ban_lift(struct req *r)
{
	const char *reason = json_string_value(json_object_get(r->msg, "reason"));
	json_t *ban;
	char target[64], before[160], after[AUDIT_TEXT_MAX];

	if (appt_run(r, appt_op_ban_lift) < 0)
		return -1;
	ban = json_object_get(r->ans, "ban");
	snprintf(target, sizeof target, "ban %lld",
	    (long long)json_integer_value(json_object_get(ban, "id")));
	snprintf(before, sizeof before, "in force until %s",
	    json_string_value(json_object_get(ban, "until_date")) ?
	    json_string_value(json_object_get(ban, "until_date")) : "?");
	snprintf(after, sizeof after, "lifted%s%s", reason ? ": " : "", reason ? reason : "");
	return server_audit(r, "ban_lift", target, before, after);
}


static int
grow(void **p, int *cap, int n, size_t size)
{
	void *np;
	int c = *cap ? 2 * *cap : 64;

	if (n < *cap)
		return 0;
	if ((np = jh_realloc(*p, (size_t)c * size)) == NULL)
		return -1;
	*p = np;
	*cap = c;
	return 0;
}

static int
learn_one(void *arg, const struct appt_row *r)
{
	struct expect_rows *x = arg;

	if (strcmp(r->state, "no_show") == 0) {
		x->noshow++;
		return 0;
	}
	if (strcmp(r->state, "checked_in") != 0 || r->checked_in_at <= 0)
		return 0;
	if (grow((void **)&x->early, &x->cap_early, x->nearly, sizeof *x->early) < 0) {
		x->failed = 1;
		return 1;
	}
	x->early[x->nearly++] = r->start - r->checked_in_at;
	return 0;
}

static int
booked_one(void *arg, const struct appt_row *r)
{
	struct expect_rows *x = arg;
	int s;

	if (strcmp(r->state, "booked") != 0 || (s = hallconf_service(&srv.q.conf, r->service)) < 0)
		return 0;
	if (grow((void **)&x->b, &x->cap, x->n, sizeof *x->b) < 0) {
		x->failed = 1;
		return 1;
	}
	x->b[x->n].service = s;
	x->b[x->n].slot_start = r->start;
	x->b[x->n].slot_end = r->end;
	x->n++;
	return 0;
}

int
appt_server_expect(long long now)
{
	static struct sched_show show;
	const struct sched_show prior = { hall.expect_early_s, hall.expect_show_pct / 100.0 };
	struct expect_rows past = { 0 }, *x = &today;
	struct sched_ticket *e = NULL;
	long long day0;
	int days, minute, n, rc = -1;

	if (!ready)
		return queue_set_expected(&srv.q, NULL, 0);
	appt_unix_to_local(hall.tz, now, &days, &minute);
	day0 = appt_local_to_unix(hall.tz, days, 0);
	if (days != learnt_day) {
		if (appt_store_each(astore, day0 - 28 * 86400LL, day0, NULL, learn_one, &past) !=
		    ERR_OK || past.failed)
			goto out;
		sched_show_learn(past.early, past.nearly, past.noshow, &prior, SCHED_SHOW_PRIOR_N,
		    &show);
		learnt_day = days;
	}
	if (today_stale || days != today_day) {
		/* read again only when an op, the sweep or the day changed them: the store has
		 * no index on the slot start alone */
		x->n = 0;
		x->failed = 0;
		today_day = INT_MIN;
		if (appt_store_each(astore, day0, appt_local_to_unix(hall.tz, days + 1, 0), NULL,
		    booked_one, x) != ERR_OK || x->failed)
			goto out;
		today_day = days;
		today_stale = 0;
	}
	if (x->n > 0 && (e = jh_malloc((size_t)x->n * sizeof *e)) == NULL)
		goto out;
	if ((n = sched_expect_bookings(x->b, x->n, srv.q.conf.nsvc, &show, now, e)) < 0)
		goto out;
	rc = queue_set_expected(&srv.q, e, n);
out:
	if (rc < 0)
		queue_set_expected(&srv.q, NULL, 0);
	free(past.early);
	free(e);
	return rc;
}
