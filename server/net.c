/* net.c — listeners and connections: accept, read into a per-connection buffer, split lines
 * (bounded), buffer output with back-pressure and a hard cap. A slow or half-line client only
 * ever costs its own buffers. A TLS listener's connections shake hands and carry their bytes
 * through tls.c inside the same loop, never blocking it; the plain ones never touch it. */
#define _GNU_SOURCE	/* struct ucred (SO_PEERCRED) */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "alloc.h"
#include "clock.h"
#include "log.h"
#include "loop.h"
#include "mono.h"
#include "net.h"
#include "tls.h"

struct conn {
	int fd;
	int is_unix;
	unsigned id;
	char *in;
	size_t inlen;
	char *out;
	size_t outlen, outcap, outoff;
	int closing;		/* close when out is empty */
	int dead;		/* closed; freed at turn end */
	int reading;		/* read side open */
	int more;		/* complete lines left in `in` for a later turn */
	int yield;		/* net_conn_yield: end the slice after this line */
	int eof;		/* the client has sent everything */
	int held;		/* its lines wait until net_conn_hold(c, 0) */
	struct peer peer;	/* the client's address (TCP; zero for the Unix socket) */
	long cred_pid;		/* the Unix socket's client process (SO_PEERCRED), -1 unknown */
	unsigned cred_uid;
	struct tls *tls;	/* TLS session (a --tls-listen connection), else NULL */
	int handshaking;	/* its handshake is not over: no lines in or out yet */
	int tls_begun;		/* its first bytes were a TLS record */
	int tls_rwant;		/* a read waits for the socket to take a write */
	void *data;
	struct conn *next;
};

struct listener {
	int fd;
	int is_unix;
	char *path;
	struct tls_server *tls;	/* connections speak TLS (not ours to free) */
	long long paused_until;	/* accept stopped until then (mono_ms), 0 when not */
	struct listener *next;
};

/* Refused connections are logged once when a burst of them starts, then counted: a summary
 * when it has been quiet for BURST_QUIET_MS, and every BURST_REPORT_MS while it lasts. */
#define BURST_QUIET_MS	10000
#define BURST_REPORT_MS	60000
struct burst {
	const char *why;
	long n;			/* refused since the last line logged */
	long long last;		/* the last refusal */
	long long reported;	/* the last line logged */
	int active;
};
enum { B_TOTAL, B_PER_ADDR, B_FDS, B_NBURST };
static struct burst bursts[B_NBURST] = {
	[B_TOTAL] = { "the connection limit (--max-conns) is reached", 0, 0, 0, 0 },
	[B_PER_ADDR] = { "an address is at its connection limit (--max-conns-per-addr)", 0, 0, 0,
	    0 },
	[B_FDS] = { "out of file descriptors", 0, 0, 0, 0 },
};

static struct loop *net_loop;
static struct net_handler handler;
static struct conn *conns;
static struct listener *listeners;
static unsigned next_id = 1;
static int nconns;
static int ntcp;		/* of them on TCP */
static int max_tcp = NET_DEFAULT_MAX_CONNS, max_per_addr = NET_DEFAULT_MAX_PER_ADDR;
static int spare_fd = -1;	/* kept for accepting (and closing) a connection on EMFILE */

#define IN_CAP (NET_MAX_LINE + 1 + 16384)
#define OUT_CAP0 4096		/* a connection's first output buffer: most answers fit */
#define SEND_WAIT_MS 100	/* out of memory, how long a send waits for the client to read */

static int
set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return 0;
}

void
net_set_handler(const struct net_handler *h)
{
	handler = *h;
}

static void conn_io(int fd, int ready, void *arg);

/* Whether the connection takes more input now. */
static int
can_read(const struct conn *c)
{
	return c->reading && !c->closing && !c->more && !c->held &&
	    c->outlen - c->outoff < NET_OUT_SOFT;
}

