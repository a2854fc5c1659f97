/* screen.c — ncursesw: turns a ui_screen into characters on the terminal, and keys into ints.
 * Everything else in jhterm is free of curses. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "screen.h"

static SCREEN *scr;
static FILE *tty_in, *tty_out;
static int fd = -1;
static attr_t attrs[UI_NATTR];

int
scr_active(void)
{
	return scr != NULL;
}

static void
set_attrs(int colour)
{
	attrs[UI_NORMAL] = A_NORMAL;
	attrs[UI_BOLD] = A_BOLD;
	attrs[UI_DIM] = A_DIM;
	attrs[UI_TITLE] = A_REVERSE;
	attrs[UI_HEAD] = A_UNDERLINE | A_BOLD;
	attrs[UI_KEY] = A_REVERSE;
	attrs[UI_SELECT] = A_REVERSE;
	attrs[UI_ALERT] = A_BOLD;
	attrs[UI_WARN] = A_BOLD;
	attrs[UI_OK] = A_NORMAL;
	attrs[UI_BIG] = A_BOLD;
	if (!colour || !has_colors())
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_WHITE, COLOR_BLUE);
	init_pair(2, COLOR_RED, -1);
	init_pair(3, COLOR_YELLOW, -1);
	init_pair(4, COLOR_GREEN, -1);
	init_pair(5, COLOR_BLACK, COLOR_CYAN);
	init_pair(6, COLOR_CYAN, -1);
	attrs[UI_TITLE] = COLOR_PAIR(1) | A_BOLD;
	attrs[UI_ALERT] = COLOR_PAIR(2) | A_BOLD;
	attrs[UI_WARN] = COLOR_PAIR(3) | A_BOLD;
	attrs[UI_OK] = COLOR_PAIR(4);
	attrs[UI_KEY] = COLOR_PAIR(5);
	attrs[UI_BIG] = COLOR_PAIR(6) | A_BOLD;
}

int
scr_open(int want_colour)
{
	if (scr)
		return 0;
	if (isatty(0)) {
		tty_in = stdin;
		tty_out = stdout;
	} else {
		tty_in = tty_out = fopen("/dev/tty", "r+");
		if (!tty_in)
			return -1;
	}
	setenv("ESCDELAY", "25", 0);
	scr = newterm(NULL, tty_out, tty_in);
	if (!scr)
		return -1;
	set_term(scr);
	fd = fileno(tty_in);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	set_attrs(want_colour);
	return 0;
}

void
scr_close(void)
{
	if (!scr)
		return;
	endwin();
	delscreen(scr);
	scr = NULL;
	if (tty_in && tty_in != stdin)
		fclose(tty_in);
	tty_in = tty_out = NULL;
}

int
scr_fd(void)
{
	return fd;
}

void
scr_size(int *rows, int *cols)
{
	getmaxyx(stdscr, *rows, *cols);
}

void
scr_draw(const struct ui_screen *s)
{
	int r, i, maxr, maxc;

	getmaxyx(stdscr, maxr, maxc);
	erase();
	for (r = 0; r < s->rows && r < maxr; r++) {
		const struct ui_line *l = &s->line[r];

		move(r, 0);
		for (i = 0; i < l->nseg; i++) {
			int end = i + 1 < l->nseg ? l->seg[i + 1].off : l->len;

			attrset(attrs[l->seg[i].attr]);
			addnstr(l->text + l->seg[i].off, end - l->seg[i].off);
		}
		if (l->fill != UI_NORMAL && l->width < maxc) {
			int x;

			attrset(attrs[l->fill]);
			for (x = l->width; x < maxc; x++)
				addch(' ');
		}
		attrset(A_NORMAL);
	}
	if (s->cur_row >= 0) {
		move(s->cur_row, s->cur_col);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

int
scr_key(void)
{
	wint_t ch;
	int rc = get_wch(&ch);

	if (rc == ERR)
		return SK_NONE;
	if (rc == KEY_CODE_YES) {
		if (ch >= KEY_F(1) && ch <= KEY_F(12))
			return SK_F0 + (int)(ch - KEY_F0);
		switch (ch) {
		case KEY_UP: return SK_UP;
		case KEY_DOWN: return SK_DOWN;
		case KEY_LEFT: return SK_LEFT;
		case KEY_RIGHT: return SK_RIGHT;
		case KEY_PPAGE: return SK_PGUP;
		case KEY_NPAGE: return SK_PGDN;
		case KEY_HOME: return SK_HOME;
		case KEY_END: return SK_END;
		case KEY_ENTER: return SK_ENTER;
		case KEY_BACKSPACE: return SK_BACKSPACE;
		case KEY_BTAB: return SK_BTAB;
		case KEY_RESIZE: return SK_RESIZE;
		default: return SK_NONE;
		}
	}
	switch (ch) {
	case '\r': case '\n': return SK_ENTER;
	case 27: return SK_ESC;
	case 127: case 8: return SK_BACKSPACE;
	case '\t': return SK_TAB;
	default: return (int)ch;
	}
}

int
scr_fnum(int key)
{
	return key > SK_F0 && key <= SK_F0 + 12 ? key - SK_F0 : 0;
}
