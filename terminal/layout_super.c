/* layout_super.c — the supervisor's screen: alerts on top, a suggestion, the table of windows
 * and the table of services (each scrolls around its selection), the status line, the keys. */
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "i18n.h"
#include "layout.h"
#include "utf8.h"

#define CELL 112

static char wcell[H_MAX_WINDOWS][8][CELL];	/* one thread: plain static scratch */
static char scell[H_MAX_SERVICES][6][CELL];

static int
alerts(struct ui_screen *s, int top, int maxrows, const struct view *v)
{
	const struct hall *h = v->h;
	int idx[H_MAX_SERVICES], nw, i, r = top, total;
	int thr = h->wait_alert_s > 0 ? h->wait_alert_s : v->wait_alert_s;
	char a[32];

	nw = hall_wait_alerts(h, v->now, thr, idx, H_MAX_SERVICES);
	total = h->nalert + nw;
	if (total == 0) {
		ui_add(s, r, UI_DIM, _("No alerts."));
		return 1;
	}
	for (i = 0; i < total && r < top + maxrows; i++, r++) {
		if (r == top + maxrows - 1 && total - i > 1) {
			ui_addf(s, r, UI_ALERT, P_("! … and %d more alert", "! … and %d more alerts",
			    total - i), total - i);
			r++;
			break;
		}
		if (i < h->nalert) {
			const struct h_alert *al = &h->alert[i];

			ui_addf(s, r, UI_ALERT, "! %s: %s", al->source,
			    al->message[0] ? al->message : al->kind);
		} else {
			const struct h_service *sv = &h->svc[idx[i - h->nalert]];

			fmt_wait(a, sizeof a, hall_longest(h, sv, v->now));
			ui_addf(s, r, UI_ALERT, _("! %s %s: longest wait %s, over the limit"),
			    sv->code, sv->name, a);
		}
		ui_fill(s, r, UI_ALERT);
	}
	return r - top;
}

static void
suggestion(struct ui_screen *s, int row, const struct view *v)
{
	const struct hall *h = v->h;
	struct h_suggestion sg;
	char a[32], b[32];

	if (!hall_suggest(h, v->now, 600, 3, &sg)) {
		/* no suggestion: how true today's waiting-time estimates were */
		if (v->eta_n > 0)
			ui_addf(s, row, UI_DIM, v->eta_bias_pct >= 0 ?
			    P_("Wait estimates today: %d ticket, median error %.0f%%, on average %.0f%% too long.",
			    "Wait estimates today: %d tickets, median error %.0f%%, on average %.0f%% too long.",
			    v->eta_n) :
			    P_("Wait estimates today: %d ticket, median error %.0f%%, on average %.0f%% too short.",
			    "Wait estimates today: %d tickets, median error %.0f%%, on average %.0f%% too short.",
			    v->eta_n),
			    v->eta_n, v->eta_median_pct, v->eta_bias_pct >= 0 ? v->eta_bias_pct :
			    -v->eta_bias_pct);
		return;
	}
	fmt_wait(a, sizeof a, sg.wait_s);
	fmt_wait(b, sizeof b, sg.others_s);
	ui_addf(s, row, UI_WARN, _("Suggestion: window %s could also serve %s %s (wait %s, others %s)."),
	    sg.window, sg.service, hall_service_name(h, sg.service), a, b);
}

static void
window_cells(const struct view *v, int i, char c[8][CELL])
{
	const struct hall *h = v->h;
	const struct h_window *w = &h->win[i];
	size_t at = 0;
	int k;

	snprintf(c[0], CELL, "%s", w->name);
	snprintf(c[1], CELL, "%s", lay_state_word(w->state));
	snprintf(c[2], CELL, "%s", w->clerk[0] ? w->clerk : "\xe2\x80\x94");
	snprintf(c[3], CELL, "%s", w->has_current ? w->current.code : "\xe2\x80\x94");
	if (w->has_current)
		fmt_clock(c[4], CELL, hall_elapsed(h, &w->current, v->now));
	else
		snprintf(c[4], CELL, " ");
	snprintf(c[5], CELL, "%d", w->served_today);
	if (w->avg_handle_s >= 0)
		fmt_clock(c[6], CELL, w->avg_handle_s);
	else
		snprintf(c[6], CELL, "\xe2\x80\x94");
	c[7][0] = '\0';
	for (k = 0; k < w->nduty && at + 20 < CELL; k++)
		at += (size_t)snprintf(c[7] + at, CELL - at, w->duty[k].backup ? "%s(%s)" : "%s%s",
		    k ? " " : "", w->duty[k].service);
}

static void
service_cells(const struct view *v, int i, char c[6][CELL])
{
	const struct hall *h = v->h;
	const struct h_service *sv = &h->svc[i];

	snprintf(c[0], CELL, "%s", sv->code);
	snprintf(c[1], CELL, "%s", sv->name);
	snprintf(c[2], CELL, "%d", sv->waiting);
	fmt_wait(c[3], CELL, hall_longest(h, sv, v->now));
	fmt_wait_range(c[4], CELL, sv->waiting > 0 ? sv->eta_s : -1, sv->eta_lo_s,
	    sv->eta_hi_s);
	snprintf(c[5], CELL, "%d", sv->nwindows);
}

