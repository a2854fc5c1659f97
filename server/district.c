/* district.c — jhd's side of the district (see district.h, docs/DISTRICT.md): one
 * non-blocking connection to jhdistrict in jhd's loop, one request at a time. Each turn of the
 * link sends the oldest unsent outbox event if there is one (a booking's check-in or no-show
 * alone; the hall's ticket events up to TICKETS_PER_REQUEST in a row in one ticket_events
 * request), else the ticket counts of the
 * next closed hour (mark in meta), else asks for the changes to
 * this centre's bookings since the stored cursor and writes them into the appointments table
 * (booked_by 'district') with the new cursor, in the server's transaction of the turn. The
 * outbox is filled by triggers in the same transaction as the check-in, no-show or ticket
 * event itself, so an event exists exactly when its change was committed, whatever is killed
 * when. The link speaks TLS with [district] ca (the hall CA; tls.c), else plain TCP, which is
 * refused to an address off loopback unless [district] allow_plain = yes. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <jansson.h>

#include "alloc.h"
#include "clock.h"
#include "mono.h"
#include "district.h"
#include "district/dist_conf.h"
#include "hallconf.h"
#include "log.h"
#include "loop.h"
#include "server.h"
#include "store.h"
#include "tls.h"

#define LINK_TICK_MS	200		/* how often the link looks for work */
#define PULL_EVERY_MS	400		/* changes asked at most this often when idle */
#define ANSWER_MS	5000		/* an answer later than this: the link is dropped */
#define BACKOFF_FIRST_MS 250
#define BACKOFF_MAX_MS	10000
#define REMIND_S	600		/* a link down is logged again at most this often */
#define IN_MAX		(1024 * 1024)	/* a changes answer of 500 bookings fits */
#define PULL_LIMIT	200
#define KEEP_BEFORE_S	(36 * 3600)	/* bookings whose slot ended longer ago are not copied */
#define TICKETS_PER_REQUEST 100		/* ticket events in one request (~30 KB of 64 KiB) */
#define KEEP_SENT_S	(7 * 86400)	/* outbox rows sent longer ago are deleted, hourly */

enum { L_OFF, L_DOWN, L_CONNECTING, L_HANDSHAKE, L_IDLE, L_WAITING };
#define ALERT_KIND	"district_link"	/* jhd's own alert: the link cannot be trusted */
#define HOUR_S		3600
#define HOURS_BACK_S	(31L * 86400)	/* hours older than this are not reported */

enum { ASK_NONE, ASK_HELLO, ASK_IMPORT, ASK_CHANGES, ASK_EVENT, ASK_HOURS, ASK_TICKETS };

static struct {
	struct loop *loop;
	struct dist_conf conf;		/* [district] of the stored hall file */
	char *source;			/* the stored hall file it was read from */
	int publish;			/* the hall's slots are yet to be sent to the district */
	int state;
	int fd;
	struct tls_client *trust;	/* [district] ca, loaded (NULL: plain TCP) */
	struct tls *tls;		/* the link's session (NULL: plain) */
	char host[DIST_TEXT_MAX];	/* the name the certificate must carry */
	int ask;			/* what the answer awaited is to */
	long long asked_ms;
	long long event_row, event_last; /* the outbox rows being sent */
	long long hour_sent;		/* the hour whose ticket counts are being sent */
	long long hours_due;		/* no hour is due before this time */
	long long prune_due;		/* the outbox's sent rows are pruned at this time */
	long long retry_ms;		/* reconnect not before */
	int backoff_ms;
	long long pulled_ms;		/* last changes asked */
	char *in;
	size_t inlen;
	char *out;
	size_t outlen, outoff;
	int was_up;
	int down_logged;		/* the loss is logged (a warning): the recovery will be */
	long long attempts;		/* reconnections failed since the loss */
	long long warned_s;		/* when the loss was last logged (the hall's clock) */
} L = { .fd = -1, .backoff_ms = BACKOFF_FIRST_MS };

static void link_io(int fd, int ready, void *arg);
static void pump(void);

