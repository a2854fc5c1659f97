/* loop.c — a small epoll(7) event loop: descriptors indexed by fd, periodic timers, and one
 * end-of-turn hook (where the server commits its group of writes and flushes answers). epoll,
 * not poll(2): a turn costs what is ready, not every descriptor held (1,000 idle connections
 * made each wake-up of poll 0.3 ms on average, 3.5 ms at worst). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>

#include "alloc.h"
#include "clock.h"
#include "jhcli.h"
#include "log.h"
#include "loop.h"
#include "mono.h"
#include "worker.h"

struct loop_fd {
	loop_io_fn fn;
	void *arg;
	int events;
	int used;
	uint32_t gen;		/* bumped by loop_del: a ready event of a descriptor removed and
				 * reused in the same turn is not served to the new one */
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
	int epfd;
	struct epoll_event *evs;	/* one epoll_wait's ready descriptors */
	int nevs, evcap;
	struct epoll_event ev_one;	/* the buffer while evs could not be allocated */
	struct epoll_event *ready;	/* evs, or &ev_one */
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
	struct loop *l = jh_calloc(1, sizeof(struct loop));

	if (l && (l->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		free(l);
		return NULL;
	}
	return l;
}

static uint32_t
ep_events(int events)
{
	return (events & LOOP_READ ? EPOLLIN : 0) | (events & LOOP_WRITE ? EPOLLOUT : 0);
}

static int
ep_ctl(struct loop *l, int op, int fd)
{
	struct epoll_event ev = { .events = ep_events(l->fds[fd].events),
	    .data.u64 = (uint64_t)l->fds[fd].gen << 32 | (uint32_t)fd };

	return epoll_ctl(l->epfd, op, fd, &ev);
}

void
loop_free(struct loop *l)
{
	if (!l)
		return;
	close(l->epfd);
	free(l->fds);
	free(l->evs);
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
		nf = jh_realloc(l->fds, n * sizeof *nf);
		if (!nf)
			return -1;
		memset(nf + l->nfds, 0, (n - l->nfds) * sizeof *nf);
		l->fds = nf;
		l->nfds = n;
	}
	if (l->fds[fd].used)
		loop_del(l, fd);	/* added again: one registration */
	l->fds[fd].fn = fn;
	l->fds[fd].arg = arg;
	l->fds[fd].events = events;
	l->fds[fd].used = 1;
	if (ep_ctl(l, EPOLL_CTL_ADD, fd) < 0) {
		l->fds[fd].used = 0;
		return -1;
	}
	return 0;
}

void
loop_mod(struct loop *l, int fd, int events)
{
	if (fd < 0 || fd >= l->nfds || !l->fds[fd].used)
		return;
	l->fds[fd].events = events;
	/* a descriptor closed and opened again under the same number (libpq reconnecting) left
	 * the epoll set with the old file: watched anew */
	if (ep_ctl(l, EPOLL_CTL_MOD, fd) < 0 && errno == ENOENT)
		ep_ctl(l, EPOLL_CTL_ADD, fd);
}

void
loop_del(struct loop *l, int fd)
{
	uint32_t gen;

	if (fd < 0 || fd >= l->nfds || !l->fds[fd].used)
		return;
	/* (fails harmlessly when fd was closed first: the kernel dropped it then) */
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
	gen = l->fds[fd].gen + 1;
	memset(&l->fds[fd], 0, sizeof l->fds[fd]);
	l->fds[fd].gen = gen;
}

int
loop_every(struct loop *l, int interval_ms, loop_fn fn, void *arg)
{
	struct loop_timer *nt = jh_realloc(l->timers, (l->ntimers + 1) * sizeof *nt);

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

static int sig_pipe[2] = { -1, -1 };

static void
on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	(void)!write(sig_pipe[1], &c, 1);
	errno = saved;
}

static void
signal_io(int fd, int ready, void *arg)
{
	char c;

	if (read(fd, &c, 1) == 1) {
		log_info("signal %d: shutting down", c);
		loop_stop(arg);
	}
}

int
loop_stop_on_signals(struct loop *l)
{
	if (pipe(sig_pipe) < 0)
		return -1;
	fcntl(sig_pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(sig_pipe[1], F_SETFD, FD_CLOEXEC);
	fcntl(sig_pipe[1], F_SETFL, O_NONBLOCK);
	if (loop_add(l, sig_pipe[0], LOOP_READ, signal_io, l) < 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	jh_on_signals(on_signal, 0);
	return 0;
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

/* Wait up to timeout ms (-1: no limit) for ready descriptors: their number in l->nevs (in
 * l->ready), or -1. The buffer grows with the descriptors watched, so that one wait sees them
 * all. */
static int
wait_ready(struct loop *l, int timeout)
{
	int n;

	if (l->evcap < l->nfds) {
		struct epoll_event *ne = jh_realloc(l->evs, l->nfds * sizeof *ne);

		/* out of memory: a wait sees fewer of them (one at least), the next the others */
		if (ne) {
			l->evs = ne;
			l->evcap = l->nfds;
		}
	}
	l->ready = l->evcap > 0 ? l->evs : &l->ev_one;
	n = epoll_wait(l->epfd, l->ready, l->evcap > 0 ? l->evcap : 1, timeout);
	l->nevs = n > 0 ? n : 0;
	return n;
}

/* Serve the ready descriptors of one wait; the number of them that were readable. */
static int
serve(struct loop *l)
{
	int nread = 0;

	for (int i = 0; i < l->nevs; i++) {
		const struct epoll_event *e = &l->ready[i];
		int fd = (int)(uint32_t)e->data.u64, ready = 0;
		struct loop_fd *f = &l->fds[fd];

		if (!f->used || !f->fn || f->gen != (uint32_t)(e->data.u64 >> 32))
			continue;	/* removed earlier in this turn (and maybe reused) */
		if (e->events & (EPOLLIN | EPOLLHUP | EPOLLERR))
			ready |= LOOP_READ;
		if (e->events & (EPOLLOUT | EPOLLERR))
			ready |= LOOP_WRITE;
		if ((ready & LOOP_READ) && (f->events & LOOP_READ))
			nread++;
		f->fn(fd, ready, f->arg);
	}
	return nread;
}

/* A turn also serves what becomes readable while it runs: after the first wait's ready set,
 * the loop waits again without waiting long (timeout 0), while something was readable, up to
 * LOOP_DRAIN_PASSES times and LOOP_DRAIN_MS. Requests that arrive during a turn then share
 * its end-of-turn hook (the server's one COMMIT) instead of each costing a turn of its own;
 * with one client the extra cost is one empty epoll_wait. */
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
		n = wait_ready(l, timeout);
		if (n < 0 && errno != EINTR)
			return -1;
		if (n > 0 && serve(l) > 0) {
			long long start = mono_ms();

			for (int pass = 0; pass < LOOP_DRAIN_PASSES && !l->stop; pass++) {
				if (mono_ms() - start >= LOOP_DRAIN_MS)
					break;
				n = wait_ready(l, 0);
				if (n <= 0 || serve(l) == 0)
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
