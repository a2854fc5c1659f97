/* fuzz_net.c — net.h and the loop calls the dispatcher makes, over memory (fuzz_net.h): no
 * socket, no poll. The loop starts no worker, so password checks run in the dispatcher's
 * turn (authq_start fails: its documented fallback) and the backup op is refused. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_net.h"
#include "loop.h"
#include "net.h"

struct conn {
	unsigned id;
	int is_unix, alive, held, yielded, closing;
	void *data;
	char peer[48];
	char *out;
	size_t nout, cap;
};

static const struct net_handler *handler;
static unsigned next_id = 1;
static int nconns;

/* ---- the loop: only what the dispatcher's workers ask for, and refused ---- */

struct worker *
loop_worker(struct loop *l, void (*init)(void), void (*run)(struct worker_job *),
    void (*done)(struct worker_job *))
{
	(void)l;
	(void)init;
	(void)run;
	(void)done;
	return NULL;
}

void
loop_worker_stop(struct loop *l, struct worker *w, void (*drop)(struct worker_job *))
{
	(void)l;
	(void)w;
	(void)drop;
}

void
loop_wake(struct loop *l)
{
	(void)l;
}

/* the district link's descriptors and timer (district.c): refused, so an imported hall's
 * [district] never opens a connection from the harness */
int
loop_add(struct loop *l, int fd, int events, loop_io_fn fn, void *arg)
{
	(void)l;
	(void)fd;
	(void)events;
	(void)fn;
	(void)arg;
	return -1;
}

void
loop_mod(struct loop *l, int fd, int events)
{
	(void)l;
	(void)fd;
	(void)events;
}

void
loop_del(struct loop *l, int fd)
{
	(void)l;
	(void)fd;
}

int
loop_every(struct loop *l, int interval_ms, loop_fn fn, void *arg)
{
	(void)l;
	(void)interval_ms;
	(void)fn;
	(void)arg;
	return -1;
}

/* ---- net.h ---- */

void
net_set_handler(const struct net_handler *h)
{
	handler = h;
}

void
net_set_limits(int max_conns, int max_conns_per_addr)
{
	(void)max_conns;
	(void)max_conns_per_addr;
}

int
net_fd_budget(void)
{
	return NET_DEFAULT_MAX_CONNS;
}

void
net_tick(void)
{
}

int
net_send(struct conn *c, const char *data, size_t len)
{
	if (!c->alive)
		return -1;
	if (c->nout + len > NET_OUT_CAP) {	/* as net.c: a client over the cap is dropped */
		net_close(c);
		return -1;
	}
	if (c->nout + len + 1 > c->cap) {
		size_t n = c->cap ? c->cap : 4096;
		char *p;

		while (n < c->nout + len + 1)
			n *= 2;
		if ((p = realloc(c->out, n)) == NULL)
			abort();	/* the harness's own memory */
		c->out = p;
		c->cap = n;
	}
	memcpy(c->out + c->nout, data, len);
	c->nout += len;
	c->out[c->nout] = '\0';
	return 0;
}

void
net_close_after_flush(struct conn *c)
{
	c->closing = 1;
}

void
net_close(struct conn *c)
{
	if (!c->alive)
		return;
	if (handler)
		handler->close(c);
	c->alive = 0;
	nconns--;
}

void
net_conn_yield(struct conn *c)
{
	c->yielded = 1;
}

void
net_conn_hold(struct conn *c, int on)
{
	c->held = on;
}

int
net_conn_is_unix(const struct conn *c)
{
	return c->is_unix;
}

/* jhctl on this machine, as this user (a fixed pid: the same audit rows every run) */
int
net_conn_cred(const struct conn *c, long *pid, unsigned *uid)
{
	if (!c->is_unix)
		return -1;
	*pid = 4242;
	*uid = (unsigned)getuid();
	return 0;
}

unsigned
net_conn_id(const struct conn *c)
{
	return c->id;
}

void *
net_conn_data(const struct conn *c)
{
	return c->data;
}

void
net_conn_set_data(struct conn *c, void *data)
{
	c->data = data;
}

int
net_conn_alive(const struct conn *c)
{
	return c->alive;
}

int
net_conn_held(const struct conn *c)
{
	return c->held;
}

const char *
net_conn_peer(const struct conn *c)
{
	return c->is_unix ? "unix" : c->peer;
}

void
net_turn_end(void)
{
	fuzz_net_turn_end();
}

void
net_shutdown(void)
{
}

int
net_nconns(void)
{
	return nconns;
}

/* ---- the harness's side ---- */

struct conn *
fuzz_conn_open(int is_unix, const char *peer)
{
	struct conn *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->id = next_id++;
	c->is_unix = is_unix;
	c->alive = 1;
	strncpy(c->peer, peer ? peer : "127.0.0.1", sizeof c->peer - 1);
	nconns++;
	if (handler)
		handler->open(c);
	return c;
}

int
fuzz_conn_line(struct conn *c, char *line, size_t len)
{
	if (!c->alive || c->held || c->closing)
		return -1;
	line[len] = '\0';
	handler->line(c, line, len);
	return 0;
}

const char *
fuzz_conn_output(const struct conn *c, size_t *len)
{
	*len = c->nout;
	return c->out ? c->out : "";
}

void
fuzz_conn_clear(struct conn *c)
{
	c->nout = 0;
}

int
fuzz_conn_yielded(struct conn *c)
{
	int y = c->yielded;

	c->yielded = 0;
	return y;
}

int
fuzz_conn_gone(const struct conn *c)
{
	return !c->alive || c->closing;
}

/* Closing is left to the harness (it reads the answers first): see fuzz_conn_free. */
void
fuzz_net_turn_end(void)
{
}

void
fuzz_conn_free(struct conn *c)
{
	if (!c)
		return;
	net_close(c);
	free(c->out);
	free(c);
}