/* The link went down, or an attempt failed (why): every attempt is a debug line; the loss is
 * a warning once, then at most every REMIND_S seconds of the hall's clock (the test clock in
 * tests) with the attempts so far, so that a day-long outage writes a few hundred lines at
 * most, not one per attempt (docs/DISTRICT.md, "Outages"). */
static void
log_down(const char *why)
{
	long long now = clock_now();

	if (!L.was_up)
		L.attempts++;
	log_debug("district %s: %s; trying again in %d ms", L.conf.server, why, L.backoff_ms);
	if (!L.down_logged) {
		log_warn("district %s: the link is down (%s); trying again, logged again at most "
		    "every %d minutes", L.conf.server, why, REMIND_S / 60);
		L.down_logged = 1;
		L.warned_s = now;
	} else if (now - L.warned_s >= REMIND_S || now < L.warned_s) {
		log_warn("district %s: the link is still down after %lld attempts (%s); trying "
		    "again in %d ms", L.conf.server, L.attempts, why, L.backoff_ms);
		L.warned_s = now;
	}
}

static void
link_close(const char *why)
{
	if (L.tls) {
		tls_bye(L.tls);
		tls_free(L.tls);
		L.tls = NULL;
	}
	if (L.fd >= 0) {
		loop_del(L.loop, L.fd);
		close(L.fd);
	}
	L.fd = -1;
	L.inlen = L.outlen = L.outoff = 0;
	L.ask = ASK_NONE;
	if (L.state != L_OFF) {
		if (L.was_up || why)
			log_down(why ? why : "link closed");
		L.state = L_DOWN;
		L.retry_ms = mono_ms() + L.backoff_ms;
		L.backoff_ms = L.backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : L.backoff_ms * 2;
	}
	L.was_up = 0;
}

/* The alert district_link cleared, when it is up (why: the words of its clearing). */
static void
alert_clear(const char *why)
{
	if (server_own_alert_find(ALERT_KIND, NULL))
		server_own_alert(ALERT_KIND, NULL, why, clock_now(), 1);
}

/* The link cannot be trusted (the CA, the certificate, plain TCP off loopback, the token):
 * an error in the log and jhd's own alert district_link until a sign-in succeeds. */
static void
link_refused(const char *why)
{
	char msg[600];

	snprintf(msg, sizeof msg, "district %s: %s", L.conf.server, why);
	log_error("%s", msg);
	server_own_alert(ALERT_KIND, NULL, msg, clock_now(), 0);
	link_close(NULL);
}

static void
link_connect(void)
{
	struct addrinfo hints = { 0 }, *ai = NULL;
	char host[DIST_TEXT_MAX], *colon;
	int fd;

	snprintf(host, sizeof host, "%s", L.conf.server);
	if (!(colon = strrchr(host, ':'))) {
		link_close("[district] server is not HOST:PORT");
		return;
	}
	*colon = '\0';
	snprintf(L.host, sizeof L.host, "%s", L.conf.server_name[0] ? L.conf.server_name : host);
	if (L.conf.ca[0] && !L.trust) {
		char e[400];

		if (!(L.trust = tls_client_new(L.conf.ca, e, sizeof e))) {
			link_refused(e);
			return;
		}
	}
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0 || !ai) {
		link_close("cannot resolve the district's address");
		return;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS)) {
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		link_close(strerror(errno));
		return;
	}
	freeaddrinfo(ai);
	L.fd = fd;
	L.state = L_CONNECTING;
	L.asked_ms = mono_ms();
	if (loop_add(L.loop, fd, LOOP_WRITE, link_io, NULL) < 0)
		link_close("out of memory");
}

/* Bytes out and in, over TLS or plain: >0, 0 at the end (reads), -1 with errno EAGAIN to
 * wait, else an error (why: its words). */
static ssize_t
link_write(const void *buf, size_t n, const char **why)
{
	ssize_t w;

	if (!L.tls) {
		w = write(L.fd, buf, n);
		*why = strerror(errno);
		return w;
	}
	if ((w = tls_write(L.tls, buf, n)) == TLS_AGAIN)
		errno = EAGAIN;
	*why = tls_error(L.tls);
	return w < 0 ? -1 : w;
}

