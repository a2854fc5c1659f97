/* layout_clerk.c — the clerk's screen: window and services, the current ticket in big digits
 * with its lane and timer, who is next, the counts per service, today's numbers, the keys. */
#include <stdio.h>
#include <string.h>

#include "big.h"
#include "fmt.h"
#include "i18n.h"
#include "layout.h"
#include "utf8.h"

/* "D 食品经营许可 Food business licence, E …": with full names when they fit, else with the
 * first word of each name (the Chinese one in a bilingual hall). */
static void
services_line(struct ui_screen *s, int row, const struct hall *h, const struct h_window *w)
{
	char line[UI_LINE_BYTES], name[H_NAME];
	int i, pass;

	ui_add(s, row, UI_BOLD, _("Serves:"));
	if (!w || w->nduty == 0) {
		ui_add(s, row, UI_DIM, " ");
		ui_add(s, row, UI_DIM, _("no service assigned"));
		return;
	}
	for (pass = 0; pass < 2; pass++) {
		size_t at = 0;

		line[0] = '\0';
		for (i = 0; i < w->nduty && at < sizeof line - 1; i++) {
			const char *code = w->duty[i].service;
			char *sp;

			snprintf(name, sizeof name, "%s", hall_service_name(h, code));
			if (pass == 1 && (sp = strchr(name, ' ')) != NULL)
				*sp = '\0';
			at += (size_t)snprintf(line + at, sizeof line - at, "%s %s %s%s%s%s",
			    i ? "," : "", code, name, w->duty[i].backup ? " (" : "",
			    w->duty[i].backup ? _("backup") : "", w->duty[i].backup ? ")" : "");
		}
		if (utf8_width(line) + ui_width(s, row) <= s->cols)
			break;
	}
	ui_add(s, row, UI_NORMAL, line);
}

static void
current_ticket(struct ui_screen *s, int top, const struct view *v, const struct h_window *w)
{
	const struct hall *h = v->h;
	const struct h_ticket *t = &w->current;
	char row[UI_LINE_BYTES], tbuf[32];
	int r, bw, x;

	if (!w->has_current) {
		ui_goto(s, top + 2, 2);
		ui_add(s, top + 2, UI_DIM, _("No ticket at this window."));
		ui_goto(s, top + 3, 2);
		ui_add(s, top + 3, UI_DIM, _("Press F1 or c to call the next one."));
		return;
	}
	bw = big_width(t->code, 1);
	if (bw > s->cols / 2)
		bw = 0;		/* an odd, long code: the text alone */
	for (r = 0; bw && r < BIG_ROWS; r++) {
		big_row(row, sizeof row, t->code, r, v->ascii ? "#" : "\xe2\x96\x88", 1);
		ui_goto(s, top + r, 2);
		ui_add(s, top + r, UI_BIG, row);
	}
	x = 2 + bw + 4;
	ui_goto(s, top, x);
	ui_addf(s, top, UI_BOLD, _("Ticket %s"), t->code);
	ui_goto(s, top + 1, x);
	ui_addf(s, top + 1, UI_NORMAL, "%s %s", t->service, hall_service_name(h, t->service));
	ui_goto(s, top + 2, x);
	ui_addf(s, top + 2, UI_NORMAL, "%s ", _("Lane:"));
	ui_add(s, top + 2, strcmp(t->priority, "normal") ? UI_WARN : UI_NORMAL,
	    lay_lane_word(t->priority));
	ui_goto(s, top + 3, x);
	fmt_clock(tbuf, sizeof tbuf, hall_elapsed(h, t, v->now));
	ui_addf(s, top + 3, UI_NORMAL, "%s ", _("At the desk:"));
	ui_add(s, top + 3, UI_BOLD, tbuf);
	if (t->recall > 0) {
		ui_goto(s, top + 4, x);
		ui_addf(s, top + 4, UI_WARN, P_("Recalled %d time", "Recalled %d times", t->recall),
		    t->recall);
	}
}

static void
next_list(struct ui_screen *s, int top, int bottom, const struct view *v,
    const struct h_window *w, int colw)
{
	const struct hall *h = v->h;
	int idx[64], n, i, r, waiting = 0, j;
	char buf[32];

	/* the server counts everyone waiting; we list those we have heard of */
	for (j = 0; w && j < w->nduty; j++) {
		const struct h_service *sv = hall_service_c(h, w->duty[j].service);

		waiting += sv ? sv->waiting : 0;
	}
	ui_addw(s, top, UI_HEAD, _("Next waiting"), colw, TX_LEFT);
	n = w ? hall_next_for(h, w, idx, 64) : 0;
	for (i = 0, r = top + 1; i < n && r < bottom; i++, r++) {
		const struct h_ticket *t = &h->wait[idx[i]];

		if (r == bottom - 1 && (n - i > 1 || waiting > n)) {
			ui_addf(s, r, UI_DIM, _("  … and %d more"), (waiting > n ? waiting : n) - i);
			r = bottom;
			break;
		}
		ui_addw(s, r, UI_NORMAL, "", 1, TX_LEFT);
		ui_addw(s, r, UI_BOLD, t->code, 6, TX_LEFT);
		ui_addw(s, r, strcmp(t->priority, "normal") ? UI_WARN : UI_DIM,
		    lay_lane_word(t->priority), 14, TX_LEFT);
		if (t->issued_at > 0) {
			fmt_wait(buf, sizeof buf, v->now + h->skew - t->issued_at);
			ui_addw(s, r, UI_NORMAL, buf, colw - 21 > 0 ? colw - 21 : 0, TX_RIGHT);
		}
	}
	if (n == 0)
		ui_add(s, top + 1, UI_DIM, waiting ? _(" (not listed by the server)") :
		    _(" Nobody is waiting."));
	else if (waiting > n && r < bottom)
		ui_addf(s, r, UI_DIM, _("  … and %d more"), waiting - n);
}

