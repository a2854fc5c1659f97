/* authq.c — password checks in a worker thread (see authq.h). The worker takes jobs from
 * `todo` in order and moves each, checked, to `done`, then writes a byte to the pipe the loop
 * watches; the loop hands the finished jobs to the caller. Both lists are under one mutex;
 * libsodium is safe to use from several threads once sodium_init has run (auth_init). */
#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "authq.h"
#include "log.h"
#include "loop.h"

static pthread_t worker;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct authq_job *todo, **todo_tail = &todo, *done_list, **done_tail = &done_list;
static int stopping, running;
static int wake[2] = { -1, -1 };
static struct loop *aloop;
static void (*on_done)(struct authq_job *j);

void
authq_job_free(struct authq_job *j)
{
	if (j == NULL)
		return;
	if (j->password) {
		sodium_memzero(j->password, strlen(j->password));
		free(j->password);
	}
	json_decref(j->msg);
	free(j);
}

/* The check of a job: against its hash, or, for a user that does not exist (an empty hash),
 * against a hash of a random password made once by the worker, so that an unknown name is
 * refused after as long a check as a wrong password, and answered in the same order. */
static int
check(const struct authq_job *j)
{
	static char dummy[AUTH_HASH_LEN];

	if (j->hash[0] != '\0')
		return auth_check_password(j->hash, j->password);
	if (dummy[0] == '\0') {
		unsigned char r[16];
		char pw[sizeof r * 2 + 1];

		randombytes_buf(r, sizeof r);
		sodium_bin2hex(pw, sizeof pw, r, sizeof r);
		if (auth_hash_password(pw, dummy) != 0)
			dummy[0] = '\0';
		sodium_memzero(pw, sizeof pw);
	}
	if (dummy[0] != '\0')
		(void)auth_check_password(dummy, j->password);
	return 0;
}

static void *
work(void *arg)
{
	(void)arg;
	/* the stand-in hash for unknown users, before any job: not while one waits */
	{
		struct authq_job none = { .password = "" };

		(void)check(&none);
	}
	pthread_mutex_lock(&mu);
	for (;;) {
		struct authq_job *j;

		while (todo == NULL && !stopping)
			pthread_cond_wait(&cv, &mu);
		if (stopping)
			break;
		j = todo;
		if ((todo = j->next) == NULL)
			todo_tail = &todo;
		pthread_mutex_unlock(&mu);
		j->ok = check(j);
		sodium_memzero(j->password, strlen(j->password));
		pthread_mutex_lock(&mu);
		j->next = NULL;
		*done_tail = j;
		done_tail = &j->next;
		(void)!write(wake[1], "", 1);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

/* In the loop: the checks the worker has finished, in order. */
static void
wake_io(int fd, int ready, void *arg)
{
	char buf[64];
	struct authq_job *list, *j;

	while (read(fd, buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&mu);
	list = done_list;
	done_list = NULL;
	done_tail = &done_list;
	pthread_mutex_unlock(&mu);
	while ((j = list) != NULL) {
		list = j->next;
		j->next = NULL;
		on_done(j);
	}
}

int
authq_start(struct loop *l, void (*done)(struct authq_job *j))
{
	if (loop_pipe(l, wake, wake_io, NULL) < 0)
		return -1;
	aloop = l;
	on_done = done;
	if (pthread_create(&worker, NULL, work, NULL) != 0) {
		loop_pipe_close(l, wake);
		return -1;
	}
	running = 1;
	return 0;
}

int
authq_submit(unsigned conn, json_t *msg, const char *hash, const char *password)
{
	struct authq_job *j;

	if (!running || (j = calloc(1, sizeof *j)) == NULL)
		return -1;
	if ((j->password = strdup(password)) == NULL) {
		free(j);
		return -1;
	}
	j->conn = conn;
	j->msg = json_incref(msg);
	snprintf(j->hash, sizeof j->hash, "%s", hash);
	pthread_mutex_lock(&mu);
	*todo_tail = j;
	todo_tail = &j->next;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	return 0;
}

static void
free_list(struct authq_job *j)
{
	while (j != NULL) {
		struct authq_job *n = j->next;

		authq_job_free(j);
		j = n;
	}
}

void
authq_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&mu);
	stopping = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(worker, NULL);
	running = 0;
	free_list(todo);
	free_list(done_list);
	todo = done_list = NULL;
	todo_tail = &todo;
	done_tail = &done_list;
	loop_pipe_close(aloop, wake);
}
