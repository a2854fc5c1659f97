/* bridge.c — the poll loop: server events → hall → views → buses → serial ports and back;
 * display health → alerts; ports that fail are closed and looked for again every second. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "bus.h"
#include "callboard.h"
#include "jhclient.h"
#include "log.h"
#include "mono.h"
#include "port.h"
#include "upstream.h"
#include "view.h"

#define BRIDGE_REOPEN_MS	1000
#define BRIDGE_MAX_WAIT_MS	1000

struct bridge_bus {
	const struct cfg_bus	*cfg;
	struct bus		*bus;
	struct port		*port;
	long long		 reopen_at;
	char			 last_err[256];		/* so a missing port is logged once */
	uint8_t			 tx[DRV_FRAME_MAX];
	size_t			 txlen, txoff;
};

struct bridge_disp {
	const struct cfg_display *cfg;
	int			 bus;		/* index into b->buses */
	int			 idx;		/* index on that bus */
	enum bus_dstate		 state;
	unsigned		 shown;
};

struct bridge {
	const struct cfg	*cfg;
	struct jhdev		*up;
	struct callboard		 hall;
	int			 nbus;
	struct bridge_bus	 buses[CFG_BUSES_MAX];
	int			 ndisp;
	struct bridge_disp	 disp[CFG_DISPLAYS_MAX];
};

struct bridge *
bridge_new(const struct cfg *c, char *err, size_t errlen)
{
	struct bridge *b = calloc(1, sizeof *b);

	if (!b) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	b->cfg = c;
	callboard_init(&b->hall);
	for (int i = 0; i < c->nbus; i++) {
		const struct cfg_bus *cb = &c->bus[i];
		struct port_cfg pc = {
			.path = cb->port, .usb_serial = cb->usb_serial, .usb_vid = cb->usb_vid,
			.usb_pid = cb->usb_pid, .baud = cb->baud, .data_bits = cb->data_bits,
			.parity = cb->parity, .stop_bits = cb->stop_bits,
		};

		b->buses[i].cfg = cb;
		b->buses[i].bus = bus_new(cb->drv, &cb->timing);
		b->buses[i].port = port_new(&pc);
		if (!b->buses[i].bus || !b->buses[i].port) {
			snprintf(err, errlen, "out of memory");
			b->nbus = i + 1;
			bridge_free(b);
			return NULL;
		}
		b->nbus = i + 1;
	}
	for (int i = 0; i < c->ndisp; i++) {
		struct bridge_disp *d = &b->disp[i];

		d->cfg = &c->disp[i];
		d->bus = d->cfg->bus;
		d->idx = bus_add(b->buses[d->bus].bus, &d->cfg->d);
		if (d->idx < 0) {
			snprintf(err, errlen, "bus %s: more than %d displays", c->bus[d->bus].name,
			    BUS_DISPLAYS_MAX);
			bridge_free(b);
			return NULL;
		}
		d->state = BUS_UNKNOWN;
	}
	b->ndisp = c->ndisp;
	b->up = upstream_new(c->server, c->ca, c->device, c->token);
	if (!b->up) {
		snprintf(err, errlen, "out of memory");
		bridge_free(b);
		return NULL;
	}
	return b;
}

void
bridge_free(struct bridge *b)
{
	if (!b)
		return;
	for (int i = 0; i < b->nbus; i++) {
		bus_free(b->buses[i].bus);
		port_free(b->buses[i].port);
	}
	jhdev_free(b->up);
	free(b);
}

static void
bridge_views(struct bridge *b)
{
	struct drv_view v;

	for (int i = 0; i < b->ndisp; i++) {
		struct bridge_disp *d = &b->disp[i];

		view_build(&d->cfg->view, &b->hall, &v);
		bus_set_view(b->buses[d->bus].bus, d->idx, &v);
	}
}

static void
bridge_port_open(struct bridge_bus *bb, long long now)
{
	char err[256];

	if (port_is_open(bb->port) || now < bb->reopen_at)
		return;
	bb->reopen_at = now + BRIDGE_REOPEN_MS;
	if (port_open(bb->port, err, sizeof err) < 0) {
		if (strcmp(err, bb->last_err) != 0)
			log_warn("bus %s: %s; trying again every %d ms", bb->cfg->name, err,
			    BRIDGE_REOPEN_MS);
		snprintf(bb->last_err, sizeof bb->last_err, "%s", err);
		return;
	}
	if (bb->last_err[0])
		bus_repaint(bb->bus);	/* it was gone: the boards may have missed anything */
	bb->last_err[0] = '\0';
	bb->txlen = bb->txoff = 0;
	log_info("bus %s: %s open at %d baud %s (%s)", bb->cfg->name, port_name(bb->port),
	    bb->cfg->baud, bb->cfg->framing, bb->cfg->drv->name);
}

static void
bridge_port_lost(struct bridge_bus *bb, long long now)
{
	log_warn("bus %s: port %s failed or disappeared; looking for it again",
	    bb->cfg->name, port_name(bb->port));
	snprintf(bb->last_err, sizeof bb->last_err, "lost");
	bb->txlen = bb->txoff = 0;
	bb->reopen_at = now + BRIDGE_REOPEN_MS / 4;
}

static void
bridge_flush_tx(struct bridge_bus *bb, long long now)
{
	long w;

	if (bb->txoff >= bb->txlen || !port_is_open(bb->port))
		return;
	w = port_write(bb->port, bb->tx + bb->txoff, bb->txlen - bb->txoff);
	if (w < 0) {
		bridge_port_lost(bb, now);
		return;
	}
	bb->txoff += (size_t)w;
}

