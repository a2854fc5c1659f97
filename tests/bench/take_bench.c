/* take_bench.c — `take` throughput and latency against a real jhd over loopback with 1, 8 and
 * 64 concurrent kiosks, and in the same run the baseline of raw SQLite on the same file system
 * with the same PRAGMAs and one INSERT per transaction. Prints the ratio (target: >= 5x at 64
 * clients, p99 < 20 ms). Each level runs on a fresh server and database.
 *
 * The load generator is lean, like wrk, so that it does not steal the CPU it measures: one
 * thread multiplexes all the kiosks' TCP connections with epoll, each with one request in
 * flight (a closed loop); requests are formatted with snprintf into a small buffer and answers
 * recognised without a JSON parser (the line's "id" and "ok":true). hello goes through the
 * client library (the real protocol), which then hands over its socket. Every answer must be
 * ok: any error, stall (10 s) or lost connection fails the run.
 *
 * Each phase does a fixed number of takes (inserts) that lasts about a second or more on a
 * small machine, and the whole set (baseline, 1, 8, 64) is repeated JH_BENCH_REPS times (3);
 * the summary is the median of the repetitions, each ratio taken against the baseline of its
 * own repetition (so a disk that drifts between repetitions moves both sides). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "benchlib.h"
#include "jhclient.h"
#include "mono.h"

#define BENCH_LINE	8192		/* longest answer line we accept */
#define BENCH_STALL_MS	10000		/* no answer at all for this long fails the run */
#define BENCH_ID_BASE	1000000000LL	/* request ids far above any ticket id in an answer */

static char top[1024], bin[1200], dir[1400];
static const char *services = "ABCDEFGHIJKLMNOPQ";

/* One kiosk's connection: one take in flight at a time. */
struct kiosk {
	int fd;
	int idx;		/* which kiosk, for the service rotation and the ids */
	int n;			/* takes to do */
	int sent, done;
	long long id;		/* id of the take in flight */
	double t_sent;
	char out[128];		/* the request line being written */
	int outlen, outoff;
	int want_out;		/* registered for EPOLLOUT */
	char in[BENCH_LINE];	/* bytes of answers read, not yet a whole line */
	int inlen;
	double *lat_ms;		/* n latencies */
};

/* A kiosk's connection, signed in as the device "bench" (benchlib.h). */
static int
kiosk_connect(const char *addr, const char *token)
{
	struct jhc_cred cr = { .role = "kiosk", .device = "bench", .token = token };

	return bench_connect(addr, &cr, "take_bench");
}

/* Write what is left of the request. 1 when all of it is out, 0 when the socket is full,
 * -1 on error. */
static int
kiosk_flush(struct kiosk *k)
{
	while (k->outoff < k->outlen) {
		ssize_t w = write(k->fd, k->out + k->outoff, k->outlen - k->outoff);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (w < 0)
			return -1;
		k->outoff += w;
	}
	return 1;
}

/* Format and start sending the next take. */
static int
kiosk_send(struct kiosk *k)
{
	k->id = BENCH_ID_BASE + (long long)k->idx * 10000000 + k->sent;
	k->outlen = snprintf(k->out, sizeof k->out, "{\"id\":%lld,\"op\":\"take\","
	    "\"service\":\"%c\"}\n", k->id, services[(k->idx + k->sent) % strlen(services)]);
	k->outoff = 0;
	k->sent++;
	k->t_sent = (mono_us() / 1e3);
	return kiosk_flush(k);
}

/* Is this line the ok answer to the take in flight? The id is unique to this request and
 * far above any ticket id, so finding it followed by a delimiter cannot match a nested id. */
static int
answer_ok(const struct kiosk *k, const char *line)
{
	char want[40];
	const char *p;
	size_t n;

	n = snprintf(want, sizeof want, "\"id\":%lld", k->id);
	if (!(p = strstr(line, want)) || (p[n] != ',' && p[n] != '}'))
		return 0;
	return strstr(line, "\"ok\":true") != NULL && strstr(line, "\"ok\":false") == NULL;
}

