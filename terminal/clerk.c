/* clerk.c — the clerk console: one window's actions, each on a function key and a letter key
 * (the table below), sent to jhd; the screen itself is layout_clerk.c. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "clerk.h"
#include "i18n.h"

static const struct h_window *
mine(struct app *a)
{
	return hall_window_c(&a->hall, a->window);
}

static json_t *
win_req(struct app *a)
{
	return json_pack("{s:s}", "window", a->window);
}

static const char *
ticket_code(const json_t *ans)
{
	const json_t *t = json_object_get(ans, "ticket");
	const char *code = json_string_value(json_object_get(t, "code"));

	return code ? code : "";
}

/* call_next, saying whom it called (or that nobody waits) on the status line. */
static void
call_next(struct app *a)
{
	json_t *ans = app_op(a, "call_next", win_req(a));

	if (!ans)
		return;
	if (!json_is_object(json_object_get(ans, "ticket"))) {
		app_set_current(a, a->window, NULL);
		app_msg(a, V_INFO, "%s", _("Nobody is waiting for this window's services."));
	} else {
		app_set_current(a, a->window, json_object_get(ans, "ticket"));
		app_msg(a, V_GOOD, _("Called %s."), ticket_code(ans));
	}
	json_decref(ans);
}

/* With a ticket at the desk the server refuses call_next (conflict): say what works instead
 * rather than send it. */
static void
do_call(struct app *a)
{
	const struct h_window *w = mine(a);

	if (w && w->has_current) {
		app_msg(a, V_WARN,
		    _("Finish %s (F3) or no-show (F4) first, or F9 to finish and call next."),
		    w->current.code);
		return;
	}
	call_next(a);
}

/* A clerk's usual press: finish the ticket at the desk (if any) and call the next one. When
 * the finish is refused nothing is called; when the call fails the finish still stands, and
 * the status line says both. */
static void
do_finish_next(struct app *a)
{
	const struct h_window *w = mine(a);
	char done[H_CODE] = "", msg[sizeof a->v.msg];
	json_t *ans;

	if (w && w->has_current) {
		if ((ans = app_op(a, "finish", win_req(a))) == NULL)
			return;
		snprintf(done, sizeof done, "%s", ticket_code(ans));
		app_set_current(a, a->window, NULL);
		json_decref(ans);
	}
	call_next(a);
	if (done[0]) {
		snprintf(msg, sizeof msg, "%s", a->v.msg);
		app_msg(a, a->v.msg_kind, _("%s finished. %s"), done, msg);
	}
}

static void
do_recall(struct app *a)
{
	json_t *ans = app_op(a, "recall", win_req(a));
	int n;

	if (!ans)
		return;
	app_set_current(a, a->window, json_object_get(ans, "ticket"));
	n = (int)json_integer_value(json_object_get(ans, "recall"));
	if (n <= 0)
		n = (int)json_integer_value(json_object_get(json_object_get(ans, "ticket"), "recall"));
	if (n > 0) {
		struct h_window *w = hall_window(&a->hall, a->window);

		if (w)
			w->current.recall = n;
		app_msg(a, V_GOOD, _("Recalled %s (time %d)."), ticket_code(ans), n);
	} else {
		app_msg(a, V_GOOD, _("Recalled %s."), ticket_code(ans));
	}
	json_decref(ans);
}

/* The ticket at the desk leaves it (op "finish" or "no_show"); done names it ("%s
 * finished."). */
static void
end_current(struct app *a, const char *op, const char *done)
{
	json_t *ans = app_op(a, op, win_req(a));

	if (!ans)
		return;
	app_set_current(a, a->window, NULL);
	app_msg(a, V_GOOD, done, ticket_code(ans));
	json_decref(ans);
}

static void
do_finish(struct app *a)
{
	end_current(a, "finish", _("%s finished."));
}

static void
no_show_yes(struct app *a)
{
	end_current(a, "no_show", _("%s marked as a no-show."));
}

static void
do_no_show(struct app *a)
{
	const struct h_window *w = mine(a);

	if (!w || !w->has_current) {
		app_msg(a, V_ERROR, "%s", _("No ticket at this window."));
		return;
	}
	app_confirm(a, no_show_yes, _("Mark %s as a no-show? This cannot be undone."),
	    w->current.code);
}

static void
transfer_pick(struct app *a, const struct v_item *it)
{
	json_t *req = win_req(a), *ans;

	if (!it)
		return;
	json_object_set_new(req, it->is_window ? "to_window" : "to_service",
	    json_string(it->key));
	ans = app_op(a, "transfer", req);
	if (!ans)
		return;
	app_set_current(a, a->window, NULL);
	if (it->is_window)
		app_msg(a, V_GOOD, _("%s transferred to window %s."), ticket_code(ans), it->key);
	else
		app_msg(a, V_GOOD, _("%s transferred to %s %s."), ticket_code(ans), it->key,
		    hall_service_name(&a->hall, it->key));
	json_decref(ans);
}

