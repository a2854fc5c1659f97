/* ui.h — a screen as lines of text with attributes: what the layouts produce and what
 * screen.c draws. No curses here, so layouts are tested without a terminal. */
#ifndef JH_UI_H
#define JH_UI_H

#include <stdarg.h>
#include "text.h"

enum ui_attr {
	UI_NORMAL = 0,
	UI_BOLD,
	UI_DIM,
	UI_TITLE,	/* title bar */
	UI_HEAD,	/* table header */
	UI_KEY,		/* a key's name in the key bar */
	UI_SELECT,	/* the selected row */
	UI_ALERT,	/* alerts and errors */
	UI_WARN,	/* suggestions, reconnecting */
	UI_OK,		/* good news */
	UI_BIG,		/* the big ticket digits */
	UI_NATTR
};

#define UI_MAX_ROWS 200
#define UI_MAX_COLS 300
#define UI_LINE_BYTES 1400
#define UI_MAX_SEGS 40

struct ui_seg {
	int off;		/* byte offset where this attribute starts */
	unsigned char attr;
};

struct ui_line {
	char text[UI_LINE_BYTES];
	int len;		/* bytes */
	int width;		/* columns */
	int nseg;
	struct ui_seg seg[UI_MAX_SEGS];
	int fill;		/* attribute of the rest of the line after the text */
};

struct ui_screen {
	int rows, cols;
	struct ui_line *line;
	int cur_row, cur_col;	/* where the cursor goes; cur_row -1: hidden */
};

/* rows and cols are clamped to UI_MAX_ROWS / UI_MAX_COLS. NULL when out of memory. */
struct ui_screen *ui_screen_new(int rows, int cols);
void ui_screen_free(struct ui_screen *s);
void ui_clear(struct ui_screen *s);

/* Append text at the end of a row, cut at the screen's width. Returns columns added. */
int ui_add(struct ui_screen *s, int row, int attr, const char *text);
int ui_addf(struct ui_screen *s, int row, int attr, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Append text cut or padded to exactly width columns. */
int ui_addw(struct ui_screen *s, int row, int attr, const char *text, int width,
    enum tx_align align);
/* Pad a row with spaces up to column col (nothing when already past it). */
void ui_goto(struct ui_screen *s, int row, int col);
/* The attribute of the rest of the row (title bars, selected rows). */
void ui_fill(struct ui_screen *s, int row, int attr);
/* Width of a row so far. */
int ui_width(const struct ui_screen *s, int row);
/* The text of a row; "" outside the screen. */
const char *ui_text(const struct ui_screen *s, int row);
/* The first row containing needle, or -1. */
int ui_find(const struct ui_screen *s, const char *needle);
/* The attribute at byte offset off of a row. */
int ui_attr_at(const struct ui_screen *s, int row, int off);

#endif
