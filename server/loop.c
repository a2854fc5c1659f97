/* loop.c — a small poll(2) event loop: descriptors indexed by fd, periodic timers, and one
 * end-of-turn hook (where the server commits its group of writes and flushes answers). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "loop.h"
#include "mono.h"
#include "worker.h"

struct loop_fd {
	loop_io_fn fn;
	void *arg;
	int events;
	int used;
};

struct loop_timer {
	int interval_ms;
	long long due;
	loop_fn fn;
	void *arg;
};

struct loop {
	struct loop_fd *fds;	/* indexed by fd */
	int nfds;		/* size of fds */
	struct pollfd *pfd;
	int npfd, pfdcap;
	struct loop_timer *timers;
	int ntimers;
	loop_fn turn_fn;
	void *turn_arg;
	int stop;
	int woken;
};

struct loop *
loop_new(void)
{
	return calloc(1, sizeof(struct loop));
}

void
loop_free(struct loop *l)
{
	if (!l)
		return;
	free(l->fds);
	free(l->pfd);
	free(l->timers);
	free(l);
}

int
loop_add(struct loop *l, int fd, int events, loop_io_fn fn, void *arg)
{
	if (fd < 0)
		return -1;
	if (fd >= l->nfds) {
		int n = l->nfds ? l->nfds : 64;
		struct loop_fd *nf;

		while (n <= fd)
			n *= 2;
		nf = realloc(l->fds, n * sizeof *nf);
		if (!nf)
			return -1;
		memset(nf + l->nfds, 0, (n - l->nfds) * sizeof *nf);
		l->fds = nf;
		l->nfds = n;
	}
	l->fds[fd].fn = fn;
	l->fds[fd].arg = arg;
	l->fds[fd].events = events;
	l->fds[fd].used = 1;
	return 0;
}

void
loop_mod(struct loop *l, int fd, int events)
{
	if (fd >= 0 && fd < l->nfds && l->fds[fd].used)
		l->fds[fd].events = events;
}

void
loop_del(struct loop *l, int fd)
{
	if (fd >= 0 && fd < l->nfds)
		memset(&l->fds[fd], 0, sizeof l->fds[fd]);
}

int
loop_every(struct loop *l, int interval_ms, loop_fn fn, void *arg)
{
	struct loop_timer *nt = realloc(l->timers, (l->ntimers + 1) * sizeof *nt);

	if (!nt)
		return -1;
	l->timers = nt;
	nt[l->ntimers].interval_ms = interval_ms;
	nt[l->ntimers].due = mono_ms() + interval_ms;
	nt[l->ntimers].fn = fn;
	nt[l->ntimers].arg = arg;
	l->ntimers++;
	return 0;
}

void
loop_on_turn_end(struct loop *l, loop_fn fn, void *arg)
{
	l->turn_fn = fn;
	l->turn_arg = arg;
}

static void
worker_io(int fd, int ready, void *arg)
{
	worker_deliver(arg);
}

struct worker *
loop_worker(struct loop *l, void (*init)(void), void (*run)(struct worker_job *),
    void (*done)(struct worker_job *))
{
	struct worker *w = worker_start(init, run, done);

	if (w != NULL && loop_add(l, worker_fd(w), LOOP_READ, worker_io, w) < 0) {
		worker_stop(w, NULL);
		w = NULL;
	}
	return w;
}

void
loop_worker_stop(struct loop *l, struct worker *w, void (*drop)(struct worker_job *))
{
	if (w == NULL)
		return;
	loop_del(l, worker_fd(w));
	worker_stop(w, drop);
}

void
loop_wake(struct loop *l)
{
	l->woken = 1;
}

void
loop_stop(struct loop *l)
{
	l->stop = 1;
}

static int
build_pollfds(struct loop *l)
{
	l->npfd = 0;
	for (int fd = 0; fd < l->nfds; fd++) {
		struct loop_fd *f = &l->fds[fd];

		if (!f->used)
			continue;
		if (l->npfd == l->pfdcap) {
			int n = l->pfdcap ? l->pfdcap * 2 : 64;
			struct pollfd *np = realloc(l->pfd, n * sizeof *np);

			if (!np)
				return -1;
			l->pfd = np;
			l->pfdcap = n;
		}
		l->pfd[l->npfd].fd = fd;
		l->pfd[l->npfd].events = (f->events & LOOP_READ ? POLLIN : 0) |
		    (f->events & LOOP_WRITE ? POLLOUT : 0);
		l->pfd[l->npfd].revents = 0;
		l->npfd++;
	}
	return 0;
}

/* Serve the ready descriptors of one poll; the number of them that were readable. */
static int
serve(struct loop *l, int n)
{
	int nread = 0;

	for (int i = 0; n > 0 && i < l->npfd; i++) {
		struct pollfd *p = &l->pfd[i];
		struct loop_fd *f;
		int ready = 0;

		if (!p->revents)
			continue;
		f = &l->fds[p->fd];
		if (!f->used || !f->fn)
			continue;	/* removed earlier in this turn */
		if (p->revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL))
			ready |= LOOP_READ;
		if (p->revents & (POLLOUT | POLLERR))
			ready |= LOOP_WRITE;
		if ((ready & LOOP_READ) && (f->events & LOOP_READ))
			nread++;
		f->fn(p->fd, ready, f->arg);
	}
	return nread;
}

/* A turn also serves what becomes readable while it runs: after the first poll's ready set,
 * the loop polls again without waiting, while something was readable, up to
 * LOOP_DRAIN_PASSES times and LOOP_DRAIN_MS. Requests that arrive during a turn then share
 * its end-of-turn hook (the server's one COMMIT) instead of each costing a turn of its own;
 * with one client the extra cost is one empty poll. */
#define LOOP_DRAIN_PASSES	8
#define LOOP_DRAIN_MS		2

int
loop_run(struct loop *l)
{
	while (!l->stop) {
		long long now = mono_ms();
		int timeout = -1, n;

		for (int i = 0; i < l->ntimers; i++) {
			long long d = l->timers[i].due - now;

			if (d < 0)
				d = 0;
			if (timeout < 0 || d < timeout)
				timeout = (int)d;
		}
		if (l->woken)
			timeout = 0;
		l->woken = 0;
		if (build_pollfds(l) < 0)
			return -1;
		n = poll(l->pfd, l->npfd, timeout);
		if (n < 0 && errno != EINTR)
			return -1;
		if (n > 0 && serve(l, n) > 0) {
			long long start = mono_ms();

			for (int pass = 0; pass < LOOP_DRAIN_PASSES && !l->stop; pass++) {
				if (mono_ms() - start >= LOOP_DRAIN_MS || build_pollfds(l) < 0)
					break;
				n = poll(l->pfd, l->npfd, 0);
				if (n <= 0 || serve(l, n) == 0)
					break;
			}
		}
		now = mono_ms();
		for (int i = 0; i < l->ntimers; i++) {
			if (l->timers[i].due <= now) {
				l->timers[i].due = now + l->timers[i].interval_ms;
				l->timers[i].fn(l->timers[i].arg);
			}
		}
		if (l->turn_fn)
			l->turn_fn(l->turn_arg);
	}
	return 0;
}
