/* store.h — the durable state in SQLite: schema migrations (PRAGMA user_version), WAL, foreign
 * keys, prepared statements; the hall configuration, tickets, the append-only ticket_events
 * log, users and devices. Knows SQL, not sockets. */
#ifndef JH_STORE_H
#define JH_STORE_H

#include <jansson.h>

#include "queue.h"

struct store;
struct sqlite3;

/* Open (creating when missing) and migrate. NULL with err filled on failure. */
struct store *store_open(const char *path, char *err, int errlen);
void store_close(struct store *s);
const char *store_error(struct store *s);

/* The district link's SQL (store_district.c). _start makes the outbox's trigger anew (-1 with
 * "district outbox: ..." in err). A copy of the district's bookings: _copy_begin (NULL on an
 * error), _copy for each (-1 on an error), _copy_end; _errmsg is SQLite's last message.
 * _ticket_feed makes (on) or drops the trigger that queues the hall's ticket events in the
 * outbox (0 or -1). _next_events calls fn with the oldest unsent outbox events in order, at
 * most max (their strings live until fn returns; body is NULL but for kind "ticket"), while
 * fn returns 1, and gives how many fn took, or -1 on an error or when fn returned -1;
 * _event_sent marks the unsent rows first..last sent (-1 on an error), _event_result sets
 * one event's result (-1 on an error); _unsent counts the rows not sent yet (-1 on an error);
 * _prune deletes the rows sent before a time (how many,
 * or -1). _hall_source: 1 and *text a new string (malloc; NULL
 * when out of memory) when the stored hall file differs from known (NULL: none yet), else 0. */
struct store_district_copy;
struct store_district_booking {
	const char *code, *service, *id_hash, *id_masked, *state, *channel;
	long long start, end, booked_at;
};
int store_district_start(struct store *s, char *err, size_t errlen);
struct store_district_copy *store_district_copy_begin(struct store *s);
int store_district_copy(struct store_district_copy *c, const struct store_district_booking *b);
void store_district_copy_end(struct store_district_copy *c);
const char *store_district_errmsg(struct store *s);
struct store_district_event {
	long long row, at;
	const char *event_id, *kind, *code, *body;
};
int store_district_ticket_feed(struct store *s, int on);
int store_district_next_events(struct store *s, int max, int (*fn)(void *arg,
    const struct store_district_event *ev), void *arg);
int store_district_event_sent(struct store *s, long long first, long long last, long long at,
    const char *result);
int store_district_event_result(struct store *s, const char *event_id, const char *result);
long long store_district_unsent(struct store *s);
int store_district_prune(struct store *s, long long before);
/* The hall's tickets of [from, to) per service: fn gets taken, called, finished, no_show (a
 * negative return stops: -1). 0 or -1. */
int store_district_hour_counts(struct store *s, long long from, long long to,
    int (*fn)(void *arg, const char *service, const long long n[4]), void *arg);
/* The first ticket event (taken, called, finished) at or after from, or -1. */
long long store_district_first_activity(struct store *s, long long from);

struct stats_event;
/* The stored hall file's text (a new string: free it), or NULL when there is none or on an
 * error (*failed set to 1 then). */
char *store_hall_source(struct store *s, int *failed);
/* Call fn for each event of the log with id > after, in id order, at most max (0: all): the
 * event's strings live until fn returns; utc_offset_s is left 0 for fn to fill. Stops when fn
 * returns < 0. The number of events given to fn, or -1 on a database error. */
long long store_events_each(struct store *s, long long after, long long max,
    int (*fn)(void *arg, struct stats_event *ev), void *arg);
/* Call fn(arg, service, department) for every service ever imported. 0 or -1. */
int store_departments_each(struct store *s, void (*fn)(void *arg, const char *service,
    const char *department), void *arg);
/* Copy the database file src into dst, a new file (SQLite's online backup, one step: the
 * state of one commit), check the copy (quick_check) and count its bytes, tickets and
 * events. Its own connections: any thread may run it (store_copy.c). 0, or -1 with err
 * (dst and its side files are the caller's to remove). */