static void
bridge_bus_step(struct bridge_bus *bb, long long now)
{
	const struct drv_frame *f;

	bridge_port_open(bb, now);
	bridge_flush_tx(bb, now);
	if (bb->txoff < bb->txlen)
		return;	/* the driver still holds part of the last frame */
	if ((f = bus_next_tx(bb->bus, now)) != NULL) {
		/* with the port gone the frame goes nowhere: its timeout marks the displays */
		memcpy(bb->tx, f->b, f->len);
		bb->txlen = f->len;
		bb->txoff = 0;
		if (port_is_open(bb->port))
			bridge_flush_tx(bb, now);
		else
			bb->txlen = 0;
	}
}

static void
bridge_read(struct bridge_bus *bb, long long now)
{
	uint8_t buf[512];
	long r;

	while (port_is_open(bb->port)) {
		r = port_read(bb->port, buf, sizeof buf);
		if (r < 0) {
			bridge_port_lost(bb, now);
			return;
		}
		if (r == 0)
			return;
		bus_rx(bb->bus, now, buf, (size_t)r);
	}
}

/* Log state changes and keep the server's alerts in step with them. */
static void
bridge_health(struct bridge *b)
{
	char msg[2][512];
	size_t len[2] = { 0, 0 };
	int changed = 0;

	msg[0][0] = msg[1][0] = '\0';
	for (int i = 0; i < b->ndisp; i++) {
		struct bridge_disp *d = &b->disp[i];
		struct bridge_bus *bb = &b->buses[d->bus];
		enum bus_dstate s = bus_state(bb->bus, d->idx);
		unsigned shown = bus_shown_gen(bb->bus, d->idx);
		int k;

		if (shown != d->shown) {
			log_debug("display %s: view %u shown", d->cfg->name, shown);
			d->shown = shown;
		}
		if (s != d->state) {
			if (s == BUS_ONLINE)
				log_info("display %s (bus %s, address %d): %s", d->cfg->name,
				    bb->cfg->name, d->cfg->d.addr, bus_state_name(s));
			else
				log_warn("display %s (bus %s, address %d): %s: %s", d->cfg->name,
				    bb->cfg->name, d->cfg->d.addr, bus_state_name(s),
				    bus_last_error(bb->bus, d->idx));
			d->state = s;
			changed = 1;
		}
		if (s != BUS_DEGRADED && s != BUS_OFFLINE)
			continue;
		k = s == BUS_DEGRADED ? 0 : 1;
		if (len[k] < sizeof msg[k])
			len[k] += (size_t)snprintf(msg[k] + len[k], sizeof msg[k] - len[k],
			    "%sdisplay %s (bus %s, address %d): %s%s", len[k] ? "; " : "",
			    d->cfg->name, bb->cfg->name, d->cfg->d.addr,
			    port_is_open(bb->port) ? "" : "serial port unavailable; ",
			    bus_last_error(bb->bus, d->idx));
	}
	if (changed) {
		jhdev_alert(b->up, "display_degraded", msg[0]);
		jhdev_alert(b->up, "display_offline", msg[1]);
	}
}

int
bridge_run(struct bridge *b, volatile sig_atomic_t *stop)
{
	struct pollfd pfd[1 + CFG_BUSES_MAX];
	int who[1 + CFG_BUSES_MAX];

	bridge_views(b);	/* welcome texts until the server tells us more */
	while (!*stop) {
		long long now = mono_ms(), wake, t;
		int n = 0, timeout;

		if (upstream_step(b->up, &b->hall, now))
			bridge_views(b);
		for (int i = 0; i < b->nbus; i++)
			bridge_bus_step(&b->buses[i], now);
		bridge_health(b);
		jhdev_flush(b->up);

		wake = now + BRIDGE_MAX_WAIT_MS;
		if ((t = upstream_wake(b->up, now)) > 0 && t < wake)
			wake = t;
		if ((pfd[n].fd = jhc_fd(jhdev_client(b->up))) >= 0) {
			pfd[n].events = POLLIN;
			who[n++] = -1;
		}
		for (int i = 0; i < b->nbus; i++) {
			struct bridge_bus *bb = &b->buses[i];

			if ((t = bus_wake(bb->bus, now)) < wake)
				wake = t;
			if (!port_is_open(bb->port)) {
				if (bb->reopen_at < wake)
					wake = bb->reopen_at;
				continue;
			}
			pfd[n].fd = port_fd(bb->port);
			pfd[n].events = POLLIN | (bb->txoff < bb->txlen ? POLLOUT : 0);
			who[n++] = i;
		}
		timeout = wake <= now ? 0 : (int)(wake - now);
		if (poll(pfd, (nfds_t)n, timeout) < 0 && errno != EINTR) {
			log_error_errno("poll");
			return -1;
		}
		now = mono_ms();
		for (int k = 0; k < n; k++) {
			if (who[k] < 0 || !pfd[k].revents)
				continue;
			if (pfd[k].revents & (POLLIN | POLLHUP | POLLERR))
				bridge_read(&b->buses[who[k]], now);
			if ((pfd[k].revents & (POLLHUP | POLLERR | POLLNVAL)) &&
			    port_is_open(b->buses[who[k]].port)) {
				port_close(b->buses[who[k]].port);
				bridge_port_lost(&b->buses[who[k]], now);
			}
		}
	}
	return 0;
}
