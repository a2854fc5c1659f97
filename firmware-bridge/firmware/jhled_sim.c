/* jhled_sim.c — jhled-sim: the display firmware's core run on the host against a serial port
 * (a pty in tests), showing the panel as text art and, with --pbm, as an image file.
 * stdout, one event per line block:
 *   READY unit=N baud=B WxH port=PATH    the port is open (again, after a reopen)
 *   MODE=m LINE1=text LINE2=text         the shown state changed (control bytes as '?')
 *   ACTION SEQ=n FLASHES=f BEEP=0|1      a new CMD_SEQ was applied
 *   +---+ ... +---+                      the panel, when the image changed (not with --quiet) */
#include <errno.h>
#include <getopt.h>
#include <libserialport.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../server/client/jhcli.h"
#include "../../server/client/log.h"
#include "display.h"
#include "fbio.h"
#include "mono.h"


static struct display	 sim_d;
static struct fb	 sim_shown;	/* what was last printed */
static char		 sim_art[(FB_MAX_W + 3) * (FB_MAX_H + 2) + 1];
static char		 sim_summary[2 * 3 * 128 + 64];

struct sim_opts {
	const char	*port;
	const char	*pbm;
	uint32_t	 baud;
	uint8_t		 baud_code;
	uint8_t		 unit;
	uint16_t	 w, h;
	int		 quiet;
	int		 strict;
};

/* The usage on f, then exit with code (0 for --help, to stdout). */
static void
usage(FILE *f, int code)
{
	fprintf(f, "usage: jhled-sim --port PATH [--baud 9600] [--unit N] [--width 64 "
	    "--height 16]\n                 [--pbm FILE] [--quiet] [--strict] "
	    "[--log-level LEVEL]\n       jhled-sim --help | --version\n");
	exit(code);
}

/* A number from lo to hi, or an argument error (exit 2). */
static long
parse_num(const char *s, long lo, long hi, const char *what)
{
	int	 v;

	if (jh_int_arg(s, lo, hi, &v) < 0)
		exit(jh_arg_error("jhled-sim", "bad %s '%s': expected %ld..%ld", what, s, lo,
		    hi));
	return v;
}

static void
sim_parse(int argc, char **argv, struct sim_opts *o)
{
	static const struct option longopts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "baud", required_argument, NULL, 'b' },
		{ "unit", required_argument, NULL, 'u' },
		{ "width", required_argument, NULL, 'W' },
		{ "height", required_argument, NULL, 'H' },
		{ "pbm", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "strict", no_argument, NULL, 's' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int	 c, lvl;
	uint8_t	 code;

	memset(o, 0, sizeof *o);
	o->baud = 9600;
	o->unit = 1;
	o->w = 64;
	o->h = 16;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			o->port = optarg;
			break;
		case 'b':
			o->baud = (uint32_t)parse_num(optarg, 1, 115200, "--baud");
			break;
		case 'u':
			o->unit = (uint8_t)parse_num(optarg, 1, 247, "--unit");
			break;
		case 'W':
			o->w = (uint16_t)parse_num(optarg, FB_PANEL_W, FB_MAX_W, "--width");
			break;
		case 'H':
			o->h = (uint16_t)parse_num(optarg, FB_PANEL_H, FB_MAX_H, "--height");
			break;
		case 'm':
			o->pbm = optarg;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 's':
			o->strict = 1;
			break;
		case 'l':
			if (jh_log_level_arg("jhled-sim", optarg, &lvl) != 0)
				exit(2);
			log_init("jhled-sim", (enum log_level)lvl);
			break;
		case 'h':
			usage(stdout, 0);
			break;
		case 'V':
			exit(jh_version("jhled-sim"));
		default:
			exit(jh_opt_error("jhled-sim", c, argv));
		}
	}
	if (optind != argc)
		exit(jh_arg_error("jhled-sim", "unexpected argument '%s'", argv[optind]));
	if (o->port == NULL)
		exit(jh_arg_error("jhled-sim", "missing --port PATH"));
	if (o->w % FB_PANEL_W || o->h % FB_PANEL_H)
		exit(jh_arg_error("jhled-sim", "--width %u --height %u: not a chain of 32x16 "
		    "panels", o->w, o->h));
	for (code = 1; regs_baud(code) != 0; code++)
		if (regs_baud(code) == o->baud)
			break;
	if (regs_baud(code) == 0)
		exit(jh_arg_error("jhled-sim", "--baud %u: not one of 1200 2400 4800 9600 19200 "
		    "38400 57600 115200", o->baud));
	o->baud_code = code;
}

