/* worker.h — one worker thread that runs slow jobs in order (a password check, a copy of the
 * database) while the caller's event loop goes on, and tells that loop of each finished job
 * through a pipe. The caller embeds struct worker_job in its own job (first member), watches
 * worker_fd for reading and then calls worker_deliver, which hands each finished job to done.
 * The thread touches a job only inside run; everything else happens in the caller's thread. */
#ifndef JH_WORKER_H
#define JH_WORKER_H

struct worker_job {
	struct worker_job *next;
};

struct worker;

/* Start a thread that calls init (may be NULL) once, then run(job) for each submitted job in
 * order; worker_deliver calls done(job) for each finished one. NULL when there is no memory,
 * pipe or thread (errno set). */
struct worker *worker_start(void (*init)(void), void (*run)(struct worker_job *job),
    void (*done)(struct worker_job *job));
/* The read end of the pipe: readable when finished jobs wait (non-blocking, close-on-exec). */
int worker_fd(const struct worker *w);
/* Queue a job (the worker owns it until worker_deliver hands it to done). */
void worker_submit(struct worker *w, struct worker_job *job);
/* Jobs queued or running, not yet finished. */
int worker_pending(struct worker *w);
/* In the caller's thread, when worker_fd is readable: done(job) for each finished job, in the
 * order they were submitted (done owns the job again); the number of jobs delivered. */
int worker_deliver(struct worker *w);
/* Stop: wait for the job running now to end, then call drop (may be NULL) on every job not
 * handed back (queued, or finished and not collected), close the pipe and free w. NULL is
 * ignored. */
void worker_stop(struct worker *w, void (*drop)(struct worker_job *job));

#endif