int store_copy(const char *src, const char *dst, long long *bytes, long long *tickets,
    long long *events, char *err, size_t errlen);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. 0 or -1. */
int store_begin(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);

/* The hall configuration: replaced in place (rows updated, added, marked inactive). */
int store_save_conf(struct store *s, const struct hall_conf *h, const char *text);
/* 1 when a configuration was loaded, 0 when none was ever imported, -1 on error. */
int store_load_conf(struct store *s, struct hall_conf *h);

/* Window state persisted across restarts. */
int store_window_state(struct store *s, const char *window, int state);
int store_load_window_states(struct store *s, struct queue *q);

/* Tickets. insert fills t->id. */
int store_ticket_insert(struct store *s, const struct queue *q, struct ticket *t);
int store_ticket_update(struct store *s, const struct queue *q, const struct ticket *t);
/* Only its max_overtake count (passed), after queue_note_call. */
int store_ticket_passed(struct store *s, const struct ticket *t);
/* Only the ETA and range its take was answered with (eta_given > 0), in the same turn. */
int store_ticket_eta(struct store *s, const struct ticket *t);
/* Load every waiting or called ticket into q (services and windows resolved by code/name),
 * and today's sequence numbers, served counts and handling averages. */
int store_load_live(struct store *s, struct queue *q);
/* The last sequence number issued for a service on a day (0 when none). */
int store_max_seq(struct store *s, const char *day, const char *service);
/* A ticket by id or by (day, code), live or not: 1 found, 0 not found, -1 error. */
int store_ticket_get(struct store *s, const struct queue *q, long long id, const char *day,
    const char *code, struct ticket *t);

/* Append one event: what happened to ticket t (may be NULL), who did it, at which window. */
/* Each event `what` at or after since, in log order: fn(arg, at, who, window, detail) (strings
 * borrowed for the call; NULL when SQL NULL). 0, or -1 when the database refuses. */
int store_each_event(struct store *s, const char *what, long long since,
    void (*fn)(void *arg, long long at, const char *who, const char *window,
    const char *detail), void *arg);
int store_event(struct store *s, const struct queue *q, long long at, const struct ticket *t,
    const char *what, const char *who, int window, const char *detail);

/* Users (device 0) and devices (device 1): the name's role and password or token hash. put =
 * insert or replace (*created: whether the name was new); 0 or -1. get: 1 found, 0 not, -1
 * error; role and hash may be NULL. */
int store_cred_put(struct store *s, int device, const char *name, const char *role,
    const char *hash, long long now, int *created);
int store_cred_get(struct store *s, int device, const char *name, char *role, int rolelen,
    char *hash, int hashlen);
json_t *store_user_list(struct store *s);
json_t *store_device_list(struct store *s);

/* Users that are disabled, devices whose token is revoked: store_cred_disabled 1 (disabled),
 * 0 (not, or no such name), -1 error. The changes return the rows changed (0: no such name)
 * or -1. */
int store_cred_disabled(struct store *s, int device, const char *name);
int store_cred_set_disabled(struct store *s, int device, const char *name, int disabled);
int store_user_set_hash(struct store *s, const char *name, const char *hash);
int store_user_del(struct store *s, const char *name);

/* The audit trail (audit.h). append: e->id is set to the new row's id, its hash chained to
 * the last row's. list: rows at >= since with id > after_id, at most limit, oldest first
 * (a new array, or NULL). verify: the rows after cursor c, at most max of them, c moved on:
 * 0 intact to the end (and the end is the last row written), 2 intact so far (call again
 * with c), 1 broken (*bad the first broken row, why says how), -1 error; *rows the rows
 * read. */
struct audit_entry;
int store_audit_append(struct store *s, struct audit_entry *e);
json_t *store_audit_list(struct store *s, long long since, long long after_id, int limit);
struct audit_cursor;
int store_audit_verify(struct store *s, struct audit_cursor *c, int max, long long *rows,
    long long *bad, char *why, int len);

/* Small key/value settings (e.g. the hall's current business day). */
int store_meta_get(struct store *s, const char *key, char *val, int len);
int store_meta_set(struct store *s, const char *key, const char *val);

#endif
