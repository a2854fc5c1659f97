/* tls_test.c — tls.c over a socketpair, both ends non-blocking in one process, with
 * certificates made by ca.c: the handshake and bytes both ways, another name and another CA
 * refused with their reasons, a full socket (TLS_AGAIN, then the same bytes offered again)
 * losing and repeating nothing, and a record read in small pieces from what GnuTLS holds
 * decrypted, which poll(2) does not announce. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ca.h"
#include "t.h"
#include "tls.h"

static char dir[64], other[80];
static char crt[128], key[128], cafile[128], otherca[128];

struct pair {
	int fd[2];		/* [0] server, [1] client */
	struct tls_server *srv;
	struct tls_client *cli;
	struct tls *s, *c;
};

/* A connected pair with the client trusting trust and dialling host: 0, or -1. */
static int
pair_open(struct pair *p, const char *trust, const char *host)
{
	char err[300];

	memset(p, 0, sizeof *p);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, p->fd) < 0)
		return -1;
	p->srv = tls_server_new(crt, key, err, sizeof err);
	p->cli = tls_client_new(trust, err, sizeof err);
	if (!p->srv || !p->cli)
		return -1;
	p->s = tls_accept(p->srv, p->fd[0]);
	p->c = tls_connect(p->cli, p->fd[1], host);
	return p->s && p->c ? 0 : -1;
}

static void
pair_close(struct pair *p)
{
	tls_free(p->s);
	tls_free(p->c);
	tls_server_free(p->srv);
	tls_client_free(p->cli);
	close(p->fd[0]);
	close(p->fd[1]);
}

/* Step both handshakes until each is done or one fails: 1 done, -1 (cerr: the client's
 * reason). */
static int
shake(struct pair *p, char *cerr, size_t cerrsz)
{
	char serr[300];
	int sd = 0, cd = 0;

	for (int i = 0; i < 1000 && !(sd && cd); i++) {
		int r;

		if (!cd && (r = tls_handshake(p->c, cerr, cerrsz)) != TLS_AGAIN) {
			if (r < 0)
				return -1;
			cd = 1;
		}
		if (!sd && (r = tls_handshake(p->s, serr, sizeof serr)) != TLS_AGAIN) {
			if (r < 0)
				return -1;
			sd = 1;
		}
	}
	return sd && cd ? 1 : -1;
}

static void
handshake_and_bytes_both_ways(void)
{
	struct pair p;
	char err[300] = "", buf[64];
	ssize_t n;

	T_EQ_INT(pair_open(&p, cafile, "127.0.0.1"), 0);
	T_EQ_INT(shake(&p, err, sizeof err), 1);
	T_EQ_INT(tls_write(p.c, "{\"op\":\"ping\"}\n", 14), 14);
	n = tls_read(p.s, buf, sizeof buf);
	T_EQ_MEM(buf, n > 0 ? (size_t)n : 0, "{\"op\":\"ping\"}\n", 14);
	T_EQ_INT(tls_write(p.s, "{\"ok\":true}\n", 12), 12);
	n = tls_read(p.c, buf, sizeof buf);
	T_EQ_MEM(buf, n > 0 ? (size_t)n : 0, "{\"ok\":true}\n", 12);
	T_EQ_INT(tls_read(p.c, buf, sizeof buf), TLS_AGAIN);	/* nothing more: wait */
	pair_close(&p);
}

static void
another_name_is_refused(void)
{
	struct pair p;
	char err[300] = "";

	T_EQ_INT(pair_open(&p, cafile, "10.9.9.9"), 0);
	T_EQ_INT(shake(&p, err, sizeof err), -1);
	T_CHECK(strstr(err, "refused for 10.9.9.9") && strstr(err, "does not match"), "%s", err);
	pair_close(&p);
}

static void
another_ca_is_refused(void)
{
	struct pair p;
	char err[300] = "";

	T_EQ_INT(pair_open(&p, otherca, "jhd.test"), 0);
	T_EQ_INT(shake(&p, err, sizeof err), -1);
	T_CHECK(strstr(err, "issuer is unknown") != NULL, "%s", err);
	pair_close(&p);
}

/* Read what the client can now, into got at *have. */
static void
drain(struct tls *c, unsigned char *got, size_t cap, size_t *have)
{
	ssize_t n;

	while (*have < cap && (n = tls_read(c, got + *have, cap - *have)) > 0)
		*have += (size_t)n;
}

