/* loop_test.c — unit tests of the event loop (server/loop.c) over real socket pairs: ready
 * descriptors are served, and a descriptor removed in a turn is not served the events it had
 * in that turn, not even when its number is reused at once (epoll reports by number). */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loop.h"
#include "t.h"

struct side {
	struct loop *l;
	int fd, calls, reads, stops;
	struct side *victim;	/* removed (and its number reused) by this one's callback */
};

static struct side fresh;	/* the socket that takes the victim's number */
static int reused = -1;		/* its other end */
static int poked;		/* a byte was written to it (by the timer, a turn later) */
static int stale;		/* fresh was served before that: an event of the old socket */

static void
on_ready(int fd, int ready, void *arg)
{
	struct side *s = arg;
	char buf[64];

	s->calls++;
	if ((ready & LOOP_READ) && read(fd, buf, sizeof buf) > 0)
		s->reads++;
	if (s == &fresh && !poked)
		stale++;
	if (s->victim) {
		int pair[2];

		loop_del(s->l, s->victim->fd);
		close(s->victim->fd);
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, pair) == 0) {
			/* the lowest free number: the victim's */
			fresh.fd = pair[0];
			reused = pair[1];
			loop_add(s->l, fresh.fd, LOOP_READ, on_ready, &fresh);
		}
		s->victim = NULL;
	}
	if (s->stops)
		loop_stop(s->l);
}

static void
poke(void *arg)
{
	if (reused >= 0 && !poked && write(reused, "y", 1) == 1)
		poked = 1;
}

/* A turn a second at least: a socket the loop does not watch fails a case, not hangs it. */
static void
give_up(void *arg)
{
	loop_stop(arg);
}

static void
ready_descriptors_are_served(void)
{
	struct loop *l = loop_new();
	int p[2];
	struct side a = { .l = l, .stops = 1 };

	T_CHECK(l != NULL, "loop_new");
	T_EQ_INT(socketpair(AF_UNIX, SOCK_STREAM, 0, p), 0);
	a.fd = p[0];
	T_EQ_INT(loop_add(l, p[0], LOOP_READ, on_ready, &a), 0);
	T_EQ_INT(write(p[1], "x", 1), 1);
	T_EQ_INT(loop_run(l), 0);
	T_EQ_INT(a.calls, 1);
	T_EQ_INT(a.reads, 1);
	loop_del(l, p[0]);
	close(p[0]);
	close(p[1]);
	loop_free(l);
}

static void
a_hang_up_is_ready_to_read(void)
{
	struct loop *l = loop_new();
	int p[2];
	struct side a = { .l = l, .stops = 1 };

	T_EQ_INT(socketpair(AF_UNIX, SOCK_STREAM, 0, p), 0);
	a.fd = p[0];
	T_EQ_INT(loop_add(l, p[0], 0, on_ready, &a), 0);	/* not even reading */
	close(p[1]);
	T_EQ_INT(loop_run(l), 0);
	T_EQ_INT(a.calls, 1);
	loop_del(l, p[0]);
	close(p[0]);
	loop_free(l);
}

static void
a_descriptor_removed_in_a_turn_is_not_served(void)
{
	struct loop *l = loop_new();
	int pa[2], pb[2];
	struct side a = { .l = l }, b = { .l = l };

	memset(&fresh, 0, sizeof fresh);
	fresh.l = l;
	fresh.stops = 1;
	T_EQ_INT(socketpair(AF_UNIX, SOCK_STREAM, 0, pa), 0);
	T_EQ_INT(socketpair(AF_UNIX, SOCK_STREAM, 0, pb), 0);
	a.fd = pa[0];
	b.fd = pb[0];
	/* whichever is served first removes the other and reuses its number; both are ready */
	a.victim = &b;
	b.victim = &a;
	loop_add(l, a.fd, LOOP_READ, on_ready, &a);
	loop_add(l, b.fd, LOOP_READ, on_ready, &b);
	loop_every(l, 20, poke, NULL);
	loop_every(l, 1000, give_up, l);
	T_EQ_INT(write(pa[1], "x", 1), 1);
	T_EQ_INT(write(pb[1], "x", 1), 1);
	T_EQ_INT(loop_run(l), 0);
	T_EQ_INT(a.calls + b.calls, 1);
	T_CHECK(fresh.fd == (a.calls ? pb[0] : pa[0]), "the new socket took the victim's number "
	    "(%d)", fresh.fd);
	T_EQ_INT(stale, 0);		/* not served the old socket's event */
	T_EQ_INT(fresh.calls, 1);	/* but watched: served what came to it */
	T_EQ_INT(fresh.reads, 1);
	loop_free(l);
}

/* libpq reconnecting: its socket closed and a new one under the same number, which the owner
 * only loop_mods (the number did not change): the new socket is watched. */
static void
a_number_reopened_behind_the_loops_back_is_watched(void)
{
	struct loop *l = loop_new();
	int p[2], q[2];
	struct side a = { .l = l, .stops = 1 };

	T_EQ_INT(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, p), 0);
	a.fd = p[0];
	T_EQ_INT(loop_add(l, p[0], LOOP_READ, on_ready, &a), 0);
	close(p[0]);		/* no loop_del: the owner does not know yet */
	close(p[1]);
	T_EQ_INT(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, q), 0);
	T_CHECK(q[0] == a.fd, "the new socket took the old number (%d, %d)", q[0], a.fd);
	loop_mod(l, q[0], LOOP_READ);
	loop_every(l, 1000, give_up, l);
	T_EQ_INT(write(q[1], "z", 1), 1);
	T_EQ_INT(loop_run(l), 0);
	T_EQ_INT(a.calls, 1);
	T_EQ_INT(a.reads, 1);
	close(q[0]);
	close(q[1]);
	loop_free(l);
}

int
main(void)
{
	T_RUN(ready_descriptors_are_served);
	T_RUN(a_hang_up_is_ready_to_read);
	T_RUN(a_descriptor_removed_in_a_turn_is_not_served);
	T_RUN(a_number_reopened_behind_the_loops_back_is_watched);
	return t_done();
}
