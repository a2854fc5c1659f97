/* status_bench.c — what `status` costs with a huge queue, and what it costs everybody else.
 * A jhd (real clock) on the sample hall with its 12 windows open, each serving a ticket, and
 * STATUS_BENCH_N (110,000) waiting tickets (written into the database while jhd is stopped:
 * taking them one by one would take minutes), then, all over the Unix socket:
 *   1. one status at a time: its round trip (median and max of 20);
 *   2. a ping every 10 ms on its own: the loop's idle latency;
 *   3. the same pings while 4 other clients each send status after status (kiosks or boards
 *      that poll): the latency everybody else sees, and how many statuses were answered.
 * Prints figures only, asserts nothing on time (tests/lib/bench.sh). JH_BIN picks the jhd
 * (an older build can be measured the same way); STATUS_BENCH_N another queue length. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "jhclient.h"
#include "mono.h"

#define LOOPERS		4
#define LOOP_S		4.0	/* how long the status loops run */
#define PING_EVERY_MS	10

static char top[1024], bin[1200], dir[1400], db[1500], sock[1500], portfile[1500];
static pid_t jhd_pid = -1;

static void
remove_dir(void)
{
	char cmd[1600];

	if (jhd_pid > 0) {
		kill(jhd_pid, SIGKILL);
		waitpid(jhd_pid, NULL, 0);
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	(void)!system(cmd);
}

static void
die(const char *what)
{
	fprintf(stderr, "status_bench: %s\n", what);
	exit(1);
}

static void
start_jhd(void)
{
	unlink(portfile);
	jhd_pid = fork();
	if (jhd_pid == 0) {
		char prog[1300];

		snprintf(prog, sizeof prog, "%s/jhd", bin);
		freopen("/dev/null", "w", stderr);
		execl(prog, "jhd", "--foreground", "--db", db, "--listen", "127.0.0.1:0", "--unix",
		    sock, "--port-file", portfile, "--log-level", "warn", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 600; i++) {	/* loading 110,000 tickets takes a moment */
		if (access(portfile, F_OK) == 0 && access(sock, F_OK) == 0)
			return;
		usleep(50000);
	}
	die("jhd did not start");
}

static void
stop_jhd(void)
{
	kill(jhd_pid, SIGTERM);
	waitpid(jhd_pid, NULL, 0);
	jhd_pid = -1;
	unlink(sock);
}

static struct jhc *
client(void)
{
	struct jhc *c = jhc_new(sock, &(struct jhc_cred){ 0 });

	if (!c || jhc_connect(c, 5000) < 0)
		die("cannot connect to jhd");
	return c;
}

/* One op over c; exits when it fails. */
static void
call(struct jhc *c, const char *op, json_t *extra)
{
	json_t *a = jhc_op(c, op, extra, 60000);

	if (!a) {
		fprintf(stderr, "status_bench: %s: %s\n", op, jhc_error(c));
		exit(1);
	}
	json_decref(a);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(double *v, int n, double p)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n ? v[(int)(p * (n - 1) + 0.5)] : 0;
}

/* The hall imported, every window open, one ticket taken (for the day jhd keeps), then
 * n waiting tickets more written straight into the database while jhd is stopped. */
static void
fill(int n)
{
	static const char *const lanes[] = { "normal", "normal", "normal", "normal", "normal",
	    "normal", "normal", "normal", "elderly", "green", "prereviewed", "disabled" };
	char cmd[4096], day[16] = "";
	struct jhc *c;
	json_t *st, *svcs, *wins, *v;
	size_t i;
	sqlite3 *sq;
	sqlite3_stmt *ins, *sel;
	int nsvc;
	char codes[64][16], prefix[64][16];

	snprintf(cmd, sizeof cmd, "'%s/jhctl' --sock '%s' import '%s/server/examples/district.ini'"
	    " >/dev/null", bin, sock, top);
	if (system(cmd) != 0)
		die("jhctl import failed");
	c = client();
	if (!(st = jhc_op(c, "status", NULL, 5000)))
		die("status failed");
	wins = json_object_get(st, "windows");
	json_array_foreach(wins, i, v)
		call(c, "open", json_pack("{s:s}", "window",
		    json_string_value(json_object_get(v, "name"))));
	svcs = json_object_get(st, "services");
	nsvc = (int)json_array_size(svcs);
	if (nsvc > 64)
		nsvc = 64;
	for (int s = 0; s < nsvc; s++)
		snprintf(codes[s], sizeof codes[s], "%s", json_string_value(json_object_get(
		    json_array_get(svcs, s), "code")));
	json_decref(st);
	call(c, "take", json_pack("{s:s}", "service", codes[0]));
	jhc_free(c);
	stop_jhd();

	if (sqlite3_open(db, &sq) != SQLITE_OK)
		die("cannot open the database");
	if (sqlite3_prepare_v2(sq, "SELECT day, code FROM tickets ORDER BY id LIMIT 1", -1, &sel,
	    NULL) != SQLITE_OK || sqlite3_step(sel) != SQLITE_ROW)
		die("no ticket in the database");
	snprintf(day, sizeof day, "%s", (const char *)sqlite3_column_text(sel, 0));
	sqlite3_finalize(sel);
	for (int s = 0; s < nsvc; s++) {
		if (sqlite3_prepare_v2(sq, "SELECT prefix FROM services WHERE code = ?1", -1, &sel,
		    NULL) != SQLITE_OK)
			die(sqlite3_errmsg(sq));
		sqlite3_bind_text(sel, 1, codes[s], -1, SQLITE_STATIC);
		snprintf(prefix[s], sizeof prefix[s], "%s", sqlite3_step(sel) == SQLITE_ROW ?
		    (const char *)sqlite3_column_text(sel, 0) : codes[s]);
		sqlite3_finalize(sel);
	}
	sqlite3_exec(sq, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(sq, "INSERT INTO tickets (day, service, issued_service, seq, code, "
	    "lane, applicant, channel, state, issued_at) VALUES (?1, ?2, ?2, ?3, ?4, ?5, "
	    "'individual', 'walk_in', 'waiting', ?6)", -1, &ins, NULL) != SQLITE_OK)
		die(sqlite3_errmsg(sq));
	{
		long long t0 = (long long)time(NULL) - 3 * 3600;
		char code[32];

		for (int k = 0; k < n; k++) {
			int s = k % nsvc, seq = 2 + k / nsvc;

			snprintf(code, sizeof code, "%s%03d", prefix[s], seq);
			sqlite3_bind_text(ins, 1, day, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 2, codes[s], -1, SQLITE_STATIC);
			sqlite3_bind_int(ins, 3, seq);
			sqlite3_bind_text(ins, 4, code, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 5, lanes[k % 12], -1, SQLITE_STATIC);
			sqlite3_bind_int64(ins, 6, t0 + (long long)k * 3 * 3600 / n);
			if (sqlite3_step(ins) != SQLITE_DONE)
				die(sqlite3_errmsg(sq));
			sqlite3_reset(ins);
		}
	}
	sqlite3_finalize(ins);
	if (sqlite3_exec(sq, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		die(sqlite3_errmsg(sq));
	sqlite3_close(sq);
	start_jhd();
	/* every window serving someone: status shows each one's current ticket too */
	c = client();
	if (!(st = jhc_op(c, "status", NULL, 60000)))
		die("status failed");
	json_array_foreach(json_object_get(st, "windows"), i, v)
		call(c, "call_next", json_pack("{s:s}", "window",
		    json_string_value(json_object_get(v, "name"))));
	json_decref(st);
	jhc_free(c);
}

/* Pings every PING_EVERY_MS for secs; their round trips (ms) in lat, how many returned. */
static int
pings(struct jhc *c, double secs, double *lat, int max)
{
	double end = (mono_us() / 1e3) + secs * 1e3;
	int n = 0;

	while ((mono_us() / 1e3) < end && n < max) {
		double t0 = (mono_us() / 1e3);

		call(c, "ping", NULL);
		lat[n++] = (mono_us() / 1e3) - t0;
		if ((mono_us() / 1e3) - t0 < PING_EVERY_MS)
			usleep((useconds_t)((PING_EVERY_MS - ((mono_us() / 1e3) - t0)) * 1000));
	}
	return n;
}

int
main(void)
{
	const char *t = getenv("JH_TOP"), *b = getenv("JH_BIN"), *bd = getenv("JH_BUILD");
	const char *nv = getenv("STATUS_BENCH_N");
	int n = nv && atoi(nv) >= 0 ? atoi(nv) : 110000, np, total = 0;
	double lat[2000], st[20];
	pid_t kids[LOOPERS];
	int fds[LOOPERS][2];
	struct jhc *c;

	snprintf(top, sizeof top, "%s", t ? t : ".");
	snprintf(bin, sizeof bin, "%s", b ? b : "bin");
	snprintf(dir, sizeof dir, "%s/sbench.XXXXXX", bd ? bd : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	atexit(remove_dir);
	signal(SIGPIPE, SIG_IGN);
	setenv("JH_PWHASH_FAST", "1", 1);
	snprintf(db, sizeof db, "%s/hall.db", dir);
	snprintf(sock, sizeof sock, "%s/jhd.sock", dir);
	snprintf(portfile, sizeof portfile, "%s/port", dir);
	start_jhd();
	fill(n);
	printf("status with %d waiting tickets, 17 services, 12 open windows (%s/jhd)\n", n + 1,
	    bin);

	c = client();
	call(c, "status", NULL);	/* the first one may pay for loading */
	for (int i = 0; i < 20; i++) {
		double t0 = (mono_us() / 1e3);

		call(c, "status", NULL);
		st[i] = (mono_us() / 1e3) - t0;
		usleep(20000);
	}
	printf("  one status at a time:   median %7.1f ms  max %7.1f ms (20)\n", pct(st, 20, 0.5),
	    pct(st, 20, 1.0));

	np = pings(c, 2.0, lat, 2000);
	printf("  ping, nothing else:     median %7.2f ms  p90 %7.2f ms  max %7.2f ms (%d)\n",
	    pct(lat, np, 0.5), pct(lat, np, 0.9), pct(lat, np, 1.0), np);

	for (int k = 0; k < LOOPERS; k++) {
		if (pipe(fds[k]) < 0)
			die("pipe");
		if ((kids[k] = fork()) == 0) {
			struct jhc *lc = client();
			double end = (mono_us() / 1e3) + LOOP_S * 1e3;
			int done = 0;

			while ((mono_us() / 1e3) < end) {
				call(lc, "status", NULL);
				done++;
			}
			(void)!write(fds[k][1], &done, sizeof done);
			jhc_free(lc);
			_exit(0);
		}
		close(fds[k][1]);
	}
	usleep(300000);		/* the loops are going */
	np = pings(c, LOOP_S - 1.0, lat, 2000);
	for (int k = 0; k < LOOPERS; k++) {
		int done = 0;

		if (read(fds[k][0], &done, sizeof done) == (ssize_t)sizeof done)
			total += done;
		close(fds[k][0]);
		waitpid(kids[k], NULL, 0);
	}
	printf("  ping, %d clients looping on status: median %7.2f ms  p90 %7.2f ms  max %7.2f ms"
	    " (%d); %.0f statuses/s answered\n", LOOPERS, pct(lat, np, 0.5), pct(lat, np, 0.9),
	    pct(lat, np, 1.0), np, total / LOOP_S);
	jhc_free(c);
	stop_jhd();
	return 0;
}