static ssize_t
link_read(void *buf, size_t n, const char **why)
{
	ssize_t r;

	if (!L.tls) {
		r = read(L.fd, buf, n);
		*why = strerror(errno);
		return r;
	}
	if ((r = tls_read(L.tls, buf, n)) == TLS_AGAIN)
		errno = EAGAIN;
	else if (r < 0)
		errno = EIO;
	*why = tls_error(L.tls);
	return r < 0 ? -1 : r;
}

/* Queue one request line and wait for its answer. */
static void
link_send(json_t *req, int ask)
{
	char *s = json_dumps(req, JSON_COMPACT);
	size_t n;

	json_decref(req);
	if (!s) {
		link_close("a request could not be built");
		return;
	}
	n = strlen(s);
	if (!(L.out = jh_realloc(L.out, n + 1))) {
		free(s);
		link_close("out of memory");
		return;
	}
	memcpy(L.out, s, n);
	L.out[n] = '\n';
	L.outlen = n + 1;
	L.outoff = 0;
	free(s);
	L.ask = ask;
	L.state = L_WAITING;
	L.asked_ms = mono_ms();
	loop_mod(L.loop, L.fd, LOOP_READ | LOOP_WRITE);
	/* out now, not after the turn's commit: the district works while jhd's commit (of the
	 * answer before, e.g. outbox rows marked sent) syncs. A crash before that commit sends
	 * those rows again, which the district takes as duplicates. */
	link_io(L.fd, LOOP_WRITE, NULL);
}

static long long
iso_time(json_t *o, const char *key)
{
	long long t;

	if (!json_is_string(json_object_get(o, key)) ||
	    clock_parse_iso(json_string_value(json_object_get(o, key)), &t) < 0)
		return -1;
	return t;
}

static void
cursor_key(char *buf, size_t len)
{
	snprintf(buf, len, "district_cursor %s@%s", L.conf.centre, L.conf.server);
}

static void
hours_key(char *buf, size_t len)
{
	snprintf(buf, len, "district_hours %s@%s", L.conf.centre, L.conf.server);
}

/* The next hour whose ticket counts are to go up (meta, in the turn's transaction). */
static void
hours_set(long long next)
{
	char key[DIST_TEXT_MAX + DIST_CODE_MAX + 32], val[32];

	if (server_begin() < 0)
		return;
	hours_key(key, sizeof key);
	snprintf(val, sizeof val, "%lld", next);
	if (store_meta_set(srv.store, key, val) < 0)
		srv.tx_failed = 1;
}

static int
hour_row(void *arg, const char *service, const long long n[4])
{
	return json_array_append_new(arg, json_pack("{s:s,s:I,s:I,s:I,s:I}", "service", service,
	    "taken", (json_int_t)n[0], "called", (json_int_t)n[1], "finished", (json_int_t)n[2],
	    "no_show", (json_int_t)n[3]));
}

/* The ticket counts of the next closed hour to report: 1 and the request; 0 when none is due
 * (quiet hours are skipped by moving the mark on), -1 on an error. The mark (meta
 * district_hours) moves on only when the district has the hour, so an hour is sent until it
 * is answered; the district keeps one set of counts per centre and hour (idempotent). */
