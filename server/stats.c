/* stats.c — the statistics digest: ticket_events folded, in log order, into one compact
 * record per issued ticket and per called leg (wait and handling time already measured),
 * and grouped queries over those records with exact medians and p90s (selection, not a
 * sort). A year of a busy hall (1M tickets) is about 2M records, 72 MB; a query scans them
 * linearly. Definitions: docs/STATISTICS.md. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "stats.h"

enum { K_ISSUE = 0, K_DONE, K_NOSHOW, K_TRANSFER, K_CANCEL };
/* string-valued keys kept per record, by intern id (0 = null) */
enum { V_SVC = 0, V_WIN, V_CLERK, V_CHAN, V_APPL, V_LANE, V_COUNT };

struct srec {
	uint32_t at;		/* issue time (K_ISSUE, K_CANCEL) or call time (legs) */
	int32_t wait;		/* call - start of this leg's wait; -1 unknown or none */
	int32_t handle;		/* end - call; -1 none */
	int32_t day;		/* local days since 1970-01-01 */
	int32_t eta;		/* legs: the ETA the ticket was given at its take; -1 none */
	int32_t lo, hi;		/* legs: the range given with it; -1 none */
	uint16_t v[V_COUNT];
	uint8_t hour, kind;
};

struct tstate {
	uint32_t since;		/* start of the current wait (take or requeue), 0 unknown */
	uint32_t called;	/* call time of the current leg, 0 none */
	int32_t eta1;		/* the current leg's call carried "eta N": N + 1; 0 none */
	int32_t lo1, hi1;	/* and "range L H": L, H; -1 none */
};

#define MAX_TICKET_ID	(1LL << 28)	/* beyond: legs of that ticket have no known wait */
#define MAX_STRINGS	65535

struct stats {
	struct srec *r;
	long long nr, capr;
	struct tstate *ts;
	long long capts;
	long long last_id;
	/* interned strings: id 1..nstr; hash table of ids */
	char **str;
	int nstr, capstr;
	int *htab;
	int hcap;
	uint16_t *dept_of;	/* service id -> department id */
	int capdept;
};

static const char *const dim_names[SD_COUNT] = {
	"hour", "day", "service", "department", "window", "clerk", "channel", "applicant",
	"priority"
};

const char *stats_dim_name(int d) { return d >= 0 && d < SD_COUNT ? dim_names[d] : "?"; }

int
stats_dim_parse(const char *name)
{
	for (int i = 0; i < SD_COUNT; i++)
		if (strcmp(dim_names[i], name) == 0)
			return i;
	return -1;
}

struct stats *
stats_new(void)
{
	struct stats *s = jh_calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->hcap = 1024;
	s->htab = jh_calloc(s->hcap, sizeof *s->htab);
	if (!s->htab) {
		free(s);
		return NULL;
	}
	return s;
}

void
stats_free(struct stats *s)
{
	if (!s)
		return;
	for (int i = 1; i <= s->nstr; i++)
		free(s->str[i]);
	free(s->str);
	free(s->htab);
	free(s->r);
	free(s->ts);
	free(s->dept_of);
	free(s);
}

long long stats_last_id(const struct stats *s) { return s->last_id; }
long long stats_records(const struct stats *s) { return s->nr; }

size_t
stats_bytes(const struct stats *s)
{
	return (size_t)s->capr * sizeof *s->r + (size_t)s->capts * sizeof *s->ts +
	    (size_t)s->hcap * sizeof *s->htab;
}

static uint32_t
hash_str(const char *p)
{
	uint32_t h = 2166136261u;

	while (*p)
		h = (h ^ (unsigned char)*p++) * 16777619u;
	return h;
}

