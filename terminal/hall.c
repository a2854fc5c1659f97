/* hall.c — the consoles' picture of the hall, read from "services" and "status" answers and
 * kept up to date by events. No I/O: everything comes in as JSON values and a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "hall.h"
#include "served.h"
#include "text.h"

void
hall_init(struct hall *h)
{
	memset(h, 0, sizeof *h);
}

static void
get_str(char *dst, size_t sz, const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_string(v))
		tx_clean(dst, sz, json_string_value(v));
	else if (json_is_integer(v))
		snprintf(dst, sz, "%lld", (long long)json_integer_value(v));
	else
		dst[0] = '\0';
}

static int
get_int(const json_t *o, const char *key, int def)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_integer(v))
		return (int)json_integer_value(v);
	if (json_is_real(v))
		return (int)json_real_value(v);
	return def;
}

struct h_service *
hall_service(struct hall *h, const char *code)
{
	int i;

	for (i = 0; i < h->nsvc; i++)
		if (strcmp(h->svc[i].code, code) == 0)
			return &h->svc[i];
	return NULL;
}

const struct h_service *
hall_service_c(const struct hall *h, const char *code)
{
	return hall_service((struct hall *)h, code);
}

struct h_window *
hall_window(struct hall *h, const char *name)
{
	int i;

	for (i = 0; i < h->nwin; i++)
		if (strcmp(h->win[i].name, name) == 0)
			return &h->win[i];
	return NULL;
}

const struct h_window *
hall_window_c(const struct hall *h, const char *name)
{
	return hall_window((struct hall *)h, name);
}

const char *
hall_service_name(const struct hall *h, const char *code)
{
	const struct h_service *s = hall_service_c(h, code);

	return s && s->name[0] ? s->name : code;
}

static struct h_service *
service_add(struct hall *h, const char *code)
{
	struct h_service *s = hall_service(h, code);

	if (s || h->nsvc == H_MAX_SERVICES)
		return s;
	s = &h->svc[h->nsvc++];
	memset(s, 0, sizeof *s);
	tx_clean(s->code, sizeof s->code, code);
	s->eta_s = -1;
	s->eta_lo_s = s->eta_hi_s = -1;
	s->wait_alert = -1;
	s->served = -1;
	return s;
}

int
hall_load_services(struct hall *h, const json_t *ans)
{
	const json_t *arr = json_object_get(ans, "services"), *o, *hall;
	size_t i;

	if (!json_is_array(arr))
		return -1;
	json_array_foreach(arr, i, o) {
		char code[H_CODE];
		struct h_service *s;

		get_str(code, sizeof code, o, "code");
		if (!code[0] || !(s = service_add(h, code)))
			continue;
		if (json_is_string(json_object_get(o, "name")))
			get_str(s->name, sizeof s->name, o, "name");
		if (json_is_string(json_object_get(o, "department")))
			get_str(s->department, sizeof s->department, o, "department");
	}
	hall = json_object_get(ans, "hall");
	if (json_is_string(json_object_get(hall, "name")))
		get_str(h->name, sizeof h->name, hall, "name");
	if (json_is_string(json_object_get(hall, "timezone")))
		get_str(h->tz, sizeof h->tz, hall, "timezone");
	return 0;
}

int
hall_read_ticket(struct h_ticket *t, const json_t *o, long long now)
{
	const json_t *v;

	if (!json_is_object(o))
		return -1;
	memset(t, 0, sizeof *t);
	v = json_object_get(o, "id");
	t->id = json_is_integer(v) ? (long long)json_integer_value(v) : 0;
	get_str(t->code, sizeof t->code, o, "code");
	get_str(t->service, sizeof t->service, o, "service");
	get_str(t->priority, sizeof t->priority, o, "priority");
	get_str(t->state, sizeof t->state, o, "state");
	get_str(t->window, sizeof t->window, o, "window");
	t->ahead = get_int(o, "ahead", -1);
	t->eta_s = get_int(o, "eta_s", -1);
	t->recall = get_int(o, "recall", 0);
	t->issued_at = fmt_parse_iso(json_string_value(json_object_get(o, "issued_at")));
	if (t->issued_at < 0)
		t->issued_at = 0;
	t->called_at = fmt_parse_iso(json_string_value(json_object_get(o, "called_at")));
	if (t->called_at < 0)
		t->called_at = 0;
	t->seen_at = now;
	return t->code[0] || t->id ? 0 : -1;
}

static int
same_ticket(const struct h_ticket *a, const struct h_ticket *b)
{
	if (a->id && b->id)
		return a->id == b->id;
	return strcmp(a->code, b->code) == 0 && strcmp(a->service, b->service) == 0;
}

static int wait_update(struct hall *h, const struct h_ticket *t);

int
hall_put_window(struct hall *h, const json_t *o, long long now)
{
	struct h_window nw, *w;
	const json_t *arr, *d, *cur;
	char name[H_CODE];
	size_t i;

	get_str(name, sizeof name, o, "name");
	if (!name[0])
		return -1;
	memset(&nw, 0, sizeof nw);
	snprintf(nw.name, sizeof nw.name, "%s", name);
	get_str(nw.state, sizeof nw.state, o, "state");
	get_str(nw.clerk, sizeof nw.clerk, o, "clerk");
	get_str(nw.label, sizeof nw.label, o, "label");
	nw.served_today = get_int(o, "served_today", 0);
	nw.avg_handle_s = get_int(o, "avg_handle_s", -1);
	arr = json_object_get(o, "duties");
	if (json_is_array(arr)) {
		nw.has_duties = 1;
		json_array_foreach(arr, i, d) {
			if (nw.nduty == H_MAX_DUTIES)
				break;
			get_str(nw.duty[nw.nduty].service, H_CODE, d, "service");
			nw.duty[nw.nduty].backup = json_is_string(json_object_get(d, "role")) &&
			    strcmp(json_string_value(json_object_get(d, "role")), "backup") == 0;
			if (nw.duty[nw.nduty].service[0])
				nw.nduty++;
		}
	}
	if (!nw.has_duties || nw.nduty == 0) {
		arr = json_object_get(o, "services");
		nw.nduty = 0;
		json_array_foreach(arr, i, d) {
			if (nw.nduty == H_MAX_DUTIES)
				break;
			if (json_is_string(d))
				tx_clean(nw.duty[nw.nduty++].service, H_CODE, json_string_value(d));
		}
	}
	cur = json_object_get(o, "current");
	w = hall_window(h, name);
	arr = json_object_get(o, "queue");
	if (json_is_array(arr)) {
		nw.has_queue = 1;
		json_array_foreach(arr, i, d) {
			struct h_ticket tk;

			if (nw.nqueue == H_MAX_QUEUE || hall_read_ticket(&tk, d, now) < 0)
				continue;
			if (!tk.state[0])
				snprintf(tk.state, sizeof tk.state, "waiting");
			wait_update(h, &tk);
			nw.queue_id[nw.nqueue++] = tk.id;
		}
	} else if (w && w->has_queue) {
		/* window events carry no queue: keep the last status's until the next one */
		nw.has_queue = 1;
		nw.nqueue = w->nqueue;
		memcpy(nw.queue_id, w->queue_id, sizeof nw.queue_id);
	}
	if (json_is_object(cur) && hall_read_ticket(&nw.current, cur, now) == 0) {
		nw.has_current = 1;
		/* keep our first sighting, so the timer does not restart on every update */
		if (w && w->has_current && same_ticket(&w->current, &nw.current)) {
			nw.current.seen_at = w->current.seen_at;
			if (!nw.current.recall)
				nw.current.recall = w->current.recall;
		}
	}
	if (!w) {
		if (h->nwin == H_MAX_WINDOWS)
			return -1;
		w = &h->win[h->nwin++];
	}
	*w = nw;
	return (int)(w - h->win);
}