/* Read answers; for each whole line check it, record the latency and send the next take.
 * 0, or -1 with a message in err. */
static int
kiosk_read(struct kiosk *k, char *err, size_t errlen)
{
	for (;;) {
		ssize_t r = read(k->fd, k->in + k->inlen, sizeof k->in - 1 - k->inlen);
		char *line, *nl;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (r <= 0) {
			snprintf(err, errlen, "kiosk %d: connection %s after %d answers", k->idx,
			    r == 0 ? "closed by jhd" : "failed", k->done);
			return -1;
		}
		k->inlen += r;
		k->in[k->inlen] = '\0';
		line = k->in;
		while ((nl = memchr(line, '\n', k->inlen - (line - k->in)))) {
			double t = (mono_us() / 1e3);

			*nl = '\0';
			if (k->sent == k->done || !answer_ok(k, line)) {
				snprintf(err, errlen, "kiosk %d: take %lld not ok: %.300s", k->idx,
				    k->id, line);
				return -1;
			}
			k->lat_ms[k->done++] = t - k->t_sent;
			if (k->sent < k->n && kiosk_send(k) < 0) {
				snprintf(err, errlen, "kiosk %d: write: %s", k->idx, strerror(errno));
				return -1;
			}
			line = nl + 1;
		}
		k->inlen -= line - k->in;
		memmove(k->in, line, k->inlen);
		if (k->inlen >= (int)sizeof k->in - 1) {
			snprintf(err, errlen, "kiosk %d: answer line over %d bytes", k->idx,
			    BENCH_LINE);
			return -1;
		}
	}
}

/* Drive nclients kiosks, per takes each, to the end. Fills the kiosks' latencies, and err
 * on the first failure (then returns -1). */
static int
drive(struct kiosk *ks, int nclients, int per, double *t0, double *t1, char *err,
    size_t errlen)
{
	struct epoll_event ev, evs[128];
	int ep = epoll_create1(0), left = nclients, rc = -1;

	if (ep < 0) {
		snprintf(err, errlen, "epoll_create1: %s", strerror(errno));
		return -1;
	}
	*t0 = (mono_us() / 1e3);
	for (int i = 0; i < nclients; i++) {
		int f;

		ks[i].n = per;
		ev.events = EPOLLIN;
		ev.data.ptr = &ks[i];
		if (epoll_ctl(ep, EPOLL_CTL_ADD, ks[i].fd, &ev) < 0 || (f = kiosk_send(&ks[i])) < 0) {
			snprintf(err, errlen, "kiosk %d: %s", i, strerror(errno));
			goto out;
		}
		if (f == 0) {
			ev.events = EPOLLIN | EPOLLOUT;
			epoll_ctl(ep, EPOLL_CTL_MOD, ks[i].fd, &ev);
			ks[i].want_out = 1;
		}
	}
	while (left > 0) {
		int n = epoll_wait(ep, evs, 128, BENCH_STALL_MS);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, errlen, "%s", n == 0 ? "no answer from jhd for 10 s" :
			    strerror(errno));
			goto out;
		}
		for (int e = 0; e < n; e++) {
			struct kiosk *k = evs[e].data.ptr;
			int was_done = k->done == k->n, f;

			if (evs[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR) &&
			    kiosk_read(k, err, errlen) < 0)
				goto out;
			if ((f = kiosk_flush(k)) < 0) {
				snprintf(err, errlen, "kiosk %d: write: %s", k->idx, strerror(errno));
				goto out;
			}
			if (k->want_out != (f == 0)) {
				k->want_out = f == 0;
				ev.events = k->want_out ? EPOLLIN | EPOLLOUT : EPOLLIN;
				ev.data.ptr = k;
				epoll_ctl(ep, EPOLL_CTL_MOD, k->fd, &ev);
			}
			if (!was_done && k->done == k->n)
				left--;
		}
	}
	*t1 = (mono_us() / 1e3);
	rc = 0;