/* The id of string p (adding it), 0 for NULL, -1 when out of memory or full. */
static int
intern(struct stats *s, const char *p)
{
	uint32_t h;
	int i;

	if (!p)
		return 0;
	h = hash_str(p);
	for (i = h & (s->hcap - 1); s->htab[i]; i = (i + 1) & (s->hcap - 1))
		if (strcmp(s->str[s->htab[i]], p) == 0)
			return s->htab[i];
	if (s->nstr == MAX_STRINGS)
		return -1;
	if (s->nstr + 1 >= s->capstr) {
		int n = s->capstr ? s->capstr * 2 : 64;
		char **ns = jh_realloc(s->str, n * sizeof *ns);

		if (!ns)
			return -1;
		s->str = ns;
		s->capstr = n;
	}
	if (!(s->str[s->nstr + 1] = jh_strdup(p)))
		return -1;
	s->htab[i] = ++s->nstr;
	if (s->nstr * 2 > s->hcap) {	/* grow and rehash */
		int n = s->hcap * 2, *nt = jh_calloc(n, sizeof *nt);

		if (!nt)
			return s->nstr;	/* still correct, only slower */
		for (int k = 1; k <= s->nstr; k++) {
			int j = hash_str(s->str[k]) & (n - 1);

			while (nt[j])
				j = (j + 1) & (n - 1);
			nt[j] = k;
		}
		free(s->htab);
		s->htab = nt;
		s->hcap = n;
	}
	return s->nstr;
}

static const char *
name_of(const struct stats *s, int id)
{
	return id > 0 && id <= s->nstr ? s->str[id] : NULL;
}

int
stats_set_department(struct stats *s, const char *service, const char *department)
{
	int sv = intern(s, service), d = intern(s, department);

	if (sv <= 0 || d < 0)
		return -1;
	if (sv >= s->capdept) {
		int n = sv + 64;
		uint16_t *nd = jh_realloc(s->dept_of, n * sizeof *nd);

		if (!nd)
			return -1;
		memset(nd + s->capdept, 0, (n - s->capdept) * sizeof *nd);
		s->dept_of = nd;
		s->capdept = n;
	}
	s->dept_of[sv] = (uint16_t)d;
	return 0;
}

static struct tstate *
tstate(struct stats *s, long long ticket)
{
	if (ticket <= 0 || ticket >= MAX_TICKET_ID)
		return NULL;
	if (ticket >= s->capts) {
		long long n = s->capts ? s->capts : 4096;
		struct tstate *nt;

		while (n <= ticket)
			n *= 2;
		if (!(nt = jh_realloc(s->ts, n * sizeof *nt)))
			return NULL;
		memset(nt + s->capts, 0, (n - s->capts) * sizeof *nt);
		s->ts = nt;
		s->capts = n;
	}
	return &s->ts[ticket];
}

static struct srec *
new_rec(struct stats *s, const struct stats_event *ev, long long at, int kind)
{
	struct srec *r;
	long long local = at + ev->utc_offset_s, day;
	int v[V_COUNT];

	v[V_SVC] = intern(s, ev->service);
	v[V_WIN] = kind == K_ISSUE || kind == K_CANCEL ? 0 : intern(s, ev->window);
	v[V_CLERK] = kind == K_ISSUE || kind == K_CANCEL ? 0 : intern(s, ev->who);
	v[V_CHAN] = intern(s, ev->channel);
	v[V_APPL] = intern(s, ev->applicant);
	v[V_LANE] = intern(s, ev->lane);
	for (int i = 0; i < V_COUNT; i++)
		if (v[i] < 0)
			return NULL;
	if (s->nr == s->capr) {
		long long n = s->capr ? s->capr * 2 : 4096;
		struct srec *nr = jh_realloc(s->r, n * sizeof *nr);

		if (!nr)
			return NULL;
		s->r = nr;
		s->capr = n;
	}
	r = &s->r[s->nr++];
	memset(r, 0, sizeof *r);
	day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	r->at = (uint32_t)at;
	r->day = (int32_t)day;
	r->hour = (uint8_t)((local - day * 86400) / 3600);
	r->kind = (uint8_t)kind;
	r->wait = r->handle = r->eta = r->lo = r->hi = -1;
	for (int i = 0; i < V_COUNT; i++)
		r->v[i] = (uint16_t)v[i];
	return r;
}

