/* config.c — read and check jhbridge's INI file with libinih. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "inilines.h"
#include "jhcli.h"
#include "config.h"

struct cfg_ctx {
	struct cfg	*c;
	char		*err;
	size_t		 errlen;
	int		 failed;
	char		 section[80];
	int		 kind;		/* 0 bridge, 1 bus, 2 display */
	struct ini_lines src;	/* the file or string, and its line: libinih has no numbers */
};

int
cfg_parse_framing(const char *s, int *data, int *parity, int *stop)
{
	if (strlen(s) != 3 || s[0] < '5' || s[0] > '8' ||
	    !strchr("NEO", toupper((unsigned char)s[1])) || (s[2] != '1' && s[2] != '2'))
		return -1;
	*data = s[0] - '0';
	*parity = toupper((unsigned char)s[1]);
	*stop = s[2] - '0';
	return 0;
}

static int
cfg_windows(struct view_cfg *v, const char *val)
{
	if (ini_names(val, v->win[0], sizeof v->win[0], VIEW_WINDOWS_MAX, &v->nwin) < 0)
		return -1;
	for (int i = 0; i < v->nwin; i++)
		if (strcmp(v->win[i], "*") == 0)
			v->nwin = 0;	/* every window */
	return 0;
}

static int
cfg_usb_id(struct cfg_bus *b, const char *v)
{
	unsigned vid, pid;
	int n = 0;

	if (sscanf(v, "%4x:%4x%n", &vid, &pid, &n) != 2 || v[n] != '\0')
		return -1;
	b->usb_vid = (int)vid;
	b->usb_pid = (int)pid;
	return 0;
}

static int
cfg_bad(struct cfg_ctx *x, int line, const char *key, const char *why)
{
	ini_fail(x->err, x->errlen, line, x->section, key, why);
	x->failed = 1;
	return 0;
}

static int
cfg_bridge_key(struct cfg_ctx *x, const char *k, const char *v, int line)
{
	struct cfg *c = x->c;

	if (!strcmp(k, "server"))
		return jh_copy(c->server, sizeof c->server, v) < 0 ? cfg_bad(x, line, k, "too long") : 1;
	if (!strcmp(k, "ca"))
		return jh_copy(c->ca, sizeof c->ca, v) < 0 ? cfg_bad(x, line, k, "too long") : 1;
	if (!strcmp(k, "device"))
		return jh_copy(c->device, sizeof c->device, v) < 0 ? cfg_bad(x, line, k, "too long") : 1;
	if (!strcmp(k, "token"))
		return jh_copy(c->token, sizeof c->token, v) < 0 ? cfg_bad(x, line, k, "too long") : 1;
	if (!strcmp(k, "log"))
		return jh_copy(c->log, sizeof c->log, v) < 0 ? cfg_bad(x, line, k, "too long") : 1;
	return cfg_bad(x, line, k, "unknown key (server, ca, device, token, log)");
}

