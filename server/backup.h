/* backup.h — a copy of the live database, made while the hall goes on. A worker thread opens
 * the database file read-only on its own connection and copies it with SQLite's online backup
 * API in one step: one read transaction, so the copy is the database as of one commit (in WAL
 * mode jhd goes on writing meanwhile). It then checks the copy (PRAGMA quick_check) and counts
 * its tickets and events. The loop learns of the result through the worker's pipe (worker.h).
 * One backup at a time. */
#ifndef JH_BACKUP_H
#define JH_BACKUP_H

#include <limits.h>

#include <jansson.h>

#include "worker.h"

struct loop;

struct backup_job {
	struct worker_job wj;		/* first: the worker's link */
	unsigned conn;			/* the connection that asked (net_conn_id) */
	json_t *id;			/* its request id (a reference, may be NULL) */
	char src[PATH_MAX];		/* the live database */
	char dst[PATH_MAX];		/* the copy: created by backup_submit, removed on failure */
	int ok;				/* 1: copied and checked */
	char err[256];			/* else why not */
	long long bytes, tickets, events;
	double ms;			/* how long the copy and its check took */
};

/* Start the worker; done(job) is then called in the loop for each finished backup (the job is
 * the caller's to free with backup_job_free). 0, or -1 when no worker can be started. */
int backup_init(struct loop *l, void (*done)(struct backup_job *j));
/* Start a backup of src to dst, an absolute path to a file that must not exist yet (it is
 * created here, empty, before the thread starts). 0; or -1 with err set: errno_out is the
 * create's errno (EEXIST: the file exists; EBUSY: a backup is running; 0: out of memory or
 * threads). */
int backup_submit(unsigned conn, json_t *id, const char *src, const char *dst, int *errno_out,
    char *err, size_t errlen);
void backup_job_free(struct backup_job *j);
/* Wait for a running backup to end (a finished copy is kept, its answer is not sent) and
 * stop the worker. */
void backup_shutdown(void);

#endif
