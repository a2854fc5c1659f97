/* super.c — the supervisor console: move around the windows and services tables, rebalance a
 * window's services in place, open/close/pause windows, move a waiting ticket elsewhere. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "screen.h"
#include "super.h"

static struct h_window *
sel_window(struct app *a)
{
	if (a->v.sel_win < 0 || a->v.sel_win >= a->hall.nwin)
		return NULL;
	return &a->hall.win[a->v.sel_win];
}

static int
on_key(struct app *a, int key)
{
	int *sel = a->v.focus == 0 ? &a->v.sel_win : &a->v.sel_svc;
	int n = a->v.focus == 0 ? a->hall.nwin : a->hall.nsvc;

	switch (key) {
	case SK_TAB:
	case SK_BTAB:
		a->v.focus = !a->v.focus;
		return 1;
	case SK_UP:
	case 'k':
		if (*sel > 0)
			(*sel)--;
		return 1;
	case SK_DOWN:
	case 'j':
		if (*sel + 1 < n)
			(*sel)++;
		return 1;
	case SK_PGUP:
		*sel = *sel > 10 ? *sel - 10 : 0;
		return 1;
	case SK_PGDN:
		*sel = *sel + 10 < n ? *sel + 10 : (n ? n - 1 : 0);
		return 1;
	case SK_HOME:
		*sel = 0;
		return 1;
	case SK_END:
		*sel = n ? n - 1 : 0;
		return 1;
	}
	return 0;
}

static void
assign_pick(struct app *a, const struct v_item *unused)
{
	struct v_pick *p = &a->v.pick;
	struct h_window *w = hall_window(&a->hall, a->pending);
	json_t *codes = json_array(), *backup = json_array(), *duties = json_array(), *req, *ans;
	int i;

	/* services: the primary ones; backup: the backup ones (jhd's extension); duties: both
	 * with their roles, for servers that read duties */
	for (i = 0; i < p->n; i++) {
		if (!p->item[i].mark)
			continue;
		json_array_append_new(p->item[i].mark == 2 ? backup : codes,
		    json_string(p->item[i].key));
		json_array_append_new(duties, json_pack("{s:s,s:s}", "service", p->item[i].key,
		    "role", p->item[i].mark == 2 ? "backup" : "primary"));
	}
	req = json_pack("{s:s,s:o,s:o}", "window", a->pending, "services", codes, "backup",
	    backup);
	if (w && w->has_duties)
		json_object_set_new(req, "duties", duties);
	else
		json_decref(duties);
	ans = app_op(a, "assign", req);
	if (!ans)
		return;
	app_window_answer(a, ans);
	app_msg(a, V_GOOD, _("Window %s now serves the services ticked."), a->pending);
	json_decref(ans);
}

static void
do_assign(struct app *a)
{
	struct h_window *w = sel_window(a);
	struct v_pick *p = &a->v.pick;
	int i;

	if (!w) {
		app_msg(a, V_ERROR, "%s", _("Choose a window first (Tab, arrows)."));
		return;
	}
	memset(p, 0, sizeof *p);
	p->checks = 1;
	snprintf(a->pending, sizeof a->pending, "%s", w->name);
	snprintf(p->title, sizeof p->title,
	    _("Services of window %s — Space: primary/backup/none, Enter: apply, Esc: cancel"),
	    w->name);
	for (i = 0; i < a->hall.nsvc && p->n < V_MAX_ITEMS; i++) {
		const struct h_service *s = &a->hall.svc[i];
		struct v_item *it = &p->item[p->n++];

		snprintf(it->key, sizeof it->key, "%s", s->code);
		snprintf(it->label, sizeof it->label, "%s %s", s->code, s->name);
		it->mark = hall_serves(w, s->code);
	}
	a->on_pick = assign_pick;
	a->v.mode = V_PICK;
}

static void
window_op(struct app *a, const char *op, const char *done)
{
	struct h_window *w = sel_window(a);
	json_t *ans;

	if (!w) {
		app_msg(a, V_ERROR, "%s", _("Choose a window first (Tab, arrows)."));
		return;
	}
	snprintf(a->pending, sizeof a->pending, "%s", w->name);
	ans = app_op(a, op, json_pack("{s:s}", "window", a->pending));
	if (!ans)
		return;
	app_window_answer(a, ans);
	app_msg(a, V_GOOD, done, a->pending);
	json_decref(ans);
}

