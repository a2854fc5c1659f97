/* client.c — the client half of the wire protocol: newline-delimited JSON over TCP or a Unix
 * socket, blocking requests with a timeout, queued events, reconnect with back-off. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "alloc.h"
#include "jhclient.h"
#include "mono.h"
#include "tls.h"

struct jhc_event {
	json_t *ev;
	struct jhc_event *next;
};

struct jhc {
	char *addr;
	char *role, *user, *password, *device, *token, *window;
	int takeover;		/* sent with the next hello only */
	int fd;
	char *ca;		/* the hall CA's file: TCP goes over TLS */
	struct tls_client *trust;	/* loaded from ca at the first connect */
	struct tls *tls;	/* the session while connected over TLS (fd non-blocking then) */
	char *buf;		/* bytes read and not yet parsed */
	size_t len, cap;
	long long next_id;
	json_t *hello;
	json_t *topics;		/* remembered subscription, or NULL */
	struct jhc_event *head, *tail;
	char err[256];
	char code[48];
	long long retry_at, backoff;
};

static char *
dup_or_null(const char *s)
{
	return s ? jh_strdup(s) : NULL;
}

static void
set_err(struct jhc *c, const char *code, const char *fmt, ...)
{
	va_list ap;

	snprintf(c->code, sizeof c->code, "%s", code);
	va_start(ap, fmt);
	vsnprintf(c->err, sizeof c->err, fmt, ap);
	va_end(ap);
}

struct jhc *
jhc_new(const char *addr, const struct jhc_cred *cred)
{
	struct jhc *c = jh_calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->fd = -1;
	c->addr = jh_strdup(addr);
	if (cred) {
		c->role = dup_or_null(cred->role);
		c->user = dup_or_null(cred->user);
		c->password = dup_or_null(cred->password);
		c->device = dup_or_null(cred->device);
		c->token = dup_or_null(cred->token);
		c->window = dup_or_null(cred->window);
		c->takeover = cred->takeover;
		c->ca = dup_or_null(cred->ca);
	}
	if (!c->ca && getenv(JH_CA_ENV) && *getenv(JH_CA_ENV))
		c->ca = jh_strdup(getenv(JH_CA_ENV));
	c->next_id = 1;
	c->backoff = 200;
	/* a credential that could not be copied would sign in without it: no client at all */
	if (!c->addr || (cred && ((cred->role && !c->role) || (cred->user && !c->user) ||
	    (cred->password && !c->password) || (cred->device && !c->device) ||
	    (cred->token && !c->token) || (cred->window && !c->window) ||
	    (cred->ca && !c->ca))) || (!c->ca && getenv(JH_CA_ENV) && *getenv(JH_CA_ENV))) {
		jhc_free(c);
		return NULL;
	}
	return c;
}

void
jhc_close(struct jhc *c)
{
	if (c->tls) {
		tls_bye(c->tls);
		tls_free(c->tls);
		c->tls = NULL;
	}
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->len = 0;
}

void
jhc_free(struct jhc *c)
{
	struct jhc_event *e, *n;

	if (!c)
		return;
	jhc_close(c);
	for (e = c->head; e; e = n) {
		n = e->next;
		json_decref(e->ev);
		free(e);
	}
	json_decref(c->hello);
	json_decref(c->topics);
	if (c->password)
		memset(c->password, 0, strlen(c->password));
	free(c->addr); free(c->role); free(c->user); free(c->password);
	free(c->device); free(c->token); free(c->window); free(c->buf);
	free(c->ca);
	tls_client_free(c->trust);
	free(c);
}

int
jhc_connected(const struct jhc *c)
{
	return c->fd >= 0;
}

const char *
jhc_error(const struct jhc *c)
{
	return c->err;
}

const char *
jhc_error_code(const struct jhc *c)
{
	return c->code;
}

json_t *
jhc_hello_reply(const struct jhc *c)
{
	return c->hello;
}

int
jhc_fd(const struct jhc *c)
{
	return c->fd;
}

static int
peer_is_loopback(int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;

	return getpeername(fd, (struct sockaddr *)&ss, &sl) == 0 &&
	    tls_addr_is_loopback((struct sockaddr *)&ss);
}

static int
plain_allowed(void)
{
	const char *e = getenv(JH_ALLOW_PLAIN_ENV);

	return e && strcmp(e, "1") == 0;
}

/* Wait up to ms for the socket to be ready the way the TLS session wants it. */
static int
tls_wait(struct jhc *c, int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = tls_want_write(c->tls) ? POLLOUT : POLLIN };
	int r;

	do
		r = poll(&p, 1, ms);
	while (r < 0 && errno == EINTR);
	return r;
}

