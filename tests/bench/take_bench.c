/* take_bench.c — `take` throughput and latency against a real jhd over loopback with 1, 8 and
 * 64 concurrent kiosks, and in the same run the baseline of raw SQLite on the same file system
 * with the same PRAGMAs and one INSERT per transaction. Prints the ratio (target: >= 5x at 64
 * clients, p99 < 20 ms). Each level runs on a fresh server and database.
 *
 * Each phase does a fixed number of takes (inserts) that lasts about a second or more on a
 * small machine, and the whole set (baseline, 1, 8, 64) is repeated JH_BENCH_REPS times (3);
 * the summary is the median of the repetitions, each ratio taken against the baseline of its
 * own repetition (so a disk that drifts between repetitions moves both sides). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "jhclient.h"

static char top[1024], bin[1200], dir[1400];
static const char *services = "ABCDEFGHIJKLMNOPQ";

struct worker {
	const char *addr;
	const char *token;
	int n;			/* takes to do */
	int id;
	double *lat_ms;		/* n latencies */
	int done;
	pthread_barrier_t *start;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct jhc_cred cr = { .role = "kiosk", .device = "bench", .token = w->token };
	struct jhc *c = jhc_new(w->addr, &cr);
	char svc[2] = { 0, 0 };

	if (!c || jhc_connect(c, 5000) < 0) {
		fprintf(stderr, "take_bench: connect: %s\n", c ? jhc_error(c) : "oom");
		pthread_barrier_wait(w->start);
		jhc_free(c);
		return NULL;
	}
	pthread_barrier_wait(w->start);
	for (int i = 0; i < w->n; i++) {
		double t0 = now_ms();
		json_t *ans;

		svc[0] = services[(w->id + i) % strlen(services)];
		ans = jhc_op(c, "take", json_pack("{s:s}", "service", svc), 10000);
		if (!ans) {
			fprintf(stderr, "take_bench: take: %s\n", jhc_error(c));
			break;
		}
		json_decref(ans);
		w->lat_ms[w->done++] = now_ms() - t0;
	}
	jhc_free(c);
	return NULL;
}

