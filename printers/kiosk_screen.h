/* kiosk_screen.h — the kiosk's screens as pure functions: a state and a key go to an action,
 * a state goes to lines of text. No terminal, no server: kiosk_ui.c draws and acts. */
#ifndef JH_KIOSK_SCREEN_H
#define JH_KIOSK_SCREEN_H

#include <stddef.h>

#define KS_MAX_DEPTS	32
#define KS_MAX_SVCS	128
#define KS_PER_PAGE	8	/* items 1-8 on a page; 9 is "more" */
#define KS_MAX_LINES	40
#define KS_LINE		512	/* bytes of a line */
#define KS_ID_MAX	18	/* a resident ID number */

struct ks_dept {
	char code[16];
	char name[128];
};

struct ks_svc {
	char code[16];
	char name[128];
	char dept[16];
	int same_day, simple, zero_visit;
	int waiting;		/* -1 unknown */
	int eta_s;		/* -1 unknown */
	int eta_lo_s, eta_hi_s;	/* the range a normal ticket taken now would be given
				 * (tk_wait_minutes); hi <= 0: none (an older jhd) */
	int served;		/* an open or paused window serves it: 1, 0 (marked "not served
				 * now" on the menus), -1 unknown */
};

enum ks_screen { KS_HOME, KS_SERVICES, KS_PRIORITY, KS_CHECKIN, KS_BUSY, KS_TICKET,
	KS_MESSAGE };

struct ks_state {
	enum ks_screen screen;
	char hall[256];
	char hours[32];		/* the hall's opening hours "09:00-17:00" (status), or "" */
	struct ks_dept depts[KS_MAX_DEPTS];
	int ndepts;
	struct ks_svc svcs[KS_MAX_SVCS];
	int nsvcs;
	int dept;		/* chosen department index */
	int svc;		/* chosen service index into svcs */
	int page;
	char idnum[KS_ID_MAX + 1];
	/* the ticket on screen */
	char code[16];
	char svc_name[128];
	char priority[16];	/* the lane jhd gave the ticket */
	int ahead, eta_s;
	int eta_lo_s, eta_hi_s;	/* the range (tk_wait_minutes); hi <= 0: not shown */
	int no_window;		/* jhd said no window serves the ticket's service yet */
	int printed;		/* 0 printing, 1 printed, -1 failed, 2 not printing (no printer) */
	char message[256];	/* a line for people: errors, notices */
	char message2[256];	/* its second line (what to do), or "" */
	char banner[256];	/* a standing warning (printer fault, server gone) */
};

enum ks_action { KA_NONE, KA_TAKE, KA_CHECKIN, KA_REPRINT, KA_QUIT };

/* Lane names offered on the priority screen, in key order 1..5. */
extern const char *const ks_priorities[];
extern const char *const ks_priority_labels[];
#define KS_NPRIO 5

struct ks_lines {
	char text[KS_MAX_LINES][KS_LINE];
	unsigned char attr[KS_MAX_LINES];	/* KS_A_* */
	int n;
};
#define KS_A_NORMAL	0
#define KS_A_TITLE	1
#define KS_A_BIG	2	/* big block letters */
#define KS_A_WARN	3
#define KS_A_HINT	4

/* Applies a key (a character; '\n' for Enter, 127/8 for Backspace, 27 for Esc). Sets
 * *prio_out to the chosen lane for KA_TAKE. Moves screens itself. */
enum ks_action ks_key(struct ks_state *st, int key, const char **prio_out);

/* A citizen's text for a failed take or check-in (what: "take" or "checkin") in
 * st->message and st->message2: Chinese first, then English, chosen by the server's error
 * code (docs/PROTOCOL.md) and never the server's own message, which is English for staff
 * and logs; detail (that message, or NULL) only tells apart the kinds of a check-in
 * conflict. Opening hours come from st->hours. */
void ks_error_text(struct ks_state *st, const char *what, const char *code,
    const char *detail);

/* The label of a lane ("elderly" → "老年人 Elderly (65+)"), or NULL for an unknown lane. */
const char *ks_priority_label(const char *lane);

/* Index of the department or service with that code, or -1. */
int ks_find_dept(const struct ks_state *st, const char *code);
int ks_find_svc(const struct ks_state *st, const char *code);

/* Lines of the current screen. */
void ks_render(const struct ks_state *st, struct ks_lines *out);

/* Services of the chosen department, as indexes into st->svcs; returns the count. */
int ks_dept_services(const struct ks_state *st, int *idx, int max);

/* Goes back to the home screen and forgets the choice. */
void ks_home(struct ks_state *st);

#endif
