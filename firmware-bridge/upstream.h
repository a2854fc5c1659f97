/* upstream.h — the bridge's connection to jhd: hello as role display with the device token,
 * subscribe to calls/windows/tickets, re-sync the hall from `status` after every (re)connect,
 * turn events into hall changes, and report display faults as alerts (re-sent after a
 * reconnect, since a restarted server forgets them). */
#ifndef JH_UPSTREAM_H
#define JH_UPSTREAM_H

#include "callboard.h"
#include "jhdev.h"

#define UP_ALERT_KINDS 2	/* display_degraded, display_offline */

/* The device link (jhdev.h) with the bridge's topics and alert kinds; addr: HOST:PORT or a
 * Unix socket path. NULL when out of memory. Freed with jhdev_free; its socket for poll() is
 * jhc_fd(jhdev_client(d)), alerts go through jhdev_alert and jhdev_flush. */
struct jhdev *upstream_new(const char *addr, const char *ca, const char *device,
    const char *token);

/* Do whatever is due at now: (re)connect with back-off (then status → hall), read events into
 * the hall, send alert changes. Returns 1 when the hall changed. */
int upstream_step(struct jhdev *, struct callboard *, long long now);

/* When the next reconnect attempt is due (for poll timeouts); 0 when connected. */
long long upstream_wake(struct jhdev *, long long now);

#endif
