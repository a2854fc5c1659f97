/* layout.c — pieces both screens share: tables with CJK-aware column widths, the key bar, the
 * status line, pick lists, and the words for states and lanes. */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "layout.h"
#include "utf8.h"

int
lay_widths(const struct lay_col *c, int ncol, const char *const *cells, int nrow, int total,
    int *w)
{
	int i, r, sum = 0, flex = -1;

	for (i = 0; i < ncol; i++) {
		w[i] = utf8_width(c[i].head);
		for (r = 0; r < nrow; r++) {
			int cw = utf8_width(cells[r * ncol + i]);

			if (cw > w[i])
				w[i] = cw;
		}
		if (w[i] < c[i].min)
			w[i] = c[i].min;
		if (c[i].max > 0 && w[i] > c[i].max)
			w[i] = c[i].max;
		if (c[i].flex && flex < 0)
			flex = i;
		sum += w[i] + (i ? 1 : 0);
	}
	if (flex >= 0 && sum != total) {
		int nw = w[flex] + (total - sum);

		if (nw < c[flex].min)
			nw = c[flex].min;
		if (nw < 1)
			nw = 1;
		sum += nw - w[flex];
		w[flex] = nw;
	}
	/* still too wide: take columns off the right */
	for (i = ncol - 1; i > 0 && sum > total; i--) {
		int cut = sum - total < w[i] ? sum - total : w[i];

		w[i] -= cut;
		sum -= cut;
	}
	return sum;
}

void
lay_table_row(struct ui_screen *s, int r, int attr, const struct lay_col *c, int ncol,
    const char *const *cells, const int *w)
{
	int i;

	for (i = 0; i < ncol; i++) {
		if (w[i] <= 0)
			continue;
		if (i)
			ui_add(s, r, attr, " ");
		ui_addw(s, r, attr, cells[i], w[i], c[i].align);
	}
	if (attr != UI_NORMAL)
		ui_fill(s, r, attr);
}

static int
key_width(const struct lay_key *k)
{
	char name[16];

	if (k->fkey && k->letter)
		snprintf(name, sizeof name, "F%d %c", k->fkey, k->letter);
	else if (k->fkey)
		snprintf(name, sizeof name, "F%d", k->fkey);
	else
		snprintf(name, sizeof name, "%c", k->letter);
	return utf8_width(name) + 1 + utf8_width(_(k->label)) + 1;
}

static void
key_draw(struct ui_screen *s, int row, const struct lay_key *k)
{
	if (k->fkey && k->letter)
		ui_addf(s, row, UI_KEY, "F%d %c", k->fkey, k->letter);
	else if (k->fkey)
		ui_addf(s, row, UI_KEY, "F%d", k->fkey);
	else
		ui_addf(s, row, UI_KEY, "%c", k->letter);
	ui_addf(s, row, UI_NORMAL, " %s ", _(k->label));
}

int
lay_keybar(struct ui_screen *s, int row, const struct lay_key *k, int n)
{
	int i, total = 0, split = n, acc = 0;

	for (i = 0; i < n; i++)
		total += key_width(&k[i]);
	if (total <= s->cols) {
		if (row >= 0)
			for (i = 0; i < n; i++)
				key_draw(s, row, &k[i]);
		return 1;
	}
	for (i = 0; i < n; i++) {
		acc += key_width(&k[i]);
		if (acc > s->cols || acc * 2 > total + key_width(&k[i])) {
			split = i;
			break;
		}
	}
	if (split == 0)
		split = 1;
	if (row >= 0) {
		for (i = 0; i < split; i++)
			key_draw(s, row, &k[i]);
		for (; i < n; i++)
			key_draw(s, row + 1, &k[i]);
	}
	return 2;
}

const char *
lay_state_word(const char *state)
{
	static const struct i18n_word tab[] = {
		{ "open", N_("open") }, { "paused", N_("paused") }, { "closed", N_("closed") },
		{ "waiting", N_("waiting") }, { "called", N_("called") }, { "done", N_("done") },
		{ "no_show", N_("no-show") }, { "transferred", N_("transferred") },
		{ "cancelled", N_("cancelled") },
	};
	const char *w = I18N_WORD(tab, state);

	if (w)
		return w;
	return state[0] ? state : "?";
}

