/* hall.h — what the consoles know of the hall: services, windows, waiting tickets, alerts,
 * loaded from the server's answers (services, status) and kept live by its events. Pure:
 * JSON values in, struct out; "now" is always a parameter. */
#ifndef JH_HALL_H
#define JH_HALL_H

#include <jansson.h>

#define H_MAX_SERVICES 64
#define H_MAX_WINDOWS 64
#define H_MAX_WAITING 512
#define H_MAX_ALERTS 32
#define H_MAX_DUTIES 32
#define H_MAX_QUEUE 16		/* tickets a window's "queue" (status) may list */
#define H_CODE 16
#define H_NAME 96

struct h_ticket {
	long long id;
	char code[H_CODE];
	char service[H_CODE];
	char priority[H_CODE];
	char state[H_CODE];
	char window[H_CODE];
	int ahead, eta_s;
	long long issued_at;	/* Unix seconds (server clock), 0 unknown */
	long long called_at;	/* server clock, 0 unknown */
	long long seen_at;	/* our clock, when we first saw it called */
	int recall;
};

struct h_duty {
	char service[H_CODE];
	int backup;
};

struct h_window {
	char name[H_CODE];
	char state[H_CODE];	/* open, paused, closed */
	char label[H_NAME];	/* what the window is called in the hall, may be "" */
	char clerk[64];
	int has_current;
	struct h_ticket current;
	int served_today;
	int avg_handle_s;	/* -1 unknown */
	int nduty;
	struct h_duty duty[H_MAX_DUTIES];
	int has_duties;		/* the server sent "duties": it understands them */
	int has_queue;		/* the server lists what this window calls next ("queue") */
	int nqueue;
	long long queue_id[H_MAX_QUEUE];	/* in the order the server's scheduler calls */
};

struct h_service {
	char code[H_CODE];
	char name[H_NAME];
	char department[H_CODE];
	int waiting;
	int longest_wait_s;	/* at status time */
	int eta_s;		/* -1 unknown */
	int eta_lo_s, eta_hi_s;	/* the range a ticket taken now is told; -1 unknown */
	int nwindows;		/* windows serving it now */
	int served;		/* jhd's status says someone serves it ("served"): 1 yes, 0 no,
				 * -1 it does not say (we count open and paused windows) */
	int wait_alert;		/* the server says its wait is over the hall's threshold:
				 * 1 yes, 0 no, -1 it does not say (we compare ourselves) */
};

struct h_alert {
	char source[64];
	char kind[40];
	char message[160];
	long long at;
};

/* A suggestion: window win could help service svc, whose wait is far above the others'. */
struct h_suggestion {
	char window[H_CODE];
	char service[H_CODE];
	long long wait_s;	/* that service's estimated (or longest) wait */
	long long others_s;	/* the typical wait of the other services */
};

struct hall {
	char name[H_NAME];
	char date[16];
	char tz[64];		/* the hall's time zone (hall.timezone), "" unknown */
	int wait_alert_s;	/* the hall's wait threshold (0: unknown, the caller's default) */
	long long status_at;	/* our clock when the status was read */
	long long skew;		/* server clock minus ours, when the server told its time */
	int nsvc;
	struct h_service svc[H_MAX_SERVICES];
	int nwin;
	struct h_window win[H_MAX_WINDOWS];
	int nwait;
	struct h_ticket wait[H_MAX_WAITING];
	int nalert;
	struct h_alert alert[H_MAX_ALERTS];
	/* jhd's own rebalancing suggestion (status "suggestion"): sg_from_server 0 when the
	 * server gives none (an older jhd: hall_suggest's own rule), has_sg 0 for null */
	int sg_from_server, has_sg;
	struct h_suggestion sg;
};

/* What an event changed, for the caller's redraw and messages. */
enum h_change {
	H_NONE = 0,
	H_TICKET = 1,
	H_WINDOW = 2,
	H_ALERT = 4,
	H_CALL = 8,
	H_STALE = 16		/* counts may be off: ask for a fresh status */
};

void hall_init(struct hall *h);
/* From the answer to "services" (names, departments). 0, or -1 when it is not such an answer. */
int hall_load_services(struct hall *h, const json_t *ans);
/* From the answer to "status" at our time now. 0 or -1. */
int hall_load_status(struct hall *h, const json_t *ans, long long now);
/* Apply one event ({"event": ...}); returns a mask of enum h_change. */
int hall_apply_event(struct hall *h, const json_t *ev, long long now);
/* Read a ticket object; 0 or -1. */
int hall_read_ticket(struct h_ticket *t, const json_t *o, long long now);
/* Read a window object and store it (replacing the one of that name). Index or -1. */
int hall_put_window(struct hall *h, const json_t *o, long long now);

struct h_service *hall_service(struct hall *h, const char *code);
const struct h_service *hall_service_c(const struct hall *h, const char *code);
struct h_window *hall_window(struct hall *h, const char *name);
const struct h_window *hall_window_c(const struct hall *h, const char *name);
/* The name of a service, or its code when the name is unknown. */
const char *hall_service_name(const struct hall *h, const char *code);
/* Does window w serve service code, and how: 0 no, 1 primary, 2 backup. */
int hall_serves(const struct h_window *w, const char *code);
/* Is someone there for service code? jhd's word from the last status when it gives one
 * ("served": before the hall's opening time, any window with it among its duties, whatever
 * its state); else (an older jhd) an open or paused window serving it, primary or backup.
 * 1 yes, 0 no. */
int hall_service_served(const struct hall *h, const char *code);
/* Seconds since the ticket was called, on our clock; -1 unknown. */
long long hall_elapsed(const struct hall *h, const struct h_ticket *t, long long now);
/* Longest wait of a service now (the status value aged by the time since), -1 if none wait. */
long long hall_longest(const struct hall *h, const struct h_service *s, long long now);
/* The waiting tickets window w will call next, in the order the server's scheduler calls
 * them (the window's "queue" in status; none when the server does not list it: no guessing).
 * Fills idx (indexes into h->wait) with at most max entries; returns how many. */
int hall_next_for(const struct hall *h, const struct h_window *w, int *idx, int max);
/* The waiting tickets of one service, oldest first (idx into h->wait). */
int hall_waiting_of(const struct hall *h, const char *service, int *idx, int max);

/* 1 when there is a suggestion (written to out), else 0. jhd's own (status "suggestion",
 * chosen by its forecast: docs/SCHEDULING.md) when it gives one; else (an older jhd) the
 * service with the highest wait
 * qualifies when its wait is at least min_s and at least ratio times the median of the
 * services that have someone waiting (or of all others); the window proposed is an open
 * window not serving it, whose own services have the least waiting. */
int hall_suggest(const struct hall *h, long long now, int min_s, int ratio,
    struct h_suggestion *out);

/* Wait alerts: services the server flags (wait_alert), or, when it does not say, whose
 * longest wait exceeds threshold_s. Fills idx, returns count. */
int hall_wait_alerts(const struct hall *h, long long now, int threshold_s, int *idx, int max);

#endif
