/* take_expect_bench.c — what a `take` costs while today's bookings are expected arrivals
 * (docs/SCHEDULING.md, section 3, "Bookings as arrivals"), against the same hall with its
 * bookings on another day, measured in the same run.
 *
 * Each side is a fresh jhd on the test clock (Monday 2026-11-23 09:15) with the sample hall
 * ([limits] lifted, every slot bookable), its 12 windows open and idle, and
 * EXPECT_BENCH_BOOKINGS bookings of B, D, G and L spread over the slots from 09:30 on: (a) the
 * baseline books them for the next day, (b) for today, so that the forecast expects them;
 * (c) and (d) the same in the hall without its backup duties (in the sample hall a newcomer
 * that would wait past backup_threshold for a service that is primary at a window with a
 * backup duty, 15 of its 17 services, makes the append decline: (a) runs the full forecast
 * too; (c) is the hall where every take of a rush is placed on the kept tail). Then one kiosk
 * over TCP (the real protocol, through the client library) takes tickets one at a time,
 * rotating over the 17 services. At each level N (100, 400, 1,000) of tickets waiting comes a
 * rush: LEVEL_TAKES takes in the same clock second (the test clock stands still), whose
 * latencies give the takes per second, p50/p99, and jhd's CPU time per take (its run time in
 * /proc/PID/schedstat: steadier than the latencies on a shared machine); between the rushes
 * the clock moves on a second before each take (unmeasured), so that the queue is not one
 * second's tickets. A rush is where the kept tail counts: a take in a new second runs the
 * full forecast on every side. Every take must be answered ok with an eta_s; the ETA of the
 * last take of B on each side is printed, and the run fails unless (b)'s (and (d)'s) is the
 * greater (the holders of 09:30 pass the walk-ins taken after 09:15: the bookings were
 * expected). The set is repeated JH_BENCH_REPS times (3); the summary is the median of the
 * repetitions and each ratio is taken within its repetition. Prints figures only. */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchlib.h"
#include "jhclient.h"
#include "mono.h"

#define EXPECT_BENCH_BOOKINGS	300
#define LEVEL_TAKES		200
#define NLEVELS			3
#define MAX_REPS		15

static const int levels[NLEVELS] = { 100, 400, 1000 };
static char top[1024], bin[1200], dir[1400];

struct side {
	double rate[NLEVELS], p50[NLEVELS], p99[NLEVELS];
	double cpu[NLEVELS];	/* jhd's CPU time per take, ms */
	long long last_eta;	/* eta_s of the last take of B (booked) */
};

static void
die(const char *what, pid_t pid)
{
	fprintf(stderr, "take_expect_bench: %s\n", what);
	if (pid > 0)
		kill(pid, SIGKILL);
	exit(1);
}

/* One op as JSON text over c; exits unless it is answered ok. Returns the answer. */
static json_t *
must(struct jhc *c, const char *json, pid_t pid)
{
	json_t *a = bench_op(c, json);
	char msg[600];

	if (a == NULL || !json_is_true(json_object_get(a, "ok"))) {
		char *s = a ? json_dumps(a, JSON_COMPACT) : NULL;

		snprintf(msg, sizeof msg, "%.200s: %.300s", json, s ? s : jhc_error(c));
		free(s);
		die(msg, pid);
	}
	return a;
}

/* The CPU time process pid has run, in ms (/proc/PID/schedstat: nanoseconds on the CPU,
 * steadier than wall time on a shared machine), or -1. */
static double
cpu_ms(pid_t pid)
{
	char path[64];
	unsigned long long ns;
	FILE *f;
	int ok;

	snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	ok = fscanf(f, "%llu", &ns) == 1;
	fclose(f);
	return ok ? ns / 1e6 : -1;
}

/* A valid 18-digit resident id number (GB 11643 check digit), one per n < 1000. */
static void
id_number(int n, char *out, size_t len)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	int sum = 0;

	snprintf(out, len, "11010519800101%03d", n % 1000);
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * w[i];
	out[17] = check[sum % 11];
	out[18] = '\0';
}

/* The bookings: services B, D, G, L, slots 09:30 .. 11:30 and 13:30 .. 16:30 on day. */
static void
book_all(struct jhc *c, const char *day, pid_t pid)
{
	static const char *const svc[] = { "B", "D", "G", "L" };
	static const char *const slot[] = { "09:30", "10:00", "10:30", "11:00", "11:30", "13:30",
	    "14:00", "14:30", "15:00", "15:30", "16:00", "16:30" };
	char req[300], idn[24];

	for (int i = 0; i < EXPECT_BENCH_BOOKINGS; i++) {
		id_number(i + 1, idn, sizeof idn);
		snprintf(req, sizeof req, "{\"op\":\"book\",\"service\":\"%s\",\"start\":\"%sT%s:00"
		    "+08:00\",\"id_number\":\"%s\"}", svc[i % 4], day, slot[(i / 4) % 12], idn);
		json_decref(must(c, req, pid));
	}
}