const char *
lay_lane_word(const char *lane)
{
	static const struct i18n_word tab[] = {
		{ "normal", N_("normal") }, { "appointment", N_("appointment") },
		{ "prereviewed", N_("pre-reviewed") }, { "elderly", N_("elderly") },
		{ "disabled", N_("disabled") }, { "green", N_("green channel") },
	};
	const char *w = I18N_WORD(tab, lane);

	if (w)
		return w;
	return lane[0] ? lane : "?";
}

int
lay_scroll(int n, int h, int sel)
{
	int top;

	if (h <= 0 || n <= h)
		return 0;
	top = sel - h / 2;
	if (top < 0)
		top = 0;
	if (top > n - h)
		top = n - h;
	return top;
}

void
lay_too_small(struct ui_screen *s)
{
	ui_clear(s);
	ui_addf(s, 0, UI_ALERT, _("The terminal is %dx%d; it needs at least %dx%d."), s->cols,
	    s->rows, LAY_MIN_COLS, LAY_MIN_ROWS);
	ui_add(s, 1, UI_NORMAL, _("Enlarge the window (q quits)."));
}

/* The status line's attribute for each enum v_msg. */
static const int msg_attr[] = { UI_NORMAL, UI_ALERT, UI_OK, UI_WARN };

void
lay_status(struct ui_screen *s, int row, const struct view *v)
{
	const int *attr = msg_attr;

	if (v->mode == V_CONFIRM) {
		ui_add(s, row, UI_WARN, v->question);
		ui_add(s, row, UI_WARN, "  ");
		ui_add(s, row, UI_KEY, _("y = yes, n = no"));
		return;
	}
	if (v->mode == V_PROMPT) {
		ui_addf(s, row, UI_BOLD, "%s ", v->prompt);
		ui_add(s, row, UI_SELECT, v->input);
		s->cur_row = row;
		s->cur_col = ui_width(s, row);
		ui_add(s, row, UI_SELECT, " ");
		ui_add(s, row, UI_DIM, _("  (Enter: OK, Esc: cancel)"));
		return;
	}
	if (v->mode == V_CHOICE) {
		int i;

		ui_add(s, row, UI_WARN, v->question);
		for (i = 0; i < v->nchoice; i++) {
			ui_add(s, row, UI_NORMAL, "  ");
			ui_addf(s, row, UI_KEY, "%c", v->choice[i].key);
			ui_addf(s, row, UI_NORMAL, " %s", v->choice[i].label);
		}
		ui_add(s, row, UI_NORMAL, "  ");
		ui_add(s, row, UI_KEY, "Esc");
		ui_addf(s, row, UI_NORMAL, " %s", v->cancel);
		return;
	}
	if (v->reconnecting && v->msg_offline && v->msg[0]) {
		/* what became of a key pressed while offline, and that we are still trying */
		ui_add(s, row, attr[v->msg_kind], v->msg);
		ui_add(s, row, UI_WARN, "  ");
		ui_add(s, row, UI_WARN, _("Reconnecting…"));
		return;
	}
	if (v->reconnecting) {
		ui_add(s, row, UI_WARN, _("Connection to the server lost — reconnecting…"));
		return;
	}
	ui_add(s, row, attr[v->msg_kind], v->msg);
}

/* The whole screen when the console may not act at its window (v->block): held by another
 * clerk (T takes it over, R signs in again, Q quits) or taken over (R, Q). */
