/* queue.c — live queue state and the glue to the scheduler (sched.h): builds its value arrays
 * from the hall and the live tickets. Pure: no I/O, no clock. */
#include <math.h>
#include <stdio.h>
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "fault.h"
#include "queue.h"
#include "sched_balance.h"

static const char *const state_names[TS_COUNT] = {
	"waiting", "called", "done", "no_show", "transferred", "cancelled"
};
static const char *const wstate_names[WS_COUNT] = { "closed", "open", "paused" };
static const char *const applicant_names[AP_COUNT] = { "individual", "enterprise" };
static const char *const channel_names[CH_COUNT] = { "walk_in", "appointment" };

static int
find_name(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *queue_state_name(int s) { return s >= 0 && s < TS_COUNT ? state_names[s] : "?"; }
int queue_state_parse(const char *s) { return find_name(state_names, TS_COUNT, s); }
const char *queue_window_state_name(int s) { return s >= 0 && s < WS_COUNT ? wstate_names[s] : "?"; }
const char *queue_applicant_name(int a) { return a >= 0 && a < AP_COUNT ? applicant_names[a] : "?"; }
int queue_applicant_parse(const char *s) { return find_name(applicant_names, AP_COUNT, s); }
const char *queue_channel_name(int c) { return c >= 0 && c < CH_COUNT ? channel_names[c] : "?"; }
int queue_channel_parse(const char *s) { return find_name(channel_names, CH_COUNT, s); }

/* Working arrays of queue_forecast (per live ticket and per window) and of
 * queue_forecast_store (per live ticket). Only grow; contents do not outlive a call. */
struct queue_scratch {
	struct sched_ticket *st;
	int *map, *e, *a, *eta, *ahead;
	size_t cap_t;		/* elements in each per-ticket array */
	struct sched_duty *duty;
	struct sched_window *sw;
	double *handle;
	size_t cap_w;		/* windows' worth in duty, sw and handle */
	size_t cap_h;		/* elements in handle */
	struct sched_tail tail;	/* where queue_forecast_store's last simulation ended */
};

/* Make *p hold n elements of size bytes when it holds fewer (have). 0, or -1 when out of
 * memory (*p is then unchanged). */
static int
grow(void **p, size_t have, size_t n, size_t size)
{
	void *np;

	if (n <= have)
		return 0;
	if ((np = jh_realloc(*p, n * size)) == NULL)
		return -1;
	*p = np;
	return 0;
}

/* The capacity to grow to for need elements: doubling, so that a queue growing by a ticket a
 * turn reallocates rarely. */
static size_t
next_cap(size_t have, size_t need)
{
	size_t n = have < 32 ? 64 : 2 * have;

	return n < need ? need : n;
}

/* Room for nt tickets, nw windows and nh handling times. Arrays only grow, so pointers taken
 * from fc stay valid across a later call that asks for no more. 0, or -1 when out of memory. */
static int
scratch_reserve(struct queue_scratch *fc, size_t nt, size_t nw, size_t nh)
{
	if (nt > fc->cap_t) {
		size_t ct = fc->cap_t, n = next_cap(ct, nt);

		/* every array to the same new capacity, recorded once all have it */
		if (grow((void **)&fc->st, ct, n, sizeof *fc->st) < 0 ||
		    grow((void **)&fc->map, ct, n, sizeof *fc->map) < 0 ||
		    grow((void **)&fc->e, ct, n, sizeof *fc->e) < 0 ||
		    grow((void **)&fc->a, ct, n, sizeof *fc->a) < 0 ||
		    grow((void **)&fc->eta, ct, n, sizeof *fc->eta) < 0 ||
		    grow((void **)&fc->ahead, ct, n, sizeof *fc->ahead) < 0)
			return -1;
		fc->cap_t = n;
	}
	if (nw > fc->cap_w) {
		size_t cw = fc->cap_w, n = next_cap(cw, nw);

		if (grow((void **)&fc->duty, cw * (HALL_MAX_DUTIES + 1), n * (HALL_MAX_DUTIES + 1),
		    sizeof *fc->duty) < 0 || grow((void **)&fc->sw, cw, n, sizeof *fc->sw) < 0)
			return -1;
		fc->cap_w = n;
	}
	if (nh > fc->cap_h) {
		size_t n = next_cap(fc->cap_h, nh);

		if (grow((void **)&fc->handle, fc->cap_h, n, sizeof *fc->handle) < 0)
			return -1;
		fc->cap_h = n;
	}
	return 0;
}

static void
scratch_free(struct queue_scratch *fc)
{
	if (fc == NULL)
		return;
	free(fc->st); free(fc->map); free(fc->e); free(fc->a); free(fc->eta); free(fc->ahead);
	free(fc->duty); free(fc->sw); free(fc->handle);
	sched_tail_free(&fc->tail);
	free(fc);
}

void
queue_init(struct queue *q, const struct hall_conf *conf)
{
	memset(q, 0, sizeof *q);
	q->conf = *conf;
	q->fc = jh_calloc(1, sizeof *q->fc);	/* NULL: the forecast reports out of memory */
	/* the hall file's expected handling time, else a guess, until measured */
	for (int i = 0; i < HALL_MAX_SERVICES; i++)
		if (i < conf->nsvc && conf->svc[i].handle_s > 0)
			sched_mean_start(&q->svc[i].handle, conf->svc[i].handle_s,
			    QUEUE_HANDLE_PRIOR_N);
		else
			sched_mean_start(&q->svc[i].handle, QUEUE_DEFAULT_HANDLE_S, 0);
	for (int i = 0; i < HALL_MAX_WINDOWS; i++)
		q->win[i].avg_handle_s = QUEUE_DEFAULT_HANDLE_S;
	sched_range_init(&q->range);
}

void
queue_free(struct queue *q)
{
	free(q->t);
	q->t = NULL;
	q->nt = q->cap = 0;
	scratch_free(q->fc);
	q->fc = NULL;
	free(q->expect);
	q->expect = NULL;
	q->nexp = q->cap_exp = 0;
}

int
queue_set_expected(struct queue *q, const struct sched_ticket *e, int n)
{
	if (n > q->cap_exp) {
		struct sched_ticket *p = jh_realloc(q->expect, (size_t)n * sizeof *p);

		if (p == NULL) {
			q->nexp = 0;
			return -1;
		}
		q->expect = p;
		q->cap_exp = n;
	}
	q->nexp = n > 0 ? n : 0;
	if (q->nexp > 0)
		memcpy(q->expect, e, (size_t)q->nexp * sizeof *e);
	return 0;
}

struct ticket *
queue_find(struct queue *q, long long id)
{
	/* live tickets are kept in id order (loaded ORDER BY id, new ones appended with the
	 * next rowid): a binary search first, so a busy take path stays O(log n); the scan
	 * below keeps it correct should that order ever not hold */
	int lo = 0, hi = q->nt - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (q->t[mid].id == id)
			return &q->t[mid];
		if (q->t[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	for (int i = 0; i < q->nt; i++)
		if (q->t[i].id == id)
			return &q->t[i];
	return NULL;
}

struct ticket *
queue_find_code(struct queue *q, const char *code)
{
	/* the newest ticket with that code: codes repeat across days, not within one */
	for (int i = q->nt - 1; i >= 0; i--)
		if (strcmp(q->t[i].code, code) == 0 && strcmp(q->t[i].day, q->day) == 0)
			return &q->t[i];
	return NULL;
}

int
queue_add(struct queue *q, const struct ticket *t)
{
	if (q->nt == q->cap) {
		int n = q->cap ? q->cap * 2 : 256;

		if (grow((void **)&q->t, (size_t)q->cap, (size_t)n, sizeof *q->t) < 0)
			return -1;
		q->cap = n;
	}
	/* live tickets are kept in id order (queue_find): a new one has the highest id */
	assert(q->nt == 0 || q->t[q->nt - 1].id < t->id);
	q->t[q->nt++] = *t;
	return 0;
}

void
queue_remove(struct queue *q, long long id)
{
	for (int i = 0; i < q->nt; i++)
		if (q->t[i].id == id) {
			memmove(&q->t[i], &q->t[i + 1], (q->nt - i - 1) * sizeof q->t[0]);
			q->nt--;
			return;
		}
}

void
queue_format_code(const struct hall_service *s, int seq, char *buf, int size)
{
	snprintf(buf, size, "%s%03d", s->prefix, seq);
}

/* The scheduler's view of one window: its duties, plus a synthetic service (index nsvc) for
 * tickets transferred to this very window. */
static int
window_duties(const struct queue *q, int w, struct sched_duty *d)
{
	const struct hall_window *hw = &q->conf.win[w];
	int n = 0;

	for (int i = 0; i < hw->nduty; i++) {
		d[n].service = hw->duty[i].service;
		d[n].backup = hw->duty[i].backup;
		n++;
	}
	d[n].service = q->conf.nsvc + w;
	d[n].backup = 0;
	return n + 1;
}

static void
to_sched(const struct queue *q, const struct ticket *t, struct sched_ticket *s)
{
	s->id = t->id;
	s->service = t->pin >= 0 ? q->conf.nsvc + t->pin : t->svc;
	s->lane = t->lane;
	s->issued_at = t->issued_at;
	s->slot_start = t->slot_start;
	s->slot_end = t->slot_end;
	s->passed = t->passed;	/* kept by queue_note_call while max_overtake is set */
}

int
queue_pick(const struct queue *q, int w, long long now)
{
	struct sched_duty duty[HALL_MAX_DUTIES + 1];
	struct sched_ticket *st;
	int *map, n = 0, nd, pick, r = -1;

	if (q->nt == 0)
		return -1;
	st = jh_malloc(q->nt * sizeof *st);
	map = jh_malloc(q->nt * sizeof *map);
	if (!st || !map)
		goto out;
	for (int i = 0; i < q->nt; i++) {
		if (q->t[i].state != TS_WAITING)
			continue;
		to_sched(q, &q->t[i], &st[n]);
		map[n++] = i;
	}
	nd = window_duties(q, w, duty);
	pick = sched_pick(&q->conf.policy, duty, nd, st, n, now);
	if (pick >= 0)
		r = map[pick];
out:
	free(st);
	free(map);
	return r;
}

int
queue_note_call(struct queue *q, int w, int pick, long long now, int *changed)
{
	struct sched_duty duty[HALL_MAX_DUTIES + 1];
	struct sched_ticket *st;
	int *map, n = 0, nd, k = -1, nch = 0;

	if (q->conf.policy.max_overtake <= 0 || pick < 0 || pick >= q->nt ||
	    q->t[pick].state != TS_WAITING)
		return 0;
	st = jh_malloc(q->nt * sizeof *st);
	map = jh_malloc(q->nt * sizeof *map);
	if (!st || !map) {
		free(st);
		free(map);
		return -1;
	}
	/* the same tickets queue_pick chose among: the eligibility of backups depends on them */
	for (int i = 0; i < q->nt; i++) {
		if (q->t[i].state != TS_WAITING)
			continue;
		if (i == pick)
			k = n;
		to_sched(q, &q->t[i], &st[n]);
		map[n++] = i;
	}
	nd = window_duties(q, w, duty);
	sched_note_call(&q->conf.policy, duty, nd, st, n, k, now);
	for (int j = 0; j < n; j++)
		if (st[j].passed != q->t[map[j]].passed) {
			q->t[map[j]].passed = st[j].passed;
			changed[nch++] = map[j];
		}
	free(st);
	free(map);
	return nch;
}

/* Expected handling time of service s (or nsvc + w: tickets pinned to window w) at window w:
 * the window's own mean for that service shrunk towards the service's mean over all windows
 * (QUEUE_WS_SHRINK; the window's moving average for pinned tickets). At least 1 s. */
double
queue_expected_handle(const struct queue *q, int w, int s)
{
	double h;

	if (s >= q->conf.nsvc)
		h = q->win[w].avg_handle_s;
	else
		h = sched_mean_shrunk(&q->ws_handle[w][s], q->svc[s].handle.mean, QUEUE_WS_SHRINK);
	return h > 1 ? h : 1;
}

long long
queue_opens_at(const struct queue *q, long long now)
{
	int m = clock_minute_of_day(now);

	if (m >= q->conf.open_min)
		return now;
	return now - now % 60 + (long long)(q->conf.open_min - m) * 60;
}

void
queue_note_range(struct queue *q, int lane, int eta_s, int wait_s, long long issued_at)
{
	long long d = queue_opens_at(q, issued_at) - issued_at;

	if (eta_s < 0 || d > eta_s)
		d = 0;		/* as its range was made (eta_range) */
	sched_range_note(&q->range, lane, eta_s - (int)d, wait_s > d ? wait_s - (int)d : 0);
}

/* The windows as the forecast sees them at now, into fc->sw (duties in fc->duty) and the
 * expected handling times into fc->handle; the room must be reserved. Until opens (> now:
 * before the opening time), a window not open yet is taken to open then (docs/SCHEDULING.md,
 * "Before the windows open"). */
static void
forecast_windows(const struct queue *q, long long now, long long opens)
{
	int nsvc = q->conf.nsvc + q->conf.nwin, nw = q->conf.nwin;
	struct queue_scratch *fc = q->fc;
	struct sched_duty *duty = fc->duty;
	struct sched_window *sw = fc->sw;
	double *handle = fc->handle;

	for (int w = 0; w < nw; w++) {
		const struct qwin *qw = &q->win[w];

		sw[w].duty = duty + (size_t)w * (HALL_MAX_DUTIES + 1);
		sw[w].nduty = window_duties(q, w, duty + (size_t)w * (HALL_MAX_DUTIES + 1));
		sw[w].open = qw->state == WS_OPEN || opens > now;
		sw[w].free_at = qw->state == WS_OPEN ? now : opens;
		for (int s = 0; s < nsvc; s++)
			handle[(size_t)w * nsvc + s] = queue_expected_handle(q, w, s);
		if (qw->current) {
			const struct ticket *c = queue_find((struct queue *)q, qw->current);

			if (c) {
				/* what is left of the current ticket: its service's mean at this
				 * window less the time it has taken so far, but never less than a
				 * quarter of the mean (a long one is not about to end) */
				double mean = queue_expected_handle(q, w, c->pin >= 0 ? q->conf.nsvc + w :
				    c->svc);
				double sigma = q->log_var_n >= QUEUE_SPREAD_MIN_SAMPLES ?
				    sqrt(q->log_var) : 0;
				double left = queue_rest_s(mean, sigma, (double)(now - c->called_at));

				sw[w].free_at = now + (long long)(left + 0.5);
			}
		}
	}
}

/* queue_forecast, keeping the simulation's end in fc->tail when keep is set. */
static int
forecast(const struct queue *q, long long now, int *eta_s, int *ahead, int keep)
{
	int nsvc = q->conf.nsvc + q->conf.nwin, nw = q->conf.nwin, n = 0;
	struct queue_scratch *fc = q->fc;
	struct sched_ticket *st;
	int *map, *e, *a;

	for (int i = 0; i < q->nt; i++)
		eta_s[i] = ahead[i] = 0;
	if (fc != NULL && keep)
		fc->tail.valid = 0;
	if (q->nt == 0)
		return 0;
	if (fc == NULL || scratch_reserve(fc, q->nt, nw ? nw : 1,
	    (size_t)(nw ? nw : 1) * nsvc) < 0)
		return -1;
	st = fc->st;
	map = fc->map;
	e = fc->e;
	a = fc->a;
	forecast_windows(q, now, queue_opens_at(q, now));
	for (int i = 0; i < q->nt; i++) {
		if (q->t[i].state != TS_WAITING)
			continue;
		to_sched(q, &q->t[i], &st[n]);
		map[n++] = i;
	}
	/* with expected arrivals the forecast keeps no tail: the next take runs it whole */
	if (sched_forecast_expect(&q->conf.policy, fc->sw, nw, fc->handle, nsvc, NULL, q->expect,
	    q->nexp, st, n, now, e, a, keep ? &fc->tail : NULL) < 0)
		return -1;
	for (int k = 0; k < n; k++) {
		eta_s[map[k]] = e[k];
		ahead[map[k]] = a[k];
	}
	return 0;
}

int
queue_balance(const struct queue *q, long long now, int max_added, double min_gain,
    const unsigned char *refused, struct sched_balance *out)
{
	int nsvc = q->conf.nsvc + q->conf.nwin, nw = q->conf.nwin, n = 0;
	struct queue_scratch *fc = q->fc;

	if (q->nt == 0 || nw == 0)
		return 0;
	if (fc == NULL || scratch_reserve(fc, q->nt, nw, (size_t)nw * nsvc) < 0)
		return -1;
	forecast_windows(q, now, now);	/* what the open windows can do now */
	for (int i = 0; i < q->nt; i++)
		if (q->t[i].state == TS_WAITING)
			to_sched(q, &q->t[i], &fc->st[n++]);
	return sched_balance_best(&q->conf.policy, fc->sw, nw, fc->handle, nsvc, q->conf.nsvc,
	    fc->st, n, now, max_added, min_gain, refused, out);
}

int
queue_forecast(const struct queue *q, long long now, int *eta_s, int *ahead)
{
	return forecast(q, now, eta_s, ahead, 0);
}

int
queue_forecast_append(struct queue *q, long long now, const long long *ids, int n)
{
	int nsvc = q->conf.nsvc + q->conf.nwin, nw = q->conf.nwin;
	struct queue_scratch *fc = q->fc;
	struct ticket *t;

	if (fc == NULL || !fc->tail.valid || fc->tail.now != now || n <= 0)
		return 1;
	if (scratch_reserve(fc, (size_t)n, nw ? nw : 1, (size_t)(nw ? nw : 1) * nsvc) < 0)
		return -1;
	for (int k = 0; k < n; k++) {
		if ((t = queue_find(q, ids[k])) == NULL || t->state != TS_WAITING)
			return 1;
		to_sched(q, t, &fc->st[k]);
	}
	forecast_windows(q, now, queue_opens_at(q, now));
	switch (sched_forecast_append(&q->conf.policy, fc->sw, nw, fc->handle, nsvc, &fc->tail,
	    fc->st, n, fc->e, fc->a)) {
	case 0:
		break;
	case 1:
		return 1;
	default:
		return -1;
	}
	for (int k = 0; k < n; k++) {
		t = queue_find(q, ids[k]);
		t->fc_eta = fc->e[k];
		t->fc_ahead = fc->a[k];
	}
	return 0;
}

int
queue_forecast_store(struct queue *q, long long now)
{
	int *eta, *ahead;

	/* room for the answers first: the forecast then asks for no more per-ticket room, so
	 * eta and ahead stay where they are */
	if (q->fc == NULL || scratch_reserve(q->fc, q->nt + 1, 1, 1) < 0)
		return -1;
	eta = q->fc->eta;
	ahead = q->fc->ahead;
	if (forecast(q, now, eta, ahead, 1) < 0)
		return -1;
	for (int i = 0; i < q->nt; i++) {
		q->t[i].fc_eta = eta[i];
		q->t[i].fc_ahead = ahead[i];
	}
	return 0;
}

double
queue_rest_s(double mean, double sigma, double elapsed)
{
	double r, mu, z0, tail;

	if (mean < 1)
		mean = 1;
	if (elapsed < 0)
		elapsed = 0;
	if (!(sigma > 0)) {
		r = mean - elapsed;
		return r > mean / 4 ? r : mean / 4 > 1 ? mean / 4 : 1;
	}
	if (sigma > 3)
		sigma = 3;
	if (elapsed < 1)
		return mean;
	/* log H ~ N(mu, sigma^2) with E[H] = mean; P(H > e) = Phi(z0) and
	 * E[H; H > e] = mean Phi(z0 + sigma), z0 = (mu - log e) / sigma */
	mu = log(mean) - sigma * sigma / 2;
	z0 = (mu - log(elapsed)) / sigma;
	tail = 0.5 * erfc(-z0 / sqrt(2.0));
	if (tail < 1e-12)
		return elapsed / 4 > 1 ? elapsed / 4 : 1;	/* far out in the tail */
	r = mean * 0.5 * erfc(-(z0 + sigma) / sqrt(2.0)) / tail - elapsed;
	return r > 1 ? r : 1;
}

static void
queue_learn_spread(struct queue *q, int s, double secs)
{
	/* the deviation from the service's moving log mean (alpha) has the spread of that
	 * mean's own noise added: var(d) = sigma^2 (1 + alpha / (2 - alpha)), taken out here;
	 * a slow average (beta) of d^2 over the whole hall */
	const double alpha = 0.2, beta = 0.02, noise = 1 + alpha / (2 - alpha);
	struct qsvc *v;
	double l;

	if (s < 0 || s >= q->conf.nsvc)
		return;
	v = &q->svc[s];
	l = log(secs < 1 ? 1 : secs);
	if (v->log_n > 0) {
		double d2 = (l - v->log_mean) * (l - v->log_mean) / noise;

		q->log_var = q->log_var_n ? beta * d2 + (1 - beta) * q->log_var : d2;
		if (q->log_var_n < 1000000)
			q->log_var_n++;
	}
	v->log_mean = v->log_n ? alpha * l + (1 - alpha) * v->log_mean : l;
	if (v->log_n < 1000000)
		v->log_n++;
}

void
queue_record_handle(struct queue *q, int w, int s, double secs)
{
	const double alpha = 0.2;

	if (secs < 1)
		secs = 1;
	/* a service's first handling time replaces the default guess (300 s); the hall file's
	 * figure (handle) counts as QUEUE_HANDLE_PRIOR_N measurements (sched_mean_start) */
	if (s >= 0 && s < q->conf.nsvc)
		sched_mean_add(&q->svc[s].handle, secs, QUEUE_HANDLE_MEMORY);
	if (w >= 0 && w < q->conf.nwin)
		q->win[w].avg_handle_s = alpha * secs + (1 - alpha) * q->win[w].avg_handle_s;
	if (w >= 0 && w < q->conf.nwin && s >= 0 && s < q->conf.nsvc)
		sched_mean_add(&q->ws_handle[w][s], secs, QUEUE_HANDLE_MEMORY);
	queue_learn_spread(q, s, secs);
}

/* Issue order of q->t[a] and q->t[b]: earlier issue time, then lower id (sched.c's). */
static int
issued_before(const struct queue *q, int a, int b)
{
	const struct ticket *x = &q->t[a], *y = &q->t[b];

	return x->issued_at < y->issued_at || (x->issued_at == y->issued_at && x->id < y->id);
}

/* Keep ticket i in g[0..*n), the keep oldest of a group in issue order. */
static void
keep_oldest(const struct queue *q, int *g, int *n, int keep, int i)
{
	int j;

	if (*n == keep && !issued_before(q, i, g[keep - 1]))
		return;
	j = *n < keep ? (*n)++ : keep - 1;
	for (; j > 0 && issued_before(q, i, g[j - 1]); j--)
		g[j] = g[j - 1];
	g[j] = i;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

int
queue_status_candidates(const struct queue *q, long long now, int k, int *out)
{
	const struct sched_policy *p = &q->conf.policy;
	int nkey = q->conf.nsvc + q->conf.nwin, nclass = LANE_COUNT + k + 1, keep = k + 1;
	int ngroup = nkey * nclass, n = 0, m = 0;
	int *g = jh_malloc((size_t)ngroup * keep * sizeof *g), *gn = jh_calloc(ngroup, sizeof *gn);

	if (!g || !gn) {
		free(g);
		free(gn);
		return -1;
	}
	for (int i = 0; i < q->nt; i++) {
		const struct ticket *t = &q->t[i];
		struct sched_ticket st;
		int key, lane, w, d;

		if (t->state != TS_WAITING)
			continue;
		to_sched(q, t, &st);
		key = st.service;
		if (key < 0 || key >= nkey)
			continue;	/* no window can call it */
		/* its head start now: its lane's, or normal's (an appointment not due) */
		lane = (unsigned)st.lane < LANE_COUNT ? (int)st.lane : LANE_NORMAL;
		w = sched_weight(p, &st, now);
		if (w != p->weight_s[lane])
			lane = LANE_NORMAL;
		d = key * nclass + lane;
		keep_oldest(q, g + (size_t)d * keep, &gn[d], keep, i);
		if (p->max_overtake > 0 && t->passed > p->max_overtake - keep) {
			int missing = t->passed >= p->max_overtake ? 0 :
			    p->max_overtake - t->passed;

			d = key * nclass + LANE_COUNT + missing;
			keep_oldest(q, g + (size_t)d * keep, &gn[d], keep, i);
		}
	}
	for (int d = 0; d < ngroup; d++)
		for (int j = 0; j < gn[d]; j++)
			out[n++] = g[(size_t)d * keep + j];
	free(g);
	free(gn);
	/* a ticket may be in two groups: once in out */
	qsort(out, n, sizeof *out, cmp_int);
	for (int j = 0; j < n; j++)
		if (m == 0 || out[m - 1] != out[j])
			out[m++] = out[j];
	return m;
}

int
queue_waiting(const struct queue *q, int s, long long now, long long *longest)
{
	int n = 0;

	*longest = 0;
	for (int i = 0; i < q->nt; i++) {
		const struct ticket *t = &q->t[i];

		if (t->state != TS_WAITING || t->svc != s)
			continue;
		n++;
		if (now - t->issued_at > *longest)
			*longest = now - t->issued_at;
	}
	return n;
}

int
queue_open_windows(const struct queue *q, int s, int any)
{
	int n = 0;

	for (int w = 0; w < q->conf.nwin; w++) {
		if (!any && q->win[w].state != WS_OPEN)
			continue;
		for (int i = 0; i < q->conf.win[w].nduty; i++)
			if (q->conf.win[w].duty[i].service == s)
				n++;
	}
	return n;
}

void
queue_served(const struct queue *q, long long now, char *served)
{
	/* before the opening time the forecast takes every window to open then, closed ones
	 * too (forecast_windows): the notice and the wait say the same */
	int early = queue_opens_at(q, now) > now;

	memset(served, 0, (size_t)q->conf.nsvc);
	for (int w = 0; w < q->conf.nwin; w++) {
		if (!early && q->win[w].state != WS_OPEN && q->win[w].state != WS_PAUSED)
			continue;
		for (int k = 0; k < q->conf.win[w].nduty; k++) {
			int s = q->conf.win[w].duty[k].service;

			if (s >= 0 && s < q->conf.nsvc)
				served[s] = 1;
		}
	}
}