static int
cfg_bus_key(struct cfg_ctx *x, struct cfg_bus *b, const char *k, const char *v, int line)
{
	int n;

	if (!strcmp(k, "port"))
		return jh_copy(b->port, sizeof b->port, v) < 0 ? cfg_bad(x, line, k, "too long") : 1;
	if (!strcmp(k, "usb_serial"))
		return jh_copy(b->usb_serial, sizeof b->usb_serial, v) < 0 ?
		    cfg_bad(x, line, k, "too long") : 1;
	if (!strcmp(k, "usb_id"))
		return cfg_usb_id(b, v) < 0 ? cfg_bad(x, line, k, "want VID:PID in hex, "
		    "e.g. 0403:6001") : 1;
	if (!strcmp(k, "baud"))
		return ini_int(v, 0, 50, 4000000, &b->baud) < 0 ?
		    cfg_bad(x, line, k, "want a number from 50 to 4000000") : 1;
	if (!strcmp(k, "framing")) {
		if (cfg_parse_framing(v, &b->data_bits, &b->parity, &b->stop_bits) < 0)
			return cfg_bad(x, line, k, "want data bits, parity, stop bits: 8N1, 7E1");
		snprintf(b->framing, sizeof b->framing, "%s", v);
		return 1;
	}
	if (!strcmp(k, "protocol")) {
		if ((b->drv = drv_find(v)) == NULL)
			return cfg_bad(x, line, k, "unknown protocol family (modbus, alpha)");
		return 1;
	}
	if (!strcmp(k, "reply_timeout_ms"))
		return ini_int(v, 0, 1, 60000, &b->timing.reply_timeout_ms) < 0 ?
		    cfg_bad(x, line, k, "want 1-60000") : 1;
	if (!strcmp(k, "tries"))
		return ini_int(v, 0, 1, 20, &b->timing.tries) < 0 ? cfg_bad(x, line, k, "want 1-20") : 1;
	if (!strcmp(k, "heartbeat_ms"))
		return ini_int(v, 0, 100, 3600000, &b->timing.heartbeat_ms) < 0 ?
		    cfg_bad(x, line, k, "want 100-3600000") : 1;
	if (!strcmp(k, "offline_after"))
		return ini_int(v, 0, 1, 100, &b->timing.offline_after) < 0 ?
		    cfg_bad(x, line, k, "want 1-100") : 1;
	if (!strcmp(k, "gap_us")) {
		if (ini_int(v, 0, 0, 1000000, &n) < 0)
			return cfg_bad(x, line, k, "want 0-1000000");
		b->timing.gap_us = n;
		return 1;
	}
	return cfg_bad(x, line, k, "unknown key (port, usb_serial, usb_id, baud, framing, "
	    "protocol, reply_timeout_ms, tries, heartbeat_ms, offline_after, gap_us)");
}

static int
cfg_display_key(struct cfg_ctx *x, struct cfg_display *d, const char *k, const char *v, int line)
{
	if (!strcmp(k, "bus"))
		return jh_copy(d->bus_name, sizeof d->bus_name, v) < 0 ?
		    cfg_bad(x, line, k, "too long") : 1;
	if (!strcmp(k, "address"))
		return ini_int(v, 0, 0, 255, &d->d.addr) < 0 ? cfg_bad(x, line, k, "want 0-255") : 1;
	if (!strcmp(k, "kind")) {
		if (!strcmp(v, "window"))
			d->d.kind = DRV_KIND_WINDOW;
		else if (!strcmp(v, "counter"))
			d->d.kind = DRV_KIND_COUNTER;
		else if (!strcmp(v, "board"))
			d->d.kind = DRV_KIND_BOARD;
		else
			return cfg_bad(x, line, k, "want window, counter or board");
		d->view.kind = d->d.kind;
		return 1;
	}
	if (!strcmp(k, "profile")) {
		if (!strcmp(v, "display"))
			d->d.profile = DRV_PROFILE_DISPLAY;
		else if (!strcmp(v, "led485"))
			d->d.profile = DRV_PROFILE_LED485;
		else
			return cfg_bad(x, line, k, "want display or led485 (modbus buses)");
		return 1;
	}
	if (!strcmp(k, "windows"))
		return cfg_windows(&d->view, v) < 0 ? cfg_bad(x, line, k, "too many or too long "
		    "window names") : 1;
	if (!strcmp(k, "lines")) {
		if (ini_int(v, 0, 1, DRV_LINES_MAX, &d->d.lines) < 0)
			return cfg_bad(x, line, k, "want 1-4");
		d->view.lines = d->d.lines;
		return 1;
	}
	if (!strcmp(k, "width"))
		return ini_int(v, 0, 0, 120, &d->d.width) < 0 ? cfg_bad(x, line, k, "want 0-120") : 1;
	if (!strcmp(k, "charset"))
		return jh_copy(d->d.charset, sizeof d->d.charset, v) < 0 ?
		    cfg_bad(x, line, k, "too long") : 1;
	if (!strcmp(k, "welcome"))
		return jh_copy(d->view.welcome, sizeof d->view.welcome, v) < 0 ?
		    cfg_bad(x, line, k, "too long") : 1;
	if (!strcmp(k, "welcome_ascii"))
		return jh_copy(d->view.welcome_ascii, sizeof d->view.welcome_ascii, v) < 0 ?
		    cfg_bad(x, line, k, "too long") : 1;
	if (!strcmp(k, "brightness"))
		return ini_int(v, 0, 0, 100, &d->d.brightness) < 0 ? cfg_bad(x, line, k, "want 0-100") : 1;
	if (!strcmp(k, "beep"))
		return ini_bool(v, &d->d.beep) < 0 ? cfg_bad(x, line, k, "want yes or no") : 1;
	if (!strcmp(k, "flashes"))
		return ini_int(v, 0, 0, 100, &d->d.flashes) < 0 ? cfg_bad(x, line, k, "want 0-100") : 1;
	if (!strcmp(k, "ack"))
		return ini_bool(v, &d->d.ack) < 0 ? cfg_bad(x, line, k, "want yes or no") : 1;
	if (!strcmp(k, "type")) {
		if (strlen(v) != 1)
			return cfg_bad(x, line, k, "want one character (Z: all signs)");
		d->d.type = v[0];
		return 1;
	}
	return cfg_bad(x, line, k, "unknown key (bus, address, kind, profile, windows, lines, "
	    "width, charset, welcome, welcome_ascii, brightness, beep, flashes, ack, type)");
}

