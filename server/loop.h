/* loop.h — the event loop: file descriptors, periodic timers and an end-of-turn hook over
 * epoll(7). Knows nothing about tickets or the protocol. One per process, one thread. */
#ifndef JH_LOOP_H
#define JH_LOOP_H

#define LOOP_READ	0x1
#define LOOP_WRITE	0x2

struct worker;
struct worker_job;

struct loop;
typedef void (*loop_io_fn)(int fd, int ready, void *arg);	/* ready: LOOP_READ|LOOP_WRITE */
typedef void (*loop_fn)(void *arg);

/* NULL when out of memory. */
struct loop *loop_new(void);
void loop_free(struct loop *l);

/* Watch fd (a socket or a pipe: epoll takes no regular file) for events (LOOP_READ|
 * LOOP_WRITE, may be 0; a hang-up or an error is LOOP_READ whatever they are). 0, or -1 when
 * out of memory or epoll refuses it. */
int loop_add(struct loop *l, int fd, int events, loop_io_fn fn, void *arg);
void loop_mod(struct loop *l, int fd, int events);
/* Stop watching fd (safe from inside a callback). Does not close it. */
void loop_del(struct loop *l, int fd);

/* Call fn every interval_ms (first call after interval_ms). 0 or -1. */
int loop_every(struct loop *l, int interval_ms, loop_fn fn, void *arg);
/* Call fn after every turn, once the ready descriptors of the turn have been served. */
void loop_on_turn_end(struct loop *l, loop_fn fn, void *arg);

/* A worker thread (worker.h) watched by the loop, which delivers its finished jobs to done.
 * NULL when it cannot be started or watched. loop_worker_stop stops watching it and stops it
 * (worker_stop with drop); NULL is ignored. */
struct worker *loop_worker(struct loop *l, void (*init)(void), void (*run)(struct worker_job *),
    void (*done)(struct worker_job *));
void loop_worker_stop(struct loop *l, struct worker *w, void (*drop)(struct worker_job *));

/* Stop the loop on SIGINT or SIGTERM (logged: "signal N: shutting down"), through a pipe the
 * handler writes to; SIGPIPE is ignored. One loop per process. 0, or -1 (no pipe or memory). */
int loop_stop_on_signals(struct loop *l);

/* Make the next wait return at once (work is waiting that no descriptor will announce). */
void loop_wake(struct loop *l);

/* Run until loop_stop; 0, or -1 when epoll_wait fails for a reason other than EINTR. */
int loop_run(struct loop *l);
void loop_stop(struct loop *l);

#endif