static void
wait_remove_at(struct hall *h, int i)
{
	memmove(&h->wait[i], &h->wait[i + 1], (size_t)(h->nwait - i - 1) * sizeof h->wait[0]);
	h->nwait--;
}

static int
wait_find(const struct hall *h, const struct h_ticket *t)
{
	int i;

	for (i = 0; i < h->nwait; i++)
		if (same_ticket(&h->wait[i], t))
			return i;
	return -1;
}

/* Keep the waiting list in step with one ticket; returns 1 when it changed membership. */
static int
wait_update(struct hall *h, const struct h_ticket *t)
{
	int i = wait_find(h, t);

	if (strcmp(t->state, "waiting") == 0) {
		if (i >= 0) {
			int moved = strcmp(h->wait[i].service, t->service) != 0;

			h->wait[i] = *t;
			return moved;
		}
		if (h->nwait == H_MAX_WAITING)
			return 0;
		h->wait[h->nwait++] = *t;
		return 1;
	}
	if (i >= 0) {
		wait_remove_at(h, i);
		return 1;
	}
	return 0;
}

int
hall_load_status(struct hall *h, const json_t *ans, long long now)
{
	const json_t *arr, *o, *hall, *v;
	size_t i;
	int k;

	arr = json_object_get(ans, "services");
	if (!json_is_array(arr))
		return -1;
	json_array_foreach(arr, i, o) {
		char code[H_CODE];
		struct h_service *s;
		const json_t *wl, *t;
		size_t j;

		get_str(code, sizeof code, o, "code");
		if (!code[0] || !(s = service_add(h, code)))
			continue;
		if (json_is_string(json_object_get(o, "name")))
			get_str(s->name, sizeof s->name, o, "name");
		s->waiting = get_int(o, "waiting", 0);
		s->longest_wait_s = get_int(o, "longest_wait_s", 0);
		s->eta_s = get_int(o, "eta_s", -1);
		s->eta_lo_s = get_int(o, "eta_lo_s", -1);
		s->eta_hi_s = get_int(o, "eta_hi_s", -1);
		v = json_object_get(o, "wait_alert");
		s->wait_alert = json_is_boolean(v) ? json_is_true(v) : -1;
		s->served = jhc_status_served(o);
		wl = json_object_get(o, "windows");
		s->nwindows = json_is_array(wl) ? (int)json_array_size(wl) : get_int(o, "windows", 0);
		/* a list of the next waiting tickets, when the server gives one */
		wl = json_object_get(o, "next");
		if (!wl)
			wl = json_object_get(o, "tickets");
		json_array_foreach(wl, j, t) {
			struct h_ticket tk;

			if (hall_read_ticket(&tk, t, now) == 0) {
				if (!tk.state[0])
					snprintf(tk.state, sizeof tk.state, "waiting");
				wait_update(h, &tk);
			}
		}
		/* nobody waits there: forget what we believed was waiting */
		if (s->waiting == 0)
			for (k = h->nwait - 1; k >= 0; k--)
				if (strcmp(h->wait[k].service, code) == 0)
					wait_remove_at(h, k);
	}
	arr = json_object_get(ans, "waiting");
	json_array_foreach(arr, i, o) {
		struct h_ticket tk;

		if (hall_read_ticket(&tk, o, now) == 0)
			wait_update(h, &tk);
	}
	arr = json_object_get(ans, "windows");
	if (json_is_array(arr)) {
		json_array_foreach(arr, i, o) {
			const json_t *cur = json_object_get(o, "current");
			struct h_ticket tk;

			hall_put_window(h, o, now);
			if (json_is_object(cur) && hall_read_ticket(&tk, cur, now) == 0)
				if ((k = wait_find(h, &tk)) >= 0)
					wait_remove_at(h, k);
		}
	}
	if ((o = json_object_get(ans, "suggestion")) != NULL) {
		h->sg_from_server = 1;
		h->has_sg = json_is_object(o);
		memset(&h->sg, 0, sizeof h->sg);
		if (h->has_sg) {
			get_str(h->sg.window, sizeof h->sg.window, o, "window");
			get_str(h->sg.service, sizeof h->sg.service, o, "service");
			h->sg.wait_s = get_int(o, "wait_s", 0);
			h->sg.others_s = get_int(o, "others_s", 0);
		}
	}
	arr = json_object_get(ans, "alerts");
	if (json_is_array(arr)) {
		h->nalert = 0;
		json_array_foreach(arr, i, o) {
			struct h_alert *a;

			if (h->nalert == H_MAX_ALERTS)
				break;
			a = &h->alert[h->nalert++];
			get_str(a->source, sizeof a->source, o, "source");
			get_str(a->kind, sizeof a->kind, o, "kind");
			get_str(a->message, sizeof a->message, o, "message");
			a->at = fmt_parse_iso(json_string_value(json_object_get(o, "at")));
		}
	}
	hall = json_object_get(ans, "hall");
	if (json_is_object(hall)) {
		if (json_is_string(json_object_get(hall, "name")))
			get_str(h->name, sizeof h->name, hall, "name");
		get_str(h->date, sizeof h->date, hall, "date");
		if (json_is_string(json_object_get(hall, "timezone")))
			get_str(h->tz, sizeof h->tz, hall, "timezone");
		k = get_int(hall, "wait_alert_s", get_int(hall, "wait_threshold_s",
		    get_int(hall, "alert_wait_s", 0)));
		if (k > 0)
			h->wait_alert_s = k;
	}
	v = json_object_get(ans, "now");
	if (!v)
		v = json_object_get(ans, "time");
	if (json_is_string(v) && fmt_parse_iso(json_string_value(v)) > 0)
		h->skew = fmt_parse_iso(json_string_value(v)) - now;
	h->status_at = now;
	return 0;
}

