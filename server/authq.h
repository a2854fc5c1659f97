/* authq.h — password checks off the event loop. crypto_pwhash_str_verify at interactive
 * limits costs tens of milliseconds and 64 MiB; done in the loop, every sign-in (and every
 * wrong password an attacker sends) would stall every kiosk and display for that long. One
 * worker thread (worker.h) checks them in order; the loop learns of each result through its
 * pipe. */
#ifndef JH_AUTHQ_H
#define JH_AUTHQ_H

#include <jansson.h>

#include "auth.h"
#include "worker.h"

struct loop;

struct authq_job {
	struct worker_job wj;		/* first: the worker's link */
	unsigned conn;			/* the connection that asked (net_conn_id) */
	json_t *msg;			/* its hello request (a reference) */
	char hash[AUTH_HASH_LEN];	/* the stored hash the password was checked against
					 * ("" for a user that does not exist) */
	char *password;			/* wiped and freed once checked */
	int ok;				/* 1: the password matches */
};

/* Start the worker; done(job) is then called in the loop for each finished check (the job
 * is the caller's to free with authq_job_free). 0, or -1 (no thread: check in the loop). */
int authq_start(struct loop *l, void (*done)(struct authq_job *j));
/* Queue a check of password against hash; an empty hash (no such user) is checked against a
 * stand-in and never matches. 0, or -1 when the worker is not running or memory is short. */
int authq_submit(unsigned conn, json_t *msg, const char *hash, const char *password);
void authq_job_free(struct authq_job *j);
/* Stop the worker (after its current check) and drop what is queued or finished. */
void authq_stop(void);

#endif
