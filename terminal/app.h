/* app.h — what both consoles share at run time: the connection to jhd, the hall model fed by
 * events, the view drawn by the layouts, the modes (confirm, pick, prompt) and the main loop. */
#ifndef JH_APP_H
#define JH_APP_H

#include <jansson.h>

#include "hall.h"
#include "jhclient.h"
#include "layout.h"

struct app;

/* A console: how it draws and what its keys do (one table per console). */
struct app_cmd {
	int fkey;
	int letter;
	const char *label;	/* message id */
	void (*fn)(struct app *);
};

struct app {
	int clerk;		/* 1: clerk console, 0: supervisor */
	const char *role;	/* role said in hello: clerk, supervisor or admin */
	char addr[256];
	const char *ca;		/* --ca: the hall CA (TLS); NULL: $JH_CA */
	char user[64];
	char window[H_CODE];
	struct jhc *c;
	struct hall hall;
	struct view v;
	struct ui_screen *scr;
	const struct app_cmd *cmds;
	int ncmds;
	struct lay_key keys[16];
	void (*layout)(struct ui_screen *, const struct view *);
	/* keys the console handles itself before its table (arrows...): 1 when used */
	int (*on_key)(struct app *, int key);
	void (*on_yes)(struct app *);
	void (*on_pick)(struct app *, const struct v_item *);
	void (*on_prompt)(struct app *, const char *);
	char pending[H_CODE];	/* what a confirm or a pick is about */
	int quit;
	int stale;		/* an event said the counts moved: read the status again */
	long long status_ms;	/* when we last read it */
	long long eta_ms;	/* supervisor: when we last read today's ETA error (stats) */
	long long lost_ms;	/* when the connection went, 0 when connected */
	int timeout_ms;
	/* kept while signed in for a takeover asked for later (the client library keeps its own
	 * copy to reconnect); zeroed by app_forget */
	char password[256];
	int takeover;		/* --takeover: take a held window over without asking */
	int relogin;		/* R on a held or taken-over window: back to the sign-in form */
	char tz[64];		/* the time zone the clock was last set to */
	void (*choice_fn[V_MAX_CHOICES])(struct app *);
};

/* Connect and say hello with a->password; 0, or -1 with a sentence for people in err. A
 * window held by another clerk also sets a->v.block to V_HELD (and who holds it). */
int app_connect(struct app *a, char *err, size_t errsz);
/* Take the window over from the clerk holding it (a hello with "takeover"), then connect and
 * load as usual. 0, or -1 with the reason on the status line (the window stays held). */
int app_takeover(struct app *a);
/* Forget the session (model, screen state, password) before signing in again. */
void app_forget(struct app *a);
/* Read services and status, subscribe to events. 0 or -1 (message on the status line). */
int app_load(struct app *a);
/* Read status again now, when connected: before a list that marks the services nobody
 * serves, since the hall's opening time can pass with no event saying so. 0, or -1 (the last
 * picture stays). */
int app_refresh(struct app *a);
/* The list on the screen (V_PICK) marks its services that nobody serves, "no open window", as
 * jhd's status says (hall_service_served); the marks follow every status read while the list
 * stays, which happens at least every few seconds (the opening time passes with an event only
 * for the services someone waits for: the unserved alerts). */
void app_pick_served_marks(struct app *a);
/* Send an op; the answer when ok (caller frees), else NULL and the error in plain words on
 * the status line. extra is stolen. */
json_t *app_op(struct app *a, const char *op, json_t *extra);
/* An answer that changed a window (open, close, pause, assign, ...): the window it carries into
 * the model, and the screen redrawn. 1 when it carried one, else 0. */
int app_window_answer(struct app *a, const json_t *ans);
/* The status line. */
void app_msg(struct app *a, enum v_msg kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Ask a yes/no question; yes calls fn. */
void app_confirm(struct app *a, void (*fn)(struct app *), const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Ask a question answered by one of n keys (letters); Esc cancels (cancel: its words). */
void app_choose(struct app *a, const char *question, const char *cancel, int n,
    const int *keys, const char *const *labels, void (*const *fns)(struct app *));
/* Run until quit. Returns 0. */
int app_run(struct app *a);
/* Our clock in seconds (the same one the hall model gets). */
long long app_now(void);
/* Put a ticket answer in the model as the current ticket of window name (or clear it). */
void app_set_current(struct app *a, const char *window, const json_t *ticket);

#endif
