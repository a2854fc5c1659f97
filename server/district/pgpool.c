/* pgpool.c — PostgreSQL connections in the event loop, with libpq's asynchronous API: a
 * connection is DOWN (waiting to reconnect), CONNECTING (PQconnectPoll tells which way to
 * wait), IDLE, or BUSY with one statement. A statement is queued until a connection is idle;
 * when its connection dies before the result is in, or the server answers a serialisation
 * failure, a deadlock, a shutdown or "read-only transaction" (a standby after a failover), it
 * goes back to the head of the queue and runs again once a connection (to the primary) is up.
 * Every statement of the district is one transaction and safe to run twice (dist_sql.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "loop.h"
#include "mono.h"
#include "pgpool.h"

enum { PC_DOWN, PC_CONNECTING, PC_IDLE, PC_BUSY };

#define BACKOFF_FIRST_MS	100
#define BACKOFF_MAX_MS		2000

struct job {
	const char *sql;
	int nparams;
	char *params[PGPOOL_MAX_PARAMS];
	pgpool_done_fn done;
	void *arg;
	long long first_ms;
	struct job *next;
};

struct pconn {
	struct pgpool *pool;
	PGconn *pg;
	int fd;
	int state;
	int watch;
	struct job *job;
	PGresult *res;		/* the statement's first result */
	long long retry_at;
	int backoff_ms;
	int idx;
	int was_up;		/* for logging the loss once */
};

struct pgpool {
	struct loop *loop;
	char *conninfo;
	int nconn;
	struct pconn conn[PGPOOL_MAX_CONNS];
	struct job *head, *tail;
	int nqueued;
	long retries;
};

static void conn_io(int fd, int ready, void *arg);
static void dispatch(struct pgpool *p);

static void
job_free(struct job *j)
{
	for (int i = 0; i < j->nparams; i++)
		free(j->params[i]);
	free(j);
}

static void
push_front(struct pgpool *p, struct job *j)
{
	j->next = p->head;
	p->head = j;
	if (!p->tail)
		p->tail = j;
	p->nqueued++;
}

static struct job *
pop(struct pgpool *p)
{
	struct job *j = p->head;

	if (j) {
		p->head = j->next;
		if (!p->head)
			p->tail = NULL;
		p->nqueued--;
		j->next = NULL;
	}
	return j;
}

static void
watch(struct pconn *c, int events)
{
	int fd = c->pg ? PQsocket(c->pg) : -1;

	if (fd != c->fd) {
		if (c->fd >= 0)
			loop_del(c->pool->loop, c->fd);
		c->fd = fd;
		if (fd >= 0 && loop_add(c->pool->loop, fd, events, conn_io, c) < 0)
			log_error("pg %d: cannot watch the connection (out of memory)", c->idx);
	} else if (fd >= 0) {
		loop_mod(c->pool->loop, fd, events);
	}
	c->watch = events;
}

/* The connection is lost (or never came up): its statement goes back to the queue's head. */
static void
conn_down(struct pconn *c, const char *why)
{
	struct pgpool *p = c->pool;
	char msg[256];

	snprintf(msg, sizeof msg, "%s", why && *why ? why : "connection lost");
	msg[strcspn(msg, "\n")] = '\0';
	if (c->was_up || c->job)
		log_warn("pg %d: %s%s", c->idx, msg, c->job ? "; its statement will run again" : "");
	else
		log_debug("pg %d: %s", c->idx, msg);
	if (c->job) {
		push_front(p, c->job);
		c->job = NULL;
		p->retries++;
	}
	if (c->res) {
		PQclear(c->res);
		c->res = NULL;
	}
	if (c->fd >= 0)
		loop_del(p->loop, c->fd);
	c->fd = -1;
	if (c->pg)
		PQfinish(c->pg);
	c->pg = NULL;
	c->state = PC_DOWN;
	c->was_up = 0;
	c->retry_at = mono_ms() + c->backoff_ms;
	c->backoff_ms = c->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : c->backoff_ms * 2;
}

static void
conn_start(struct pconn *c)
{
	c->pg = PQconnectStart(c->pool->conninfo);
	if (!c->pg) {
		conn_down(c, "out of memory");
		return;
	}
	if (PQstatus(c->pg) == CONNECTION_BAD) {
		conn_down(c, PQerrorMessage(c->pg));
		return;
	}
	c->state = PC_CONNECTING;
	watch(c, LOOP_WRITE);
}

