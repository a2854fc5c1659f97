/* conn_flood.c — a test helper for tests/server/conn_limits.sh: opens N idle TCP connections to
 * a loopback server (from a given loopback source address, so that the server sees another
 * client), sends nothing, holds them for S seconds, and reports how they fared:
 *   opened O closed C told_limit L
 * O connections were established, C of them were closed by the server within the S seconds,
 * L of those had been told limit_reached first. Bounded: loopback only, N <= 2000, S <= 60.
 * usage: conn_flood [--from 127.0.0.X] HOST PORT N S */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 2000

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int
loopback(const struct in_addr *a)
{
	return (ntohl(a->s_addr) >> 24) == 127;
}

int
main(int argc, char **argv)
{
	static struct pollfd p[MAX_CONNS];
	static int state[MAX_CONNS];	/* 0 connecting, 1 open, 2 closed, 3 failed */
	static int told[MAX_CONNS];
	struct sockaddr_in to, from;
	const char *src = NULL;
	int n, hold, opened = 0, closed = 0, limit = 0, ai = 1;
	long long end, connect_end;

	if (argc > 2 && strcmp(argv[1], "--from") == 0) {
		src = argv[2];
		ai = 3;
	}
	if (argc - ai != 4) {
		fprintf(stderr, "usage: conn_flood [--from 127.0.0.X] HOST PORT N S\n");
		return 2;
	}
	memset(&to, 0, sizeof to);
	to.sin_family = AF_INET;
	to.sin_port = htons((unsigned short)atoi(argv[ai + 1]));
	memset(&from, 0, sizeof from);
	from.sin_family = AF_INET;
	n = atoi(argv[ai + 2]);
	hold = atoi(argv[ai + 3]);
	if (inet_pton(AF_INET, argv[ai], &to.sin_addr) != 1 || !loopback(&to.sin_addr) ||
	    (src && (inet_pton(AF_INET, src, &from.sin_addr) != 1 ||
	    !loopback(&from.sin_addr))) || n < 1 || n > MAX_CONNS || hold < 0 || hold > 60) {
		fprintf(stderr, "conn_flood: loopback addresses, 1..%d connections, 0..60 s\n",
		    MAX_CONNS);
		return 2;
	}
	for (int i = 0; i < n; i++) {
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

		p[i].fd = fd;
		p[i].events = POLLOUT;
		if (fd < 0 || (src && bind(fd, (struct sockaddr *)&from, sizeof from) < 0) ||
		    (connect(fd, (struct sockaddr *)&to, sizeof to) < 0 && errno != EINPROGRESS)) {
			state[i] = 3;
			p[i].fd = -1;
			if (fd >= 0)
				close(fd);
		}
	}
	/* established (the kernel's handshake: in the server's backlog or accepted) */
	connect_end = now_ms() + 3000;
	for (;;) {
		int left = 0;

		for (int i = 0; i < n; i++)
			left += state[i] == 0;
		if (left == 0 || now_ms() >= connect_end)
			break;
		if (poll(p, (nfds_t)n, 100) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < n; i++) {
			int err = 0;
			socklen_t len = sizeof err;

			if (state[i] != 0 || !p[i].revents)
				continue;
			getsockopt(p[i].fd, SOL_SOCKET, SO_ERROR, &err, &len);
			if (err) {
				state[i] = 3;
				close(p[i].fd);
				p[i].fd = -1;
			} else {
				state[i] = 1;
				opened++;
				p[i].events = POLLIN;
			}
			p[i].revents = 0;
		}
	}
	for (int i = 0; i < n; i++)
		if (state[i] == 0) {
			close(p[i].fd);
			p[i].fd = -1;
		}
	/* hold them, sending nothing; count those the server closes */
	end = now_ms() + hold * 1000LL;
	while (now_ms() < end) {
		long long left = end - now_ms();

		if (poll(p, (nfds_t)n, left > 200 ? 200 : (int)left) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < n; i++) {
			char buf[512];
			ssize_t r;

			if (state[i] != 1 || !p[i].revents)
				continue;
			p[i].revents = 0;
			r = read(p[i].fd, buf, sizeof buf - 1);
			if (r > 0) {
				buf[r] = '\0';
				if (strstr(buf, "limit_reached"))
					told[i] = 1;
				continue;
			}
			if (r < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			state[i] = 2;
			closed++;
			limit += told[i];
			close(p[i].fd);
			p[i].fd = -1;
		}
	}
	for (int i = 0; i < n; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
	printf("opened %d closed %d told_limit %d\n", opened, closed, limit);
	return 0;
}
