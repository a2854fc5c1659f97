/* dpool.c — jhweb's links to jhdistrict for the pages and the API (dpool.h): ops queue in
 * arrival order and go out on whichever link is free; each link has at most one op in flight,
 * so an answer is always its link's op's (checked by "id" all the same). A link that fails,
 * or whose op is not answered in time, is closed: its op is answered NULL (jhweb says
 * "unavailable"), never sent again, since it may have been done (a booking with a request key
 * may be asked again by the caller; jhdistrict then answers the same booking). */
#include <stdlib.h>
#include <string.h>

#include "dpool.h"
#include "log.h"
#include "mono.h"

#define RETRY_MS	1000	/* a link that could not connect waits this long */

struct dcall {
	json_t *req;		/* until sent */
	dpool_done_fn done;	/* NULL: cancelled */
	void *arg;
	long long deadline;
	struct dcall *next;	/* the queue */
};

struct link {
	struct jhc *c;
	struct dcall *call;	/* in flight, or NULL */
	json_int_t id;
	long long retry_at;
};

static struct {
	struct link links[DPOOL_MAX_LINKS];
	int n;
	struct dcall *head, *tail;
	int queued, maxq;
	int stopped;	/* after dpool_free: ops are refused */
} P;

int
dpool_init(const char *addr, const struct jhc_cred *cred, int n, int maxq)
{
	P.stopped = 0;
	P.maxq = maxq < 1 || maxq > DPOOL_MAX_QUEUE ? DPOOL_MAX_QUEUE : maxq;
	P.n = n < 1 ? 1 : n > DPOOL_MAX_LINKS ? DPOOL_MAX_LINKS : n;
	for (int k = 0; k < P.n; k++)
		if ((P.links[k].c = jhc_new(addr, cred)) == NULL)
			return -1;
	return 0;
}

/* The op's end: done once (unless cancelled), then freed. */
static void
finish(struct dcall *dc, json_t *answer)
{
	if (dc->done)
		dc->done(dc->arg, answer);
	else
		json_decref(answer);
	json_decref(dc->req);
	free(dc);
}

static void
link_fail(struct link *l, const char *why)
{
	struct dcall *dc = l->call;

	log_warn("jhdistrict: %s", why);
	jhc_close(l->c);
	l->call = NULL;
	if (dc)
		finish(dc, NULL);
}

/* The oldest queued call, taken off the queue (which is left whole before any callback). */
static struct dcall *
pop_head(void)
{
	struct dcall *dc = P.head;

	P.head = dc->next;
	if (!P.head)
		P.tail = NULL;
	P.queued--;
	dc->next = NULL;
	return dc;
}

void
dpool_free(void)
{
	while (P.head)
		finish(pop_head(), NULL);
	P.queued = 0;
	for (int k = 0; k < P.n; k++) {
		if (P.links[k].call)
			finish(P.links[k].call, NULL);
		jhc_free(P.links[k].c);
	}
	memset(&P, 0, sizeof P);
	P.stopped = 1;	/* a page rendered again meanwhile asks in vain */
}

struct dcall *
dpool_call(json_t *req, dpool_done_fn done, void *arg)
{
	struct dcall *dc;

	if (P.stopped || P.n == 0 || P.queued >= P.maxq ||
	    (dc = calloc(1, sizeof *dc)) == NULL) {
		json_decref(req);
		return NULL;
	}
	dc->req = req;
	dc->done = done;
	dc->arg = arg;
	dc->deadline = mono_ms() + DPOOL_TIMEOUT_MS;
	if (P.tail)
		P.tail->next = dc;
	else
		P.head = dc;
	P.tail = dc;
	P.queued++;
	return dc;
}

void
dpool_cancel(struct dcall *dc)
{
	struct dcall **pp;

	for (pp = &P.head; *pp; pp = &(*pp)->next)
		if (*pp == dc) {
			*pp = dc->next;
			if (P.tail == dc) {
				P.tail = NULL;
				for (struct dcall *q = P.head; q; q = q->next)
					P.tail = q;
			}
			P.queued--;
			json_decref(dc->req);
			free(dc);
			return;
		}
	dc->done = NULL;	/* in flight: freed when its answer comes or its link fails */
}

