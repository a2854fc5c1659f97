/* tls.c — TLS sessions over GnuTLS for jhd and its clients (tls.h): TLS 1.2 or 1.3 only, the
 * server's certificate verified against the hall CA and the address the client dialled. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "alloc.h"
#include "tls.h"

#define TLS_PRIORITY "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"
/* The most one tls_write hands to GnuTLS: one record's worth. */
#define TLS_CHUNK 16384

/* What a server and a client both hold: certificate credentials (the server's key pair, or the
 * hall CA a client trusts) and the protocol versions allowed. */
struct tls_creds {
	gnutls_certificate_credentials_t cred;
	gnutls_priority_t prio;
};

struct tls_server {
	struct tls_creds k;
};

struct tls_client {
	struct tls_creds k;
};

struct tls {
	gnutls_session_t s;
	int client;
	size_t again;		/* bytes of a record_send that returned GNUTLS_E_AGAIN */
	int err;		/* the last GnuTLS error */
	char host[256];
};

static void __attribute__((format(printf, 3, 4)))
fill(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errsz)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

/* Allocates k's credentials and priorities (k NULL: calloc failed). 0, or -1 with err filled;
 * what was allocated is left for creds_fini. */
static int
creds_init(struct tls_creds *k, char *err, size_t errsz)
{
	int rc;

	if (!k) {
		fill(err, errsz, "out of memory");
		return -1;
	}
	if ((rc = gnutls_certificate_allocate_credentials(&k->cred)) < 0 ||
	    (rc = gnutls_priority_init(&k->prio, TLS_PRIORITY, NULL)) < 0) {
		fill(err, errsz, "TLS: %s", gnutls_strerror(rc));
		return -1;
	}
	return 0;
}

static void
creds_fini(struct tls_creds *k)
{
	if (k->cred)
		gnutls_certificate_free_credentials(k->cred);
	if (k->prio)
		gnutls_priority_deinit(k->prio);
}

struct tls_server *
tls_server_new(const char *cert, const char *key, char *err, size_t errsz)
{
	struct tls_server *s = jh_calloc(1, sizeof *s);
	int rc;

	if (creds_init(s ? &s->k : NULL, err, errsz) < 0) {
		tls_server_free(s);
		return NULL;
	}
	rc = gnutls_certificate_set_x509_key_file2(s->k.cred, cert, key, GNUTLS_X509_FMT_PEM,
	    NULL, 0);
	if (rc < 0) {
		fill(err, errsz, "--tls-cert %s, --tls-key %s: %s", cert, key, gnutls_strerror(rc));
		tls_server_free(s);
		return NULL;
	}
	return s;
}

void
tls_server_free(struct tls_server *s)
{
	if (s)
		creds_fini(&s->k);
	free(s);
}

long long
tls_server_expiry(struct tls_server *s)
{
	gnutls_x509_crt_t *crts = NULL;
	unsigned n = 0;
	long long t = -1;

	if (gnutls_certificate_get_x509_crt(s->k.cred, 0, &crts, &n) < 0)
		return -1;
	if (n > 0)
		t = (long long)gnutls_x509_crt_get_expiration_time(crts[0]);
	for (unsigned i = 0; i < n; i++)
		gnutls_x509_crt_deinit(crts[i]);
	gnutls_free(crts);
	return t;
}

struct tls_client *
tls_client_new(const char *cafile, char *err, size_t errsz)
{
	struct tls_client *c = jh_calloc(1, sizeof *c);
	int rc;

	if (creds_init(c ? &c->k : NULL, err, errsz) < 0) {
		tls_client_free(c);
		return NULL;
	}
	rc = gnutls_certificate_set_x509_trust_file(c->k.cred, cafile, GNUTLS_X509_FMT_PEM);
	if (rc <= 0) {
		fill(err, errsz, "hall CA %s: %s", cafile, rc == 0 ?
		    "no certificate in the file" : gnutls_strerror(rc));
		tls_client_free(c);
		return NULL;
	}
	return c;
}

void
tls_client_free(struct tls_client *c)
{
	if (c)
		creds_fini(&c->k);
	free(c);
}