static void
connect_step(struct pconn *c)
{
	switch (PQconnectPoll(c->pg)) {
	case PGRES_POLLING_FAILED:
		conn_down(c, PQerrorMessage(c->pg));
		return;
	case PGRES_POLLING_READING:
		watch(c, LOOP_READ);
		return;
	case PGRES_POLLING_WRITING:
		watch(c, LOOP_WRITE);
		return;
	case PGRES_POLLING_OK:
		if (PQsetnonblocking(c->pg, 1) != 0) {
			conn_down(c, PQerrorMessage(c->pg));
			return;
		}
		c->state = PC_IDLE;
		c->was_up = 1;
		c->backoff_ms = BACKOFF_FIRST_MS;
		log_info("pg %d: connected to %s:%s", c->idx, PQhost(c->pg), PQport(c->pg));
		watch(c, LOOP_READ);
		dispatch(c->pool);
		return;
	default:
		return;
	}
}

/* SQLSTATEs after which the statement runs again: serialisation failure, deadlock, a server
 * shutting down, a read-only transaction (connected to what is now a standby), and the
 * connection exceptions (class 08). Those but the first two also drop the connection. */
static int
retry_state(const char *st, int *reconnect)
{
	*reconnect = 0;
	if (!st)
		return 0;
	if (strcmp(st, "40001") == 0 || strcmp(st, "40P01") == 0)
		return 1;
	if (strncmp(st, "57P", 3) == 0 || strcmp(st, "25006") == 0 || strncmp(st, "08", 2) == 0) {
		*reconnect = 1;
		return 1;
	}
	return 0;
}

static void
finish(struct pconn *c)
{
	struct pgpool *p = c->pool;
	struct job *j = c->job;
	PGresult *res = c->res;
	ExecStatusType st;
	int reconnect;

	c->res = NULL;
	if (!res || PQstatus(c->pg) == CONNECTION_BAD) {
		if (res)
			PQclear(res);
		conn_down(c, PQerrorMessage(c->pg));
		return;
	}
	st = PQresultStatus(res);
	if (st == PGRES_FATAL_ERROR &&
	    retry_state(PQresultErrorField(res, PG_DIAG_SQLSTATE), &reconnect)) {
		char msg[256];

		snprintf(msg, sizeof msg, "%s", PQresultErrorMessage(res));
		PQclear(res);
		if (reconnect) {
			conn_down(c, msg);
		} else {
			log_debug("pg %d: %s; running it again", c->idx, msg);
			c->job = NULL;
			c->state = PC_IDLE;
			push_front(p, j);
			p->retries++;
			dispatch(p);
		}
		return;
	}
	c->job = NULL;
	c->state = PC_IDLE;
	watch(c, LOOP_READ);
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		j->done(j->arg, res, NULL);
	else
		j->done(j->arg, NULL, PQresultErrorMessage(res));
	PQclear(res);
	job_free(j);
	dispatch(p);
}

static void
busy_io(struct pconn *c, int ready)
{
	PGresult *r;

	if (ready & LOOP_WRITE) {
		int f = PQflush(c->pg);

		if (f < 0) {
			conn_down(c, PQerrorMessage(c->pg));
			return;
		}
		watch(c, LOOP_READ | (f ? LOOP_WRITE : 0));
	}
	if (!(ready & LOOP_READ))
		return;
	if (!PQconsumeInput(c->pg)) {
		conn_down(c, PQerrorMessage(c->pg));
		return;
	}
	while (!PQisBusy(c->pg)) {
		r = PQgetResult(c->pg);
		if (!r) {
			finish(c);
			return;
		}
		if (!c->res)
			c->res = r;
		else
			PQclear(r);
	}
}

static void
conn_io(int fd, int ready, void *arg)
{
	struct pconn *c = arg;

	switch (c->state) {
	case PC_CONNECTING:
		connect_step(c);
		break;
	case PC_BUSY:
		busy_io(c, ready);
		break;
	case PC_IDLE:
		/* nothing is expected: a closed socket, or a notice */
		if (!PQconsumeInput(c->pg) || PQstatus(c->pg) == CONNECTION_BAD)
			conn_down(c, PQerrorMessage(c->pg));
		break;
	default:
		break;
	}
}

