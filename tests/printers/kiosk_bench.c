/* kiosk_bench.c — time from a key press on the priority screen to the job accepted by cupsd
 * (take at jhd, render ESC/POS, create and stream the CUPS job), and to the job completed;
 * p50/p99 over N tickets. Needs a running jhd and cupsd (tests/printers/kiosk_bench.sh).
 * usage: kiosk_bench SERVER DEVICE TOKEN PRINTER N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jhclient.h"
#include "kiosk_core.h"
#include "log.h"
#include "mono.h"

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static void
report(const char *what, long long *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_ll);
	printf("%-34s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (n=%d)\n", what,
	    v[n / 2] / 1000.0, v[(n * 99) / 100 >= n ? n - 1 : (n * 99) / 100] / 1000.0,
	    v[n - 1] / 1000.0, n);
}

int
main(int argc, char **argv)
{
	struct kiosk_cfg cfg;
	struct kiosk k;
	struct ks_state *st;
	struct cp_result res;
	long long *acc, *done, t0;
	const char *prio, *code;
	json_t *t;
	int n, i, ok = 0;

	if (argc != 6 || (n = atoi(argv[5])) < 1) {
		fprintf(stderr, "usage: kiosk_bench SERVER DEVICE TOKEN PRINTER N\n");
		return 1;
	}
	log_init("kiosk_bench", LOG_WARN);
	memset(&cfg, 0, sizeof cfg);
	cfg.server = argv[1];
	cfg.device = argv[2];
	cfg.token = argv[3];
	cfg.printer = argv[4];
	cfg.format = KF_ESCPOS;
	cfg.width = TK_W80;
	cfg.status_url = "jh://ticket/";
	cfg.print_timeout_ms = 10000;
	if (kiosk_open(&k, &cfg) < 0) {
		fprintf(stderr, "kiosk_bench: %s\n", k.err);
		return 1;
	}
	st = calloc(1, sizeof *st);
	acc = calloc((size_t)n, sizeof *acc);
	done = calloc((size_t)n, sizeof *done);
	if (st == NULL || acc == NULL || done == NULL || kiosk_load_model(&k, st) < 0)
		return 1;
	for (i = 0; i < n; i++) {
		ks_home(st);
		st->screen = KS_PRIORITY;
		st->svc = 0;
		prio = NULL;
		t0 = mono_us();		/* the key press */
		if (ks_key(st, '1', &prio) != KA_TAKE)
			return 1;
		if ((t = kiosk_take(&k, st->svcs[st->svc].code, prio, &code)) == NULL) {
			fprintf(stderr, "kiosk_bench: take: %s\n", k.err);
			return 1;
		}
		if (kiosk_print(&k, t, &res) == 0) {
			acc[ok] = res.accepted_us - t0;
			done[ok] = mono_us() - t0;
			ok++;
		}
		json_decref(t);
	}
	printf("kiosk: %d tickets, %d printed\n", n, ok);
	if (ok > 0) {
		report("key press -> job accepted by cupsd", acc, ok);
		report("key press -> job completed", done, ok);
	}
	kiosk_close(&k);
	free(st);
	free(acc);
	free(done);
	return ok == n ? 0 : 1;
}