/* One side: a fresh jhd, the hall (without its backup duties when nobackup), windows open,
 * the bookings on day, then the takes. */
static void
run_side(const char *day, int nobackup, struct side *out)
{
	static const char *const extra[] = { "--test-clock", "2026-11-23T09:15:00+08:00", NULL };
	const char *services = "ABCDEFGHIJKLMNOPQ";
	int ntakes = levels[NLEVELS - 1] + LEVEL_TAKES;
	char db[1500], sock[1500], pf[1500], addr[64], cmd[8192], devout[1024], req[128], *tok;
	double *lat = calloc(ntakes, sizeof *lat), t0[NLEVELS] = { 0 }, t1[NLEVELS] = { 0 };
	double c0[NLEVELS] = { 0 }, c1[NLEVELS] = { 0 };
	struct jhc *adm, *kiosk;
	json_t *st, *v, *a;
	size_t i;
	pid_t pid;

	if (lat == NULL)
		die("out of memory", 0);
	snprintf(db, sizeof db, "%s/jhd.db", dir);
	snprintf(sock, sizeof sock, "%s/jhd.sock", dir);
	snprintf(pf, sizeof pf, "%s/port", dir);
	snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm' '%s' '%s'", db, db, db, sock, pf);
	if (bench_run(cmd, NULL, 0) != 0)
		die("cannot clear the last side's files", 0);
	if ((pid = bench_start_jhd(bin, db, sock, pf, extra, NULL, addr, sizeof addr)) < 0)
		die("jhd did not start", 0);
	/* the sample hall, its per-device limits lifted and every slot bookable */
	snprintf(cmd, sizeof cmd, "sed -e '/^\\[limits\\]/,/^\\[/ s/= [0-9]*$/= 0/' "
	    "-e 's/^share = .*/share = 100%%/' %s %s/server/examples/district.ini >%s/hall.ini && "
	    "%s/jhctl --sock %s import %s/hall.ini",
	    nobackup ? "-e '/^services = /s/, [A-Z]:backup//g'" : "", top, dir, bin, sock, dir);
	if (bench_run(cmd, NULL, 0) != 0)
		die("import failed", pid);
	snprintf(cmd, sizeof cmd, "%s/jhctl --sock %s device add bench --role kiosk", bin, sock);
	if (bench_run(cmd, devout, sizeof devout) != 0 || !(tok = strrchr(devout, ' ')))
		die("device add failed", pid);
	tok++;
	tok[strcspn(tok, "\n")] = '\0';
	adm = jhc_new(sock, &(struct jhc_cred){ 0 });
	if (adm == NULL || jhc_connect(adm, 5000) < 0)
		die("cannot connect to the Unix socket", pid);
	st = must(adm, "{\"op\":\"status\"}", pid);
	json_array_foreach(json_object_get(st, "windows"), i, v) {
		snprintf(req, sizeof req, "{\"op\":\"open\",\"window\":\"%s\"}",
		    json_string_value(json_object_get(v, "name")));
		json_decref(must(adm, req, pid));
	}
	json_decref(st);
	book_all(adm, day, pid);
	kiosk = jhc_new(addr, &(struct jhc_cred){ .role = "kiosk", .device = "bench",
	    .token = tok });
	if (kiosk == NULL || jhc_connect(kiosk, 5000) < 0)
		die("the kiosk cannot connect", pid);
	for (int n = 0; n < ntakes; n++) {
		double s;
		json_t *eta;
		int burst = 0;

		/* the queue grows one take a second between the bursts */
		for (int l = 0; l < NLEVELS; l++)
			burst |= n >= levels[l] && n < levels[l] + LEVEL_TAKES;
		if (!burst)
			json_decref(must(adm, "{\"op\":\"clock\",\"advance_s\":1}", pid));
		snprintf(req, sizeof req, "{\"op\":\"take\",\"service\":\"%c\"}",
		    services[n % 17]);
		for (int l = 0; l < NLEVELS; l++)
			if (n == levels[l]) {
				c0[l] = cpu_ms(pid);
				t0[l] = mono_us() / 1e3;
			}
		s = mono_us() / 1e3;
		a = must(kiosk, req, pid);
		lat[n] = mono_us() / 1e3 - s;
		for (int l = 0; l < NLEVELS; l++)
			if (n == levels[l] + LEVEL_TAKES - 1) {
				t1[l] = mono_us() / 1e3;
				c1[l] = cpu_ms(pid);
			}
		eta = json_object_get(json_object_get(a, "ticket"), "eta_s");
		if (!json_is_integer(eta))
			die("a take was answered without eta_s", pid);
		if (services[n % 17] == 'B')
			out->last_eta = json_integer_value(eta);
		json_decref(a);
	}
	jhc_free(kiosk);
	jhc_free(adm);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	for (int l = 0; l < NLEVELS; l++) {
		out->rate[l] = LEVEL_TAKES / ((t1[l] - t0[l]) / 1e3);
		out->cpu[l] = c0[l] < 0 || c1[l] < 0 ? -1 : (c1[l] - c0[l]) / LEVEL_TAKES;
		out->p50[l] = bench_percentile(lat + levels[l], LEVEL_TAKES, 0.50);
		out->p99[l] = bench_percentile(lat + levels[l], LEVEL_TAKES, 0.99);
	}
	free(lat);
}