int
stats_feed(struct stats *s, const struct stats_event *ev)
{
	struct tstate *t;
	struct srec *r;
	int kind;

	if (ev->id <= s->last_id)
		return 0;
	if (!ev->what || ev->at < 0 || ev->at > 0xffffffffLL) {
		s->last_id = ev->id;
		return 0;
	}
	t = tstate(s, ev->ticket);
	if (strcmp(ev->what, "take") == 0) {
		if (!new_rec(s, ev, ev->at, K_ISSUE))
			return -1;
		if (t) {
			t->since = (uint32_t)ev->at;
			t->called = 0;
		}
	} else if (strcmp(ev->what, "requeue") == 0) {
		if (t) {
			t->since = (uint32_t)ev->at;
			t->called = 0;
		}
	} else if (strcmp(ev->what, "call") == 0) {
		int eta, lo, hi;

		if (t) {
			t->called = (uint32_t)ev->at;
			t->eta1 = ev->detail && sscanf(ev->detail, "eta %d", &eta) == 1 &&
			    eta >= 0 && eta < INT32_MAX ? eta + 1 : 0;
			t->lo1 = t->hi1 = -1;
			if (t->eta1 && sscanf(ev->detail, "eta %*d range %d %d", &lo, &hi) == 2 &&
			    lo >= 0 && hi >= lo) {
				t->lo1 = lo;
				t->hi1 = hi;
			}
		}
	} else if (strcmp(ev->what, "cancel") == 0) {
		if (!new_rec(s, ev, ev->at, K_CANCEL))
			return -1;
	} else if ((kind = strcmp(ev->what, "finish") == 0 ? K_DONE :
	    strcmp(ev->what, "no_show") == 0 ? K_NOSHOW :
	    strcmp(ev->what, "transfer") == 0 ? K_TRANSFER : -1) >= 0) {
		long long called = t && t->called ? t->called : ev->at;

		if (!(r = new_rec(s, ev, called, kind)))
			return -1;
		if (t && t->called) {
			r->handle = (int32_t)(ev->at - t->called);
			if (t->since && t->called >= t->since)
				r->wait = (int32_t)(t->called - t->since);
			r->eta = t->eta1 - 1;
			r->lo = t->eta1 ? t->lo1 : -1;
			r->hi = t->eta1 ? t->hi1 : -1;
			t->called = 0;
			t->eta1 = 0;
		}
	}
	s->last_id = ev->id;
	return 0;
}

/* ---- queries ---- */

static int
rec_value(const struct stats *s, const struct srec *r, int dim)
{
	switch (dim) {
	case SD_HOUR: return r->hour;
	case SD_DAY: return r->day;
	case SD_SERVICE: return r->v[V_SVC];
	case SD_DEPARTMENT: return r->v[V_SVC] < s->capdept ? s->dept_of[r->v[V_SVC]] : 0;
	case SD_WINDOW: return r->v[V_WIN];
	case SD_CLERK: return r->v[V_CLERK];
	case SD_CHANNEL: return r->v[V_CHAN];
	case SD_APPLICANT: return r->v[V_APPL];
	case SD_PRIORITY: return r->v[V_LANE];
	}
	return 0;
}

struct group {
	uint64_t key;
	int val[STATS_MAX_DIMS];
	long long n[5];			/* records by kind */
	long long wsum, hsum, esum;	/* esum: signed ETA errors, per mille */
	int nw, nh, ne, wmax;
	int nr, rin;			/* legs with a range given; with the wait inside */
	long long woff, hoff, eoff, roff;	/* into waits, handles, etaerr and widths */
	int wfill, hfill, efill, rfill;
};

struct grouping {
	struct group *g;
	int ng, capg;
	int *tab;
	int tcap;
	int32_t *waits, *handles, *etaerr;	/* etaerr: |ETA error| per mille */
	int32_t *widths;			/* the ranges' widths, seconds */
};

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

