/* cupsprint.h — sends one document to a named CUPS queue through libcups and follows the job
 * to completion, watching printer-state and printer-state-reasons (docs/HARDWARE.md, CUPS). The
 * server is libcups' own choice: CUPS_SERVER (a socket path or HOST:PORT) or the default. */
#ifndef JH_CUPSPRINT_H
#define JH_CUPSPRINT_H

#include <stddef.h>

#define CP_FORMAT_RAW "application/vnd.cups-raw"
#define CP_FORMAT_PDF "application/pdf"

enum cp_status {
	CP_OK = 0,
	CP_UNREACHABLE,		/* cupsd does not answer */
	CP_NOT_FOUND,		/* no queue by that name */
	CP_STOPPED,		/* queue stopped or not accepting, job stopped/aborted/canceled */
	CP_MEDIA_EMPTY,		/* as CP_STOPPED, with a media-empty reason */
	CP_TIMEOUT,		/* the job did not complete in time */
};

struct cp_result {
	enum cp_status status;
	int job_id;			/* 0 when no job was created */
	int printer_state;		/* 3 idle, 4 processing, 5 stopped; 0 unknown */
	char reasons[256];		/* printer-state-reasons, comma-separated */
	char message[768];		/* for people: what went wrong */
	long long accepted_us;		/* CLOCK_MONOTONIC µs when cupsd accepted the document */
};

/* Prints data (len bytes, format as above) on queue printer, titled title, and waits up to
 * timeout_ms for the job to complete (timeout_ms == 0: return once accepted). A job that does
 * not complete is cancelled so a later reprint cannot come out twice.
 * Returns 0 when the job completed (or was accepted, with timeout 0), else -1; res always
 * says what happened. */
int cp_print(const char *printer, const char *format, const void *data, size_t len,
    const char *title, int timeout_ms, struct cp_result *res);

/* Asks cupsd for the queue's state without printing. 0 when it is ready to print (idle or
 * processing, accepting jobs), else -1; res says why. */
int cp_check(const char *printer, struct cp_result *res);

/* The server alert kind for a failure: printer_unreachable, printer_stopped,
 * printer_media_empty; NULL for CP_OK. */
const char *cp_alert_kind(enum cp_status s);
const char *cp_status_name(enum cp_status s);

#endif