/* Whether dispatch would send the oldest queued op now: a link is free, and up or due to
 * connect (link_connect's rule). */
static int
can_send(long long now)
{
	int up = 0, k;

	if (!P.head)
		return 0;
	for (k = 0; k < P.n; k++)
		up += jhc_connected(P.links[k].c);
	for (k = 0; k < P.n; k++)
		if (!P.links[k].call && (jhc_connected(P.links[k].c) || !up ||
		    now >= P.links[k].retry_at))
			return 1;
	return 0;
}

int
dpool_fds(struct pollfd *pf, int max, long long now, long long *timeout_ms)
{
	int n = 0;

	/* an op queued since dpool_run (in MHD_run) goes out at once, not at the next wake-up */
	if (can_send(now))
		*timeout_ms = 0;

	for (int k = 0; k < P.n && n < max; k++) {
		struct link *l = &P.links[k];

		if (!l->call || !jhc_connected(l->c))
			continue;
		pf[n].fd = jhc_fd(l->c);
		pf[n].events = POLLIN;
		pf[n++].revents = 0;
		if (l->call->deadline - now < *timeout_ms)
			*timeout_ms = l->call->deadline - now > 0 ? l->call->deadline - now : 0;
	}
	if (P.head && P.head->deadline - now < *timeout_ms)
		*timeout_ms = P.head->deadline - now > 0 ? P.head->deadline - now : 0;
	return n;
}

/* The answer(s) that came on l. */
static void
link_read(struct link *l)
{
	json_t *a;
	int r;

	while (l->call && (r = jhc_answer(l->c, &a)) != 0) {
		if (r < 0) {
			link_fail(l, "the connection was lost with an op in flight");
			return;
		}
		if (json_integer_value(json_object_get(a, "id")) == l->id) {
			struct dcall *dc = l->call;

			l->call = NULL;
			finish(dc, a);
		} else {
			json_decref(a);	/* not ours: jhdistrict answers in order, so never */
		}
	}
}

/* Connect l now: 0, or -1 (then it waits RETRY_MS, unless no link is up: an op is never
 * refused for a back-off, only for a connect that failed). */
static int
link_connect(struct link *l, long long now, int up)
{
	if (up && now < l->retry_at)
		return -1;
	if (jhc_connect(l->c, DPOOL_TIMEOUT_MS) == 0)
		return 0;
	log_warn("jhdistrict: %s", jhc_error(l->c));
	l->retry_at = now + RETRY_MS;
	return -1;
}

/* Send the queued ops on the free links. When no link is up and none can connect, the queued
 * ops are answered NULL at once (as a page is told "unavailable"). */
static void
dispatch(long long now)
{
	int up = 0, failed = 0, k;

	for (k = 0; k < P.n; k++)
		up += jhc_connected(P.links[k].c);
	for (k = 0; k < P.n && P.head; k++) {
		struct link *l = &P.links[k];
		struct dcall *dc;

		if (l->call)
			continue;
		/* one failed connect per pass: a district that does not answer costs one wait */
		if (!jhc_connected(l->c)) {
			if (failed || link_connect(l, now, up) < 0) {
				failed = 1;
				continue;
			}
			up++;
		}
		dc = pop_head();
		l->call = dc;
		if (jhc_send(l->c, dc->req) < 0) {
			link_fail(l, jhc_error(l->c));
			continue;
		}
		l->id = json_integer_value(json_object_get(dc->req, "id"));
		json_decref(dc->req);
		dc->req = NULL;
	}
	for (up = 0, k = 0; k < P.n; k++)
		up += jhc_connected(P.links[k].c);
	while (!up && P.head)
		finish(pop_head(), NULL);
}

void
dpool_run(const struct pollfd *pf, int n, long long now)
{
	for (int k = 0; k < P.n; k++) {
		struct link *l = &P.links[k];

		if (!l->call || !jhc_connected(l->c))
			continue;
		for (int i = 0; i < n; i++)
			if (pf[i].fd == jhc_fd(l->c) && pf[i].revents)
				link_read(l);
		if (l->call && now >= l->call->deadline)
			link_fail(l, "no answer in time: the link is closed");
	}
	while (P.head && now >= P.head->deadline)
		finish(pop_head(), NULL);
	dispatch(now);
}
