/* web_bench.c — load for jhweb's bench (tests/web/web_bench.sh). One thread, poll over every
 * socket; it prints figures and never judges them.
 *
 *   web_bench sse PORT N CALLS JHD_ADDR USER PASSWORD WINDOW JHWEB_PID
 *       N event streams on /board (GET /board/events, HTTP/1.1); once every stream has its
 *       first update, a clerk (the client library, as USER at WINDOW) opens the window, then
 *       CALLS times: finish (not timed), a quiet 500 ms (past jhweb's 200 ms pacing of
 *       refreshes), call_next; the time from sending
 *       call_next to the moment its ticket code (data-call="CODE@...") has arrived on each
 *       stream: per call the first, median and last stream; then p50/p99 over the calls of the
 *       last stream's time, jhweb's RSS and CPU (from /proc).
 *   web_bench rps PORT PATH CONNS SECONDS
 *       CONNS connections, each one GET PATH in flight at a time, for SECONDS: requests/s and
 *       the mean and p99 latency (each answer read to its Content-Length). A connection that
 *       the answer says is closed (Connection: close) is opened anew, and that is timed too. */
#define _GNU_SOURCE	/* memmem, strcasestr */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "jhclient.h"
#include "mono.h"

static int
dial(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* nearest-rank percentile of sorted v[n] */
static long long
pct(const long long *v, int n, int p)
{
	int k = (p * n + 99) / 100;

	return n ? v[k < 1 ? 0 : k - 1] : 0;
}

static void
proc_figures(int pid, long *rss_kb, long long *cpu_ticks)
{
	char path[64], line[256];
	FILE *fp;

	*rss_kb = -1;
	*cpu_ticks = -1;
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	if ((fp = fopen(path, "r")) != NULL) {
		while (fgets(line, sizeof line, fp))
			if (sscanf(line, "VmRSS: %ld", rss_kb) == 1)
				break;
		fclose(fp);
	}
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if ((fp = fopen(path, "r")) != NULL) {
		char buf[1024], *p;
		unsigned long long ut, st;

		if (fgets(buf, sizeof buf, fp) && (p = strrchr(buf, ')')) != NULL &&
		    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st)
		    == 2)
			*cpu_ticks = (long long)(ut + st);
		fclose(fp);
	}
}

/* ---- sse ---- */

struct stream {
	int fd;
	char tail[128];		/* the last bytes read, for a needle cut in two */
	size_t tlen;
	int updates, hit;
	long long at;
};

static struct stream *S;
static struct pollfd *P;
static int NS;
static char needle[64];

/* Read what is there on every readable stream; count updates, note the needle. */
static int
sse_pump(int timeout_ms)
{
	static char buf[65536 + 128];
	int n = poll(P, (nfds_t)NS, timeout_ms);
	long long t = mono_us();

	if (n <= 0)
		return 0;
	for (int i = 0; i < NS; i++) {
		ssize_t r;

		if (!P[i].revents)
			continue;
		while ((r = recv(S[i].fd, buf + S[i].tlen, 65536, 0)) > 0) {
			size_t len = S[i].tlen + (size_t)r;
			char *p = buf;

			memcpy(buf, S[i].tail, S[i].tlen);
			buf[len] = '\0';
			while ((p = memmem(p, len - (size_t)(p - buf), "event: update", 13)) != NULL) {
				if (p >= buf + S[i].tlen)
					S[i].updates++;
				p += 13;
			}
			if (needle[0] && !S[i].hit && memmem(buf, len, needle, strlen(needle))) {
				S[i].hit = 1;
				S[i].at = t;
			}
			S[i].tlen = len < sizeof S[i].tail ? len : sizeof S[i].tail;
			memcpy(S[i].tail, buf + len - S[i].tlen, S[i].tlen);
		}
		if (r == 0)
			P[i].fd = -1;
	}
	return n;	/* the closed ones are counted in sse() */
}

