/* district_tls_bench.c — what TLS costs on jhdistrict's links, against plain TCP in the same
 * run on the same jhdistrict (its --listen and --tls-listen ports on loopback): a front end's
 * sign-in (connect, handshake, hello with its token) and `book` from 1 and 8 front ends, all
 * through the client library (as jhweb and jhd's centres talk to it). The modes run in
 * alternating blocks so the machine's other load weighs on both alike. Prints, per figure,
 * plain, TLS and the ratio TLS/plain; any refused booking fails the run.
 * usage: district_tls_bench PLAIN-ADDR TLS-ADDR CA-FILE FRONTEND-TOKEN */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "appt_id.h"
#include "benchlib.h"
#include "jhclient.h"
#include "mono.h"

#define BLOCKS		6	/* alternating blocks per figure */
#define SIGNINS		40	/* sign-ins per block and mode */
#define BOOKS_1		150	/* bookings per block and mode, one front end */
#define BOOKS_8		40	/* bookings per front end, block and mode, eight front ends */
#define FRONTS		8
#define MAX_SLOTS	1024
#define ID_BASE		300000	/* ID numbers of this bench: none of the other benches' */

static const char *addr[2], *ca, *token;
static char *slot_centre[MAX_SLOTS], *slot_start[MAX_SLOTS];
static int nslots;
static atomic_int next_id;

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "district_tls_bench: %s: %s\n", what, why);
	exit(1);
}

static struct jhc *
front(int tls)
{
	struct jhc_cred cr = { .role = "frontend", .device = "tests", .token = token,
	    .ca = tls ? ca : NULL };
	struct jhc *c = jhc_new(addr[tls], &cr);

	if (!c || jhc_connect(c, 10000) < 0)
		die(tls ? "sign-in over TLS" : "sign-in", c ? jhc_error(c) : "out of memory");
	return c;
}

/* A valid ID number of this bench (birth dates in 1970, as district_bench's). */
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

/* The slots of service E at the three centres, from jhdistrict's slots op. */
static void
load_slots(void)
{
	static const char *centres[] = { "C1", "C2", "C3" };
	struct jhc *c = front(0);

	for (int k = 0; k < 3; k++) {
		json_t *a = jhc_op(c, "slots", json_pack("{s:s,s:s}", "centre", centres[k],
		    "service", "E"), 10000), *s;
		size_t i;

		if (!a || !json_is_true(json_object_get(a, "ok")))
			die("slots", a ? "refused" : jhc_error(c));
		json_array_foreach(json_object_get(a, "slots"), i, s) {
			if (nslots == MAX_SLOTS)
				break;
			slot_centre[nslots] = strdup(centres[k]);
			slot_start[nslots] = strdup(json_string_value(json_object_get(s, "start")));
			nslots++;
		}
		json_decref(a);
	}
	jhc_free(c);
	if (nslots < 100)
		die("slots", "fewer than 100 slots of E");
}

struct booker {
	struct jhc *c;
	int n;
	double *lat;
};

static void *
book_loop(void *arg)
{
	struct booker *b = arg;
	char id[APPT_ID_LEN + 1];

	for (int i = 0; i < b->n; i++) {
		int k = atomic_fetch_add(&next_id, 1);
		double t0 = (mono_us() / 1e3);
		json_t *a;

		id_number(ID_BASE + k, id);
		a = jhc_op(b->c, "book", json_pack("{s:s,s:s,s:s,s:s}", "centre",
		    slot_centre[k % nslots], "service", "E", "start", slot_start[k % nslots],
		    "id_number", id), 10000);
		if (!a)
			die("book", jhc_error(b->c));
		if (!json_is_true(json_object_get(a, "ok")))
			die("book", json_string_value(json_object_get(json_object_get(a, "error"),
			    "message")));
		json_decref(a);
		b->lat[i] = (mono_us() / 1e3) - t0;
	}
	return NULL;
}

