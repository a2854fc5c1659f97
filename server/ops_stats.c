/* ops_stats.c — the `stats` op: reads the ticket_events log into the statistics digest
 * (stats.h), from where it left off, and answers grouped rows and hot services for a time
 * range in the hall's zone. Definitions: docs/STATISTICS.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


#include "clock.h"
#include "fault.h"
#include "log.h"
#include "mono.h"
#include "server.h"
#include "stats.h"
#include "store.h"
#include "utf8.h"

static struct stats *digest;

/* The hall zone's UTC offset at t, from clock_iso's "+08:00", cached per quarter hour (every
 * zone's offset is a multiple of 15 minutes, and changes only on quarter hours). */
static int
utc_offset(long long t)
{
	static long long cached_q = -1;
	static int cached;
	char iso[40];
	const char *p;
	int h = 0, m = 0;

	if (t / 900 == cached_q)
		return cached;
	clock_iso(t, iso, sizeof iso);
	p = iso + strlen(iso);
	if (strlen(iso) >= 6 && (p[-6] == '+' || p[-6] == '-')) {
		h = atoi(p - 5);
		m = atoi(p - 2);
		cached = (h * 3600 + m * 60) * (p[-6] == '-' ? -1 : 1);
	} else
		cached = 0;	/* "Z" */
	cached_q = t / 900;
	return cached;
}

/* Rows read per warm-up chunk: about 4 ms of reading on the build machine (3 M events in
 * 1.5 s), so a client's request waits at most that long behind the warm-up. */
#define WARM_CHUNK	8192

static int warmed;		/* the start-up warm-up has reached the end of the log */
static long long warm_events, warm_chunks, warm_ms, warm_longest_ms, warm_t0;

static void
set_department(void *arg, const char *service, const char *department)
{
	stats_set_department(arg, service, department);
}

/* One event of the log into the digest. */
static int
feed(void *arg, struct stats_event *ev)
{
	ev->utc_offset_s = utc_offset(ev->at);
	return stats_feed(arg, ev);
}

/* Read at most max events (0: all) appended since the digest's last one into the digest.
 * The number read, or -1. */
static long long
read_events(long long max)
{
	long long n;

	if (!digest && !(digest = stats_new()))
		return -1;
	if ((n = store_events_each(srv.store, stats_last_id(digest), max, feed, digest)) < 0)
		log_error("stats: reading the event log: %s", store_error(srv.store));
	return n;
}

/* Read the events appended since the last call into the digest. 0 or -1. */
static int
catch_up(void)
{
	long long n, t0 = mono_ms();

	if ((n = read_events(0)) < 0)
		return -1;
	if (n > 10000)
		log_info("stats: read %lld events in %lld ms (%lld records, %zu MB)%s", n,
		    mono_ms() - t0, stats_records(digest), stats_bytes(digest) >> 20,
		    warmed ? "" : ", finishing the warm-up");
	if (!warmed) {
		warmed = 1;
		warm_events += n;
		log_info("stats: warm-up ended by a stats request after %lld events in %lld "
		    "chunks", warm_events, warm_chunks);
	}
	store_departments_each(srv.store, set_department, digest);
	return 0;
}

int
stats_warm_step(void)
{
	long long n, t0;

	if (warmed)
		return 0;
	if (srv.in_tx)
		return 1;	/* uncommitted events: wait for the next turn */
	t0 = mono_ms();
	if (warm_t0 == 0)
		warm_t0 = t0;
	if ((n = read_events(WARM_CHUNK)) < 0) {
		warmed = 1;	/* the first stats request reads the rest, or reports it */
		return 0;
	}
	t0 = mono_ms() - t0;
	warm_events += n;
	warm_chunks++;
	warm_ms += t0;
	if (t0 > warm_longest_ms)
		warm_longest_ms = t0;
	if (n == WARM_CHUNK)
		return 1;
	warmed = 1;
	store_departments_each(srv.store, set_department, digest);
	log_info("stats: warm-up read %lld events in %lld ms (%lld ms of reading in %lld chunks "
	    "between loop turns, longest %lld ms; %lld records, %zu MB)", warm_events,
	    mono_ms() - warm_t0, warm_ms, warm_chunks, warm_longest_ms, stats_records(digest),
	    stats_bytes(digest) >> 20);
	return 0;
}

/* A time bound: "YYYY-MM-DD" (local midnight; for `to`, the midnight that ends that day) or
 * an ISO 8601 time (local in the hall's zone unless it has an offset). */