static void
alert_event(struct hall *h, const json_t *o)
{
	struct h_alert a;
	int i;

	memset(&a, 0, sizeof a);
	get_str(a.source, sizeof a.source, o, "source");
	get_str(a.kind, sizeof a.kind, o, "kind");
	get_str(a.message, sizeof a.message, o, "message");
	a.at = fmt_parse_iso(json_string_value(json_object_get(o, "at")));
	for (i = 0; i < h->nalert; i++)
		if (strcmp(h->alert[i].source, a.source) == 0 &&
		    strcmp(h->alert[i].kind, a.kind) == 0)
			break;
	if (json_is_true(json_object_get(o, "cleared"))) {
		if (i < h->nalert) {
			memmove(&h->alert[i], &h->alert[i + 1],
			    (size_t)(h->nalert - i - 1) * sizeof a);
			h->nalert--;
		}
		return;
	}
	if (i == h->nalert) {
		if (h->nalert == H_MAX_ALERTS)
			return;
		h->nalert++;
	}
	h->alert[i] = a;
}

int
hall_apply_event(struct hall *h, const json_t *ev, long long now)
{
	const char *name = json_string_value(json_object_get(ev, "event"));
	struct h_ticket t;
	int i, changed = H_NONE;

	if (!name)
		return H_NONE;
	if (strcmp(name, "call") == 0) {
		char wname[H_CODE];
		struct h_window *w;

		if (hall_read_ticket(&t, json_object_get(ev, "ticket"), now) < 0)
			return H_NONE;
		get_str(wname, sizeof wname, ev, "window");
		if (!wname[0])
			snprintf(wname, sizeof wname, "%s", t.window);
		t.recall = get_int(ev, "recall", 0);
		if (!t.state[0])
			snprintf(t.state, sizeof t.state, "called");
		if ((i = wait_find(h, &t)) >= 0)
			wait_remove_at(h, i);
		if ((w = hall_window(h, wname)) != NULL) {
			if (w->has_current && same_ticket(&w->current, &t))
				t.seen_at = w->current.seen_at;
			w->current = t;
			w->has_current = 1;
		}
		return H_CALL | H_WINDOW | H_STALE;
	}
	if (strcmp(name, "ticket") == 0) {
		if (hall_read_ticket(&t, json_object_get(ev, "ticket"), now) < 0)
			return H_NONE;
		wait_update(h, &t);
		changed = H_TICKET | H_STALE;
		for (i = 0; i < h->nwin; i++) {
			struct h_window *w = &h->win[i];

			if (w->has_current && same_ticket(&w->current, &t) &&
			    strcmp(t.state, "called") != 0) {
				w->has_current = 0;
				changed |= H_WINDOW;
			}
		}
		return changed;
	}
	if (strcmp(name, "window") == 0) {
		if (hall_put_window(h, json_object_get(ev, "window"), now) < 0)
			return H_NONE;
		return H_WINDOW | H_STALE;
	}
	if (strcmp(name, "alert") == 0) {
		const json_t *al = json_object_get(ev, "alert");
		const char *kind = json_string_value(json_object_get(al, "kind"));

		alert_event(h, al);
		/* jhd's unserved alerts come and go as services stop or start being served (at
		 * the opening time too): the services' "served" is worth reading again */
		return kind && strcmp(kind, "unserved") == 0 ? H_ALERT | H_STALE : H_ALERT;
	}
	return H_STALE;
}