static void
update_events(struct conn *c)
{
	int ev = 0;

	if (c->dead)
		return;
	if (c->handshaking) {
		loop_mod(net_loop, c->fd, tls_want_write(c->tls) ? LOOP_WRITE : LOOP_READ);
		return;
	}
	if (can_read(c))
		ev |= LOOP_READ;
	if (c->outlen > c->outoff || c->tls_rwant)
		ev |= LOOP_WRITE;
	loop_mod(net_loop, c->fd, ev);
}

void
net_close(struct conn *c)
{
	if (c->dead)
		return;
	if (handler.close)
		handler.close(c);
	loop_del(net_loop, c->fd);
	if (c->tls) {
		if (!c->handshaking)
			tls_bye(c->tls);	/* close_notify, if the socket takes it now */
		tls_free(c->tls);
		c->tls = NULL;
	}
	close(c->fd);
	c->fd = -1;
	c->dead = 1;
	nconns--;
	if (!c->is_unix)
		ntcp--;
}

void
net_close_after_flush(struct conn *c)
{
	c->closing = 1;
	c->reading = 0;
	update_events(c);
}

static int
flush_out(struct conn *c)
{
	if (c->handshaking) {
		/* nothing goes out before the handshake; a connection to be closed meanwhile
		 * (the hello deadline) cannot be told why: it is closed now */
		if (c->closing) {
			net_close(c);
			return -1;
		}
		update_events(c);
		return 0;
	}
	while (c->outoff < c->outlen) {
		ssize_t n;

		if (c->tls) {
			n = tls_write(c->tls, c->out + c->outoff, c->outlen - c->outoff);
			if (n == TLS_AGAIN)
				break;	/* partly sent: the same bytes are offered again */
			if (n < 0) {
				log_debug("conn %u: TLS write: %s", c->id, tls_error(c->tls));
				net_close(c);
				return -1;
			}
		} else if ((n = write(c->fd, c->out + c->outoff, c->outlen - c->outoff)) < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			log_debug("conn %u: write: %s", c->id, strerror(errno));
			net_close(c);
			return -1;
		}
		c->outoff += n;
	}
	if (c->outoff == c->outlen)
		c->outoff = c->outlen = 0;
	else if (c->outoff > c->outcap / 2) {
		memmove(c->out, c->out + c->outoff, c->outlen - c->outoff);
		c->outlen -= c->outoff;
		c->outoff = 0;
	}
	if (c->closing && c->outlen == 0) {
		net_close(c);
		return -1;
	}
	update_events(c);
	return 0;
}

/* Out of memory for a longer buffer: data goes out through the one the connection has, piece
 * by piece as the socket takes it (waiting for it a little), rather than being lost; -1 with
 * the connection closed when the client takes nothing. */
static int
send_through(struct conn *c, const char *data, size_t len)
{
	struct pollfd p = { .fd = c->fd, .events = POLLOUT };
	int idle = 0;

	while (len > 0) {
		size_t before = c->outoff, room, k;

		if (c->outoff > 0) {
			memmove(c->out, c->out + c->outoff, c->outlen - c->outoff);
			c->outlen -= c->outoff;
			c->outoff = 0;
		}
		room = c->outcap - c->outlen;
		k = len < room ? len : room;
		memcpy(c->out + c->outlen, data, k);
		c->outlen += k;
		data += k;
		len -= k;
		if (len == 0)
			break;
		if (flush_out(c) < 0)
			return -1;
		if (c->outoff == before && (++idle > 2 || c->outcap == 0 ||
		    poll(&p, 1, SEND_WAIT_MS) <= 0)) {
			log_warn("conn %u: no memory to queue its answer and the client does not "
			    "read: closed", c->id);
			net_close(c);
			return -1;
		}
	}
	update_events(c);
	return 0;
}