static int
sse(int argc, char **argv)
{
	int port = atoi(argv[2]), calls = atoi(argv[4]), pid = atoi(argv[9]), opened = 0;
	struct jhc_cred cr = { .role = "clerk", .user = argv[6], .password = argv[7],
	    .window = argv[8] };
	struct rlimit rl;
	struct jhc *c;
	long long t0, *last, *all;
	long rss0, rss1, rss2;
	long long cpu0, cpu1, cpu2;
	int nall = 0;
	json_t *a;

	(void)argc;
	NS = atoi(argv[3]);
	getrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur < (rlim_t)NS + 64) {
		rl.rlim_cur = rl.rlim_max < (rlim_t)NS + 64 ? rl.rlim_max : (rlim_t)NS + 64;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	S = calloc((size_t)NS, sizeof *S);
	P = calloc((size_t)NS, sizeof *P);
	last = calloc((size_t)calls, sizeof *last);
	all = calloc((size_t)calls * (size_t)NS, sizeof *all);
	proc_figures(pid, &rss0, &cpu0);
	t0 = mono_us();
	for (int i = 0; i < NS; i++) {
		static const char req[] = "GET /board/events HTTP/1.1\r\nHost: bench\r\n"
		    "Accept: text/event-stream\r\n\r\n";

		if ((S[i].fd = dial(port)) < 0) {
			printf("# stream %d: cannot connect: %s (open file limit %llu)\n", i,
			    strerror(errno), (unsigned long long)rl.rlim_cur);
			NS = i;
			break;
		}
		if (send(S[i].fd, req, sizeof req - 1, MSG_NOSIGNAL) < 0)
			return 1;
		P[i].fd = S[i].fd;
		P[i].events = POLLIN;
		if (i % 200 == 199)
			sse_pump(0);
	}
	for (long long end = mono_us() + 30000000; mono_us() < end;) {
		opened = 0;
		for (int i = 0; i < NS; i++)
			opened += S[i].updates > 0;
		if (opened == NS)
			break;
		sse_pump(100);
	}
	printf("streams: %d of %d asked for have their first update, in %.0f ms\n", opened, NS,
	    (double)(mono_us() - t0) / 1000);
	proc_figures(pid, &rss1, &cpu1);
	if (opened < NS) {
		int closed = 0;

		for (int i = 0; i < NS; i++)
			closed += P[i].fd < 0;
		printf("limit: %d streams never got an update (%d closed by jhweb)\n", NS - opened,
		    closed);
	}
	if ((c = jhc_new(argv[5], &cr)) == NULL || jhc_connect(c, 5000) < 0) {
		printf("clerk: %s\n", c ? jhc_error(c) : "out of memory");
		return 1;
	}
	json_decref(jhc_op(c, "open", NULL, 5000));
	for (int k = 0; k < calls; k++) {
		const char *code;
		int got = 0;

		json_decref(jhc_op(c, "finish", NULL, 5000));	/* nothing to finish at first */
		for (long long q = mono_us() + 500000; mono_us() < q;)
			sse_pump(50);
		for (int i = 0; i < NS; i++)
			S[i].hit = 0;
		needle[0] = '\0';
		t0 = mono_us();
		a = jhc_op(c, "call_next", NULL, 5000);
		code = json_string_value(json_object_get(json_object_get(a, "ticket"), "code"));
		if (!code) {
			printf("call_next: %s\n", jhc_error(c));
			return 1;
		}
		snprintf(needle, sizeof needle, "data-call=\"%s@", code);
		json_decref(a);
		/* the answer came first: the streams may have it already in their buffers */
		for (long long end = mono_us() + 10000000; mono_us() < end && got < opened;) {
			sse_pump(100);
			got = 0;
			for (int i = 0; i < NS; i++)
				got += S[i].hit;
		}
		{
			long long *v = calloc((size_t)NS, sizeof *v);
			int n = 0;

			for (int i = 0; i < NS; i++)
				if (S[i].hit)
					v[n++] = all[nall++] = S[i].at - t0;
			qsort(v, (size_t)n, sizeof *v, cmp_ll);
			last[k] = n ? v[n - 1] : -1;
			printf("call %d (%s): %d streams; first %.1f ms, median %.1f ms, last %.1f ms\n",
			    k + 1, needle + 11, n, n ? v[0] / 1000.0 : -1, pct(v, n, 50) / 1000.0,
			    last[k] / 1000.0);
			free(v);
		}
	}
	proc_figures(pid, &rss2, &cpu2);
	qsort(last, (size_t)calls, sizeof *last, cmp_ll);
	qsort(all, (size_t)nall, sizeof *all, cmp_ll);
	printf("summary: %d streams, %d calls; call_next -> last stream: p50 %.1f ms, p99 %.1f ms"
	    " (max %.1f); any stream: p50 %.1f ms, p99 %.1f ms\n", opened, calls,
	    pct(last, calls, 50) / 1000.0, pct(last, calls, 99) / 1000.0,
	    last[calls - 1] / 1000.0, pct(all, nall, 50) / 1000.0, pct(all, nall, 99) / 1000.0);
	printf("jhweb: RSS %ld kB before the streams, %ld kB with them open (%.1f kB a stream), "
	    "%ld kB after the calls; CPU %.2f s to open them, %.2f s for the %d calls\n", rss0,
	    rss1, opened ? (double)(rss1 - rss0) / opened : 0, rss2,
	    (double)(cpu1 - cpu0) / (double)sysconf(_SC_CLK_TCK),
	    (double)(cpu2 - cpu1) / (double)sysconf(_SC_CLK_TCK), calls);
	jhc_free(c);
	for (int i = 0; i < NS; i++)
		close(S[i].fd);
	free(S);
	free(P);
	free(last);
	free(all);
	return 0;
}

