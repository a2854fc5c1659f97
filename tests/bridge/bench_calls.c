/* bench_calls.c — call-to-display latency: an admin on jhd's Unix socket calls the next ticket
 * at a window N times; each time, the clock runs from call_next sent until jhled-sim (its
 * stdout read from a FIFO) prints the new state. Prints p50/p99 beside the wire time of the
 * frames the bridge sends for that state at the configured baud, and the target.
 *   bench_calls --sock PATH --fifo PATH [--window 1] [--calls 1000] [--baud 9600]
 *               [--bits 10] [--width 8] [--unit 1]
 * Between calls the ticket is finished and the display allowed to go idle, so each timed call
 * is one whole update: LINE1, LINE2, then CMD_SEQ+MODE (the state line shows MODE=1 only
 * after the last frame has landed). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "jhclient.h"
#include "bus.h"
#include "drv.h"
#include "../bench/benchlib.h"
#include "mono.h"
#include "view.h"

static char lbuf[65536];
static size_t llen;

/* Read lines from fd until one equals want, or timeout. 1 found, 0 not. */
static int
wait_line(int fd, const char *want, int timeout_ms)
{
	long long end = mono_ms() + timeout_ms;

	for (;;) {
		char *nl;

		while ((nl = memchr(lbuf, '\n', llen)) != NULL) {
			size_t n = (size_t)(nl - lbuf);
			int hit = n == strlen(want) && memcmp(lbuf, want, n) == 0;

			memmove(lbuf, nl + 1, llen - n - 1);
			llen -= n + 1;
			if (hit)
				return 1;
		}
		long long left = end - mono_ms();
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (left <= 0)
			return 0;
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		if (llen == sizeof lbuf)
			llen = 0;
		r = read(fd, lbuf + llen, sizeof lbuf - llen);
		if (r <= 0)
			return 0;
		llen += (size_t)r;
	}
}

int
main(int argc, char **argv)
{
	const char *sock = NULL, *fifo = NULL, *window = "1";
	int calls = 1000, baud = 9600, bits = 10, width = 8, unit = 1, fd;
	long long *lat;
	struct jhc *c;
	char req[256], want[256];
	struct drv_disp d;
	struct drv_view v;
	struct drv_job job;
	struct bus_cfg bc;
	size_t bytes = 0;
	long long wire_us, gap_us;
	double p50, p99, target;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--sock")) sock = argv[i + 1];
		else if (!strcmp(argv[i], "--fifo")) fifo = argv[i + 1];
		else if (!strcmp(argv[i], "--window")) window = argv[i + 1];
		else if (!strcmp(argv[i], "--calls")) calls = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--baud")) baud = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--bits")) bits = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--width")) width = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--unit")) unit = atoi(argv[i + 1]);
	}
	if (!sock || !fifo || calls < 1) {
		fprintf(stderr, "usage: bench_calls --sock PATH --fifo PATH [--calls N] ...\n");
		return 2;
	}
	if ((fd = open(fifo, O_RDONLY)) < 0) {
		perror(fifo);
		return 1;
	}
	c = jhc_new(sock, &(struct jhc_cred){ 0 });
	if (jhc_connect(c, 5000) < 0) {
		fprintf(stderr, "bench: cannot connect to %s: %s\n", sock, jhc_error(c));
		return 1;
	}
	for (int i = 0; i < calls; i++) {
		json_t *a = bench_op(c, i % 2 ? "{\"op\":\"take\",\"service\":\"B\"}" :
		    "{\"op\":\"take\",\"service\":\"A\"}");

		if (!a || !json_is_true(json_object_get(a, "ok"))) {
			fprintf(stderr, "bench: take failed\n");
			return 1;
		}
		json_decref(a);
	}
	snprintf(req, sizeof req, "{\"op\":\"open\",\"window\":\"%s\"}", window);
	json_decref(bench_op(c, req));
	lat = calloc((size_t)calls, sizeof *lat);
	for (int i = 0; i < calls; i++) {
		json_t *a;
		const char *code;
		long long t0;

		snprintf(req, sizeof req, "{\"op\":\"finish\",\"window\":\"%s\"}", window);
		json_decref(bench_op(c, req));
		/* let the idle state land first: each call is then a whole update of its own */
		if (!wait_line(fd, "MODE=0 LINE1=欢迎光临 LINE2=", 5000)) {
			fprintf(stderr, "bench: the display never went idle after finish\n");
			return 1;
		}
		snprintf(req, sizeof req, "{\"op\":\"call_next\",\"window\":\"%s\"}", window);
		t0 = mono_us();
		a = bench_op(c, req);
		code = json_string_value(json_object_get(json_object_get(a, "ticket"), "code"));
		if (!code) {
			fprintf(stderr, "bench: call_next %d gave no ticket\n", i);
			return 1;
		}
		snprintf(want, sizeof want, "MODE=1 LINE1=%s → %s LINE2=", code, window);
		json_decref(a);
		if (!wait_line(fd, want, 5000)) {
			fprintf(stderr, "bench: the display never showed '%s'\n", want);
			return 1;
		}
		lat[i] = mono_us() - t0;
	}
	qsort(lat, (size_t)calls, sizeof *lat, bench_cmp_ll);
	p50 = lat[calls / 2] / 1000.0;
	p99 = lat[(calls * 99) / 100 - (calls >= 100 ? 1 : 0)] / 1000.0;

	/* the frames the bridge sends for one such call, with the display's answers */
	memset(&d, 0, sizeof d);
	d.addr = unit;
	d.profile = DRV_PROFILE_DISPLAY;
	d.lines = 1;
	d.width = width;
	d.brightness = 100;
	d.flashes = 3;
	snprintf(d.charset, sizeof d.charset, "UTF-8");
	memset(&v, 0, sizeof v);
	v.mode = DRV_MODE_CALLING;
	v.nlines = 1;
	view_call_line("A001", window, &v.line[0]);
	drv_find("modbus")->state(&d, &v, 0, &job, req, sizeof req);
	for (int i = 0; i < job.n; i++)
		bytes += job.f[i].len + 8;	/* an FC16 answer is 8 bytes */
	bus_cfg_default(&bc);
	bc.baud = baud;
	bc.char_bits = bits;
	wire_us = bus_wire_us(&bc, bytes);
	gap_us = (long long)job.n * 2 * (baud > 19200 ? 1750 : 35LL * 11 * 100000 / baud);
	target = 1.2 * (wire_us + gap_us) / 1000.0 + 5.0;
	printf("call-to-display latency over %d calls: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
	    calls, p50, p99, lat[calls - 1] / 1000.0);
	printf("wire time at %d baud (%d bits a character): %.2f ms for %d frames + answers "
	    "(%zu bytes), plus %.2f ms of 3.5-character gaps\n", baud, bits, wire_us / 1000.0,
	    job.n, bytes, gap_us / 1000.0);
	printf("target p99 <= 1.2 x %.2f + 5 = %.2f ms: %s (ptys ignore baud: the wire time is "
	    "what a real line adds)\n", (wire_us + gap_us) / 1000.0, target,
	    p99 <= target ? "met" : "MISSED");
	jhc_free(c);
	free(lat);
	return p99 <= target ? 0 : 1;
}