int
net_send(struct conn *c, const char *data, size_t len)
{
	if (c->dead)
		return -1;
	if (c->outlen - c->outoff + len > NET_OUT_CAP) {
		log_warn("conn %u: client does not read (%zu bytes queued): dropped", c->id,
		    c->outlen - c->outoff);
		net_close(c);
		return -1;
	}
	if (c->outlen + len > c->outcap) {
		size_t n = c->outcap ? c->outcap : OUT_CAP0;
		char *nb;

		while (n < c->outlen + len)
			n *= 2;
		if (!(nb = jh_realloc(c->out, n)))
			return send_through(c, data, len);
		c->out = nb;
		c->outcap = n;
	}
	memcpy(c->out + c->outlen, data, len);
	c->outlen += len;
	update_events(c);
	return 0;
}

/* Lines served per connection per turn: a client that pipelines thousands of requests
 * is served in slices, and only while it reads its answers. */
#define LINES_PER_TURN 64

static void
read_lines(struct conn *c)
{
	size_t start = 0;
	int nlines = 0;

	c->more = 0;
	for (;;) {
		char *nl;

		if (c->dead || c->closing)
			return;
		if (c->held)
			break;
		if (nlines == LINES_PER_TURN) {
			c->more = 1;
			break;
		}
		nl = memchr(c->in + start, '\n', c->inlen - start);
		if (!nl)
			break;
		size_t len = nl - (c->in + start);
		if (len > NET_MAX_LINE) {
			c->inlen = 0;
			if (handler.too_long)
				handler.too_long(c);
			net_close_after_flush(c);
			return;
		}
		*nl = '\0';
		if (len > 0 && c->in[start + len - 1] == '\r')
			c->in[start + len - 1] = '\0', len--;
		if (handler.line)
			handler.line(c, c->in + start, len);
		nlines++;
		start = nl + 1 - c->in;
		if (c->dead)
			return;
		if (c->yield) {
			c->yield = 0;
			c->more = 1;
			break;
		}
	}
	if (start > 0) {
		memmove(c->in, c->in + start, c->inlen - start);
		c->inlen -= start;
	}
	if (!c->more && !c->held && c->inlen > NET_MAX_LINE) {
		c->inlen = 0;
		if (handler.too_long)
			handler.too_long(c);
		net_close_after_flush(c);
	}
}

/* One read from the socket, or one record from the TLS session: >0 bytes, 0 at the end of
 * input, -1 on error, -2 when nothing is there yet. */
static ssize_t
conn_recv(struct conn *c)
{
	ssize_t n;

	if (!c->tls) {
		n = read(c->fd, c->in + c->inlen, IN_CAP - c->inlen);
		return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? -2 : n;
	}
	c->tls_rwant = 0;
	n = tls_read(c->tls, c->in + c->inlen, IN_CAP - c->inlen);
	if (n == TLS_AGAIN) {
		c->tls_rwant = tls_want_write(c->tls);
		return -2;
	}
	if (n < 0)
		log_debug("conn %u: TLS read: %s", c->id, tls_error(c->tls));
	return n;
}

/* Read what is there and serve its lines. A TLS session may hold more decrypted records than
 * one read takes, which poll(2) does not announce: they are read here while the connection
 * takes input, and at the turn's end after (net_turn_end). */
static void
conn_read(struct conn *c)
{
	do {
		ssize_t n = conn_recv(c);

		if (n == 0) {
			/* end of input: answer what was asked, then close */
			c->reading = 0;
			c->eof = 1;	/* closed at turn end, once answered */
			update_events(c);
		} else if (n == -1) {
			net_close(c);
			return;
		} else if (n > 0) {
			c->inlen += n;
			read_lines(c);
			/* lines left for a later turn (LINES_PER_TURN, net_conn_yield): not read
			 * again before they are served, in this turn's next polls neither */
			if (!c->dead && c->more)
				update_events(c);
		}
	} while (!c->dead && c->tls && can_read(c) && c->inlen < IN_CAP && tls_pending(c->tls));
	if (!c->dead && c->tls_rwant)
		update_events(c);
}