static void
do_open(struct app *a)
{
	window_op(a, "open", _("Window %s open."));
}

static void
close_yes(struct app *a)
{
	struct h_window *w = hall_window(&a->hall, a->pending);
	json_t *ans = app_op(a, "close", json_pack("{s:s}", "window", a->pending));

	if (!ans)
		return;
	if (!app_window_answer(a, ans) && w)
		snprintf(w->state, sizeof w->state, "closed");
	app_msg(a, V_GOOD, _("Window %s closed."), a->pending);
	json_decref(ans);
}

static void
do_close(struct app *a)
{
	struct h_window *w = sel_window(a);

	if (!w) {
		app_msg(a, V_ERROR, "%s", _("Choose a window first (Tab, arrows)."));
		return;
	}
	snprintf(a->pending, sizeof a->pending, "%s", w->name);
	app_confirm(a, close_yes, _("Close window %s? Its clerk will not be able to call."),
	    w->name);
}

static void
do_pause(struct app *a)
{
	struct h_window *w = sel_window(a);

	if (w && strcmp(w->state, "paused") == 0)
		window_op(a, "resume", _("Window %s resumed."));
	else
		window_op(a, "pause", _("Window %s paused."));
}

static void
move_pick(struct app *a, const struct v_item *it)
{
	json_t *ans;

	if (!it)
		return;
	ans = app_op(a, "transfer", json_pack("{s:s,s:s}", "code", a->pending, "to_service",
	    it->key));
	if (!ans)
		return;
	a->stale = 1;
	app_msg(a, V_GOOD, _("%s moved to %s %s."), a->pending, it->key,
	    hall_service_name(&a->hall, it->key));
	json_decref(ans);
}

static void
move_prompt(struct app *a, const char *code)
{
	struct v_pick *p = &a->v.pick;
	int i;

	if (!code[0]) {
		app_msg(a, V_INFO, "%s", _("Cancelled."));
		return;
	}
	snprintf(a->pending, sizeof a->pending, "%s", code);
	app_refresh(a);	/* the marks below are jhd's word as of now */
	memset(p, 0, sizeof *p);
	snprintf(p->title, sizeof p->title,
	    _("Move %s to — arrows choose, Enter moves, Esc cancels"), code);
	for (i = 0; i < a->hall.nsvc && p->n < V_MAX_ITEMS; i++) {
		struct v_item *it = &p->item[p->n++];

		snprintf(it->key, sizeof it->key, "%s", a->hall.svc[i].code);
		snprintf(it->label, sizeof it->label, "%s %s", a->hall.svc[i].code,
		    a->hall.svc[i].name);
	}
	app_pick_served_marks(a);
	a->on_pick = move_pick;
	a->v.mode = V_PICK;
}

static void
do_move(struct app *a)
{
	int idx[1];

	a->v.input[0] = '\0';
	if (a->v.sel_svc >= 0 && a->v.sel_svc < a->hall.nsvc &&
	    hall_waiting_of(&a->hall, a->hall.svc[a->v.sel_svc].code, idx, 1) == 1)
		snprintf(a->v.input, sizeof a->v.input, "%s", a->hall.wait[idx[0]].code);
	snprintf(a->v.prompt, sizeof a->v.prompt, "%s", _("Waiting ticket to move:"));
	a->on_prompt = move_prompt;
	a->v.mode = V_PROMPT;
}

static void
do_focus(struct app *a)
{
	a->v.focus = !a->v.focus;
}

static void
do_quit(struct app *a)
{
	a->quit = 1;
}

static const struct app_cmd super_cmds[] = {
	{ 1, 'a', N_("Assign"), do_assign },
	{ 2, 'o', N_("Open"), do_open },
	{ 3, 'x', N_("Close"), do_close },
	{ 4, 'p', N_("Pause"), do_pause },
	{ 5, 'm', N_("Move ticket"), do_move },
	{ 6, 's', N_("Switch table"), do_focus },
	{ 8, 'q', N_("Quit"), do_quit },
};

void
super_setup(struct app *a)
{
	a->cmds = super_cmds;
	a->ncmds = (int)(sizeof super_cmds / sizeof super_cmds[0]);
	a->layout = lay_super;
	a->on_key = on_key;
	a->v.wait_alert_s = 1800;
}
