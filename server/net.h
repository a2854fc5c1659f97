/* net.h — listening sockets and connections: non-blocking I/O, newline framing with a line
 * limit, per-connection output buffers with a cap. Knows bytes and lines, not JSON. */
#ifndef JH_NET_H
#define JH_NET_H

#include <stddef.h>

#define NET_MAX_LINE	(64 * 1024)		/* longest request line, without its newline */
#define NET_OUT_SOFT	(256 * 1024)		/* stop reading a client that does not read */
#define NET_OUT_CAP	(8 * 1024 * 1024)	/* drop a client whose backlog exceeds this */
/* Connection limits (jhd --max-conns, --max-conns-per-addr; docs/PROTOCOL.md): TCP only, the
 * Unix socket is not counted. Over them a connection is accepted, told limit_reached and
 * closed. */
#define NET_DEFAULT_MAX_CONNS		512
#define NET_DEFAULT_MAX_PER_ADDR	64
/* descriptors kept for everything but client connections (the database and its journal,
 * listeners, pipes, a backup, the spare kept for EMFILE) */
#define NET_FD_RESERVE			32

struct loop;
struct conn;
struct tls_server;

/* A client's address: family and bytes (IPv4 or IPv6), and as text for logs. */
struct peer {
	int family;
	unsigned char addr[16];
	char text[48];
};

struct net_handler {
	void (*open)(struct conn *c);			/* new connection */
	void (*line)(struct conn *c, char *line, size_t len);	/* one line, NUL-terminated */
	void (*too_long)(struct conn *c);		/* line over NET_MAX_LINE: then closed */
	void (*close)(struct conn *c);			/* connection is going away */
};

/* Listen on "HOST:PORT" (port 0 = any free port; the bound port is returned in *port). With
 * tls (kept, not copied), every connection speaks TLS; without it, the address must be loopback
 * unless allow_plain is set (jhd --allow-plain). */
int net_listen_tcp(struct loop *l, const char *hostport, int *port, struct tls_server *tls,
    int allow_plain);
/* --port-file, --tls-port-file: the bound port and a newline, written whole (a temporary file
 * renamed) so that whoever waits for the file never reads half of it; -1 with errno. */
int net_write_port_file(const char *path, int port);

/* --tls-listen HOST:PORT with --tls-cert CERT and --tls-key KEY (jhd, jhdistrict): the server's
 * TLS context and a listener using it, the bound port in *port; NULL with the reason logged. */
struct tls_server *net_listen_tls(struct loop *l, const char *hostport, const char *cert,
    const char *key, int *port);
/* Listen on a Unix socket at path (mode 0660; a stale socket file is replaced). */
int net_listen_unix(struct loop *l, const char *path);
void net_set_handler(const struct net_handler *h);
/* TCP connections at most in all, and from one client address (0: no limit). */
void net_set_limits(int max_conns, int max_conns_per_addr);
/* How many client connections the descriptor limit (RLIMIT_NOFILE) leaves room for. */
int net_fd_budget(void);
/* Once a second: resume accepting after a pause, log the end of a burst of refusals. */
void net_tick(void);

/* Queue bytes for the client. Returns 0, or -1 when the client is dropped (over the cap). */
int net_send(struct conn *c, const char *data, size_t len);
/* Close once everything queued has been written. */
void net_close_after_flush(struct conn *c);
/* Close now (pending output is dropped). */
void net_close(struct conn *c);

/* End the slice of lines being served for c after the current one (called from the line
 * handler): its other complete lines wait for a later turn, as past LINES_PER_TURN. A request
 * that costs much (status with a long queue) so costs the others one turn's worth at most. */
void net_conn_yield(struct conn *c);

/* Hold (on 1) or release (on 0) a connection's input: while held, no line of it reaches the
 * handler and nothing more is read (an answer it waits for is being worked out); once
 * released, the lines that arrived meanwhile are served from the next turn on. */
void net_conn_hold(struct conn *c, int on);

int net_conn_is_unix(const struct conn *c);
unsigned net_conn_id(const struct conn *c);
void *net_conn_data(const struct conn *c);
void net_conn_set_data(struct conn *c, void *data);
int net_conn_alive(const struct conn *c);
int net_conn_held(const struct conn *c);
/* The client's address as text ("unix" for the Unix socket). */
const char *net_conn_peer(const struct conn *c);

/* The process and user at the other end of a Unix socket connection (SO_PEERCRED, read at
 * accept): 0, or -1 for TCP or when the kernel did not say. */
int net_conn_cred(const struct conn *c, long *pid, unsigned *uid);
/* Call at the end of each loop turn: writes what can be written, reaps closed connections. */
void net_turn_end(void);
/* Close every connection and listener (shutdown). */
void net_shutdown(void);
int net_nconns(void);

#endif
