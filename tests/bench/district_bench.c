/* district_bench.c — the 08:00 release rush (docs/DISTRICT.md, "Speed"): N citizens book the
 * released places of every centre, the same plan three ways in the same run:
 *   bare PostgreSQL      the booking statement (dist_sql_book, one call of jh_book) from T
 *                        threads with a connection each (the baseline);
 *   through jhdistrict   `book` requests from T threads with a TCP connection each;
 *   through jhweb's API  POST /api/v1/book from H HTTP/1.1 keep-alive connections driven by
 *                        one epoll loop (so the load generator costs little CPU: its share is
 *                        printed), jhweb → jhdistrict → PostgreSQL.
 * Each way books one service of its own (B, C, D) with IDs of its own. The plan: 1 citizen in
 * 10 goes for one of the HOT earliest slots (over-subscribed: most are refused quota_exhausted),
 * 1 in 20 is the ID of the citizen before trying again at another slot (refused limit_reached:
 * one open booking per service), the rest are spread round robin over the other slots, which
 * must have room for them. So the answers are known in advance: ok, quota and per-ID refusals
 * are counted and compared with the plan, and afterwards PostgreSQL is asked whether any slot
 * is over its quota, any ID holds two bookings of the service or more than the limit, any
 * slot's count differs from its bookings, and whether it holds exactly the acknowledged
 * bookings. Any difference, or any other answer (an error, no answer), fails the bench.
 * Run by tests/bench/district_bench.sh (bare and jhdistrict) and tests/web/book_bench.sh
 * (all three), which start the database, jhdistrict and jhweb.
 * usage: district_bench CONNINFO HOST:PORT THREADS CITIZENS [WEB_HOST:PORT KEY HTTP_CLIENTS]
 * JH_BENCH_PIDS="name:pid ..." adds those processes' CPU use during each run;
 * JH_BENCH_FRONTEND_TOKEN: the jhdistrict clients sign in as the front end "tests". */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "appt_id.h"
#include "district/dist_sql.h"
#include "mono.h"

#define MAX_SLOTS	8192
#define HOT		5	/* over-subscribed slots: the earliest of the service */
#define MAX_OPEN	"3"	/* jhdistrict's default --max-open */
#define MAX_HTTP	2000
#define MAX_THREADS	256
#define IN_CAP		8192

enum { A_BOOKED, A_FULL, A_LIMIT, A_OTHER, A_N };

struct slot {
	char centre[33], start[40];
	int quota;
};

struct way {
	const char *name, *service;
	int idbase;		/* this way's citizens' ID numbers start here */
	struct slot slots[MAX_SLOTS];
	int nslots;
	atomic_int count[A_N];
	char other[256];	/* the first unexpected answer */
	double rate, p50_ms, p99_ms;
	char hot[64];		/* the full slots' latencies */
};

static const char *conninfo, *addr, *web_addr, *web_key;
static struct way ways[3] = {
	{ .name = "bare PostgreSQL", .service = "B", .idbase = 0 },
	{ .name = "through jhdistrict", .service = "C", .idbase = 100000 },
	{ .name = "through jhweb's API", .service = "D", .idbase = 200000 },
};
static int ncitizens;
static atomic_int next;
static long long *lat_us;
static pthread_mutex_t other_mu = PTHREAD_MUTEX_INITIALIZER;

/* ---- the plan ---- */

static int
is_hot(int i)
{
	return i % 10 == 3;
}

static int
is_again(int i)
{
	return i % 20 == 19;	/* never next to a hot one: the first try always has room */
}

static const struct slot *
plan_slot(const struct way *w, int i)
{
	if (is_hot(i))
		return &w->slots[(i / 10) % HOT];
	return &w->slots[HOT + i % (w->nslots - HOT)];
}

static int
plan_id(int i)
{
	return is_again(i) ? i - 1 : i;
}

