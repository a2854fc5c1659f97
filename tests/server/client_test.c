/* client_test.c — the client library (server/client) against a peer on a Unix socket that
 * answers the way jhd does on the wire, in the byte patterns that matter here: an answer and
 * an event in one write. The event must be queued by the call that read the answer, not left
 * in the library's buffer until the server's next byte (poll() does not wake for what was
 * already read: a board missed a call by seconds). */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <jansson.h>

#include "jhclient.h"
#include "t.h"

static char sock_path[108];
static int listen_fd = -1;

/* The peer: reads a line, answers hello, then answers the next request with its answer and
 * an event in a single write, then waits for the client to go. */
static void *
peer(void *arg)
{
	char buf[4096];
	int fd = accept(listen_fd, NULL, NULL);
	size_t len = 0;
	int lines = 0;

	(void)arg;
	if (fd < 0)
		return NULL;
	while (lines < 2) {
		ssize_t n = read(fd, buf + len, sizeof buf - len - 1);
		char *nl;

		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		while ((nl = strchr(buf, '\n')) != NULL) {
			json_t *req = json_loadb(buf, (size_t)(nl - buf), 0, NULL);
			json_t *id = json_object_get(req, "id");
			char *ids = json_dumps(id, JSON_ENCODE_ANY);
			char out[512];

			if (lines == 0)
				snprintf(out, sizeof out, "{\"id\":%s,\"ok\":true,\"role\":\"admin\"}\n",
				    ids);
			else
				snprintf(out, sizeof out, "{\"id\":%s,\"ok\":true}\n{\"event\":\"call\","
				    "\"ticket\":{\"code\":\"A001\"},\"window\":\"1\",\"recall\":0}\n",
				    ids);
			(void)!write(fd, out, strlen(out));
			free(ids);
			json_decref(req);
			lines++;
			len -= (size_t)(nl - buf) + 1;
			memmove(buf, nl + 1, len);
			buf[len] = '\0';
		}
	}
	/* hold the connection until the client closes it: no further byte is sent */
	while (read(fd, buf, sizeof buf) > 0)
		;
	close(fd);
	return NULL;
}

static void
event_with_answer_is_queued(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct jhc_cred cred = { 0 };
	struct jhc *c;
	pthread_t th;
	json_t *ans, *ev;

	snprintf(sock_path, sizeof sock_path, "/tmp/jh-client-test-%d.sock", (int)getpid());
	unlink(sock_path);
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", sock_path);
	listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
	T_CHECK(listen_fd >= 0, "socket");
	T_CHECK(bind(listen_fd, (struct sockaddr *)&sun, sizeof sun) == 0, "bind");
	T_CHECK(listen(listen_fd, 1) == 0, "listen");
	pthread_create(&th, NULL, peer, NULL);

	c = jhc_new(sock_path, &cred);
	T_CHECK(c != NULL, "jhc_new");
	T_EQ_INT(jhc_connect(c, 2000), 0);
	ans = jhc_op(c, "ping", NULL, 2000);
	T_CHECK(ans != NULL, "the answer: %s", jhc_error(c));
	json_decref(ans);
	/* no read from here on: the event came in the answer's write */
	ev = jhc_event_pop(c);
	T_CHECK(ev != NULL, "the event that came with the answer is queued");
	T_EQ_STR(json_string_value(json_object_get(ev, "event")), "call");
	json_decref(ev);
	T_CHECK(jhc_event_pop(c) == NULL, "one event, once");

	jhc_free(c);
	pthread_join(th, NULL);
	close(listen_fd);
	unlink(sock_path);
}

int
main(void)
{
	T_RUN(event_with_answer_is_queued);
	return t_done();
}
