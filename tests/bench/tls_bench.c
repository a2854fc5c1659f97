/* tls_bench.c — what TLS costs on the hall network, against plain TCP in the same run and on
 * the same jhd (one listener of each, on loopback): sign-in (connect and hello) of a kiosk by
 * token and of a clerk by password (production password hashing), and `take` from 1 and 8
 * kiosks. All through the client library, as every program talks to jhd.
 *
 * The two modes run in alternating blocks (plain then TLS, then TLS then plain, ...) so that
 * the growing queue and the machine's other load weigh on both alike. Prints, per figure,
 * plain, TLS and the ratio TLS/plain. Every answer must be ok: any failure fails the run. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchlib.h"
#include "jhclient.h"
#include "mono.h"

#define BLOCKS		12	/* alternating blocks per figure */
#define SIGNIN_KIOSK	40	/* kiosk sign-ins per block and mode */
#define SIGNIN_CLERK	2	/* clerk sign-ins per block and mode (each hashes a password) */
#define TAKES_1		400	/* takes per block and mode, one kiosk */
#define TAKES_8		100	/* takes per kiosk, block and mode, eight kiosks */
#define KIOSKS		8

static char dir[256], bin[1200];
static char plain_addr[64], tls_addr[64], ca[400], token[256];
static const char *services = "ABCDEFGHIJKLMNOPQ";

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "tls_bench: %s: %s\n", what, why);
	exit(1);
}

static struct jhc *
kiosk(int tls)
{
	struct jhc_cred cr = { .role = "kiosk", .device = "bench", .token = token,
	    .ca = tls ? ca : NULL };
	struct jhc *c = jhc_new(tls ? tls_addr : plain_addr, &cr);

	if (!c || jhc_connect(c, 10000) < 0)
		die(tls ? "kiosk sign-in over TLS" : "kiosk sign-in", c ? jhc_error(c) : "oom");
	return c;
}

/* n sign-ins, each timed into lat. */
static void
signins(int tls, int clerk, int n, double *lat)
{
	struct jhc_cred cr = { .role = "clerk", .user = "alice", .password = "bench-password",
	    .window = "1", .takeover = 1, .ca = tls ? ca : NULL };

	for (int i = 0; i < n; i++) {
		double t = (mono_us() / 1e3);
		struct jhc *c;

		if (clerk) {
			c = jhc_new(tls ? tls_addr : plain_addr, &cr);
			if (!c || jhc_connect(c, 20000) < 0)
				die("clerk sign-in", c ? jhc_error(c) : "oom");
		} else
			c = kiosk(tls);
		lat[i] = (mono_us() / 1e3) - t;
		jhc_free(c);
	}
}

struct taker {
	struct jhc *c;
	int idx, n;
	double *lat;
};

static void *
take_loop(void *arg)
{
	struct taker *t = arg;

	for (int i = 0; i < t->n; i++) {
		char s[2] = { services[(t->idx + i) % 17], '\0' };
		double t0 = (mono_us() / 1e3);
		json_t *a = jhc_op(t->c, "take", json_pack("{s:s}", "service", s), 10000);

		if (!a)
			die("take", jhc_error(t->c));
		json_decref(a);
		t->lat[i] = (mono_us() / 1e3) - t0;
	}
	return NULL;
}

/* One block of takes: nk kiosks (connected already), per takes each; returns the time. */
static double
takes(struct jhc **cs, int nk, int per, double *lat)
{
	pthread_t th[KIOSKS];
	struct taker tk[KIOSKS];
	double t0 = (mono_us() / 1e3);

	for (int k = 0; k < nk; k++) {
		tk[k] = (struct taker){ cs[k], k, per, lat + k * per };
		if (pthread_create(&th[k], NULL, take_loop, &tk[k]) != 0)
			die("pthread_create", strerror(errno));
	}
	for (int k = 0; k < nk; k++)
		pthread_join(th[k], NULL);
	return (mono_us() / 1e3) - t0;
}

static int
read_port(const char *path)
{
	FILE *f = fopen(path, "r");
	int port = 0;

	if (f) {
		if (fscanf(f, "%d", &port) != 1)
			port = 0;
		fclose(f);
	}
	return port;
}

/* jhd on loopback: plain TCP and TLS (ports into plain_addr and tls_addr). */
static pid_t
start_jhd(void)
{
	char db[400], sock[400], pf[400], tpf[400], crt[400], key[400];
	const char *extra[] = { "--tls-listen", "127.0.0.1:0", "--tls-port-file", tpf,
	    "--tls-cert", crt, "--tls-key", key, NULL };
	pid_t pid;

	snprintf(db, sizeof db, "%s/hall.db", dir);
	snprintf(sock, sizeof sock, "%s/jhd.sock", dir);
	snprintf(pf, sizeof pf, "%s/port", dir);
	snprintf(tpf, sizeof tpf, "%s/tport", dir);
	snprintf(crt, sizeof crt, "%s/jhd.crt", dir);
	snprintf(key, sizeof key, "%s/jhd.key", dir);
	/* jhd writes the TLS port file before the plain one: both are there */
	if ((pid = bench_start_jhd(bin, db, sock, pf, extra, NULL, plain_addr,
	    sizeof plain_addr)) > 0)
		snprintf(tls_addr, sizeof tls_addr, "127.0.0.1:%d", read_port(tpf));
	return pid;
}