static void
full_socket_again_then_the_same_bytes(void)
{
	enum { N = 256 * 1024 };
	static unsigned char out[N], got[N];
	struct pair p;
	char err[300] = "";
	size_t off = 0, have = 0;
	int agains = 0, small = 4096;

	for (size_t i = 0; i < N; i++)
		out[i] = (unsigned char)(i * 7 + i / 251);
	T_EQ_INT(pair_open(&p, cafile, "jhd.test"), 0);
	setsockopt(p.fd[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
	T_EQ_INT(shake(&p, err, sizeof err), 1);
	/* the server writes as net.c does: after TLS_AGAIN, from the same place again */
	for (int i = 0; off < N && i < 100000; i++) {
		ssize_t w = tls_write(p.s, out + off, N - off);

		if (w == TLS_AGAIN) {
			agains++;
			if (agains % 3 == 0)	/* the client reads now and then */
				drain(p.c, got, N, &have);
			continue;
		}
		T_CHECK(w > 0, "tls_write: %zd (%s)", w, tls_error(p.s));
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	for (int i = 0; have < N && i < 1000; i++)
		drain(p.c, got, N, &have);
	T_CHECK(agains > 0, "the socket never filled (%d)", agains);
	T_EQ_INT(off, N);
	T_EQ_INT(have, N);
	T_CHECK(memcmp(out, got, N) == 0, "the bytes differ");
	pair_close(&p);
}

static void
decrypted_bytes_wait_in_the_session_not_the_socket(void)
{
	static unsigned char out[16000], got[16000];
	struct pair p;
	char err[300] = "";
	size_t have = 0;
	ssize_t n;
	struct pollfd pf;

	memset(out, 'x', sizeof out);
	T_EQ_INT(pair_open(&p, cafile, "jhd.test"), 0);
	T_EQ_INT(shake(&p, err, sizeof err), 1);
	T_EQ_INT(tls_write(p.s, out, sizeof out), sizeof out);	/* one record */
	n = tls_read(p.c, got, 100);
	T_EQ_INT(n, 100);
	have = n > 0 ? (size_t)n : 0;
	pf = (struct pollfd){ .fd = p.fd[1], .events = POLLIN };
	T_EQ_INT(poll(&pf, 1, 0), 0);		/* the socket is empty... */
	T_EQ_INT(tls_pending(p.c), sizeof out - 100);	/* ...the session is not */
	while (tls_pending(p.c) > 0 && (n = tls_read(p.c, got + have, 100)) > 0)
		have += (size_t)n;
	T_EQ_INT(have, sizeof out);
	T_EQ_INT(tls_pending(p.c), 0);
	pair_close(&p);
}

static void
server_expiry_is_read(void)
{
	char err[300];
	struct tls_server *s = tls_server_new(crt, key, err, sizeof err);
	long long end = s ? tls_server_expiry(s) : -1;

	/* ca_issue's default: CA_SERVER_DAYS from now */
	T_CHECK(end > (long long)time(NULL) + (CA_SERVER_DAYS - 1) * 86400LL &&
	    end <= (long long)time(NULL) + CA_SERVER_DAYS * 86400LL, "expiry %lld", end);
	tls_server_free(s);
}

int
main(void)
{
	const char *names[] = { "127.0.0.1", "jhd.test" };
	char err[600], cmd[200];

	snprintf(dir, sizeof dir, "/tmp/jh-tlstest.XXXXXX");
	if (!mkdtemp(dir)) {
		printf("not ok - tls_test_setup: mkdtemp\n");
		return 1;
	}
	snprintf(other, sizeof other, "%s/other", dir);
	snprintf(crt, sizeof crt, "%s/jhd.crt", dir);
	snprintf(key, sizeof key, "%s/jhd.key", dir);
	snprintf(cafile, sizeof cafile, "%s/ca.crt", dir);
	snprintf(otherca, sizeof otherca, "%s/ca.crt", other);
	if (mkdir(other, 0700) < 0 || ca_init(dir, "test CA", 30, err, sizeof err) < 0 ||
	    ca_issue(dir, "jhd", names, 2, CA_SERVER_DAYS, 0, err, sizeof err) < 0 ||
	    ca_init(other, "another CA", 30, err, sizeof err) < 0) {
		printf("not ok - tls_test_setup: %s\n", err);
		return 1;
	}
	T_RUN(handshake_and_bytes_both_ways);
	T_RUN(another_name_is_refused);
	T_RUN(another_ca_is_refused);
	T_RUN(full_socket_again_then_the_same_bytes);
	T_RUN(decrypted_bytes_wait_in_the_session_not_the_socket);
	T_RUN(server_expiry_is_read);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return t_done();
}
