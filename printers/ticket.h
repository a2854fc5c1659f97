/* ticket.h — what a printed ticket says: the values both renderers (ESC/POS, PDF) take.
 * Plain borrowed strings; nothing here talks to the server or a printer. */
#ifndef JH_TICKET_H
#define JH_TICKET_H

#include <stddef.h>

/* Limits checked by the renderers (bytes of UTF-8). */
#define TK_MAX_FIELD	256	/* hall, service name, footer, ... */
#define TK_MAX_QR	200	/* status address: fits QR version 10-M at module 6 on 58 mm */
#define TK_MAX_OUT	(1024 * 1024)	/* a PDF embeds a CJK font subset */

struct tk {
	const char *hall;	/* hall name, UTF-8 */
	const char *code;	/* "A001" */
	const char *service;	/* service code "A" */
	const char *service_name; /* "社保卡办理" */
	const char *priority;	/* lane name: normal, elderly, ...; NULL = normal */
	int ahead;		/* people ahead */
	int eta_s;		/* estimated wait, seconds; < 0 unknown */
	int eta_lo_s, eta_hi_s;	/* the range it is likely within (jhd's eta_lo_s/eta_hi_s);
				 * not shown unless eta_hi_s > 0 */
	const char *issued_at;	/* ISO 8601 "2026-11-25T09:03:05+08:00" */
	const char *slot;	/* appointment slot "09:00-09:30", or NULL */
	const char *qr;		/* the ticket's status address, or NULL for no QR */
	const char *footer;	/* or NULL for the default */
	int no_window;		/* no window serves the service yet: say so (tk_line_no_window) */
};

/* Paper widths the renderers know. */
enum tk_width { TK_W58 = 58, TK_W80 = 80 };

/* A growable byte buffer with a hard cap (TK_MAX_OUT). */
struct tk_buf {
	unsigned char *data;
	size_t len, cap;
	int overflow;
};

void tk_buf_init(struct tk_buf *b);
void tk_buf_free(struct tk_buf *b);
void tk_buf_add(struct tk_buf *b, const void *p, size_t n);
void tk_buf_addc(struct tk_buf *b, unsigned char c);
void tk_buf_adds(struct tk_buf *b, const char *s);

/* The text lines of a ticket shared by both renderers (labels in Chinese with English). Each
 * writes into out (size n) and returns 0, or -1 when it does not fit. */
const char *tk_priority_label(const char *lane);	/* NULL for normal */
int tk_line_ahead(char *out, size_t n, int ahead);
int tk_line_eta(char *out, size_t n, int eta_s);
/* The same with the range: "预计等待约 10–20 分钟 (~10–20 min)"; as tk_line_eta when the range
 * is unknown (hi_s <= 0). */
int tk_line_eta_range(char *out, size_t n, int eta_s, int lo_s, int hi_s);
/* The wait in whole minutes for a citizen: "10–20" for a range (low end rounded down, high
 * end up), "12" for a forecast alone (rounded up), "" when unknown (eta_s < 0). Every screen
 * and paper that shows a wait says it this way. */
int tk_wait_minutes(char *out, size_t n, int eta_s, int lo_s, int hi_s);
int tk_line_time(char *out, size_t n, const char *iso);
/* The appointment slot of a checked-in ticket, "09:00-09:30" (the ticket object's "slot"). */
int tk_line_slot(char *out, size_t n, const char *slot);
const char *tk_default_footer(void);
/* The line of a ticket taken while no window serves its service (take's "no_window"). */
const char *tk_line_no_window(void);

/* Checks the fields: required ones present, valid UTF-8, within limits. 0, or -1 with err. */
int tk_validate(const struct tk *t, char *err, size_t errlen);

#endif
