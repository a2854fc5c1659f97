/* authq.c — password checks in a worker thread (see authq.h, worker.h): the worker checks the
 * jobs in order; the loop hands the finished ones to the caller. libsodium is safe to use
 * from several threads once sodium_init has run (auth_init). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "alloc.h"
#include "authq.h"
#include "log.h"
#include "loop.h"

static struct worker *worker;
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

/* In the worker, before any job: the stand-in hash for unknown users, not while one waits. */
static void
warm(void)
{
	struct authq_job none = { .password = "" };

	(void)check(&none);
}

static void
run(struct worker_job *wj)
{
	struct authq_job *j = (struct authq_job *)wj;

	j->ok = check(j);
	sodium_memzero(j->password, strlen(j->password));
}

/* In the loop: a check the worker has finished (in order). */
static void
deliver(struct worker_job *j)
{
	on_done((struct authq_job *)j);
}

int
authq_start(struct loop *l, void (*done)(struct authq_job *j))
{
	aloop = l;
	on_done = done;
	return (worker = loop_worker(l, warm, run, deliver)) != NULL ? 0 : -1;
}

int
authq_submit(unsigned conn, json_t *msg, const char *hash, const char *password)
{
	struct authq_job *j;

	if (worker == NULL || (j = jh_calloc(1, sizeof *j)) == NULL)
		return -1;
	if ((j->password = jh_strdup(password)) == NULL) {
		free(j);
		return -1;
	}
	j->conn = conn;
	j->msg = json_incref(msg);
	snprintf(j->hash, sizeof j->hash, "%s", hash);
	worker_submit(worker, &j->wj);
	return 0;
}

static void
drop(struct worker_job *j)
{
	authq_job_free((struct authq_job *)j);
}

void
authq_stop(void)
{
	loop_worker_stop(aloop, worker, drop);
	worker = NULL;
}
