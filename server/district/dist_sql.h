/* dist_sql.h — every SQL text of the district (server/district/dist_sql.c): the schema with
 * its server-side functions, and the one-statement calls jhdistrict makes. One file owns SQL. */
#ifndef JH_DIST_SQL_H
#define JH_DIST_SQL_H

/* The schema and functions, idempotent (CREATE ... IF NOT EXISTS, CREATE OR REPLACE): run at
 * every start of jhdistrict and by `jhdistrict import`. */
extern const char dist_sql_schema[];

/* One-statement calls; every one returns one row with one json column. Parameters, in order:
 * book: centre, service, start (timestamptz), id_hash, id_masked, name, mobile, channel,
 *       request, now, max_open */
extern const char dist_sql_book[];
/* cancel: code, id_hash, now */
extern const char dist_sql_cancel[];
/* mine: id_hash */
extern const char dist_sql_mine[];
/* centres: (none) */
extern const char dist_sql_centres[];
/* availability: service, lat, lon (both may be NULL), now, centre (NULL: all) */
extern const char dist_sql_availability[];
/* slots: centre, service, now, date (NULL: every day) */
extern const char dist_sql_slots[];
/* event: centre, event_id, kind, code, at, noshow_limit, noshow_window_s, ban_s */
extern const char dist_sql_event[];
/* changes: centre, since (seq), limit */
extern const char dist_sql_changes[];

/* import: centre, name, address, lat, lon (NULL when unknown), tz, hall text, services
 * [{code, name, department}] and slots [{service, start_at, end_at, day, quota}] as JSON, now */
extern const char dist_sql_import[];
/* the halls of every centre, to publish the slots of a new day: code, hall */
extern const char dist_sql_halls[];
/* stats: from, to (dates), by (centre, service, department, channel, applicant, day, week),
 * the district's time zone */
extern const char dist_sql_stats[];
/* tickets: centre, hour (time), services [{service, taken, called, finished, no_show}] */
extern const char dist_sql_hours[];
/* ticket_events: centre, events [{event_id, kind, at, day, ticket, service, lane, applicant,
 * channel, window, issued_at, called_at, wait_s, handle_s, to}] (dist_tickets.c's) */
extern const char dist_sql_ticket_events[];

#endif
