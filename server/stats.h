/* stats.h — statistics from the append-only ticket_events log: a compact digest in memory
 * (one record per issued ticket and per called leg), fed event by event in log order, and
 * queries over it (rows grouped by one or more keys; hot services). Pure: no I/O, no clock;
 * ops_stats.c reads the log and feeds it. Definitions: docs/STATISTICS.md. */
#ifndef JH_STATS_H
#define JH_STATS_H

#include <jansson.h>

/* Keys a query may group by. */
enum stats_dim {
	SD_HOUR = 0,	/* local hour of day, "09:00" */
	SD_DAY,		/* local date, "2026-11-26" */
	SD_SERVICE,
	SD_DEPARTMENT,
	SD_WINDOW,
	SD_CLERK,
	SD_CHANNEL,
	SD_APPLICANT,
	SD_PRIORITY,
	SD_COUNT
};

#define STATS_MAX_DIMS	4	/* keys in one "by" list */
#define STATS_MAX_TOP	50	/* hot services listed */
#define STATS_MAX_GROUPS 100000	/* rows in one answer */

/* One row of ticket_events, as read (strings borrowed for the call; NULL when SQL NULL). */
struct stats_event {
	long long id, at, ticket;
	int utc_offset_s;	/* of the hall's zone at `at` (for local hour and date) */
	const char *what, *who, *window, *service, *lane, *channel, *applicant;
	const char *detail;	/* a call's "eta N": the ETA the ticket was given (may be NULL) */
};

struct stats;

/* A new, empty digest; NULL when out of memory. Free with stats_free. */
struct stats *stats_new(void);
void stats_free(struct stats *s);

/* Feed events in log order (increasing id); events with id <= stats_last_id are ignored.
 * 0, or -1 when out of memory (the digest is then unchanged by this event). */
int stats_feed(struct stats *s, const struct stats_event *ev);
long long stats_last_id(const struct stats *s);
/* Records held (issued tickets + called legs + cancellations), and bytes of memory used. */
long long stats_records(const struct stats *s);
size_t stats_bytes(const struct stats *s);

/* The department of a service, for grouping by department (services without one: null). */
int stats_set_department(struct stats *s, const char *service, const char *department);

/* Wire name of a key ("hour", "service", ...) and back (-1 when unknown). */
const char *stats_dim_name(int d);
int stats_dim_parse(const char *name);

struct stats_query {
	long long from, to;		/* [from, to), Unix seconds */
	int dim[STATS_MAX_DIMS];
	int ndim;			/* 1..STATS_MAX_DIMS */
	int key_list;			/* 1: keys are arrays (by was a list) */
	int top;			/* hot services listed, 0..STATS_MAX_TOP */
};

/* The answer's fields: {"rows":[...], "hot":{"by_volume":[...], "by_wait":[...]},
 * "records": n}. NULL when out of memory or over STATS_MAX_GROUPS rows (*too_many set).
 * The caller owns the result (json_decref). */
json_t *stats_query_json(struct stats *s, const struct stats_query *q, int *too_many);

#endif
