/* app.c — the consoles' run time: connection and reconnection, a window held by another
 * clerk or taken over, loading the hall, applying events, errors in plain words, the hall's
 * clock, the confirm/choice/pick/prompt modes, and the one poll loop. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "i18n.h"
#include "jhcli.h"
#include "mono.h"
#include "say.h"
#include "screen.h"

#define STATUS_GAP_MS 200	/* coalesce event bursts into one status read */
#define PICK_STATUS_MS 5000	/* a list marking unserved services reads status this often */

static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
	got_signal = sig;
}

long long
app_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec;
}

void
app_msg(struct app *a, enum v_msg kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->v.msg, sizeof a->v.msg, fmt, ap);
	va_end(ap);
	a->v.msg_kind = kind;
	a->v.msg_offline = a->v.reconnecting;
}

/* The window is held by another clerk (by): the screen says so and asks. */
static void
held(struct app *a, const char *by)
{
	a->v.block = V_HELD;
	snprintf(a->v.block_window, sizeof a->v.block_window, "%s", a->window);
	snprintf(a->v.block_by, sizeof a->v.block_by, "%s", by);
	a->v.mode = V_NORMAL;
	a->v.reconnecting = 0;
	a->lost_ms = 0;
}

/* A hello refused because the window is held: who holds it (1), else 0. */
static int
refused_held(struct app *a, char *by, size_t sz)
{
	return a->window[0] && strcmp(jhc_error_code(a->c), "conflict") == 0 &&
	    say_held_by(NULL, jhc_error(a->c), by, sz);
}

static void
cannot_reach(struct app *a, char *err, size_t errsz, const char *detail)
{
	/* the detail is the client library's English (and the system's): English screens only */
	if (i18n_english() && detail && detail[0])
		snprintf(err, errsz, _("Cannot reach the server at %s (%s)."), a->addr, detail);
	else
		snprintf(err, errsz, _("Cannot reach the server at %s."), a->addr);
}

/* Connect and sign in; takeover: take the window over from the clerk holding it. */
static int
connect_as(struct app *a, int takeover, char *err, size_t errsz)
{
	struct jhc_cred cred = {
		.role = a->role,
		.user = a->user,
		.password = a->password,
		.window = a->window[0] ? a->window : NULL,
		.takeover = takeover,
		.ca = a->ca,
	};
	char by[64];

	if (a->c)
		jhc_free(a->c);
	a->c = jhc_new(a->addr, &cred);
	if (!a->c) {
		snprintf(err, errsz, "%s", _("Out of memory"));
		return -1;
	}
	if (jhc_connect(a->c, a->timeout_ms) == 0)
		return 0;
	if (strcmp(jhc_error_code(a->c), "disconnected") == 0) {
		cannot_reach(a, err, errsz, jhc_error(a->c));
		return -1;
	}
	say_error(err, errsz, jhc_error_code(a->c), jhc_error(a->c));
	if (refused_held(a, by, sizeof by))
		held(a, by);
	return -1;
}

int
app_connect(struct app *a, char *err, size_t errsz)
{
	return connect_as(a, 0, err, errsz);
}

int
app_takeover(struct app *a)
{
	char err[320], was[64];

	snprintf(was, sizeof was, "%s", a->v.block_by);
	if (connect_as(a, 1, err, sizeof err) < 0) {
		app_msg(a, V_ERROR, "%s", err);
		return -1;
	}
	a->v.block = V_FREE;
	a->v.connected = 1;
	a->v.reconnecting = 0;
	a->lost_ms = 0;
	if (app_load(a) == 0)
		app_msg(a, V_GOOD, _("You took over window %s from %s."), a->window, was);
	return 0;
}

void
app_forget(struct app *a)
{
	int ascii = a->v.ascii, wait_alert_s = a->v.wait_alert_s;

	jhc_free(a->c);
	a->c = NULL;
	hall_init(&a->hall);
	memset(&a->v, 0, sizeof a->v);
	a->v.ascii = ascii;
	a->v.wait_alert_s = wait_alert_s;
	memset(a->password, 0, sizeof a->password);
	a->pending[0] = '\0';
	a->quit = a->relogin = a->stale = 0;
	a->status_ms = a->eta_ms = a->lost_ms = 0;
}