/* The answers the plan must get (exp[A_N]); -1 when the slots cannot hold the plan. */
static int
plan_expect(const struct way *w, int exp[A_N])
{
	int *tries = calloc((size_t)w->nslots, sizeof *tries);

	if (!tries)
		return -1;
	memset(exp, 0, A_N * sizeof *exp);
	for (int i = 0; i < ncitizens; i++)
		tries[plan_slot(w, i) - w->slots]++;
	for (int s = 0; s < w->nslots; s++) {
		int ok = tries[s] < w->slots[s].quota ? tries[s] : w->slots[s].quota;

		if (s >= HOT && tries[s] > w->slots[s].quota) {
			fprintf(stderr, "district_bench: %s: slot %s %s gets %d tries for %d places: "
			    "more slots are needed\n", w->name, w->slots[s].centre, w->slots[s].start,
			    tries[s], w->slots[s].quota);
			free(tries);
			return -1;
		}
		if (s < HOT)
			exp[A_FULL] += tries[s] - ok;
	}
	for (int i = 0; i < ncitizens; i++)
		exp[A_LIMIT] += is_again(i);
	exp[A_BOOKED] = ncitizens - exp[A_FULL] - exp[A_LIMIT];
	free(tries);
	return 0;
}

/* A valid resident ID number for citizen n (Beijing, a birth date and sequence from n). */
static void
id_number(int n, char out[APPT_ID_LEN + 1])
{
	char body[32];

	snprintf(body, sizeof body, "1101051970%02d%02d%03d", 1 + (n / 999 / 28) % 12,
	    1 + (n / 999) % 28, 1 + n % 999);
	memcpy(out, body, 17);
	out[17] = appt_id_check_digit(body);
	out[18] = '\0';
}

/* Count an answer (JSON text, or NULL when none came): jh_book's, jhdistrict's and the API's
 * refusals name their code at the top ("code") or in "error". */
static void
tally(struct way *w, const char *text, size_t len)
{
	json_t *a = text ? json_loadb(text, len, 0, NULL) : NULL;
	const char *code = json_string_value(json_object_get(a, "code"));
	int r = A_OTHER;

	if (!code)
		code = json_string_value(json_object_get(json_object_get(a, "error"), "code"));
	if (json_is_true(json_object_get(a, "ok")))
		r = A_BOOKED;
	else if (code && strcmp(code, "quota_exhausted") == 0)
		r = A_FULL;
	else if (code && strcmp(code, "limit_reached") == 0)
		r = A_LIMIT;
	json_decref(a);
	if (atomic_fetch_add(&w->count[r], 1) == 0 && r == A_OTHER) {
		pthread_mutex_lock(&other_mu);
		snprintf(w->other, sizeof w->other, "%.*s", text ? (int)(len < 200 ? len : 200) :
		    9, text ? text : "no answer");
		pthread_mutex_unlock(&other_mu);
	}
}

/* ---- bare PostgreSQL and jhdistrict: a blocking client per thread ---- */

static void *
bare_thread(void *arg)
{
	struct way *w = arg;
	PGconn *pg = PQconnectdb(conninfo);
	char hash[65], req[32], now[24];
	int i;

	snprintf(now, sizeof now, "%lld", (long long)time(NULL));
	while (PQstatus(pg) == CONNECTION_OK && (i = atomic_fetch_add(&next, 1)) < ncitizens) {
		const struct slot *s = plan_slot(w, i);
		const char *p[12];
		long long t0 = mono_us();
		PGresult *r;

		/* hash-shaped, one per ID */
		snprintf(hash, sizeof hash, "%064x", (unsigned)(w->idbase + plan_id(i)));
		snprintf(req, sizeof req, "bare-%d", i);
		p[0] = s->centre; p[1] = w->service; p[2] = s->start; p[3] = hash;
		p[4] = "1101**********0016"; p[5] = ""; p[6] = ""; p[7] = "web"; p[8] = req;
		p[9] = now; p[10] = MAX_OPEN; p[11] = "individual";
		r = PQexecParams(pg, dist_sql_book, 12, NULL, p, NULL, NULL, 0);
		if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
			tally(w, PQgetvalue(r, 0, 0), strlen(PQgetvalue(r, 0, 0)));
		else
			tally(w, PQresultErrorMessage(r), strlen(PQresultErrorMessage(r)));
		PQclear(r);
		lat_us[i] = mono_us() - t0;
	}
	PQfinish(pg);
	return NULL;
}