static int
next_hours(json_t **req)
{
	char key[DIST_TEXT_MAX + DIST_CODE_MAX + 32], val[32], at[40];
	long long now = clock_now(), now_h = now / HOUR_S * HOUR_S, next, t;
	json_t *svcs;

	hours_key(key, sizeof key);
	if (store_meta_get(srv.store, key, val, sizeof val) == 1)
		next = atoll(val);
	else if ((t = store_district_first_activity(srv.store, now - HOURS_BACK_S)) >= 0)
		next = t / HOUR_S * HOUR_S;
	else
		next = now_h;
	if (next < now_h - HOURS_BACK_S)
		next = (now_h - HOURS_BACK_S) / HOUR_S * HOUR_S;
	if (next + HOUR_S > now) {
		L.hours_due = next + HOUR_S;
		return 0;
	}
	if (!(svcs = json_array()))
		return -1;
	if (store_district_hour_counts(srv.store, next, next + HOUR_S, hour_row, svcs) < 0) {
		json_decref(svcs);
		return -1;
	}
	if (json_array_size(svcs) == 0) {
		json_decref(svcs);
		t = store_district_first_activity(srv.store, next + HOUR_S);
		hours_set(t >= 0 && t / HOUR_S * HOUR_S < now_h ? t / HOUR_S * HOUR_S : now_h);
		return 0;
	}
	clock_iso(next, at, sizeof at);
	L.hour_sent = next;
	*req = json_pack("{s:s,s:s,s:s,s:o}", "op", "tickets", "centre", L.conf.centre, "hour",
	    at, "services", svcs);
	return *req ? 1 : -1;
}

static void
hours_answered(json_t *ans)
{
	const char *code = json_string_value(json_object_get(json_object_get(ans, "error"),
	    "code"));

	if (!json_is_true(json_object_get(ans, "ok"))) {
		if (!code || strcmp(code, "internal") == 0 || strcmp(code, "unavailable") == 0) {
			link_close("the district could not record the hour's ticket counts");
			return;
		}
		log_warn("district: ticket counts of hour %lld refused (%s)", L.hour_sent, code);
	}
	hours_set(L.hour_sent + HOUR_S);
}

/* Write the changes into the appointments table with the new cursor, in the turn's
 * transaction. */
static void
apply_changes(json_t *ans)
{
	json_t *list = json_object_get(ans, "bookings"), *b;
	json_t *cur = json_object_get(ans, "cursor");
	struct store_district_copy *st;
	char key[DIST_TEXT_MAX + DIST_CODE_MAX + 32], val[32];
	long long keep_from = clock_now() - KEEP_BEFORE_S;
	size_t i;
	int n = 0;

	if (!json_is_array(list) || !json_is_integer(cur)) {
		log_warn("district: a changes answer without bookings or cursor");
		return;
	}
	if (server_begin() < 0)
		return;
	if ((st = store_district_copy_begin(srv.store)) == NULL) {
		srv.tx_failed = 1;
		log_error("district: %s", store_district_errmsg(srv.store));
		return;
	}
	json_array_foreach(list, i, b) {
		long long start = iso_time(b, "start"), end = iso_time(b, "end");
		long long at = iso_time(b, "booked_at");
		const char *f[6] = { "code", "service", "id_hash", "id_masked", "state", "channel" };
		struct store_district_booking bk;

		for (int k = 0; k < 6; k++)
			if (!json_is_string(json_object_get(b, f[k])))
				start = -1;
		if (start < 0 || end <= start) {
			log_warn("district: a booking the centre cannot read: skipped");
			continue;
		}
		if (end < keep_from)
			continue;
		bk.code = json_string_value(json_object_get(b, "code"));
		bk.service = json_string_value(json_object_get(b, "service"));
		bk.start = start;
		bk.end = end;
		bk.id_hash = json_string_value(json_object_get(b, "id_hash"));
		bk.id_masked = json_string_value(json_object_get(b, "id_masked"));
		bk.state = json_string_value(json_object_get(b, "state"));
		bk.channel = json_string_value(json_object_get(b, "channel"));
		bk.booked_at = at > 0 ? at : start;
		if (store_district_copy(st, &bk) < 0) {
			log_error("district: booking %s: %s", bk.code,
			    store_district_errmsg(srv.store));
			srv.tx_failed = 1;
			break;
		}
		n++;
	}
	store_district_copy_end(st);
	cursor_key(key, sizeof key);
	snprintf(val, sizeof val, "%lld", (long long)json_integer_value(cur));
	if (!srv.tx_failed && store_meta_set(srv.store, key, val) < 0)
		srv.tx_failed = 1;
	if (n > 0) {
		server_status_stale();
		log_info("district: %d booking changes copied (cursor %s)", n, val);
	}
	/* more waiting: ask again at once */
	if (json_is_true(json_object_get(ans, "more")))
		L.pulled_ms = 0;
}