/* The median of field f (an array of NLEVELS) at level l over n sides, or of its ratio b/a
 * taken side by side when b is given. */
static double
median(const struct side *a, const struct side *b, int n, size_t f, int l)
{
	double t[MAX_REPS];

	for (int r = 0; r < n; r++) {
		double x = ((const double *)((const char *)&a[r] + f))[l];

		t[r] = b ? ((const double *)((const char *)&b[r] + f))[l] / x : x;
	}
	qsort(t, n, sizeof *t, bench_cmp_double);
	return t[n / 2];
}

/* One line of figures: sides a and b (named na, nb) and b/a at level l. */
static void
report(const char *what, const char *na, const struct side *a, const char *nb,
    const struct side *b, int n, int l)
{
	printf("%s %4d waiting: %s %5.0f takes/s p50 %5.2f ms p99 %6.2f ms jhd CPU %.3f ms/take"
	    " | %s %5.0f takes/s p50 %5.2f ms p99 %6.2f ms jhd CPU %.3f ms/take | %c/%c: time "
	    "per take %.2fx p50 %.2fx p99 %.2fx CPU %.2fx\n", what, levels[l], na,
	    median(a, NULL, n, offsetof(struct side, rate), l),
	    median(a, NULL, n, offsetof(struct side, p50), l),
	    median(a, NULL, n, offsetof(struct side, p99), l),
	    median(a, NULL, n, offsetof(struct side, cpu), l), nb,
	    median(b, NULL, n, offsetof(struct side, rate), l),
	    median(b, NULL, n, offsetof(struct side, p50), l),
	    median(b, NULL, n, offsetof(struct side, p99), l),
	    median(b, NULL, n, offsetof(struct side, cpu), l), nb[1], na[1],
	    1 / median(a, b, n, offsetof(struct side, rate), l),
	    median(a, b, n, offsetof(struct side, p50), l),
	    median(a, b, n, offsetof(struct side, p99), l),
	    median(a, b, n, offsetof(struct side, cpu), l));
}

/* The 09:30 holders of B pass the walk-ins taken after 09:15: unless b's last B ETA is above
 * a's, jhd did not expect today's bookings and b measured the baseline again. */
static int
counted(const char *what, const struct side *a, const struct side *b)
{
	printf("%s the last B take's eta_s: %lld s, then %lld s with today's bookings\n", what,
	    a->last_eta, b->last_eta);
	if (b->last_eta > a->last_eta)
		return 1;
	fprintf(stderr, "take_expect_bench: %s the ETA with today's bookings is not above the "
	    "baseline's: jhd did not expect them, nothing was measured\n", what);
	return 0;
}

int
main(void)
{
	const char *rp = getenv("JH_BENCH_REPS");
	int reps = rp && atoi(rp) > 0 ? atoi(rp) : 3;
	struct side sa[MAX_REPS], sb[MAX_REPS], sc[MAX_REPS], sd[MAX_REPS];
	char what[64];

	if (reps > MAX_REPS)
		reps = MAX_REPS;
	if (bench_setup("take_expect", top, sizeof top, bin, sizeof bin, dir, sizeof dir) < 0)
		return 1;
	printf("take with N waiting, 12 windows open, one kiosk; %d bookings tomorrow (a, c) or "
	    "today (b, d: expected arrivals); (a, b) the sample hall, (c, d) without its backup "
	    "duties (every take of c placed on the kept tail)\n", EXPECT_BENCH_BOOKINGS);
	for (int r = 0; r < reps; r++) {
		run_side("2026-11-24", 0, &sa[r]);
		run_side("2026-11-23", 0, &sb[r]);
		run_side("2026-11-24", 1, &sc[r]);
		run_side("2026-11-23", 1, &sd[r]);
		snprintf(what, sizeof what, "run %d:", r + 1);
		for (int l = 0; l < NLEVELS; l++)
			report(what, "(a)", &sa[r], "(b)", &sb[r], 1, l);
		for (int l = 0; l < NLEVELS; l++)
			report(what, "(c)", &sc[r], "(d)", &sd[r], 1, l);
		if (!counted("run: (a, b)", &sa[r], &sb[r]) ||
		    !counted("run: (c, d)", &sc[r], &sd[r]))
			return 1;
		fflush(stdout);
	}
	snprintf(what, sizeof what, "median of %d runs:", reps);
	for (int l = 0; l < NLEVELS; l++)
		report(what, "(a)", sa, "(b)", sb, reps, l);
	for (int l = 0; l < NLEVELS; l++)
		report(what, "(c)", sc, "(d)", sd, reps, l);
	return 0;
}