static void
lay_block(struct ui_screen *s, const struct view *v)
{
	static const struct lay_key held_keys[] = {
		{ 0, 'T', N_("Take over") }, { 0, 'R', N_("Sign in again") }, { 0, 'Q', N_("Quit") },
	};
	static const struct lay_key gone_keys[] = {
		{ 0, 'R', N_("Sign in again") }, { 0, 'Q', N_("Quit") },
	};
	char title[256];
	int kb, status_row;

	snprintf(title, sizeof title, _("Window %s · %s"), v->block_window, v->user ? v->user : "");
	lay_title(s, title, v->clock, 0);
	if (v->block == V_HELD) {
		ui_goto(s, 4, 2);
		ui_addf(s, 4, UI_ALERT, _("Window %s is held by %s — press T to take over, Q to quit"),
		    v->block_window, v->block_by);
		ui_goto(s, 6, 2);
		ui_addf(s, 6, UI_NORMAL, "%s", _("Taking over signs the other clerk out of this "
		    "window; their screen will say so."));
		ui_goto(s, 7, 2);
		ui_add(s, 7, UI_DIM, _("R goes back to the sign-in form (another window or user)."));
	} else if (v->block == V_SIGNED_OUT) {
		ui_goto(s, 4, 2);
		ui_addf(s, 4, UI_ALERT, _("Signed out by the server: %s"), v->block_reason);
		ui_goto(s, 6, 2);
		ui_add(s, 6, UI_NORMAL, _("Nothing more is sent from this screen."));
		ui_goto(s, 7, 2);
		ui_add(s, 7, UI_DIM, _("Q quits, R signs in again."));
	} else {
		ui_goto(s, 4, 2);
		ui_addf(s, 4, UI_ALERT, _("Window %s was taken over by %s"), v->block_window,
		    v->block_by);
		ui_goto(s, 6, 2);
		ui_add(s, 6, UI_NORMAL, _("You are signed out of this window: nothing more is sent "
		    "from this screen."));
		ui_goto(s, 7, 2);
		ui_add(s, 7, UI_DIM, _("Q quits, R signs in again."));
	}
	ui_fill(s, 4, UI_ALERT);
	kb = v->block == V_HELD ? 3 : 2;
	status_row = s->rows - 2;
	ui_add(s, status_row, msg_attr[v->msg_kind], v->msg);
	lay_keybar(s, status_row + 1, v->block == V_HELD ? held_keys : gone_keys, kb);
}

int
lay_begin(struct ui_screen *s, const struct view *v)
{
	ui_clear(s);
	if (s->cols < LAY_MIN_COLS || s->rows < LAY_MIN_ROWS) {
		lay_too_small(s);
		return 0;
	}
	if (v->block != V_FREE) {
		lay_block(s, v);
		return 0;
	}
	return 1;
}

void
lay_pick(struct ui_screen *s, int top, int bottom, const struct view *v)
{
	const struct v_pick *p = &v->pick;
	int h = bottom - top - 1, first, i, r;

	if (h < 1)
		return;
	ui_add(s, top, UI_HEAD, p->title);
	ui_fill(s, top, UI_HEAD);
	first = lay_scroll(p->n, h, p->sel);
	for (i = first, r = top + 1; i < p->n && r < bottom; i++, r++) {
		int attr = i == p->sel ? UI_SELECT : UI_NORMAL;

		ui_add(s, r, attr, i == p->sel ? "> " : "  ");
		if (p->checks) {
			const char *box = p->item[i].mark == 1 ? _("[P]") :
			    p->item[i].mark == 2 ? _("[B]") : "[ ]";
			ui_addf(s, r, attr, "%s ", box);
		}
		ui_add(s, r, attr, p->item[i].label);
		if (p->item[i].note[0]) {
			ui_add(s, r, attr, "  ");
			ui_add(s, r, attr == UI_NORMAL ? UI_WARN : attr, p->item[i].note);
		}
		if (attr != UI_NORMAL)
			ui_fill(s, r, attr);
	}
	if (p->n == 0)
		ui_add(s, top + 1, UI_DIM, _("(nothing to choose)"));
}

void
lay_title(struct ui_screen *s, const char *left, const char *clock, int lost)
{
	int cw = utf8_width(clock) + 1, lw;

	ui_add(s, 0, UI_TITLE, " ");
	lw = s->cols - cw - 1 - (lost ? utf8_width(_("OFFLINE")) + 2 : 0);
	ui_addw(s, 0, UI_TITLE, left, lw > 0 ? lw : 0, TX_LEFT);
	if (lost) {
		ui_add(s, 0, UI_ALERT, " ");
		ui_add(s, 0, UI_ALERT, _("OFFLINE"));
		ui_add(s, 0, UI_ALERT, " ");
	}
	ui_goto(s, 0, s->cols - cw);
	ui_add(s, 0, UI_TITLE, clock);
	ui_add(s, 0, UI_TITLE, " ");
	ui_fill(s, 0, UI_TITLE);
}