static void
event_answered(json_t *ans, int ask)
{
	json_t *err = json_object_get(ans, "error");
	const char *code = json_string_value(json_object_get(err, "code"));
	char result[160];
	json_t *dup;
	size_t i;

	if (!json_is_true(json_object_get(ans, "ok"))) {
		/* the district could not take it now: try again later; refused: keep it, sent */
		if (!code || strcmp(code, "internal") == 0 || strcmp(code, "unavailable") == 0) {
			link_close("the district could not record an event");
			return;
		}
		snprintf(result, sizeof result, "refused: %s", code);
		log_warn("district: outbox rows %lld-%lld refused (%s)", L.event_row, L.event_last,
		    code);
	} else if (ask == ASK_TICKETS) {
		snprintf(result, sizeof result, "ok");
	} else {
		snprintf(result, sizeof result, "%s",
		    json_is_true(json_object_get(ans, "duplicate")) ? "duplicate" :
		    json_string_value(json_object_get(ans, "result")) ?
		    json_string_value(json_object_get(ans, "result")) : "ok");
	}
	if (server_begin() < 0)
		return;
	if (store_district_event_sent(srv.store, L.event_row, L.event_last, clock_now(),
	    result) < 0)
		srv.tx_failed = 1;
	/* a batch sent again after a lost answer: the events the district had already */
	json_array_foreach(json_object_get(ans, "duplicates"), i, dup)
		if (json_is_string(dup) && store_district_event_result(srv.store,
		    json_string_value(dup), "duplicate") < 0)
			srv.tx_failed = 1;
	L.pulled_ms = 0;	/* the district's change comes back through the cursor */
}

static void
answered(char *line, size_t len)
{
	json_t *ans = json_loadb(line, len, 0, NULL);
	int ask = L.ask;

	L.ask = ASK_NONE;
	L.state = L_IDLE;
	loop_mod(L.loop, L.fd, LOOP_READ);
	if (!json_is_object(ans)) {
		json_decref(ans);
		link_close("the district's answer is not JSON");
		return;
	}
	switch (ask) {
	case ASK_HELLO:
		if (!json_is_true(json_object_get(ans, "ok"))) {
			json_decref(ans);
			link_refused("the district refused the centre's sign-in ([district] token)");
			return;
		}
		if (!L.was_up)
			log_info("district %s: connected as centre %s%s", L.conf.server,
			    L.conf.centre, L.tls ? " (TLS)" : "");
		if (L.down_logged)
			log_info("district %s: the link is back after %lld attempts", L.conf.server,
			    L.attempts);
		L.down_logged = 0;
		L.attempts = 0;
		alert_clear("the centre is signed in at the district");
		L.was_up = 1;
		L.backoff_ms = BACKOFF_FIRST_MS;
		break;
	case ASK_CHANGES:
		if (json_is_true(json_object_get(ans, "ok")))
			apply_changes(ans);
		else
			log_warn("district: changes refused: %s", json_string_value(json_object_get(
			    json_object_get(ans, "error"), "message")));
		break;
	case ASK_IMPORT:
		if (json_is_true(json_object_get(ans, "ok")))
			log_info("district: hall published (%lld slots)",
			    (long long)json_integer_value(json_object_get(ans, "slots")));
		else
			log_warn("district: the hall was not published: %s", json_string_value(
			    json_object_get(json_object_get(ans, "error"), "message")));
		L.publish = 0;
		break;
	case ASK_EVENT:
	case ASK_TICKETS:
		event_answered(ans, ask);
		break;
	case ASK_HOURS:
		hours_answered(ans);
		break;
	default:
		break;
	}
	json_decref(ans);
	if (L.fd >= 0)
		pump();
}

static void
say_hello(void)
{
	L.state = L_IDLE;
	loop_mod(L.loop, L.fd, LOOP_READ);
	link_send(json_pack("{s:s,s:s,s:s,s:s}", "op", "hello", "role", "centre", "device",
	    L.conf.centre, "token", L.conf.token), ASK_HELLO);
}

