/* dist_ops.h — jhdistrict's ops (docs/DISTRICT.md): a request line in, one statement to the
 * database through the pool, one answer line out, in request order per connection. */
#ifndef JH_DIST_OPS_H
#define JH_DIST_OPS_H

#include "appt_id.h"

struct pgpool;

/* The rules the district applies everywhere (jhdistrict's options). */
struct dist_rules {
	int max_open;		/* open bookings one ID may hold, at all centres (default 3) */
	int noshow_limit;	/* more than this many no-shows ... (default 3) */
	long noshow_window_s;	/* ... within this rolling window (default 30 days) ... */
	long ban_s;		/* ... ban from booking for this long (default 30 days) */
	char tz[64];		/* the district's zone: dates of ID numbers, times without offset */
};

#define DIST_MAX_CENTRES	256
#define DIST_MAX_FRONTENDS	64
#define DIST_TOKEN_MIN		16	/* a centre's token: 16..128 printable characters */
#define DIST_TOKEN_MAX		128

/* Serve the ops over the network layer's connections (net_set_handler), with pool p, ID
 * hashing key key and rules r (all kept, not copied). */
void dist_ops_init(struct pgpool *p, const unsigned char key[APPT_KEY_LEN],
    const struct dist_rules *r);

/* The centres' tokens (jhdistrict --centre-tokens FILE: a line "CODE TOKEN" per centre; # a
 * comment). A connection that says hello as role centre, device CODE, with its token, may
 * send that centre's events, ask for its changes and publish its hall; nobody else may. 0, or
 * -1 with "line N: reason" in err. */
int dist_ops_load_tokens(const char *path, char *err, size_t errlen);
/* The front ends' tokens (jhdistrict --frontend-tokens FILE: a line "NAME TOKEN" per front
 * end, NAME as a centre code). A connection that says hello as role frontend, device NAME,
 * with its token, may send the citizens' ops and stats; nobody else may (unauthenticated).
 * 0, or -1 with "line N: reason" in err. */
int dist_ops_load_frontends(const char *path, char *err, size_t errlen);

/* Every second: on a new local day, publish every centre's slots again from its stored hall
 * file (the booking window moves on). */
void dist_ops_day_tick(void);

/* The parameters of dist_sql_stats (from, to, by, tz), checked: 0, or -1 with why in err.
 * p[2] points at a static name; the others at the arguments. */
int dist_stats_params(const char *from, const char *to, const char *by, const char *tz,
    const char *p[4], char *err, size_t errlen);

#endif
