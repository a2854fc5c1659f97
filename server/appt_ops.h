/* appt_ops.h — the appointment ops (slots, book, cancel_booking, checkin, appointments, bans,
 * ban_lift) as functions from a request to an answer, and the no-show timer, ready to be rows
 * of the server's op table (optable.c says who may call each). Wire format:
 * docs/APPOINTMENTS.md. */
#ifndef JH_APPT_OPS_H
#define JH_APPT_OPS_H

#include <jansson.h>

#include "appt_store.h"

/* A refusal: an error of the one vocabulary (errcode.h), a message for people, and for
 * blacklisted the end of the ban (ISO 8601 and its local date) to add to the error object. */
struct appt_error {
	int code;			/* enum err; ERR_OK (0) when none was set */
	char message[256];
	char until[APPT_ISO_MAX];	/* "" unless code is blacklisted */
	char until_date[APPT_DATE_MAX];
};

/* What check-in asks of the server: issue a ticket now. */
struct appt_take {
	const char *service;
	const char *priority;		/* "appointment" (early, on time) or "normal" (late) */
	long long slot_start, slot_end;	/* for sched_ticket.slot_start/slot_end */
	long long appointment;		/* the appointment's id */
	const char *booking_code;
};
/* Issues the ticket (channel "appointment") in the caller's open transaction and returns the
 * ticket object (a new reference) and its id; NULL with err filled (e.g. closed) on refusal. */
typedef json_t *(*appt_take_fn)(void *arg, const struct appt_take *t, long long *ticket_id,
    struct appt_error *err);

/* Everything an op needs, filled by the server for each request. */
struct appt_ctx {
	struct appt_store *store;	/* over the server's sqlite3 connection */
	const struct appt_hall *hall;
	const unsigned char *key;	/* APPT_KEY_LEN bytes, from appt_id_key_load */
	long long now;			/* the server's clock */
	const char *actor;		/* the user's or device's name, for the records */
	const char *role;		/* its hello role: kiosk, clerk, supervisor, admin, ... */
	appt_take_fn take;		/* checkin only */
	void *take_arg;
	int no_sweep;			/* the clock has stepped (jhd's clock guard): no
					 * booking is made a no-show until it is trusted again */
};

typedef json_t *(*appt_op_fn)(struct appt_ctx *c, json_t *req, struct appt_error *err);

/* Each op returns the answer's fields (a new object; the server adds "id" and "ok":true) or
 * NULL with err filled. Write ops run in their own transaction, or as a savepoint inside the
 * server's when it has one open. */
json_t *appt_op_slots(struct appt_ctx *c, json_t *req, struct appt_error *err);
json_t *appt_op_book(struct appt_ctx *c, json_t *req, struct appt_error *err);
json_t *appt_op_cancel_booking(struct appt_ctx *c, json_t *req, struct appt_error *err);
json_t *appt_op_checkin(struct appt_ctx *c, json_t *req, struct appt_error *err);
json_t *appt_op_appointments(struct appt_ctx *c, json_t *req, struct appt_error *err);
json_t *appt_op_bans(struct appt_ctx *c, json_t *req, struct appt_error *err);
json_t *appt_op_ban_lift(struct appt_ctx *c, json_t *req, struct appt_error *err);

/* The no-show timer: run at start-up (slots that passed while the server was down) and then
 * every minute. Logs counts only. 0, or -1 on a database error. */
int appt_tick(struct appt_ctx *c, struct appt_sweep *done);

/* A stored appointment as the wire shows it (a new object). */
json_t *appt_row_json(const struct appt_hall *h, const struct appt_row *r);

#endif
