/* layout.h — the consoles' screens as pure functions: a view (the hall, the mode, the message
 * on the status line) in, lines of text out. Nothing here touches a terminal or the network. */
#ifndef JH_LAYOUT_H
#define JH_LAYOUT_H

#include "hall.h"
#include "text.h"
#include "ui.h"

#define LAY_MIN_COLS 80
#define LAY_MIN_ROWS 24

/* One key in the key bar. label is an untranslated message id. */
struct lay_key {
	int fkey;		/* 1..12, 0 none */
	int letter;		/* 'c', 0 none */
	const char *label;
};

enum v_mode { V_NORMAL, V_CONFIRM, V_PICK, V_PROMPT, V_CHOICE };
/* The console may not act at its window: another clerk holds it, or took it over. */
enum v_block { V_FREE, V_HELD, V_DISPLACED, V_SIGNED_OUT };
enum v_msg { V_INFO, V_ERROR, V_GOOD, V_WARN };

#define V_MAX_ITEMS (H_MAX_SERVICES + H_MAX_WINDOWS + 8)

struct v_item {
	char key[H_CODE];	/* what choosing it means: a service code, a window name... */
	char label[128];
	char note[64];		/* said after the label, as a warning ("no open window") */
	int mark;		/* in a tickable list: 0 not served, 1 primary, 2 backup */
	int is_window;
};

struct v_pick {
	char title[160];
	int checks;		/* tickable (assign) rather than pick-one */
	int served_marks;	/* the services' notes are jhd's "served", kept up to date */
	int n, sel;
	struct v_item item[V_MAX_ITEMS];
};

/* One answer of a V_CHOICE question: a key and what it does, in words. */
struct v_choice {
	int key;		/* a letter */
	char label[48];
};
#define V_MAX_CHOICES 4

struct view {
	const struct hall *h;
	long long now;		/* our clock, Unix seconds */
	char clock[16];		/* the time shown in the title, e.g. "14:03:22" */
	const char *user;
	const char *window;	/* clerk: the window; supervisor: NULL */
	int connected;
	int reconnecting;	/* lost the server and trying again */
	char msg[256];		/* the status line */
	enum v_msg msg_kind;
	int msg_offline;	/* msg was said while the connection was lost: show it */
	enum v_mode mode;
	char question[256];	/* V_CONFIRM, V_CHOICE */
	int nchoice;		/* V_CHOICE: the answers, and Esc: cancel (its words) */
	struct v_choice choice[V_MAX_CHOICES];
	char cancel[48];
	enum v_block block;	/* V_HELD, V_DISPLACED, V_SIGNED_OUT: the screen says so and
				 * nothing else */
	char block_window[H_CODE];
	char block_by[64];	/* who holds the window, or took it over */
	char block_reason[160];	/* V_SIGNED_OUT: the server's words (user disabled...) */
	struct v_pick pick;	/* V_PICK */
	char prompt[128];	/* V_PROMPT */
	char input[64];
	const struct lay_key *keys;
	int nkeys;
	/* supervisor */
	int focus;		/* 0 the windows table, 1 the services table */
	int sel_win, sel_svc;	/* selected rows */
	int wait_alert_s;	/* threshold when the hall does not say */
	int ascii;		/* draw the big digits with '#' */
	/* today's ETA error from the statistics (supervisor; eta_n 0: nothing to show) */
	int eta_n;
	double eta_median_pct, eta_bias_pct;
};

/* The two screens. */
void lay_clerk(struct ui_screen *s, const struct view *v);
void lay_super(struct ui_screen *s, const struct view *v);
/* A screen too small: say so. */
void lay_too_small(struct ui_screen *s);

/* Column widths of a table. cells holds nrow*ncol strings (row-major). Each column gets the
 * widest of its header and cells, bounded by [min, max] (max 0: no bound); then the flex
 * column (at most one) grows or shrinks (not below its min) so that the columns and the one
 * space between them fill total. Fills w[ncol]; returns the width used. */
struct lay_col {
	const char *head;
	int min, max;
	enum tx_align align;
	int flex;
};
int lay_widths(const struct lay_col *c, int ncol, const char *const *cells, int nrow,
    int total, int *w);
/* Draw a table row of ncol cells at row r with widths w. */
void lay_table_row(struct ui_screen *s, int r, int attr, const struct lay_col *c, int ncol,
    const char *const *cells, const int *w);

/* The key bar on rows starting at row (it takes one row when it fits, else two). Returns the
 * rows it needs for this width (and draws only when row >= 0). */
int lay_keybar(struct ui_screen *s, int row, const struct lay_key *k, int n);
/* Translated words for states and lanes. */
const char *lay_state_word(const char *state);
const char *lay_lane_word(const char *lane);
/* The first row of a list of n rows shown in h rows that keeps sel visible (centred-ish). */
int lay_scroll(int n, int h, int sel);



/* Shared by the two screens (layout.c). */
/* The start of the clerk's and the supervisor's screen: cleared; a screen below the minimum
 * size (lay_too_small), or the whole screen when the console may not act at its window
 * (v->block: held by another clerk, T takes it over, R signs in again, Q quits; or taken
 * over: R, Q) drawn instead. 1 when the caller draws its
 * screen on, 0 when the screen is done. */
int lay_begin(struct ui_screen *s, const struct view *v);
void lay_status(struct ui_screen *s, int row, const struct view *v);
void lay_pick(struct ui_screen *s, int top, int bottom, const struct view *v);
void lay_title(struct ui_screen *s, const char *left, const char *clock, int lost);
#endif
