/* appt_store.h — the appointments' SQL: the tables (appointments, appointment_events, bans,
 * ban_audit), prepared statements over the server's sqlite3 connection, and the race-free
 * booking. Every write runs in its own transaction (BEGIN IMMEDIATE) when called outside one,
 * or in a SAVEPOINT inside the caller's (the server's group commit). */
#ifndef JH_APPT_STORE_H
#define JH_APPT_STORE_H

#include <sqlite3.h>

#include "appt_id.h"
#include "appt_rules.h"
#include "appt_slots.h"

#define APPT_BOOKING_CODE_LEN	8	/* "K7M2Q9TX": what a citizen reads out at the kiosk */
#define APPT_ACTOR_MAX		64
#define APPT_REASON_MAX		256

struct appt_store;

/* The tables, as SQL text (appt_schema.h; CREATE ... IF NOT EXISTS): jhd's store makes them
 * in its migration chain; the unit tests run this on a bare database. */
extern const char appt_store_schema[];

/* Prepare the statements over db, which stays the caller's and has the tables. NULL on
 * error, with the reason in err. Free with appt_store_free. */
struct appt_store *appt_store_open(sqlite3 *db, char *err, size_t errlen);
struct store;
/* appt_store_open over jhd's store's connection (store.h). */
struct appt_store *appt_store_attach(struct store *s, char *err, size_t errlen);
void appt_store_free(struct appt_store *s);
/* The last SQLite error, for logs. */
const char *appt_store_errmsg(struct appt_store *s);

/* A transaction around several calls (they nest in it as savepoints): BEGIN IMMEDIATE when
 * none runs (*own set), else a SAVEPOINT in the caller's. End with ok 1 to commit or release,
 * 0 to roll back. 0, or -1 when SQLite failed (then the work is rolled back). */
int appt_store_begin(struct appt_store *s, int *own);
int appt_store_end(struct appt_store *s, int own, int ok);

/* An appointment as stored. The ID number itself is never stored: only id_hash and id_masked. */
struct appt_row {
	long long id;
	char code[APPT_BOOKING_CODE_LEN + 1];
	char service[APPT_CODE_MAX];
	long long start, end;
	char state[16];			/* booked, cancelled, checked_in, no_show */
	char id_hash[APPT_HASH_HEX];
	char id_masked[APPT_ID_LEN + 1];
	char channel[16];		/* kiosk, phone, web, counter */
	long long booked_at;
	long long checked_in_at;	/* 0 when not */
	long long ticket_id;		/* 0 when none */
	char lane[16];			/* early, on_time, late, or "" */
};

struct appt_book_req {
	const char *service;
	struct appt_slot slot;
	const char *id_hash, *id_masked;
	const char *channel, *actor;
	long long now;
	long long window_end;		/* bookable slots start before this */
	int max_open;			/* K */
};

/* Book a place: in one transaction, gather the facts (ban, the ID's open bookings, places
 * taken), decide with appt_rules_can_book, and insert with a conditional INSERT ... SELECT
 * that re-checks the quota and limits, so two connections racing for the last place cannot
 * both win. ERR_OK and *out, or an enum err; *facts (may be NULL) gets the facts the
 * decision was made on, to explain a refusal (ban_until, booked, open, same_service). */
int appt_store_book(struct appt_store *s, const struct appt_book_req *rq, struct appt_row *out,
    struct appt_book_facts *facts);

/* Look up by id (code NULL) or by booking code. ERR_OK, ERR_NOT_FOUND or ERR_INTERNAL. */
int appt_store_get(struct appt_store *s, long long id, const char *code, struct appt_row *out);

/* Cancel a booked appointment (not one checked in, missed or already cancelled: conflict). */
int appt_store_cancel(struct appt_store *s, long long id, long long now, const char *actor,
    struct appt_row *out);

/* The ID's appointment in this state with a slot starting in [from, to) nearest to now; for
 * check-in by ID number. ERR_OK or ERR_NOT_FOUND. */
int appt_store_find(struct appt_store *s, const char *id_hash, const char *state,
    long long from, long long to, long long now, struct appt_row *out);

/* Mark a booked appointment checked in, with the ticket it got and its lane. */
int appt_store_checked_in(struct appt_store *s, long long id, long long now, long long ticket_id,
    const char *lane, const char *actor);

/* Record the ticket a checked-in appointment got. */
int appt_store_set_ticket(struct appt_store *s, long long id, long long ticket_id);

/* Places taken (not cancelled) of each of slots[0..n) of service: booked[i]. */
int appt_store_booked_counts(struct appt_store *s, const char *service,
    const struct appt_slot *slots, int n, int *booked);

/* Every appointment with a slot starting in [from, to), of service (NULL: all), in order of
 * start then id; cb returns non-zero to stop. */
int appt_store_each(struct appt_store *s, long long from, long long to, const char *service,
    int (*cb)(void *arg, const struct appt_row *r), void *arg);

/* The no-show sweep: every booked appointment whose slot ended more than grace before now
 * becomes a no-show (at slot end + grace, in that order), and each may earn its holder a ban
 * (appt_rules_ban). Run at start-up and periodically. Counts what it did. */
struct appt_sweep {
	int no_shows;
	int bans;
};
int appt_store_sweep(struct appt_store *s, const struct appt_hall *h, long long now,
    struct appt_sweep *done);

struct appt_ban {
	long long id;
	char id_masked[APPT_ID_LEN + 1];
	long long since, until;
	int no_shows;
	long long lifted_at;		/* 0 when not lifted */
	char lifted_by[APPT_ACTOR_MAX];
};

/* The ID's ban in force at now: 1 and *out, 0 when none, or ERR_INTERNAL. */
int appt_store_ban_active(struct appt_store *s, const char *id_hash, long long now,
    struct appt_ban *out);

/* Bans in force at now (all: every ban ever), newest first. */
int appt_store_each_ban(struct appt_store *s, long long now, int all,
    int (*cb)(void *arg, const struct appt_ban *b), void *arg);

/* Lift the ban with this id (or, id 0, the ban in force on id_hash) and write the audit
 * record. ERR_OK, ERR_NOT_FOUND (no such ban in force) or ERR_INTERNAL. */
int appt_store_ban_lift(struct appt_store *s, long long id, const char *id_hash, long long now,
    const char *actor, const char *reason, struct appt_ban *out);

#endif