static int
dial_to(const char *to)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	char host[64];
	const char *colon = strrchr(to, ':');
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	snprintf(host, sizeof host, "%.*s", (int)(colon - to), to);
	sa.sin_port = htons((unsigned short)atoi(colon + 1));
	inet_pton(AF_INET, host, &sa.sin_addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		close(fd);
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

/* Sign in as the front end "tests" with $JH_BENCH_FRONTEND_TOKEN (jhdistrict's
 * --frontend-tokens); 0, or -1 when refused. */
static int
dist_hello(int fd)
{
	const char *tok = getenv("JH_BENCH_FRONTEND_TOKEN");
	char line[512], buf[1024];
	size_t got = 0;
	int n;

	if (!tok)
		return 0;
	n = snprintf(line, sizeof line, "{\"op\":\"hello\",\"role\":\"frontend\","
	    "\"device\":\"tests\",\"token\":\"%s\"}\n", tok);
	if (n <= 0 || (size_t)n >= sizeof line || write(fd, line, (size_t)n) != n)
		return -1;
	while (got < sizeof buf - 1) {
		ssize_t k = read(fd, buf + got, sizeof buf - 1 - got);

		if (k <= 0)
			return -1;
		got += (size_t)k;
		if (buf[got - 1] == '\n')
			break;
	}
	buf[got] = '\0';
	return strstr(buf, "\"ok\":true") ? 0 : -1;
}

static void *
dist_thread(void *arg)
{
	struct way *w = arg;
	char line[512], buf[8192], id[APPT_ID_LEN + 1];
	int fd = dial_to(addr), i;

	if (fd >= 0 && dist_hello(fd) < 0) {
		fprintf(stderr, "district_bench: jhdistrict refused the front end's hello\n");
		close(fd);
		fd = -1;
	}
	while (fd >= 0 && (i = atomic_fetch_add(&next, 1)) < ncitizens) {
		const struct slot *s = plan_slot(w, i);
		long long t0 = mono_us();
		size_t got = 0;
		int n;

		id_number(w->idbase + plan_id(i), id);
		n = snprintf(line, sizeof line, "{\"id\":%d,\"op\":\"book\",\"centre\":\"%s\","
		    "\"service\":\"%s\",\"start\":\"%s\",\"id_number\":\"%s\","
		    "\"request\":\"dist-%d\"}\n", i, s->centre, w->service, s->start, id, i);
		if (write(fd, line, (size_t)n) != n)
			break;
		while (got < sizeof buf - 1) {
			ssize_t k = read(fd, buf + got, sizeof buf - 1 - got);

			if (k <= 0)
				break;
			got += (size_t)k;
			if (buf[got - 1] == '\n')
				break;
		}
		tally(w, got && buf[got - 1] == '\n' ? buf : NULL, got);
		lat_us[i] = mono_us() - t0;
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

/* ---- jhweb's API: HTTP clients in one epoll loop ---- */

struct hc {
	int fd, i;		/* i: the citizen being answered, -1 when idle */
	long long t0;
	char in[IN_CAP];
	size_t ilen;
};

/* The first s (of n bytes) in buf[0..len), or NULL. */
static const char *
find(const char *buf, size_t len, const char *s, size_t n)
{
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(buf + i, s, n) == 0)
			return buf + i;
	return NULL;
}

/* The length of the complete answer at the start of in, 0 while incomplete, -1 if bad. */
static long
http_complete(const char *in, size_t len)
{
	const char *end = find(in, len, "\r\n\r\n", 4), *p;
	long body = 0;

	if (!end)
		return len >= IN_CAP - 1 ? -1 : 0;
	for (p = in; p && p < end; p = memchr(p, '\n', (size_t)(end - p)), p = p ? p + 1 : p)
		if (strncasecmp(p, "Content-Length:", 15) == 0)
			body = atol(p + 15);
	if (end + 4 - in + body >= IN_CAP)
		return -1;
	return (size_t)(end + 4 - in + body) <= len ? (long)(end + 4 - in + body) : 0;
}

/* Send citizen i's booking on h: 0, or -1 when the connection is broken. */
static int
http_send(struct way *w, struct hc *h, int i)
{
	char body[512], req[1024], id[APPT_ID_LEN + 1];
	const struct slot *s = plan_slot(w, i);
	int n, m;

	id_number(w->idbase + plan_id(i), id);
	m = snprintf(body, sizeof body, "{\"centre\":\"%s\",\"service\":\"%s\",\"start\":\"%s\","
	    "\"id_number\":\"%s\",\"request\":\"web-%d\"}", s->centre, w->service, s->start,
	    id, i);
	n = snprintf(req, sizeof req, "POST /api/v1/book HTTP/1.1\r\nHost: %s\r\n"
	    "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
	    "Content-Length: %d\r\n\r\n%s", web_addr, web_key, m, body);
	h->i = i;
	h->ilen = 0;
	h->t0 = mono_us();
	/* a small request on loopback: the socket buffer takes it whole */
	return send(h->fd, req, (size_t)n, MSG_NOSIGNAL) == n ? 0 : -1;
}

static int
http_open(int ep, struct hc *h)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = h };

	if ((h->fd = dial_to(web_addr)) < 0)
		return -1;
	fcntl(h->fd, F_SETFL, O_NONBLOCK);
	return epoll_ctl(ep, EPOLL_CTL_ADD, h->fd, &ev);
}