static void
lost(struct app *a)
{
	if (!a->lost_ms) {
		a->lost_ms = mono_ms();
		a->v.reconnecting = 1;
		a->v.connected = 0;
	}
}

static void pump_events(struct app *a);

int
app_window_answer(struct app *a, const json_t *ans)
{
	const json_t *w = json_object_get(ans, "window");
	int has = json_is_object(w);

	if (has)
		hall_put_window(&a->hall, w, app_now());
	a->stale = 1;
	return has;
}

json_t *
app_op(struct app *a, const char *op, json_t *extra)
{
	json_t *ans;
	char code[48], msg[256], said[320];

	if (a->v.block != V_FREE) {
		json_decref(extra);
		return NULL;
	}
	if (!jhc_connected(a->c)) {
		json_decref(extra);
		app_msg(a, V_ERROR, "%s", _("Not connected to the server: the action was not sent."));
		return NULL;
	}
	ans = jhc_op(a->c, op, extra, a->timeout_ms);
	if (ans)
		return ans;
	snprintf(code, sizeof code, "%s", jhc_error_code(a->c));
	snprintf(msg, sizeof msg, "%s", jhc_error(a->c));
	if (!jhc_connected(a->c)) {
		lost(a);
		app_msg(a, V_ERROR, "%s", _("The connection broke: the action may not have been done."));
		return NULL;
	}
	if (strcmp(code, "unauthenticated") == 0) {
		/* signed out of the window: a takeover's "displaced" came before this answer */
		pump_events(a);
		if (a->v.block != V_FREE)
			return NULL;
	}
	say_error(said, sizeof said, code, msg);
	app_msg(a, V_ERROR, "%s", said);
	return NULL;
}

static int
read_status(struct app *a)
{
	json_t *ans = jhc_op(a->c, "status", NULL, a->timeout_ms);

	if (!ans) {
		if (!jhc_connected(a->c))
			lost(a);
		return -1;
	}
	hall_load_status(&a->hall, ans, app_now());
	json_decref(ans);
	a->stale = 0;
	a->status_ms = mono_ms();
	if (a->v.mode == V_PICK && a->v.pick.served_marks)
		app_pick_served_marks(a);
	return 0;
}

void
app_pick_served_marks(struct app *a)
{
	struct v_pick *p = &a->v.pick;
	int i;

	p->served_marks = 1;
	for (i = 0; i < p->n; i++) {
		struct v_item *it = &p->item[i];

		if (it->is_window)
			continue;
		snprintf(it->note, sizeof it->note, "%s",
		    hall_service_served(&a->hall, it->key) ? "" : _("no open window"));
	}
}

int
app_refresh(struct app *a)
{
	if (!jhc_connected(a->c))
		return -1;
	return read_status(a);
}

int
app_load(struct app *a)
{
	static const char *const topics[] = { "calls", "tickets", "windows", "alerts", NULL };
	json_t *ans;

	ans = jhc_op(a->c, "services", NULL, a->timeout_ms);
	if (ans) {
		hall_load_services(&a->hall, ans);
		json_decref(ans);
	}
	if (jhc_subscribe(a->c, topics) < 0 || read_status(a) < 0) {
		char said[320];

		say_error(said, sizeof said, jhc_error_code(a->c), jhc_error(a->c));
		if (!jhc_connected(a->c))
			lost(a);
		app_msg(a, V_ERROR, "%s", said);
		return -1;
	}
	return 0;
}

void
app_set_current(struct app *a, const char *window, const json_t *ticket)
{
	struct h_window *w = hall_window(&a->hall, window);
	struct h_ticket t;

	if (!w)
		return;
	if (json_is_object(ticket) && hall_read_ticket(&t, ticket, app_now()) == 0 &&
	    (!t.state[0] || strcmp(t.state, "called") == 0)) {
		if (w->has_current && w->current.id == t.id)
			t.seen_at = w->current.seen_at;
		w->current = t;
		w->has_current = 1;
	} else {
		w->has_current = 0;
	}
	a->stale = 1;
}

