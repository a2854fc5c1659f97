/* callboard.h — the call board: what the bridge knows of the hall (the clerk console's fuller
 * model is terminal/hall.h): each window's state and current call, and the latest calls
 * (newest first) for hall boards. Fed by server events and by `status` after every
 * (re)connect. Pure: values in, values out. */
#ifndef JH_CALLBOARD_H
#define JH_CALLBOARD_H

#include <jansson.h>

#define CB_WINDOWS_MAX	64
#define CB_NAME_MAX		24	/* window names, bytes with the NUL */
#define CB_CODE_MAX		16	/* ticket codes */
#define CB_HISTORY		16	/* calls remembered for boards */

enum callboard_wstate { CB_OPEN, CB_PAUSED, CB_CLOSED };

struct callboard_window {
	char		 name[CB_NAME_MAX];
	enum callboard_wstate state;
	char		 current[CB_CODE_MAX];	/* "" when nobody is called */
	unsigned	 seq;				/* of the latest call here */
};

struct callboard_call {
	char		 code[CB_CODE_MAX];
	char		 window[CB_NAME_MAX];
	unsigned	 seq;
};

struct callboard {
	int			 nwin;
	struct callboard_window	 win[CB_WINDOWS_MAX];
	int			 nhist;
	struct callboard_call	 hist[CB_HISTORY];	/* newest first */
	unsigned		 seq;			/* bumps on every call and recall */
};

void callboard_init(struct callboard *);
/* The window named name, or NULL. */
const struct callboard_window *callboard_window_find(const struct callboard *, const char *name);

/* A call (or recall) of code at window. 1 when something changed, 0 if not, -1 on bad input. */
int callboard_call(struct callboard *, const char *window, const char *code, int recall);
/* A window's state and current ticket code (NULL or "" for none). 1 changed, 0 not, -1 bad. */
int callboard_window_set(struct callboard *, const char *window, enum callboard_wstate, const char *current);
/* A ticket left the called state (finished, no-show, transferred): clear it where current. */
int callboard_ticket_gone(struct callboard *, const char *code);

/* Apply a server event ({"event":"call"|"window"|"ticket", ...}); others are ignored.
 * 1 changed, 0 not, -1 malformed (err says why). */
int callboard_apply_event(struct callboard *, const json_t *ev, char *err, size_t errlen);
/* Apply a `status` answer: every window's state and current ticket. 1, 0 or -1 as above. */
int callboard_apply_status(struct callboard *, const json_t *status, char *err, size_t errlen);

/* "open"/"paused"/"closed" → state; -1 when unknown. */
int callboard_wstate_parse(const char *s);

#endif