/* Index of the group with key (adding it), -1 when out of memory or too many. */
static int
group_of(struct grouping *G, uint64_t key, const int *val, int ndim)
{
	int i;

	for (i = mix(key) & (G->tcap - 1); G->tab[i] >= 0; i = (i + 1) & (G->tcap - 1))
		if (G->g[G->tab[i]].key == key)
			return G->tab[i];
	if (G->ng == STATS_MAX_GROUPS)
		return -1;
	if (G->ng == G->capg) {
		int n = G->capg ? G->capg * 2 : 64;
		struct group *ng = jh_realloc(G->g, n * sizeof *ng);

		if (!ng)
			return -1;
		G->g = ng;
		G->capg = n;
	}
	memset(&G->g[G->ng], 0, sizeof G->g[0]);
	G->g[G->ng].key = key;
	memcpy(G->g[G->ng].val, val, ndim * sizeof *val);
	G->tab[i] = G->ng++;
	if (G->ng * 2 > G->tcap) {
		int n = G->tcap * 2, *nt = jh_malloc(n * sizeof *nt);

		if (!nt)
			return -1;
		memset(nt, 0xff, n * sizeof *nt);
		for (int k = 0; k < G->ng; k++) {
			int j = mix(G->g[k].key) & (n - 1);

			while (nt[j] >= 0)
				j = (j + 1) & (n - 1);
			nt[j] = k;
		}
		free(G->tab);
		G->tab = nt;
		G->tcap = n;
	}
	return G->ng - 1;
}

static void
grouping_free(struct grouping *G)
{
	free(G->g);
	free(G->tab);
	free(G->waits);
	free(G->handles);
	free(G->etaerr);
	free(G->widths);
}

/* A leg's ETA error, (ETA given - wait) / max(wait, 60 s), in per mille (rounded); the 60 s
 * floor keeps a 10 s wait told 40 s from counting as 300%. */
static int32_t
eta_error_pm(const struct srec *r)
{
	double den = r->wait > 60 ? r->wait : 60;

	return (int32_t)lround(1000.0 * (r->eta - r->wait) / den);
}

static int
has_eta(const struct srec *r)
{
	return r->kind != K_ISSUE && r->kind != K_CANCEL && r->wait >= 0 && r->eta >= 0;
}

static int
has_range(const struct srec *r)
{
	return has_eta(r) && r->lo >= 0 && r->hi >= r->lo;
}

/* Group the records in [from, to) by dims. 0, -1 out of memory, -2 too many groups. */
static int
group_records(const struct stats *s, long long from, long long to, const int *dim, int ndim,
    struct grouping *G)
{
	int32_t *gi = NULL;
	long long nwait = 0, nhandle = 0, neta = 0, nrange = 0, woff = 0, hoff = 0, eoff = 0;
	long long roff = 0;
	int rc = -1;

