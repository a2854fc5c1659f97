/* jhweb.c — jhweb: the web pages of a hall, served from jhd's protocol (docs/WEB.md).
 *   jhweb [--listen HOST:PORT] [--server HOST:PORT|SOCKET] [--device NAME]
 *         [--token TOKEN | --token-file FILE] [--port-file FILE] [--log LEVEL]
 *         [--proxy] [--session-idle SECONDS]
 *
 * One thread, one poll loop: libmicrohttpd in external mode with epoll (its epoll descriptor
 * is one of the loop's descriptors, with jhd's socket and a signal pipe), and suspend/resume
 * for the server-sent event streams: a stream with nothing to send is suspended, so an idle
 * jhweb sleeps in poll (a keep-alive comment every 15 s is the only wake-up). jhweb is a
 * monitor device of jhd: it subscribes to calls, tickets, windows and users (a user signed out
 * by an admin ends their /stats sessions), and after each batch of
 * events (at most every 200 ms) reads status (and the day's stats by hour, at most every 5 s),
 * renders the board and pushes it to every open board; ticket pages are read again with
 * ticket_by_token and pushed when they changed. It never opens the database.
 *
 * /stats (docs/WEB.md): a supervisor signs in with their jhd password, checked once by a hello
 * on a connection of its own (non-blocking, in the poll loop; the request is suspended until
 * the answer); the session is a random cookie; the stats ops go over the monitor connection. */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <microhttpd.h>

#include "assets.h"
#include "book.h"
#include "dpool.h"
#include "http.h"
#include "jhcli.h"
#include "jhclient.h"
#include "log.h"
#include "mono.h"
#include "render.h"
#include "session.h"
#include "tls.h"

#define MAX_CALLS	8	/* latest calls on the board */
#define KEEPALIVE_MS	15000	/* a comment on every stream: finds dead clients, feeds proxies */
#define REFRESH_MS	200	/* at most one refresh per this, after events */
#define STATS_MS	5000	/* the hour chart, busiest services, handling times: at most one
				 * stats op each per this */
#define HISTORY_MS	600000	/* quieter hours: 4 weeks by day and hour, once per this */
#define HISTORY_DAYS	28
#define JHD_TIMEOUT_MS	3000
#define MAX_STREAMS	2000
#define MAX_LOGINS	32	/* sign-ins being checked at jhd at once */
#define LOGIN_TIMEOUT_MS 10000
#define POST_MAX	4096	/* a sign-in form */

enum { REQ_STREAM = 1, REQ_POST };

enum { K_BOARD, K_TICKET };

/* One open SSE stream. */
struct client {
	int rtype;		/* REQ_STREAM (the first field of every con_cls) */
	struct MHD_Connection *conn;
	int kind;
	char token[64];		/* K_TICKET: the page's token */
	json_t *ticket;		/* K_TICKET: what was last shown (NULL: not valid) */
	char *last;		/* the live part last sent */
	char *buf;		/* queued, not yet read by MHD */
	size_t len, off, cap;
	int suspended;
	int closing;
	unsigned pass;		/* the refresh pass it was last read in */
	unsigned board_ver;	/* K_BOARD: the version of W.board it was sent */
	struct client *prev, *next;
};

/* A POST (sign-in, sign-out): its body, and the sign-in's outcome. */
struct login;
struct req {
	int rtype;		/* REQ_POST */
	char body[POST_MAX];
	size_t len;
	int too_big;
	struct login *login;	/* being checked at jhd */
	void *book;		/* an API op at jhdistrict (book_api) */
	int done;		/* checked: result 1 signed in, 0 refused, -1 jhd unreachable,
				 * -2 jhd's own sign-in lock (limit_reached) */
	int result;
	long long retry_ms;	/* -2: how long jhd's lock lasts (its "try again in N s") */
	char sid[SESSION_ID_LEN + 1];
};

/* A sign-in being checked: a connection of its own to jhd, one hello with the user's
 * password (role supervisor: admins may sign in as one), then closed. Non-blocking, in the
 * poll loop; the browser's request is suspended meanwhile. */
struct login {
	struct req *req;	/* NULL when the browser went away */
	struct MHD_Connection *conn;
	int fd, phase;		/* 0 connecting, 3 TLS handshake, 1 writing, 2 reading */
	struct tls *tls;	/* with --ca (W.trust): the hello goes over TLS */
	char out[1024];
	size_t olen, ooff;
	char in[4096];
	size_t ilen;
	long long deadline;
	char user[48], addr[64];
	struct login *next;
};

static struct {
	struct jhc *c;
	const char *server;	/* jhd's address */
	struct sockaddr_storage jaddr;	/* ... resolved for the sign-ins (jalen 0: not yet) */
	socklen_t jalen;
	char jhost[256];	/* its host, which jhd's certificate must name */
	struct tls_client *trust;	/* --ca, $JH_CA: the hall CA; NULL: plain TCP */
	int trust_proxy;	/* X-Real-IP from a loopback peer is the client's address */
	struct login *logins;
	int nlogins;
	struct MHD_Daemon *d;
	json_t *status;		/* the last status answer */
	json_t *hours;		/* today's stats rows by hour */
	json_t *svc;		/* today's stats by service (rows, hot) */
	json_t *history;	/* the past 4 weeks' rows by [day, hour] */
	char history_day[11];	/* ... read on this business day */
	json_t *calls;		/* latest calls, newest first */
	int online;
	int dirty;		/* events since the last refresh */
	int stats_pending;	/* events since the last stats: read them when STATS_MS is up */
	int nstreams;
	size_t freed;		/* bytes of stream buffers freed since the last malloc_trim */
	unsigned pass;
	long long last_refresh, last_stats, last_keepalive;
	long long last_history;	/* history read (or last tried) */
	long long hour_due;	/* jhd's clock reaches the next hour (the quiet hours move on) */
	struct client *clients;
	char *board;		/* the board's live part, as last pushed */
	unsigned board_ver;	/* its version: every board stream that has it holds no copy */
	int sigpipe[2];
	volatile sig_atomic_t stop;
} W;

static const char *const topics[] = { "calls", "tickets", "windows", "users", NULL };

/* ---- jhd ---- */

static void went_offline(void);

/* An op to jhd: its answer, or NULL (not connected, refused, or the connection broke). */
static json_t *
jhd(const char *op, json_t *extra)
{
	json_t *r;

	if (!jhc_connected(W.c)) {
		json_decref(extra);
		return NULL;
	}
	r = jhc_op(W.c, op, extra, JHD_TIMEOUT_MS);
	if (!r && !jhc_connected(W.c))
		went_offline();
	else if (!r)
		log_debug("%s: %s", op, jhc_error(W.c));
	return r;
}

static void
calls_add(const char *code, const char *window, long long recall)
{
	json_t *n;
	size_t i;

	if (!code || !window)
		return;
	for (i = 0; i < json_array_size(W.calls); i++)
		if (strcmp(json_string_value(json_object_get(json_array_get(W.calls, i),
		    "code")), code) == 0)
			json_array_remove(W.calls, i--);
	n = json_pack("{s:s, s:s, s:I}", "code", code, "window", window, "recall",
	    (json_int_t)recall);
	json_array_insert_new(W.calls, 0, n);
	while (json_array_size(W.calls) > MAX_CALLS)
		json_array_remove(W.calls, MAX_CALLS);
}

/* After (re)connecting with no calls seen yet: the tickets called at the windows now, the
 * latest first. */
static void
calls_seed(void)
{
	json_t *wins = json_object_get(W.status, "windows"), *v, *cur, *list;
	size_t i;

	if (json_array_size(W.calls) > 0)
		return;
	if ((list = json_array()) == NULL)
		return;
	json_array_foreach(wins, i, v)
		if (json_is_object(cur = json_object_get(v, "current")))
			json_array_append(list, cur);
	/* oldest first, so that calls_add leaves the newest on top (ISO times sort as text) */
	for (size_t a = 0; a < json_array_size(list); a++)
		for (size_t b = a + 1; b < json_array_size(list); b++) {
			const char *x = json_string_value(json_object_get(json_array_get(list, a),
			    "called_at")), *y = json_string_value(json_object_get(
			    json_array_get(list, b), "called_at"));

			if (x && y && strcmp(x, y) > 0) {
				json_t *t = json_incref(json_array_get(list, a));

				json_array_set(list, a, json_array_get(list, b));
				json_array_set_new(list, b, t);
			}
		}
	json_array_foreach(list, i, v)
		calls_add(json_string_value(json_object_get(v, "code")),
		    json_string_value(json_object_get(v, "window")),
		    json_integer_value(json_object_get(v, "recall")));
	json_decref(list);
}