/* ---- rps ---- */

struct hconn {
	int fd;
	char buf[65536];
	size_t len;
	long long sent;
};

static int
rps(int argc, char **argv)
{
	int port = atoi(argv[2]), nc = atoi(argv[4]);
	double secs = atof(argv[5]);
	char req[512];
	int rl, errors = 0, reconnects = 0;
	struct hconn *h = calloc((size_t)nc, sizeof *h);
	struct pollfd *pf = calloc((size_t)nc, sizeof *pf);
	long long t0, end, done = 0, cap = 1 << 20, *lat = malloc((size_t)cap * sizeof *lat);

	(void)argc;
	rl = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: bench\r\n\r\n", argv[3]);
	for (int i = 0; i < nc; i++) {
		if ((h[i].fd = dial(port)) < 0)
			return 1;
		pf[i].fd = h[i].fd;
		pf[i].events = POLLIN;
	}
	t0 = mono_us();
	end = t0 + (long long)(secs * 1e6);
	for (int i = 0; i < nc; i++) {
		h[i].sent = mono_us();
		send(h[i].fd, req, (size_t)rl, MSG_NOSIGNAL);
	}
	while (mono_us() < end) {
		if (poll(pf, (nfds_t)nc, 100) <= 0)
			continue;
		for (int i = 0; i < nc; i++) {
			ssize_t r;
			char *hend, *cl;
			size_t need;

			if (!pf[i].revents)
				continue;
			r = recv(h[i].fd, h[i].buf + h[i].len, sizeof h[i].buf - 1 - h[i].len, 0);
			if (r <= 0) {
				printf("connection %d lost\n", i);
				return 1;
			}
			h[i].len += (size_t)r;
			h[i].buf[h[i].len] = '\0';
			if ((hend = strstr(h[i].buf, "\r\n\r\n")) == NULL)
				continue;
			cl = strcasestr(h[i].buf, "\r\nContent-Length:");
			if (!cl || cl > hend) {
				printf("no Content-Length\n");
				return 1;
			}
			need = (size_t)(hend + 4 - h[i].buf) + strtoul(cl + 17, NULL, 10);
			if (h[i].len < need)
				continue;
			if (strncmp(h[i].buf, "HTTP/1.1 200", 12) != 0)
				errors++;
			if (done < cap)
				lat[done] = mono_us() - h[i].sent;
			done++;
			if (strcasestr(h[i].buf, "\r\nConnection: close\r\n") &&
			    strcasestr(h[i].buf, "\r\nConnection: close\r\n") < hend) {
				close(h[i].fd);
				reconnects++;
				h[i].sent = mono_us();
				if ((h[i].fd = pf[i].fd = dial(port)) < 0) {
					printf("cannot connect again: %s\n", strerror(errno));
					return 1;
				}
				h[i].len = 0;
			} else {
				memmove(h[i].buf, h[i].buf + need, h[i].len - need);
				h[i].len -= need;
				h[i].sent = mono_us();
			}
			send(h[i].fd, req, (size_t)rl, MSG_NOSIGNAL);
		}
	}
	{
		double el = (double)(mono_us() - t0) / 1e6, sum = 0;
		long long n = done < cap ? done : cap;

		for (long long i = 0; i < n; i++)
			sum += (double)lat[i];
		qsort(lat, (size_t)n, sizeof *lat, cmp_ll);
		printf("%s: %lld requests in %.1f s over %d connections: %.0f requests/s; latency "
		    "mean %.2f ms, p99 %.2f ms; %d not 200; %s\n", argv[3], done, el, nc,
		    (double)done / el, n ? sum / (double)n / 1000 : 0, pct(lat, (int)n, 99) / 1000.0,
		    errors, reconnects ? "a new connection for each (jhweb closed them)" :
		    "keep-alive");
	}
	for (int i = 0; i < nc; i++)
		close(h[i].fd);
	free(h);
	free(pf);
	free(lat);
	return errors ? 1 : 0;
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 10 && strcmp(argv[1], "sse") == 0)
		return sse(argc, argv);
	if (argc == 6 && strcmp(argv[1], "rps") == 0)
		return rps(argc, argv);
	fprintf(stderr, "usage: web_bench sse PORT N CALLS JHD_ADDR USER PASSWORD WINDOW PID\n"
	    "       web_bench rps PORT PATH CONNS SECONDS\n");
	return 2;
}