static struct tls *
session(unsigned flags, const struct tls_creds *k, int fd)
{
	struct tls *t = jh_calloc(1, sizeof *t);

	if (!t)
		return NULL;
	if (gnutls_init(&t->s, flags | GNUTLS_NONBLOCK) < 0) {
		free(t);
		return NULL;
	}
	if (gnutls_priority_set(t->s, k->prio) < 0 ||
	    gnutls_credentials_set(t->s, GNUTLS_CRD_CERTIFICATE, k->cred) < 0) {
		tls_free(t);
		return NULL;
	}
	gnutls_transport_set_int(t->s, fd);
	return t;
}

struct tls *
tls_accept(struct tls_server *s, int fd)
{
	return session(GNUTLS_SERVER, &s->k, fd);
}

struct tls *
tls_connect(struct tls_client *c, int fd, const char *host)
{
	struct tls *t = session(GNUTLS_CLIENT, &c->k, fd);
	unsigned char ip[16];

	if (!t)
		return NULL;
	t->client = 1;
	snprintf(t->host, sizeof t->host, "%s", host);
	/* SNI carries names only; an IP address is checked against the certificate's IP SANs */
	if (inet_pton(AF_INET, host, ip) != 1 && inet_pton(AF_INET6, host, ip) != 1)
		gnutls_server_name_set(t->s, GNUTLS_NAME_DNS, host, strlen(host));
	gnutls_session_set_verify_cert(t->s, t->host, 0);
	return t;
}

void
tls_free(struct tls *t)
{
	if (!t)
		return;
	gnutls_deinit(t->s);
	free(t);
}

int
tls_handshake(struct tls *t, char *err, size_t errsz)
{
	int rc = gnutls_handshake(t->s);

	if (rc == GNUTLS_E_SUCCESS)
		return 1;
	t->err = rc;
	if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED)
		return TLS_AGAIN;
	if (!gnutls_error_is_fatal(rc) && rc != GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR)
		return TLS_AGAIN;	/* a warning alert: go on */
	if (rc == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR && t->client) {
		unsigned status = gnutls_session_get_verify_cert_status(t->s);
		gnutls_datum_t out = { NULL, 0 };

		if (gnutls_certificate_verification_status_print(status,
		    gnutls_certificate_type_get(t->s), &out, 0) == 0) {
			size_t n = strlen((const char *)out.data);

			while (n > 0 && out.data[n - 1] == ' ')
				n--;
			fill(err, errsz, "the server's certificate is refused for %s (hall CA): %.*s",
			    t->host, (int)n, (const char *)out.data);
			gnutls_free(out.data);
			return -1;
		}
	}
	fill(err, errsz, "TLS handshake failed: %s", gnutls_strerror(rc));
	return -1;
}

ssize_t
tls_read(struct tls *t, void *buf, size_t n)
{
	ssize_t r = gnutls_record_recv(t->s, buf, n);

	if (r >= 0)
		return r;
	t->err = (int)r;
	if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
		return TLS_AGAIN;
	if (r == GNUTLS_E_PREMATURE_TERMINATION)
		return 0;	/* the peer closed without close_notify: our lines are framed */
	if (!gnutls_error_is_fatal((int)r))
		return TLS_AGAIN;
	return -1;
}

ssize_t
tls_write(struct tls *t, const void *buf, size_t n)
{
	ssize_t r;

	/* GnuTLS has encrypted the record of a send that returned E_AGAIN: the next call must
	 * name the same length, whatever was queued behind it since */
	if (t->again)
		n = t->again;
	else if (n > TLS_CHUNK)
		n = TLS_CHUNK;
	r = gnutls_record_send(t->s, buf, n);
	if (r >= 0) {
		t->again = 0;
		return r;
	}
	t->err = (int)r;
	if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
		t->again = n;
		return TLS_AGAIN;
	}
	return -1;
}

size_t
tls_pending(struct tls *t)
{
	return gnutls_record_check_pending(t->s);
}

int
tls_want_write(struct tls *t)
{
	return gnutls_record_get_direction(t->s) == 1;
}

void
tls_bye(struct tls *t)
{
	(void)gnutls_bye(t->s, GNUTLS_SHUT_WR);
}

const char *
tls_error(struct tls *t)
{
	return gnutls_strerror(t->err);
}

int
tls_addr_is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;

		return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return 0;
}
