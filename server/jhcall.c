/* jhcall.c — a line-protocol command line for tests and scripts: connects to jhd (TCP or the
 * Unix socket), says hello with the given credentials, sends each JSON line read on stdin and
 * prints every answer and event, one JSON object a line, in the order they arrived.
 * --raw sends stdin byte for byte (for malformed-input tests) and prints what comes back. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "jhclient.h"
#include "mono.h"
#include "tls.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: jhcall [--addr HOST:PORT | --sock PATH] [--ca FILE] [--role R]\n"
	    "              [--user U --password P] [--window W] [--device D --token T]\n"
	    "              [--timeout MS] [--events N] [--raw]\n"
	    "       jhcall --help | --version\n"
	    "Reads JSON requests, one a line, on stdin; prints answers and events on stdout.\n"
	    "  --addr/--sock  server: HOST:PORT, or a Unix socket's path (default: $" JH_SERVER_ENV ",\n"
	    "                 else " JH_DEFAULT_SERVER ")\n"
	    "  --ca FILE      the hall CA's certificate: TCP over TLS, the server checked against\n"
	    "                 it (default: $" JH_CA_ENV "; --raw speaks plain TCP only)\n"
	    "  --events N     after the last request, wait until N events in all were printed\n"
	    "  --timeout MS   per answer, and for --events (default 5000)\n"
	    "  --raw          send stdin verbatim (after hello when --role is given), print all\n"
	    "  --field PATH   print only this field of each answer (ticket.code, windows.0.name),\n"
	    "                 or error:CODE when the answer is not ok; events are not printed\n"
	    "Exit: 0 done; 1 connection failed, refused hello, timeout; 2 usage or bad JSON.\n");
}

static const char *field;	/* --field: print only this dotted path of each answer */

/* The value at a dotted path ("ticket.code", "services.0.code"), borrowed, or NULL. */
static json_t *
lookup(json_t *o, const char *path)
{
	char buf[256], *tok, *save;

	snprintf(buf, sizeof buf, "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok && o; tok = strtok_r(NULL, ".", &save)) {
		if (json_is_array(o))
			o = json_array_get(o, (size_t)atoi(tok));
		else
			o = json_object_get(o, tok);
	}
	return o;
}

static void
print_answer(json_t *o)
{
	json_t *v;
	char *s;

	if (!field) {
		s = json_dumps(o, JSON_COMPACT);
		if (s)
			puts(s);
		free(s);
	} else if (!json_is_true(json_object_get(o, "ok"))) {
		v = lookup(o, "error.code");
		printf("error:%s\n", json_is_string(v) ? json_string_value(v) : "?");
	} else if (!(v = lookup(o, field))) {
		puts("(none)");
	} else if (json_is_string(v)) {
		puts(json_string_value(v));
	} else {
		s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (s)
			puts(s);
		free(s);
	}
	fflush(stdout);
}

static void
print_json(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT);

	if (s) {
		puts(s);
		free(s);
	}
	fflush(stdout);
}

static int
raw_connect(const char *addr)
{
	int fd;

	if (strchr(addr, '/')) {
		struct sockaddr_un sun;

		memset(&sun, 0, sizeof sun);
		sun.sun_family = AF_UNIX;
		snprintf(sun.sun_path, sizeof sun.sun_path, "%s", addr);
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof sun) < 0)
			return -1;
		return fd;
	}
	char host[256];
	const char *colon = strrchr(addr, ':');
	struct addrinfo hints, *res, *ai;

	if (!colon || (size_t)(colon - addr) >= sizeof host)
		return -1;
	memcpy(host, addr, colon - addr);
	host[colon - addr] = '\0';
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, colon + 1, &hints, &res) != 0)
		return -1;
	fd = -1;
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, 0);
		if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

static int
write_all(int fd, const char *b, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, b, n, MSG_NOSIGNAL);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Raw mode: hello (optional), stdin verbatim, half-close, print until the server closes. */
static int
run_raw(const char *addr, const struct jhc_cred *cr, int timeout_ms)
{
	char buf[65536];
	ssize_t n;
	int fd = raw_connect(addr);

	if (fd < 0) {
		fprintf(stderr, "jhcall: cannot connect to %s: %s\n", addr, strerror(errno));
		return 1;
	}
	if (cr->role) {
		json_t *h = json_pack("{s:s, s:s, s:s}", "id", "hello", "op", "hello", "role",
		    cr->role);
		char *s;

		if (cr->user) json_object_set_new(h, "user", json_string(cr->user));
		if (cr->password) json_object_set_new(h, "password", json_string(cr->password));
		if (cr->window) json_object_set_new(h, "window", json_string(cr->window));
		if (cr->device) json_object_set_new(h, "device", json_string(cr->device));
		if (cr->token) json_object_set_new(h, "token", json_string(cr->token));
		s = json_dumps(h, JSON_COMPACT);
		json_decref(h);
		if (!s || write_all(fd, s, strlen(s)) < 0 || write_all(fd, "\n", 1) < 0) {
			free(s);
			close(fd);
			return 1;
		}
		free(s);
	}
	while ((n = read(0, buf, sizeof buf)) > 0)
		if (write_all(fd, buf, (size_t)n) < 0)
			break;	/* the server may close early (line_too_long): read what it said */
	shutdown(fd, SHUT_WR);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, timeout_ms) <= 0) {
			fprintf(stderr, "jhcall: the server did not close in %d ms\n", timeout_ms);
			close(fd);
			return 1;
		}
		n = read(fd, buf, sizeof buf);
		if (n <= 0)
			break;
		fwrite(buf, 1, (size_t)n, stdout);
	}
	fflush(stdout);
	close(fd);
	return 0;
}