	memset(G, 0, sizeof *G);
	G->tcap = 256;
	if (!(G->tab = jh_malloc(G->tcap * sizeof *G->tab)))
		return -1;
	memset(G->tab, 0xff, G->tcap * sizeof *G->tab);
	if (s->nr && !(gi = jh_malloc(s->nr * sizeof *gi)))
		return -1;
	for (long long k = 0; k < s->nr; k++) {
		const struct srec *r = &s->r[k];
		int val[STATS_MAX_DIMS], g;
		uint64_t key = 0;
		struct group *gp;

		gi[k] = -1;
		if (r->at < from || r->at >= to)
			continue;
		for (int d = 0; d < ndim; d++) {
			val[d] = rec_value(s, r, dim[d]);
			key = key << 16 | (uint16_t)val[d];
		}
		if ((g = group_of(G, key, val, ndim)) < 0) {
			rc = G->ng == STATS_MAX_GROUPS ? -2 : -1;
			goto out;
		}
		gi[k] = g;
		gp = &G->g[g];
		gp->n[r->kind]++;
		if (r->kind != K_ISSUE && r->kind != K_CANCEL && r->wait >= 0) {
			gp->nw++;
			gp->wsum += r->wait;
			if (r->wait > gp->wmax)
				gp->wmax = r->wait;
			nwait++;
		}
		if (r->kind == K_DONE && r->handle >= 0) {
			gp->nh++;
			gp->hsum += r->handle;
			nhandle++;
		}
		if (has_eta(r)) {
			gp->ne++;
			gp->esum += eta_error_pm(r);
			neta++;
		}
		if (has_range(r)) {
			gp->nr++;
			gp->rin += r->wait >= r->lo && r->wait <= r->hi;
			nrange++;
		}
	}
	G->waits = jh_malloc((nwait + 1) * sizeof *G->waits);
	G->handles = jh_malloc((nhandle + 1) * sizeof *G->handles);
	G->etaerr = jh_malloc((neta + 1) * sizeof *G->etaerr);
	G->widths = jh_malloc((nrange + 1) * sizeof *G->widths);
	if (!G->waits || !G->handles || !G->etaerr || !G->widths)
		goto out;
	/* each group's slice of the three arrays */
	for (int g = 0; g < G->ng; g++) {
		G->g[g].woff = woff;
		G->g[g].hoff = hoff;
		G->g[g].eoff = eoff;
		G->g[g].roff = roff;
		woff += G->g[g].nw;
		hoff += G->g[g].nh;
		eoff += G->g[g].ne;
		roff += G->g[g].nr;
	}
	for (long long k = 0; k < s->nr; k++) {
		const struct srec *r = &s->r[k];
		struct group *gp;

		if (gi[k] < 0)
			continue;
		gp = &G->g[gi[k]];
		if (r->kind != K_ISSUE && r->kind != K_CANCEL && r->wait >= 0)
			G->waits[gp->woff + gp->wfill++] = r->wait;
		if (r->kind == K_DONE && r->handle >= 0)
			G->handles[gp->hoff + gp->hfill++] = r->handle;
		if (has_eta(r)) {
			int32_t e = eta_error_pm(r);

			G->etaerr[gp->eoff + gp->efill++] = e < 0 ? -e : e;
		}
		if (has_range(r))
			G->widths[gp->roff + gp->rfill++] = r->hi - r->lo;
	}
	rc = 0;
out:
	free(gi);
	return rc;
}