/* ---- streams ---- */

static void
client_queue(struct client *cl, const char *s, size_t n)
{
	if (cl->len + n > cl->cap) {
		size_t cap = cl->cap ? cl->cap : 4096;
		char *p;

		while (cap < cl->len + n)
			cap *= 2;
		if ((p = realloc(cl->buf, cap)) == NULL) {
			cl->closing = 1;	/* out of memory: end this stream */
			return;
		}
		cl->buf = p;
		cl->cap = cap;
	}
	memcpy(cl->buf + cl->len, s, n);
	cl->len += n;
}

static void
client_wake(struct client *cl)
{
	if (cl->suspended) {
		cl->suspended = 0;
		MHD_resume_connection(cl->conn);
	}
}

/* Queue an "update" event carrying html (split into data: lines) and wake the stream. */
static void
client_send(struct client *cl, const char *html)
{
	const char *p = html, *nl;

	client_queue(cl, "event: update\n", 14);
	do {
		nl = strchr(p, '\n');
		client_queue(cl, "data: ", 6);
		client_queue(cl, p, nl ? (size_t)(nl - p) : strlen(p));
		client_queue(cl, "\n", 1);
		p = nl ? nl + 1 : NULL;
	} while (p && *p);
	client_queue(cl, "\n", 1);
	if (cl->kind == K_BOARD) {
		cl->board_ver = W.board_ver;	/* html is W.board: one copy for all */
	} else {
		free(cl->last);
		cl->last = strdup(html);
	}
	client_wake(cl);
}

static ssize_t
sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct client *cl = cls;
	size_t n;

	(void)pos;
	if (cl->off < cl->len) {
		n = cl->len - cl->off < max ? cl->len - cl->off : max;
		memcpy(buf, cl->buf + cl->off, n);
		cl->off += n;
		if (cl->off == cl->len) {	/* sent: an idle stream keeps no buffer */
			W.freed += cl->cap;
			free(cl->buf);
			cl->buf = NULL;
			cl->off = cl->len = cl->cap = 0;
		}
		return (ssize_t)n;
	}
	if (cl->closing || W.stop)
		return MHD_CONTENT_READER_END_OF_STREAM;
	/* nothing to say: out of MHD's loop until client_wake */
	log_debug("stream %p: suspended", (void *)cl);
	cl->suspended = 1;
	MHD_suspend_connection(cl->conn);
	return 0;
}

static void
client_free(struct client *cl)
{
	if (cl->prev)
		cl->prev->next = cl->next;
	else
		W.clients = cl->next;
	if (cl->next)
		cl->next->prev = cl->prev;
	W.nstreams--;
	json_decref(cl->ticket);
	free(cl->last);
	free(cl->buf);
	free(cl);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	if (*con_cls && *(int *)*con_cls == REQ_STREAM)
		client_free(*con_cls);
	else if (*con_cls) {
		struct req *r = *con_cls;

		if (r->login)
			r->login->req = NULL;	/* it ends by itself */
		if (r->book)
			book_api_gone(r->book);
		free(r);
	}
	*con_cls = NULL;
}

/* ---- rendering and refreshing ---- */

static char *
board_live(void)
{
	struct board_view v = { .status = W.status, .hours = W.hours, .calls = W.calls,
	    .online = W.online, .services = W.svc, .history = W.history };
	struct sb b = { 0 };
	char *s;

	render_board_live(&b, &v);
	s = strdup(sb_str(&b));
	sb_free(&b);
	return s;
}

static char *
ticket_live(const json_t *t)
{
	struct sb b = { 0 };
	char *s;

	render_ticket_live(&b, t, json_object_get(W.status, "services"), W.online);
	s = strdup(sb_str(&b));
	sb_free(&b);
	return s;
}

/* Read the ticket of a page's token: 1 found (*t set), 0 not found, -1 jhd unreachable. */
static int
ticket_read(const char *token, json_t **t)
{
	json_t *r = jhd("ticket_by_token", json_pack("{s:s}", "token", token));

	*t = NULL;
	if (r) {
		*t = json_incref(json_object_get(r, "ticket"));
		json_decref(r);
		return *t ? 1 : 0;
	}
	if (!jhc_connected(W.c))
		return -1;
	return strcmp(jhc_error_code(W.c), "not_found") == 0 ||
	    strcmp(jhc_error_code(W.c), "bad_request") == 0 ? 0 : -1;
}

/* Push what changed to every stream. */
static void
push_all(void)
{
	char *board = board_live();
	struct client *cl;

	W.pass++;
	if (!W.board || strcmp(W.board, board) != 0) {
		free(W.board);
		W.board = board;
		W.board_ver++;
	} else
		free(board);
	for (cl = W.clients; cl; cl = cl->next) {
		if (cl->kind == K_BOARD) {
			if (cl->board_ver != W.board_ver) {
				log_debug("stream %p: board (%s)", (void *)cl,
				    cl->suspended ? "resumed" : "queued");
				client_send(cl, W.board);
			}
			continue;
		}
		if (W.online && cl->pass != W.pass) {
			json_t *t;
			struct client *o;
			int rc = ticket_read(cl->token, &t);

			if (rc >= 0) {
				/* every stream of this token gets it: one read per token */
				for (o = cl; o; o = o->next)
					if (o->kind == K_TICKET && strcmp(o->token, cl->token) == 0) {
						json_decref(o->ticket);
						o->ticket = json_incref(t);
						o->pass = W.pass;
					}
				json_decref(t);
			}
		}
		{
			char *html = ticket_live(cl->ticket);

			if (!cl->last || strcmp(cl->last, html) != 0)
				client_send(cl, html);
			free(html);
		}
	}
}

/* The past HISTORY_DAYS days' tickets by day and hour, for the quieter hours: read again
 * every HISTORY_MS (it scans weeks of the log: docs/STATISTICS.md, ~50 ms with a year's) and when
 * the business day changes; after a failure, again after STATS_MS. */
static void
history_read(const char *day, long long now)
{
	char from[11], to[11];
	json_t *r;

	date_add(day, -HISTORY_DAYS, from);
	date_add(day, -1, to);		/* "to" as a date: the end of that day */
	r = jhd("stats", json_pack("{s:s, s:s, s:[s,s], s:i}", "from", from, "to", to, "by",
	    "day", "hour", "top", 0));
	W.last_history = now;
	if (!r || !json_is_array(json_object_get(r, "rows"))) {
		W.last_history = now - HISTORY_MS + STATS_MS;
		json_decref(r);
		return;
	}
	json_decref(W.history);
	W.history = json_incref(json_object_get(r, "rows"));
	snprintf(W.history_day, sizeof W.history_day, "%s", day);
	json_decref(r);
	log_debug("history %s..%s: %zu rows", from, to, json_array_size(W.history));
}

/* When jhd's clock (status "now", "…T10:10:23+08:00") reaches the next hour, by ours. */
static void
hour_due_from(const json_t *st, long long now)
{
	const char *t = json_string_value(json_object_get(st, "now"));
	int m, sec;

	if (t && strlen(t) >= 19 && sscanf(t + 14, "%2d:%2d", &m, &sec) == 2 && m >= 0 &&
	    m < 60 && sec >= 0 && sec < 61)
		W.hour_due = now + (3600LL - m * 60 - sec) * 1000 + 500;
	else
		W.hour_due = now + 3600 * 1000LL;
}

