/* view.c — hall state → the full view of each display. Pure. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "inilines.h"
#include "view.h"

void
view_call_line(const char *code, const char *window, struct drv_line *l)
{
	char buf[DRV_TEXT_MAX];

	memset(l, 0, sizeof *l);
	snprintf(buf, sizeof buf, "请%s号到%s号窗口", code, window);
	drv_line_add(l, buf);
	snprintf(buf, sizeof buf, "%s → %s", code, window);
	drv_line_add(l, buf);
	snprintf(buf, sizeof buf, "%s -> %s", code, window);
	drv_line_add(l, buf);
	drv_line_add(l, code);
}

static void
view_window_line(const char *window, struct drv_line *l)
{
	char buf[DRV_TEXT_MAX];

	memset(l, 0, sizeof *l);
	snprintf(buf, sizeof buf, "%s号窗口", window);
	drv_line_add(l, buf);
	snprintf(buf, sizeof buf, "Window %s", window);
	drv_line_add(l, buf);
}

static void
view_two(struct drv_line *l, const char *best, const char *plain)
{
	memset(l, 0, sizeof *l);
	if (best && *best)
		drv_line_add(l, best);
	if (plain && *plain)
		drv_line_add(l, plain);
}

long
view_code_number(const char *code)
{
	long n = 0;
	int any = 0;

	for (const char *p = code; *p; p++)
		if (isdigit((unsigned char)*p)) {
			if (n < 100000000)
				n = n * 10 + (*p - '0');
			any = 1;
		}
	return any ? n : 0;
}

static int
view_covers(const struct view_cfg *c, const char *window)
{
	return ini_name_listed(c->win[0], sizeof c->win[0], c->nwin, window);
}

static void
view_idle(const struct view_cfg *c, struct drv_view *v, int line)
{
	v->mode = DRV_MODE_IDLE;
	view_two(&v->line[line], c->welcome[0] ? c->welcome : "欢迎光临",
	    c->welcome_ascii[0] ? c->welcome_ascii : "Welcome");
}

static void
view_window(const struct view_cfg *c, const struct callboard *h, struct drv_view *v)
{
	const char *name = c->nwin > 0 ? c->win[0] : "";
	const struct callboard_window *w = callboard_window_find(h, name);
	int lines = c->lines < 1 ? 1 : c->lines > DRV_LINES_MAX ? DRV_LINES_MAX : c->lines;

	v->nlines = lines;
	if (w && w->state == CB_CLOSED) {
		v->mode = DRV_MODE_BLANK;
		v->nlines = 0;
		return;
	}
	if (w && w->state == CB_PAUSED) {
		v->mode = DRV_MODE_PAUSED;
		view_two(&v->line[0], "暂停服务", "Paused");
	} else if (w && w->current[0]) {
		v->mode = DRV_MODE_CALLING;
		v->seq = w->seq;
		v->value = view_code_number(w->current);
		view_call_line(w->current, w->name, &v->line[0]);
	} else
		view_idle(c, v, 0);
	if (lines > 1)
		view_window_line(name, &v->line[1]);
}

static void
view_board(const struct view_cfg *c, const struct callboard *h, struct drv_view *v)
{
	int lines = c->lines < 1 ? 1 : c->lines > DRV_LINES_MAX ? DRV_LINES_MAX : c->lines;
	int n = 0;

	for (int i = 0; i < h->nhist && n < lines; i++) {
		const struct callboard_call *k = &h->hist[i];

		if (!view_covers(c, k->window))
			continue;
		if (n == 0) {
			v->seq = k->seq;
			v->value = view_code_number(k->code);
		}
		view_call_line(k->code, k->window, &v->line[n++]);
	}
	if (n == 0) {
		view_idle(c, v, 0);
		v->nlines = 1;
		return;
	}
	v->mode = DRV_MODE_CALLING;
	v->nlines = n;
}

void
view_build(const struct view_cfg *c, const struct callboard *h, struct drv_view *v)
{
	memset(v, 0, sizeof *v);
	if (c->kind == DRV_KIND_BOARD)
		view_board(c, h, v);
	else
		view_window(c, h, v);
}
