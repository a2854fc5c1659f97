/* sched_forecast.c — the ETA forecast: when each waiting ticket will be called, by simulating
 * the policy of sched.c forward (see sched.h, docs/SCHEDULING.md section 3). The reference
 * version (one sched_pick per call) is the specification; the fast one keeps a heap per service
 * and a cursor over each service's issue order. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "sched.h"
#include "sched_int.h"

/* Window states during the forecast. */
enum { FC_ACTIVE, FC_DONE };

/* Expected arrivals: at most this many virtual tickets in one forecast. */
#define FC_MAX_VIRTUAL 4096

/* The sorts' one comparison: keys of n parts, compared part by part: -1, 0 or 1. */
static int
cmp_keys(const long long *x, const long long *y, int n)
{
	for (int i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

static int
by_issue(const void *a, const void *b)
{
	const struct sched_ticket *x = a, *y = b;
	long long kx[] = { x->issued_at, x->service, x->lane, x->slot_start, x->slot_end };
	long long ky[] = { y->issued_at, y->service, y->lane, y->slot_start, y->slot_end };

	return cmp_keys(kx, ky, 5);
}

/* The virtual tickets the forecast expects: for each service, its newcomers of the lanes with
 * a head start over normal, evenly spaced at their total rate (so that a sparse lane still
 * counts), each given the lane that is most behind its share; up to the horizon beyond which
 * a newcomer can pass nobody waiting now. Sorted by issue time, ids after max_id. Returns how
 * many (0 when rate is NULL), or -1 when out of memory; *out is the caller's to free. */
static int
virtual_arrivals(const struct sched_policy *p, const double *rate, int nservices,
    const struct sched_ticket *expect, int nexp, long long now, long long max_id,
    struct sched_ticket **out)
{
	struct sched_ticket *v;
	int n = 0, wmin = p->weight_s[0], wmax = p->weight_s[0];

	*out = NULL;
	if (rate == NULL && nexp <= 0)
		return 0;
	for (int l = 0; l < LANE_COUNT; l++) {
		wmin = p->weight_s[l] < wmin ? p->weight_s[l] : wmin;
		wmax = p->weight_s[l] > wmax ? p->weight_s[l] : wmax;
	}
	if ((v = jh_malloc((FC_MAX_VIRTUAL + (size_t)(nexp > 0 ? nexp : 0)) * sizeof *v)) == NULL)
		return -1;
	for (int s = 0; s < nservices && rate != NULL; s++) {
		const double *r = rate + (size_t)s * LANE_COUNT;
		double total = 0;
		int count[LANE_COUNT] = { 0 };

		for (int l = 0; l < LANE_COUNT; l++)
			if (r[l] > 0 && r[l] < 1e9 && p->weight_s[l] > p->weight_s[LANE_NORMAL])
				total += r[l];
		if (!(total > 0))
			continue;
		for (int k = 1; n < FC_MAX_VIRTUAL; k++) {
			double at = (k - 0.5) / total, best_gap = -1;
			int best = -1;

			if (at > (double)(wmax - wmin))
				break;
			for (int l = 0; l < LANE_COUNT; l++) {
				double gap;

				if (!(r[l] > 0 && r[l] < 1e9 &&
				    p->weight_s[l] > p->weight_s[LANE_NORMAL]))
					continue;
				gap = r[l] / total * k - count[l];
				if (gap > best_gap) {
					best_gap = gap;
					best = l;
				}
			}
			count[best]++;
			memset(&v[n], 0, sizeof v[n]);
			v[n].service = s;
			v[n].lane = (enum sched_lane)best;
			v[n].issued_at = now + (long long)(at + 0.999);
			n++;
		}
	}
	/* the arrivals known one by one (booked appointments), none before now */
	for (int i = 0; i < nexp; i++) {
		if (expect[i].service < 0 || expect[i].service >= nservices)
			continue;
		v[n] = expect[i];
		v[n].passed = 0;
		if (v[n].issued_at < now)
			v[n].issued_at = now;
		n++;
	}
	qsort(v, (size_t)n, sizeof *v, by_issue);
	for (int i = 0; i < n; i++)
		v[i].id = max_id + 1 + i;
	*out = v;
	return n;
}

/* The real tickets with a valid service: their indexes, in order, into idx; each one's
 * answer starts as not called (eta_s -1, ahead 0). Returns how many. */
static int
real_tickets(const struct sched_ticket *t, int nt, int nservices, int *idx, int *eta_s,
    int *ahead)
{
	int n = 0;

	for (int i = 0; i < nt; i++) {
		eta_s[i] = -1;
		ahead[i] = 0;
		if (t[i].service >= 0 && t[i].service < nservices)
			idx[n++] = i;
	}
	return n;
}

/* The open window that is free first (the lowest index among equals), or -1 when none is. */
static int
first_free(const int *state, const double *free_at, int nw)
{
	int k = -1;

	for (int j = 0; j < nw; j++)
		if (state[j] == FC_ACTIVE && (k < 0 || free_at[j] < free_at[k]))
			k = j;
	return k;
}

/* Window k found nothing to call: it waits for the next expected arrival (next, when there
 * is one; calls only remove tickets), or it is done. */
static void
window_idle(int *state, double *free_at, int k, const struct sched_ticket *next)
{
	if (next != NULL)
		free_at[k] = (double)next->issued_at;
	else
		state[k] = FC_DONE;
}

/* Window k's handling time for service s, within 1 s (also when not given) and 1e7 s. */
static double
handle_time(const double *handle_s, int nservices, int k, int s)
{
	double h = handle_s[(size_t)k * (size_t)nservices + (size_t)s];

	if (!(h > 0) || h > 1e7)
		h = !(h > 0) ? 1 : 1e7;
	return h;
}

int
sched_forecast_reference(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, const struct sched_ticket *t, int nt, long long now,
    int *eta_s, int *ahead)
{
	return sched_forecast_arrivals_reference(p, w, nw, handle_s, nservices, NULL, t, nt, now,
	    eta_s, ahead);
}

/* The forecast as the policy states it: one sched_pick (a linear scan) per call. O(nt^2);
 * kept as the specification the fast forecast below is tested against, and used by it when
 * max_overtake is set. */
int
sched_forecast_arrivals_reference(const struct sched_policy *p, const struct sched_window *w,
    int nw, const double *handle_s, int nservices, const double *rate,
    const struct sched_ticket *t, int nt, long long now, int *eta_s, int *ahead)
{
	return sched_forecast_expect_reference(p, w, nw, handle_s, nservices, rate, NULL, 0, t,
	    nt, now, eta_s, ahead);
}

int
sched_forecast_expect_reference(const struct sched_policy *p, const struct sched_window *w,
    int nw, const double *handle_s, int nservices, const double *rate,
    const struct sched_ticket *expect, int nexp, const struct sched_ticket *t, int nt,
    long long now, int *eta_s, int *ahead)
{
	struct sched_ticket *q = NULL, *v = NULL;
	int *qi = NULL, *state = NULL, *calls = NULL, *called = NULL, n = 0, nv, next_v = 0;
	int real_left = 0, rc = -1;
	double *free_at = NULL;
	long long max_id = 0;

	if (nt < 0 || nw < 0 || nservices < 0)
		return -1;
	for (int i = 0; i < nt; i++)
		max_id = t[i].id > max_id ? t[i].id : max_id;
	if ((nv = virtual_arrivals(p, rate, nservices, expect, nexp, now, max_id, &v)) < 0)
		return -1;
	q = jh_malloc(((size_t)nt + (size_t)nv + 1) * sizeof *q);
	qi = jh_malloc(((size_t)nt + (size_t)nv + 1) * sizeof *qi);
	called = jh_calloc((size_t)nt + 1, sizeof *called);
	state = jh_malloc(((size_t)nw + 1) * sizeof *state);
	free_at = jh_malloc(((size_t)nw + 1) * sizeof *free_at);
	calls = jh_calloc((size_t)nservices + 1, sizeof *calls);
	if (q == NULL || qi == NULL || called == NULL || state == NULL || free_at == NULL ||
	    calls == NULL)
		goto out;

	n = real_tickets(t, nt, nservices, qi, eta_s, ahead);
	for (int j = 0; j < n; j++)
		q[j] = t[qi[j]];
	real_left = n;
	for (int k = 0; k < nw; k++) {
		state[k] = w[k].open ? FC_ACTIVE : FC_DONE;
		free_at[k] = (double)(w[k].free_at > now ? w[k].free_at : now);
	}

	while (real_left > 0) {
		int k = first_free(state, free_at, nw), pick, i, s;
		long long tau;

		if (k < 0)
			break;
		tau = (long long)(free_at[k] + 0.5);	/* >= now >= 0 */
		while (next_v < nv && v[next_v].issued_at <= tau) {
			q[n] = v[next_v++];
			qi[n++] = -1;
		}
		pick = sched_pick(p, w[k].duty, w[k].nduty, q, n, tau);
		if (pick < 0) {
			/* None of its services has a waiting ticket (a primary ticket is always
			 * eligible, and only one can suspend a backup). */
			window_idle(state, free_at, k, next_v < nv ? &v[next_v] : NULL);
			continue;
		}
		s = q[pick].service;
		if ((i = qi[pick]) >= 0) {
			eta_s[i] = tau - now > INT_MAX ? INT_MAX : (int)(tau - now);
			ahead[i] = calls[s];
			called[i] = 1;
			real_left--;
			for (int d = 0; d < w[k].nduty; d++) {
				int ds = w[k].duty[d].service;

				if (ds >= 0 && ds < nservices &&
				    sched_duty_role(w[k].duty, d, ds) < 0)
					calls[ds]++;
			}
		}
		if (p->max_overtake > 0)
			sched_note_call(p, w[k].duty, w[k].nduty, q, n, pick, tau);
		free_at[k] += handle_time(handle_s, nservices, k, s);
		q[pick] = q[n - 1];
		qi[pick] = qi[n - 1];
		n--;
	}
	for (int i = 0; i < nt; i++)
		if (!called[i])
			ahead[i] = sched_queue_place(p, t, nt, i, now);
	rc = 0;
out:
	free(v);
	free(q);
	free(qi);
	free(called);
	free(state);
	free(free_at);
	free(calls);
	return rc;
}

/* The fast forecast: the same simulation as the reference, without its linear scans.
 *
 * At any time tau a ticket's score is (tau - issued_at) + w, so among tickets whose head start
 * w does not change, the order is that of the key w - issued_at (then the lower id) whatever
 * tau is. Only an appointment with a slot changes its head start, at most twice (due at
 * slot_start, normal again after slot_start + appt_grace), and the simulated time never goes
 * back: such a ticket is re-entered with its new key when tau passes those times, its old
 * entry going stale. So each service keeps a max-heap of its tickets by key, and a window's
 * pick is the best head among its eligible services. Backup duties depend only on the oldest
 * waiting ticket of each primary service: a cursor per service over its tickets in issue
 * order, skipping the called ones. Cost O((nt + arrivals) log nt + calls x (nw + duties)). */

struct fc_ent {
	long long key;		/* head start - issued_at: higher is called first */
	long long id;
	int k;			/* ticket in the forecast's array */
	int gen;		/* stale unless equal to the ticket's generation */
};

/* Issue order within a service, and appointment checks: (service or 0, time, ticket). */
struct fc_ord {
	int service;
	int k;
	long long at;
};

struct fc {
	const struct sched_policy *p;
	int m;			/* tickets: the real ones with a valid service, then virtual */
	long long *iss, *id;
	int *svc, *qi;		/* qi: index into t, or -1 for a virtual ticket */
	int *wnorm;		/* head start when not a due appointment */
	char *slot;		/* an appointment with a slot: its head start changes */
	char *due, *called;
	long long *sst;		/* slot start (of the slot tickets) */
	int *gen;
	struct fc_ent *ent;	/* heaps: service s at ent + hoff[s], hn[s] entries */
	int *hoff, *hn;
	struct fc_ord *ord;	/* issue order: service s at ord + ooff[s] .. ooff[s+1] */
	int *ooff, *cur;
};

static int
fc_better(const struct fc_ent *a, const struct fc_ent *b)
{
	return a->key > b->key || (a->key == b->key && a->id < b->id);
}

static struct fc_ent
fc_entry(const struct fc *f, int k)
{
	struct fc_ent e;

	e.key = (long long)(f->due[k] ? f->p->weight_s[LANE_APPOINTMENT] : f->wnorm[k]) -
	    f->iss[k];
	e.id = f->id[k];
	e.k = k;
	e.gen = f->gen[k];
	return e;
}

/* Put e at slot i of the heap h of n entries, or below it where it belongs. */
static void
fc_sift_down(struct fc_ent *h, int n, int i, struct fc_ent e)
{
	for (;;) {
		int c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && fc_better(&h[c + 1], &h[c]))
			c++;
		if (!fc_better(&h[c], &e))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = e;
}

static void
fc_push(struct fc *f, int s, int k)
{
	struct fc_ent *h = f->ent + f->hoff[s], e = fc_entry(f, k);
	int i = f->hn[s]++;

	while (i > 0 && fc_better(&e, &h[(i - 1) / 2])) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = e;
}

static void
fc_pop(struct fc *f, int s)
{
	struct fc_ent *h = f->ent + f->hoff[s];
	int n = --f->hn[s];

	if (n > 0)
		fc_sift_down(h, n, 0, h[n]);
}

/* The best waiting ticket of service s (dropping stale entries), or NULL. */
static const struct fc_ent *
fc_top(struct fc *f, int s)
{
	const struct fc_ent *h = f->ent + f->hoff[s];

	while (f->hn[s] > 0 && (f->called[h[0].k] || h[0].gen != f->gen[h[0].k]))
		fc_pop(f, s);
	return f->hn[s] > 0 ? &h[0] : NULL;
}

/* The oldest ticket of service s not yet called (possibly a virtual one not yet arrived: its
 * issue time is then after tau, too late to suspend a backup duty), or -1. */
static int
fc_oldest(struct fc *f, int s)
{
	while (f->cur[s] < f->ooff[s + 1] && f->called[f->ord[f->cur[s]].k])
		f->cur[s]++;
	return f->cur[s] < f->ooff[s + 1] ? f->ord[f->cur[s]].k : -1;
}

/* Issue order between tickets j and k: earlier issue time, then lower id (as sched.c). */
static int
fc_issued_before(const struct fc *f, int j, int k)
{
	return f->iss[j] < f->iss[k] || (f->iss[j] == f->iss[k] && f->id[j] < f->id[k]);
}

/* The first ticket of service s in issue order (time, then id) not yet called, or -1. */
static int
fc_first(struct fc *f, int s)
{
	int o = fc_oldest(f, s);

	for (int c = f->cur[s] + 1; o >= 0 && c < f->ooff[s + 1] &&
	    f->ord[c].at == f->iss[o]; c++)
		if (!f->called[f->ord[c].k] && fc_issued_before(f, f->ord[c].k, o))
			o = f->ord[c].k;
	return o;
}

/* The best ticket of backup service s issued before ticket o (an overdue primary ticket),
 * or NULL: the heap's head when it came before o, else a walk over s's tickets in issue
 * order up to o (the backup tickets older than an overdue primary are few: they are
 * called first). */
static const struct fc_ent *
fc_top_before(struct fc *f, int s, int o, struct fc_ent *buf)
{
	const struct fc_ent *e = fc_top(f, s);
	int found = 0;

	if (e == NULL || fc_issued_before(f, e->k, o))
		return e;
	fc_oldest(f, s);
	for (int c = f->cur[s]; c < f->ooff[s + 1] && f->ord[c].at <= f->iss[o]; c++) {
		int k = f->ord[c].k;
		struct fc_ent x;

		if (f->called[k] || !fc_issued_before(f, k, o))
			continue;
		x = fc_entry(f, k);
		if (!found || fc_better(&x, buf))
			*buf = x;
		found = 1;
	}
	return found ? buf : NULL;
}

static int
by_ord(const void *a, const void *b)
{
	const struct fc_ord *x = a, *y = b;
	long long kx[] = { x->service, x->at, x->k }, ky[] = { y->service, y->at, y->k };

	return cmp_keys(kx, ky, 3);
}

/* For the places of tickets that are never called: (service, key at now, id, index). */
struct fc_place {
	int service;
	int i;
	long long key, id;
};

static int
by_place(const void *a, const void *b)
{
	const struct fc_place *x = a, *y = b;
	/* the higher key first */
	long long kx[] = { x->service, y->key, x->id, x->i };
	long long ky[] = { y->service, x->key, y->id, y->i };

	return cmp_keys(kx, ky, 4);
}

static int
by_id(const void *a, const void *b)
{
	return cmp_keys(a, b, 1);
}

/* queue_place for every ticket not called: its place among its service's tickets sorted by
 * score at now (ids are all different here: see fc_fits). */
static int
fc_places(const struct sched_policy *p, const struct sched_ticket *t, int nt, int nservices,
    long long now, const char *called, int only_unknown, int *ahead)
{
	struct fc_place *pl = jh_malloc(((size_t)nt + 1) * sizeof *pl);
	char *need = jh_calloc((size_t)nservices + 1, 1);
	int first = 0, n = 0;

	if (pl == NULL || need == NULL) {
		free(pl);
		free(need);
		return -1;
	}
	/* only the services with a ticket not called (all of those with an unknown service) */
	for (int i = 0; i < nt; i++)
		if (!called[i] && !only_unknown && t[i].service >= 0 && t[i].service < nservices)
			need[t[i].service] = 1;
	for (int i = 0; i < nt; i++) {
		if (t[i].service >= 0 && t[i].service < nservices && !need[t[i].service])
			continue;
		pl[n].service = t[i].service;
		pl[n].i = i;
		pl[n].key = (long long)sched_weight(p, &t[i], now) - t[i].issued_at;
		pl[n].id = t[i].id;
		n++;
	}
	qsort(pl, (size_t)n, sizeof *pl, by_place);
	for (int j = 0; j < n; j++) {
		if (j == 0 || pl[j].service != pl[j - 1].service)
			first = j;
		if (!called[pl[j].i])
			ahead[pl[j].i] = j - first;
	}
	free(pl);
	free(need);
	return 0;
}

/* The same for the tickets of valid services when the ids increase along t (fc_fits 1), in
 * O(n x lanes) without sorting: within one head start, the order by score is the issue order
 * (f->ord: time, then position in t, i.e. id), so a service's order by score is the merge of
 * its tickets' issue order per lane (a slot appointment counts in the lane of its head start
 * at now). */
/* The lane whose head start t has at now (see sched_weight). */
static int
fc_lane_at(const struct sched_policy *p, const struct sched_ticket *t, long long now)
{
	enum sched_lane lane = (unsigned)t->lane < LANE_COUNT ? t->lane : LANE_NORMAL;

	if (lane == LANE_APPOINTMENT && t->slot_start > 0 &&
	    (now < t->slot_start || now > t->slot_start + p->appt_grace_s))
		lane = LANE_NORMAL;
	return lane;
}

static int
fc_places_ordered(const struct fc *f, const struct sched_ticket *t, int nservices,
    long long now, const char *called, int *ahead)
{
	int *lst = jh_malloc(((size_t)f->m + 1) * sizeof *lst);

	if (lst == NULL)
		return -1;
	for (int s = 0; s < nservices; s++) {
		const struct fc_ord *o = f->ord + f->ooff[s];
		int n = f->ooff[s + 1] - f->ooff[s], need = 0, place = 0;
		int start[LANE_COUNT + 1] = { 0 }, head[LANE_COUNT];
		long long wl[LANE_COUNT];

		for (int j = 0; j < n && !need; j++)
			need = f->qi[o[j].k] >= 0 && !called[f->qi[o[j].k]];
		if (!need)
			continue;
		for (int l = 0; l < LANE_COUNT; l++)
			wl[l] = f->p->weight_s[l];
		/* count, then place, the real tickets of each lane in issue order */
		for (int pass = 0; pass < 2; pass++) {
			if (pass == 1) {
				for (int l = 0; l < LANE_COUNT; l++)
					start[l + 1] += start[l];
				memcpy(head, start, sizeof head);
			}
			for (int j = 0; j < n; j++) {
				int k = o[j].k, l;

				if (f->qi[k] < 0)
					continue;
				l = fc_lane_at(f->p, &t[f->qi[k]], now);
				if (pass == 0)
					start[l + 1]++;
				else
					lst[head[l]++] = k;
			}
		}
		memcpy(head, start, sizeof head);
		for (;;) {
			int best = -1;
			long long bkey = 0;

			for (int l = 0; l < LANE_COUNT; l++) {
				long long key;

				if (head[l] == start[l + 1])
					continue;
				key = wl[l] - f->iss[lst[head[l]]];
				if (best < 0 || key > bkey || (key == bkey &&
				    f->id[lst[head[l]]] < f->id[lst[head[best]]])) {
					best = l;
					bkey = key;
				}
			}
			if (best < 0)
				break;
			if (!called[f->qi[lst[head[best]]]])
				ahead[f->qi[lst[head[best]]]] = place;
			head[best]++;
			place++;
		}
	}
	free(lst);
	return 0;
}

/* Times and ids the fast forecast handles exactly as the reference: times far from any
 * overflow, ids all different (the reference breaks a tie of score and id by array order).
 * 1: yes, and the ids increase along t; 2: yes, ids in another order; 0: no; -1: no memory. */
#define FC_SANE_TIME (1LL << 50)
static int
fc_fits(const struct sched_policy *p, const struct sched_ticket *t, int nt)
{
	long long *ids;
	int ok = 1;

	if (p->max_overtake > 0)
		return 0;
	for (int i = 0; i < nt; i++)
		if (t[i].issued_at < -FC_SANE_TIME || t[i].issued_at > FC_SANE_TIME ||
		    t[i].slot_start < -FC_SANE_TIME || t[i].slot_start > FC_SANE_TIME)
			return 0;
	for (int i = 1; i < nt && ok; i++)
		ok = t[i].id > t[i - 1].id;
	if (ok)
		return 1;	/* the usual case: tickets in id order */
	ok = 1;
	if ((ids = jh_malloc(((size_t)nt + 1) * sizeof *ids)) == NULL)
		return -1;
	for (int i = 0; i < nt; i++)
		ids[i] = t[i].id;
	qsort(ids, (size_t)nt, sizeof *ids, by_id);
	for (int i = 1; i < nt && ok; i++)
		ok = ids[i] != ids[i - 1];
	free(ids);
	return ok ? 2 : 0;
}

int
sched_forecast(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, const struct sched_ticket *t, int nt, long long now,
    int *eta_s, int *ahead)
{
	return sched_forecast_arrivals(p, w, nw, handle_s, nservices, NULL, t, nt, now, eta_s,
	    ahead);
}

static int tail_keep(struct sched_tail *tl, int nw, int nservices, long long now,
    long long max_id, const double *free_at, const int *count, const int *pick_w,
    const double *pick_t, int npick);

static int
forecast(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, const double *rate, const struct sched_ticket *expect,
    int nexp, const struct sched_ticket *t, int nt, long long now, int *eta_s, int *ahead,
    struct sched_tail *tl)
{
	struct fc f;
	struct sched_ticket *v = NULL;
	struct fc_ord *ev = NULL;
	int *wsvc = NULL, *woff = NULL, *calls = NULL, *state = NULL, *cnt = NULL;
	int *pick_w = NULL, npick = 0;	/* for tl: each real call's window and time */
	double *pick_t = NULL;
	char *tcalled = NULL;
	double *free_at = NULL;
	int nv, nev = 0, next_v = 0, next_ev = 0, real_left = 0, fits, rc = -1, m, nent = 0;
	long long max_id = 0;
	size_t nws = 0;

	if (nt < 0 || nw < 0 || nservices < 0)
		return -1;
	if (tl != NULL)
		tl->valid = 0;
	if ((fits = fc_fits(p, t, nt)) <= 0)
		return fits < 0 ? -1 : sched_forecast_expect_reference(p, w, nw, handle_s,
		    nservices, rate, expect, nexp, t, nt, now, eta_s, ahead);
	memset(&f, 0, sizeof f);
	f.p = p;
	for (int i = 0; i < nt; i++)
		max_id = t[i].id > max_id ? t[i].id : max_id;
	if ((nv = virtual_arrivals(p, rate, nservices, expect, nexp, now, max_id, &v)) < 0)
		return -1;
	m = nt + nv;
	for (int k = 0; k < nw; k++)
		nws += w[k].nduty > 0 ? (size_t)w[k].nduty : 0;
	f.iss = jh_malloc(((size_t)m + 1) * sizeof *f.iss);
	f.id = jh_malloc(((size_t)m + 1) * sizeof *f.id);
	f.svc = jh_malloc(((size_t)m + 1) * sizeof *f.svc);
	f.qi = jh_malloc(((size_t)m + 1) * sizeof *f.qi);
	f.wnorm = jh_malloc(((size_t)m + 1) * sizeof *f.wnorm);
	f.gen = jh_calloc((size_t)m + 1, sizeof *f.gen);
	f.slot = jh_calloc((size_t)m + 1, 1);
	f.due = jh_calloc((size_t)m + 1, 1);
	f.called = jh_calloc((size_t)m + 1, 1);
	f.ord = jh_malloc(((size_t)m + 1) * sizeof *f.ord);
	f.hoff = jh_calloc((size_t)nservices + 1, sizeof *f.hoff);
	f.hn = jh_calloc((size_t)nservices + 1, sizeof *f.hn);
	f.ooff = jh_calloc((size_t)nservices + 2, sizeof *f.ooff);
	f.cur = jh_calloc((size_t)nservices + 1, sizeof *f.cur);
	cnt = jh_calloc((size_t)nservices + 1, sizeof *cnt);
	ev = jh_malloc((2 * (size_t)m + 1) * sizeof *ev);
	f.sst = jh_malloc(((size_t)m + 1) * sizeof *f.sst);
	tcalled = jh_calloc((size_t)nt + 1, 1);
	wsvc = jh_malloc((nws + 1) * 2 * sizeof *wsvc);
	woff = jh_calloc((size_t)nw + 2, sizeof *woff);
	state = jh_malloc(((size_t)nw + 1) * sizeof *state);
	free_at = jh_malloc(((size_t)nw + 1) * sizeof *free_at);
	calls = jh_calloc((size_t)nservices + 1, sizeof *calls);
	if (tl != NULL) {
		pick_w = jh_malloc(((size_t)nt + 1) * sizeof *pick_w);
		pick_t = jh_malloc(((size_t)nt + 1) * sizeof *pick_t);
		if (!pick_w || !pick_t)
			goto out;
	}
	if (!f.iss || !f.id || !f.svc || !f.qi || !f.wnorm || !f.gen || !f.slot || !f.due ||
	    !f.called || !f.ord || !f.hoff || !f.hn || !f.ooff || !f.cur || !cnt || !ev ||
	    !tcalled || !wsvc || !woff || !state || !free_at || !calls || !f.sst)
		goto out;

	/* the tickets: real ones with a valid service, then the virtual ones (in issue order) */
	f.m = real_tickets(t, nt, nservices, f.qi, eta_s, ahead);
	real_left = f.m;
	for (int j = 0; j < nv; j++)
		f.qi[f.m++] = -1 - j;
	for (int k = 0; k < f.m; k++) {
		const struct sched_ticket *x = f.qi[k] >= 0 ? &t[f.qi[k]] : &v[-1 - f.qi[k]];
		enum sched_lane lane = (unsigned)x->lane < LANE_COUNT ? x->lane : LANE_NORMAL;

		f.iss[k] = x->issued_at;
		f.id[k] = x->id;
		f.svc[k] = x->service;
		f.slot[k] = lane == LANE_APPOINTMENT && x->slot_start > 0;
		f.sst[k] = x->slot_start;
		f.wnorm[k] = p->weight_s[f.slot[k] ? LANE_NORMAL : lane];
		if (f.qi[k] < 0)
			f.qi[k] = -1;
		cnt[x->service] += 1 + 2 * f.slot[k];
		f.ooff[x->service + 1]++;
		if (f.slot[k]) {
			/* look again when it becomes due and when its grace ends */
			ev[nev].service = 0;
			ev[nev].k = k;
			ev[nev++].at = x->slot_start;
			ev[nev].service = 0;
			ev[nev].k = k;
			ev[nev++].at = x->slot_start + p->appt_grace_s + 1;
		}
	}
	m = f.m;
	for (int s = 0; s < nservices; s++) {
		f.hoff[s] = nent;
		nent += cnt[s];
	}
	if ((f.ent = jh_malloc(((size_t)nent + 1) * sizeof *f.ent)) == NULL)
		goto out;
	qsort(ev, (size_t)nev, sizeof *ev, by_ord);
	/* issue order per service: by service (counting), then by time within each service,
	 * which is usually so already (tickets come in id order) */
	for (int s = 0; s < nservices; s++)
		f.ooff[s + 1] += f.ooff[s];
	for (int s = 0; s < nservices; s++)
		f.cur[s] = f.ooff[s];
	for (int k = 0; k < m; k++) {
		struct fc_ord *o = &f.ord[f.cur[f.svc[k]]++];

		o->service = f.svc[k];
		o->k = k;
		o->at = f.iss[k];
	}
	for (int s = 0; s < nservices; s++) {
		struct fc_ord *o = f.ord + f.ooff[s];
		int n = f.ooff[s + 1] - f.ooff[s], sorted = 1;

		for (int j = 1; j < n && sorted; j++)
			sorted = o[j].at >= o[j - 1].at;
		if (!sorted)
			qsort(o, (size_t)n, sizeof *o, by_ord);
		f.cur[s] = f.ooff[s];
	}
	/* the heaps of the real tickets, built bottom-up; virtual tickets enter on arrival */
	for (int k = 0; k < m && f.qi[k] >= 0; k++)
		f.ent[f.hoff[f.svc[k]] + f.hn[f.svc[k]]++] = fc_entry(&f, k);
	for (int s = 0; s < nservices; s++)
		for (int i = f.hn[s] / 2 - 1; i >= 0; i--)
			fc_sift_down(f.ent + f.hoff[s], f.hn[s], i, f.ent[f.hoff[s] + i]);

	/* each window's distinct valid services and its role in each (0 primary, 1 backup) */
	for (int k = 0; k < nw; k++) {
		int n = woff[k];

		for (int d = 0; d < w[k].nduty; d++) {
			int ds = w[k].duty[d].service;

			if (ds < 0 || ds >= nservices || sched_duty_role(w[k].duty, d, ds) >= 0)
				continue;
			wsvc[2 * n] = ds;
			wsvc[2 * n + 1] = sched_duty_role(w[k].duty, w[k].nduty, ds);
			n++;
		}
		woff[k + 1] = n;
		state[k] = w[k].open ? FC_ACTIVE : FC_DONE;
		free_at[k] = (double)(w[k].free_at > now ? w[k].free_at : now);
	}

	while (real_left > 0) {
		int k = first_free(state, free_at, nw), pick = -1, o = -1, i, s;
		long long tau;

		if (k < 0)
			break;
		tau = (long long)(free_at[k] + 0.5);	/* >= now >= 0, never decreasing */
		while (next_v < nv && v[next_v].issued_at <= tau) {
			int kv = m - nv + next_v++;

			fc_push(&f, f.svc[kv], kv);
		}
		for (; next_ev < nev && ev[next_ev].at <= tau; next_ev++) {
			int ka = ev[next_ev].k;
			long long start = f.sst[ka];
			char due = tau >= start && tau <= start + p->appt_grace_s;

			if (f.called[ka] || due == f.due[ka])
				continue;
			f.due[ka] = due;
			f.gen[ka]++;
			/* an expected arrival not here yet enters its heap when it comes, with
			 * the key it has then */
			if (ka < m - nv || ka - (m - nv) < next_v)
				fc_push(&f, f.svc[ka], ka);
		}
		/* sched_pick: a backup ticket waits while a primary ticket issued before it has
		 * waited too long (o, the oldest such) */
		for (int d = woff[k]; d < woff[k + 1]; d++) {
			int c;

			if (wsvc[2 * d + 1] == 0 && (c = fc_first(&f, wsvc[2 * d])) >= 0 &&
			    tau - f.iss[c] > p->backup_threshold_s &&
			    (o < 0 || fc_issued_before(&f, c, o)))
				o = c;
		}
		{
			struct fc_ent best, buf;

			for (int d = woff[k]; d < woff[k + 1]; d++) {
				const struct fc_ent *e;

				e = wsvc[2 * d + 1] != 0 && o >= 0 ?
				    fc_top_before(&f, wsvc[2 * d], o, &buf) : fc_top(&f, wsvc[2 * d]);
				if (e != NULL && (pick < 0 || fc_better(e, &best))) {
					best = *e;
					pick = e->k;
				}
			}
		}
		if (pick < 0) {
			window_idle(state, free_at, k, next_v < nv ? &v[next_v] : NULL);
			continue;
		}
		s = f.svc[pick];
		f.called[pick] = 1;
		fc_top(&f, s);		/* drops pick when it was the head of its service's heap */
		if ((i = f.qi[pick]) >= 0) {
			eta_s[i] = tau - now > INT_MAX ? INT_MAX : (int)(tau - now);
			ahead[i] = calls[s];
			tcalled[i] = 1;
			real_left--;
			if (pick_w != NULL) {
				pick_w[npick] = k;
				pick_t[npick++] = free_at[k];
			}
			for (int d = woff[k]; d < woff[k + 1]; d++)
				calls[wsvc[2 * d]]++;
		}
		free_at[k] += handle_time(handle_s, nservices, k, s);
	}
	for (int i = 0; i < nt; i++)
		if (!tcalled[i]) {
			if (fits == 1 ? fc_places_ordered(&f, t, nservices, now, tcalled, ahead) < 0 ||
			    fc_places(p, t, nt, nservices, now, tcalled, 1, ahead) < 0 :
			    fc_places(p, t, nt, nservices, now, tcalled, 0, ahead) < 0)
				goto out;
			break;
		}
	rc = 0;
	/* cnt counted 1 + 2 x slot per real ticket: count them again for the tail */
	if (tl != NULL && fits == 1 && nv == 0 && rate == NULL) {
		memset(cnt, 0, ((size_t)nservices + 1) * sizeof *cnt);
		for (int k = 0; k < m; k++)
			cnt[f.svc[k]]++;
		rc = tail_keep(tl, nw, nservices, now, max_id, free_at, cnt, pick_w, pick_t,
		    npick);
		/* a ticket issued after now could rank below a newcomer */
		for (int k = 0; k < m && rc == 0; k++)
			if (f.iss[k] > now)
				tl->valid = 0;
	}
out:
	free(v); free(ev); free(f.sst); free(f.iss); free(f.id); free(f.svc); free(f.qi); free(f.wnorm);
	free(f.gen); free(f.slot); free(f.due); free(f.called); free(f.ord); free(f.hoff);
	free(f.hn); free(f.ooff); free(f.cur); free(f.ent); free(cnt); free(tcalled); free(wsvc);
	free(woff); free(state); free(free_at); free(calls); free(pick_w); free(pick_t);
	return rc;
}

int
sched_forecast_arrivals(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, const double *rate, const struct sched_ticket *t,
    int nt, long long now, int *eta_s, int *ahead)
{
	return forecast(p, w, nw, handle_s, nservices, rate, NULL, 0, t, nt, now, eta_s, ahead,
	    NULL);
}

int
sched_forecast_expect(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, const double *rate, const struct sched_ticket *expect,
    int nexp, const struct sched_ticket *t, int nt, long long now, int *eta_s, int *ahead,
    struct sched_tail *tl)
{
	return forecast(p, w, nw, handle_s, nservices, rate, expect, nexp, t, nt, now, eta_s,
	    ahead, tl);
}

int
sched_forecast_keep(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, const struct sched_ticket *t, int nt, long long now,
    int *eta_s, int *ahead, struct sched_tail *tl)
{
	return forecast(p, w, nw, handle_s, nservices, NULL, NULL, 0, t, nt, now, eta_s, ahead,
	    tl);
}

void
sched_tail_free(struct sched_tail *tl)
{
	for (size_t k = 0; k < tl->cap_w; k++)
		free(tl->pick_at[k]);
	free(tl->pick_at);
	free(tl->npick);
	free(tl->cap_pick);
	free(tl->free_at);
	free(tl->count);
	memset(tl, 0, sizeof *tl);
}

/* Room for nw windows and nservices services in tl. 0, or -1 when out of memory. */
static int
tail_reserve(struct sched_tail *tl, int nw, int nservices)
{
	if ((size_t)nw + 1 > tl->cap_w) {
		size_t n = (size_t)nw + 1;
		double *fa = jh_realloc(tl->free_at, n * sizeof *fa), **pa;
		int *np, *cp;

		if (fa == NULL)
			return -1;
		tl->free_at = fa;
		if ((pa = jh_realloc(tl->pick_at, n * sizeof *pa)) == NULL)
			return -1;
		tl->pick_at = pa;
		if ((np = jh_realloc(tl->npick, n * sizeof *np)) == NULL)
			return -1;
		tl->npick = np;
		if ((cp = jh_realloc(tl->cap_pick, n * sizeof *cp)) == NULL)
			return -1;
		tl->cap_pick = cp;
		for (size_t k = tl->cap_w; k < n; k++) {
			tl->pick_at[k] = NULL;
			tl->npick[k] = tl->cap_pick[k] = 0;
		}
		tl->cap_w = n;
	}
	if ((size_t)nservices + 1 > tl->cap_s) {
		int *n = jh_realloc(tl->count, ((size_t)nservices + 1) * sizeof *n);

		if (n == NULL)
			return -1;
		tl->count = n;
		tl->cap_s = (size_t)nservices + 1;
	}
	return 0;
}

/* Append a call at time at to window k's list. 0, or -1 when out of memory. */
static int
tail_pick(struct sched_tail *tl, int k, double at)
{
	if (tl->npick[k] == tl->cap_pick[k]) {
		int n = tl->cap_pick[k] ? 2 * tl->cap_pick[k] : 64;
		double *p = jh_realloc(tl->pick_at[k], (size_t)n * sizeof *p);

		if (p == NULL)
			return -1;
		tl->pick_at[k] = p;
		tl->cap_pick[k] = n;
	}
	tl->pick_at[k][tl->npick[k]++] = at;
	return 0;
}

/* The simulation's end state: free_at of every window (an open one is then idle for good:
 * none of its services has a ticket left), each window's calls and the ticket count per
 * service. */
static int
tail_keep(struct sched_tail *tl, int nw, int nservices, long long now, long long max_id,
    const double *free_at, const int *count, const int *pick_w, const double *pick_t,
    int npick)
{
	tl->valid = 0;
	if (tail_reserve(tl, nw, nservices) < 0)
		return -1;
	memcpy(tl->free_at, free_at, (size_t)nw * sizeof *free_at);
	memcpy(tl->count, count, (size_t)nservices * sizeof *count);
	for (int k = 0; k < nw; k++)
		tl->npick[k] = 0;
	for (int j = 0; j < npick; j++)
		if (tail_pick(tl, pick_w[j], pick_t[j]) < 0)
			return -1;
	tl->nw = nw;
	tl->nservices = nservices;
	tl->now = now;
	tl->max_id = max_id;
	tl->valid = 1;
	return 0;
}

/* Calls window j made before the simulation's event (at, k): events go by time, then by
 * window index. */
static int
calls_before(const struct sched_tail *tl, int j, double at, int k)
{
	const double *p = tl->pick_at[j];
	int lo = 0, hi = tl->npick[j];

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (p[mid] < at || (p[mid] == at && j < k))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Why appending is exact (the forecast above, with and without the new tickets): a new ticket
 * T has the lowest key of all (the smallest head start, issued at now when nobody waiting was
 * issued later, the highest id), so a window picks it only when none of its services has
 * another ticket left, which in the old simulation is the moment the window went idle for
 * good (tl->free_at): the same event, taken in the same order (free_at, then window index).
 * Every old call happens as before: T never beats a ticket, and it suspends no backup duty as
 * long as it waits no longer than the threshold (checked; otherwise the caller simulates
 * everything). T's ahead counts the calls made before that event by the windows serving its
 * service (tl->pick_at); an old ticket's ahead does not change, as every call T's window makes
 * comes after that window's last old call. New tickets among themselves: the lower id first,
 * which is the same rule. A window left with no new ticket to call stays where it was for the
 * next batch: a later ticket of its services would be called there at that time. */
int
sched_forecast_append(const struct sched_policy *p, const struct sched_window *w, int nw,
    const double *handle_s, int nservices, struct sched_tail *tl, const struct sched_ticket *t,
    int nt, int *eta_s, int *ahead)
{
	double *fa = NULL;
	int *count = NULL, *wsvc = NULL, *woff = NULL, *left = NULL, *pick_k = NULL;
	double *pick_t = NULL;
	char *served = NULL, *guarded = NULL, *active = NULL;
	int wmin = p->weight_s[0], rc = -1, nleft = 0, npick = 0;
	size_t nws = 0;

	if (!tl->valid || tl->nw != nw || tl->nservices != nservices || p->max_overtake > 0)
		return 1;
	for (int l = 0; l < LANE_COUNT; l++)
		wmin = p->weight_s[l] < wmin ? p->weight_s[l] : wmin;
	for (int i = 0; i < nt; i++) {
		enum sched_lane lane = t[i].lane;

		if ((unsigned)lane >= LANE_COUNT || p->weight_s[lane] != wmin ||
		    (lane == LANE_APPOINTMENT && t[i].slot_start > 0) ||
		    t[i].issued_at != tl->now || t[i].service < 0 || t[i].service >= nservices ||
		    t[i].id <= (i ? t[i - 1].id : tl->max_id))
			return 1;
	}
	for (int k = 0; k < nw; k++)
		nws += w[k].nduty > 0 ? (size_t)w[k].nduty : 0;
	fa = jh_malloc(((size_t)nw + 1) * sizeof *fa);
	active = jh_calloc((size_t)nw + 1, 1);
	count = jh_malloc(((size_t)nservices + 1) * sizeof *count);
	served = jh_calloc((size_t)nservices + 1, 1);
	guarded = jh_calloc((size_t)nservices + 1, 1);
	wsvc = jh_malloc((nws + 1) * sizeof *wsvc);
	woff = jh_calloc((size_t)nw + 2, sizeof *woff);
	left = jh_malloc(((size_t)nt + 1) * sizeof *left);
	pick_k = jh_malloc(((size_t)nt + 1) * sizeof *pick_k);
	pick_t = jh_malloc(((size_t)nt + 1) * sizeof *pick_t);
	if (!fa || !active || !count || !served || !guarded || !wsvc || !woff || !left ||
	    !pick_k || !pick_t)
		goto out;
	memcpy(fa, tl->free_at, (size_t)nw * sizeof *fa);
	memcpy(count, tl->count, (size_t)nservices * sizeof *count);
	/* each window's distinct services (as the forecast lists them); which services an open
	 * window serves, and which are primary where a backup duty could be suspended */
	for (int k = 0; k < nw; k++) {
		int n = woff[k], backup = 0;

		for (int d = 0; d < w[k].nduty; d++) {
			int ds = w[k].duty[d].service;

			if (ds < 0 || ds >= nservices || sched_duty_role(w[k].duty, d, ds) >= 0)
				continue;
			wsvc[n++] = ds;
			backup |= sched_duty_role(w[k].duty, w[k].nduty, ds) == 1;
		}
		woff[k + 1] = n;
		if (!w[k].open)
			continue;
		active[k] = 1;
		for (int d = woff[k]; d < n; d++) {
			served[wsvc[d]] = 1;
			if (backup && sched_duty_role(w[k].duty, w[k].nduty, wsvc[d]) == 0)
				guarded[wsvc[d]] = 1;
		}
	}
	/* tickets no open window serves take their place at the end of their service's queue */
	for (int i = 0; i < nt; i++) {
		int s = t[i].service;

		if (served[s]) {
			left[nleft++] = i;
		} else {
			eta_s[i] = -1;
			ahead[i] = count[s];
		}
		count[s]++;
	}
	/* the rest of the simulation: windows in order of free_at (then index), each calling the
	 * first new ticket it serves, or idle for good when there is none */
	while (nleft > 0) {
		int k = -1, j = -1, i, s, before = 0;
		long long tau;
		double h;

		for (int x = 0; x < nw; x++)
			if (active[x] && (k < 0 || fa[x] < fa[k]))
				k = x;
		if (k < 0)
			break;		/* cannot happen: a served ticket has an open window */
		for (int x = 0; x < nleft && j < 0; x++)
			for (int d = woff[k]; d < woff[k + 1]; d++)
				if (wsvc[d] == t[left[x]].service) {
					j = x;
					break;
				}
		if (j < 0) {
			active[k] = 0;
			continue;
		}
		i = left[j];
		s = t[i].service;
		memmove(left + j, left + j + 1, (size_t)(nleft - j - 1) * sizeof *left);
		nleft--;
		tau = (long long)(fa[k] + 0.5);
		if (guarded[s] && tau - tl->now > p->backup_threshold_s) {
			rc = 1;		/* it would suspend a backup duty while it waits */
			goto out;
		}
		/* calls before this one by the open windows serving s: old ones from tl, new
		 * ones of this batch (made in event order, so all before this one) */
		for (int x = 0; x < nw; x++) {
			int serves = 0;

			for (int d = woff[x]; d < woff[x + 1] && !serves; d++)
				serves = wsvc[d] == s;
			if (!serves || !w[x].open)
				continue;
			before += calls_before(tl, x, fa[k], k);
			for (int y = 0; y < npick; y++)
				before += pick_k[y] == x;
		}
		eta_s[i] = tau - tl->now > INT_MAX ? INT_MAX : (int)(tau - tl->now);
		ahead[i] = before;
		pick_k[npick] = k;
		pick_t[npick++] = fa[k];
		h = handle_s[(size_t)k * (size_t)nservices + (size_t)s];
		if (!(h > 0) || h > 1e7)
			h = !(h > 0) ? 1 : 1e7;
		fa[k] += h;
	}
	if (nleft > 0) {
		rc = 1;
		goto out;
	}
	/* keep the batch: its calls, where each window now stands, the counts */
	for (int y = 0; y < npick; y++)
		if (tail_pick(tl, pick_k[y], pick_t[y]) < 0) {
			tl->valid = 0;	/* half kept: the next forecast starts again */
			goto out;
		}
	memcpy(tl->free_at, fa, (size_t)nw * sizeof *fa);
	memcpy(tl->count, count, (size_t)nservices * sizeof *count);
	if (nt > 0)
		tl->max_id = t[nt - 1].id;
	rc = 0;
out:
	free(fa); free(active); free(count); free(served); free(guarded);
	free(wsvc); free(woff); free(left); free(pick_k); free(pick_t);
	return rc;
}