/* The next citizen on h (reopening it when the server closed it): 0, or 1 when none is left. */
static int
http_next(struct way *w, int ep, struct hc *h)
{
	int i = atomic_fetch_add(&next, 1);

	if (i >= ncitizens) {
		h->i = -1;
		return 1;
	}
	if (h->fd < 0 && http_open(ep, h) < 0) {
		tally(w, NULL, 0);
		return http_next(w, ep, h);
	}
	if (http_send(w, h, i) < 0) {
		close(h->fd);
		h->fd = -1;
		tally(w, NULL, 0);
		lat_us[i] = mono_us() - h->t0;
		return http_next(w, ep, h);
	}
	return 0;
}

static void
web_run(struct way *w, int nclients)
{
	static struct hc hcs[MAX_HTTP];
	struct epoll_event evs[256];
	int ep = epoll_create1(0), busy = 0;

	for (int k = 0; k < nclients; k++) {
		hcs[k].fd = -1;
		if (http_next(w, ep, &hcs[k]) == 0)
			busy++;
	}
	while (busy > 0) {
		int n = epoll_wait(ep, evs, 256, 10000);

		if (n <= 0) {
			fprintf(stderr, "district_bench: no answer from jhweb for 10 s\n");
			break;
		}
		for (int e = 0; e < n; e++) {
			struct hc *h = evs[e].data.ptr;
			ssize_t k = recv(h->fd, h->in + h->ilen, IN_CAP - 1 - h->ilen, 0);
			long whole;

			if (k < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (k > 0)
				h->ilen += (size_t)k;
			whole = k > 0 ? http_complete(h->in, h->ilen) : -1;
			if (whole == 0)
				continue;
			if (h->i >= 0) {
				const char *body = find(h->in, h->ilen, "\r\n\r\n", 4);

				lat_us[h->i] = mono_us() - h->t0;
				tally(w, whole > 0 && body ? body + 4 : NULL, whole > 0 && body ?
				    (size_t)(h->in + whole - body - 4) : 0);
			}
			if (whole < 0 || find(h->in, (size_t)(whole > 0 ? whole : 0),
			    "Connection: close", 17)) {
				epoll_ctl(ep, EPOLL_CTL_DEL, h->fd, NULL);
				close(h->fd);
				h->fd = -1;
			}
			if (http_next(w, ep, h) == 1)
				busy--;
		}
	}
	for (int k = 0; k < nclients; k++)
		if (hcs[k].fd >= 0)
			close(hcs[k].fd);
	close(ep);
}

/* ---- running, measuring, checking ---- */

static int
cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static double
cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec +
	    ru.ru_stime.tv_usec) / 1e6;
}

/* The CPU seconds of process pid so far (utime + stime; with kids, also its children's:
 * those it has reaped and those alive), or -1. */