int
hall_serves(const struct h_window *w, const char *code)
{
	int i;

	for (i = 0; i < w->nduty; i++)
		if (strcmp(w->duty[i].service, code) == 0)
			return w->duty[i].backup ? 2 : 1;
	return 0;
}

int
hall_service_served(const struct hall *h, const char *code)
{
	const struct h_service *s = hall_service_c(h, code);
	int i;

	if (s && s->served >= 0)
		return s->served;
	for (i = 0; i < h->nwin; i++)
		if (jhc_window_serves(h->win[i].state) && hall_serves(&h->win[i], code))
			return 1;
	return 0;
}

long long
hall_elapsed(const struct hall *h, const struct h_ticket *t, long long now)
{
	long long e;

	if (t->called_at > 0) {
		e = now + h->skew - t->called_at;
		if (e >= 0 && e < 86400)
			return e;
	}
	if (t->seen_at > 0 && now >= t->seen_at)
		return now - t->seen_at;
	return -1;
}

long long
hall_longest(const struct hall *h, const struct h_service *s, long long now)
{
	if (s->waiting <= 0)
		return -1;
	return s->longest_wait_s + (h->status_at && now > h->status_at ? now - h->status_at : 0);
}

struct order {
	long long key, id;
	int idx;
};

static int
order_cmp(const void *a, const void *b)
{
	const struct order *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->idx - y->idx;
}

