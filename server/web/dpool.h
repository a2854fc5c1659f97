/* dpool.h — jhweb's pool of connections to jhdistrict for the booking pages and the JSON API:
 * a few links, each with one op in flight (jhdistrict answers a connection's requests in
 * order, one at a time), a queue of ops waiting for a free link, all in jhweb's poll loop, so
 * the loop never waits for the district and many bookings are at jhdistrict at once
 * (docs/WEB.md, "Booking at the district", "Cost"). */
#ifndef JH_WEB_DPOOL_H
#define JH_WEB_DPOOL_H

#include <poll.h>

#include <jansson.h>

#include "jhclient.h"

#define DPOOL_MAX_LINKS	256
#define DPOOL_DEFAULT	64	/* jhweb --district-links */
#define DPOOL_MAX_QUEUE	20000	/* ops waiting for a link; more are refused at once (the
				 * default and the most of jhweb --district-queue) */
#define DPOOL_TIMEOUT_MS 5000	/* from queueing to the answer */

/* Called exactly once per op that was queued (and not cancelled): jhdistrict's answer, ok or
 * not (the callee owns it), or NULL when there was none (unreachable, the link lost, no answer
 * within DPOOL_TIMEOUT_MS, jhweb stopping). Never called from within dpool_call. */
typedef void (*dpool_done_fn)(void *arg, json_t *answer);

struct dcall;

/* n links to jhdistrict at addr, signed in with cred (copied); they connect when first needed;
 * at most maxq ops wait for a link (1 to DPOOL_MAX_QUEUE; else DPOOL_MAX_QUEUE). 0, or -1 when
 * out of memory. */
int dpool_init(const char *addr, const struct jhc_cred *cred, int n, int maxq);
/* Every op still queued or in flight gets done(NULL); the links are closed; later ops are
 * refused (dpool_call returns NULL). */
void dpool_free(void);

/* Queue req (stolen: an object with its "op"); done(arg, ...) later. The op's handle, or NULL
 * when the queue is full or the pool stopped (done is not called). */
struct dcall *dpool_call(json_t *req, dpool_done_fn done, void *arg);
/* The caller is gone: done will not be called for this op (an answer in flight is dropped). */
void dpool_cancel(struct dcall *dc);

/* The loop's part: dpool_fds adds the links waiting for an answer to pf (at most max; returns
 * how many) and lowers *timeout_ms to the next deadline; dpool_run, after poll(2), reads the
 * answers of pf's entries, ends what timed out and sends the queued ops on free links
 * (connecting them as needed). now is mono_ms(). */
int dpool_fds(struct pollfd *pf, int max, long long now, long long *timeout_ms);
void dpool_run(const struct pollfd *pf, int n, long long now);

#endif