static void
refresh(long long now)
{
	json_t *st = jhd("status", NULL);
	const char *day;

	W.dirty = 0;
	W.last_refresh = now;
	if (st) {
		json_decref(W.status);
		W.status = st;
		calls_seed();
		hour_due_from(st, now);
		W.stats_pending = 1;
	} else {
		/* not again at once; and no stats pending without jhd (the loop would spin on
		 * it: last_stats stays 0): the reconnect reads them */
		W.hour_due = now + 60000;
	}
	day = json_string_value(json_object_get(json_object_get(st, "hall"), "date"));
	if (day && (now - W.last_stats >= STATS_MS || !W.hours)) {
		json_t *r = jhd("stats", json_pack("{s:s, s:s, s:s, s:i}", "from", day, "to",
		    day, "by", "hour", "top", 0));

		W.last_stats = now;
		W.stats_pending = 0;
		if (r) {
			json_decref(W.hours);
			W.hours = json_incref(json_object_get(r, "rows"));
			json_decref(r);
		}
		/* handling times and the busiest services: by service, its top 5 */
		if ((r = jhd("stats", json_pack("{s:s, s:s, s:s, s:i}", "from", day, "to", day,
		    "by", "service", "top", 5))) != NULL) {
			json_decref(W.svc);
			W.svc = r;
		}
	}
	if (day && (now - W.last_history >= HISTORY_MS || !W.history ||
	    strcmp(W.history_day, day) != 0))
		history_read(day, now);
	push_all();
}

/* The pages say so at the next refresh (not from here: this runs inside one). */
static void
went_offline(void)
{
	if (!W.online)
		return;
	W.online = 0;
	W.dirty = 1;
	log_warn("lost jhd: %s; retrying", jhc_error(W.c));
}

static void
keepalive(void)
{
	for (struct client *cl = W.clients; cl; cl = cl->next) {
		client_queue(cl, ": ka\n\n", 6);
		client_wake(cl);
	}
}

/* Read what jhd sent and take the events. Also after every call to jhd, before the loop
 * sleeps: jhc_request returns at its answer, and the events that came in the same read stay
 * in jhc's buffer (their bytes are read already: poll would not wake for them), or are
 * queued; jhc_pump parses the buffer without blocking. */
static void
drain_events(void)
{
	json_t *ev;

	if (jhc_connected(W.c) && jhc_pump(W.c) < 0)
		went_offline();
	while ((ev = jhc_event_pop(W.c)) != NULL) {
		const char *name = json_string_value(json_object_get(ev, "event"));

		if (name && strcmp(name, "call") == 0) {
			json_t *t = json_object_get(ev, "ticket");

			calls_add(json_string_value(json_object_get(t, "code")),
			    json_string_value(json_object_get(ev, "window")),
			    json_integer_value(json_object_get(ev, "recall")));
		}
		if (name && strcmp(name, "user_signed_out") == 0) {
			/* disabled, deleted or lowered by an admin: their /stats ends now */
			const char *user = json_string_value(json_object_get(ev, "user"));
			int n = user ? session_end_user(user) : 0;

			if (n)
				log_info("%d session%s of %s ended: %s", n, n == 1 ? "" : "s",
				    user, json_string_value(json_object_get(ev, "reason")));
			json_decref(ev);
			continue;
		}
		log_debug("event %s", name ? name : "?");
		W.dirty = 1;
		json_decref(ev);
	}
}

/* ---- HTTP ---- */

/* Send a response made by the caller with its own headers: type (a Content-Type, or NULL)
 * and never cached; then it is freed. */
static enum MHD_Result
send_fresh(struct MHD_Connection *conn, unsigned status, struct MHD_Response *res,
    const char *type)
{
	enum MHD_Result rc;

	if (type)
		MHD_add_response_header(res, "Content-Type", type);
	MHD_add_response_header(res, "Cache-Control", "no-store");
	rc = MHD_queue_response(conn, status, res);
	MHD_destroy_response(res);
	return rc;
}

enum MHD_Result
respond_cookie(struct MHD_Connection *conn, unsigned status, const char *type,
    const char *body, size_t len, int dynamic, const char *cookie)
{
	struct MHD_Response *res = MHD_create_response_from_buffer(len, (void *)body,
	    MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc;

	if (!res)
		return MHD_NO;
	if (cookie)
		MHD_add_response_header(res, "Set-Cookie", cookie);
	MHD_add_response_header(res, "Content-Type", type);
	MHD_add_response_header(res, "Cache-Control", dynamic ? "no-store" : "max-age=300");
	MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(res, "Referrer-Policy", "same-origin");
	MHD_add_response_header(res, "Content-Security-Policy", "default-src 'self'; "
	    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
	rc = MHD_queue_response(conn, status, res);
	MHD_destroy_response(res);
	return rc;
}

enum MHD_Result
respond(struct MHD_Connection *conn, unsigned status, const char *type, const char *body,
    size_t len, int dynamic)
{
	return respond_cookie(conn, status, type, body, len, dynamic, NULL);
}

enum MHD_Result
respond_sb(struct MHD_Connection *conn, unsigned status, struct sb *b)
{
	enum MHD_Result rc;

	rc = b->oom ? MHD_NO : respond(conn, status, "text/html; charset=utf-8", sb_str(b), b->n,
	    1);
	sb_free(b);
	return rc;
}

static enum MHD_Result
not_found(struct MHD_Connection *conn)
{
	struct sb b = { 0 };

	render_not_found(&b);
	return respond_sb(conn, MHD_HTTP_NOT_FOUND, &b);
}

static enum MHD_Result
unavailable(struct MHD_Connection *conn)
{
	struct sb b = { 0 };

	render_unavailable(&b);
	return respond_sb(conn, MHD_HTTP_SERVICE_UNAVAILABLE, &b);
}

/* Open an SSE stream: retry: 1 s, then the live part now. */
static enum MHD_Result
stream(struct MHD_Connection *conn, int kind, const char *token, json_t *ticket, void **con_cls)
{
	struct client *cl;
	struct MHD_Response *res;

	if (W.nstreams >= MAX_STREAMS || (cl = calloc(1, sizeof *cl)) == NULL) {
		json_decref(ticket);
		return MHD_NO;
	}
	cl->rtype = REQ_STREAM;
	cl->conn = conn;
	cl->kind = kind;
	cl->ticket = ticket;
	cl->pass = W.pass;
	if (token)
		snprintf(cl->token, sizeof cl->token, "%s", token);
	/* a small block: an update is read in a few calls, and each stream costs 4 kB, not 16 */
	res = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4 * 1024, sse_read, cl, NULL);
	if (!res) {
		json_decref(ticket);
		free(cl);
		return MHD_NO;
	}
	cl->next = W.clients;
	if (W.clients)
		W.clients->prev = cl;
	W.clients = cl;
	W.nstreams++;
	*con_cls = cl;
	log_debug("stream %p: %s opened", (void *)cl, kind == K_BOARD ? "board" : "ticket");
	client_queue(cl, "retry: 1000\n\n", 13);
	if (kind == K_BOARD) {
		client_send(cl, W.board);
	} else {
		char *html = ticket_live(ticket);

		client_send(cl, html);
		free(html);
	}
	MHD_add_response_header(res, "X-Accel-Buffering", "no");
	return send_fresh(conn, MHD_HTTP_OK, res, "text/event-stream; charset=utf-8");
}

/* A token: 1 to 63 of [A-Za-z0-9_-] (jhd's are 32). */
static int
token_ok(const char *s, size_t n)
{
	if (n == 0 || n > 63)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

static enum MHD_Result
ticket_route(struct MHD_Connection *conn, const char *rest, void **con_cls)
{
	const char *slash = strchr(rest, '/');
	size_t n = slash ? (size_t)(slash - rest) : strlen(rest);
	char token[64];
	json_t *t;
	int rc, events;

	if (!token_ok(rest, n))
		return not_found(conn);
	events = slash && strcmp(slash, "/events") == 0;
	if (slash && !events)
		return not_found(conn);
	memcpy(token, rest, n);
	token[n] = '\0';
	rc = ticket_read(token, &t);
	if (rc == 0)
		return not_found(conn);
	if (rc < 0)
		return unavailable(conn);
	if (events)
		return stream(conn, K_TICKET, token, t, con_cls);
	{
		struct sb b = { 0 };

		render_ticket_page(&b, token, t, json_object_get(W.status, "services"), W.online);
		json_decref(t);
		return respond_sb(conn, MHD_HTTP_OK, &b);
	}
}

/* ---- sign-in, sessions, /stats ---- */

/* The client's address as text: the peer's, or with --proxy the X-Real-IP a proxy on this
 * host (a loopback peer) set. */
static void
client_addr(struct MHD_Connection *conn, char out[64])
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	int loopback = 0;

	snprintf(out, 64, "?");
	if (!sa)
		return;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		getnameinfo(sa, sizeof *in, out, 64, NULL, 0, NI_NUMERICHOST);
		loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;

		getnameinfo(sa, sizeof *in6, out, 64, NULL, 0, NI_NUMERICHOST);
		loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
	}
	if (W.trust_proxy && loopback) {
		const char *x = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Real-IP");

		if (x && *x && strlen(x) < 64 && strspn(x, "0123456789abcdefABCDEF.:") ==
		    strlen(x))
			snprintf(out, 64, "%s", x);
	}
}

