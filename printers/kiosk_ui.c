/* kiosk_ui.c — the interactive kiosk: an ncursesw loop that draws kiosk_screen's lines,
 * reads number keys (a keypad is enough), takes tickets, prints them, and keeps an eye on the
 * printer and the server connection. */
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <ncurses.h>

#include "jhclient.h"
#include "kiosk_ui.h"
#include "log.h"
#include "mono.h"
#include "utf8.h"

#define REFRESH_MS	5000	/* waiting counts and printer state */
#define TICKET_MS	30000	/* a printed ticket stays this long on screen */
#define FAILED_MS	120000	/* a ticket that did not print stays longer */

struct ui {
	struct kiosk *k;
	struct ks_state st;
	json_t *ticket;		/* the ticket on screen, for reprint */
	long long shown_at, refreshed_at;
};

static void
draw(struct ui *u)
{
	struct ks_lines ls;
	char buf[KS_LINE];
	size_t n;
	int i, y, x, w, a;

	ks_render(&u->st, &ls);
	erase();
	for (i = 0, y = 0; i < ls.n && y < LINES; i++, y++) {
		n = utf8_prefix(ls.text[i], COLS - 1, sizeof buf - 1, &w);
		memcpy(buf, ls.text[i], n);
		buf[n] = '\0';
		x = (ls.attr[i] == KS_A_TITLE || ls.attr[i] == KS_A_BIG || i == 0) ?
		    (COLS - w) / 2 : 2;
		if (x < 0)
			x = 0;
		switch (ls.attr[i]) {
		case KS_A_TITLE: a = A_BOLD; break;
		case KS_A_BIG: a = A_BOLD; break;
		case KS_A_WARN: a = A_BOLD | A_REVERSE; break;
		case KS_A_HINT: a = A_DIM; break;
		default: a = A_NORMAL; break;
		}
		attron(a);
		mvaddstr(y, x, buf);
		attroff(a);
	}
	refresh();
}

/* Loads the model again, keeping the citizen's place: the department and service chosen
 * are found again by code (a re-import may have moved or removed them). */
static void
load_model(struct ui *u)
{
	char dept[sizeof u->st.depts[0].code] = "", svc[sizeof u->st.svcs[0].code] = "";

	if (u->st.dept >= 0 && u->st.dept < u->st.ndepts)
		snprintf(dept, sizeof dept, "%s", u->st.depts[u->st.dept].code);
	if (u->st.svc >= 0 && u->st.svc < u->st.nsvcs)
		snprintf(svc, sizeof svc, "%s", u->st.svcs[u->st.svc].code);
	if (kiosk_load_model(u->k, &u->st) < 0)
		log_warn("%s", u->k->err);
	if (u->st.screen == KS_SERVICES || u->st.screen == KS_PRIORITY) {
		u->st.dept = ks_find_dept(&u->st, dept);
		u->st.svc = ks_find_svc(&u->st, svc);
		if (u->st.dept < 0 || (u->st.screen == KS_PRIORITY && u->st.svc < 0))
			ks_home(&u->st);
	}
}

static void
refresh_model(struct ui *u)
{
	struct cp_result res;

	if (!jhc_connected(u->k->c) || u->k->services == NULL) {
		snprintf(u->st.banner, sizeof u->st.banner,
		    "正在连接服务器…  Connecting to the server…");
		return;
	}
	load_model(u);
	if (kiosk_watch_printer(u->k, &res) < 0)
		snprintf(u->st.banner, sizeof u->st.banner,
		    "打印机故障, 号码将显示在屏幕上  Printer fault: numbers are shown on screen");
	else
		u->st.banner[0] = '\0';
	u->refreshed_at = mono_ms();
}

static void
show_ticket(struct ui *u, json_t *t)
{
	json_t *v;

	json_decref(u->ticket);
	u->ticket = t;
	snprintf(u->st.code, sizeof u->st.code, "%s",
	    json_string_value(json_object_get(t, "code")));
	snprintf(u->st.svc_name, sizeof u->st.svc_name, "%s",
	    kiosk_service_name(u->k, json_string_value(json_object_get(t, "service"))));
	/* the lane jhd gave it, not the key pressed: the screen shows what was recorded */
	snprintf(u->st.priority, sizeof u->st.priority, "%s",
	    json_is_string(json_object_get(t, "priority")) ?
	    json_string_value(json_object_get(t, "priority")) : "");
	u->st.no_window = json_is_true(json_object_get(t, "no_window"));
	u->st.ahead = (int)json_integer_value(json_object_get(t, "ahead"));
	v = json_object_get(t, "eta_s");
	u->st.eta_s = json_is_integer(v) ? (int)json_integer_value(v) : -1;
	v = json_object_get(t, "eta_lo_s");
	u->st.eta_lo_s = json_is_integer(v) ? (int)json_integer_value(v) : -1;
	v = json_object_get(t, "eta_hi_s");
	u->st.eta_hi_s = json_is_integer(v) ? (int)json_integer_value(v) : -1;
	u->st.screen = KS_TICKET;
}

static void
print_ticket(struct ui *u)
{
	struct cp_result res;

	if (u->k->cfg.no_print) {
		/* --no-print --output FILE: the ticket is still rendered into FILE */
		if (u->k->cfg.output)
			kiosk_print(u->k, u->ticket, &res);
		u->st.printed = 2;
		draw(u);
		return;
	}
	u->st.printed = 0;
	draw(u);
	if (kiosk_print(u->k, u->ticket, &res) == 0) {
		u->st.printed = 1;
		u->st.banner[0] = '\0';
	} else
		u->st.printed = -1;	/* kiosk_print logged why and raised the alert */
	flushinp();	/* presses during printing are not new tickets */
	u->shown_at = mono_ms();
	draw(u);
}