static void
do_transfer(struct app *a)
{
	const struct h_window *w;
	struct v_pick *p = &a->v.pick;
	int i;

	/* the marks below are jhd's word as of now (the opening time may have just passed) */
	app_refresh(a);
	if (!(w = mine(a)) || !w->has_current) {
		app_msg(a, V_ERROR, "%s", _("No ticket at this window to transfer."));
		return;
	}
	memset(p, 0, sizeof *p);
	snprintf(p->title, sizeof p->title,
	    _("Transfer %s to — arrows choose, Enter transfers, Esc cancels"), w->current.code);
	for (i = 0; i < a->hall.nsvc && p->n < V_MAX_ITEMS; i++) {
		const struct h_service *s = &a->hall.svc[i];
		struct v_item *it;

		if (strcmp(s->code, w->current.service) == 0)
			continue;
		it = &p->item[p->n++];
		snprintf(it->key, sizeof it->key, "%s", s->code);
		snprintf(it->label, sizeof it->label, _("Service %s %s"), s->code, s->name);
	}
	for (i = 0; i < a->hall.nwin && p->n < V_MAX_ITEMS; i++) {
		const struct h_window *o = &a->hall.win[i];
		struct v_item *it;

		if (strcmp(o->name, a->window) == 0)
			continue;
		it = &p->item[p->n++];
		it->is_window = 1;
		snprintf(it->key, sizeof it->key, "%s", o->name);
		snprintf(it->label, sizeof it->label, _("Window %s (%s)"), o->name,
		    lay_state_word(o->state));
	}
	/* taken to a service marked, the ticket would wait for a window that nobody opens */
	app_pick_served_marks(a);
	a->on_pick = transfer_pick;
	a->v.mode = V_PICK;
}

/* The window's state changes (op "open", "close", "pause", "resume"); done says so. */
static void
window_op(struct app *a, const char *op, const char *done)
{
	json_t *ans = app_op(a, op, win_req(a));

	if (!ans)
		return;
	app_window_answer(a, ans);
	app_msg(a, V_GOOD, "%s", done);
	json_decref(ans);
}

static void
do_pause(struct app *a)
{
	const struct h_window *w = mine(a);

	if (w && strcmp(w->state, "paused") == 0)
		window_op(a, "resume", _("Window resumed: calling again."));
	else
		window_op(a, "pause", _("Window paused: nobody will be called here."));
}

static void
close_yes(struct app *a)
{
	window_op(a, "close", _("Window closed."));
}

static void
do_open_close(struct app *a)
{
	const struct h_window *w = mine(a);

	if (w && strcmp(w->state, "closed") != 0)
		app_confirm(a, close_yes, _("Close window %s?"), a->window);
	else
		window_op(a, "open", _("Window open."));
}

/* Quitting leaves the window as the clerk says: closed, paused or open (asked when it is
 * open or paused; Esc stays). A refused close or pause (a ticket still at the desk) stays. */
static void
quit_after(struct app *a, const char *op)
{
	json_t *ans = app_op(a, op, win_req(a));

	if (!ans)
		return;
	json_decref(ans);
	a->quit = 1;
}

static void
quit_close(struct app *a)
{
	quit_after(a, "close");
}

static void
quit_pause(struct app *a)
{
	quit_after(a, "pause");
}

static void
quit_leave(struct app *a)
{
	a->quit = 1;
}

static void
do_quit(struct app *a)
{
	const struct h_window *w = mine(a);
	char q[160];

	if (!w || strcmp(w->state, "closed") == 0) {
		a->quit = 1;
		return;
	}
	if (strcmp(w->state, "paused") == 0) {
		static const int keys[] = { 'c', 'l' };
		void (*const fns[])(struct app *) = { quit_close, quit_leave };
		const char *labels[] = { _("close it"), _("keep it paused") };

		snprintf(q, sizeof q, _("Quit? Window %s is paused:"), a->window);
		app_choose(a, q, _("no, stay"), 2, keys, labels, fns);
	} else {
		static const int keys[] = { 'c', 'p', 'l' };
		void (*const fns[])(struct app *) = { quit_close, quit_pause, quit_leave };
		const char *labels[] = { _("close it"), _("pause it"), _("keep it open") };

		snprintf(q, sizeof q, _("Quit? Window %s is open:"), a->window);
		app_choose(a, q, _("no, stay"), 3, keys, labels, fns);
	}
}

static const struct app_cmd clerk_cmds[] = {
	{ 1, 'c', N_("Call"), do_call },
	{ 2, 'r', N_("Recall"), do_recall },
	{ 3, 'f', N_("Finish"), do_finish },
	{ 4, 'n', N_("No-show"), do_no_show },
	{ 5, 't', N_("Transfer"), do_transfer },
	{ 6, 'p', N_("Pause"), do_pause },
	{ 7, 'o', N_("Open/Close"), do_open_close },
	{ 8, 'q', N_("Quit"), do_quit },
	{ 9, 'x', N_("Finish+next"), do_finish_next },
};

void
clerk_setup(struct app *a)
{
	a->cmds = clerk_cmds;
	a->ncmds = (int)(sizeof clerk_cmds / sizeof clerk_cmds[0]);
	a->layout = lay_clerk;
}