static pid_t jhd_pid = -1;

static void
stop_jhd(void)
{
	if (jhd_pid > 0) {
		kill(jhd_pid, SIGTERM);
		waitpid(jhd_pid, NULL, 0);
	}
}

static void
line(const char *what, const char *unit, double plain, double tls)
{
	printf("%-34s %10.2f %10.2f %8.2fx  %s\n", what, plain, tls, plain > 0 ? tls / plain : 0,
	    unit);
}

/* A percentile of latencies in ms, plain (lat[0]) against TLS (lat[1]). */
#define pline(what, lat, n, p) \
	line(what, "ms", bench_percentile((lat)[0], n, p), bench_percentile((lat)[1], n, p))

int
main(void)
{
	const char *top = getenv("JH_TOP");
	char cmd[4096], out[1024], *p;
	static double lk[2][BLOCKS * SIGNIN_KIOSK], lc[2][BLOCKS * SIGNIN_CLERK];
	static double l1[2][BLOCKS * TAKES_1], l8[2][BLOCKS * TAKES_8 * KIOSKS];
	double t1[2] = { 0, 0 }, t8[2] = { 0, 0 };

	snprintf(bin, sizeof bin, "%s/bin", top ? top : ".");
	if (bench_tmpdir("/tmp", "jh-tlsbench", dir, sizeof dir) < 0)
		return 1;
	snprintf(ca, sizeof ca, "%s/ca.crt", dir);
	snprintf(cmd, sizeof cmd, "%s/jhctl ca init --dir %s >/dev/null && %s/jhctl ca issue "
	    "--dir %s --server 127.0.0.1 >/dev/null", bin, dir, bin, dir);
	if (bench_run(cmd, NULL, 0) != 0)
		die("jhctl ca", "failed");
	if ((jhd_pid = start_jhd()) < 0)
		die("jhd", "did not start");
	atexit(stop_jhd);	/* before the folder goes (atexit runs last first) */
	/* the sample hall with its [limits] lifted: the kiosks share one device, on purpose */
	snprintf(cmd, sizeof cmd, "cd %s && sed '/^\\[limits\\]/,/^\\[/ s/= [0-9]*$/= 0/' "
	    "server/examples/district.ini >%s/hall.ini && bin/jhctl --sock %s/jhd.sock import "
	    "%s/hall.ini >/dev/null && echo bench-password | bin/jhctl --sock %s/jhd.sock user add "
	    "alice --role clerk --password-stdin >/dev/null && bin/jhctl --sock %s/jhd.sock device "
	    "add bench --role kiosk | tail -1", top ? top : ".", dir, dir, dir, dir, dir);
	if (bench_run(cmd, out, sizeof out) != 0 || !(p = strrchr(out, ' ')))
		die("setting up the hall", out);
	snprintf(token, sizeof token, "%.*s", (int)strcspn(p + 1, "\n"), p + 1);

	printf("tls_bench: one jhd, plain TCP and TLS (GnuTLS, ECDSA P-256) on loopback; "
	    "%d alternating blocks\n", BLOCKS);
	for (int b = 0; b < BLOCKS; b++)
		for (int j = 0; j < 2; j++) {
			int tls = (b + j) % 2;

			signins(tls, 0, SIGNIN_KIOSK, lk[tls] + b * SIGNIN_KIOSK);
			signins(tls, 1, SIGNIN_CLERK, lc[tls] + b * SIGNIN_CLERK);
		}
	for (int b = 0; b < BLOCKS; b++)
		for (int j = 0; j < 2; j++) {
			int tls = (b + j) % 2;
			struct jhc *cs[KIOSKS];

			cs[0] = kiosk(tls);
			t1[tls] += takes(cs, 1, TAKES_1, l1[tls] + b * TAKES_1);
			jhc_free(cs[0]);
			for (int k = 0; k < KIOSKS; k++)
				cs[k] = kiosk(tls);
			t8[tls] += takes(cs, KIOSKS, TAKES_8, l8[tls] + b * TAKES_8 * KIOSKS);
			for (int k = 0; k < KIOSKS; k++)
				jhc_free(cs[k]);
		}
	printf("%-34s %10s %10s %9s\n", "", "plain", "TLS", "TLS/plain");
	pline("kiosk sign-in (token), median", lk, BLOCKS * SIGNIN_KIOSK, 0.5);
	pline("kiosk sign-in (token), p99", lk, BLOCKS * SIGNIN_KIOSK, 0.99);
	pline("clerk sign-in (password), median", lc, BLOCKS * SIGNIN_CLERK, 0.5);
	line("take, 1 kiosk", "takes/s", BLOCKS * TAKES_1 / (t1[0] / 1e3),
	    BLOCKS * TAKES_1 / (t1[1] / 1e3));
	pline("take, 1 kiosk, p50", l1, BLOCKS * TAKES_1, 0.5);
	pline("take, 1 kiosk, p99", l1, BLOCKS * TAKES_1, 0.99);
	line("take, 8 kiosks", "takes/s", BLOCKS * TAKES_8 * KIOSKS / (t8[0] / 1e3),
	    BLOCKS * TAKES_8 * KIOSKS / (t8[1] / 1e3));
	pline("take, 8 kiosks, p99", l8, BLOCKS * TAKES_8 * KIOSKS, 0.99);
	return 0;
}