/* jhd's address for the sign-ins' own connections. 0 or -1. */
static int
jhd_resolve(void)
{
	if (W.jalen)
		return 0;
	if (strchr(W.server, '/')) {
		struct sockaddr_un *un = (struct sockaddr_un *)&W.jaddr;

		if (strlen(W.server) >= sizeof un->sun_path)
			return -1;
		un->sun_family = AF_UNIX;
		strcpy(un->sun_path, W.server);
		W.jalen = sizeof *un;
	} else {
		char host[256];
		const char *colon = strrchr(W.server, ':');
		struct addrinfo hints = { 0 }, *ai;
		size_t n = colon ? (size_t)(colon - W.server) : 0;

		if (!colon || n >= sizeof host)
			return -1;
		memcpy(host, W.server, n);
		host[n] = '\0';
		if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
			memmove(host, host + 1, n - 2);
			host[n - 2] = '\0';
		}
		snprintf(W.jhost, sizeof W.jhost, "%s", host);
		hints.ai_socktype = SOCK_STREAM;
		if (getaddrinfo(host, colon + 1, &hints, &ai) != 0)
			return -1;
		memcpy(&W.jaddr, ai->ai_addr, ai->ai_addrlen);
		W.jalen = ai->ai_addrlen;
		freeaddrinfo(ai);
	}
	return 0;
}

/* The sign-in is over: result 1 signed in, 0 refused, -1 jhd unreachable or confused, -2
 * locked by jhd (too many failed sign-ins for that user: retry_ms says for how long). */
static void
login_finish_lock(struct login *l, int result, long long retry_ms)
{
	struct login **pp;
	long long now = mono_ms();

	throttle_end(l->addr, result == 0 || result == -2, now);
	log_info("sign-in of %s from %s: %s", l->user, l->addr, result > 0 ? "ok" :
	    result == 0 ? "refused" : result == -2 ? "locked by jhd" : "jhd unreachable");
	if (l->req) {
		const struct session *s = result > 0 ? session_new(l->user, now) : NULL;

		l->req->done = 1;
		l->req->result = result > 0 && !s ? -1 : result;
		l->req->retry_ms = retry_ms;
		if (s)
			memcpy(l->req->sid, s->id, sizeof l->req->sid);
		l->req->login = NULL;
		MHD_resume_connection(l->conn);
	}
	for (pp = &W.logins; *pp; pp = &(*pp)->next)
		if (*pp == l) {
			*pp = l->next;
			break;
		}
	W.nlogins--;
	tls_free(l->tls);
	close(l->fd);
	free(l);
}

static void
login_finish(struct login *l, int result)
{
	login_finish_lock(l, result, 0);
}

/* Start checking user's password at jhd; the caller suspends the request. 0 or -1. */
static int
login_start(struct req *r, struct MHD_Connection *conn, const char *addr, const char *user,
    const char *password)
{
	struct login *l;
	json_t *hello;
	char *line;
	int fd;

	if (W.nlogins >= MAX_LOGINS || jhd_resolve() < 0)
		return -1;
	/* a password goes off the machine over TLS only (as the client library's hello) */
	if (!W.trust && W.jaddr.ss_family != AF_UNIX &&
	    !tls_addr_is_loopback((struct sockaddr *)&W.jaddr) &&
	    !(getenv(JH_ALLOW_PLAIN_ENV) && strcmp(getenv(JH_ALLOW_PLAIN_ENV), "1") == 0)) {
		log_warn("sign-in of %s: jhd at %s is not on loopback and no hall CA is given "
		    "(--ca): not sent in the clear", user, W.server);
		return -1;
	}
	hello = json_pack("{s:i, s:s, s:s, s:s, s:s}", "id", 1, "op", "hello", "role",
	    "supervisor", "user", user, "password", password);
	line = hello ? json_dumps(hello, JSON_COMPACT) : NULL;
	json_decref(hello);
	if (!line || strlen(line) + 2 > sizeof l->out || (l = calloc(1, sizeof *l)) == NULL) {
		free(line);
		return -1;
	}
	l->olen = (size_t)snprintf(l->out, sizeof l->out, "%s\n", line);
	free(line);
	fd = socket(W.jaddr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || (connect(fd, (struct sockaddr *)&W.jaddr, W.jalen) < 0 &&
	    errno != EINPROGRESS)) {
		if (fd >= 0)
			close(fd);
		free(l);
		W.jalen = 0;	/* resolve again next time */
		return -1;
	}
	l->fd = fd;
	l->req = r;
	l->conn = conn;
	l->deadline = mono_ms() + LOGIN_TIMEOUT_MS;
	snprintf(l->user, sizeof l->user, "%s", user);
	snprintf(l->addr, sizeof l->addr, "%s", addr);
	l->next = W.logins;
	W.logins = l;
	W.nlogins++;
	r->login = l;
	throttle_begin(addr, mono_ms());
	return 0;
}

static void
login_step(struct login *l, short revents, long long now)
{
	if (l->phase == 0 && revents) {
		int err = 0;
		socklen_t n = sizeof err;

		if (getsockopt(l->fd, SOL_SOCKET, SO_ERROR, &err, &n) < 0 || err) {
			login_finish(l, -1);
			return;
		}
		l->phase = 1;
		if (W.trust) {
			if (!(l->tls = tls_connect(W.trust, l->fd, W.jhost))) {
				login_finish(l, -1);
				return;
			}
			l->phase = 3;
		}
	}
	if (l->phase == 3 && revents) {
		char e[400];
		int rc = tls_handshake(l->tls, e, sizeof e);

		if (rc == -1) {
			log_warn("sign-in of %s: jhd at %s: %s", l->user, W.server, e);
			login_finish(l, -1);
			return;
		}
		if (rc == 1)
			l->phase = 1;
	}
	if (l->phase == 1) {
		ssize_t w = l->tls ? tls_write(l->tls, l->out + l->ooff, l->olen - l->ooff) :
		    send(l->fd, l->out + l->ooff, l->olen - l->ooff, MSG_NOSIGNAL);

		if ((l->tls && w == -1) || (!l->tls && w < 0 && errno != EAGAIN && errno != EINTR)) {
			login_finish(l, -1);
			return;
		}
		if (w > 0 && (l->ooff += (size_t)w) == l->olen)
			l->phase = 2;
	} else if (l->phase == 2 && (revents || (l->tls && tls_pending(l->tls)))) {
		ssize_t n = l->tls ? tls_read(l->tls, l->in + l->ilen, sizeof l->in - 1 - l->ilen) :
		    recv(l->fd, l->in + l->ilen, sizeof l->in - 1 - l->ilen, 0);
		char *nl;

		if (l->tls && n == -1) {
			login_finish(l, -1);
			return;
		}
		if (l->tls && n == TLS_AGAIN)
			errno = EAGAIN, n = -1;
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) ||
		    (n > 0 && l->ilen + (size_t)n >= sizeof l->in - 1)) {
			login_finish(l, -1);
			return;
		}
		if (n > 0)
			l->ilen += (size_t)n;
		l->in[l->ilen] = '\0';
		if ((nl = strchr(l->in, '\n')) != NULL) {
			json_t *a;

			*nl = '\0';
			a = json_loads(l->in, 0, NULL);
			if (!a || !json_is_boolean(json_object_get(a, "ok")))
				login_finish(l, -1);
			else if (json_is_true(json_object_get(a, "ok")))
				login_finish(l, 1);
			else {
				const char *code = json_string_value(json_object_get(
				    json_object_get(a, "error"), "code"));

				const char *msg = json_string_value(json_object_get(
				    json_object_get(a, "error"), "message"));
				const char *in = msg ? strstr(msg, "try again in ") : NULL;

				/* a wrong password or a clerk's account: refused; jhd's lock on
				 * that user or address (too many failed sign-ins): the browser is
				 * told to wait as long; anything else is not the user's failure */
				if (code && strcmp(code, "limit_reached") == 0)
					login_finish_lock(l, -2, in ? 1000 * atoll(in + 13) :
					    300000);
				else
					login_finish(l, code && strcmp(code, "unauthenticated") == 0 ?
					    0 : -1);
			}
			json_decref(a);
			return;
		}
	}
	if (now >= l->deadline)
		login_finish(l, -1);
}