static int
collect(const struct hall *h, const char *service, int *idx, int max)
{
	static struct order o[H_MAX_WAITING];	/* not reentrant: the consoles are one thread */
	int i, n = 0;

	for (i = 0; i < h->nwait; i++) {
		const struct h_ticket *t = &h->wait[i];

		if (strcmp(t->service, service) != 0)
			continue;
		o[n].key = t->issued_at;
		o[n].id = t->id;
		o[n].idx = i;
		n++;
	}
	qsort(o, (size_t)n, sizeof o[0], order_cmp);
	if (n > max)
		n = max;
	for (i = 0; i < n; i++)
		idx[i] = o[i].idx;
	return n;
}

int
hall_next_for(const struct hall *h, const struct h_window *w, int *idx, int max)
{
	int n = 0;

	/* the server's order, less the tickets called or gone since (events remove them) */
	for (int k = 0; w && w->has_queue && k < w->nqueue && n < max; k++)
		for (int i = 0; i < h->nwait; i++)
			if (h->wait[i].id == w->queue_id[k]) {
				idx[n++] = i;
				break;
			}
	return n;
}

int
hall_waiting_of(const struct hall *h, const char *service, int *idx, int max)
{
	return collect(h, service, idx, max);
}

static long long
svc_wait(const struct hall *h, const struct h_service *s, long long now)
{
	long long l = hall_longest(h, s, now);

	if (s->waiting <= 0)
		return 0;
	return s->eta_s > l ? s->eta_s : l;
}

static int
ll_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

int
hall_suggest(const struct hall *h, long long now, int min_s, int ratio,
    struct h_suggestion *out)
{
	long long waits[H_MAX_SERVICES], top = -1, others;
	int i, j, n = 0, best = -1, bestw = -1, bestload = 0;

	if (h->sg_from_server) {
		if (h->has_sg)
			*out = h->sg;
		return h->has_sg;
	}

	for (i = 0; i < h->nsvc; i++) {
		long long w = svc_wait(h, &h->svc[i], now);

		if (w > top) {
			top = w;
			best = i;
		}
	}
	if (best < 0 || top < min_s)
		return 0;
	for (i = 0; i < h->nsvc; i++)
		if (i != best)
			waits[n++] = svc_wait(h, &h->svc[i], now);
	if (n == 0)
		return 0;
	qsort(waits, (size_t)n, sizeof waits[0], ll_cmp);
	others = waits[n / 2];
	if (top < (long long)ratio * (others > 60 ? others : 60))
		return 0;
	for (i = 0; i < h->nwin; i++) {
		const struct h_window *w = &h->win[i];
		int load = 0;

		if (strcmp(w->state, "open") != 0 || hall_serves(w, h->svc[best].code))
			continue;
		for (j = 0; j < w->nduty; j++) {
			const struct h_service *s = hall_service_c(h, w->duty[j].service);

			if (s)
				load += s->waiting;
		}
		if (bestw < 0 || load < bestload) {
			bestw = i;
			bestload = load;
		}
	}
	if (bestw < 0)
		return 0;
	memset(out, 0, sizeof *out);
	snprintf(out->window, sizeof out->window, "%s", h->win[bestw].name);
	snprintf(out->service, sizeof out->service, "%s", h->svc[best].code);
	out->wait_s = top;
	out->others_s = others;
	return 1;
}

int
hall_wait_alerts(const struct hall *h, long long now, int threshold_s, int *idx, int max)
{
	int i, n = 0;

	for (i = 0; i < h->nsvc && n < max; i++) {
		const struct h_service *s = &h->svc[i];

		if (s->wait_alert == 1 || (s->wait_alert < 0 && threshold_s > 0 &&
		    hall_longest(h, s, now) > threshold_s))
			idx[n++] = i;
	}
	return n;
}