/* The server's side of a TLS handshake, a step each time the socket is ready. */
static void
conn_handshake(struct conn *c)
{
	char err[300], b;
	int rc;

	/* a plain client on the TLS port (its hello, already sent in the clear): told why in
	 * its own language before it is closed */
	if (!c->tls_begun && recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 1 && b == '{') {
		static const char why[] = "{\"id\":null,\"ok\":false,\"error\":{\"code\":"
		    "\"bad_request\",\"message\":\"this port speaks TLS: connect with the hall CA "
		    "(--ca FILE or JH_CA)\"}}\n";

		log_info("conn %u: %s: plain text on the TLS port: closed", c->id, c->peer.text);
		(void)!write(c->fd, why, sizeof why - 1);
		net_close(c);
		return;
	}
	c->tls_begun = 1;
	rc = tls_handshake(c->tls, err, sizeof err);
	if (rc == TLS_AGAIN) {
		update_events(c);
		return;
	}
	if (rc < 0) {
		log_info("conn %u: %s: %s", c->id, c->peer.text, err);
		net_close(c);
		return;
	}
	c->handshaking = 0;
	update_events(c);
	/* the client's first lines may have come with its last handshake message */
	if (can_read(c))
		conn_read(c);
}

static void
conn_io(int fd, int ready, void *arg)
{
	struct conn *c = arg;

	if (c->dead)
		return;
	if (c->handshaking) {
		conn_handshake(c);
		return;
	}
	if (((ready & LOOP_READ) || (c->tls_rwant && (ready & LOOP_WRITE))) && c->reading &&
	    !c->closing && !c->more && !c->held && c->inlen < IN_CAP) {
		conn_read(c);
	} else if ((ready & LOOP_READ) && !(ready & LOOP_WRITE) && c->outlen == c->outoff &&
	    !c->more && !c->held) {
		/* hang-up while we were not reading and have nothing to write */
		char b;

		if (recv(fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 0) {
			net_close(c);
			return;
		}
	}
	if (!c->dead && (ready & LOOP_WRITE))
		flush_out(c);
}

static void
burst_note(int which, const char *addr)
{
	struct burst *b = &bursts[which];
	long long now = mono_ms();

	if (!b->active) {
		log_warn("refusing connections: %s%s%s (refusals are counted until it has been "
		    "quiet for %d s)", b->why, addr ? ": " : "", addr ? addr : "",
		    BURST_QUIET_MS / 1000);
		b->active = 1;
		b->n = 0;
		b->reported = now;
	}
	b->n++;
	b->last = now;
}

/* Log the bursts that have ended (all of them when ending is set: shutdown). */
static void
burst_tick(long long now, int ending)
{
	for (int i = 0; i < B_NBURST; i++) {
		struct burst *b = &bursts[i];

		if (!b->active)
			continue;
		if (ending || now - b->last >= BURST_QUIET_MS) {
			log_info("refused %ld connection%s (%s); no more since %lld s", b->n,
			    b->n == 1 ? "" : "s", b->why, (now - b->last) / 1000);
			b->active = 0;
		} else if (now - b->reported >= BURST_REPORT_MS) {
			log_warn("still refusing connections: %ld in the last %lld s (%s)", b->n,
			    (now - b->reported) / 1000, b->why);
			b->n = 0;
			b->reported = now;
		}
	}
}

/* Tell a refused client why (best effort: one write to a fresh socket, which its buffer
 * takes), and close it. */
static void
refuse(int fd, const char *why, int tls)
{
	char line[200];
	int n = snprintf(line, sizeof line, "{\"id\":null,\"ok\":false,\"error\":{\"code\":"
	    "\"limit_reached\",\"message\":\"%s\"}}\n", why);

	/* a TLS client is only closed: it would not read plain text */
	if (!tls)
		(void)!write(fd, line, (size_t)n);
	close(fd);
}

static void
peer_of(const struct sockaddr_storage *sa, struct peer *p)
{
	memset(p, 0, sizeof *p);
	p->family = sa->ss_family;
	if (sa->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		memcpy(p->addr, &in->sin_addr, 4);
		inet_ntop(AF_INET, &in->sin_addr, p->text, sizeof p->text);
	} else if (sa->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;

		memcpy(p->addr, &in6->sin6_addr, 16);
		inet_ntop(AF_INET6, &in6->sin6_addr, p->text, sizeof p->text);
	}
}

static int
same_peer(const struct peer *a, const struct peer *b)
{
	return a->family == b->family && memcmp(a->addr, b->addr, sizeof a->addr) == 0;
}

/* Open connections from the address of p (TCP). */
static int
peer_count(const struct peer *p)
{
	int n = 0;

	for (struct conn *c = conns; c; c = c->next)
		if (!c->dead && !c->is_unix && same_peer(&c->peer, p))
			n++;
	return n;
}

static void
pause_listener(struct listener *ls, int ms)
{
	ls->paused_until = mono_ms() + ms;
	loop_mod(net_loop, ls->fd, 0);
}

/* accept failed for want of a descriptor: the connection stays queued and the listener
 * readable, and the loop would spin on it. Give the spare descriptor up for a moment to
 * accept it and close it at once (the client sees its connection closed); without a spare,
 * stop accepting for a second. */
static void
accept_no_fd(struct listener *ls)
{
	int cfd = -1;

	int err = EMFILE;

	burst_note(B_FDS, NULL);
	if (spare_fd >= 0) {
		close(spare_fd);
		spare_fd = -1;
		if ((cfd = accept(ls->fd, NULL, NULL)) >= 0)
			refuse(cfd, "the server is out of file descriptors", ls->tls != NULL);
		else
			err = errno;
		spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	}
	if (spare_fd < 0 || (cfd < 0 && err != EAGAIN && err != EWOULDBLOCK && err != EINTR &&
	    err != ECONNABORTED))
		pause_listener(ls, 1000);
}

static void
accept_io(int fd, int ready, void *arg)
{
	struct listener *ls = arg;

	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage sa;
		socklen_t sl = sizeof sa;
		int cfd = accept(fd, (struct sockaddr *)&sa, &sl);
		struct conn *c = NULL;
		struct peer p;

		if (cfd < 0) {
			if (errno == EMFILE || errno == ENFILE) {
				accept_no_fd(ls);
				if (ls->paused_until)
					return;
				continue;
			}
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ||
			    errno == ECONNABORTED)
				return;
			/* ENOBUFS, ENOMEM...: the listener stays readable; do not spin on it */
			log_warn("accept: %s: accepting again in 1 s", strerror(errno));
			pause_listener(ls, 1000);
			return;
		}
		if (!ls->is_unix) {
			peer_of(&sa, &p);
			if (max_tcp > 0 && ntcp >= max_tcp) {
				burst_note(B_TOTAL, NULL);
				refuse(cfd, "too many connections; try again later", ls->tls != NULL);
				continue;
			}
			if (max_per_addr > 0 && peer_count(&p) >= max_per_addr) {
				burst_note(B_PER_ADDR, p.text);
				refuse(cfd, "too many connections from your address", ls->tls != NULL);
				continue;
			}
		}
		if (set_nonblock(cfd) < 0) {
			close(cfd);
			continue;
		}
		if (!(c = jh_calloc(1, sizeof *c)) || !(c->in = jh_malloc(IN_CAP)) ||
		    !(c->out = jh_malloc(OUT_CAP0))) {
			/* refused before any byte is read: no request, no answer owed */
			log_warn("a connection: no memory for its buffers: closed");
			if (c)
				free(c->in);
			free(c);
			close(cfd);
			continue;
		}
		c->outcap = OUT_CAP0;
		if (!ls->is_unix) {
			int one = 1;

			setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
			c->peer = p;
		}
		c->cred_pid = -1;
		if (ls->is_unix) {
			struct ucred uc;
			socklen_t ul = sizeof uc;

			if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &uc, &ul) == 0) {
				c->cred_pid = uc.pid;
				c->cred_uid = uc.uid;
			}
		}
		c->fd = cfd;
		c->is_unix = ls->is_unix;
		c->id = next_id++;
		c->reading = 1;
		if (ls->tls && !(c->tls = tls_accept(ls->tls, cfd))) {
			free(c->in);
			free(c->out);
			free(c);
			close(cfd);
			continue;
		}
		c->handshaking = c->tls != NULL;
		if (loop_add(net_loop, cfd, LOOP_READ, conn_io, c) < 0) {
			tls_free(c->tls);
			free(c->in);
			free(c->out);
			free(c);
			close(cfd);
			continue;
		}
		c->next = conns;
		conns = c;
		nconns++;
		if (!c->is_unix)
			ntcp++;
		if (handler.open)
			handler.open(c);
	}
}