enum MHD_Result
redirect(struct MHD_Connection *conn, const char *to, const char *cookie)
{
	struct MHD_Response *res = MHD_create_response_from_buffer(0, (void *)"",
	    MHD_RESPMEM_PERSISTENT);

	if (!res)
		return MHD_NO;
	MHD_add_response_header(res, "Location", to);
	if (cookie)
		MHD_add_response_header(res, "Set-Cookie", cookie);
	return send_fresh(conn, MHD_HTTP_SEE_OTHER, res, NULL);
}

static const struct session *
signed_in(struct MHD_Connection *conn)
{
	return session_find(MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, SESSION_COOKIE),
	    mono_ms());
}

static enum MHD_Result
login_page(struct MHD_Connection *conn, unsigned status, const char *message)
{
	struct sb b = { 0 };

	render_login_page(&b, message);
	return respond_sb(conn, status, &b);
}

static enum MHD_Result
too_many(struct MHD_Connection *conn, long long wait_ms)
{
	struct sb b = { 0 }, msg = { 0 };
	struct MHD_Response *res;
	long long min = (wait_ms + 59999) / 60000;
	char ra[32];

	sb_printf(&msg, "登录失败次数过多，请 %lld 分钟后再试。/ Too many failed sign-ins: "
	    "try again in %lld min.", min, min);
	render_plain(&b, "请稍后再试 / Too many attempts", sb_str(&msg));
	sb_free(&msg);
	if (b.oom || (res = MHD_create_response_from_buffer(b.n, b.p, MHD_RESPMEM_MUST_COPY)) ==
	    NULL) {
		sb_free(&b);
		return MHD_NO;
	}
	sb_free(&b);
	snprintf(ra, sizeof ra, "%lld", (wait_ms + 999) / 1000);
	MHD_add_response_header(res, "Retry-After", ra);
	return send_fresh(conn, MHD_HTTP_TOO_MANY_REQUESTS, res, "text/html; charset=utf-8");
}

/* A POST from another site's page: refused (the cookie is SameSite=Strict; this also stops a
 * sign-in forced on a user from elsewhere). */
int
foreign_origin(struct MHD_Connection *conn)
{
	const char *o = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host"), *p;

	if (!o)
		return 0;
	if (!h || (p = strstr(o, "://")) == NULL)
		return 1;
	return strcmp(p + 3, h) != 0;
}

static enum MHD_Result
post_route(struct MHD_Connection *conn, const char *url, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct req *r = *con_cls;
	char addr[64], user[48], password[257];
	long long wait;

	if (!r) {
		if (strcmp(url, "/login") != 0 && strcmp(url, "/logout") != 0 &&
		    !(book_enabled() && (strncmp(url, "/book/", 6) == 0 ||
		    strncmp(url, "/api/", 5) == 0)))
			return respond(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain",
			    "GET only\n", 9, 1);
		if ((r = calloc(1, sizeof *r)) == NULL)
			return MHD_NO;
		r->rtype = REQ_POST;
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_size) {
		if (r->len + *upload_size >= sizeof r->body)
			r->too_big = 1;
		else {
			memcpy(r->body + r->len, upload, *upload_size);
			r->len += *upload_size;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->login)
		return MHD_YES;		/* resumed early: not yet */
	if (r->too_big && (strncmp(url, "/api/", 5) == 0 || strncmp(url, "/book/", 6) == 0))
		return respond(conn, MHD_HTTP_CONTENT_TOO_LARGE, "text/plain", "too large\n", 10,
		    1);
	/* the API's callers are apps with a key, not browsers with cookies */
	if (strncmp(url, "/api/", 5) == 0)
		return book_api(conn, url, r->body, r->len, &r->book);
	if (foreign_origin(conn))
		return respond(conn, MHD_HTTP_FORBIDDEN, "text/plain", "cross-site request\n",
		    19, 1);
	if (strncmp(url, "/book/", 6) == 0)
		return book_post(conn, url, r->body, r->len, &r->book);
	if (strcmp(url, "/logout") == 0) {
		session_end(MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, SESSION_COOKIE));
		return redirect(conn, "/login", SESSION_COOKIE "=; Path=/; HttpOnly; "
		    "SameSite=Strict; Max-Age=0");
	}
	if (r->done) {
		char cookie[128];

		if (r->result > 0) {
			snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict",
			    SESSION_COOKIE, r->sid);
			return redirect(conn, "/stats", cookie);
		}
		if (r->result == -2)
			return too_many(conn, r->retry_ms > 0 ? r->retry_ms : 300000);
		if (r->result == 0)
			return login_page(conn, MHD_HTTP_UNAUTHORIZED, "用户名或密码错误，或该账号"
			    "不是主管或管理员。/ Wrong user or password, or not a supervisor's or an "
			    "administrator's account.");
		return login_page(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "暂时无法连接叫号服务器，"
		    "请稍后再试。/ The queue server cannot be reached; please try again.");
	}
	client_addr(conn, addr);
	if ((wait = throttle_wait(addr, mono_ms())) > 0) {
		log_warn("sign-in from %s refused: too many failures", addr);
		return too_many(conn, wait);
	}
	if (r->too_big || form_value(r->body, r->len, "user", user, sizeof user) != 1 ||
	    form_value(r->body, r->len, "password", password, sizeof password) != 1 ||
	    !*user || !*password)
		return login_page(conn, MHD_HTTP_BAD_REQUEST, "请填写用户名和密码。/ Please give "
		    "a user and a password.");
	if (login_start(r, conn, addr, user, password) < 0) {
		memset(password, 0, sizeof password);
		return login_page(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "暂时无法连接叫号服务器，"
		    "请稍后再试。/ The queue server cannot be reached; please try again.");
	}
	memset(password, 0, sizeof password);
	memset(r->body, 0, sizeof r->body);
	MHD_suspend_connection(conn);
	return MHD_YES;
}

/* The stats op's rows (new reference), or NULL. keys: a key, or a JSON array of keys
 * (borrowed). */
static json_t *
stats_rows(const char *from, const char *to, json_t *keys)
{
	json_t *r = jhd("stats", json_pack("{s:s, s:s, s:O, s:i}", "from", from, "to", to, "by",
	    keys, "top", 0)), *rows;

	if (!r)
		return NULL;
	rows = json_incref(json_object_get(r, "rows"));
	json_decref(r);
	return rows;
}

static json_t *
stats_by(const char *from, const char *to, const char *key)
{
	json_t *k = json_string(key), *rows = k ? stats_rows(from, to, k) : NULL;

	json_decref(k);		/* one key as a string: each row's key is a string */
	return rows;
}