static double
proc_cpu_s(const char *pid, int kids)
{
	char path[300], buf[1024], *p;
	unsigned long long ut, st, cut, cst;
	double sum;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%s/stat", pid);
	if (!(f = fopen(path, "r")))
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (!(p = strrchr(buf, ')')) || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u "
	    "%*u %llu %llu %llu %llu", &ut, &st, &cut, &cst) != 4)
		return -1;
	sum = (double)(ut + st + (kids ? cut + cst : 0)) / (double)sysconf(_SC_CLK_TCK);
	if (kids) {
		DIR *d = opendir("/proc");
		struct dirent *e;

		while (d && (e = readdir(d)) != NULL) {
			int ppid;

			snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
			if (e->d_name[0] < '1' || e->d_name[0] > '9' || !(f = fopen(path, "r")))
				continue;
			n = fread(buf, 1, sizeof buf - 1, f);
			fclose(f);
			buf[n] = '\0';
			if ((p = strrchr(buf, ')')) && sscanf(p + 2, "%*c %d %*d %*d %*d %*d %*u %*u "
			    "%*u %*u %*u %llu %llu", &ppid, &ut, &st) == 3 && ppid == atoi(pid))
				sum += (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
		}
		if (d)
			closedir(d);
	}
	return sum;
}

/* JH_BENCH_PIDS's processes' CPU seconds into cpu[] (at most 8): "name:pid", or
 * "name:+pid" for pid and its children (PostgreSQL's postmaster). */
static int
pids_cpu(double cpu[8], char names[8][32], char pids[8][16])
{
	const char *env = getenv("JH_BENCH_PIDS");
	int n = 0, off = 0, k;

	while (env && n < 8 && sscanf(env + off, " %31[^:]:%15s%n", names[n], pids[n], &k) == 2) {
		cpu[n] = proc_cpu_s(pids[n] + (pids[n][0] == '+'), pids[n][0] == '+');
		n++;
		off += k;
	}
	return n;
}

/* Run way w from nclients (threads with fn, or HTTP connections when fn is NULL); print its
 * figures. */
static void
run(struct way *w, void *(*fn)(void *), int nclients)
{
	pthread_t th[MAX_THREADS];
	double c0 = cpu_s(), c1, secs, pc0[8], pc1[8];
	char names[8][32], pids[8][16];
	long long t0, t1;
	int np = pids_cpu(pc0, names, pids);

	atomic_store(&next, 0);
	memset(lat_us, 0, (size_t)ncitizens * sizeof *lat_us);
	t0 = mono_us();
	if (fn) {
		for (int i = 0; i < nclients; i++)
			pthread_create(&th[i], NULL, fn, w);
		for (int i = 0; i < nclients; i++)
			pthread_join(th[i], NULL);
	} else
		web_run(w, nclients);
	t1 = mono_us();
	c1 = cpu_s();
	pids_cpu(pc1, names, pids);
	secs = (t1 - t0) / 1e6;
	{
		/* the over-subscribed slots' citizens apart: they wait for each other's row lock */
		long long *hot = malloc((size_t)ncitizens * sizeof *hot);
		int nh = 0;

		for (int i = 0; hot && i < ncitizens; i++)
			if (is_hot(i))
				hot[nh++] = lat_us[i];
		if (hot && nh > 0) {
			qsort(hot, (size_t)nh, sizeof *hot, cmp);
			snprintf(w->hot, sizeof w->hot, "p50 %.1f ms, p99 %.1f ms",
			    hot[nh / 2] / 1e3, hot[nh * 99 / 100] / 1e3);
		}
		free(hot);
	}
	qsort(lat_us, (size_t)ncitizens, sizeof *lat_us, cmp);
	w->rate = ncitizens / secs;
	w->p50_ms = lat_us[ncitizens / 2] / 1e3;
	w->p99_ms = lat_us[ncitizens * 99 / 100] / 1e3;
	printf("%-20s %d citizens, %d clients, %.1f s: %.0f bookings/s, p50 %.1f ms, p99 %.1f ms; "
	    "booked %d, refused %d (slot full %d, per-ID limit %d), other %d\n", w->name,
	    ncitizens, nclients, secs, w->rate, w->p50_ms, w->p99_ms, atomic_load(&w->count[A_BOOKED]),
	    atomic_load(&w->count[A_FULL]) + atomic_load(&w->count[A_LIMIT]),
	    atomic_load(&w->count[A_FULL]), atomic_load(&w->count[A_LIMIT]),
	    atomic_load(&w->count[A_OTHER]));
	printf("%-20s the citizens of the full slots alone: %s\n", "", w->hot);
	printf("%-20s CPU: load generator %.0f%%", "", 100 * (c1 - c0) / secs);
	for (int k = 0; k < np; k++)
		if (pc0[k] >= 0 && pc1[k] >= 0)
			printf(", %s %.0f%%", names[k], 100 * (pc1[k] - pc0[k]) / secs);
	printf(" (of one core; the machine has %ld)\n", sysconf(_SC_NPROCESSORS_ONLN));
	fflush(stdout);
}

