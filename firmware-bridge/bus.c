/* bus.c — the bus state machine: requests, answers, timeouts, retries, display health. Pure:
 * time comes in as an argument, bytes come in and out through the caller. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"

#define BUS_NEVER	(1LL << 62)

struct bus_disp {
	struct drv_disp	 d;
	enum bus_dstate	 state;
	int		 has_want;
	struct drv_view	 want;
	unsigned	 want_gen, shown_gen;
	int		 need_full;		/* the display may have forgotten everything */
	struct drv_job	 job;
	int		 job_valid, job_full;
	unsigned	 job_gen;
	int		 job_pos;
	int		 tries;			/* failed tries of the current operation */
	long long	 hb_due;
	int		 missed;		/* heartbeats missed while degraded */
	int		 has_uptime;
	unsigned long	 uptime;
	char		 err[96];
};

struct bus {
	const struct drv	*drv;
	struct bus_cfg		 cfg;
	int			 n;
	struct bus_disp		 disp[BUS_DISPLAYS_MAX];
	int			 busy;		/* a request is outstanding */
	int			 who;		/* its display */
	int			 is_hb;		/* it is a heartbeat */
	struct drv_frame	 req;
	long long		 deadline;
	long long		 sent_at;
	long long		 quiet_until;
	int			 last;		/* display served last (retries go first) */
	int			 rr;
	size_t			 rxlen;
	uint8_t			 rx[BUS_RX_MAX];
};

void
bus_cfg_default(struct bus_cfg *c)
{
	c->baud = 9600;
	c->char_bits = 10;
	c->reply_timeout_ms = 300;
	c->tries = 3;
	c->heartbeat_ms = 5000;
	c->offline_after = 3;
	c->gap_us = 0;
}

long long
bus_wire_us(const struct bus_cfg *c, size_t n)
{
	return (long long)n * c->char_bits * 1000000LL / (c->baud > 0 ? c->baud : 9600);
}

static long long
bus_gap_ms(const struct bus_cfg *c)
{
	long long us = c->gap_us;

	if (us <= 0)	/* Modbus: 3.5 characters of 11 bits; fixed 1750 us above 19200 baud */
		us = c->baud > 19200 ? 1750 : 35LL * 11 * 100000 / (c->baud > 0 ? c->baud : 9600);
	return (us + 999) / 1000;
}

struct bus *
bus_new(const struct drv *drv, const struct bus_cfg *cfg)
{
	struct bus *b = calloc(1, sizeof *b);

	if (!b)
		return NULL;
	b->drv = drv;
	b->cfg = *cfg;
	if (b->cfg.tries < 1)
		b->cfg.tries = 1;
	if (b->cfg.offline_after < 1)
		b->cfg.offline_after = 1;
	b->last = -1;
	return b;
}

void
bus_free(struct bus *b)
{
	free(b);
}

int
bus_add(struct bus *b, const struct drv_disp *d)
{
	struct bus_disp *x;

	if (b->n >= BUS_DISPLAYS_MAX)
		return -1;
	x = &b->disp[b->n];
	memset(x, 0, sizeof *x);
	x->d = *d;
	x->state = BUS_UNKNOWN;
	x->need_full = 1;
	return b->n++;
}

int
bus_count(const struct bus *b)
{
	return b->n;
}

const struct drv_disp *
bus_disp(const struct bus *b, int i)
{
	return &b->disp[i].d;
}

void
bus_set_view(struct bus *b, int i, const struct drv_view *v)
{
	struct bus_disp *x = &b->disp[i];

	if (x->has_want && memcmp(&x->want, v, sizeof *v) == 0)
		return;
	x->want = *v;
	x->has_want = 1;
	x->want_gen++;
}

void
bus_repaint(struct bus *b)
{
	for (int i = 0; i < b->n; i++)
		b->disp[i].need_full = 1;
}

enum bus_dstate
bus_state(const struct bus *b, int i)
{
	return b->disp[i].state;
}