static void
send_job(struct pconn *c, struct job *j)
{
	int f;

	c->job = j;
	c->state = PC_BUSY;
	if (!PQsendQueryParams(c->pg, j->sql, j->nparams, NULL,
	    (const char *const *)j->params, NULL, NULL, 0)) {
		conn_down(c, PQerrorMessage(c->pg));
		return;
	}
	f = PQflush(c->pg);
	if (f < 0) {
		conn_down(c, PQerrorMessage(c->pg));
		return;
	}
	watch(c, LOOP_READ | (f ? LOOP_WRITE : 0));
}

static void
dispatch(struct pgpool *p)
{
	for (int i = 0; i < p->nconn && p->head; i++)
		if (p->conn[i].state == PC_IDLE)
			send_job(&p->conn[i], pop(p));
}

struct pgpool *
pgpool_new(struct loop *l, const char *conninfo, int nconn)
{
	struct pgpool *p = calloc(1, sizeof *p);

	if (!p || !(p->conninfo = strdup(conninfo))) {
		free(p);
		return NULL;
	}
	if (nconn < 1)
		nconn = 1;
	if (nconn > PGPOOL_MAX_CONNS)
		nconn = PGPOOL_MAX_CONNS;
	p->loop = l;
	p->nconn = nconn;
	for (int i = 0; i < nconn; i++) {
		p->conn[i].pool = p;
		p->conn[i].fd = -1;
		p->conn[i].idx = i;
		p->conn[i].backoff_ms = BACKOFF_FIRST_MS;
		conn_start(&p->conn[i]);
	}
	return p;
}

void
pgpool_free(struct pgpool *p)
{
	struct job *j;

	if (!p)
		return;
	for (int i = 0; i < p->nconn; i++) {
		struct pconn *c = &p->conn[i];

		if (c->fd >= 0)
			loop_del(p->loop, c->fd);
		if (c->res)
			PQclear(c->res);
		if (c->pg)
			PQfinish(c->pg);
		if (c->job)
			job_free(c->job);
	}
	while ((j = pop(p)))
		job_free(j);
	free(p->conninfo);
	free(p);
}

int
pgpool_query(struct pgpool *p, const char *sql, int nparams, const char *const *params,
    pgpool_done_fn done, void *arg)
{
	struct job *j;

	if (p->nqueued >= PGPOOL_MAX_QUEUE || nparams > PGPOOL_MAX_PARAMS ||
	    !(j = calloc(1, sizeof *j)))
		return -1;
	j->sql = sql;
	j->done = done;
	j->arg = arg;
	j->first_ms = mono_ms();
	for (int i = 0; i < nparams; i++) {
		if (params[i] && !(j->params[i] = strdup(params[i]))) {
			j->nparams = i;
			job_free(j);
			return -1;
		}
	}
	j->nparams = nparams;
	if (p->tail)
		p->tail->next = j;
	else
		p->head = j;
	p->tail = j;
	p->nqueued++;
	dispatch(p);
	return 0;
}

void
pgpool_tick(struct pgpool *p)
{
	long long now = mono_ms();
	struct job **jp;

	for (int i = 0; i < p->nconn; i++)
		if (p->conn[i].state == PC_DOWN && p->conn[i].retry_at <= now)
			conn_start(&p->conn[i]);
	/* statements that found no primary for too long */
	for (jp = &p->head; *jp;) {
		struct job *j = *jp;

		if (now - j->first_ms < PGPOOL_GIVE_UP_MS) {
			jp = &j->next;
			continue;
		}
		*jp = j->next;
		p->nqueued--;
		j->done(j->arg, NULL, "the district database is unreachable");
		job_free(j);
	}
	p->tail = NULL;
	for (struct job *j = p->head; j; j = j->next)
		p->tail = j;
}

int
pgpool_up(const struct pgpool *p)
{
	int n = 0;

	for (int i = 0; i < p->nconn; i++)
		n += p->conn[i].state == PC_IDLE || p->conn[i].state == PC_BUSY;
	return n;
}

int
pgpool_queued(const struct pgpool *p)
{
	return p->nqueued;
}

long
pgpool_retries(const struct pgpool *p)
{
	return p->retries;
}
