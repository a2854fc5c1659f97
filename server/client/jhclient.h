/* jhclient.h — the client half of the jiaohao wire protocol (docs/PROTOCOL.md), written once
 * and linked by every program that talks to jhd: connect, hello, request/response, events,
 * reconnect with back-off. One connection per struct jhc; not thread-safe. */
#ifndef JH_CLIENT_H
#define JH_CLIENT_H

#include <jansson.h>

#include "jhcli.h"

/* Longest line the client accepts from the server (the server's own limit is 64 KiB). */
#define JHC_MAX_LINE (4 * 1024 * 1024)

struct jhc;

/* Who we are. NULL fields are left out of hello. On a Unix socket all may be NULL (admin). */
struct jhc_cred {
	const char *role;	/* clerk, supervisor, admin, kiosk, display, monitor */
	const char *user;	/* people */
	const char *password;
	const char *device;	/* devices */
	const char *token;
	const char *window;	/* clerks: the window they sit at */
	int takeover;		/* clerks: take the window over from the clerk holding it (the
				 * first hello only: a reconnect never takes it back) */
	const char *ca;		/* the hall CA's certificate: TCP over TLS, the server checked
				 * against it (NULL: $JH_CA; neither: plain TCP, loopback only
				 * unless JH_ALLOW_PLAIN=1) */
};

/* addr is "HOST:PORT" for TCP or a path (containing '/') for the Unix socket.
 * Copies every string. Returns NULL only when out of memory. Free with jhc_free. */
struct jhc *jhc_new(const char *addr, const struct jhc_cred *cred);
void jhc_free(struct jhc *c);

/* Connect, say hello, and redo the remembered subscription. 0, or -1 with jhc_error set.
 * A refused hello sets jhc_error_code to the server's code ("unauthenticated", ...). */
int jhc_connect(struct jhc *c, int timeout_ms);
void jhc_close(struct jhc *c);
int jhc_connected(const struct jhc *c);

/* The last error, for people, and its code: a server code ("forbidden", "not_found", ...),
 * or "disconnected", "timeout", "bad_reply" for failures on our side. */
const char *jhc_error(const struct jhc *c);
const char *jhc_error_code(const struct jhc *c);

/* The answer to hello (borrowed; valid until the next connect). */
json_t *jhc_hello_reply(const struct jhc *c);

/* Send req (stolen; an "id" is added when missing) and wait up to timeout_ms for its answer.
 * Events that arrive meanwhile are queued for jhc_event_pop.
 * jhc_call returns the answer when "ok" is true (new reference, caller frees), else NULL with
 * jhc_error/jhc_error_code set. jhc_request returns any answer, ok or not; NULL on I/O error. */
json_t *jhc_call(struct jhc *c, json_t *req, int timeout_ms);
json_t *jhc_request(struct jhc *c, json_t *req, int timeout_ms);

/* For a caller with a request in flight in its own poll loop: jhc_send sends req (borrowed; an
 * "id" is added when missing) without waiting for the answer, 0 or -1 (then disconnected);
 * jhc_answer reads what has come without blocking: 1 with the next answer in *out (new
 * reference; the caller matches its "id"), 0 when none has come yet, -1 when the connection
 * is gone. Events that come meanwhile are queued for jhc_event_pop. */
int jhc_send(struct jhc *c, json_t *req);
int jhc_answer(struct jhc *c, json_t **out);

/* Convenience: jhc_call on {"op": op} plus the fields of extra (extra is stolen, may be NULL). */
json_t *jhc_op(struct jhc *c, const char *op, json_t *extra, int timeout_ms);

/* Subscribe to topics (NULL-terminated: "calls", "tickets", "windows", "alerts"); remembered and
 * sent again after every reconnect. 0 or -1. */
int jhc_subscribe(struct jhc *c, const char *const *topics);

/* For poll(): the socket, or -1 when disconnected. */
int jhc_fd(const struct jhc *c);
/* Read whatever is ready without blocking and queue the events. 0, or -1 when the connection
 * is gone (then jhc_connected is false). */
int jhc_pump(struct jhc *c);
/* The oldest queued event (new reference, caller frees), or NULL. */
json_t *jhc_event_pop(struct jhc *c);

/* Reconnect with back-off (0.2 s doubling to 5 s): call whenever convenient while
 * disconnected; it tries when the next attempt is due. Returns 1 when it has just reconnected,
 * 0 when still disconnected (or already connected). now_ms is mono_ms() (mono.h). */
int jhc_reconnect_tick(struct jhc *c, long long now_ms);

#endif