static pid_t
start_jhd(const char *db, const char *sock, const char *portfile, char *addr, size_t addrlen)
{
	pid_t pid = fork();

	if (pid == 0) {
		char prog[1300];

		snprintf(prog, sizeof prog, "%s/jhd", bin);
		freopen("/dev/null", "w", stderr);
		execl(prog, "jhd", "--db", db, "--listen", "127.0.0.1:0", "--unix", sock,
		    "--port-file", portfile, "--log-level", "warn", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200; i++) {
		FILE *f = fopen(portfile, "r");
		int port = 0;

		if (f) {
			if (fscanf(f, "%d", &port) == 1 && port > 0 && access(sock, F_OK) == 0) {
				fclose(f);
				snprintf(addr, addrlen, "127.0.0.1:%d", port);
				return pid;
			}
			fclose(f);
		}
		usleep(50000);
	}
	kill(pid, SIGKILL);
	return -1;
}

static int
run(const char *cmd, char *out, size_t outlen)
{
	FILE *p = popen(cmd, "r");
	size_t n = 0;

	if (!p)
		return -1;
	if (out) {
		n = fread(out, 1, outlen - 1, p);
		out[n] = '\0';
	} else {
		char buf[4096];

		while (fread(buf, 1, sizeof buf, p) > 0)
			;
	}
	return pclose(p);
}

/* One level: nclients kiosks, each doing per takes. Returns takes/s, fills p50/p99. */
static double
level(int nclients, int per, double *p50, double *p99)
{
	char db[1500], sock[1500], pf[1500], addr[64], cmd[4096], out[1024], *tok;
	struct worker *w = calloc(nclients, sizeof *w);
	pthread_t *th = calloc(nclients, sizeof *th);
	pthread_barrier_t bar;
	double t0, t1, *all;
	int total = 0, k = 0;
	pid_t pid;

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
	if ((pid = start_jhd(db, sock, pf, addr, sizeof addr)) < 0) {
		fprintf(stderr, "take_bench: jhd did not start\n");
		exit(1);
	}
	snprintf(cmd, sizeof cmd, "%s/jhctl --sock %s import %s/server/examples/district.ini",
	    bin, sock, top);
	if (run(cmd, NULL, 0) != 0) {
		fprintf(stderr, "take_bench: import failed\n");
		kill(pid, SIGKILL);
		exit(1);
	}
	snprintf(cmd, sizeof cmd, "%s/jhctl --sock %s device add bench --role kiosk", bin, sock);
	if (run(cmd, out, sizeof out) != 0 || !(tok = strrchr(out, ' '))) {
		fprintf(stderr, "take_bench: device add failed\n");
		kill(pid, SIGKILL);
		exit(1);
	}
	tok++;
	tok[strcspn(tok, "\n")] = '\0';
	pthread_barrier_init(&bar, NULL, nclients + 1);
	for (int i = 0; i < nclients; i++) {
		w[i].addr = addr;
		w[i].token = tok;
		w[i].n = per;
		w[i].id = i;
		w[i].lat_ms = calloc(per, sizeof(double));
		w[i].start = &bar;
		pthread_create(&th[i], NULL, work, &w[i]);
	}
	pthread_barrier_wait(&bar);
	t0 = now_ms();
	for (int i = 0; i < nclients; i++)
		pthread_join(th[i], NULL);
	t1 = now_ms();
	for (int i = 0; i < nclients; i++)
		total += w[i].done;
	all = calloc(total + 1, sizeof *all);
	for (int i = 0; i < nclients; i++) {
		memcpy(all + k, w[i].lat_ms, w[i].done * sizeof(double));
		k += w[i].done;
		free(w[i].lat_ms);
	}
	qsort(all, total, sizeof *all, cmp_double);
	*p50 = total ? all[total / 2] : 0;
	*p99 = total ? all[(int)(total * 0.99)] : 0;
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	pthread_barrier_destroy(&bar);
	free(all);
	free(w);
	free(th);
	if (total != nclients * per)
		fprintf(stderr, "take_bench: only %d of %d takes succeeded\n", total,
		    nclients * per);
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
	t0 = now_ms();
	for (int i = 0; i < n; i++) {
		sqlite3_bind_int(st, 1, i);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	t1 = now_ms();
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n / ((t1 - t0) / 1e3);
}

static double
median3(double *v, int n)
{
	double t[16];

	memcpy(t, v, n * sizeof *t);
	qsort(t, n, sizeof *t, cmp_double);
	return t[n / 2];
}

int
main(void)
{
	const char *t = getenv("JH_TOP"), *b = getenv("JH_BIN"), *bd = getenv("JH_BUILD");
	const char *sc = getenv("JH_BENCH_SCALE");	/* more takes per level, for profiling */
	const char *rp = getenv("JH_BENCH_REPS");
	const char *only = getenv("JH_BENCH_ONLY");	/* one level (1, 8 or 64), for profiling */
	int scale = sc && atoi(sc) > 0 ? atoi(sc) : 1;
	int reps = rp && atoi(rp) > 0 ? atoi(rp) : 3;
	static const int clients[] = { 1, 8, 64 };
	static const int per[] = { 4000, 2000, 500 };	/* takes per client: >= ~1 s a phase */
	double rate[3][16], p50[3][16], p99[3][16], ratio[3][16], base[16];
	char cmd[1500];
	int rc = 0;

	if (reps > 15)
		reps = 15;
	snprintf(top, sizeof top, "%s", t ? t : ".");
	snprintf(bin, sizeof bin, "%s", b ? b : "bin");
	/* the build tree is on the same file system as a real hall's database would be */
	snprintf(dir, sizeof dir, "%s/bench.XXXXXX", bd ? bd : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	setenv("JH_PWHASH_FAST", "1", 1);
	signal(SIGPIPE, SIG_IGN);
	for (int r = 0; r < reps; r++) {
		base[r] = baseline(8000 * scale);
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
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
