/* jhweb.c — jhweb: the web pages of a hall, served from jhd's protocol (docs/WEB.md).
 *   jhweb [--listen HOST:PORT] [--server HOST:PORT|SOCKET] [--device NAME]
 *         [--token TOKEN | --token-file FILE] [--port-file FILE] [--log LEVEL]
 *
 * One thread, one poll loop: libmicrohttpd in external mode with epoll (its epoll descriptor
 * is one of the loop's descriptors, with jhd's socket and a signal pipe), and suspend/resume
 * for the server-sent event streams: a stream with nothing to send is suspended, so an idle
 * jhweb sleeps in poll (a keep-alive comment every 15 s is the only wake-up). jhweb is a
 * monitor device of jhd: it subscribes to calls, tickets and windows, and after each batch of
 * events (at most every 200 ms) reads status (and the day's stats by hour, at most every 5 s),
 * renders the board and pushes it to every open board; ticket pages are read again with
 * ticket_by_token and pushed when they changed. It never opens the database. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "assets.h"
#include "jhcli.h"
#include "jhclient.h"
#include "log.h"
#include "render.h"

#define MAX_CALLS	8	/* latest calls on the board */
#define KEEPALIVE_MS	15000	/* a comment on every stream: finds dead clients, feeds proxies */
#define REFRESH_MS	200	/* at most one refresh per this, after events */
#define STATS_MS	5000	/* the hour chart: at most one stats op per this */
#define JHD_TIMEOUT_MS	3000
#define MAX_STREAMS	2000

enum { K_BOARD, K_TICKET };

/* One open SSE stream. */
struct client {
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
	struct client *prev, *next;
};

static struct {
	struct jhc *c;
	struct MHD_Daemon *d;
	json_t *status;		/* the last status answer */
	json_t *hours;		/* today's stats rows by hour */
	json_t *calls;		/* latest calls, newest first */
	int online;
	int dirty;		/* events since the last refresh */
	int stats_pending;	/* events since the last stats: read them when STATS_MS is up */
	int nstreams;
	unsigned pass;
	long long last_refresh, last_stats, last_keepalive;
	struct client *clients;
	char *board;		/* the board's live part, as last pushed */
	int sigpipe[2];
	volatile sig_atomic_t stop;
} W;

static const char *const topics[] = { "calls", "tickets", "windows", NULL };

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
	json_t *wins = json_object_get(W.status, "windows"), *v, *cur, *list = json_array();
	size_t i;

	if (json_array_size(W.calls) > 0)
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
	free(cl->last);
	cl->last = strdup(html);
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
		if (cl->off == cl->len)
			cl->off = cl->len = 0;
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
	if (*con_cls) {
		client_free(*con_cls);
		*con_cls = NULL;
	}
}

/* ---- rendering and refreshing ---- */

