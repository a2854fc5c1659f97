/* district_bench.c — the district's booking rate: the same booking statement (dist_sql_book,
 * one call of jh_book) run directly on PostgreSQL from T threads with a connection each (the
 * bare baseline), then as `book` requests to jhdistrict from T threads with a TCP connection
 * each; throughput, p50 and p99 of each, and their ratio. Every booking is a new ID at one of
 * the slots of its service, round robin. Run by tests/bench/district_bench.sh, which starts
 * the database and jhdistrict.
 * With WEB KEY, a third run: the same bookings through jhweb's JSON API (POST /api/v1/book,
 * HTTP/1.1 keep-alive, a connection per thread) to that jhdistrict (tests/web/book_bench.sh).
 * usage: district_bench CONNINFO HOST:PORT THREADS BOOKINGS [WEB_HOST:PORT KEY] */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "appt_id.h"
#include "district/dist_sql.h"
#include "mono.h"

#define MAX_SLOTS	4096

struct slot {
	char centre[33], start[40];
};

static const char *conninfo, *addr, *web_addr, *web_key;
static struct slot slots[3][MAX_SLOTS];	/* service B (bare), C (jhdistrict), D (jhweb) */
static int nslots[3];
static int nbook;
static atomic_int next;
static long long *lat_us;
static atomic_int failed;

/* A valid resident ID number for booking i (Beijing, a birth date and sequence from i). */
static void
id_number(int i, char out[APPT_ID_LEN + 1])
{
	char body[32];

	snprintf(body, sizeof body, "1101051970%02d%02d%03d", 1 + (i / 999 / 28) % 12,
	    1 + (i / 999) % 28, 1 + i % 999);
	memcpy(out, body, 17);
	out[17] = appt_id_check_digit(body);
	out[18] = '\0';
}

