/* dist_tickets.c — a centre's ticket events (issued, called, finished, no_show, transferred)
 * checked at the district's door: every field named and bounded, times made UTC, so that the
 * one statement that stores them (jh_ticket_events) meets nothing it cannot cast. No ID
 * numbers or names travel with them: the fields below are all the district keeps. */
#include <stdio.h>
#include <string.h>

#include "appt_time.h"
#include "dist_tickets.h"

#define TEXT_MAX	64	/* event ids, codes, services, windows: bytes at most */
#define SECONDS_MAX	(31L * 86400)	/* a wait or a handling time longer is refused */

static const char *const kinds[] = { "issued", "called", "finished", "no_show", "transferred" };
/* text fields: name, required */
static const struct { const char *name; int required; } texts[] = {
	{ "event_id", 1 }, { "ticket", 1 }, { "service", 1 }, { "lane", 0 },
	{ "applicant", 0 }, { "channel", 0 }, { "window", 0 }, { "to", 0 } };
static const struct { const char *name; int required; } times[] = {
	{ "at", 1 }, { "issued_at", 1 }, { "called_at", 0 } };
static const char *const seconds[] = { "wait_s", "handle_s" };

static int
is_date(const char *s)
{
	int y, m, d, n = 0;

	return s && strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 &&
	    n == 10 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* out[name] = v (v taken); 0, or -1 with "out of memory" in err. */
static int
put(json_t *out, const char *name, json_t *v, char *err, size_t errlen)
{
	if (v && json_object_set_new(out, name, v) == 0)
		return 0;
	snprintf(err, errlen, "out of memory");
	return -1;
}

/* One event checked into out (a new object); 0, or -1 with why in err. */
static int
check_one(const json_t *ev, const char *tz, json_t *out, char *err, size_t errlen)
{
	const char *kind = json_string_value(json_object_get(ev, "kind"));
	const char *day = json_string_value(json_object_get(ev, "day"));
	size_t k;

	if (!json_is_object(ev)) {
		snprintf(err, errlen, "not an object");
		return -1;
	}
	for (k = 0; kind && k < sizeof kinds / sizeof kinds[0]; k++)
		if (strcmp(kind, kinds[k]) == 0)
			break;
	if (!kind || k == sizeof kinds / sizeof kinds[0]) {
		snprintf(err, errlen, "'kind' must be issued, called, finished, no_show or "
		    "transferred");
		return -1;
	}
	if (!is_date(day)) {
		snprintf(err, errlen, "'day' must be a date YYYY-MM-DD");
		return -1;
	}
	if (put(out, "kind", json_string(kind), err, errlen) < 0 ||
	    put(out, "day", json_string(day), err, errlen) < 0)
		return -1;
	for (k = 0; k < sizeof texts / sizeof texts[0]; k++) {
		const json_t *v = json_object_get(ev, texts[k].name);

		if ((!v || json_is_null(v)) && !texts[k].required)
			continue;
		if (!json_is_string(v) || json_string_length(v) == 0 ||
		    json_string_length(v) > TEXT_MAX) {
			snprintf(err, errlen, "'%s' must be a string of 1..%d bytes%s",
			    texts[k].name, TEXT_MAX, texts[k].required ? "" : " or null");
			return -1;
		}
		if (put(out, texts[k].name, json_string(json_string_value(v)), err, errlen) < 0)
			return -1;
	}
	for (k = 0; k < sizeof times / sizeof times[0]; k++) {
		const json_t *v = json_object_get(ev, times[k].name);
		char iso[APPT_ISO_MAX];
		long long t;

		if ((!v || json_is_null(v)) && !times[k].required)
			continue;
		if (!json_is_string(v) || appt_time_parse(tz, json_string_value(v), &t) != 0) {
			snprintf(err, errlen, "'%s' must be an ISO 8601 time%s", times[k].name,
			    times[k].required ? "" : " or null");
			return -1;
		}
		appt_time_iso("UTC", t, iso);
		if (put(out, times[k].name, json_string(iso), err, errlen) < 0)
			return -1;
	}
	for (k = 0; k < sizeof seconds / sizeof seconds[0]; k++) {
		const json_t *v = json_object_get(ev, seconds[k]);

		if (!v || json_is_null(v))
			continue;
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > SECONDS_MAX) {
			snprintf(err, errlen, "'%s' must be a whole number of seconds 0..%ld or "
			    "null", seconds[k], SECONDS_MAX);
			return -1;
		}
		if (put(out, seconds[k], json_integer(json_integer_value(v)), err, errlen) < 0)
			return -1;
	}
	return 0;
}

char *
dist_ticket_events_check(const json_t *events, const char *tz, char *err, size_t errlen)
{
	json_t *list, *ev, *o;
	char why[160];
	char *text;
	size_t i;

	if (!json_is_array(events) || json_array_size(events) == 0 ||
	    json_array_size(events) > DIST_TICKET_EVENTS_MAX) {
		snprintf(err, errlen, "field 'events' is a list of 1..%d ticket events",
		    DIST_TICKET_EVENTS_MAX);
		return NULL;
	}
	if (!(list = json_array()))
		goto oom;
	json_array_foreach(events, i, ev) {
		if (!(o = json_object()) || json_array_append_new(list, o) < 0) {
			json_decref(list);
			goto oom;
		}
		if (check_one(ev, tz, o, why, sizeof why) < 0) {
			snprintf(err, errlen, "ticket event %zu: %s", i + 1, why);
			json_decref(list);
			return NULL;
		}
	}
	text = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	if (text)
		return text;
oom:
	snprintf(err, errlen, "out of memory");
	return NULL;
}