void
app_confirm(struct app *a, void (*fn)(struct app *), const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->v.question, sizeof a->v.question, fmt, ap);
	va_end(ap);
	a->on_yes = fn;
	a->v.mode = V_CONFIRM;
}

void
app_choose(struct app *a, const char *question, const char *cancel, int n, const int *keys,
    const char *const *labels, void (*const *fns)(struct app *))
{
	int i;

	if (n > V_MAX_CHOICES)
		n = V_MAX_CHOICES;
	snprintf(a->v.question, sizeof a->v.question, "%s", question);
	snprintf(a->v.cancel, sizeof a->v.cancel, "%s", cancel);
	for (i = 0; i < n; i++) {
		a->v.choice[i].key = keys[i];
		snprintf(a->v.choice[i].label, sizeof a->v.choice[i].label, "%s", labels[i]);
		a->choice_fn[i] = fns[i];
	}
	a->v.nchoice = n;
	a->v.mode = V_CHOICE;
}

/* The clock says the hall's time: its time zone (from services or status) for this process,
 * when this machine knows the zone; else the machine's own. */
static void
hall_zone(struct app *a)
{
	const char *tz = a->hall.tz, *dir = getenv("TZDIR");
	char path[PATH_MAX];

	if (!tz[0] || strcmp(tz, a->tz) == 0)
		return;
	snprintf(a->tz, sizeof a->tz, "%s", tz);
	if (tz[0] == '/' || strstr(tz, ".."))
		return;
	snprintf(path, sizeof path, "%s/%s", dir && dir[0] ? dir : "/usr/share/zoneinfo", tz);
	if (access(path, R_OK) != 0)
		return;
	setenv("TZ", tz, 1);
	tzset();
}

static void
draw(struct app *a)
{
	int rows, cols;
	long long now = app_now();
	struct tm tm;
	time_t t = (time_t)now;

	scr_size(&rows, &cols);
	if (!a->scr || a->scr->rows != rows || a->scr->cols != cols) {
		ui_screen_free(a->scr);
		a->scr = ui_screen_new(rows, cols);
		if (!a->scr)
			return;
	}
	hall_zone(a);
	localtime_r(&t, &tm);
	strftime(a->v.clock, sizeof a->v.clock, "%H:%M:%S", &tm);
	a->v.now = now;
	a->v.h = &a->hall;
	a->v.user = a->user;
	a->v.window = a->clerk ? a->window : NULL;
	a->v.keys = a->keys;
	a->v.nkeys = a->ncmds;
	a->layout(a->scr, &a->v);
	scr_draw(a->scr);
}

/* Keys of the modal states; 1 when the key was theirs. */
static int
mode_key(struct app *a, int key)
{
	struct v_pick *p = &a->v.pick;

	switch (a->v.mode) {
	case V_CHOICE: {
		int i;

		if (key == SK_ESC) {
			a->v.mode = V_NORMAL;
			app_msg(a, V_INFO, "%s", _("Cancelled."));
			return 1;
		}
		for (i = 0; i < a->v.nchoice; i++)
			if (key < SK_BASE && key > 0 && tolower(key) == tolower(a->v.choice[i].key)) {
				a->v.mode = V_NORMAL;
				a->choice_fn[i](a);
				break;
			}
		return 1;
	}
	case V_CONFIRM:
		if (key == 'y' || key == 'Y') {
			a->v.mode = V_NORMAL;
			if (a->on_yes)
				a->on_yes(a);
		} else if (key == 'n' || key == 'N' || key == SK_ESC || key == 'q') {
			a->v.mode = V_NORMAL;
			app_msg(a, V_INFO, "%s", _("Cancelled."));
		}
		return 1;
	case V_PICK:
		if (key == SK_UP && p->sel > 0)
			p->sel--;
		else if (key == SK_DOWN && p->sel + 1 < p->n)
			p->sel++;
		else if (key == SK_PGUP)
			p->sel = p->sel > 10 ? p->sel - 10 : 0;
		else if (key == SK_PGDN)
			p->sel = p->sel + 10 < p->n ? p->sel + 10 : (p->n ? p->n - 1 : 0);
		else if (key == ' ' && p->checks && p->n)
			p->item[p->sel].mark = (p->item[p->sel].mark + 1) % 3;
		else if (key == SK_ESC) {
			a->v.mode = V_NORMAL;
			app_msg(a, V_INFO, "%s", _("Cancelled."));
		} else if (key == SK_ENTER && (p->n || p->checks)) {
			a->v.mode = V_NORMAL;
			if (a->on_pick)
				a->on_pick(a, p->n ? &p->item[p->sel] : NULL);
		} else if (key < SK_BASE && key > ' ' && !p->checks) {
			/* jump to the first item whose key starts with the letter typed */
			int i;

			for (i = 0; i < p->n; i++)
				if (tolower((unsigned char)p->item[i].key[0]) ==
				    tolower(key)) {
					p->sel = i;
					break;
				}
		}
		return 1;
	case V_PROMPT: {
		size_t n = strlen(a->v.input);

		if (key == SK_ESC) {
			a->v.mode = V_NORMAL;
			app_msg(a, V_INFO, "%s", _("Cancelled."));
		} else if (key == SK_ENTER) {
			a->v.mode = V_NORMAL;
			if (a->on_prompt)
				a->on_prompt(a, a->v.input);
		} else if (key == SK_BACKSPACE) {
			if (n)
				a->v.input[n - 1] = '\0';
		} else if (key > ' ' && key < 127 && n + 1 < sizeof a->v.input) {
			a->v.input[n] = (char)key;
			a->v.input[n + 1] = '\0';
		}
		return 1;
	}
	default:
		return 0;
	}
}