static int
cfg_handler(void *user, const char *section, const char *k, const char *v)
{
	struct cfg_ctx *x = user;
	struct cfg *c = x->c;
	int line = x->src.line;

	if (x->failed)
		return 0;
	if (strcmp(section, x->section) != 0) {
		/* a new section */
		/* cut to fit, as snprintf did (a memcpy: GCC's -fsanitize builds took section
		 * for NULL in the snprintf and failed -Wformat-truncation) */
		size_t n = strnlen(section, sizeof x->section - 1);

		memcpy(x->section, section, n);
		x->section[n] = '\0';
		if (!strcmp(section, "bridge"))
			x->kind = 0;
		else if (!strncmp(section, "bus ", 4) || !strncmp(section, "display ", 8)) {
			int isbus = section[1] == 'u';
			const char *name = section + (isbus ? 4 : 8);

			if (!*name || strlen(name) >= CFG_NAME_MAX)
				return cfg_bad(x, line, "section", "name empty or too long");
			if (isbus) {
				struct cfg_bus *b;

				if (c->nbus >= CFG_BUSES_MAX)
					return cfg_bad(x, line, "section", "too many buses (8)");
				b = &c->bus[c->nbus++];
				memset(b, 0, sizeof *b);
				snprintf(b->name, sizeof b->name, "%s", name);
				b->usb_vid = b->usb_pid = -1;
				b->baud = 9600;
				bus_cfg_default(&b->timing);
				b->line = line;
				x->kind = 1;
			} else {
				struct cfg_display *d;

				if (c->ndisp >= CFG_DISPLAYS_MAX)
					return cfg_bad(x, line, "section", "too many displays (64)");
				d = &c->disp[c->ndisp++];
				memset(d, 0, sizeof *d);
				snprintf(d->name, sizeof d->name, "%s", name);
				d->d.lines = d->view.lines = 1;
				d->d.brightness = 100;
				d->d.flashes = 3;
				d->d.type = 'Z';
				d->d.addr = -1;
				d->line = line;
				x->kind = 2;
			}
		} else
			return cfg_bad(x, line, "section", "unknown section (bridge, bus NAME, "
			    "display NAME)");
	}
	if (x->kind == 0)
		return cfg_bridge_key(x, k, v, line);
	if (x->kind == 1)
		return cfg_bus_key(x, &c->bus[c->nbus - 1], k, v, line);
	return cfg_display_key(x, &c->disp[c->ndisp - 1], k, v, line);
}

