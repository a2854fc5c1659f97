/* eta.c — where ahead and eta_s come from: the forecast the turn's answers share (made again
 * only when the queue or the clock second changed, or topped up with the tickets just taken),
 * and the ticket objects waiting for its figures until the turn has committed. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "eta.h"
#include "fault.h"
#include "log.h"
#include "server.h"
#include "store.h"
#include "turn.h"
#include "wire.h"

struct fixup {
	json_t *obj;
	long long id;
	unsigned long seq;	/* the request (or tick, 0) that built it */
};

static struct fixup *fixups;
static int nfix, fixcap;

/* Remember to fill ahead/eta_s of this ticket object after commit. -1 when out of memory
 * (the object's figures cannot be filled). */
static int
add_fixup(json_t *obj, long long id)
{
	if (nfix == fixcap) {
		int n = fixcap ? fixcap * 2 : 64;
		struct fixup *nf = jh_realloc(fixups, n * sizeof *nf);

		if (!nf)
			return -1;
		fixups = nf;
		fixcap = n;
	}
	fixups[nfix].obj = json_incref(obj);
	fixups[nfix].id = id;
	fixups[nfix].seq = turn_seq();
	nfix++;
	return 0;
}

void
server_forecast_stale(void)
{
	srv.fc_stale = 1;
}

void
server_forecast_taken(struct req *r, long long id)
{
	if (srv.nfc_new == srv.cap_fc_new) {
		int n = srv.cap_fc_new ? 2 * srv.cap_fc_new : 64;
		long long *p = jh_realloc(srv.fc_new, (size_t)n * sizeof *p);

		if (p == NULL)
			return;		/* r->fc_kept stays 0: the full forecast runs */
		srv.fc_new = p;
		srv.cap_fc_new = n;
	}
	srv.fc_new[srv.nfc_new++] = id;
	r->fc_kept = 1;
}

/* Fill ahead/eta_s of the waiting tickets named in this turn's answers and events from the
 * full forecast (O(n log n), docs/SCHEDULING.md section 3): run once per turn that changed
 * the queue, or whose clock second differs from the last one's (the forecast is a pure
 * function of the queue and now, so its figures are then still exact). When the only change
 * is tickets taken in the same second, they are placed on top of the last forecast
 * (queue_forecast_append: the same figures, without simulating the whole queue again). */
static int (*expect_fill)(long long now);

void
server_forecast_expect(int (*fill)(long long now))
{
	expect_fill = fill;
}

int
server_forecast_fresh(long long now)
{
	int rc = 1;

	if (!srv.fc_stale && now == srv.fc_now && srv.nfc_new > 0)
		rc = queue_forecast_append(&srv.q, now, srv.fc_new, srv.nfc_new);
	if (rc != 0 && (srv.fc_stale || now != srv.fc_now || srv.nfc_new > 0)) {
		if (expect_fill && expect_fill(now) < 0)
			log_warn("forecast: cannot read today's bookings");
		if (queue_forecast_store(&srv.q, now) < 0)
			return -1;
		srv.fc_stale = 0;
		srv.fc_now = now;
	}
	srv.nfc_new = 0;
	return 0;
}

/* 1 when request seq built a ticket object whose figures are to be filled. */
static int
has_fixup(unsigned long seq)
{
	for (int k = 0; k < nfix; k++)
		if (fixups[k].seq == seq)
			return 1;
	return 0;
}

/* The waiting ticket whose object fixup k is to be filled, or NULL. */
static struct ticket *
fixup_ticket(int k)
{
	const char *st = json_string_value(json_object_get(fixups[k].obj, "state"));
	struct ticket *t;

	if (!st || strcmp(st, "waiting") != 0)
		return NULL;
	if ((t = queue_find(&srv.q, fixups[k].id)) && t->state == TS_WAITING)
		return t;
	return NULL;
}

void
eta_range(int lane, long long eta_s, long long now, int *lo, int *hi)
{
	long long d = queue_opens_at(&srv.q, now) - now;

	if (eta_s < 0 || d > eta_s)
		d = 0;		/* no figure, or a window already open calls it before */
	if (eta_s > INT_MAX)
		eta_s = INT_MAX;
	sched_range_get(&srv.q.range, lane, (int)(eta_s - d), lo, hi);
	if (*lo >= 0) {
		*lo += (int)d;
		*hi += (int)d;
	}
}

/* The tickets just taken (or checked in) in this turn get the figures their answer will carry
 * (eta_given, kept with the ticket in the turn's transaction so that its call still reports
 * them after a restart). Before the commit: a failure to store them fails the turn. */
void
eta_give(void)
{
	long long now = clock_now();

	if (nfix == 0)
		return;
	if (server_forecast_fresh(now) < 0)
		return;		/* eta_fill answers them internal */
	for (int k = 0; k < nfix; k++) {
		struct ticket *t = fixup_ticket(k);
		int lo, hi;

		if (!t || t->eta_given != -1)
			continue;
		eta_range(t->lane, t->fc_eta, now, &lo, &hi);
		t->eta_given = t->fc_eta >= 0 ? t->fc_eta + 1 : 0;
		t->eta_lo_given = lo;
		t->eta_hi_given = hi;
		if (t->eta_given > 0 && srv.in_tx && !srv.tx_failed &&
		    store_ticket_eta(srv.store, t) < 0)
			srv.tx_failed = 1;
	}
}

void
eta_fill(void)
{
	long long now = clock_now();

	if (nfix == 0)
		return;
	if (server_forecast_fresh(now) < 0) {
		/* the answers and events that carry a waiting ticket cannot say its figures */
		log_warn("the forecast could not be made (out of memory): answers with waiting "
		    "tickets are answered internal");
		turn_withdraw(has_fixup);
		return;
	}
	/* the objects, read from the tickets (their state given by eta_give): in place */
	for (int k = 0; k < nfix; k++) {
		const struct ticket *t = fixup_ticket(k);
		int lo, hi;

		if (!t)
			continue;
		json_integer_set(json_object_get(fixups[k].obj, "ahead"), t->fc_ahead);
		json_integer_set(json_object_get(fixups[k].obj, "eta_s"), t->fc_eta);
		eta_range(t->lane, t->fc_eta, now, &lo, &hi);
		json_integer_set(json_object_get(fixups[k].obj, "eta_lo_s"), lo);
		json_integer_set(json_object_get(fixups[k].obj, "eta_hi_s"), hi);
	}
}

void
eta_clear(void)
{
	for (int k = 0; k < nfix; k++)
		json_decref(fixups[k].obj);
	nfix = 0;
}

json_t *
server_ticket_json(const struct ticket *t)
{
	json_t *o = wire_ticket(&srv.q, t);

	if (!o) {
		turn_build_failed();
		return json_null();
	}
	if (t->state == TS_WAITING && add_fixup(o, t->id) < 0)
		turn_build_failed();	/* its ahead/eta_s would stay 0 */
	return o;
}

json_t *
server_window_json(int w)
{
	json_t *o = wire_window(&srv.q, w);	/* (its current ticket is called: no figures) */

	if (!o) {
		turn_build_failed();
		return json_null();
	}
	return o;
}

void
eta_shutdown(void)
{
	eta_clear();
	free(fixups);
	fixups = NULL;
	nfix = fixcap = 0;
	free(srv.fc_new);
	srv.fc_new = NULL;
	srv.nfc_new = srv.cap_fc_new = 0;
}