/* The range of a request: from/to arguments, default the hall's today. NULL, or why not. */
static const char *
range_of(struct MHD_Connection *conn, char from[11], char to[11])
{
	const char *f = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "from");
	const char *t = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "to");
	const char *today = json_string_value(json_object_get(json_object_get(W.status, "hall"),
	    "date"));

	if ((!f || !*f || !t || !*t) && !today)
		return "暂时无法连接叫号服务器 / The queue server cannot be reached";
	snprintf(from, 11, "%s", f && *f ? f : today);
	snprintf(to, 11, "%s", t && *t ? t : f && *f ? from : today);
	if ((f && *f && !date_ok(f)) || (t && *t && !date_ok(t))) {
		/* the form shows again what was a date, never what was not: its first 10 bytes
		 * may end inside a character, or not be UTF-8 at all */
		if (f && *f && !date_ok(f))
			from[0] = '\0';
		if (!date_ok(to))
			to[0] = '\0';
		return "日期格式应为 YYYY-MM-DD / Dates are YYYY-MM-DD";
	}
	if (strcmp(from, to) > 0)
		return "结束日期早于开始日期 / The end date is before the start date";
	return NULL;
}

/* The district's by choice of a request (dby, default centre), or NULL when it is not one. */
static const char *
district_by(struct MHD_Connection *conn, const char *name)
{
	const char *by = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);

	if (!by || !*by)
		return "centre";
	return dstats_by_ok(by) ? by : NULL;
}

/* The "全区 District" section of /stats into d (with --district only; docs/WEB.md). NULL, or
 * why the request was refused. */
static const char *
district_section(struct MHD_Connection *conn, const char *from, const char *to, struct sb *d)
{
	const char *by = district_by(conn, "dby");
	json_t *rows;

	if (!by)
		return "分组应为 centre、service、department、channel、applicant 或 week / "
		    "By is centre, service, department, channel, applicant or week";
	rows = book_district_stats(from, to, by);
	render_dstats(d, from, to, by, rows);
	json_decref(rows);
	return NULL;
}

/* b (freed here) as a CSV download named name (without ".csv"). */
static enum MHD_Result
send_csv(struct MHD_Connection *conn, struct sb *b, const char *name)
{
	struct MHD_Response *res;
	char disp[200];

	if (b->oom || (res = MHD_create_response_from_buffer(b->n, b->p,
	    MHD_RESPMEM_MUST_COPY)) == NULL) {
		sb_free(b);
		return MHD_NO;
	}
	sb_free(b);
	snprintf(disp, sizeof disp, "attachment; filename=\"%s.csv\"", name);
	MHD_add_response_header(res, "Content-Disposition", disp);
	MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
	return send_fresh(conn, MHD_HTTP_OK, res, "text/csv; charset=utf-8");
}

/* /stats/district.csv?from=F&to=T&by=K: the district section's rows as CSV (a book_page
 * render: held while the stats op is at jhdistrict). */
static enum MHD_Result
district_csv(struct MHD_Connection *conn, const void *unused)
{
	char from[11], to[11], name[80];
	const char *err = range_of(conn, from, to), *by = district_by(conn, "by");
	json_t *rows;
	struct sb b = { 0 };

	if (!err && !by)
		err = "bad by: centre, service, department, channel, applicant or week\n";
	if (err)
		return respond(conn, MHD_HTTP_BAD_REQUEST, "text/plain; charset=utf-8", err,
		    strlen(err), 1);
	if ((rows = book_district_stats(from, to, by)) == NULL && book_held())
		return MHD_YES;
	if (!rows)
		return respond(conn, MHD_HTTP_BAD_GATEWAY, "text/plain", "district stats failed\n",
		    22, 1);
	render_dstats_csv(&b, by, rows);
	json_decref(rows);
	snprintf(name, sizeof name, "jiaohao-district-%s-%s-%s", from, to, by);
	return send_csv(conn, &b, name);
}

/* /stats (with --district, a book_page render: held while the district section's op is at
 * jhdistrict, before jhd is asked anything). */
static enum MHD_Result
stats_page(struct MHD_Connection *conn, const void *arg)
{
	const struct session *s = arg;
	char from[11], to[11], pfrom[11] = "", pto[11] = "";
	struct stats_view v = { 0 };
	json_t *keep[2 * STATS_NKEYS + 3] = { 0 };
	struct sb b = { 0 }, d = { 0 };
	int k;

	v.error = range_of(conn, from, to);
	if (!v.error && book_enabled()) {
		v.error = district_section(conn, from, to, &d);
		if (book_held()) {
			sb_free(&d);
			return MHD_YES;
		}
		v.district = d.oom ? NULL : sb_str(&d);
	}
	v.from = from;
	v.to = to;
	v.user = s->user;
	v.services = json_object_get(W.status, "services");
	v.hall = json_object_get(W.status, "hall");
	if (!v.error) {
		date_add(from, -7, pfrom);
		date_add(to, -7, pto);
		v.hours = keep[0] = stats_by(from, to, "hour");
		v.days = keep[1] = stats_by(from, to, "day");
		v.prev_days = keep[2] = stats_by(pfrom, pto, "day");
		for (k = 0; k < STATS_NKEYS; k++) {
			v.cur[k] = keep[3 + 2 * k] = stats_by(from, to, stats_keys[k]);
			v.prev[k] = keep[4 + 2 * k] = stats_by(pfrom, pto, stats_keys[k]);
		}
		if (!v.days)
			v.error = "暂时无法读取统计 / The statistics cannot be read right now";
	}
	v.prev_from = pfrom;
	v.prev_to = pto;
	render_stats_page(&b, &v);
	sb_free(&d);
	for (k = 0; k < (int)(sizeof keep / sizeof keep[0]); k++)
		json_decref(keep[k]);
	return respond_sb(conn, v.error ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_OK, &b);
}

/* /stats.csv?from=F&to=T&by=K[,K...]: what jhctl export --csv --from F --to T --by K prints. */
static enum MHD_Result
stats_csv(struct MHD_Connection *conn)
{
	static const char *const allowed[] = { "hour", "day", "service", "department", "window",
	    "clerk", "channel", "applicant", "priority", NULL };
	const char *by = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "by");
	char from[11], to[11], buf[128], *tok, *save, disp[200];
	const char *err = range_of(conn, from, to);
	json_t *keys, *rows;
	struct sb b = { 0 };

	if (err)
		return respond(conn, MHD_HTTP_BAD_REQUEST, "text/plain; charset=utf-8", err,
		    strlen(err), 1);
	snprintf(buf, sizeof buf, "%s", by && *by ? by : "service");
	keys = json_array();
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int ok = 0;

		for (int i = 0; allowed[i]; i++)
			ok |= strcmp(tok, allowed[i]) == 0;
		if (!ok || json_array_size(keys) >= 4) {
			json_decref(keys);
			return respond(conn, MHD_HTTP_BAD_REQUEST, "text/plain", "bad by\n", 7, 1);
		}
		json_array_append_new(keys, json_string(tok));
	}
	rows = stats_rows(from, to, keys);
	if (!rows) {
		json_decref(keys);
		return respond(conn, MHD_HTTP_BAD_GATEWAY, "text/plain", "stats failed\n", 13, 1);
	}
	render_stats_csv(&b, keys, rows);
	json_decref(rows);
	json_decref(keys);
	snprintf(buf, sizeof buf, "%s", by && *by ? by : "service");
	for (char *p = buf; *p; p++)
		if (*p == ',')
			*p = '_';
	snprintf(disp, sizeof disp, "jiaohao-%s-%s-%s", from, to, buf);
	return send_csv(conn, &b, disp);
}

/* The request's state, made at its first call: a page waits for jhdistrict's answers with
 * its request suspended (book.h), its op in ->book. */
static struct req *
req_of(void **con_cls)
{
	struct req *r = *con_cls;

	if (!r) {
		if ((r = calloc(1, sizeof *r)) == NULL)
			return NULL;
		r->rtype = REQ_POST;
		*con_cls = r;
	}
	return r;
}