unsigned
bus_shown_gen(const struct bus *b, int i)
{
	return b->disp[i].shown_gen;
}

unsigned
bus_want_gen(const struct bus *b, int i)
{
	return b->disp[i].want_gen;
}

const char *
bus_last_error(const struct bus *b, int i)
{
	return b->disp[i].err;
}

const char *
bus_state_name(enum bus_dstate s)
{
	static const char *const names[] = { "unknown", "online", "degraded", "offline" };

	return names[s];
}

static int
bus_alive(const struct bus_disp *x)
{
	return x->state == BUS_UNKNOWN || x->state == BUS_ONLINE;
}

static int
bus_has_state_work(const struct bus_disp *x)
{
	return bus_alive(x) && x->has_want && (x->want_gen != x->shown_gen || x->need_full);
}

static int
bus_hb_due(const struct bus *b, const struct bus_disp *x, long long now)
{
	struct drv_frame f;

	return now >= x->hb_due && b->drv->heartbeat(&x->d, &f) == 0;
}

/* Start the request f for display i. */
static const struct drv_frame *
bus_send(struct bus *b, int i, const struct drv_frame *f, int is_hb, long long now)
{
	b->req = *f;
	b->busy = 1;
	b->who = i;
	b->is_hb = is_hb;
	b->rxlen = 0;
	b->last = i;
	b->sent_at = now;
	b->deadline = now + (bus_wire_us(&b->cfg, f->len) + 999) / 1000 +
	    (f->reply ? b->cfg.reply_timeout_ms : bus_gap_ms(&b->cfg));
	return &b->req;
}

/* The next frame display i should send, or NULL. */
static const struct drv_frame *
bus_work(struct bus *b, int i, long long now, int want_state, int want_hb)
{
	struct bus_disp *x = &b->disp[i];
	struct drv_frame f;

	if (want_state && bus_has_state_work(x)) {
		if (!x->job_valid || x->job_gen != x->want_gen) {
			/* (re)build: a newer view replaces the rest of an older one */
			int full = x->need_full;

			if (b->drv->state(&x->d, &x->want, full, &x->job, x->err,
			    sizeof x->err) < 0 || x->job.n == 0) {
				/* cannot be encoded: nothing to retry; keep the display as is */
				x->shown_gen = x->want_gen;
				x->need_full = 0;
				x->job_valid = 0;
				return NULL;
			}
			x->job_valid = 1;
			x->job_full = full;
			x->job_gen = x->want_gen;
			x->job_pos = 0;
		}
		return bus_send(b, i, &x->job.f[x->job_pos], 0, now);
	}
	if (want_hb && bus_hb_due(b, x, now)) {
		b->drv->heartbeat(&x->d, &f);
		return bus_send(b, i, &f, 1, now);
	}
	return NULL;
}

const struct drv_frame *
bus_next_tx(struct bus *b, long long now)
{
	const struct drv_frame *f;

	bus_tick(b, now);
	if (b->busy || now < b->quiet_until || b->n == 0)
		return NULL;
	/* a retry goes out before anyone else's turn */
	if (b->last >= 0 && b->disp[b->last].tries > 0 &&
	    (f = bus_work(b, b->last, now, 1, 1)) != NULL)
		return f;
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k < b->n; k++) {
			int i = (b->rr + k) % b->n;

			f = bus_work(b, i, now, pass == 0, pass == 1);
			if (f) {
				b->rr = (i + 1) % b->n;
				return f;
			}
		}
	return NULL;
}

static void
bus_to(struct bus_disp *x, enum bus_dstate s)
{
	if (s != BUS_ONLINE && x->state != s)
		x->need_full = 1;
	x->state = s;
}