static void *
bare_thread(void *arg)
{
	PGconn *pg = PQconnectdb(conninfo);
	char hash[65], req[32], now[24];
	int i;

	snprintf(now, sizeof now, "%lld", (long long)time(NULL));
	while (PQstatus(pg) == CONNECTION_OK && (i = atomic_fetch_add(&next, 1)) < nbook) {
		const struct slot *s = &slots[0][i % nslots[0]];
		const char *p[12];
		long long t0 = mono_us();
		PGresult *r;

		snprintf(hash, sizeof hash, "%064x", (unsigned)i);	/* one per ID, hash-shaped */
		snprintf(req, sizeof req, "bare-%d", i);
		p[0] = s->centre; p[1] = "B"; p[2] = s->start; p[3] = hash;
		p[4] = "1101**********0016"; p[5] = ""; p[6] = ""; p[7] = "web"; p[8] = req;
		p[9] = now; p[10] = "3"; p[11] = "individual";
		r = PQexecParams(pg, dist_sql_book, 12, NULL, p, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_TUPLES_OK ||
		    !strstr(PQgetvalue(r, 0, 0), "\"ok\" : true"))
			atomic_fetch_add(&failed, 1);
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
	char line[512], buf[8192], id[APPT_ID_LEN + 1];
	int fd = dial_to(addr), i;

	if (fd >= 0 && dist_hello(fd) < 0) {
		fprintf(stderr, "district_bench: jhdistrict refused the front end's hello\n");
		atomic_fetch_add(&failed, 1);
		close(fd);
		fd = -1;
	}
	while (fd >= 0 && (i = atomic_fetch_add(&next, 1)) < nbook) {
		const struct slot *s = &slots[1][i % nslots[1]];
		long long t0 = mono_us();
		size_t got = 0;
		int n;

		id_number(i, id);
		n = snprintf(line, sizeof line, "{\"id\":%d,\"op\":\"book\",\"centre\":\"%s\","
		    "\"service\":\"C\",\"start\":\"%s\",\"id_number\":\"%s\"}\n", i, s->centre,
		    s->start, id);
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
		buf[got] = '\0';
		if (!strstr(buf, "\"ok\":true"))
			atomic_fetch_add(&failed, 1);
		lat_us[i] = mono_us() - t0;
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

/* One HTTP answer on a keep-alive connection into buf: its status, or -1. */
static int
http_read(int fd, char *buf, size_t cap)
{
	size_t got = 0, need = 0;
	char *body;

	while (got < cap - 1) {
		ssize_t k = read(fd, buf + got, cap - 1 - got);

		if (k <= 0)
			return -1;
		got += (size_t)k;
		buf[got] = '\0';
		if ((body = strstr(buf, "\r\n\r\n")) != NULL) {
			const char *cl = strstr(buf, "Content-Length:");	/* as MHD spells it */

			need = (size_t)(body + 4 - buf) + (cl ? (size_t)atol(cl + 15) : 0);
			if (got >= need)
				return atoi(buf + 9);
		}
	}
	return -1;
}

static void *
web_thread(void *arg)
{
	char body[512], req[1024], buf[8192], id[APPT_ID_LEN + 1];
	int fd = dial_to(web_addr), i;

	while (fd >= 0 && (i = atomic_fetch_add(&next, 1)) < nbook) {
		const struct slot *s = &slots[2][i % nslots[2]];
		long long t0 = mono_us();
		int n, m;

		id_number(i, id);
		m = snprintf(body, sizeof body, "{\"centre\":\"%s\",\"service\":\"D\","
		    "\"start\":\"%s\",\"id_number\":\"%s\"}", s->centre, s->start, id);
		n = snprintf(req, sizeof req, "POST /api/v1/book HTTP/1.1\r\nHost: %s\r\n"
		    "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
		    "Content-Length: %d\r\n\r\n%s", web_addr, web_key, m, body);
		if (write(fd, req, (size_t)n) != n)
			break;
		if (http_read(fd, buf, sizeof buf) != 200 || !strstr(buf, "\"ok\":true"))
			atomic_fetch_add(&failed, 1);
		lat_us[i] = mono_us() - t0;
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

static int
cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* Run fn from nthreads threads; returns bookings per second and prints the figures. */
static double
run(const char *name, void *(*fn)(void *), int nthreads)
{
	pthread_t th[256];
	long long t0, t1;
	double rate;

	atomic_store(&next, 0);
	atomic_store(&failed, 0);
	memset(lat_us, 0, (size_t)nbook * sizeof *lat_us);
	t0 = mono_us();
	for (int i = 0; i < nthreads; i++)
		pthread_create(&th[i], NULL, fn, NULL);
	for (int i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	t1 = mono_us();
	qsort(lat_us, (size_t)nbook, sizeof *lat_us, cmp);
	rate = nbook / ((t1 - t0) / 1e6);
	printf("%-22s %d bookings, %d clients: %.0f bookings/s, p50 %.2f ms, p99 %.2f ms, "
	    "%d not booked\n", name, nbook, nthreads, rate, lat_us[nbook / 2] / 1e3,
	    lat_us[nbook * 99 / 100] / 1e3, atomic_load(&failed));
	return rate;
}

static int
load_slots(int which, const char *service)
{
	PGconn *pg = PQconnectdb(conninfo);
	const char *p[1] = { service };
	PGresult *r = PQexecParams(pg, "SELECT centre, to_char(start_at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM slots WHERE service = $1 AND start_at > now() "
	    "+ interval '1 minute' ORDER BY start_at, centre", 1, NULL, p, NULL, NULL, 0);

	for (int i = 0; PQresultStatus(r) == PGRES_TUPLES_OK && i < PQntuples(r) &&
	    i < MAX_SLOTS; i++) {
		snprintf(slots[which][i].centre, 33, "%s", PQgetvalue(r, i, 0));
		snprintf(slots[which][i].start, 40, "%s", PQgetvalue(r, i, 1));
		nslots[which]++;
	}
	PQclear(r);
	PQfinish(pg);
	return nslots[which];
}

int
main(int argc, char **argv)
{
	double bare, dist, web;
	int nthreads;

	if (argc != 5 && argc != 7) {
		fprintf(stderr, "usage: district_bench CONNINFO HOST:PORT THREADS BOOKINGS "
		    "[WEB_HOST:PORT KEY]\n");
		return 2;
	}
	if (argc == 7) {
		web_addr = argv[5];
		web_key = argv[6];
	}
	conninfo = argv[1];
	addr = argv[2];
	nthreads = atoi(argv[3]);
	nbook = atoi(argv[4]);
	if (nthreads < 1 || nthreads > 256 || nbook < 100 || !(lat_us = calloc((size_t)nbook,
	    sizeof *lat_us)))
		return 2;
	if (load_slots(0, "B") == 0 || load_slots(1, "C") == 0 ||
	    (web_addr && load_slots(2, "D") == 0)) {
		fprintf(stderr, "district_bench: no slots of B, C or D\n");
		return 1;
	}
	bare = run("bare PostgreSQL", bare_thread, nthreads);
	dist = run("through jhdistrict", dist_thread, nthreads);
	printf("jhdistrict / bare PostgreSQL: %.0f%% of the bare booking rate\n",
	    100.0 * dist / bare);
	if (web_addr) {
		int f = atomic_load(&failed);

		web = run("through jhweb's API", web_thread, nthreads);
		printf("jhweb API / bare PostgreSQL: %.0f%%; jhweb API / jhdistrict: %.0f%%\n",
		    100.0 * web / bare, 100.0 * web / dist);
		atomic_fetch_add(&failed, f);
	}
	return atomic_load(&failed) ? 1 : 0;
}