/* Cross-checks once everything is read. */
static int
cfg_check(struct cfg *c, char *err, size_t errlen)
{
	char why[160];

	for (int i = 0; i < c->nbus; i++) {
		struct cfg_bus *b = &c->bus[i];

		for (int j = 0; j < i; j++)
			if (!strcmp(c->bus[j].name, b->name)) {
				snprintf(err, errlen, "line %d: bus %s defined twice", b->line, b->name);
				return -1;
			}
		if (!b->drv) {
			snprintf(err, errlen, "line %d: bus %s: protocol missing (modbus, alpha)",
			    b->line, b->name);
			return -1;
		}
		if (!b->port[0] && !b->usb_serial[0] && b->usb_vid < 0) {
			snprintf(err, errlen, "line %d: bus %s: give port, usb_serial or usb_id",
			    b->line, b->name);
			return -1;
		}
		if (!b->framing[0]) {
			snprintf(b->framing, sizeof b->framing, "%s", b->drv->framing);
			cfg_parse_framing(b->framing, &b->data_bits, &b->parity, &b->stop_bits);
		}
		b->timing.baud = b->baud;
		b->timing.char_bits = 1 + b->data_bits + (b->parity != 'N') + b->stop_bits;
	}
	for (int i = 0; i < c->ndisp; i++) {
		struct cfg_display *d = &c->disp[i];
		const struct cfg_bus *b = NULL;

		for (int j = 0; j < i; j++)
			if (!strcmp(c->disp[j].name, d->name)) {
				snprintf(err, errlen, "line %d: display %s defined twice", d->line,
				    d->name);
				return -1;
			}
		for (int j = 0; j < c->nbus; j++)
			if (!strcmp(c->bus[j].name, d->bus_name)) {
				d->bus = j;
				b = &c->bus[j];
			}
		if (!b) {
			snprintf(err, errlen, "line %d: display %s: bus '%s' is not defined",
			    d->line, d->name, d->bus_name);
			return -1;
		}
		if (d->d.addr < 0) {
			snprintf(err, errlen, "line %d: display %s: address missing", d->line,
			    d->name);
			return -1;
		}
		if (!strcmp(b->drv->name, "alpha"))
			d->d.profile = DRV_PROFILE_ALPHA;
		if (!d->d.charset[0])
			snprintf(d->d.charset, sizeof d->d.charset, "%s",
			    d->d.profile == DRV_PROFILE_ALPHA ? "ASCII" : "UTF-8");
		if (d->d.kind != DRV_KIND_BOARD && d->view.nwin == 0) {
			snprintf(err, errlen, "line %d: display %s: a %s shows one window: give "
			    "windows = NAME", d->line, d->name,
			    d->d.kind == DRV_KIND_WINDOW ? "window strip" : "counter");
			return -1;
		}
		if (b->drv->check(&d->d, why, sizeof why) < 0) {
			snprintf(err, errlen, "line %d: display %s: %s", d->line, d->name, why);
			return -1;
		}
		for (int j = 0; j < i; j++)
			if (c->disp[j].bus == d->bus && c->disp[j].d.addr == d->d.addr &&
			    d->d.addr != 0) {
				snprintf(err, errlen, "line %d: display %s: address %d already used "
				    "by %s on bus %s", d->line, d->name, d->d.addr, c->disp[j].name,
				    b->name);
				return -1;
			}
	}
	if (c->ndisp == 0) {
		snprintf(err, errlen, "no [display NAME] section: nothing to drive");
		return -1;
	}
	return 0;
}

static void
cfg_defaults(struct cfg *c)
{
	memset(c, 0, sizeof *c);	/* server: none unless the file names one (see config.h) */
	snprintf(c->device, sizeof c->device, "bridge");
	snprintf(c->log, sizeof c->log, "info");
}

/* The file at path, or else the string text: parsed, then checked as a whole. */
static int
cfg_parse(const char *path, const char *text, struct cfg *c, char *err, size_t errlen)
{
	struct cfg_ctx x = { .c = c, .err = err, .errlen = errlen };
	char tmp[512];

	cfg_defaults(c);
	if (ini_lines_parse(&x.src, path, text, cfg_handler, &x, &x.failed, err, errlen) < 0)
		return -1;
	if (cfg_check(c, tmp, sizeof tmp) < 0) {
		snprintf(err, errlen, "%s: %s", path ? path : "(string)", tmp);
		return -1;
	}
	return 0;
}

int
cfg_load(const char *path, struct cfg *c, char *err, size_t errlen)
{
	return cfg_parse(path, NULL, c, err, errlen);
}

int
cfg_load_string(const char *text, struct cfg *c, char *err, size_t errlen)
{
	return cfg_parse(NULL, text, c, err, errlen);
}