static int
print_events(struct jhc *c)
{
	json_t *ev;
	int n = 0;

	while ((ev = jhc_event_pop(c))) {
		if (!field)
			print_json(ev);
		json_decref(ev);
		n++;
	}
	return n;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "addr", required_argument, NULL, 'a' },
		{ "sock", required_argument, NULL, 's' },
		{ "role", required_argument, NULL, 'r' },
		{ "user", required_argument, NULL, 'u' },
		{ "password", required_argument, NULL, 'p' },
		{ "window", required_argument, NULL, 'w' },
		{ "device", required_argument, NULL, 'd' },
		{ "token", required_argument, NULL, 't' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "events", required_argument, NULL, 'e' },
		{ "raw", no_argument, NULL, 'R' },
		{ "ca", required_argument, NULL, 'c' },
		{ "field", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct jhc_cred cr = { 0 };
	const char *addr = NULL;
	int timeout_ms = 5000, want_events = 0, raw = 0, ch, printed = 0;
	struct jhc *c;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":a:s:r:u:p:w:d:t:T:e:RF:c:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': case 's': addr = optarg; break;
		case 'r': cr.role = optarg; break;
		case 'u': cr.user = optarg; break;
		case 'p': cr.password = optarg; break;
		case 'w': cr.window = optarg; break;
		case 'd': cr.device = optarg; break;
		case 't': cr.token = optarg; break;
		case 'c': cr.ca = optarg; break;
		case 'T':
			if (jh_int_arg(optarg, 0, INT_MAX, &timeout_ms) < 0)
				return jh_arg_error("jhcall", "--timeout wants milliseconds, not '%s'",
				    optarg);
			break;
		case 'e':
			if (jh_int_arg(optarg, 0, INT_MAX, &want_events) < 0)
				return jh_arg_error("jhcall", "--events wants a number, not '%s'",
				    optarg);
			break;
		case 'R': raw = 1; break;
		case 'F': field = optarg; break;
		case 'h': usage(stdout); return 0;
		case 'V': return jh_version("jhcall");
		default: return jh_opt_error("jhcall", ch, argv);
		}
	}
	if (optind != argc)
		return jh_arg_error("jhcall", "unexpected argument '%s' (requests are read from "
		    "standard input)", argv[optind]);
	addr = jh_server(addr);
	if (raw && (cr.ca || (getenv(JH_CA_ENV) && *getenv(JH_CA_ENV))))
		return jh_arg_error("jhcall", "--raw speaks plain TCP only (no --ca, no $%s)",
		    JH_CA_ENV);
	if (raw)
		return run_raw(addr, &cr, timeout_ms);
	if (!(c = jhc_new(addr, &cr)))
		return 1;
	if (jhc_connect(c, timeout_ms) < 0) {
		fprintf(stderr, "jhcall: %s: %s (%s)\n", addr, jhc_error(c), jhc_error_code(c));
		jhc_free(c);
		return 1;
	}
	while ((len = getline(&line, &cap, stdin)) > 0) {
		json_error_t je;
		json_t *req, *ans;

		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (!(req = json_loads(line, 0, &je)) || !json_is_object(req)) {
			fprintf(stderr, "jhcall: not a JSON object: %s\n", line);
			json_decref(req);
			free(line);
			jhc_free(c);
			return 2;
		}
		ans = jhc_request(c, req, timeout_ms);
		printed += print_events(c);
		if (!ans) {
			fprintf(stderr, "jhcall: %s (%s)\n", jhc_error(c), jhc_error_code(c));
			free(line);
			jhc_free(c);
			return 1;
		}
		print_answer(ans);
		json_decref(ans);
	}
	free(line);
	long long deadline = mono_ms() + timeout_ms;
	while (printed < want_events) {
		struct pollfd p = { .fd = jhc_fd(c), .events = POLLIN };
		long long left = deadline - mono_ms();

		if (left <= 0 || p.fd < 0) {
			fprintf(stderr, "jhcall: %d of %d events\n", printed, want_events);
			jhc_free(c);
			return 1;
		}
		if (poll(&p, 1, (int)left) > 0 && jhc_pump(c) < 0) {
			printed += print_events(c);
			continue;
		}
		printed += print_events(c);
	}
	jhc_free(c);
	return 0;
}