/* Keys while the window is held or taken over: nothing is sent as this clerk any more. */
static void
block_key(struct app *a, int key)
{
	if (key == 'q' || key == 'Q' || scr_fnum(key) == 8) {
		a->quit = 1;
	} else if (key == 'r' || key == 'R') {
		a->relogin = 1;
		a->quit = 1;
	} else if ((key == 't' || key == 'T') && a->v.block == V_HELD) {
		app_msg(a, V_INFO, _("Taking over window %s…"), a->window);
		draw(a);
		app_takeover(a);
	}
}

static void
handle_key(struct app *a, int key)
{
	int i, fn = scr_fnum(key);

	if (key == SK_RESIZE)
		return;
	if (a->v.block != V_FREE) {
		block_key(a, key);
		return;
	}
	if (mode_key(a, key))
		return;
	if (a->on_key && a->on_key(a, key))
		return;
	for (i = 0; i < a->ncmds; i++) {
		const struct app_cmd *c = &a->cmds[i];

		if ((fn && c->fkey == fn) || (!fn && key > 0 && key < SK_BASE &&
		    (c->letter == key || (c->letter >= 'a' && c->letter <= 'z' &&
		    c->letter - 32 == key)))) {
			c->fn(a);
			return;
		}
	}
}

/* The session ends for the server's reason (kind): the screen says so at window, by whom
 * ("" for nobody), and nothing more is sent (the connection is closed, and not opened again:
 * R signs in again). */
static void
blocked(struct app *a, enum v_block kind, const char *window, const char *by)
{
	a->v.block = kind;
	snprintf(a->v.block_window, sizeof a->v.block_window, "%s", window);
	snprintf(a->v.block_by, sizeof a->v.block_by, "%s", by);
	a->v.mode = V_NORMAL;
	a->v.reconnecting = 0;
	a->v.connected = 0;
	a->lost_ms = 0;
	a->stale = 0;
	jhc_close(a->c);
	a->v.msg[0] = '\0';	/* the screen says it (lay_block) */
}

/* Another clerk took the window over. */
static void
displaced(struct app *a, const json_t *ev)
{
	char w[H_CODE], by[64];

	tx_clean(w, sizeof w, json_string_value(json_object_get(ev, "window")));
	tx_clean(by, sizeof by, json_string_value(json_object_get(ev, "by")));
	blocked(a, V_DISPLACED, w[0] ? w : a->window, by[0] ? by : _("another clerk"));
}

/* The server signed this user out (disabled or deleted by an admin): say why (the server
 * closes the connection). */
static void
signed_out(struct app *a, const json_t *ev)
{
	tx_clean(a->v.block_reason, sizeof a->v.block_reason,
	    json_string_value(json_object_get(ev, "reason")));
	blocked(a, V_SIGNED_OUT, a->window, "");
}

