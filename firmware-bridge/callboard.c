/* callboard.c — the bridge's picture of the hall, built from server events and `status`. */
#include <stdio.h>
#include <string.h>

#include "callboard.h"
#include "jhcli.h"

void
callboard_init(struct callboard *h)
{
	memset(h, 0, sizeof *h);
}

static struct callboard_window *
callboard_window_get(struct callboard *h, const char *name, int create)
{
	struct callboard_window *w;

	for (int i = 0; i < h->nwin; i++)
		if (strcmp(h->win[i].name, name) == 0)
			return &h->win[i];
	if (!create || h->nwin >= CB_WINDOWS_MAX || strlen(name) >= CB_NAME_MAX)
		return NULL;
	w = &h->win[h->nwin++];
	memset(w, 0, sizeof *w);
	memcpy(w->name, name, strlen(name) + 1);
	w->state = CB_OPEN;
	return w;
}

const struct callboard_window *
callboard_window_find(const struct callboard *h, const char *name)
{
	for (int i = 0; i < h->nwin; i++)
		if (strcmp(h->win[i].name, name) == 0)
			return &h->win[i];
	return NULL;
}

int
callboard_wstate_parse(const char *s)
{
	static const char *const names[] = {
		[CB_OPEN] = "open", [CB_PAUSED] = "paused", [CB_CLOSED] = "closed",
	};

	return jh_name_index(names, (int)(sizeof names / sizeof names[0]), s);
}

int
callboard_call(struct callboard *h, const char *window, const char *code, int recall)
{
	struct callboard_window *w;
	struct callboard_call c;
	int i;

	if (!window || !code || !*code || strlen(code) >= CB_CODE_MAX ||
	    (w = callboard_window_get(h, window, 1)) == NULL)
		return -1;
	h->seq++;
	memcpy(w->current, code, strlen(code) + 1);
	w->seq = h->seq;
	(void)recall;	/* a recall shows and flashes again, like a call */

	/* The call goes to the top of the history; an older entry for the same code goes away. */
	memset(&c, 0, sizeof c);
	memcpy(c.code, code, strlen(code) + 1);
	memcpy(c.window, w->name, sizeof c.window);
	c.seq = h->seq;
	for (i = 0; i < h->nhist; i++)
		if (strcmp(h->hist[i].code, code) == 0)
			break;
	if (i == h->nhist && h->nhist < CB_HISTORY)
		h->nhist++;
	if (i == h->nhist)
		i = h->nhist - 1;
	memmove(&h->hist[1], &h->hist[0], (size_t)i * sizeof h->hist[0]);
	h->hist[0] = c;
	return 1;
}

int
callboard_window_set(struct callboard *h, const char *window, enum callboard_wstate st, const char *current)
{
	struct callboard_window *w;
	int changed = 0;

	if (!window || (current && strlen(current) >= CB_CODE_MAX) ||
	    (w = callboard_window_get(h, window, 1)) == NULL)
		return -1;
	if (current && *current && strcmp(current, w->current) != 0) {
		/* a call we did not see (made while we were away): show it as a call */
		callboard_call(h, window, current, 0);
		changed = 1;
	} else if ((!current || !*current) && w->current[0]) {
		w->current[0] = '\0';
		changed = 1;
	}
	if (w->state != st) {
		w->state = st;
		changed = 1;
	}
	return changed;
}

int
callboard_ticket_gone(struct callboard *h, const char *code)
{
	int changed = 0;

	for (int i = 0; i < h->nwin; i++)
		if (strcmp(h->win[i].current, code) == 0) {
			h->win[i].current[0] = '\0';
			changed = 1;
		}
	return changed;
}

static const char *
jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* A window name may come as a string or (leniently) a number. */
static const char *
jname(const json_t *v, char *buf, size_t cap)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return NULL;
}

static int
callboard_apply_window(struct callboard *h, const json_t *w, char *err, size_t errlen)
{
	char nb[32];
	const char *name = jname(json_object_get(w, "name"), nb, sizeof nb);
	const json_t *cur = json_object_get(w, "current");
	const char *code = NULL;
	int st = callboard_wstate_parse(jstr(w, "state"));
	int r;

	if (!name || st < 0) {
		snprintf(err, errlen, "window object without name or with unknown state");
		return -1;
	}
	if (json_is_object(cur)) {
		code = jstr(cur, "code");
		/* a ticket already finished is not on show */
		if (jstr(cur, "state") && strcmp(jstr(cur, "state"), "called") != 0)
			code = NULL;
	}
	r = callboard_window_set(h, name, (enum callboard_wstate)st, code);
	if (r < 0)
		snprintf(err, errlen, "window %s: name or ticket code too long, or too many "
		    "windows", name);
	return r;
}

int
callboard_apply_event(struct callboard *h, const json_t *ev, char *err, size_t errlen)
{
	const char *name = jstr(ev, "event");
	char nb[32];

	if (!name) {
		snprintf(err, errlen, "event without a name");
		return -1;
	}
	if (strcmp(name, "call") == 0) {
		const json_t *t = json_object_get(ev, "ticket");
		const char *win = jname(json_object_get(ev, "window"), nb, sizeof nb);
		json_int_t recall = json_integer_value(json_object_get(ev, "recall"));
		int r;

		if (!win && t)
			win = jname(json_object_get(t, "window"), nb, sizeof nb);
		if (!json_is_object(t) || !jstr(t, "code") || !win) {
			snprintf(err, errlen, "call event without ticket code or window");
			return -1;
		}
		r = callboard_call(h, win, jstr(t, "code"), recall > 0);
		if (r < 0)
			snprintf(err, errlen, "call of %s at window %s does not fit", jstr(t, "code"),
			    win);
		return r;
	}
	if (strcmp(name, "window") == 0) {
		const json_t *w = json_object_get(ev, "window");

		if (!json_is_object(w)) {
			snprintf(err, errlen, "window event without a window object");
			return -1;
		}
		return callboard_apply_window(h, w, err, errlen);
	}
	if (strcmp(name, "ticket") == 0) {
		const json_t *t = json_object_get(ev, "ticket");
		const char *st = jstr(t, "state"), *code = jstr(t, "code");

		if (!st || !code) {
			snprintf(err, errlen, "ticket event without code or state");
			return -1;
		}
		if (strcmp(st, "called") == 0 || strcmp(st, "waiting") == 0)
			return 0;	/* calls come as call events; waiting ones are not on show */
		return callboard_ticket_gone(h, code);
	}
	return 0;
}

int
callboard_apply_status(struct callboard *h, const json_t *status, char *err, size_t errlen)
{
	const json_t *wins = json_object_get(status, "windows"), *w;
	size_t i;
	int changed = 0, r;

	if (!json_is_array(wins)) {
		snprintf(err, errlen, "status without a windows array");
		return -1;
	}
	json_array_foreach(wins, i, w) {
		r = callboard_apply_window(h, w, err, errlen);
		if (r < 0)
			return -1;
		changed |= r;
	}
	return changed;
}