/* A /stats page that asks jhdistrict: rendered by render through book_page. */
static enum MHD_Result
district_page(struct MHD_Connection *conn, void **con_cls, book_render_fn render,
    const void *arg)
{
	struct req *r = req_of(con_cls);

	return r ? book_page(conn, &r->book, render, arg) : MHD_NO;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)version;
	if (strcmp(method, "POST") == 0)
		return post_route(conn, url, upload, upload_size, con_cls);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return respond(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", "GET only\n", 9, 1);
	if (*upload_size)
		return MHD_NO;
	if (strcmp(url, "/login") == 0)
		return signed_in(conn) ? redirect(conn, "/stats", NULL) : login_page(conn,
		    MHD_HTTP_OK, NULL);
	if (strcmp(url, "/stats") == 0) {
		const struct session *s = signed_in(conn);

		if (!s)
			return redirect(conn, "/login", NULL);
		return book_enabled() ? district_page(conn, con_cls, stats_page, s) :
		    stats_page(conn, s);
	}
	if (strcmp(url, "/stats.csv") == 0) {
		if (!signed_in(conn))
			return respond(conn, MHD_HTTP_UNAUTHORIZED, "text/plain; charset=utf-8",
			    "sign in first: /login\n", 22, 1);
		return stats_csv(conn);
	}
	if (strcmp(url, "/stats/district.csv") == 0) {
		if (!signed_in(conn))
			return respond(conn, MHD_HTTP_UNAUTHORIZED, "text/plain; charset=utf-8",
			    "sign in first: /login\n", 22, 1);
		if (!book_enabled())
			return respond(conn, MHD_HTTP_NOT_FOUND, "text/plain", "no --district\n", 14,
			    1);
		return district_page(conn, con_cls, district_csv, NULL);
	}
	if (strcmp(url, "/") == 0) {
		struct MHD_Response *res = MHD_create_response_from_buffer(0, (void *)"",
		    MHD_RESPMEM_PERSISTENT);
		enum MHD_Result rc;

		MHD_add_response_header(res, "Location", "/board");
		rc = MHD_queue_response(conn, MHD_HTTP_FOUND, res);
		MHD_destroy_response(res);
		return rc;
	}
	if (strcmp(url, "/board") == 0) {
		struct board_view v = { .status = W.status, .hours = W.hours, .calls = W.calls,
		    .online = W.online, .services = W.svc, .history = W.history };
		struct sb b = { 0 };

		render_board_page(&b, &v);
		return respond_sb(conn, MHD_HTTP_OK, &b);
	}
	if (strcmp(url, "/board/events") == 0)
		return stream(conn, K_BOARD, NULL, NULL, con_cls);
	if (strcmp(url, "/static/style.css") == 0)
		return respond(conn, MHD_HTTP_OK, "text/css; charset=utf-8", web_style_css,
		    strlen(web_style_css), 0);
	if (strcmp(url, "/static/book.js") == 0)
		return respond(conn, MHD_HTTP_OK, "text/javascript; charset=utf-8", web_book_js,
		    strlen(web_book_js), 0);
	if (strcmp(url, "/static/app.js") == 0)
		return respond(conn, MHD_HTTP_OK, "text/javascript; charset=utf-8", web_app_js,
		    strlen(web_app_js), 0);
	if (strncmp(url, "/t/", 3) == 0)
		return ticket_route(conn, url + 3, con_cls);
	if (book_enabled() && (strcmp(url, "/book") == 0 || strncmp(url, "/book/", 6) == 0 ||
	    strncmp(url, "/api/", 5) == 0)) {
		struct req *r = req_of(con_cls);

		return r ? book_get(conn, url, &r->book) : MHD_NO;
	}
	return not_found(conn);
}

/* ---- start-up and the loop ---- */

static void
on_signal(int sig)
{
	int e = errno;

	(void)sig;
	W.stop = 1;
	if (write(W.sigpipe[1], "x", 1) < 0) {
		/* the pipe is full: the loop wakes anyway */
	}
	errno = e;
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: jhweb [--listen HOST:PORT] [--server HOST:PORT|SOCKET] [--ca FILE] "
	    "[--device NAME]\n"
	    "             [--token TOKEN | --token-file FILE] [--port-file FILE] "
	    "[--log LEVEL]\n"
	    "             [--proxy] [--session-idle SECONDS]\n"
	    "             [--district HOST:PORT [--district-ca FILE] [--district-token FILE]\n"
	    "              [--streets FILE] [--channel-keys FILE] [--timezone ZONE]\n"
	    "              [--district-links N] [--district-queue N]]\n"
	    "       jhweb --help | --version\n"
	    "The server defaults to $JH_SERVER, else %s. --ca FILE (else $JH_CA): the hall\n"
	    "CA's certificate; jhweb then reaches jhd over TLS. --district-ca FILE: the same for\n"
	    "jhdistrict (its --tls-listen port). --district-token FILE: a line NAME TOKEN, jhweb's\n"
	    "sign-in at jhdistrict (its line of jhdistrict's --frontend-tokens). --district-links\n"
	    "N: connections to jhdistrict for the booking pages' and the API's ops, each with one\n"
	    "op in flight (default %d). --district-queue N: the most ops waiting for one; more are\n"
	    "answered 503 at once (default and most %d).\n", JH_DEFAULT_SERVER, DPOOL_DEFAULT,
	    DPOOL_MAX_QUEUE);
}