static int
table(struct ui_screen *s, int top, int rows, const struct lay_col *col, int ncol,
    const char **cp, int n, int sel, int focused)
{
	struct lay_col c[8];
	const char *head[8];
	char more[64] = "";
	int w[8], i, first, r;

	for (i = 0; i < ncol; i++) {
		c[i] = col[i];
		c[i].head = head[i] = _(col[i].head);
	}
	first = lay_scroll(n, rows - 1, sel);
	if (first > 0 || first + rows - 1 < n)
		snprintf(more, sizeof more, " %d-%d/%d", first + 1,
		    first + rows - 1 < n ? first + rows - 1 : n, n);
	lay_widths(c, ncol, cp, n, s->cols - 1 - utf8_width(more), w);
	ui_add(s, top, UI_HEAD, " ");
	lay_table_row(s, top, UI_HEAD, c, ncol, head, w);
	ui_add(s, top, UI_HEAD, more);
	for (i = first, r = top + 1; i < n && r < top + rows; i++, r++) {
		int attr = focused && i == sel ? UI_SELECT : UI_NORMAL;

		ui_add(s, r, attr, i == sel ? (focused ? ">" : "\xc2\xb7") : " ");
		lay_table_row(s, r, attr, c, ncol, &cp[i * ncol], w);
	}
	return r;
}

void
lay_super(struct ui_screen *s, const struct view *v)
{
	static const struct lay_col wcol[] = {
		{ N_("Win"), 3, 6, TX_LEFT, 0 },
		{ N_("State"), 6, 10, TX_LEFT, 0 },
		{ N_("Clerk"), 6, 12, TX_LEFT, 0 },
		{ N_("Ticket"), 6, 8, TX_LEFT, 0 },
		{ N_("Elapsed"), 7, 8, TX_RIGHT, 0 },
		{ N_("Served"), 6, 6, TX_RIGHT, 0 },
		{ N_("Avg"), 5, 8, TX_RIGHT, 0 },
		{ N_("Services"), 8, 0, TX_LEFT, 1 },
	};
	static const struct lay_col scol[] = {
		{ N_("Code"), 4, 6, TX_LEFT, 0 },
		{ N_("Service"), 10, 0, TX_LEFT, 1 },
		{ N_("Waiting"), 7, 8, TX_RIGHT, 0 },
		{ N_("Longest"), 8, 14, TX_RIGHT, 0 },
		{ N_("Est. wait"), 9, 14, TX_RIGHT, 0 },
		{ N_("Windows"), 7, 8, TX_RIGHT, 0 },
	};
	const struct hall *h = v->h;
	const char *wp[H_MAX_WINDOWS * 8], *sp[H_MAX_SERVICES * 6];
	char title[256];
	int i, j, kb, status_row, row, avail, wrows, srows, maxalerts;

	if (!lay_begin(s, v))
		return;
	snprintf(title, sizeof title, _("Supervisor · %s · %s · %s"),
	    h->name[0] ? h->name : "jiaohao", h->date, v->user ? v->user : "");
	lay_title(s, title, v->clock, !v->connected);
	maxalerts = s->rows >= 34 ? 4 : 2;
	row = 1 + alerts(s, 1, maxalerts, v);
	suggestion(s, row, v);
	row++;
	kb = lay_keybar(s, -1, v->keys, v->nkeys);
	status_row = s->rows - kb - 1;
	if (v->mode == V_PICK) {
		lay_pick(s, row, status_row, v);
	} else {
		for (i = 0; i < h->nwin; i++) {
			window_cells(v, i, wcell[i]);
			for (j = 0; j < 8; j++)
				wp[i * 8 + j] = wcell[i][j];
		}
		for (i = 0; i < h->nsvc; i++) {
			service_cells(v, i, scell[i]);
			for (j = 0; j < 6; j++)
				sp[i * 6 + j] = scell[i][j];
		}
		avail = status_row - row;	/* two headers and the rows */
		wrows = h->nwin + 1;
		srows = h->nsvc + 1;
		if (wrows + srows > avail) {
			/* share the rows in proportion, the focused table gets the odd one */
			wrows = (avail * (h->nwin + 1)) / (h->nwin + h->nsvc + 2);
			if (wrows < 3)
				wrows = 3;
			if (wrows > avail - 3)
				wrows = avail - 3;
			srows = avail - wrows;
		}
		table(s, row, wrows, wcol, 8, wp, h->nwin, v->sel_win, v->focus == 0);
		table(s, row + wrows, srows, scol, 6, sp, h->nsvc, v->sel_svc, v->focus == 1);
	}
	lay_status(s, status_row, v);
	lay_keybar(s, status_row + 1, v->keys, v->nkeys);
}
