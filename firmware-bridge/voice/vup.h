/* vup.h — jhvoice's connection to jhd: hello as role display with the device token, subscribe
 * to calls, hand each call event over, and keep the server told of the sound device's fault
 * (alert kind audio_offline; raised again after a reconnect, since a restarted server forgets
 * alerts). */
#ifndef JH_VUP_H
#define JH_VUP_H

#include <jansson.h>

#define VUP_ALERT_KIND	"audio_offline"

struct vup;

/* addr: HOST:PORT or a Unix socket path (then admin, no credentials). NULL when out of memory. */
struct vup *vup_new(const char *addr, const char *ca, const char *device, const char *token);
void vup_free(struct vup *);

/* The socket for poll() (-1 when disconnected). */
int vup_fd(const struct vup *);

/* Do whatever is due at now: (re)connect with back-off, read events, send the alert when it
 * changed. Returns the events read (a JSON array, new reference; empty when none). */
json_t *vup_step(struct vup *, long long now);

/* The sound device's fault (message), or NULL/"" when it plays. Sent at the next step when it
 * differs from what the server last heard. */
void vup_alert(struct vup *, const char *message);

#endif