/* A take or check-in that failed: the citizen reads what it means and what to do
 * (ks_error_text); the server's own words go to the log, for staff. */
static void
failed(struct ui *u, const char *what, const char *code)
{
	log_warn("%s refused (%s): %s", what, code ? code : "?", u->k->err);
	u->st.screen = KS_MESSAGE;
	ks_error_text(&u->st, what, code, u->k->err);
	u->shown_at = mono_ms();
}

static void
act(struct ui *u, enum ks_action a, const char *prio)
{
	json_t *t;
	const char *code = NULL;

	switch (a) {
	case KA_TAKE:
	case KA_CHECKIN:
		draw(u);
		if (a == KA_TAKE)
			t = kiosk_take(u->k, u->st.svcs[u->st.svc].code, prio, &code);
		else
			t = kiosk_checkin(u->k, u->st.idnum, &code);
		flushinp();
		if (t == NULL) {
			failed(u, a == KA_TAKE ? "take" : "checkin", code);
			draw(u);
			return;
		}
		show_ticket(u, t);
		print_ticket(u);
		return;
	case KA_REPRINT:
		if (u->ticket)
			print_ticket(u);
		return;
	case KA_NONE:
	case KA_QUIT:
		return;
	}
}

static int
key_of(int ch)
{
	switch (ch) {
	case KEY_ENTER: return '\n';
	case KEY_BACKSPACE: case KEY_DC: return 127;
	case KEY_LEFT: return 27;
	default: return ch;
	}
}

static void
set_locale(void)
{
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_ALL, "C.UTF-8");
}

int
kiosk_ui_run(struct kiosk *k)
{
	struct ui u;
	struct pollfd pfd[2];
	json_t *ev;
	enum ks_action a;
	const char *prio;
	long long now;
	int ch, n, timeout, windows_changed = 0;
	static const char *const topics[] = { "windows", NULL };

	memset(&u, 0, sizeof u);
	u.k = k;
	ks_home(&u.st);
	set_locale();
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	/* remembered by jhclient (also while disconnected) and sent again at every connect */
	if (jhc_subscribe(k->c, topics) < 0 && jhc_connected(k->c))
		log_warn("subscribe windows: %s", jhc_error(k->c));
	refresh_model(&u);
	draw(&u);
	for (;;) {
		pfd[0].fd = 0;
		pfd[0].events = POLLIN;
		pfd[1].fd = jhc_fd(k->c);
		pfd[1].events = POLLIN;
		n = pfd[1].fd >= 0 ? 2 : 1;
		timeout = 500;
		poll(pfd, (nfds_t)n, timeout);
		now = mono_ms();
		if (n == 2 && (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    jhc_pump(k->c) < 0) {
			snprintf(u.st.banner, sizeof u.st.banner,
			    "与服务器断开, 正在重连…  Server connection lost, reconnecting…");
			draw(&u);
		}
		/* also the events queued while we waited for an answer (status, take) */
		while ((ev = jhc_event_pop(k->c)) != NULL) {
			if (kiosk_window_event(k, ev))
				windows_changed = 1;
			json_decref(ev);
		}
		/* a window opened, paused, closed or got other duties: which services are
		 * served now may differ, and the menus say so at once */
		if (windows_changed && jhc_connected(k->c) && u.st.screen != KS_BUSY) {
			windows_changed = 0;
			if (kiosk_load_services(k) < 0)
				log_warn("%s", k->err);
			load_model(&u);
			draw(&u);
		}
		if (!jhc_connected(k->c) && jhc_reconnect_tick(k->c, now) == 1) {
			u.st.banner[0] = '\0';
			if (kiosk_load_services(k) < 0)
				log_warn("%s", k->err);
			refresh_model(&u);
			draw(&u);
		}
		while ((ch = getch()) != ERR) {
			if (ch == KEY_F(10))	/* staff only: no citizen key quits */
				goto out;
			if (ch == KEY_RESIZE) {
				draw(&u);
				continue;
			}
			/* ks_key sets prio: it must return before prio is read (an argument
			 * beside the call would be read in an unspecified order) */
			prio = NULL;
			a = ks_key(&u.st, key_of(ch), &prio);
			act(&u, a, prio);
			if (u.st.screen == KS_TICKET || u.st.screen == KS_MESSAGE)
				u.shown_at = u.shown_at ? u.shown_at : now;
			draw(&u);
		}
		if ((u.st.screen == KS_TICKET &&
		    now - u.shown_at > (u.st.printed == -1 ? FAILED_MS : TICKET_MS)) ||
		    (u.st.screen == KS_MESSAGE && now - u.shown_at > TICKET_MS)) {
			ks_home(&u.st);
			u.st.message[0] = '\0';
			u.shown_at = 0;
			draw(&u);
		}
		if ((u.st.screen == KS_HOME || u.st.screen == KS_SERVICES ||
		    u.st.screen == KS_PRIORITY) && now - u.refreshed_at > REFRESH_MS) {
			refresh_model(&u);
			draw(&u);
		}
	}
out:
	endwin();
	json_decref(u.ticket);
	return 0;
}
