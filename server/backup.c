/* backup.c — the online copy of the database (see backup.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "backup.h"
#include "clock.h"
#include "log.h"
#include "loop.h"
#include "mono.h"
#include "store.h"

static struct worker *worker;
static int running;			/* a backup submitted and not yet handed back */
static struct loop *bloop;
static void (*on_done)(struct backup_job *j);

void
backup_job_free(struct backup_job *j)
{
	if (j == NULL)
		return;
	json_decref(j->id);
	free(j);
}

static void
copy(struct backup_job *j)
{
	j->ok = store_copy(j->src, j->dst, &j->bytes, &j->tickets, &j->events, j->err,
	    sizeof j->err) == 0;
	if (!j->ok) {
		/* with what a copy in WAL mode may have left (none on success: it is closed) */
		static const char *const sides[] = { "", "-wal", "-shm", "-journal" };
		char side[PATH_MAX + 16];

		for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
			snprintf(side, sizeof side, "%s%s", j->dst, sides[i]);
			unlink(side);
		}
	}
}

static void
run(struct worker_job *wj)
{
	struct backup_job *j = (struct backup_job *)wj;
	long long t0 = mono_ms();

	copy(j);
	j->ms = (double)(mono_ms() - t0);
}

/* In the loop: the backup the worker has finished. */
static void
deliver(struct worker_job *wj)
{
	struct backup_job *j = (struct backup_job *)wj;

	running = 0;
	if (j->ok)
		log_info("backup to %s: %lld bytes, %lld tickets, copied and checked in %.0f ms",
		    j->dst, j->bytes, j->tickets, j->ms);
	else
		log_warn("backup to %s failed: %s", j->dst, j->err);
	on_done(j);
}

int
backup_init(struct loop *l, void (*done)(struct backup_job *j))
{
	bloop = l;
	on_done = done;
	return (worker = loop_worker(l, NULL, run, deliver)) != NULL ? 0 : -1;
}

int
backup_submit(unsigned conn, json_t *id, const char *src, const char *dst, int *errno_out,
    char *err, size_t errlen)
{
	struct backup_job *j;
	int fd;

	*errno_out = 0;
	if (worker == NULL) {
		snprintf(err, errlen, "backups are not available in this server");
		return -1;
	}
	if (running) {
		*errno_out = EBUSY;
		snprintf(err, errlen, "a backup is already running");
		return -1;
	}
	if (strlen(src) >= sizeof j->src || strlen(dst) >= sizeof j->dst) {
		*errno_out = ENAMETOOLONG;
		snprintf(err, errlen, "path too long");
		return -1;
	}
	/* create it here, so that an existing file is never overwritten and the answer says
	 * at once why the path does not do */
	if ((fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		*errno_out = errno;
		snprintf(err, errlen, "%s: %s", dst, strerror(errno));
		return -1;
	}
	close(fd);
	if ((j = jh_calloc(1, sizeof *j)) == NULL) {
		unlink(dst);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	j->conn = conn;
	j->id = json_incref(id);
	snprintf(j->src, sizeof j->src, "%s", src);
	snprintf(j->dst, sizeof j->dst, "%s", dst);
	worker_submit(worker, &j->wj);
	running = 1;
	log_info("backup to %s started", dst);
	return 0;
}

static void
drop(struct worker_job *j)
{
	backup_job_free((struct backup_job *)j);
}

void
backup_shutdown(void)
{
	if (running)
		log_info("waiting for the running backup to end");
	loop_worker_stop(bloop, worker, drop);
	worker = NULL;
	running = 0;
}
