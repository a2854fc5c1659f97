/* hall.h — what the bridge knows of the hall: each window's state and current call, and the
 * latest calls (newest first) for hall boards. Fed by server events and by `status` after every
 * (re)connect. Pure: values in, values out. */
#ifndef JH_HALL_H
#define JH_HALL_H

#include <jansson.h>

#define HALL_WINDOWS_MAX	64
#define HALL_NAME_MAX		24	/* window names, bytes with the NUL */
#define HALL_CODE_MAX		16	/* ticket codes */
#define HALL_HISTORY		16	/* calls remembered for boards */

enum hall_wstate { HALL_OPEN, HALL_PAUSED, HALL_CLOSED };

struct hall_window {
	char		 name[HALL_NAME_MAX];
	enum hall_wstate state;
	char		 current[HALL_CODE_MAX];	/* "" when nobody is called */
	unsigned	 seq;				/* of the latest call here */
};

struct hall_call {
	char		 code[HALL_CODE_MAX];
	char		 window[HALL_NAME_MAX];
	unsigned	 seq;
};

struct hall {
	int			 nwin;
	struct hall_window	 win[HALL_WINDOWS_MAX];
	int			 nhist;
	struct hall_call	 hist[HALL_HISTORY];	/* newest first */
	unsigned		 seq;			/* bumps on every call and recall */
};

void hall_init(struct hall *);
/* The window named name, or NULL. */
const struct hall_window *hall_window_find(const struct hall *, const char *name);

/* A call (or recall) of code at window. 1 when something changed, 0 if not, -1 on bad input. */
int hall_call(struct hall *, const char *window, const char *code, int recall);
/* A window's state and current ticket code (NULL or "" for none). 1 changed, 0 not, -1 bad. */
int hall_window_set(struct hall *, const char *window, enum hall_wstate, const char *current);
/* A ticket left the called state (finished, no-show, transferred): clear it where current. */
int hall_ticket_gone(struct hall *, const char *code);

/* Apply a server event ({"event":"call"|"window"|"ticket", ...}); others are ignored.
 * 1 changed, 0 not, -1 malformed (err says why). */
int hall_apply_event(struct hall *, const json_t *ev, char *err, size_t errlen);
/* Apply a `status` answer: every window's state and current ticket. 1, 0 or -1 as above. */
int hall_apply_status(struct hall *, const json_t *status, char *err, size_t errlen);

/* "open"/"paused"/"closed" → state; -1 when unknown. */
int hall_wstate_parse(const char *s);

#endif
