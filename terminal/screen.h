/* screen.h — the only place that talks to the terminal (ncursesw): draw a ui_screen, read
 * keys. Works without colours (TERM=vt100): attributes fall back to bold/reverse/underline. */
#ifndef JH_SCREEN_H
#define JH_SCREEN_H

#include "ui.h"

/* Keys as one int: characters are themselves; special keys are these. */
#define SK_BASE 0x200000
enum {
	SK_NONE = -1,
	SK_UP = SK_BASE + 1, SK_DOWN, SK_LEFT, SK_RIGHT, SK_PGUP, SK_PGDN, SK_HOME, SK_END,
	SK_ENTER, SK_ESC, SK_BACKSPACE, SK_TAB, SK_BTAB, SK_RESIZE,
	SK_F0 = SK_BASE + 100	/* SK_F0 + n is Fn */
};

/* Start curses on the terminal (on /dev/tty when stdin is not one). 0 or -1. */
int scr_open(int want_colour);
void scr_close(void);
int scr_active(void);
/* The fd to poll for keys. */
int scr_fd(void);
void scr_size(int *rows, int *cols);
void scr_draw(const struct ui_screen *s);
/* The next key without waiting, or SK_NONE. */
int scr_key(void);
/* Fn for a key (1..12), else 0. */
int scr_fnum(int key);

#endif