void
net_set_limits(int max_conns, int max_conns_per_addr)
{
	max_tcp = max_conns;
	max_per_addr = max_conns_per_addr;
}

int
net_fd_budget(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur > (rlim_t)1 << 30)
		return 1 << 30;
	return (int)rl.rlim_cur - NET_FD_RESERVE;
}

void
net_tick(void)
{
	long long now = mono_ms();

	burst_tick(now, 0);
	for (struct listener *ls = listeners; ls; ls = ls->next)
		if (ls->paused_until && now >= ls->paused_until) {
			ls->paused_until = 0;
			if (spare_fd < 0)
				spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
			loop_mod(net_loop, ls->fd, LOOP_READ);
		}
}

static int
add_listener(struct loop *l, int fd, int is_unix, const char *path, struct tls_server *tls)
{
	struct listener *ls = jh_calloc(1, sizeof *ls);

	if (!ls)
		return -1;
	net_loop = l;
	ls->fd = fd;
	ls->tls = tls;
	ls->is_unix = is_unix;
	ls->path = path ? jh_strdup(path) : NULL;
	ls->next = listeners;
	listeners = ls;
	if (spare_fd < 0)
		spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return loop_add(l, fd, LOOP_READ, accept_io, ls);
}

int
net_listen_tcp(struct loop *l, const char *hostport, int *port, struct tls_server *tls,
    int allow_plain)
{
	char host[256];
	const char *colon = strrchr(hostport, ':');
	struct addrinfo hints, *res, *ai;
	int fd = -1, one = 1, err;

	if (!colon || (size_t)(colon - hostport) >= sizeof host) {
		log_error("--listen %s: expected HOST:PORT", hostport);
		return -1;
	}
	memcpy(host, hostport, colon - hostport);
	host[colon - hostport] = '\0';
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	if ((err = getaddrinfo(*host ? host : NULL, colon + 1, &hints, &res)) != 0) {
		log_error("--listen %s: %s", hostport, gai_strerror(err));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, 0);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 512) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		log_error_errno("listen on %s", hostport);
		return -1;
	}
	set_nonblock(fd);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;

	if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0) {
		log_error("listen on %s: %s", hostport, strerror(errno));
		close(fd);
		return -1;
	}
	/* passwords and tokens cross in the clear on plain TCP: not off the machine unless
	 * asked for by name */
	if (!tls && !allow_plain && !tls_addr_is_loopback((struct sockaddr *)&ss)) {
		log_error("--listen %s: not a loopback address, and plain TCP would carry passwords "
		    "and tokens in the clear: use --tls-listen with --tls-cert and --tls-key, or "
		    "add --allow-plain", hostport);
		close(fd);
		return -1;
	}
	if (port) {
		*port = 0;
		if (ss.ss_family == AF_INET)
			*port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		else if (ss.ss_family == AF_INET6)
			*port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	}
	return add_listener(l, fd, 0, NULL, tls);
}