/* The connection is up: TLS with the hall CA, or plain TCP to loopback (or allowed). */
static void
link_up(int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;

	if (L.trust) {
		if (!(L.tls = tls_connect(L.trust, fd, L.host))) {
			link_close("out of memory");
			return;
		}
		L.state = L_HANDSHAKE;
		return;
	}
	if (!L.conf.allow_plain && (getpeername(fd, (struct sockaddr *)&ss, &sl) < 0 ||
	    !tls_addr_is_loopback((struct sockaddr *)&ss))) {
		link_refused("not a loopback address, and plain TCP would carry the centre's token "
		    "in the clear: give [district] ca = the hall CA's certificate (jhdistrict's "
		    "--tls-listen port), or allow_plain = yes");
		return;
	}
	say_hello();
}

/* One step of the TLS handshake. */
static void
handshake(void)
{
	char e[512];
	int rc = tls_handshake(L.tls, e, sizeof e);

	if (rc == 1)
		say_hello();
	else if (rc == TLS_AGAIN)
		loop_mod(L.loop, L.fd, tls_want_write(L.tls) ? LOOP_WRITE : LOOP_READ);
	else
		link_refused(e);
}

static void
link_io(int fd, int ready, void *arg)
{
	const char *why = NULL;

	if (L.state == L_CONNECTING) {
		int e = 0;
		socklen_t el = sizeof e;

		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) < 0 || e != 0) {
			link_close(strerror(e ? e : errno));
			return;
		}
		link_up(fd);
		if (L.state != L_HANDSHAKE)
			return;
	}
	if (L.state == L_HANDSHAKE) {
		handshake();
		return;
	}
	if ((ready & LOOP_WRITE) && L.outoff < L.outlen) {
		ssize_t n = link_write(L.out + L.outoff, L.outlen - L.outoff, &why);

		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			link_close(why);
			return;
		}
		if (n > 0)
			L.outoff += (size_t)n;
		if (L.outoff == L.outlen)
			loop_mod(L.loop, fd, LOOP_READ);
	}
	if (ready & LOOP_READ) {
		char *nl;
		ssize_t n;

		if (!L.in && !(L.in = jh_malloc(IN_MAX))) {
			link_close("out of memory");
			return;
		}
		/* a TLS session may hold decrypted bytes poll(2) does not see: read them all */
		do {
			n = link_read(L.in + L.inlen, IN_MAX - L.inlen, &why);
			if (n > 0)
				L.inlen += (size_t)n;
		} while (n > 0 && L.tls && L.inlen < IN_MAX);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			link_close(n == 0 ? "the district closed the link" : why);
			return;
		}
		while (L.fd >= 0 && (nl = memchr(L.in, '\n', L.inlen))) {
			size_t len = (size_t)(nl - L.in);

			if (L.ask != ASK_NONE)
				answered(L.in, len);
			if (L.fd < 0)
				return;
			memmove(L.in, nl + 1, L.inlen - len - 1);
			L.inlen -= len + 1;
		}
		if (L.fd >= 0 && L.inlen == IN_MAX)
			link_close("an answer over 1 MiB");
	}
}

/* [district] as the hall file's one reading found it (district_hall_reader), until
 * district_adopt takes it */
static struct dist_conf read_conf;
static struct dist_conf_reader read_reader;

struct hall_section_reader
district_hall_reader(void)
{
	struct hall_section_reader rd = { dist_conf_reader_key, &read_reader };

	dist_conf_reader_init(&read_reader, &read_conf);
	return rd;
}

/* A new hall file (imported, or stored when jhd starts) is published to the district: its
 * centre, services and slots. The same file read again (a turn that could not be saved)
 * changes nothing. */