static struct sp_port *
sim_open(const struct sim_opts *o, uint32_t baud, int quiet_fail)
{
	struct sp_port	*p = NULL;
	enum sp_return	 rc;

	if ((rc = sp_get_port_by_name(o->port, &p)) != SP_OK) {
		if (!quiet_fail)
			log_warn("%s: no such serial port (%s)", o->port, sp_last_error_message());
		return NULL;
	}
	if ((rc = sp_open(p, SP_MODE_READ_WRITE)) != SP_OK) {
		if (!quiet_fail)
			log_warn("%s: cannot open: %s", o->port, sp_last_error_message());
		sp_free_port(p);
		return NULL;
	}
	if (sp_set_baudrate(p, (int)baud) != SP_OK || sp_set_bits(p, 8) != SP_OK ||
	    sp_set_parity(p, SP_PARITY_NONE) != SP_OK || sp_set_stopbits(p, 1) != SP_OK ||
	    sp_set_flowcontrol(p, SP_FLOWCONTROL_NONE) != SP_OK) {
		log_warn("%s: cannot set %u 8N1: %s", o->port, baud, sp_last_error_message());
		sp_close(p);
		sp_free_port(p);
		return NULL;
	}
	sp_flush(p, SP_BUF_INPUT);	/* drop what was queued while nobody listened */
	printf("READY unit=%u baud=%u %ux%u port=%s\n", sim_d.regs.unit, baud, o->w, o->h,
	    o->port);
	return p;
}

static void
sim_close(struct sp_port **p)
{
	if (*p == NULL)
		return;
	sp_close(*p);
	sp_free_port(*p);
	*p = NULL;
}

static void
sim_append_line(char **out, const uint8_t *line)
{
	size_t i;

	for (i = 0; i < REGS_LINE_BYTES && line[i] != 0; i++)
		*(*out)++ = (char)(line[i] < 0x20 || line[i] == 0x7f ? '?' : line[i]);
	**out = '\0';
}

/* Print what changed: the state summary, the panel, the PBM file. */
static void
sim_show(const struct sim_opts *o, int redrawn)
{
	char	 line[sizeof sim_summary], *p = line;

	p += snprintf(p, 32, "MODE=%u LINE1=", sim_d.regs.mode);
	sim_append_line(&p, sim_d.regs.line[0]);
	p += snprintf(p, 16, " LINE2=");
	sim_append_line(&p, sim_d.regs.line[1]);
	if (strcmp(line, sim_summary) != 0) {
		memcpy(sim_summary, line, sizeof sim_summary);
		printf("%s\n", line);
	}
	if (!redrawn || memcmp(&sim_shown, &sim_d.fb, sizeof sim_shown) == 0)
		return;
	memcpy(&sim_shown, &sim_d.fb, sizeof sim_shown);
	if (!o->quiet && fbio_art(&sim_d.fb, sim_art, sizeof sim_art) > 0)
		fputs(sim_art, stdout);
	if (o->pbm != NULL && fbio_write_pbm(&sim_d.fb, o->pbm) < 0)
		log_warn_errno("%s", o->pbm);
}

/* Send a reply; returns -1 when the port failed. */
static int
sim_reply(struct sp_port *p, const uint8_t *f, size_t len)
{
	if (sp_blocking_write(p, f, len, 1000) != (int)len) {
		log_warn("reply of %zu bytes not sent: %s", len, sp_last_error_message());
		return -1;
	}
	sp_drain(p);
	return 0;
}

