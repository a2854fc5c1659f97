/* bench_voice.c — call-to-sound latency: an admin on jhd's Unix socket calls the next ticket at
 * a window N times; each time, the clock runs from call_next sent until the first non-silent
 * sample comes out of the FIFO that jhvoice's PCM (ALSA's file plugin) writes into. Each call
 * is read whole (the FIFO quiet for 200 ms) before the next. Beside it, the baseline: the
 * announcement's own clips decoded from the pack's files and concatenated, per call, and the
 * same rendered from the pack in memory, which is what jhvoice does.
 *   bench_voice --sock PATH --fifo PATH --config INI [--window 1] [--calls 100]
 * The FIFO must have a reader or writer open already (the script holds it), so that opening it
 * does not block. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jhclient.h"
#include "../bench/benchlib.h"
#include "mono.h"
#include "pack.h"
#include "say.h"
#include "vconf.h"

/* Read what is there. The bytes read, 0 when nothing came within ms, -1 on end or error;
 * *loud is set when a sample is not zero. */
static long
drain(int fd, int ms, int *loud)
{
	static unsigned char buf[65536];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t r;

	if (poll(&p, 1, ms) <= 0)
		return 0;
	if ((r = read(fd, buf, sizeof buf)) <= 0)
		return r == 0 || errno != EAGAIN ? -1 : 0;
	for (ssize_t i = 0; i + 1 < r && !*loud; i += 2)
		*loud = buf[i] || buf[i + 1];
	return (long)r;
}

static void
report(const char *what, long long *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, bench_cmp_ll);
	printf("  %-58s p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms\n", what, v[n / 2] / 1000.0,
	    v[(n * 99) / 100 - (n >= 100 ? 1 : 0)] / 1000.0, v[n - 1] / 1000.0);
}