/* Put the k-th smallest of a[0..n) at a[k] (smaller before, larger after). */
static void
select_kth(int32_t *a, long long n, long long k)
{
	long long lo = 0, hi = n - 1;

	while (hi > lo) {
		long long i = lo, j = hi, mid = lo + (hi - lo) / 2;
		int32_t p, t;

		/* median of three as the pivot */
		if (a[mid] < a[lo]) { t = a[mid]; a[mid] = a[lo]; a[lo] = t; }
		if (a[hi] < a[lo]) { t = a[hi]; a[hi] = a[lo]; a[lo] = t; }
		if (a[hi] < a[mid]) { t = a[hi]; a[hi] = a[mid]; a[mid] = t; }
		p = a[mid];
		while (i <= j) {
			while (a[i] < p)
				i++;
			while (a[j] > p)
				j--;
			if (i <= j) {
				t = a[i]; a[i] = a[j]; a[j] = t;
				i++;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;
	}
}

/* Nearest-rank percentile index: the ceil(p * n)-th smallest, 0-based. */
static long long
rank(long long n, int pct)
{
	long long k = (n * pct + 99) / 100;

	return k > 0 ? k - 1 : 0;
}

static json_t *
avg_json(long long sum, long long n)
{
	return n ? json_integer((sum + n / 2) / n) : json_null();
}

static json_t *
key_json(const struct stats *s, int dim, int v)
{
	char buf[48];

	if (dim == SD_HOUR) {
		snprintf(buf, sizeof buf, "%02d:00", v);
		return json_string(buf);
	}
	if (dim == SD_DAY) {
		long long z = (long long)v + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
		long long doe = z - era * 146097;
		long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
		long long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
		long long y = yoe + era * 400 + (m <= 2);

		snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", y, m, d);
		return json_string(buf);
	}
	return name_of(s, v) ? json_string(name_of(s, v)) : json_null();
}

static const struct stats *sort_s;
static const int *sort_dim;
static int sort_ndim;

/* Rows in key order: numbers ascending, names by bytes, null last. */
static int
cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	for (int d = 0; d < sort_ndim; d++) {
		int u = x->val[d], v = y->val[d], c;

		if (u == v)
			continue;
		if (sort_dim[d] == SD_HOUR || sort_dim[d] == SD_DAY)
			return u < v ? -1 : 1;
		if (!u || !v)
			return u ? -1 : 1;
		c = strcmp(name_of(sort_s, u), name_of(sort_s, v));
		if (c)
			return c;
	}
	return 0;
}

static json_t *
row_json(const struct stats *s, const struct stats_query *q, struct group *g,
    const struct grouping *G)
{
	json_t *key, *row;
	int32_t *w = G->waits + g->woff, *h = G->handles + g->hoff, *e = G->etaerr + g->eoff;
	int32_t *rw = G->widths + g->roff;
	json_t *med = json_null(), *p90 = json_null(), *hp90 = json_null();
	json_t *emed = json_null(), *ebias = json_null(), *rcov = json_null();
	json_t *rmed = json_null();

	if (q->key_list) {
		key = json_array();
		for (int d = 0; d < q->ndim; d++)
			json_array_append_new(key, key_json(s, q->dim[d], g->val[d]));
	} else
		key = key_json(s, q->dim[0], g->val[0]);
	if (g->nw) {
		long long k90 = rank(g->nw, 90), k50 = rank(g->nw, 50);

		select_kth(w, g->nw, k90);
		p90 = json_integer(w[k90]);
		select_kth(w, k90 + 1, k50);
		med = json_integer(w[k50]);
	}
	if (g->nh) {
		long long k90 = rank(g->nh, 90);

		select_kth(h, g->nh, k90);
		hp90 = json_integer(h[k90]);
	}
	if (g->ne) {
		long long k50 = rank(g->ne, 50);

		select_kth(e, g->ne, k50);
		emed = json_real(e[k50] / 10.0);
		ebias = json_real((double)llround((double)g->esum / g->ne) / 10.0);
	}
	if (g->nr) {
		long long k50 = rank(g->nr, 50);

		select_kth(rw, g->nr, k50);
		rmed = json_integer(rw[k50]);
		rcov = json_real((double)llround(1000.0 * g->rin / g->nr) / 10.0);
	}
	row = json_pack("{s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:I, "
	    "s:o, s:o, s:I, s:o, s:o}",
	    "key", key, "issued", (json_int_t)g->n[K_ISSUE], "served", (json_int_t)g->n[K_DONE],
	    "no_show", (json_int_t)g->n[K_NOSHOW], "transferred", (json_int_t)g->n[K_TRANSFER],
	    "cancelled", (json_int_t)g->n[K_CANCEL], "waits", (json_int_t)g->nw,
	    "avg_wait_s", avg_json(g->wsum, g->nw), "median_wait_s", med, "p90_wait_s", p90,
	    "max_wait_s", g->nw ? json_integer(g->wmax) : json_null(),
	    "avg_handle_s", avg_json(g->hsum, g->nh), "p90_handle_s", hp90,
	    "etas", (json_int_t)g->ne, "eta_error_median_pct", emed, "eta_bias_pct", ebias,
	    "eta_ranges", (json_int_t)g->nr, "eta_range_coverage_pct", rcov,
	    "eta_range_width_median_s", rmed);
	return row;
}

static const struct group *hot_g;

static int
cmp_volume(const void *a, const void *b)
{
	const struct group *x = &hot_g[*(const int *)a], *y = &hot_g[*(const int *)b];

	if (x->n[K_ISSUE] != y->n[K_ISSUE])
		return x->n[K_ISSUE] > y->n[K_ISSUE] ? -1 : 1;
	return cmp_group(x, y);
}

static int
cmp_wait(const void *a, const void *b)
{
	const struct group *x = &hot_g[*(const int *)a], *y = &hot_g[*(const int *)b];
	/* mean waits compared exactly: wsum_x / nw_x vs wsum_y / nw_y */
	long double l = (long double)x->wsum * y->nw, r = (long double)y->wsum * x->nw;

	if (l != r)
		return l > r ? -1 : 1;
	return cmp_group(x, y);
}

static json_t *
hot_json(const struct stats *s, const struct stats_query *q, int *err)
{
	static const int svc_dim[1] = { SD_SERVICE };
	struct grouping G;
	json_t *vol = json_array(), *wait = json_array(), *o;
	int *idx = NULL, n = 0, rc;

	*err = 0;
	if ((rc = group_records(s, q->from, q->to, svc_dim, 1, &G)) < 0) {
		*err = rc;
		grouping_free(&G);
		json_decref(vol);
		json_decref(wait);
		return NULL;
	}
	if (G.ng && !(idx = jh_malloc(G.ng * sizeof *idx))) {
		*err = -1;
		grouping_free(&G);
		json_decref(vol);
		json_decref(wait);
		return NULL;
	}
	sort_s = s;
	sort_dim = svc_dim;
	sort_ndim = 1;
	hot_g = G.g;
	for (int g = 0; g < G.ng; g++)
		if (G.g[g].val[0] && G.g[g].n[K_ISSUE])
			idx[n++] = g;
	if (n > 1)
		qsort(idx, n, sizeof *idx, cmp_volume);
	for (int i = 0; i < n && i < q->top; i++)
		json_array_append_new(vol, json_pack("{s:s, s:I}", "service",
		    name_of(s, G.g[idx[i]].val[0]), "issued", (json_int_t)G.g[idx[i]].n[K_ISSUE]));
	n = 0;
	for (int g = 0; g < G.ng; g++)
		if (G.g[g].val[0] && G.g[g].nw)
			idx[n++] = g;
	if (n > 1)
		qsort(idx, n, sizeof *idx, cmp_wait);
	for (int i = 0; i < n && i < q->top; i++)
		json_array_append_new(wait, json_pack("{s:s, s:o, s:I}", "service",
		    name_of(s, G.g[idx[i]].val[0]), "avg_wait_s",
		    avg_json(G.g[idx[i]].wsum, G.g[idx[i]].nw), "waits",
		    (json_int_t)G.g[idx[i]].nw));
	free(idx);
	grouping_free(&G);
	o = json_pack("{s:o, s:o}", "by_volume", vol, "by_wait", wait);
	if (!o)
		*err = -1;
	return o;
}

json_t *
stats_query_json(struct stats *s, const struct stats_query *q, int *too_many)
{
	struct grouping G;
	json_t *rows, *hot, *ans;
	int rc, err;

	*too_many = 0;
	if (q->ndim < 1 || q->ndim > STATS_MAX_DIMS)
		return NULL;
	if ((rc = group_records(s, q->from, q->to, q->dim, q->ndim, &G)) < 0) {
		*too_many = rc == -2;
		grouping_free(&G);
		return NULL;
	}
	sort_s = s;
	sort_dim = q->dim;
	sort_ndim = q->ndim;
	if (G.ng > 0)
		qsort(G.g, G.ng, sizeof *G.g, cmp_group);
	rows = json_array();
	for (int g = 0; g < G.ng; g++)
		json_array_append_new(rows, row_json(s, q, &G.g[g], &G));
	grouping_free(&G);
	if (!(hot = hot_json(s, q, &err))) {
		json_decref(rows);
		return NULL;
	}
	ans = json_pack("{s:o, s:o}", "rows", rows, "hot", hot);
	return ans;
}
