/* takeover.c — a hello with "takeover": true on a connection of its own (takeover.h). */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <jansson.h>

#include "jhclient.h"
#include "takeover.h"

static int
open_addr(const char *addr, long long deadline)
{
	struct addrinfo hints, *res = NULL, *ai;
	const char *colon = strrchr(addr, ':');
	char host[256];
	int fd = -1;

	if (strchr(addr, '/')) {
		struct sockaddr_un sun;

		memset(&sun, 0, sizeof sun);
		sun.sun_family = AF_UNIX;
		if (strlen(addr) >= sizeof sun.sun_path)
			return -1;
		strcpy(sun.sun_path, addr);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&sun, sizeof sun) < 0) {
			close(fd);
			fd = -1;
		}
		return fd;
	}
	if (!colon || (size_t)(colon - addr) >= sizeof host)
		return -1;
	memcpy(host, addr, (size_t)(colon - addr));
	host[colon - addr] = '\0';
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, colon + 1, &hints, &res) != 0)
		return -1;
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (errno == EINPROGRESS) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };
			int soerr = 0, left = (int)(deadline - jhc_now_ms());
			socklen_t sl = sizeof soerr;

			if (left > 0 && poll(&p, 1, left) == 1 &&
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr == 0)
				break;
		}
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

/* Send line, read lines until the answer with id 1. The answer, or NULL (code set). */
static json_t *
exchange(int fd, const char *line, long long deadline, char *code, size_t codesz)
{
	char buf[65536];
	size_t len = 0, n = strlen(line), off = 0;

	while (off < n) {
		ssize_t w = send(fd, line + off, n - off, MSG_NOSIGNAL);

		if (w < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };

			if (poll(&p, 1, (int)(deadline - jhc_now_ms())) <= 0)
				break;
			continue;
		}
		if (w < 0 && errno != EINTR)
			break;
		if (w > 0)
			off += (size_t)w;
	}
	if (off < n) {
		snprintf(code, codesz, "disconnected");
		return NULL;
	}
	for (;;) {
		char *nl;

		while ((nl = memchr(buf, '\n', len)) != NULL) {
			json_t *msg = json_loadb(buf, (size_t)(nl - buf), 0, NULL);

			memmove(buf, nl + 1, len - (size_t)(nl - buf) - 1);
			len -= (size_t)(nl - buf) + 1;
			if (json_is_object(msg) && json_integer_value(json_object_get(msg, "id")) == 1)
				return msg;
			json_decref(msg);	/* an event */
		}
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int left = (int)(deadline - jhc_now_ms());
		ssize_t r;

		if (len == sizeof buf) {
			snprintf(code, codesz, "bad_reply");
			return NULL;
		}
		if (left <= 0 || poll(&p, 1, left) <= 0) {
			snprintf(code, codesz, "timeout");
			return NULL;
		}
		r = recv(fd, buf + len, sizeof buf - len, 0);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0) {
			snprintf(code, codesz, "disconnected");
			return NULL;
		}
		len += (size_t)r;
	}
}

int
takeover_hello(const char *addr, const char *role, const char *user, const char *password,
    const char *window, int timeout_ms, char *code, size_t codesz, char *msg, size_t msgsz)
{
	long long deadline = jhc_now_ms() + timeout_ms;
	json_t *req, *ans, *err;
	char *line = NULL;
	int fd, rc = -1;

	code[0] = msg[0] = '\0';
	if ((fd = open_addr(addr, deadline)) < 0) {
		snprintf(code, codesz, "disconnected");
		snprintf(msg, msgsz, "cannot connect to %s", addr);
		return -1;
	}
	req = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:b}", "id", 1, "op", "hello", "role",
	    role, "user", user, "password", password, "window", window, "takeover", 1);
	if (req)
		line = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (!line) {
		close(fd);
		snprintf(code, codesz, "internal");
		return -1;
	}
	{
		size_t n = strlen(line);
		char *full = realloc(line, n + 2);

		if (!full) {
			memset(line, 0, n);
			free(line);
			close(fd);
			snprintf(code, codesz, "internal");
			return -1;
		}
		full[n] = '\n';
		full[n + 1] = '\0';
		ans = exchange(fd, full, deadline, code, codesz);
		memset(full, 0, n);	/* it held the password */
		free(full);
	}
	close(fd);
	if (!ans) {
		snprintf(msg, msgsz, "no answer from %s", addr);
		return -1;
	}
	if (json_is_true(json_object_get(ans, "ok"))) {
		rc = 0;
	} else {
		err = json_object_get(ans, "error");
		snprintf(code, codesz, "%s", json_string_value(json_object_get(err, "code")) ?
		    json_string_value(json_object_get(err, "code")) : "bad_reply");
		snprintf(msg, msgsz, "%s", json_string_value(json_object_get(err, "message")) ?
		    json_string_value(json_object_get(err, "message")) : "");
	}
	json_decref(ans);
	return rc;
}
