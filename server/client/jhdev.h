/* jhdev.h — a device program's link to jhd (jhbridge's displays, jhvoice's speakers): hello
 * as role display with the device's name and token (no credentials over jhd's Unix socket,
 * whose file permissions are the credential), subscribe to the program's topics, reconnect
 * with back-off, log once when the server refuses the device, and keep the server told of
 * the device's faults as alerts, one per kind, raised again after a reconnect (a restarted
 * server forgets alerts). */
#ifndef JH_JHDEV_H
#define JH_JHDEV_H

#include "jhclient.h"

#define JHDEV_ALERT_KINDS 4	/* kinds one device program reports, at most */

struct jhdev_alert_kind {
	const char *kind;	/* "display_offline" */
	const char *cleared;	/* the message of its clear ("all displays answer") */
};

struct jhdev;

/* addr: HOST:PORT or a Unix socket path; ca: the hall CA's certificate for TLS (NULL or "":
 * $JH_CA, else plain TCP); topics: NULL-terminated; kinds: nkinds (at most JHDEV_ALERT_KINDS)
 * alert kinds, kept by the caller. NULL when out of memory. */
struct jhdev *jhdev_new(const char *addr, const char *ca, const char *device, const char *token,
    const char *const *topics, const struct jhdev_alert_kind *kinds, int nkinds);
void jhdev_free(struct jhdev *d);
/* The client, for ops, events and poll(2) (jhc_fd is -1 while disconnected). */
struct jhc *jhdev_client(struct jhdev *d);
/* Connect when due at now (the first time at once, then with jhc_reconnect_tick's back-off).
 * 1 when it has just connected and subscribed (the caller re-reads what it shows: the
 * events already queued are older than that), 0 when connected before, -1 when not
 * connected. */
int jhdev_link(struct jhdev *d, long long now);
/* Read what the server sent into the client's event queue; logs a lost connection. */
void jhdev_pump(struct jhdev *d);
/* The active fault of one kind: message, or NULL/"" for none (a clear). Sent by
 * jhdev_flush when it differs from what the server last heard. */
void jhdev_alert(struct jhdev *d, const char *kind, const char *message);
/* Send the alert changes now (when connected). */
void jhdev_flush(struct jhdev *d);

#endif
