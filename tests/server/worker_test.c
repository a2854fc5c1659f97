/* worker_test.c — unit tests of the shared worker thread (server/client/worker.c): jobs run
 * in the worker thread, in order, after init; the pipe wakes a poll(2) for each batch; stop
 * waits for the running job and hands every other job to drop exactly once. */
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "t.h"
#include "worker.h"

struct job {
	struct worker_job wj;
	int n;			/* its number, in submit order */
	int ran_as;		/* the how-manieth job the worker ran (1, 2, ...), 0 when not */
	int init_seen;		/* init had run when this job ran */
	int in_worker;		/* ran in a thread other than the test's */
	int gate;		/* run waits for a byte on gate_fd first */
	int seen;		/* handed back or dropped: must end at exactly 1 */
};

static pthread_t main_thread;
static int ran, inits, gate_fd = -1, started_fd = -1;

static void
init(void)
{
	inits++;
}

static void
run(struct worker_job *wj)
{
	struct job *j = (struct job *)wj;
	char b;

	if (j->gate) {
		(void)!write(started_fd, "s", 1);
		(void)!read(gate_fd, &b, 1);
	}
	j->ran_as = ++ran;
	j->init_seen = inits;
	j->in_worker = !pthread_equal(pthread_self(), main_thread);
}

static void
drop(struct worker_job *wj)
{
	((struct job *)wj)->seen++;
}

/* The jobs worker_deliver handed back, in the order it did. */
static struct job *order[64];
static int norder;

static void
done(struct worker_job *wj)
{
	struct job *j = (struct job *)wj;

	j->seen++;
	if (norder < 64)
		order[norder] = j;
	norder++;
}

/* Wait for the pipe (at most 10 s: a bound against a hang, not a measure), then deliver. */
static int
collect(struct worker *w)
{
	struct pollfd p = { .fd = worker_fd(w), .events = POLLIN };

	if (poll(&p, 1, 10000) != 1)
		return -1;
	return worker_deliver(w);
}

static void
jobs_run_in_the_worker_in_order_after_init(void)
{
	enum { N = 40 };
	struct job jobs[N] = { 0 };
	struct worker *w;
	int got = 0, n;

	ran = inits = norder = 0;
	w = worker_start(init, run, done);
	T_CHECK(w != NULL, "worker_start");
	if (w == NULL)
		return;
	for (int i = 0; i < N; i++) {
		jobs[i].n = i;
		worker_submit(w, &jobs[i].wj);
	}
	/* 0: a wake-up byte written after its job went out with an earlier delivery */
	while (got < N && (n = collect(w)) >= 0)
		got += n;
	T_EQ_INT(got, N);
	T_EQ_INT(norder, N);
	T_EQ_INT(worker_pending(w), 0);
	for (int i = 0; i < got && i < N; i++) {
		T_EQ_INT(order[i]->n, i);		/* handed back in submit order */
		T_EQ_INT(order[i]->ran_as, i + 1);	/* and run in it */
		T_EQ_INT(order[i]->init_seen, 1);
		T_EQ_INT(order[i]->in_worker, 1);
		T_EQ_INT(order[i]->seen, 1);
	}
	worker_stop(w, drop);
	T_EQ_INT(inits, 1);
	for (int i = 0; i < N; i++)
		T_EQ_INT(jobs[i].seen, 1);
}

static void
stop_waits_for_the_running_job_and_drops_the_rest_once(void)
{
	struct job jobs[5] = { 0 };
	struct worker *w;
	int fds[2], started[2], prefix = 1;
	char b;

	T_CHECK(pipe(fds) == 0 && pipe(started) == 0, "pipes");
	gate_fd = fds[0];
	started_fd = started[1];
	ran = inits = 0;
	w = worker_start(NULL, run, done);
	T_CHECK(w != NULL, "worker_start");
	if (w == NULL)
		return;
	jobs[0].gate = 1;	/* holds the worker until the byte below */
	for (int i = 0; i < 5; i++) {
		jobs[i].n = i;
		worker_submit(w, &jobs[i].wj);
	}
	T_EQ_INT(read(started[0], &b, 1), 1);	/* job 0 is running */
	T_EQ_INT(worker_pending(w), 5);
	T_EQ_INT(write(fds[1], "x", 1), 1);
	worker_stop(w, drop);		/* no worker_deliver: every job goes to drop */
	T_EQ_INT(jobs[0].ran_as, 1);	/* the running job was waited for */
	for (int i = 0; i < 5; i++) {
		T_EQ_INT(jobs[i].seen, 1);
		/* what ran is a prefix of the queue, in order */
		if (jobs[i].ran_as == 0)
			prefix = 0;
		else
			T_CHECK(prefix && jobs[i].ran_as == i + 1, "job %d ran as %d", i,
			    jobs[i].ran_as);
	}
	close(fds[0]);
	close(fds[1]);
	close(started[0]);
	close(started[1]);
	worker_stop(NULL, drop);	/* NULL is ignored */
}

int
main(void)
{
	main_thread = pthread_self();
	T_RUN(jobs_run_in_the_worker_in_order_after_init);
	T_RUN(stop_waits_for_the_running_job_and_drops_the_rest_once);
	return t_done();
}