/* One block of bookings: nf front ends (connected here), per bookings each; the time. */
static double
books(int tls, int nf, int per, double *lat)
{
	pthread_t th[FRONTS];
	struct booker bk[FRONTS];
	double t0;

	for (int k = 0; k < nf; k++)
		bk[k] = (struct booker){ front(tls), per, lat + k * per };
	t0 = (mono_us() / 1e3);
	for (int k = 0; k < nf; k++)
		if (pthread_create(&th[k], NULL, book_loop, &bk[k]) != 0)
			die("pthread_create", strerror(errno));
	for (int k = 0; k < nf; k++)
		pthread_join(th[k], NULL);
	t0 = (mono_us() / 1e3) - t0;
	for (int k = 0; k < nf; k++)
		jhc_free(bk[k].c);
	return t0;
}

static void
line(const char *what, const char *unit, double plain, double tls)
{
	printf("%-36s %10.2f %10.2f %8.2fx  %s\n", what, plain, tls, plain > 0 ? tls / plain : 0,
	    unit);
}

#define pline(what, lat, n, p) \
	line(what, "ms", bench_percentile((lat)[0], n, p), bench_percentile((lat)[1], n, p))

int
main(int argc, char **argv)
{
	static double ls[2][BLOCKS * SIGNINS], l1[2][BLOCKS * BOOKS_1];
	static double l8[2][BLOCKS * BOOKS_8 * FRONTS];
	double t1[2] = { 0, 0 }, t8[2] = { 0, 0 };

	if (argc != 5) {
		fprintf(stderr, "usage: district_tls_bench PLAIN-ADDR TLS-ADDR CA-FILE TOKEN\n");
		return 2;
	}
	addr[0] = argv[1];
	addr[1] = argv[2];
	ca = argv[3];
	token = argv[4];
	unsetenv("JH_CA");	/* plain means plain */
	load_slots();
	printf("district_tls_bench: one jhdistrict, plain TCP and TLS on loopback, a front end's "
	    "sign-in and book (service E, %d slots); %d alternating blocks\n", nslots, BLOCKS);
	for (int b = 0; b < BLOCKS; b++)
		for (int j = 0; j < 2; j++) {
			int tls = (b + j) % 2;

			for (int i = 0; i < SIGNINS; i++) {
				double t = (mono_us() / 1e3);

				jhc_free(front(tls));
				ls[tls][b * SIGNINS + i] = (mono_us() / 1e3) - t;
			}
		}
	for (int b = 0; b < BLOCKS; b++)
		for (int j = 0; j < 2; j++) {
			int tls = (b + j) % 2;

			t1[tls] += books(tls, 1, BOOKS_1, l1[tls] + b * BOOKS_1);
			t8[tls] += books(tls, FRONTS, BOOKS_8, l8[tls] + b * BOOKS_8 * FRONTS);
		}
	printf("%-36s %10s %10s %9s\n", "", "plain", "TLS", "TLS/plain");
	pline("front-end sign-in (token), median", ls, BLOCKS * SIGNINS, 0.5);
	pline("front-end sign-in (token), p99", ls, BLOCKS * SIGNINS, 0.99);
	line("book, 1 front end", "bookings/s", BLOCKS * BOOKS_1 / (t1[0] / 1e3),
	    BLOCKS * BOOKS_1 / (t1[1] / 1e3));
	pline("book, 1 front end, p50", l1, BLOCKS * BOOKS_1, 0.5);
	pline("book, 1 front end, p99", l1, BLOCKS * BOOKS_1, 0.99);
	line("book, 8 front ends", "bookings/s", BLOCKS * BOOKS_8 * FRONTS / (t8[0] / 1e3),
	    BLOCKS * BOOKS_8 * FRONTS / (t8[1] / 1e3));
	pline("book, 8 front ends, p99", l8, BLOCKS * BOOKS_8 * FRONTS, 0.99);
	return 0;
}
