/* pgpool.h — a few PostgreSQL connections driven by libpq's asynchronous API inside the event
 * loop (server/loop.h): connecting (PQconnectStart/PQconnectPoll, so a host list with
 * target_session_attrs=read-write finds the primary), one statement at a time a connection
 * (PQsendQueryParams, PQconsumeInput/PQisBusy), a queue of statements waiting for a free one,
 * and retries: a statement whose connection died, or that failed with a serialisation failure
 * or a deadlock, is sent again on a (new) connection. Knows SQL results, not the protocol. */
#ifndef JH_PGPOOL_H
#define JH_PGPOOL_H

#include <libpq-fe.h>

#define PGPOOL_MAX_CONNS	32
#define PGPOOL_MAX_PARAMS	16
#define PGPOOL_MAX_QUEUE	100000	/* statements waiting; more are refused at once */
#define PGPOOL_GIVE_UP_MS	30000	/* a statement retried this long fails */

struct loop;
struct pgpool;

/* Called once per statement: res (freed by the pool after the call) with its status, or NULL
 * and a message when it could not run (a database error, or no primary for
 * PGPOOL_GIVE_UP_MS). */
typedef void (*pgpool_done_fn)(void *arg, const PGresult *res, const char *err);

/* nconn connections to conninfo (a libpq connection string; a host list with
 * target_session_attrs=read-write for a primary and standbys). They connect in the background;
 * statements queue meanwhile. NULL when out of memory. */
struct pgpool *pgpool_new(struct loop *l, const char *conninfo, int nconn);
void pgpool_free(struct pgpool *p);

/* Queue one statement (parameters as text, NULL for SQL NULL; copied). sql must stay valid
 * until done (a constant). A statement is idempotent or carries its own request key: it may
 * run again after a lost connection. 0, or -1 when the queue is full (done not called). */
int pgpool_query(struct pgpool *p, const char *sql, int nparams, const char *const *params,
    pgpool_done_fn done, void *arg);

/* Every 100 ms from the loop: reconnect connections that are down (with backoff), and fail
 * statements that have waited past PGPOOL_GIVE_UP_MS. */
void pgpool_tick(struct pgpool *p);

/* Connections up, statements queued, statements retried since the start (for the log). */
int pgpool_up(const struct pgpool *p);
int pgpool_queued(const struct pgpool *p);
long pgpool_retries(const struct pgpool *p);

#endif
