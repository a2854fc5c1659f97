/* tls.h — TLS on the hall network (GnuTLS), for jhd's listener and every client: sessions over
 * a socket the caller owns, non-blocking or blocking alike, and the hall CA's checks on the
 * client side (the server's certificate chains to the CA and names the address dialled). */
#ifndef JH_TLS_H
#define JH_TLS_H

#include <stddef.h>
#include <sys/types.h>

/* The environment variable naming the hall CA's certificate for every client: with it (or a
 * --ca option) TCP connections use TLS (docs/PROTOCOL.md, "Security"). */
#define JH_CA_ENV "JH_CA"
/* Set to 1, lets a client speak plain TCP to an address that is not loopback. */
#define JH_ALLOW_PLAIN_ENV "JH_ALLOW_PLAIN"

#define TLS_AGAIN	(-2)	/* tls_read/tls_write/tls_handshake: wait (tls_want_write) */

struct tls_server;	/* jhd's certificate and key */
struct tls_client;	/* a client's trust: the hall CA */
struct tls;		/* one session */

/* Load jhd's certificate chain and key (PEM). NULL with err filled. Free with
 * tls_server_free. */
struct tls_server *tls_server_new(const char *cert, const char *key, char *err, size_t errsz);
void tls_server_free(struct tls_server *s);
/* When the server's certificate stops being valid (seconds since the epoch), or -1. */
long long tls_server_expiry(struct tls_server *s);
/* Load the CA certificate(s) a client trusts (PEM). NULL with err filled. */
struct tls_client *tls_client_new(const char *cafile, char *err, size_t errsz);
void tls_client_free(struct tls_client *c);

/* A session on fd (which stays the caller's to close): the server side of an accepted
 * connection, or the client side of one to host (a name or an IP address, checked against
 * the server's certificate). NULL when out of memory. Free with tls_free. */
struct tls *tls_accept(struct tls_server *s, int fd);
struct tls *tls_connect(struct tls_client *c, int fd, const char *host);
void tls_free(struct tls *t);

/* One step of the handshake: 1 done, TLS_AGAIN (wait for the socket as tls_want_write says),
 * or -1 with err filled (on the client: why the server was not trusted). */
int tls_handshake(struct tls *t, char *err, size_t errsz);
/* Application bytes: >0, 0 at the peer's end of data, TLS_AGAIN, or -1 on error.
 * tls_write may take fewer bytes than given (a record at most); after TLS_AGAIN the next call
 * must offer at least as many bytes from the same place (they are the ones being sent). */
ssize_t tls_read(struct tls *t, void *buf, size_t n);
ssize_t tls_write(struct tls *t, const void *buf, size_t n);
/* Bytes decrypted and buffered in the session: poll(2) does not see them, read them first. */
size_t tls_pending(struct tls *t);
/* After TLS_AGAIN: 1 when the session waits to write, 0 to read. */
int tls_want_write(struct tls *t);
/* Send close_notify, without waiting (best effort). */
void tls_bye(struct tls *t);
/* The last error of a failed call, for people. */
const char *tls_error(struct tls *t);

struct sockaddr;
/* Whether an address is loopback (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104), where plain TCP
 * stays on the machine. */
int tls_addr_is_loopback(const struct sockaddr *sa);

#endif