/* HOST:PORT ([v6]:PORT) into a socket address. 0 or -1. */
static int
parse_listen(const char *s, struct sockaddr_storage *ss, int *v6)
{
	char host[256];
	const char *colon = strrchr(s, ':');
	struct addrinfo hints, *ai;
	size_t n;

	if (!colon || colon == s)
		return -1;
	n = (size_t)(colon - s);
	if (s[0] == '[' && n >= 2 && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n >= sizeof host)
		return -1;
	memcpy(host, s, n);
	host[n] = '\0';
	memset(&hints, 0, sizeof hints);
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0)
		return -1;
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*v6 = ai->ai_family == AF_INET6;
	freeaddrinfo(ai);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *listen = "127.0.0.1:8080", *server = NULL, *device = "web";
	const char *token = NULL, *token_file = NULL, *port_file = NULL, *level = "info";
	const char *idle = "1800", *ca = NULL, *district = NULL, *streets = NULL, *keys = NULL;
	const char *district_ca = NULL, *district_token = NULL, *links = NULL,
	    *queue = NULL;
	const char *tz = "Asia/Shanghai";
	static char tokbuf[256];
	struct sockaddr_storage sa;
	struct jhc_cred cred = { 0 };
	int v6 = 0, lvl;
	const struct jh_valopt vo[] = {
		{ "--listen", &listen },
		{ "--server", &server },
		{ "--ca", &ca },
		{ "--device", &device },
		{ "--token", &token },
		{ "--token-file", &token_file },
		{ "--port-file", &port_file },
		{ "--log", &level },
		{ "--session-idle", &idle },
		{ "--district", &district },
		{ "--district-ca", &district_ca },
		{ "--district-token", &district_token },
		{ "--district-links", &links },
		{ "--district-queue", &queue },
		{ "--streets", &streets },
		{ "--channel-keys", &keys },
		{ "--timezone", &tz },
		{ NULL, NULL }
	};

	log_init("jhweb", LOG_INFO);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		switch (jh_valopt_take("jhweb", vo, argc, argv, &i)) {
		case 1:
			continue;
		case -1:
			return 2;
		}
		if (strcmp(a, "--proxy") == 0) {
			W.trust_proxy = 1;
			continue;
		}
		return jh_arg_common("jhweb", a, usage);
	}
	server = jh_server(server);
	W.server = server;
	{
		char *end;
		long v = strtol(idle, &end, 10);

		if (*end || v < 1 || v > 24 * 3600)
			return jh_arg_error("jhweb", "--session-idle %s: not 1 to 86400 seconds", idle);
		session_config(v * 1000LL, 12 * 3600 * 1000LL);
	}
	if ((lvl = log_level_parse(level)) < 0) {
		fprintf(stderr, "jhweb: unknown log level '%s'\n", level);
		return 2;
	}
	log_init("jhweb", (enum log_level)lvl);
	if (links || queue) {
		int nl = 0, nq = 0;

		if (links && jh_int_arg(links, 1, DPOOL_MAX_LINKS, &nl) < 0)
			return jh_arg_error("jhweb", "--district-links %s: not 1 to %d", links,
			    DPOOL_MAX_LINKS);
		if (queue && jh_int_arg(queue, 1, DPOOL_MAX_QUEUE, &nq) < 0)
			return jh_arg_error("jhweb", "--district-queue %s: not 1 to %d", queue,
			    DPOOL_MAX_QUEUE);
		book_links(nl, nq);
	}
	if (book_init(district, streets, keys, tz, district_ca, district_token) < 0)
		return 1;
	if (token_file) {
		if (jh_read_token(token_file, tokbuf, sizeof tokbuf) < 0) {
			fprintf(stderr, "jhweb: %s: cannot read a token\n", token_file);
			return 1;
		}
		token = tokbuf;
	}
	if (parse_listen(listen, &sa, &v6) < 0) {
		fprintf(stderr, "jhweb: --listen %s: not a numeric HOST:PORT\n", listen);
		return 2;
	}
	if (!strchr(server, '/')) {
		/* on the Unix socket, file permissions are the credential (as admin) */
		char err[600];

		cred.role = "monitor";
		cred.device = device;
		cred.token = token;
		if (!ca && getenv(JH_CA_ENV) && *getenv(JH_CA_ENV))
			ca = getenv(JH_CA_ENV);
		cred.ca = ca;
		if (ca && !(W.trust = tls_client_new(ca, err, sizeof err))) {
			fprintf(stderr, "jhweb: %s\n", err);
			return 1;
		}
		if (!token)
			log_warn("no device token (--token or --token-file): jhd will refuse us");
	}
	if ((W.c = jhc_new(server, &cred)) == NULL || (W.calls = json_array()) == NULL)
		fatal("out of memory");
	if (pipe(W.sigpipe) < 0 || fcntl(W.sigpipe[0], F_SETFL, O_NONBLOCK) < 0 ||
	    fcntl(W.sigpipe[1], F_SETFL, O_NONBLOCK) < 0)
		fatal_errno("pipe");
	jh_on_signals(on_signal, 0);
	signal(SIGPIPE, SIG_IGN);

	W.d = MHD_start_daemon(MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG |
	    (v6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL, on_request, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)(MAX_STREAMS + 200),
	    /* each connection's memory pool (MHD's default is 32 kB): a request's headers and
	     * the response's write buffer; our POST bodies are kept apart (struct req) */
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(8 * 1024),
	    MHD_OPTION_END);
	if (!W.d)
		fatal("cannot listen on %s", listen);
	{
		const union MHD_DaemonInfo *pi = MHD_get_daemon_info(W.d,
		    MHD_DAEMON_INFO_BIND_PORT);
		unsigned port = pi ? pi->port : 0;

		log_info("listening on %s (port %u); jhd at %s as %s", listen, port, server,
		    cred.role ? device : "admin (Unix socket)");
		if (port_file) {
			FILE *fp = fopen(port_file, "w");

			if (!fp || fprintf(fp, "%u\n", port) < 0 || fclose(fp) != 0)
				fatal("%s: cannot write", port_file);
		}
	}
	jhc_subscribe(W.c, topics);	/* remembered: sent after every connect */
	if (jhc_connect(W.c, JHD_TIMEOUT_MS) == 0) {
		W.online = 1;
		log_info("connected to jhd");
	} else {
		log_warn("jhd: %s; retrying", jhc_error(W.c));
	}
	W.board = board_live();
	refresh(mono_ms());
	W.last_keepalive = mono_ms();

	while (!W.stop) {
		struct pollfd pf[3 + MAX_LOGINS + DPOOL_MAX_LINKS];
		struct login *l, *ln;
		const union MHD_DaemonInfo *ei = MHD_get_daemon_info(W.d, MHD_DAEMON_INFO_EPOLL_FD);
		MHD_UNSIGNED_LONG_LONG mt;
		long long now = mono_ms(), timeout = W.last_keepalive + KEEPALIVE_MS - now;
		int npf = 0, jfd, dbase, dn;

		drain_events();	/* what came with the answers of the calls above */
		jfd = jhc_fd(W.c);

		if (MHD_get_timeout(W.d, &mt) == MHD_YES && (long long)mt < timeout)
			timeout = (long long)mt;
		if (W.dirty && W.last_refresh + REFRESH_MS - now < timeout)
			timeout = W.last_refresh + REFRESH_MS - now;
		if (W.stats_pending && W.last_stats + STATS_MS - now < timeout)
			timeout = W.last_stats + STATS_MS - now;
		if (W.online && W.last_history + HISTORY_MS - now < timeout)
			timeout = W.last_history + HISTORY_MS - now;
		if (W.online && W.hour_due && W.hour_due - now < timeout)
			timeout = W.hour_due - now;
		if (jfd < 0 && timeout > 500)
			timeout = 500;	/* jhc_reconnect_tick paces the attempts */
		if (timeout < 0)
			timeout = 0;
		pf[npf].fd = ei ? ei->epoll_fd : -1;
		pf[npf++].events = POLLIN;
		pf[npf].fd = W.sigpipe[0];
		pf[npf++].events = POLLIN;
		if (jfd >= 0) {
			pf[npf].fd = jfd;
			pf[npf++].events = POLLIN;
		}
		for (l = W.logins; l; l = l->next) {
			pf[npf].fd = l->fd;
			pf[npf++].events = l->phase == 2 ? POLLIN : l->phase == 3 ?
			    (tls_want_write(l->tls) ? POLLOUT : POLLIN) : POLLOUT;
			if (l->tls && tls_pending(l->tls))
				timeout = 0;	/* decrypted already: poll(2) would not say so */
			if (l->deadline - now < timeout)
				timeout = l->deadline - now > 0 ? l->deadline - now : 0;
		}
		dbase = npf;
		dn = dpool_fds(pf + dbase, DPOOL_MAX_LINKS, now, &timeout);
		npf += dn;
		if (poll(pf, (nfds_t)npf, (int)timeout) < 0 && errno != EINTR)
			fatal_errno("poll");
		if (W.stop)
			break;
		/* an update to thousands of streams freed as many buffers: give the pages back
		 * (glibc keeps freed memory otherwise, and the resident size stays at its peak) */
		if (W.freed > 8u << 20) {
			malloc_trim(0);
			W.freed = 0;
		}
		now = mono_ms();
		/* the sign-ins, in the order they were polled (a finished one is freed) */
		for (l = W.logins; l; l = ln) {
			short re = 0;

			ln = l->next;
			for (int i = 2; i < dbase; i++)
				if (pf[i].fd == l->fd && pf[i].fd != jfd)
					re = pf[i].revents;
			login_step(l, re, now);
		}
		/* the district's answers: their requests resume in MHD_run */
		dpool_run(pf + dbase, dn, now);
		MHD_run(W.d);
		now = mono_ms();
		drain_events();
		if (!jhc_connected(W.c) && jhc_reconnect_tick(W.c, now) == 1) {
			log_info("connected to jhd again");
			W.online = 1;
			W.last_stats = 0;
			W.dirty = 1;
			W.last_refresh = 0;
		}
		if ((W.dirty && now - W.last_refresh >= REFRESH_MS) ||
		    (W.stats_pending && now - W.last_stats >= STATS_MS) ||
		    (W.online && (now - W.last_history >= HISTORY_MS ||
		    (W.hour_due && now >= W.hour_due))))
			refresh(now);
		if (now - W.last_keepalive >= KEEPALIVE_MS) {
			keepalive();
			W.last_keepalive = now;
		}
		dpool_run(NULL, 0, now);	/* the API's ops that MHD_run queued go out */
		MHD_run(W.d);	/* what was resumed or queued above */
	}
	log_info("stopping");
	for (struct client *cl = W.clients; cl; cl = cl->next) {
		cl->closing = 1;
		client_wake(cl);
	}
	book_stop();	/* the requests waiting for jhdistrict are answered (503) */
	MHD_run(W.d);
	while (W.logins)
		login_finish(W.logins, -1);
	MHD_stop_daemon(W.d);
	session_free_all();
	throttle_free_all();
	book_free();
	jhc_free(W.c);
	json_decref(W.status);
	json_decref(W.hours);
	json_decref(W.svc);
	json_decref(W.history);
	json_decref(W.calls);
	free(W.board);
	return 0;
}
