/* ui.c — rows of attributed text, built by the layouts, drawn by screen.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "utf8.h"

struct ui_screen *
ui_screen_new(int rows, int cols)
{
	struct ui_screen *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	if (rows < 1)
		rows = 1;
	if (cols < 1)
		cols = 1;
	s->rows = rows > UI_MAX_ROWS ? UI_MAX_ROWS : rows;
	s->cols = cols > UI_MAX_COLS ? UI_MAX_COLS : cols;
	s->line = calloc((size_t)s->rows, sizeof *s->line);
	if (!s->line) {
		free(s);
		return NULL;
	}
	s->cur_row = -1;
	return s;
}

void
ui_screen_free(struct ui_screen *s)
{
	if (!s)
		return;
	free(s->line);
	free(s);
}

void
ui_clear(struct ui_screen *s)
{
	int r;

	for (r = 0; r < s->rows; r++) {
		s->line[r].text[0] = '\0';
		s->line[r].len = s->line[r].width = s->line[r].nseg = 0;
		s->line[r].fill = UI_NORMAL;
	}
	s->cur_row = -1;
	s->cur_col = 0;
}

static struct ui_line *
row_of(struct ui_screen *s, int row)
{
	if (row < 0 || row >= s->rows)
		return NULL;
	return &s->line[row];
}

static void
set_attr(struct ui_line *l, int attr)
{
	if (l->nseg > 0 && l->seg[l->nseg - 1].attr == attr)
		return;
	if (l->nseg > 0 && l->seg[l->nseg - 1].off == l->len) {
		l->seg[l->nseg - 1].attr = (unsigned char)attr;
		return;
	}
	if (l->nseg == UI_MAX_SEGS)
		return;		/* keeps the last attribute: a bounded, harmless loss */
	l->seg[l->nseg].off = l->len;
	l->seg[l->nseg].attr = (unsigned char)attr;
	l->nseg++;
}

int
ui_add(struct ui_screen *s, int row, int attr, const char *text)
{
	struct ui_line *l = row_of(s, row);
	size_t nb;
	int w;

	if (!l || l->width >= s->cols)
		return 0;
	nb = utf8_prefix(text, s->cols - l->width, SIZE_MAX, &w);
	if (nb > (size_t)(UI_LINE_BYTES - 1 - l->len))
		nb = utf8_prefix(text, 0, SIZE_MAX, &w), w = 0;	/* no room: should not happen */
	if (nb == 0)
		return 0;
	set_attr(l, attr);
	memcpy(l->text + l->len, text, nb);
	l->len += (int)nb;
	l->text[l->len] = '\0';
	l->width += w;
	return w;
}

int
ui_addf(struct ui_screen *s, int row, int attr, const char *fmt, ...)
{
	char buf[UI_LINE_BYTES];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return ui_add(s, row, attr, buf);
}

int
ui_addw(struct ui_screen *s, int row, int attr, const char *text, int width,
    enum tx_align align)
{
	char buf[UI_LINE_BYTES];

	tx_fit(buf, sizeof buf, text, width, align);
	return ui_add(s, row, attr, buf);
}

void
ui_goto(struct ui_screen *s, int row, int col)
{
	struct ui_line *l = row_of(s, row);
	char sp[UI_MAX_COLS + 1];
	int n;

	if (!l || l->width >= col)
		return;
	n = col - l->width;
	if (n > UI_MAX_COLS)
		n = UI_MAX_COLS;
	memset(sp, ' ', (size_t)n);
	sp[n] = '\0';
	ui_add(s, row, l->nseg ? l->seg[l->nseg - 1].attr : UI_NORMAL, sp);
}

void
ui_fill(struct ui_screen *s, int row, int attr)
{
	struct ui_line *l = row_of(s, row);

	if (l)
		l->fill = attr;
}

int
ui_width(const struct ui_screen *s, int row)
{
	return row >= 0 && row < s->rows ? s->line[row].width : 0;
}

const char *
ui_text(const struct ui_screen *s, int row)
{
	return row >= 0 && row < s->rows ? s->line[row].text : "";
}

int
ui_find(const struct ui_screen *s, const char *needle)
{
	int r;

	for (r = 0; r < s->rows; r++)
		if (strstr(s->line[r].text, needle))
			return r;
	return -1;
}

int
ui_attr_at(const struct ui_screen *s, int row, int off)
{
	const struct ui_line *l;
	int i, a = UI_NORMAL;

	if (row < 0 || row >= s->rows)
		return UI_NORMAL;
	l = &s->line[row];
	for (i = 0; i < l->nseg && l->seg[i].off <= off; i++)
		a = l->seg[i].attr;
	return a;
}