void
district_adopt(const char *text)
{
	char err[256];
	int bad = dist_conf_reader_done(&read_reader, err, sizeof err) < 0;

	if (!text || (L.source && strcmp(text, L.source) == 0))
		return;
	free(L.source);
	L.source = jh_strdup(text);
	link_close(NULL);
	L.state = L_OFF;
	tls_client_free(L.trust);
	L.trust = NULL;
	alert_clear("another hall file");
	L.conf = read_conf;
	if (!L.source || bad) {
		log_error("district: the stored hall file: %s; not a centre",
		    L.source ? err : "out of memory");
		memset(&L.conf, 0, sizeof L.conf);
	}
	srv.district = NULL;
	if (L.conf.present && L.conf.server[0]) {
		srv.district = L.conf.server;
		log_info("district mode: centre %s of %s", L.conf.centre, L.conf.server);
		L.state = L_DOWN;
		L.retry_ms = 0;
		L.backoff_ms = BACKOFF_FIRST_MS;
		L.down_logged = 0;
		L.attempts = 0;
		L.publish = 1;
	} else if (L.conf.present) {
		log_warn("district: [district] names no server: not a centre");
		L.conf.present = 0;
	}
	/* the hall's ticket events are queued for the district only while it is a centre */
	if (store_district_ticket_feed(srv.store, srv.district != NULL) < 0)
		log_error("district: the outbox trigger on ticket events: %s",
		    store_district_errmsg(srv.store));
}

/* One ticket event of the outbox as the district is told it: its body (the trigger's JSON,
 * times in seconds) with the event's id and ISO times. NULL with *unreadable 0 out of memory,
 * 1 when the body is not a JSON object (a row nobody can send). */
static json_t *
ticket_event_json(const struct store_district_event *ev, int *unreadable)
{
	static const char *const times[] = { "issued_at", "called_at" };
	json_error_t jerr;
	long nomem = jh_alloc_failures();	/* (jansson reports some as syntax errors) */
	json_t *o = ev->body ? json_loads(ev->body, 0, &jerr) : NULL;
	char at[40];

	*unreadable = 0;
	if (!json_is_object(o)) {
		*unreadable = o || !ev->body || (json_error_code(&jerr) != json_error_out_of_memory &&
		    jh_alloc_failures() == nomem);
		json_decref(o);
		return NULL;
	}
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		json_t *t = json_object_get(o, times[i]);

		if (json_is_integer(t)) {
			clock_iso(json_integer_value(t), at, sizeof at);
			if (json_object_set_new(o, times[i], json_string(at)) < 0) {
				json_decref(o);
				return NULL;
			}
		}
	}
	clock_iso(ev->at, at, sizeof at);
	if (json_object_set_new(o, "event_id", json_string(ev->event_id)) < 0 ||
	    json_object_set_new(o, "at", json_string(at)) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Collects the request for the oldest outbox events: a booking's event alone, else the ticket
 * events that follow each other (up to TICKETS_PER_REQUEST). */
struct batch {
	json_t *req;
	json_t *tickets;	/* the ticket events so far, or NULL */
	int ask;
};

static int
batch_add(void *arg, const struct store_district_event *ev)
{
	struct batch *b = arg;
	char at[40];
	json_t *o;
	int unreadable;

	if (strcmp(ev->kind, "ticket") != 0) {
		if (b->tickets)
			return 0;	/* a booking's event after ticket events: its own turn */
		L.event_row = L.event_last = ev->row;
		clock_iso(ev->at, at, sizeof at);
		b->req = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "op", "event", "centre",
		    L.conf.centre, "event_id", ev->event_id, "kind", ev->kind, "code", ev->code,
		    "at", at);
		b->ask = ASK_EVENT;
		return b->req ? 0 : -1;
	}
	if (!(o = ticket_event_json(ev, &unreadable))) {
		if (!unreadable)
			return -1;	/* out of memory: the next turn tries again */
		if (b->tickets)
			return 0;	/* sent after the batch, at the head of the next one */
		/* a body nobody can read would hold the outbox up for ever: set aside */
		log_error("district: outbox row %lld (%s) cannot be read: set aside, not sent",
		    ev->row, ev->event_id);
		if (server_begin() < 0 || store_district_event_sent(srv.store, ev->row, ev->row,
		    clock_now(), "unreadable: not sent") < 0)
			srv.tx_failed = 1;
		return 0;
	}
	if (!b->tickets) {
		if (!(b->tickets = json_array())) {
			json_decref(o);
			return -1;
		}
		L.event_row = ev->row;
	}
	L.event_last = ev->row;
	return json_array_append_new(b->tickets, o) < 0 ? -1 : 1;
}

