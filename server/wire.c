/* wire.c — the wire encoding: a ticket, a window and an error as the protocol's JSON objects
 * (docs/PROTOCOL.md, "Objects"). Pure: values in, a new object out, nothing kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "errcode.h"
#include "utf8.h"
#include "wire.h"

/* clock_iso for the times of ticket objects: during a rush most tickets share the second
 * they were issued in, and local-time conversion is a good part of building an answer. */
static const char *
iso_cached(long long t)
{
	static long long at = -1;
	static char when[40], zone[128];
	const char *tz = getenv("TZ");	/* the hall's zone (clock_set_tz): part of the key */

	if (!tz)
		tz = "";
	if (t != at || strcmp(tz, zone) != 0) {
		clock_iso(t, when, sizeof when);
		at = strlen(tz) < sizeof zone ? t : -1;
		snprintf(zone, sizeof zone, "%s", tz);
	}
	return when;
}

/* (set field by field: json_pack's format parsing is measurable on the take path) */
json_t *
wire_ticket(const struct queue *q, const struct ticket *t)
{
	json_t *o = json_object();
	int lost = 0;	/* fields that could not be set (out of memory): no object then */

	if (!o)
		return NULL;
	lost |= json_object_set_new_nocheck(o, "id", json_integer(t->id));
	lost |= json_object_set_new_nocheck(o, "code", json_string(t->code));
	lost |= json_object_set_new_nocheck(o, "service",
	    json_string(t->svc >= 0 ? q->conf.svc[t->svc].code : ""));
	lost |= json_object_set_new_nocheck(o, "priority", json_string(sched_lane_name(t->lane)));
	lost |= json_object_set_new_nocheck(o, "state", json_string(queue_state_name(t->state)));
	lost |= json_object_set_new_nocheck(o, "ahead", json_integer(0));
	lost |= json_object_set_new_nocheck(o, "eta_s", json_integer(0));
	lost |= json_object_set_new_nocheck(o, "issued_at",
	    json_string(iso_cached(t->issued_at)));
	lost |= json_object_set_new_nocheck(o, "window",
	    t->window >= 0 ? json_string(q->conf.win[t->window].name) : json_null());
	lost |= json_object_set_new_nocheck(o, "applicant",
	    json_string(queue_applicant_name(t->applicant)));
	lost |= json_object_set_new_nocheck(o, "channel",
	    json_string(queue_channel_name(t->channel)));
	lost |= json_object_set_new_nocheck(o, "recall", json_integer(t->recalls));
	/* the range, after the fields clients have long read (eta.c fills it in) */
	lost |= json_object_set_new_nocheck(o, "eta_lo_s", json_integer(0));
	lost |= json_object_set_new_nocheck(o, "eta_hi_s", json_integer(0));
	if (t->called_at)
		lost |= json_object_set_new(o, "called_at",
		    json_string(iso_cached(t->called_at)));
	if (t->pin >= 0)
		lost |= json_object_set_new(o, "to_window",
		    json_string(q->conf.win[t->pin].name));
	if (t->slot_start > 0 && t->slot_end > t->slot_start) {
		/* an appointment's: the kiosk prints "slot" */
		char when[40], end[40], slot[16];

		clock_iso(t->slot_start, when, sizeof when);
		clock_iso(t->slot_end, end, sizeof end);
		snprintf(slot, sizeof slot, "%.5s-%.5s", when + 11, end + 11);
		lost |= json_object_set_new(o, "slot", json_string(slot));
		lost |= json_object_set_new(o, "slot_start", json_string(when));
		lost |= json_object_set_new(o, "slot_end", json_string(end));
	}
	if (lost) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *
wire_window(const struct queue *q, int w)
{
	const struct hall_window *hw = &q->conf.win[w];
	const struct qwin *qw = &q->win[w];
	json_t *svcs = json_array(), *duties = json_array(), *cur = json_null(), *o;
	int lost = 0;	/* a part that could not be made (out of memory): no object then */

	for (int i = 0; i < hw->nduty; i++) {
		const char *code = q->conf.svc[hw->duty[i].service].code;

		lost |= json_array_append_new(svcs, json_string(code));
		lost |= json_array_append_new(duties, json_pack("{s:s, s:s}", "service", code,
		    "role", hw->duty[i].backup ? "backup" : "primary"));
	}
	if (qw->current) {
		/* (a binary search: status builds every window's, and the queue may be long) */
		const struct ticket *t = queue_find((struct queue *)q, qw->current);

		if (t) {
			json_decref(cur);
			lost |= (cur = wire_ticket(q, t)) == NULL;
		}
	}
	if (lost) {
		json_decref(svcs);
		json_decref(duties);
		json_decref(cur);
		return NULL;
	}
	o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:i, s:i}", "name", hw->name,
	    "label", hw->label, "state", queue_window_state_name(qw->state), "services", svcs,
	    "duties", duties, "clerk", qw->clerk[0] ? json_string(qw->clerk) : json_null(),
	    "current", cur, "served_today", qw->served_today,
	    "avg_handle_s", (int)(qw->avg_handle_s + 0.5));
	return o;
}

json_t *
wire_error(json_t *id, int code, const char *msg)
{
	char m[1024];

	/* whatever text it quotes, cut anywhere: made valid, or the answer cannot be built */
	utf8_copy(m, sizeof m, msg);
	utf8_repair(m);
	return json_pack("{s:O, s:b, s:{s:s, s:s}}", "id", id ? id : json_null(), "ok", 0,
	    "error", "code", err_code(code), "message", m);
}
