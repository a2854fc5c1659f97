/* bus.h — one serial bus as a pure state machine with an injected clock: one outstanding
 * request at a time, a coalescing queue per display (only the newest view is sent), reply
 * timeout, retries, degraded/offline states with heartbeats, and the full state sent again
 * when a display comes back. The caller moves bytes; the bus decides what and when. */
#ifndef JH_BUS_H
#define JH_BUS_H

#include "drv.h"

#define BUS_DISPLAYS_MAX	32
#define BUS_RX_MAX		512	/* bytes kept while waiting for one answer */

enum bus_dstate { BUS_UNKNOWN, BUS_ONLINE, BUS_DEGRADED, BUS_OFFLINE };

struct bus_cfg {
	int	 baud;			/* for wire times */
	int	 char_bits;		/* bits a character takes on the line (10 for 8N1) */
	int	 reply_timeout_ms;	/* after the request's own wire time */
	int	 tries;			/* tries of one frame before the display is degraded */
	int	 heartbeat_ms;		/* heartbeat period (also of an idle, healthy display) */
	int	 offline_after;		/* missed heartbeats that make a degraded display offline */
	int	 gap_us;		/* silence between frames (0: Modbus 3.5 characters) */
};

/* Defaults from docs/HARDWARE.md: 9600 8N1, 300 ms, 3 tries, 5 s, 3 heartbeats. */
void bus_cfg_default(struct bus_cfg *);

struct bus;

/* New bus for driver drv. NULL when out of memory. */
struct bus *bus_new(const struct drv *drv, const struct bus_cfg *cfg);
void bus_free(struct bus *);

/* Add a display (copied). Its index (0, 1, ...), or -1 when the bus is full. */
int bus_add(struct bus *, const struct drv_disp *);
int bus_count(const struct bus *);
const struct drv_disp *bus_disp(const struct bus *, int i);

/* The newest view for display i: replaces anything not yet sent (coalescing). */
void bus_set_view(struct bus *, int i, const struct drv_view *v);

/* Every display on the bus may have missed frames or restarted (the port came back): send
 * each its full state again. */
void bus_repaint(struct bus *);

/* If a frame is due at now, return it (borrowed until the next call) and start waiting for its
 * answer; NULL when the bus is busy, quiet or has nothing to send. */
const struct drv_frame *bus_next_tx(struct bus *, long long now);
/* Bytes received at now. */
void bus_rx(struct bus *, long long now, const uint8_t *p, size_t len);
/* Let time pass: reply timeouts, heartbeats. */
void bus_tick(struct bus *, long long now);
/* When the bus wants to be called next (bus_tick / bus_next_tx); a large value when idle. */
long long bus_wake(const struct bus *, long long now);

/* Display i's state; the generation of its view last shown completely (0 = none), and the
 * generation of its newest view. */
enum bus_dstate bus_state(const struct bus *, int i);
unsigned bus_shown_gen(const struct bus *, int i);
unsigned bus_want_gen(const struct bus *, int i);
/* Why display i last failed, for people ("no answer in 300 ms", "exception 02 ..."). */
const char *bus_last_error(const struct bus *, int i);
const char *bus_state_name(enum bus_dstate);

/* Microseconds a frame of n bytes takes on the wire. */
long long bus_wire_us(const struct bus_cfg *, size_t n);

#endif