/* The oldest outbox events as one request: 1 with *req and *ask, 0 when the outbox is empty,
 * -1 on an error. */
static int
next_event(json_t **req, int *ask)
{
	struct batch b = { NULL, NULL, ASK_NONE };

	if (store_district_next_events(srv.store, TICKETS_PER_REQUEST, batch_add, &b) < 0) {
		json_decref(b.req);
		json_decref(b.tickets);
		return -1;
	}
	if (b.tickets) {
		b.req = json_pack("{s:s,s:s,s:o}", "op", "ticket_events", "centre", L.conf.centre,
		    "events", b.tickets);
		b.ask = ASK_TICKETS;
	}
	*req = b.req;
	*ask = b.ask;
	return b.req ? 1 : 0;
}

/* The link is idle: publish the hall, else send the oldest outbox event, else ask for
 * changes (at most every PULL_EVERY_MS). */
static void
pump(void)
{
	long long now = mono_ms();
	char key[DIST_TEXT_MAX + DIST_CODE_MAX + 32], val[32];
	json_t *req = NULL;
	int ask;

	if (L.state != L_IDLE)
		return;
	if (L.publish) {
		link_send(json_pack("{s:s,s:s,s:s}", "op", "import", "centre", L.conf.centre,
		    "hall", L.source), ASK_IMPORT);
		return;
	}
	if (next_event(&req, &ask) == 1) {
		link_send(req, ask);
		return;
	}
	if (clock_now() >= L.prune_due) {
		int n;

		L.prune_due = clock_now() + HOUR_S;
		if (server_begin() == 0 && (n = store_district_prune(srv.store,
		    clock_now() - KEEP_SENT_S)) != 0) {
			if (n < 0)
				srv.tx_failed = 1;
			else
				log_info("district: %d outbox rows sent over 7 days ago deleted", n);
		}
	}
	if (clock_now() >= L.hours_due && next_hours(&req) == 1) {
		link_send(req, ASK_HOURS);
		return;
	}
	if (now - L.pulled_ms < PULL_EVERY_MS)
		return;
	L.pulled_ms = now;
	cursor_key(key, sizeof key);
	if (store_meta_get(srv.store, key, val, sizeof val) != 1)
		snprintf(val, sizeof val, "0");
	link_send(json_pack("{s:s,s:s,s:I,s:i}", "op", "changes", "centre", L.conf.centre,
	    "since", (json_int_t)atoll(val), "limit", PULL_LIMIT), ASK_CHANGES);
}

static void
link_tick(void *arg)
{
	long long now = mono_ms();

	switch (L.state) {
	case L_DOWN:
		if (now >= L.retry_ms)
			link_connect();
		return;
	case L_CONNECTING:
	case L_HANDSHAKE:
	case L_WAITING:
		if (now - L.asked_ms > ANSWER_MS)
			link_close("no answer from the district");
		return;
	default:
		pump();
	}
}

json_t *
district_status(void)
{
	if (!srv.district)
		return NULL;
	return json_pack("{s:s,s:b,s:I}", "centre", L.conf.centre, "connected",
	    L.was_up && L.fd >= 0, "outbox", (json_int_t)store_district_unsent(srv.store));
}

int
district_start(struct loop *l, char *err, size_t errlen)
{
	if (store_district_start(srv.store, err, errlen) < 0)
		return -1;
	L.loop = l;	/* (the hall, read before, may have made it a centre already) */
	if (loop_every(l, LINK_TICK_MS, link_tick, NULL) < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

void
district_stop(void)
{
	link_close(NULL);
	L.state = L_OFF;
	srv.district = NULL;
	tls_client_free(L.trust);
	L.trust = NULL;
	free(L.in);
	free(L.out);
	free(L.source);
	L.in = L.out = L.source = NULL;
}
