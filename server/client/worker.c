/* worker.c — a worker thread with a queue, a done list and a wake-up pipe (see worker.h).
 * Both lists are under one mutex; the thread writes one byte to the pipe for every finished
 * job, and worker_deliver empties the pipe before it takes the done list, so that no job is
 * left behind a byte already read. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "alloc.h"
#include "worker.h"

struct worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct worker_job *todo, **todo_tail, *finished, **finished_tail;
	int pending;		/* submitted, not finished */
	int stopping;
	int pipe[2];
	void (*init)(void);
	void (*run)(struct worker_job *job);
	void (*done)(struct worker_job *job);
};

static void
append(struct worker_job ***tail, struct worker_job *j)
{
	j->next = NULL;
	**tail = j;
	*tail = &j->next;
}

static void *
work(void *arg)
{
	struct worker *w = arg;

	if (w->init)
		w->init();
	pthread_mutex_lock(&w->mu);
	for (;;) {
		struct worker_job *j;

		while (w->todo == NULL && !w->stopping)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->stopping)
			break;
		j = w->todo;
		if ((w->todo = j->next) == NULL)
			w->todo_tail = &w->todo;
		pthread_mutex_unlock(&w->mu);
		w->run(j);
		pthread_mutex_lock(&w->mu);
		append(&w->finished_tail, j);
		w->pending--;
		(void)!write(w->pipe[1], "", 1);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct worker *
worker_start(void (*init)(void), void (*run)(struct worker_job *job),
    void (*done)(struct worker_job *job))
{
	struct worker *w = jh_calloc(1, sizeof *w);
	int e;

	if (w == NULL)
		return NULL;
	if (pipe(w->pipe) < 0) {
		free(w);
		return NULL;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(w->pipe[i], F_SETFD, FD_CLOEXEC);
		fcntl(w->pipe[i], F_SETFL, O_NONBLOCK);
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	w->todo_tail = &w->todo;
	w->finished_tail = &w->finished;
	w->init = init;
	w->run = run;
	w->done = done;
	if ((e = pthread_create(&w->thread, NULL, work, w)) != 0) {
		close(w->pipe[0]);
		close(w->pipe[1]);
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->cv);
		free(w);
		errno = e;
		return NULL;
	}
	return w;
}

int
worker_fd(const struct worker *w)
{
	return w->pipe[0];
}

void
worker_submit(struct worker *w, struct worker_job *job)
{
	pthread_mutex_lock(&w->mu);
	append(&w->todo_tail, job);
	w->pending++;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

int
worker_pending(struct worker *w)
{
	int n;

	pthread_mutex_lock(&w->mu);
	n = w->pending;
	pthread_mutex_unlock(&w->mu);
	return n;
}

int
worker_deliver(struct worker *w)
{
	struct worker_job *list, *j;
	char buf[64];
	int n = 0;

	while (read(w->pipe[0], buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&w->mu);
	list = w->finished;
	w->finished = NULL;
	w->finished_tail = &w->finished;
	pthread_mutex_unlock(&w->mu);
	while ((j = list) != NULL) {
		list = j->next;
		j->next = NULL;
		w->done(j);
		n++;
	}
	return n;
}

static void
drop_list(struct worker_job *j, void (*drop)(struct worker_job *job))
{
	while (j != NULL) {
		struct worker_job *n = j->next;

		if (drop)
			drop(j);
		j = n;
	}
}

void
worker_stop(struct worker *w, void (*drop)(struct worker_job *job))
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->mu);
	w->stopping = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	drop_list(w->todo, drop);
	drop_list(w->finished, drop);
	close(w->pipe[0]);
	close(w->pipe[1]);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w);
}