int
net_write_port_file(const char *path, int port)
{
	char tmp[4096];
	FILE *f;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (!(f = fopen(tmp, "w")))
		return -1;
	fprintf(f, "%d\n", port);
	if (fclose(f) != 0)
		return -1;
	return rename(tmp, path);
}

struct tls_server *
net_listen_tls(struct loop *l, const char *hostport, const char *cert, const char *key, int *port)
{
	struct tls_server *tls;
	char err[256];

	if (!(tls = tls_server_new(cert, key, err, sizeof err))) {
		log_error("%s", err);
		return NULL;
	}
	if (net_listen_tcp(l, hostport, port, tls, 0) < 0) {
		tls_server_free(tls);
		return NULL;
	}
	return tls;
}

int
net_listen_unix(struct loop *l, const char *path)
{
	struct sockaddr_un sun;
	int fd;

	if (strlen(path) >= sizeof sun.sun_path) {
		log_error("--unix %s: path too long", path);
		return -1;
	}
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof sun) < 0 || chmod(path, 0660) < 0 ||
	    listen(fd, 128) < 0) {
		log_error_errno("listen on %s", path);
		close(fd);
		return -1;
	}
	set_nonblock(fd);
	return add_listener(l, fd, 1, path, NULL);
}

void
net_conn_yield(struct conn *c)
{
	c->yield = 1;
}