/* The outstanding request succeeded. */
static void
bus_ok(struct bus *b, long long now, const struct drv_reply *r)
{
	struct bus_disp *x = &b->disp[b->who];

	b->busy = 0;
	b->quiet_until = now + bus_gap_ms(&b->cfg);
	x->tries = 0;
	x->missed = 0;
	x->hb_due = now + b->cfg.heartbeat_ms;
	if (r && r->has_uptime) {
		if (x->has_uptime && r->uptime < x->uptime)
			x->need_full = 1;	/* it restarted: repaint */
		x->has_uptime = 1;
		x->uptime = r->uptime;
	}
	if (b->is_hb) {
		if (!bus_alive(x))
			x->need_full = 1;	/* back: send everything again */
		if (x->state != BUS_ONLINE)
			x->state = BUS_ONLINE;
		return;
	}
	x->state = BUS_ONLINE;
	if (!x->job_valid)
		return;
	if (++x->job_pos < x->job.n)
		return;
	x->job_valid = 0;
	x->shown_gen = x->job_gen;
	if (x->job_full)
		x->need_full = 0;
}

/* The outstanding request failed (timeout, refusal). */
static void
bus_fail(struct bus *b, long long now, const char *why)
{
	struct bus_disp *x = &b->disp[b->who];

	b->busy = 0;
	b->quiet_until = now + bus_gap_ms(&b->cfg);
	snprintf(x->err, sizeof x->err, "%s", why);
	if (!bus_alive(x)) {
		/* degraded or offline: one try per heartbeat period */
		x->hb_due = b->sent_at + b->cfg.heartbeat_ms;
		if (++x->missed >= b->cfg.offline_after)
			bus_to(x, BUS_OFFLINE);
		return;
	}
	if (++x->tries < b->cfg.tries) {
		if (b->is_hb)
			x->hb_due = now;	/* try the heartbeat again at once */
		return;
	}
	x->tries = 0;
	x->missed = 0;
	x->job_valid = 0;
	x->hb_due = now + b->cfg.heartbeat_ms;
	bus_to(x, BUS_DEGRADED);
}

void
bus_rx(struct bus *b, long long now, const uint8_t *p, size_t len)
{
	struct drv_reply r;
	char why[96];

	if (!b->busy || !b->req.reply)
		return;	/* nobody asked: line noise or a late answer */
	if (len > sizeof b->rx - b->rxlen) {
		/* keep the newest bytes: an answer is at the end of any garbage */
		size_t keep = sizeof b->rx / 2;

		if (len >= keep) {
			p += len - keep;
			len = keep;
		}
		if (b->rxlen > keep - len) {
			memmove(b->rx, b->rx + b->rxlen - (keep - len), keep - len);
			b->rxlen = keep - len;
		}
	}
	memcpy(b->rx + b->rxlen, p, len);
	b->rxlen += len;
	b->drv->reply(&b->disp[b->who].d, &b->req, b->rx, b->rxlen, &r);
	if (r.v == DRV_ACK)
		bus_ok(b, now, &r);
	else if (r.v == DRV_NAK) {
		snprintf(why, sizeof why, "refused: %02X (%s)", r.code,
		    b->drv->nak_reason(r.code));
		bus_fail(b, now, why);
	}
}

void
bus_tick(struct bus *b, long long now)
{
	char why[64];

	if (!b->busy || now < b->deadline)
		return;
	if (!b->req.reply) {
		bus_ok(b, now, NULL);	/* sent, and nothing to wait for */
		return;
	}
	snprintf(why, sizeof why, "no answer within %d ms%s", b->cfg.reply_timeout_ms,
	    b->rxlen ? " (garbage only)" : "");
	bus_fail(b, now, why);
}

long long
bus_wake(const struct bus *b, long long now)
{
	long long t = BUS_NEVER;

	if (b->busy)
		return b->deadline;
	for (int i = 0; i < b->n; i++) {
		const struct bus_disp *x = &b->disp[i];
		struct drv_frame f;

		if (bus_has_state_work(x))
			t = now;
		else if (b->drv->heartbeat(&x->d, &f) == 0 && x->hb_due < t)
			t = x->hb_due;
	}
	if (t < b->quiet_until)
		t = b->quiet_until;
	return t;
}