static long
count_of(PGconn *pg, const char *sql, const char *service)
{
	const char *p[1] = { service };
	PGresult *r = PQexecParams(pg, sql, 1, NULL, p, NULL, NULL, 0);
	long n = PQresultStatus(r) == PGRES_TUPLES_OK ? atol(PQgetvalue(r, 0, 0)) : -1;

	if (n < 0)
		fprintf(stderr, "district_bench: %s", PQresultErrorMessage(r));
	PQclear(r);
	return n;
}

/* The plan's answers and PostgreSQL's book after way w: the number of failed checks. */
static int
check(struct way *w)
{
	static const struct {
		const char *what, *sql;
	} q[] = {
		{ "slots over their quota", "SELECT count(*) FROM slots WHERE service = $1 AND "
		    "booked > quota" },
		{ "IDs holding two bookings of the service", "SELECT count(*) FROM (SELECT id_hash "
		    "FROM bookings WHERE service = $1 AND state = 'booked' GROUP BY id_hash HAVING "
		    "count(*) > 1) x" },
		{ "IDs over the open-booking limit (" MAX_OPEN ")", "SELECT count(*) FROM (SELECT "
		    "id_hash FROM bookings WHERE state = 'booked' AND id_hash IN (SELECT id_hash FROM "
		    "bookings WHERE service = $1) GROUP BY id_hash HAVING count(*) > " MAX_OPEN ") x" },
		{ "slots whose count is not their bookings", "SELECT count(*) FROM slots s WHERE "
		    "service = $1 AND booked <> (SELECT count(*) FROM bookings b WHERE b.slot_id = "
		    "s.id AND b.state = 'booked')" },
	};
	PGconn *pg = PQconnectdb(conninfo);
	int exp[A_N], bad = 0;
	long n;

	plan_expect(w, exp);
	if (w->count[A_BOOKED] != exp[A_BOOKED] || w->count[A_FULL] != exp[A_FULL] ||
	    w->count[A_LIMIT] != exp[A_LIMIT] || w->count[A_OTHER] != 0) {
		printf("not as planned: %s: booked %d, slot full %d, per-ID limit %d, other %d; "
		    "planned %d, %d, %d, 0%s%s\n", w->name, atomic_load(&w->count[A_BOOKED]),
		    atomic_load(&w->count[A_FULL]), atomic_load(&w->count[A_LIMIT]),
		    atomic_load(&w->count[A_OTHER]), exp[A_BOOKED], exp[A_FULL], exp[A_LIMIT],
		    w->other[0] ? "; the first other answer: " : "", w->other);
		bad++;
	}
	for (size_t k = 0; k < sizeof q / sizeof q[0]; k++)
		if ((n = count_of(pg, q[k].sql, w->service)) != 0) {
			printf("not so: %s: %s: %ld\n", w->name, q[k].what, n);
			bad++;
		}
	n = count_of(pg, "SELECT count(*) FROM bookings WHERE service = $1 AND state = 'booked'",
	    w->service);
	if (n != atomic_load(&w->count[A_BOOKED])) {
		printf("not so: %s: %ld bookings in PostgreSQL for %d acknowledged\n", w->name, n,
		    atomic_load(&w->count[A_BOOKED]));
		bad++;
	}
	PQfinish(pg);
	if (!bad)
		printf("%-20s checked: answers as planned; in PostgreSQL %ld bookings, as "
		    "acknowledged; no slot over its quota, no ID with two bookings of the service "
		    "or over %s open ones\n", "", n, MAX_OPEN);
	return bad;
}