out:
	close(ep);
	return rc;
}

/* One level: nclients kiosks, each doing per takes. Returns takes/s, fills p50/p99; exits
 * with a message when any take fails. */
static double
level(int nclients, int per, double *p50, double *p99)
{
	char db[1500], sock[1500], pf[1500], addr[64], cmd[8192], out[1024], err[512], *tok;
	struct kiosk *ks = calloc(nclients, sizeof *ks);
	double t0 = 0, t1 = 0, *all;
	int total = 0, k = 0, rc;
	pid_t pid;

	if (!ks) {
		fprintf(stderr, "take_bench: out of memory\n");
		exit(1);
	}
	snprintf(db, sizeof db, "%s/jhd-%d.db", dir, nclients);
	snprintf(sock, sizeof sock, "%s/jhd-%d.sock", dir, nclients);
	snprintf(pf, sizeof pf, "%s/port-%d", dir, nclients);
	/* a fresh database, and no port file left by a previous repetition */
	unlink(pf);
	unlink(sock);
	unlink(db);
	snprintf(cmd, sizeof cmd, "%s-wal", db);
	unlink(cmd);
	snprintf(cmd, sizeof cmd, "%s-shm", db);
	unlink(cmd);
	if ((pid = bench_start_jhd(bin, db, sock, pf, NULL, NULL, addr, sizeof addr)) < 0) {
		fprintf(stderr, "take_bench: jhd did not start\n");
		exit(1);
	}
	/* the sample hall with its [limits] lifted: 64 kiosks share one device, on purpose */
	snprintf(cmd, sizeof cmd, "sed '/^\\[limits\\]/,/^\\[/ s/= [0-9]*$/= 0/' "
	    "%s/server/examples/district.ini >%s/hall.ini && %s/jhctl --sock %s import "
	    "%s/hall.ini", top, dir, bin, sock, dir);
	if (bench_run(cmd, NULL, 0) != 0) {
		fprintf(stderr, "take_bench: import failed\n");
		kill(pid, SIGKILL);
		exit(1);
	}
	snprintf(cmd, sizeof cmd, "%s/jhctl --sock %s device add bench --role kiosk", bin, sock);
	if (bench_run(cmd, out, sizeof out) != 0 || !(tok = strrchr(out, ' '))) {
		fprintf(stderr, "take_bench: device add failed\n");
		kill(pid, SIGKILL);
		exit(1);
	}
	tok++;
	tok[strcspn(tok, "\n")] = '\0';
	for (int i = 0; i < nclients; i++) {
		ks[i].idx = i;
		ks[i].lat_ms = calloc(per, sizeof(double));
		if (!ks[i].lat_ms || (ks[i].fd = kiosk_connect(addr, tok)) < 0) {
			kill(pid, SIGKILL);
			exit(1);
		}
	}
	rc = drive(ks, nclients, per, &t0, &t1, err, sizeof err);
	for (int i = 0; i < nclients; i++)
		close(ks[i].fd);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	if (rc < 0) {
		fprintf(stderr, "take_bench: %d clients: %s\n", nclients, err);
		exit(1);
	}
	for (int i = 0; i < nclients; i++)
		total += ks[i].done;
	all = calloc(total + 1, sizeof *all);
	for (int i = 0; i < nclients; i++) {
		memcpy(all + k, ks[i].lat_ms, ks[i].done * sizeof(double));
		k += ks[i].done;
		free(ks[i].lat_ms);
	}
	qsort(all, total, sizeof *all, bench_cmp_double);
	*p50 = total ? all[total / 2] : 0;
	*p99 = total ? all[(int)(total * 0.99)] : 0;
	free(all);
	free(ks);
	return total / ((t1 - t0) / 1e3);
}