static void
pump_events(struct app *a)
{
	json_t *ev;

	if (jhc_connected(a->c) && jhc_pump(a->c) < 0 && a->v.block == V_FREE)
		lost(a);
	while ((ev = jhc_event_pop(a->c)) != NULL) {
		const char *name = json_string_value(json_object_get(ev, "event"));
		int ch;

		if (name && strcmp(name, "displaced") == 0) {
			displaced(a, ev);
			json_decref(ev);
			continue;
		}
		if (name && strcmp(name, "signed_out") == 0) {
			signed_out(a, ev);
			json_decref(ev);
			continue;
		}
		ch = hall_apply_event(&a->hall, ev, app_now());

		if (ch & H_STALE)
			a->stale = 1;
		json_decref(ev);
	}
}

static void
reconnect(struct app *a)
{
	long long now = mono_ms();

	char by[64];

	if (jhc_connected(a->c))
		return;
	if (!jhc_reconnect_tick(a->c, now)) {
		/* another clerk signed in at the window while we were away: ask, do not insist */
		if (refused_held(a, by, sizeof by))
			held(a, by);
		return;
	}
	long long gone = (now - a->lost_ms + 500) / 1000;

	a->lost_ms = 0;
	a->v.reconnecting = 0;
	a->v.connected = 1;
	if (read_status(a) == 0)
		app_msg(a, V_GOOD, _("Reconnected to the server (the connection was lost for %lld s)."),
		    gone);
}

/* Supervisor: today's ETA error from the statistics, once a minute. Quiet when refused (a
 * clerk signed in on the supervisor screen may not read statistics). */
#define ETA_EVERY_MS 60000
static void
read_eta(struct app *a)
{
	json_t *ans, *row;

	a->eta_ms = mono_ms();
	if (!a->hall.date[0])
		return;
	ans = jhc_op(a->c, "stats", json_pack("{s:s, s:s, s:s, s:i}", "from", a->hall.date,
	    "to", a->hall.date, "by", "day", "top", 0), a->timeout_ms);
	row = json_array_get(json_object_get(ans, "rows"), 0);
	a->v.eta_n = (int)json_integer_value(json_object_get(row, "etas"));
	a->v.eta_median_pct = json_number_value(json_object_get(row, "eta_error_median_pct"));
	a->v.eta_bias_pct = json_number_value(json_object_get(row, "eta_bias_pct"));
	json_decref(ans);
}

int
app_run(struct app *a)
{
	int i;

	jh_on_signals(on_signal, 1);
	for (i = 0; i < a->ncmds && i < 16; i++) {
		a->keys[i].fkey = a->cmds[i].fkey;
		a->keys[i].letter = a->cmds[i].letter;
		a->keys[i].label = a->cmds[i].label;
	}
	a->v.connected = jhc_connected(a->c);
	draw(a);
	while (!a->quit && !got_signal) {
		struct pollfd p[2] = {
			{ .fd = scr_fd(), .events = POLLIN },
			{ .fd = jhc_fd(a->c), .events = POLLIN },
		};
		int key, timeout = 500;

		if (a->stale)
			timeout = 50;
		if (poll(p, jhc_connected(a->c) ? 2 : 1, timeout) < 0 && errno != EINTR)
			break;
		while ((key = scr_key()) != SK_NONE && !a->quit)
			handle_key(a, key);
		pump_events(a);
		if (a->v.block == V_FREE && !jhc_connected(a->c)) {
			lost(a);
			reconnect(a);
		}
		if (jhc_connected(a->c) && ((a->stale && mono_ms() - a->status_ms >= STATUS_GAP_MS) ||
		    (a->v.mode == V_PICK && a->v.pick.served_marks &&
		    mono_ms() - a->status_ms >= PICK_STATUS_MS))) {
			read_status(a);
			pump_events(a);
		}
		if (!a->clerk && jhc_connected(a->c) &&
		    (a->eta_ms == 0 || mono_ms() - a->eta_ms >= ETA_EVERY_MS)) {
			read_eta(a);
			pump_events(a);
		}
		draw(a);
	}
	return 0;
}