static int
load_slots(struct way *w)
{
	PGconn *pg = PQconnectdb(conninfo);
	const char *p[1] = { w->service };
	PGresult *r = PQexecParams(pg, "SELECT centre, to_char(start_at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), quota FROM slots WHERE service = $1 AND "
	    "start_at > now() + interval '15 minutes' AND booked = 0 ORDER BY start_at, centre", 1,
	    NULL, p, NULL, NULL, 0);

	for (int i = 0; PQresultStatus(r) == PGRES_TUPLES_OK && i < PQntuples(r) &&
	    i < MAX_SLOTS; i++) {
		snprintf(w->slots[i].centre, 33, "%s", PQgetvalue(r, i, 0));
		snprintf(w->slots[i].start, 40, "%s", PQgetvalue(r, i, 1));
		w->slots[i].quota = atoi(PQgetvalue(r, i, 2));
		w->nslots++;
	}
	PQclear(r);
	PQfinish(pg);
	return w->nslots;
}

int
main(int argc, char **argv)
{
	int nthreads, nhttp = 0, nways = 2, exp[A_N], bad = 0;

	if (argc != 5 && argc != 8) {
		fprintf(stderr, "usage: district_bench CONNINFO HOST:PORT THREADS CITIZENS "
		    "[WEB_HOST:PORT KEY HTTP_CLIENTS]\n");
		return 2;
	}
	conninfo = argv[1];
	addr = argv[2];
	nthreads = atoi(argv[3]);
	ncitizens = atoi(argv[4]);
	if (argc == 8) {
		web_addr = argv[5];
		web_key = argv[6];
		nhttp = atoi(argv[7]);
		nways = 3;
	}
	if (nthreads < 1 || nthreads > MAX_THREADS || ncitizens < 100 || ncitizens > 100000 ||
	    (web_addr && (nhttp < 1 || nhttp > MAX_HTTP)) ||
	    !(lat_us = calloc((size_t)ncitizens, sizeof *lat_us)))
		return 2;
	for (int k = 0; k < nways; k++)
		if (load_slots(&ways[k]) <= HOT || plan_expect(&ways[k], exp) < 0) {
			fprintf(stderr, "district_bench: service %s: %d slots, too few for %d "
			    "citizens\n", ways[k].service, ways[k].nslots, ncitizens);
			return 1;
		}
	plan_expect(&ways[0], exp);
	printf("plan: %d citizens per way over %d slots of one service (%d places); %d go for %d "
	    "full slots, %d try again with the same ID; planned: booked %d, refused %d (slot "
	    "full %d, per-ID limit %d)\n", ncitizens, ways[0].nslots, ways[0].nslots *
	    ways[0].slots[0].quota, ncitizens / 10, HOT, exp[A_LIMIT], exp[A_BOOKED],
	    exp[A_FULL] + exp[A_LIMIT], exp[A_FULL], exp[A_LIMIT]);
	run(&ways[0], bare_thread, nthreads);
	bad += check(&ways[0]);
	run(&ways[1], dist_thread, nthreads);
	bad += check(&ways[1]);
	printf("jhdistrict / bare PostgreSQL: %.0f%% of the bare booking rate (target 60%%: %s)\n",
	    100.0 * ways[1].rate / ways[0].rate, ways[1].rate >= 0.6 * ways[0].rate ? "met" :
	    "MISSED");
	if (web_addr) {
		run(&ways[2], NULL, nhttp);
		bad += check(&ways[2]);
		printf("jhweb API / bare PostgreSQL: %.0f%%; jhweb API / jhdistrict: %.0f%%\n",
		    100.0 * ways[2].rate / ways[0].rate, 100.0 * ways[2].rate / ways[1].rate);
		printf("end to end: %.0f bookings/s (target 1,000: %s), p99 %.1f ms (target < 500 "
		    "ms: %s)\n", ways[2].rate, ways[2].rate >= 1000 ? "met" : "MISSED",
		    ways[2].p99_ms, ways[2].p99_ms < 500 ? "met" : "MISSED");
	}
	printf("%s\n", bad ? "FAILED: see above" : "all checks passed");
	return bad ? 1 : 0;
}
