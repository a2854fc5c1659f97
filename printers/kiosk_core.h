/* kiosk_core.h — what a kiosk does, without a screen: connect as role kiosk, read services and
 * status, take or check in a ticket, render it, print it through CUPS, report printer faults
 * to the server as alerts. Shared by the ncurses screen, --take and the bench. */
#ifndef JH_KIOSK_CORE_H
#define JH_KIOSK_CORE_H

#include <jansson.h>

#include "cupsprint.h"
#include "kiosk_screen.h"
#include "ticket.h"

enum kiosk_format { KF_ESCPOS, KF_PDF };

struct kiosk_cfg {
	const char *server;	/* HOST:PORT or a socket path */
	const char *ca;		/* the hall CA (TLS); NULL: $JH_CA, else plain TCP */
	const char *device;
	const char *token;
	const char *printer;	/* CUPS queue; NULL: the CUPS default destination */
	enum kiosk_format format;
	enum tk_width width;
	int receipt_pdf;	/* PDF page 80 mm wide instead of A6 */
	const char *status_url;	/* QR prefix: the address ends with the ticket code */
	const char *footer;	/* NULL: default */
	const char *output;	/* also write each rendered ticket here (debugging), or NULL */
	int no_print;		/* render but do not print */
	int print_timeout_ms;	/* follow the job this long */
};

struct kiosk {
	struct kiosk_cfg cfg;
	struct jhc *c;
	char hall[TK_MAX_FIELD];
	json_t *services;	/* the services answer, for names */
	json_t *windows;	/* window name → its state and duties, as last read */
	unsigned raised;	/* bit per alert kind raised by us and not yet cleared */
	int learned;		/* raised alerts of earlier runs have been read from status */
	int refused;		/* the server refused our hello: retrying will not help */
	char err[512];
};

/* 0 or -1 with k->err. Connects and reads the service list. After a failure k->c may still
 * be used to reconnect (unless k->refused); free with kiosk_close either way. */
int kiosk_open(struct kiosk *k, const struct kiosk_cfg *cfg);
/* Reads the service list (and hall name) again, e.g. after a reconnect. 0 or -1. */
int kiosk_load_services(struct kiosk *k);
void kiosk_close(struct kiosk *k);

/* Fills the screen model's departments and services (names, marks, current wait from
 * status, whether an open or paused window serves each) and the hall's hours. 0 or -1 with
 * k->err. */
int kiosk_load_model(struct kiosk *k, struct ks_state *st);

/* Whether a window event (subscribed to "windows") changes a window's state or duties
 * from what kiosk_load_model last read: then which services are served may have changed
 * and the model should be loaded again. 1 or 0. */
int kiosk_window_event(struct kiosk *k, json_t *ev);

/* Takes one ticket (never retried: a lost answer is reported, not repeated). Returns the
 * ticket object (new reference) or NULL with k->err; *code_out gets the server's error code.
 * When the answer says "no_window": true, the ticket object gets "no_window": true too. */
json_t *kiosk_take(struct kiosk *k, const char *service, const char *priority,
    const char **code_out);
/* Appointment check-in by ID number (op checkin); same contract as kiosk_take. */
json_t *kiosk_checkin(struct kiosk *k, const char *id_number, const char **code_out);

/* Renders and prints a ticket; reports a failure to the server as an alert and clears the
 * alerts after a good print. 0 printed, -1 not printed (res says why; k->err too). */
int kiosk_print(struct kiosk *k, json_t *ticket, struct cp_result *res);

/* Checks the printer queue and raises or clears the alert when its state changed. Returns 0
 * when it is ready. */
int kiosk_watch_printer(struct kiosk *k, struct cp_result *res);

/* Clears the printer alerts this kiosk raised; the first time (or with all) also those the
 * server holds from this device, raised by an earlier run. */
void kiosk_clear_alerts(struct kiosk *k, int all);

/* The service's name for a code, or the code. */
const char *kiosk_service_name(struct kiosk *k, const char *code);

#endif
