/* upstream.h — the bridge's connection to jhd: hello as role display with the device token,
 * subscribe to calls/windows/tickets, re-sync the hall from `status` after every (re)connect,
 * turn events into hall changes, and report display faults as alerts (re-sent after a
 * reconnect, since a restarted server forgets them). */
#ifndef JH_UPSTREAM_H
#define JH_UPSTREAM_H

#include "callboard.h"

#define UP_ALERT_KINDS 2	/* display_degraded, display_offline */

struct upstream;

/* addr: HOST:PORT or a Unix socket path. NULL when out of memory. */
struct upstream *upstream_new(const char *addr, const char *ca, const char *device,
    const char *token);
void upstream_free(struct upstream *);

/* The socket for poll() (-1 when disconnected). */
int upstream_fd(const struct upstream *);
int upstream_connected(const struct upstream *);

/* Do whatever is due at now: (re)connect with back-off (then status → hall), read events into
 * the hall, send alert changes. Returns 1 when the hall changed. */
int upstream_step(struct upstream *, struct callboard *, long long now);

/* The active fault of one kind ("display_offline"): message, or NULL/"" for none (a clear).
 * Sent at the next step when it differs from what the server last heard. */
void upstream_alert(struct upstream *, const char *kind, const char *message);

/* Send alert changes now (when connected). */
void upstream_flush(struct upstream *);

/* When the next reconnect attempt is due (for poll timeouts); 0 when connected. */
long long upstream_wake(const struct upstream *, long long now);

#endif