static void
waiting_counts(struct ui_screen *s, int top, int bottom, int x, const struct view *v,
    const struct h_window *w)
{
	const struct hall *h = v->h;
	static const struct lay_col col[] = {
		{ N_("Service"), 6, 0, TX_LEFT, 1 },
		{ N_("Waiting"), 4, 9, TX_RIGHT, 0 },
		{ N_("Longest"), 6, 12, TX_RIGHT, 0 },
	};
	struct lay_col c[3];
	static char cell[H_MAX_DUTIES][3][H_NAME + H_CODE + 2];
	const char *cp[H_MAX_DUTIES * 3];
	int i, n = 0, wd[3], r;

	for (i = 0; i < 3; i++) {
		c[i] = col[i];
		c[i].head = _(col[i].head);
	}
	for (i = 0; w && i < w->nduty; i++) {
		const struct h_service *sv = hall_service_c(h, w->duty[i].service);

		snprintf(cell[n][0], sizeof cell[n][0], "%s %s", w->duty[i].service,
		    hall_service_name(h, w->duty[i].service));
		snprintf(cell[n][1], sizeof cell[n][1], "%d", sv ? sv->waiting : 0);
		fmt_wait(cell[n][2], sizeof cell[n][2], sv ? hall_longest(h, sv, v->now) : -1);
		cp[n * 3] = cell[n][0];
		cp[n * 3 + 1] = cell[n][1];
		cp[n * 3 + 2] = cell[n][2];
		n++;
	}
	lay_widths(c, 3, cp, n, s->cols - x - 1, wd);
	ui_goto(s, top, x);
	lay_table_row(s, top, UI_HEAD, c, 3, (const char *[]){ c[0].head, c[1].head,
	    c[2].head }, wd);
	for (i = 0, r = top + 1; i < n && r < bottom; i++, r++) {
		if (r == bottom - 1 && n - i > 1) {
			ui_goto(s, r, x);
			ui_addf(s, r, UI_DIM, _("… and %d more"), n - i);
			break;
		}
		ui_goto(s, r, x);
		lay_table_row(s, r, UI_NORMAL, c, 3, &cp[i * 3], wd);
	}
}

void
lay_clerk(struct ui_screen *s, const struct view *v)
{
	const struct hall *h = v->h;
	const struct h_window *w = hall_window_c(h, v->window ? v->window : "");
	char title[256], buf[32];
	int kb, status_row, stats_row, list_top, half;

	if (!lay_begin(s, v))
		return;
	snprintf(title, sizeof title, _("Window %s · %s · %s"), v->window ? v->window : "?",
	    v->user ? v->user : "", w ? lay_state_word(w->state) : "?");
	if (w && w->label[0]) {
		strncat(title, " · ", sizeof title - strlen(title) - 1);
		strncat(title, w->label, sizeof title - strlen(title) - 1);
	}
	lay_title(s, title, v->clock, !v->connected);
	services_line(s, 1, h, w);
	if (w && strcmp(w->state, "open") != 0) {
		ui_add(s, 2, UI_WARN, w->state[0] == 'p' ?
		    _("This window is paused: nobody is called here. F6 or p resumes.") :
		    _("This window is closed. F7 or o opens it."));
	}
	if (w)
		current_ticket(s, 3, v, w);
	else {
		ui_goto(s, 5, 2);
		ui_add(s, 5, UI_DIM, _("Waiting for the server…"));
	}

	kb = lay_keybar(s, -1, v->keys, v->nkeys);
	status_row = s->rows - kb - 1;
	stats_row = status_row - 2;
	list_top = 9;
	if (v->mode == V_PICK) {
		lay_pick(s, list_top, stats_row, v);
	} else {
		half = s->cols / 2;
		next_list(s, list_top, stats_row - 1, v, w, half - 2);
		waiting_counts(s, list_top, stats_row - 1, half, v, w);
	}
	if (w) {
		ui_addf(s, stats_row, UI_NORMAL, " %s ", _("Served today:"));
		ui_addf(s, stats_row, UI_BOLD, "%d", w->served_today);
		ui_add(s, stats_row, UI_NORMAL, "    ");
		ui_addf(s, stats_row, UI_NORMAL, "%s ", _("Average handling time:"));
		fmt_clock(buf, sizeof buf, w->avg_handle_s);
		ui_add(s, stats_row, UI_BOLD, w->avg_handle_s >= 0 ? buf : "\xe2\x80\x94");
	}
	lay_status(s, status_row, v);
	lay_keybar(s, status_row + 1, v->keys, v->nkeys);
}