/* The TLS handshake on a connected socket, the server checked against the hall CA and host.
 * The socket stays non-blocking (c->tls set). Returns fd, or -1 (closed) with the error set. */
static int
start_tls(struct jhc *c, int fd, const char *host, int timeout_ms)
{
	char e[512];
	long long deadline = mono_ms() + timeout_ms;
	int rc;

	if (!c->trust && !(c->trust = tls_client_new(c->ca, e, sizeof e))) {
		set_err(c, "disconnected", "%s", e);
		close(fd);
		return -1;
	}
	if (!(c->tls = tls_connect(c->trust, fd, host))) {
		set_err(c, "internal", "out of memory");
		close(fd);
		return -1;
	}
	while ((rc = tls_handshake(c->tls, e, sizeof e)) != 1) {
		long long left = deadline - mono_ms();

		if (rc != TLS_AGAIN)
			set_err(c, "disconnected", "%s", e);
		else if (left <= 0 || tls_wait(c, fd, (int)left) == 0)
			set_err(c, "timeout", "no TLS handshake in %d ms", timeout_ms);
		else
			continue;
		tls_free(c->tls);
		c->tls = NULL;
		close(fd);
		return -1;
	}
	return fd;
}

static int
open_socket(struct jhc *c, int timeout_ms)
{
	int fd = -1;

	if (strchr(c->addr, '/')) {
		struct sockaddr_un sun;

		memset(&sun, 0, sizeof sun);
		sun.sun_family = AF_UNIX;
		if (strlen(c->addr) >= sizeof sun.sun_path) {
			set_err(c, "disconnected", "socket path too long: %s", c->addr);
			return -1;
		}
		strcpy(sun.sun_path, c->addr);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof sun) < 0) {
			set_err(c, "disconnected", "cannot connect to %s: %s", c->addr,
			    strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		return fd;
	}

	char host[256];
	const char *colon = strrchr(c->addr, ':');
	struct addrinfo hints, *res = NULL, *ai;
	int rc;

	if (!colon || (size_t)(colon - c->addr) >= sizeof host) {
		set_err(c, "disconnected", "bad server address %s (want HOST:PORT or a socket path)",
		    c->addr);
		return -1;
	}
	memcpy(host, c->addr, colon - c->addr);
	host[colon - c->addr] = '\0';
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, colon + 1, &hints, &res)) != 0) {
		set_err(c, "disconnected", "cannot resolve %s: %s", c->addr, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (errno == EINPROGRESS) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };
			int soerr = 0;
			socklen_t sl = sizeof soerr;

			if (poll(&p, 1, timeout_ms) == 1 &&
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr == 0)
				break;
			errno = soerr ? soerr : ETIMEDOUT;
		}
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		set_err(c, "disconnected", "cannot connect to %s: %s", c->addr, strerror(errno));
		return -1;
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (c->ca)
		return start_tls(c, fd, host, timeout_ms);
	if (!peer_is_loopback(fd) && !plain_allowed()) {
		set_err(c, "disconnected", "%s is not a loopback address: the hall CA is needed to connect "
		    "over TLS (--ca FILE or $%s; $%s=1 allows plain TCP)", c->addr, JH_CA_ENV,
		    JH_ALLOW_PLAIN_ENV);
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

static int
send_line(struct jhc *c, json_t *msg)
{
	char *s = json_dumps(msg, JSON_COMPACT), *line;
	size_t n, off = 0;

	if (!s) {
		set_err(c, "bad_request", "cannot encode the request");
		return -1;
	}
	n = strlen(s);
	line = jh_realloc(s, n + 2);
	if (!line) {
		free(s);
		set_err(c, "internal", "out of memory");
		return -1;
	}
	line[n++] = '\n';
	line[n] = '\0';
	while (off < n) {
		ssize_t w;

		if (c->tls) {
			w = tls_write(c->tls, line + off, n - off);
			if (w == TLS_AGAIN) {
				tls_wait(c, c->fd, -1);
				continue;
			}
			if (w < 0) {
				set_err(c, "disconnected", "lost the server: %s", tls_error(c->tls));
				free(line);
				jhc_close(c);
				return -1;
			}
		} else
			w = send(c->fd, line + off, n - off, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			set_err(c, "disconnected", "lost the server: %s", strerror(errno));
			free(line);
			jhc_close(c);
			return -1;
		}
		off += (size_t)w;
	}
	free(line);
	return 0;
}

/* Take one complete line out of the buffer, parsed. 1 with *out, 0 when no full line. */
static int
take_line(struct jhc *c, json_t **out)
{
	char *nl = c->len ? memchr(c->buf, '\n', c->len) : NULL;
	size_t linelen;
	json_error_t je;

	if (!nl)
		return 0;
	linelen = (size_t)(nl - c->buf);
	*out = json_loadb(c->buf, linelen, JSON_REJECT_DUPLICATES, &je);
	memmove(c->buf, nl + 1, c->len - linelen - 1);
	c->len -= linelen + 1;
	if (*out && !json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
	}
	return 1;
}

/* Read once (blocking up to timeout_ms when wait is set). 1 read, 0 nothing, -1 closed. */
static int
read_some(struct jhc *c, int timeout_ms)
{
	struct pollfd p = { .fd = c->fd, .events = POLLIN };
	ssize_t r;
	int pr;

	if (c->fd < 0)
		return -1;
	/* records GnuTLS has decrypted already: poll(2) would not wake for them */
	if (!c->tls || tls_pending(c->tls) == 0) {
		pr = poll(&p, 1, timeout_ms);
		if (pr < 0 && errno == EINTR)
			return 0;
		if (pr <= 0)
			return 0;
	}
	if (c->cap - c->len < 65536) {
		size_t ncap = c->cap ? c->cap * 2 : 131072;
		char *nb;

		if (ncap > JHC_MAX_LINE + 131072) {
			set_err(c, "bad_reply", "server line longer than %d bytes", JHC_MAX_LINE);
			jhc_close(c);
			return -1;
		}
		nb = jh_realloc(c->buf, ncap);
		if (!nb) {
			set_err(c, "internal", "out of memory");
			return -1;
		}
		c->buf = nb;
		c->cap = ncap;
	}
	if (c->tls) {
		r = tls_read(c->tls, c->buf + c->len, c->cap - c->len);
		if (r == TLS_AGAIN)
			return 0;	/* a record not complete yet */
	} else
		r = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
	if (r == 0 || (r < 0 && (c->tls || (errno != EINTR && errno != EAGAIN)))) {
		set_err(c, "disconnected", "the server closed the connection");
		jhc_close(c);
		return -1;
	}
	if (r > 0)
		c->len += (size_t)r;
	return 1;
}

static void
queue_event(struct jhc *c, json_t *ev)
{
	struct jhc_event *e = jh_malloc(sizeof *e);

	if (!e) {
		json_decref(ev);
		return;
	}
	e->ev = ev;
	e->next = NULL;
	if (c->tail)
		c->tail->next = e;
	else
		c->head = e;
	c->tail = e;
}

/* The next answer in the buffer: lines that cannot be read are skipped, events are queued for
 * jhc_event. 1 with *out, 0 when no full answer is buffered. */
static int
take_reply(struct jhc *c, json_t **out)
{
	json_t *msg;

	while (take_line(c, &msg)) {
		if (!msg)
			continue;	/* a line we cannot read: ignore it */
		if (json_object_get(msg, "event") && !json_object_get(msg, "id")) {
			queue_event(c, msg);
			continue;
		}
		*out = msg;
		return 1;
	}
	return 0;
}

/* Events that came in the same read as an answer: queue them now. Left in the buffer, they
 * would wait for the next byte from the server, since poll() on the socket does not wake for
 * what was already read (jhweb's board saw a call arrive late, 1 run in 6). Lines other than
 * events here can only answer abandoned requests: dropped, as jhc_request drops them. */
static void
queue_buffered(struct jhc *c)
{
	json_t *msg;

	/* the same holds for records GnuTLS has decrypted and we have not read */
	while (c->tls && tls_pending(c->tls) > 0 && read_some(c, 0) > 0)
		;
	while (take_line(c, &msg)) {
		if (msg && json_object_get(msg, "event") && !json_object_get(msg, "id"))
			queue_event(c, msg);
		else
			json_decref(msg);
	}
}

json_t *
jhc_event_pop(struct jhc *c)
{
	struct jhc_event *e = c->head;
	json_t *ev;

	if (!e)
		return NULL;
	c->head = e->next;
	if (!c->head)
		c->tail = NULL;
	ev = e->ev;
	free(e);
	return ev;
}

json_t *
jhc_request(struct jhc *c, json_t *req, int timeout_ms)
{
	json_t *idv, *msg;
	long long deadline = mono_ms() + timeout_ms;

	if (c->fd < 0) {
		set_err(c, "disconnected", "not connected to the server");
		json_decref(req);
		return NULL;
	}
	idv = json_object_get(req, "id");
	if (!idv) {
		idv = json_integer(c->next_id++);
		json_object_set_new(req, "id", idv);
	}
	json_incref(idv);
	if (send_line(c, req) < 0) {
		json_decref(req);
		json_decref(idv);
		return NULL;
	}
	json_decref(req);
	for (;;) {
		while (take_reply(c, &msg)) {
			if (json_equal(json_object_get(msg, "id"), idv) ||
			    json_is_null(json_object_get(msg, "id"))) {
				json_decref(idv);
				queue_buffered(c);
				return msg;
			}
			json_decref(msg);	/* an answer to an abandoned request */
		}
		long long left = deadline - mono_ms();
		if (left <= 0) {
			set_err(c, "timeout", "the server did not answer in %d ms", timeout_ms);
			/* the connection is now out of step: start again */
			jhc_close(c);
			json_decref(idv);
			return NULL;
		}
		if (read_some(c, (int)left) < 0) {
			json_decref(idv);
			return NULL;
		}
	}
}

int
jhc_send(struct jhc *c, json_t *req)
{
	if (c->fd < 0) {
		set_err(c, "disconnected", "not connected to the server");
		return -1;
	}
	if (!json_object_get(req, "id"))
		json_object_set_new(req, "id", json_integer(c->next_id++));
	return send_line(c, req);
}

int
jhc_answer(struct jhc *c, json_t **out)
{
	for (;;) {
		int r;

		if (take_reply(c, out))
			return 1;
		if ((r = read_some(c, 0)) <= 0)
			return r;
	}
}

json_t *
jhc_call(struct jhc *c, json_t *req, int timeout_ms)
{
	json_t *ans = jhc_request(c, req, timeout_ms);
	json_t *err;

	if (!ans)
		return NULL;
	if (json_is_true(json_object_get(ans, "ok")))
		return ans;
	err = json_object_get(ans, "error");
	set_err(c, json_string_value(json_object_get(err, "code")) ?
	    json_string_value(json_object_get(err, "code")) : "bad_reply", "%s",
	    json_string_value(json_object_get(err, "message")) ?
	    json_string_value(json_object_get(err, "message")) : "the server refused");
	json_decref(ans);
	return NULL;
}

json_t *
jhc_op(struct jhc *c, const char *op, json_t *extra, int timeout_ms)
{
	json_t *req = extra ? extra : json_object();

	json_object_set_new(req, "op", json_string(op));
	return jhc_call(c, req, timeout_ms);
}

static void
set_str(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

int
jhc_connect(struct jhc *c, int timeout_ms)
{
	json_t *req, *ans;

	jhc_close(c);
	c->fd = open_socket(c, timeout_ms);
	if (c->fd < 0)
		return -1;
	req = json_object();
	json_object_set_new(req, "op", json_string("hello"));
	set_str(req, "role", c->role);
	set_str(req, "user", c->user);
	set_str(req, "password", c->password);
	set_str(req, "device", c->device);
	set_str(req, "token", c->token);
	set_str(req, "window", c->window);
	if (c->takeover)
		json_object_set_new(req, "takeover", json_true());
	ans = jhc_call(c, req, timeout_ms);
	if (!ans) {
		jhc_close(c);
		return -1;
	}
	json_decref(c->hello);
	c->hello = ans;
	c->takeover = 0;
	if (c->topics) {
		json_t *sub = json_object();

		json_object_set(sub, "topics", c->topics);
		ans = jhc_op(c, "subscribe", sub, timeout_ms);
		if (!ans) {
			jhc_close(c);
			return -1;
		}
		json_decref(ans);
	}
	c->backoff = 200;
	c->err[0] = '\0';
	c->code[0] = '\0';
	return 0;
}

int
jhc_subscribe(struct jhc *c, const char *const *topics)
{
	json_t *arr = json_array(), *req, *ans;

	for (; *topics; topics++)
		json_array_append_new(arr, json_string(*topics));
	json_decref(c->topics);
	c->topics = arr;
	req = json_object();
	json_object_set(req, "topics", arr);
	ans = jhc_op(c, "subscribe", req, 5000);
	if (!ans)
		return -1;
	json_decref(ans);
	return 0;
}

int
jhc_pump(struct jhc *c)
{
	json_t *msg;

	if (c->fd < 0)
		return -1;
	for (;;) {
		int r = read_some(c, 0);

		if (r < 0)
			return -1;
		while (take_line(c, &msg)) {
			if (msg && json_object_get(msg, "event"))
				queue_event(c, msg);
			else
				json_decref(msg);
		}
		if (r == 0)
			return 0;
	}
}

int
jhc_reconnect_tick(struct jhc *c, long long now_ms)
{
	if (c->fd >= 0)
		return 0;
	if (now_ms < c->retry_at)
		return 0;
	if (jhc_connect(c, 2000) == 0)
		return 1;
	c->retry_at = now_ms + c->backoff;
	c->backoff = c->backoff * 2 > 5000 ? 5000 : c->backoff * 2;
	return 0;
}