static int
bound(struct req *r, const char *key, int end, long long *t)
{
	const char *s;
	char buf[40];

	if (req_str(r, key, 1, &s) < 0)
		return -1;
	if (strlen(s) == 10) {
		snprintf(buf, sizeof buf, "%sT00:00", s);
		if (clock_parse_iso(buf, t) < 0)
			goto bad;
		if (end) {	/* the next local midnight, whatever the day's length */
			char day[16];

			clock_day(*t + 26 * 3600, day, sizeof day);
			snprintf(buf, sizeof buf, "%sT00:00", day);
			if (clock_parse_iso(buf, t) < 0)
				goto bad;
		}
		return 0;
	}
	if (strlen(s) < sizeof buf && clock_parse_iso(s, t) == 0)
		return 0;
bad:
	return req_error(r, ERR_BAD_REQUEST, "'%s' is a date (2026-11-26) or an ISO 8601 time "
	    "(2026-11-26T09:00), not '%.*s'", key, (int)utf8_cut(s, 40), s);
}

static int
dims(struct req *r, struct stats_query *q)
{
	json_t *by = json_object_get(r->msg, "by");
	const char *name;
	size_t i;
	json_t *v;

	q->ndim = 0;
	if (!by || json_is_null(by)) {
		q->dim[q->ndim++] = SD_SERVICE;
		return 0;
	}
	if (json_is_string(by)) {
		if ((q->dim[0] = stats_dim_parse(json_string_value(by))) < 0)
			goto unknown;
		q->ndim = 1;
		return 0;
	}
	if (!json_is_array(by) || json_array_size(by) < 1 ||
	    json_array_size(by) > STATS_MAX_DIMS)
		return req_error(r, ERR_BAD_REQUEST, "'by' is a key or a list of 1 to %d keys",
		    STATS_MAX_DIMS);
	q->key_list = 1;
	json_array_foreach(by, i, v) {
		int d = json_is_string(v) ? stats_dim_parse(json_string_value(v)) : -1;

		if (d < 0) {
			by = v;
			goto unknown;
		}
		for (int k = 0; k < q->ndim; k++)
			if (q->dim[k] == d)
				return req_error(r, ERR_BAD_REQUEST, "'by' names '%s' twice",
				    stats_dim_name(d));
		q->dim[q->ndim++] = d;
	}
	return 0;
unknown:
	name = json_is_string(by) ? json_string_value(by) : "?";
	return req_error(r, ERR_BAD_REQUEST, "unknown key '%.*s' in 'by' (hour, day, service, "
	    "department, window, clerk, channel, applicant, priority)", (int)utf8_cut(name, 40),
	    name);
}

int
op_stats(struct req *r)
{
	struct stats_query q;
	long long top = 5;
	int present, too_many;
	json_t *ans;
	char a[40], b[40];

	memset(&q, 0, sizeof q);
	if (bound(r, "from", 0, &q.from) < 0 || bound(r, "to", 1, &q.to) < 0 ||
	    dims(r, &q) < 0 || req_int(r, "top", 0, &top, &present) < 0)
		return -1;
	if (q.to <= q.from)
		return req_error(r, ERR_BAD_REQUEST, "'to' must come after 'from'");
	if (top < 0 || top > STATS_MAX_TOP)
		return req_error(r, ERR_BAD_REQUEST, "'top' is 0..%d", STATS_MAX_TOP);
	q.top = (int)top;
	/* Inside a turn that has written, the log holds uncommitted events that a rollback
	 * could take back: answer from what was committed before the turn. */
	if (!srv.in_tx && catch_up() < 0)
		return req_error(r, ERR_INTERNAL, "cannot read the event log");
	if (!digest && !(digest = stats_new()))
		return req_error(r, ERR_INTERNAL, "out of memory");
	if (!(ans = stats_query_json(digest, &q, &too_many))) {
		if (too_many)
			return req_error(r, ERR_LIMIT_REACHED, "more than %d rows: narrow the range "
			    "or the keys", STATS_MAX_GROUPS);
		return req_error(r, ERR_INTERNAL, "out of memory");
	}
	json_object_update(r->ans, ans);
	json_decref(ans);
	json_object_set_new(r->ans, "from", json_string(clock_iso(q.from, a, sizeof a)));
	json_object_set_new(r->ans, "to", json_string(clock_iso(q.to, b, sizeof b)));
	return 0;
}