static char *
board_live(void)
{
	struct board_view v = { W.status, W.hours, W.calls, W.online };
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
	for (cl = W.clients; cl; cl = cl->next) {
		if (cl->kind == K_BOARD) {
			if (!cl->last || strcmp(cl->last, board) != 0) {
				log_debug("stream %p: board (%s)", (void *)cl,
				    cl->suspended ? "resumed" : "queued");
				client_send(cl, board);
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
	free(W.board);
	W.board = board;
}

static void
refresh(long long now)
{
	json_t *st = jhd("status", NULL);

	W.dirty = 0;
	W.last_refresh = now;
	if (st) {
		json_decref(W.status);
		W.status = st;
		calls_seed();
	}
	W.stats_pending = 1;
	if (st && (now - W.last_stats >= STATS_MS || !W.hours)) {
		const char *day = json_string_value(json_object_get(json_object_get(st, "hall"),
		    "date"));
		json_t *r = day ? jhd("stats", json_pack("{s:s, s:s, s:s, s:i}", "from", day, "to",
		    day, "by", "hour", "top", 0)) : NULL;

		W.last_stats = now;
		W.stats_pending = 0;
		if (r) {
			json_decref(W.hours);
			W.hours = json_incref(json_object_get(r, "rows"));
			json_decref(r);
		}
	}
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
		log_debug("event %s", name ? name : "?");
		W.dirty = 1;
		json_decref(ev);
	}
}

/* ---- HTTP ---- */

static enum MHD_Result
respond(struct MHD_Connection *conn, unsigned status, const char *type, const char *body,
    size_t len, int dynamic)
{
	struct MHD_Response *res = MHD_create_response_from_buffer(len, (void *)body,
	    MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc;

	if (!res)
		return MHD_NO;
	MHD_add_response_header(res, "Content-Type", type);
	MHD_add_response_header(res, "Cache-Control", dynamic ? "no-store" : "max-age=300");
	MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(res, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(res, "Content-Security-Policy", "default-src 'self'; "
	    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
	rc = MHD_queue_response(conn, status, res);
	MHD_destroy_response(res);
	return rc;
}

static enum MHD_Result
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
	enum MHD_Result rc;

	if (W.nstreams >= MAX_STREAMS || (cl = calloc(1, sizeof *cl)) == NULL) {
		json_decref(ticket);
		return MHD_NO;
	}
	cl->conn = conn;
	cl->kind = kind;
	cl->ticket = ticket;
	cl->pass = W.pass;
	if (token)
		snprintf(cl->token, sizeof cl->token, "%s", token);
	res = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, sse_read, cl, NULL);
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
	MHD_add_response_header(res, "Content-Type", "text/event-stream; charset=utf-8");
	MHD_add_response_header(res, "Cache-Control", "no-store");
	MHD_add_response_header(res, "X-Accel-Buffering", "no");
	rc = MHD_queue_response(conn, MHD_HTTP_OK, res);
	MHD_destroy_response(res);
	return rc;
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

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)version;
	(void)upload;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return respond(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", "GET only\n", 9, 1);
	if (*upload_size)
		return MHD_NO;
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
		struct board_view v = { W.status, W.hours, W.calls, W.online };
		struct sb b = { 0 };

		render_board_page(&b, &v);
		return respond_sb(conn, MHD_HTTP_OK, &b);
	}
	if (strcmp(url, "/board/events") == 0)
		return stream(conn, K_BOARD, NULL, NULL, con_cls);
	if (strcmp(url, "/static/style.css") == 0)
		return respond(conn, MHD_HTTP_OK, "text/css; charset=utf-8", web_style_css,
		    strlen(web_style_css), 0);
	if (strcmp(url, "/static/app.js") == 0)
		return respond(conn, MHD_HTTP_OK, "text/javascript; charset=utf-8", web_app_js,
		    strlen(web_app_js), 0);
	if (strncmp(url, "/t/", 3) == 0)
		return ticket_route(conn, url + 3, con_cls);
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
usage_to(FILE *f, int status)
{
	fprintf(f, "usage: jhweb [--listen HOST:PORT] [--server HOST:PORT|SOCKET] "
	    "[--device NAME]\n"
	    "             [--token TOKEN | --token-file FILE] [--port-file FILE] "
	    "[--log LEVEL]\n"
	    "       jhweb --help | --version\n"
	    "The server defaults to $JH_SERVER, else %s.\n", JH_DEFAULT_SERVER);
	exit(status);
}

static int
read_token(const char *path, char *out, size_t cap)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	if (!fp)
		return -1;
	if (!fgets(out, (int)cap, fp)) {
		fclose(fp);
		return -1;
	}
	fclose(fp);
	n = strcspn(out, "\r\n");
	out[n] = '\0';
	return n > 0 ? 0 : -1;
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
	static char tokbuf[256];
	struct sockaddr_storage sa;
	struct jhc_cred cred = { 0 };
	struct sigaction act;
	int v6 = 0, lvl;

	log_init("jhweb", LOG_INFO);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

#define ARG(name, var) if (strcmp(a, name) == 0) { \
	if (++i >= argc) \
		return jh_arg_error("jhweb", "option '%s' needs a value", name); \
	var = argv[i]; \
	continue; \
}
		ARG("--listen", listen);
		ARG("--server", server);
		ARG("--device", device);
		ARG("--token", token);
		ARG("--token-file", token_file);
		ARG("--port-file", port_file);
		ARG("--log", level);
#undef ARG
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			usage_to(stdout, 0);
		if (strcmp(a, "--version") == 0)
			return jh_version("jhweb");
		if (a[0] == '-')
			return jh_arg_error("jhweb", "unknown option '%s'", a);
		return jh_arg_error("jhweb", "unexpected argument '%s'", a);
	}
	server = jh_server_addr(server, JH_DEFAULT_SERVER);
	if ((lvl = log_level_parse(level)) < 0) {
		fprintf(stderr, "jhweb: unknown log level '%s'\n", level);
		return 2;
	}
	log_init("jhweb", (enum log_level)lvl);
	if (token_file) {
		if (read_token(token_file, tokbuf, sizeof tokbuf) < 0) {
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
		cred.role = "monitor";
		cred.device = device;
		cred.token = token;
		if (!token)
			log_warn("no device token (--token or --token-file): jhd will refuse us");
	}
	if ((W.c = jhc_new(server, &cred)) == NULL || (W.calls = json_array()) == NULL)
		fatal("out of memory");
	if (pipe(W.sigpipe) < 0 || fcntl(W.sigpipe[0], F_SETFL, O_NONBLOCK) < 0 ||
	    fcntl(W.sigpipe[1], F_SETFL, O_NONBLOCK) < 0)
		fatal("pipe: %s", strerror(errno));
	memset(&act, 0, sizeof act);
	act.sa_handler = on_signal;
	sigaction(SIGINT, &act, NULL);
	sigaction(SIGTERM, &act, NULL);
	signal(SIGPIPE, SIG_IGN);

	W.d = MHD_start_daemon(MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG |
	    (v6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL, on_request, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)(MAX_STREAMS + 200),
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
	refresh(jhc_now_ms());
	W.last_keepalive = jhc_now_ms();

	while (!W.stop) {
		struct pollfd pf[3];
		const union MHD_DaemonInfo *ei = MHD_get_daemon_info(W.d, MHD_DAEMON_INFO_EPOLL_FD);
		MHD_UNSIGNED_LONG_LONG mt;
		long long now = jhc_now_ms(), timeout = W.last_keepalive + KEEPALIVE_MS - now;
		int npf = 0, jfd;

		drain_events();	/* what came with the answers of the calls above */
		jfd = jhc_fd(W.c);

		if (MHD_get_timeout(W.d, &mt) == MHD_YES && (long long)mt < timeout)
			timeout = (long long)mt;
		if (W.dirty && W.last_refresh + REFRESH_MS - now < timeout)
			timeout = W.last_refresh + REFRESH_MS - now;
		if (W.stats_pending && W.last_stats + STATS_MS - now < timeout)
			timeout = W.last_stats + STATS_MS - now;
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
		if (poll(pf, (nfds_t)npf, (int)timeout) < 0 && errno != EINTR)
			fatal("poll: %s", strerror(errno));
		if (W.stop)
			break;
		MHD_run(W.d);
		now = jhc_now_ms();
		drain_events();
		if (!jhc_connected(W.c) && jhc_reconnect_tick(W.c, now) == 1) {
			log_info("connected to jhd again");
			W.online = 1;
			W.last_stats = 0;
			W.dirty = 1;
			W.last_refresh = 0;
		}
		if ((W.dirty && now - W.last_refresh >= REFRESH_MS) ||
		    (W.stats_pending && now - W.last_stats >= STATS_MS))
			refresh(now);
		if (now - W.last_keepalive >= KEEPALIVE_MS) {
			keepalive();
			W.last_keepalive = now;
		}
		MHD_run(W.d);	/* what was resumed or queued above */
	}
	log_info("stopping");
	for (struct client *cl = W.clients; cl; cl = cl->next) {
		cl->closing = 1;
		client_wake(cl);
	}
	MHD_run(W.d);
	MHD_stop_daemon(W.d);
	jhc_free(W.c);
	json_decref(W.status);
	json_decref(W.hours);
	json_decref(W.calls);
	free(W.board);
	return 0;
}
