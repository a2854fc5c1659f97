/* drv.h — the display drivers: one small interface of pure encode/parse functions per device
 * family (Modbus display profile and LED-485 boards, Alpha signs), chosen from a table by name.
 * Drivers do no I/O and keep no state: a view goes in, frames come out; bytes go in, a verdict
 * comes out. */
#ifndef JH_DRV_H
#define JH_DRV_H

#include <stddef.h>
#include <stdint.h>

#define DRV_LINES_MAX	4	/* lines a view carries */
#define DRV_ALTS_MAX	4	/* alternatives for one line, best first */
#define DRV_TEXT_MAX	128	/* bytes of one line, UTF-8 in, encoded out (with the NUL) */
#define DRV_FRAME_MAX	264	/* bytes of one frame on the wire */
#define DRV_JOB_MAX	8	/* frames of one state update */
#define DRV_REGS_MAX	16	/* registers a heartbeat reply may carry */

enum drv_mode { DRV_MODE_IDLE = 0, DRV_MODE_CALLING = 1, DRV_MODE_PAUSED = 2, DRV_MODE_BLANK = 3 };
enum drv_kind { DRV_KIND_WINDOW, DRV_KIND_COUNTER, DRV_KIND_BOARD };
enum drv_profile { DRV_PROFILE_DISPLAY, DRV_PROFILE_LED485, DRV_PROFILE_ALPHA };

/* One line of a view: alternatives, best first. The driver shows the first one its charset can
 * encode and that fits the display's width ("请A001号到3号窗口", "A001 → 3", "A001 -> 3"). */
struct drv_line {
	int	 n;
	char	 alt[DRV_ALTS_MAX][DRV_TEXT_MAX];
};

/* What one display should show: its full state. Compared with memcmp, so build it zeroed. */
struct drv_view {
	enum drv_mode	 mode;
	unsigned	 seq;		/* changes on every new call or recall: flash/chime once */
	long		 value;		/* numeric boards: the number shown */
	int		 nlines;
	struct drv_line	 line[DRV_LINES_MAX];
};

/* The fixed facts about one display that a driver needs. */
struct drv_disp {
	int		 addr;		/* Modbus unit 0-247 (0 broadcast); Alpha address 0-255 */
	enum drv_kind	 kind;
	enum drv_profile profile;
	int		 lines;		/* lines the display has */
	int		 width;		/* cells a line holds (a hanzi takes 2); 0 = no limit */
	char		 charset[24];	/* iconv name: UTF-8, GB18030, ASCII */
	int		 ack;		/* Alpha: the sign answers ACK/NAK */
	char		 type;		/* Alpha sign type code ('Z' all signs) */
	int		 brightness;	/* display profile: 0-100 */
	int		 beep;		/* display profile: FLAGS bit 0 */
	int		 flashes;	/* display profile: EFFECT on a call */
};

struct drv_frame {
	size_t	 len;
	int	 reply;		/* 1 when the device answers this frame */
	uint8_t	 b[DRV_FRAME_MAX];
};

struct drv_job {
	int		 n;
	struct drv_frame f[DRV_JOB_MAX];
};

enum drv_verdict {
	DRV_MORE = 0,	/* no complete answer yet: wait for more bytes (or the timeout) */
	DRV_ACK,	/* the device accepted */
	DRV_NAK		/* the device refused: code says why */
};

struct drv_reply {
	enum drv_verdict v;
	int		 code;		/* Modbus exception code, Alpha NAK status byte */
	int		 nregs;		/* registers read (heartbeats) */
	uint16_t	 regs[DRV_REGS_MAX];
	int		 has_uptime;
	unsigned long	 uptime;	/* display profile: seconds since the board started */
};

struct drv {
	const char	*name;		/* protocol family in the config: "modbus", "alpha" */
	const char	*framing;	/* default line framing */
	/* Refuse a display this driver cannot drive. 0, or -1 with err. */
	int	(*check)(const struct drv_disp *, char *err, size_t errlen);
	/* The frames that put view on the display. full: the display may have forgotten
	 * everything (first contact, came back): include one-time setup. 0 or -1 with err. */
	int	(*state)(const struct drv_disp *, const struct drv_view *, int full,
		    struct drv_job *, char *err, size_t errlen);
	/* A cheap request proving the display is alive. 0, or -1 when the device cannot be
	 * polled (it never answers). */
	int	(*heartbeat)(const struct drv_disp *, struct drv_frame *);
	/* Judge the bytes received since req was sent (garbage before the answer is skipped). */
	void	(*reply)(const struct drv_disp *, const struct drv_frame *req,
		    const uint8_t *rx, size_t len, struct drv_reply *);
	/* A refusal's code, for people ("illegal address"). */
	const char *(*nak_reason)(int code);
};

/* The driver named name, or NULL. */
const struct drv *drv_find(const char *name);
/* Every driver, NULL-terminated. */
extern const struct drv *const drv_table[];

/* Helpers for building views. */
void drv_line_set(struct drv_line *, const char *const *alts, int n);
int drv_line_add(struct drv_line *, const char *text);

/* The text a driver shows for line l: the first alternative that charset encodes within width
 * cells, else the last one that encodes, cut to width, else a lossy one ('?' for what cannot be
 * encoded). Writes encoded bytes and a NUL into out; returns the length. */
size_t drv_line_pick(const struct drv_disp *, const struct drv_line *, char *out, size_t cap);

#endif