/* Raw SQLite: same file system, same PRAGMAs as jhd, one INSERT per transaction. */
static double
baseline(int n)
{
	char path[1500];
	sqlite3 *db;
	sqlite3_stmt *st;
	double t0, t1;

	snprintf(path, sizeof path, "%s/baseline.db", dir);
	unlink(path);
	snprintf(path + strlen(path), sizeof path - strlen(path), "-wal");
	unlink(path);
	path[strlen(path) - 4] = '\0';
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return 0;
	sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
	    "PRAGMA foreign_keys = ON; CREATE TABLE tickets (id INTEGER PRIMARY KEY, day TEXT, "
	    "service TEXT, seq INTEGER, code TEXT, state TEXT, issued_at INTEGER)", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO tickets (day, service, seq, code, state, issued_at) "
	    "VALUES ('2026-03-02', 'A', ?1, 'A001', 'waiting', 0)", -1, &st, NULL);
	t0 = (mono_us() / 1e3);
	for (int i = 0; i < n; i++) {
		sqlite3_bind_int(st, 1, i);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	t1 = (mono_us() / 1e3);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n / ((t1 - t0) / 1e3);
}

static double
median3(double *v, int n)
{
	double t[16];

	memcpy(t, v, n * sizeof *t);
	qsort(t, n, sizeof *t, bench_cmp_double);
	return t[n / 2];
}

int
main(void)
{
	const char *sc = getenv("JH_BENCH_SCALE");	/* more takes per level, for profiling */
	const char *rp = getenv("JH_BENCH_REPS");
	const char *only = getenv("JH_BENCH_ONLY");	/* one level (1, 8 or 64), for profiling */
	int scale = sc && atoi(sc) > 0 ? atoi(sc) : 1;
	int reps = rp && atoi(rp) > 0 ? atoi(rp) : 3;
	static const int clients[] = { 1, 8, 64 };
	static const int per[] = { 5000, 2500, 800 };	/* takes per client: >= ~1.2 s a phase */
	double rate[3][16], p50[3][16], p99[3][16], ratio[3][16], base[16];

	if (reps > 15)
		reps = 15;
	if (bench_setup("bench", top, sizeof top, bin, sizeof bin, dir, sizeof dir) < 0)
		return 1;
	for (int r = 0; r < reps; r++) {
		base[r] = baseline(12000 * scale);	/* >= ~1.2 s too */
		printf("run %d: raw SQLite, one INSERT per transaction: %8.0f inserts/s\n", r + 1,
		    base[r]);
		for (int i = 0; i < 3; i++) {
			if (only && atoi(only) != clients[i]) {
				rate[i][r] = p50[i][r] = p99[i][r] = ratio[i][r] = 0;
				continue;
			}
			rate[i][r] = level(clients[i], per[i] * scale, &p50[i][r], &p99[i][r]);
			ratio[i][r] = rate[i][r] / base[r];
			printf("run %d: jhd take, %2d clients: %8.0f takes/s  p50 %6.2f ms  p99 %6.2f ms"
			    "  (%.1fx baseline)\n", r + 1, clients[i], rate[i][r], p50[i][r], p99[i][r],
			    ratio[i][r]);
		}
		fflush(stdout);
	}
	printf("median of %d runs: raw SQLite %8.0f inserts/s\n", reps, median3(base, reps));
	for (int i = 0; i < 3; i++)
		printf("median of %d runs: jhd take, %2d clients: %8.0f takes/s  p50 %6.2f ms  p99 "
		    "%6.2f ms  (%.1fx baseline)\n", reps, clients[i], median3(rate[i], reps),
		    median3(p50[i], reps), median3(p99[i], reps), median3(ratio[i], reps));
	printf("ratio at 64 clients: %.1fx (target >= 5x), p99 %.2f ms (target < 20 ms): %s\n",
	    median3(ratio[2], reps), median3(p99[2], reps),
	    median3(ratio[2], reps) >= 5 && median3(p99[2], reps) < 20 ? "met" : "NOT met");
	return 0;
}