void
net_conn_hold(struct conn *c, int on)
{
	if (c->dead || c->held == !!on)
		return;
	c->held = !!on;
	if (!on) {
		/* the lines read meanwhile are served from the next turn on, as a slice */
		c->more = 1;
		loop_wake(net_loop);
	}
	update_events(c);
}

int net_conn_is_unix(const struct conn *c) { return c->is_unix; }
unsigned net_conn_id(const struct conn *c) { return c->id; }
void *net_conn_data(const struct conn *c) { return c->data; }
void net_conn_set_data(struct conn *c, void *data) { c->data = data; }
int net_conn_alive(const struct conn *c) { return !c->dead; }
int net_conn_held(const struct conn *c) { return c->held; }
const char *net_conn_peer(const struct conn *c) { return c->is_unix ? "unix" : c->peer.text; }
int net_nconns(void) { return nconns; }

int
net_conn_cred(const struct conn *c, long *pid, unsigned *uid)
{
	if (!c->is_unix || c->cred_pid < 0)
		return -1;
	*pid = c->cred_pid;
	*uid = c->cred_uid;
	return 0;
}

void
net_turn_end(void)
{
	struct conn **pp = &conns, *c;

	for (c = conns; c; c = c->next) {
		if (c->dead)
			continue;
		if (c->eof && !c->more && !c->held)
			c->closing = 1;	/* every answer is queued: close once written */
		if (c->outlen > c->outoff || c->closing)
			flush_out(c);
	}
	while ((c = *pp)) {
		if (c->dead) {
			*pp = c->next;
			free(c->in);
			free(c->out);
			free(c);
		} else
			pp = &c->next;
	}
	for (c = conns; c; c = c->next) {
		/* serve the next slice of pipelined lines of clients that keep up with their
		 * answers */
		if (!c->dead && c->more && c->outlen - c->outoff < NET_OUT_SOFT) {
			read_lines(c);
			update_events(c);
			loop_wake(net_loop);
		}
		/* and the records a TLS session holds decrypted, which no poll announces */
		if (c->tls && !c->dead && !c->handshaking && can_read(c) && c->inlen < IN_CAP &&
		    tls_pending(c->tls)) {
			conn_read(c);
			loop_wake(net_loop);
		}
	}
}

void
net_shutdown(void)
{
	struct listener *ls, *ln;
	struct conn *c;

	for (c = conns; c; c = c->next)
		if (!c->dead) {
			flush_out(c);
			if (!c->dead)
				net_close(c);
		}
	net_turn_end();
	for (ls = listeners; ls; ls = ln) {
		ln = ls->next;
		loop_del(net_loop, ls->fd);
		close(ls->fd);
		if (ls->path)
			unlink(ls->path);
		free(ls->path);
		free(ls);
	}
	listeners = NULL;
	burst_tick(mono_ms(), 1);
	if (spare_fd >= 0)
		close(spare_fd);
	spare_fd = -1;
}