static void
sim_after_frame(const struct sim_opts *o, struct sp_port **p)
{
	if (sim_d.actions) {
		printf("ACTION SEQ=%u FLASHES=%u BEEP=%u\n", sim_d.regs.seq_applied,
		    sim_d.regs.effect & REGS_EFFECT_FLASHES, sim_d.beep);
		sim_d.actions = 0;
		sim_d.beep = 0;
	}
	if (sim_d.baud_changed) {
		sim_d.baud_changed = 0;
		log_info("unit %u, %u baud from now on", sim_d.regs.unit,
		    regs_baud(sim_d.regs.baud_code));
		if (*p != NULL && sp_set_baudrate(*p, (int)regs_baud(sim_d.regs.baud_code)) != SP_OK)
			log_warn("cannot change baud: %s", sp_last_error_message());
	}
	(void)o;
}

/* Wait up to wait_us for bytes and read what came. libserialport reports a vanished pty (its
 * other side closed) as an endless stream of empty reads, so the handle is polled for hang-up.
 * Returns the count read, or -1 when the port is gone. */
static int
sim_read(struct sp_port *p, uint8_t *buf, size_t cap, uint32_t wait_us)
{
	struct pollfd	 pfd;
	int		 fd, rc, n;

	if (sp_get_port_handle(p, &fd) != SP_OK)
		return -1;
	pfd.fd = fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	rc = poll(&pfd, 1, wait_us == 0 ? 1 : (int)((wait_us + 999) / 1000));
	if (rc < 0)
		return errno == EINTR ? 0 : -1;
	if (rc == 0)
		return 0;
	n = sp_nonblocking_read(p, buf, cap);
	if (n < 0)
		return -1;
	if (n == 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)))
		return -1;
	return n;
}

int
main(int argc, char **argv)
{
	struct sim_opts	 o;
	struct sp_port	*port = NULL;
	uint8_t		 buf[512], *reply;
	uint32_t	 now, wait_us, last_try = 0;
	size_t		 len;
	int		 n, i, tries = 0;

	log_init("jhled-sim", LOG_INFO);
	sim_parse(argc, argv, &o);
	setvbuf(stdout, NULL, _IOLBF, 0);
	jh_stop_on_signals();

	if (display_init(&sim_d, o.unit, o.baud_code, o.w, o.h, (uint32_t)mono_us()) < 0)
		fatal("cannot start a %ux%u display", o.w, o.h);
	sim_d.rtu.strict = (uint8_t)o.strict;
	if ((port = sim_open(&o, o.baud, 0)) == NULL)
		fatal("%s: cannot open the serial port (a pty needs LD_PRELOAD of "
		    "libptyshim.so and a /dev/../../.. path: see tests/lib/pty.sh)", o.port);

	while (!jh_stop) {
		now = (uint32_t)mono_us();
		if (port == NULL) {
			/* The port went away (adapter pulled, pty closed): try it again. */
			if (now - last_try >= 200000u) {
				last_try = now;
				if ((port = sim_open(&o, regs_baud(sim_d.regs.baud_code),
				    tries++ > 0)) != NULL)
					tries = 0;
			}
			if (port == NULL) {
				usleep(50000);
				continue;
			}
		}
		if ((len = display_idle(&sim_d, now, &reply)) > 0 && sim_reply(port, reply, len) < 0)
			sim_close(&port);
		sim_after_frame(&o, &port);
		sim_show(&o, display_render(&sim_d, now));
		if (port == NULL)
			continue;

		wait_us = display_wait_us(&sim_d, now);
		if ((n = sim_read(port, buf, sizeof buf, wait_us)) < 0) {
			log_warn("%s: the port went away; reopening", o.port);
			sim_close(&port);
			continue;
		}
		now = (uint32_t)mono_us();
		for (i = 0; i < n && port != NULL; i++) {
			if ((len = display_rx(&sim_d, buf[i], now, &reply)) > 0 &&
			    sim_reply(port, reply, len) < 0)
				sim_close(&port);
			sim_after_frame(&o, &port);
		}
	}
	sim_close(&port);
	return 0;
}