int
main(int argc, char **argv)
{
	const char *sock = NULL, *fifo = NULL, *config = NULL, *window = "1";
	static struct vconf cfg;
	static struct say_plan plan;
	char req[256], err[1024], codes[1000][16];
	long long *lat, *dec, *mem;
	int calls = 100, fd;
	struct pack full;
	struct jhc *c;
	double p99;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--sock")) sock = argv[i + 1];
		else if (!strcmp(argv[i], "--fifo")) fifo = argv[i + 1];
		else if (!strcmp(argv[i], "--config")) config = argv[i + 1];
		else if (!strcmp(argv[i], "--window")) window = argv[i + 1];
		else if (!strcmp(argv[i], "--calls")) calls = atoi(argv[i + 1]);
	}
	if (!sock || !fifo || !config || calls < 1 || calls > 1000) {
		fprintf(stderr, "usage: bench_voice --sock PATH --fifo PATH --config INI "
		    "[--window 1] [--calls 100]\n");
		return 2;
	}
	if (vconf_load(config, &cfg, err, sizeof err) < 0) {
		fprintf(stderr, "bench: %s\n", err);
		return 1;
	}
	if ((fd = open(fifo, O_RDONLY | O_NONBLOCK)) < 0) {
		perror(fifo);
		return 1;
	}
	c = jhc_new(sock, &(struct jhc_cred){ 0 });
	if (jhc_connect(c, 5000) < 0) {
		fprintf(stderr, "bench: cannot connect to %s: %s\n", sock, jhc_error(c));
		return 1;
	}
	for (int i = 0; i < calls; i++) {
		json_t *a = bench_op(c, "{\"op\":\"take\",\"service\":\"A\"}");

		if (!a || !json_is_true(json_object_get(a, "ok"))) {
			fprintf(stderr, "bench: take failed\n");
			return 1;
		}
		json_decref(a);
	}
	snprintf(req, sizeof req, "{\"op\":\"open\",\"window\":\"%s\"}", window);
	json_decref(bench_op(c, req));
	lat = calloc((size_t)calls, sizeof *lat);
	dec = calloc((size_t)calls, sizeof *dec);
	mem = calloc((size_t)calls, sizeof *mem);
	for (int i = 0; i < calls; i++) {
		const char *code;
		long long t0, bytes = 0;
		long r;
		int loud = 0;
		json_t *a;

		snprintf(req, sizeof req, "{\"op\":\"finish\",\"window\":\"%s\"}", window);
		json_decref(bench_op(c, req));
		while (drain(fd, 0, &loud) > 0)
			;
		loud = 0;
		snprintf(req, sizeof req, "{\"op\":\"call_next\",\"window\":\"%s\"}", window);
		t0 = mono_us();
		a = bench_op(c, req);
		code = json_string_value(json_object_get(json_object_get(a, "ticket"), "code"));
		if (!code) {
			fprintf(stderr, "bench: call_next %d gave no ticket\n", i);
			return 1;
		}
		snprintf(codes[i], sizeof codes[i], "%s", code);
		json_decref(a);
		while (!loud) {
			if ((r = drain(fd, 5000, &loud)) <= 0) {
				fprintf(stderr, "bench: no sound for %s within 5 s\n", codes[i]);
				return 1;
			}
			bytes += r;
		}
		lat[i] = mono_us() - t0;
		/* the rest of it, until the device has been quiet for 200 ms */
		while ((r = drain(fd, 200, &loud)) > 0)
			bytes += r;
		if (bytes < 16000 * 2 * 5) {
			fprintf(stderr, "bench: %s gave %lld bytes, not a whole announcement\n",
			    codes[i], bytes);
			return 1;
		}
	}
	jhc_free(c);

	/* the baseline: each announcement's clips decoded from their files and joined */
	pack_init(&full, cfg.pack);
	if (pack_load(&full, cfg.say.langs, cfg.say.nlangs, err, sizeof err) < 0) {
		fprintf(stderr, "bench: %s\n", err);
		return 1;
	}
	for (int i = 0; i < calls; i++) {
		struct pack pk;
		long long t0 = mono_us();
		int16_t *s;

		/* the plan names the clips; a player without the pack in memory reads those */
		say_plan(&full, &cfg.say, codes[i], window, &plan, err, sizeof err);
		pack_init(&pk, cfg.pack);
		for (int k = 0; k < plan.n; k++)
			if (plan.p[k].clip && !pack_get(&pk, plan.p[k].clip->name) &&
			    pack_add(&pk, plan.p[k].clip->name, NULL, err, sizeof err) < 0) {
				fprintf(stderr, "bench: %s\n", err);
				return 1;
			}
		if (say_plan(&pk, &cfg.say, codes[i], window, &plan, err, sizeof err) < 0) {
			fprintf(stderr, "bench: %s\n", err);
			return 1;
		}
		s = malloc(say_samples(&plan, pk.rate) * sizeof *s);
		say_render(&plan, pk.rate, s);
		dec[i] = mono_us() - t0;
		free(s);
		pack_free(&pk);

		t0 = mono_us();
		say_plan(&full, &cfg.say, codes[i], window, &plan, err, sizeof err);
		s = malloc(say_samples(&plan, full.rate) * sizeof *s);
		say_render(&plan, full.rate, s);
		mem[i] = mono_us() - t0;
		free(s);
	}
	pack_free(&full);
	printf("voice calling: %d calls at window %s, one at a time (%s ... %s)\n", calls, window,
	    codes[0], codes[calls - 1]);
	report("call_next sent -> first non-silent sample at the PCM", lat, calls);
	report("baseline: the clips decoded from the pack's files + joined", dec, calls);
	report("jhvoice's own: rendered from the pack in memory", mem, calls);
	p99 = lat[(calls * 99) / 100 - (calls >= 100 ? 1 : 0)] / 1000.0;
	printf("target p99 < 300 ms: %s\n", p99 < 300 ? "met" : "MISSED");
	free(lat);
	free(dec);
	free(mem);
	return p99 < 300 ? 0 : 1;
}
