/* jhsim.c — the hall simulator: plays a generated day (tests/sim/simgen.c) against a real jhd
 * over the protocol: takes tickets as the kiosk, runs a clerk agent per window (call_next,
 * finish, no_show), moves the server's test clock from event to event, checks that nothing is
 * lost and that every call follows the scheduling policy, and prints the day's figures
 * (tests/sim/simreport.c). Deterministic for a seed.
 *
 *   jhsim --sock PATH --start ISO8601 [--seed N] [--day short|full] [--hall FILE [--import]]
 *         [--targets] [--verbose]
 *
 * jhd must run with --test-clock; the simulator speaks as admin over the Unix socket. --hall
 * names the hall file whose [policy] the calls are checked against (and which --import sends
 * to jhd first); --targets also checks the bench targets. Environment: JHSIM_DEBUG=1 prints
 * one "D lane service wait model_eta eta" line per ticket; JHSIM_NO_RATES=1 makes the model
 * forecast expect no newcomers. */
#include <errno.h>
#include <getopt.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../server/client/jhclient.h"
#include "../../server/sched.h"
#include "simgen.h"
#include "simreport.h"

#define TIMEOUT_MS	15000
#define MAX_WINDOWS	64
#define MAX_DUTIES	32
#define NO_SHOW_WAIT_S	90	/* a clerk waits this long for a called citizen */

struct win {
	char name[32];
	struct sched_duty duty[MAX_DUTIES];
	int nduty;
	int cur;		/* index into tickets, -1 idle */
	long long busy_until;
	double busy_s;
};

struct sim {
	struct jhc *c;
	struct sched_policy pol;
	struct simgen_params gen;
	struct simgen_arrival *arr;
	int narr;
	/* the hall's services, in the order of the `services` answer */
	char svc_code[SIMGEN_MAX_SERVICES][8];
	int svc_gen[SIMGEN_MAX_SERVICES];	/* generator index, -1 none */
	int nsvc;
	struct win win[MAX_WINDOWS];
	int nwin;
	/* every ticket taken, in the order taken */
	struct simrep_ticket *tk;
	int *tk_arr;			/* its arrival */
	char (*tk_code)[16];		/* its code ("A001") */
	int *tk_model_eta;		/* sched_forecast's ETA with the true service means */
	int ntk;
	long long now, start;
	/* checks */
	int policy_mismatch, called_twice, unknown_call, take_failed, op_failed;
};

static int verbose;

static void
fail(const char *what, struct jhc *c)
{
	fprintf(stderr, "jhsim: %s: %s (%s)\n", what, jhc_error(c), jhc_error_code(c));
}

/* "YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM|+HHMM)" to Unix seconds; -1 when malformed. */
static int
parse_iso(const char *s, long long *out)
{
	struct tm tm;
	int y, mo, d, h, mi, sec = 0, n = 0, oh = 0, om = 0;
	const char *p;
	char sign;

	if (sscanf(s, "%4d-%2d-%2d%*[T ]%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5)
		return -1;
	p = s + n;
	if (*p == ':') {
		if (sscanf(p, ":%2d%n", &sec, &n) != 1)
			return -1;
		p += n;
	}
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = (long long)timegm(&tm);
	if (*p == 'Z' && p[1] == '\0')
		return 0;
	sign = *p;
	if ((sign != '+' && sign != '-') || (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 &&
	    sscanf(p + 1, "%2d%2d", &oh, &om) != 2))
		return -1;
	*out -= (sign == '+' ? 1 : -1) * (oh * 3600LL + om * 60);
	return 0;
}

static int
policy_key(void *user, const char *section, const char *name, const char *value)
{
	struct sim *s = user;
	char err[200];

	if (strcmp(section, "policy") != 0)
		return 1;
	if (sched_policy_set(&s->pol, name, value, err, sizeof err) != 0) {
		fprintf(stderr, "jhsim: hall file: %s\n", err);
		return 0;
	}
	return 1;
}

static int
svc_index(const struct sim *s, const char *code)
{
	for (int i = 0; i < s->nsvc; i++)
		if (strcmp(s->svc_code[i], code) == 0)
			return i;
	return -1;
}

/* Learn the hall: services, windows and their duties; open every window. */
static int
learn_hall(struct sim *s)
{
	json_t *a, *arr, *v;
	size_t i;

	if ((a = jhc_op(s->c, "services", NULL, TIMEOUT_MS)) == NULL) {
		fail("services", s->c);
		return -1;
	}
	arr = json_object_get(a, "services");
	json_array_foreach(arr, i, v) {
		const char *code = json_string_value(json_object_get(v, "code"));

		if (code == NULL || s->nsvc >= SIMGEN_MAX_SERVICES)
			continue;
		snprintf(s->svc_code[s->nsvc], sizeof s->svc_code[0], "%s", code);
		s->svc_gen[s->nsvc] = simgen_service_index(&s->gen, code);
		s->nsvc++;
	}
	json_decref(a);
	/* the generator only makes tickets for services the hall has */
	for (int g = 0; g < s->gen.nservices; g++)
		if (svc_index(s, s->gen.svc[g].code) < 0)
			s->gen.svc[g].share = 0;

	if ((a = jhc_op(s->c, "status", NULL, TIMEOUT_MS)) == NULL) {
		fail("status", s->c);
		return -1;
	}
	arr = json_object_get(a, "windows");
	json_array_foreach(arr, i, v) {
		struct win *w;
		json_t *duties = json_object_get(v, "duties"), *d;
		const char *name = json_string_value(json_object_get(v, "name"));
		size_t j;

		if (name == NULL || s->nwin >= MAX_WINDOWS)
			continue;
		w = &s->win[s->nwin++];
		snprintf(w->name, sizeof w->name, "%s", name);
		w->cur = -1;
		if (json_is_array(duties)) {
			json_array_foreach(duties, j, d) {
				const char *code = json_string_value(json_object_get(d, "service"));
				const char *role = json_string_value(json_object_get(d, "role"));
				int k = code ? svc_index(s, code) : -1;

				if (k < 0 || w->nduty >= MAX_DUTIES)
					continue;
				w->duty[w->nduty].service = k;
				w->duty[w->nduty].backup = role && strcmp(role, "backup") == 0;
				w->nduty++;
			}
		} else {
			json_array_foreach(json_object_get(v, "services"), j, d) {
				int k = json_is_string(d) ? svc_index(s, json_string_value(d)) : -1;

				if (k < 0 || w->nduty >= MAX_DUTIES)
					continue;
				w->duty[w->nduty].service = k;
				w->duty[w->nduty].backup = 0;
				w->nduty++;
			}
		}
	}
	json_decref(a);
	for (int k = 0; k < s->nwin; k++) {
		json_t *r = jhc_request(s->c, json_pack("{s:s, s:s}", "op", "open", "window",
		    s->win[k].name), TIMEOUT_MS);

		if (r == NULL) {
			fail("open", s->c);
			return -1;
		}
		json_decref(r);	/* "conflict" when already open is fine */
	}
	return s->nsvc > 0 && s->nwin > 0 ? 0 : -1;
}

static int
clock_to(struct sim *s, long long t)
{
	json_t *a;

	if (t == s->now)
		return 0;
	a = jhc_op(s->c, "clock", json_pack("{s:I}", "advance_s", (json_int_t)(t - s->now)),
	    TIMEOUT_MS);
	if (a == NULL) {
		fail("clock", s->c);
		return -1;
	}
	json_decref(a);
	s->now = t;
	return 0;
}

static int
ticket_index(const struct sim *s, long long id)
{
	for (int i = s->ntk - 1; i >= 0; i--)
		if (s->tk[i].id == id)
			return i;
	return -1;
}

static int waiting(const struct sim *s, struct sched_ticket *q, int *map);

/* What sched_forecast says for the newest ticket when fed the generator's true mean handling
 * time per service: the policy's own error, apart from the server's learnt averages. */
static int
model_eta(struct sim *s)
{
	static struct sched_ticket q[SIMGEN_MAX_ARRIVALS];
	static int map[SIMGEN_MAX_ARRIVALS], eta[SIMGEN_MAX_ARRIVALS], ahead[SIMGEN_MAX_ARRIVALS];
	static double handle[MAX_WINDOWS * SIMGEN_MAX_SERVICES];
	static double rate[SIMGEN_MAX_SERVICES * LANE_COUNT];
	struct sched_window w[MAX_WINDOWS];
	int n = waiting(s, q, map);

	for (int k = 0; k < s->nwin; k++) {
		w[k].duty = s->win[k].duty;
		w[k].nduty = s->win[k].nduty;
		w[k].open = 1;
		w[k].free_at = s->now;
		if (s->win[k].cur >= 0) {
			const struct simrep_ticket *c = &s->tk[s->win[k].cur];
			int g = s->svc_gen[c->service];
			double mean = g >= 0 ? s->gen.svc[g].handle_mean_s : 300;
			long long left = c->called + (long long)mean - s->now;

			w[k].free_at = s->now + (left > 30 ? left : 30);
		}
		for (int v = 0; v < s->nsvc; v++) {
			int g = s->svc_gen[v];

			handle[k * s->nsvc + v] = g >= 0 ? s->gen.svc[g].handle_mean_s : 300;
		}
	}
	for (int v = 0; v < s->nsvc; v++)
		for (int l = 0; l < LANE_COUNT; l++)
			rate[v * LANE_COUNT + l] = simgen_rate(&s->gen, (int)(s->now - s->start),
			    s->svc_gen[v], (enum sched_lane)l);
	if (sched_forecast_arrivals(&s->pol, w, s->nwin, handle, s->nsvc,
	    getenv("JHSIM_NO_RATES") ? NULL : rate, q, n, s->now, eta, ahead) != 0)
		return -1;
	for (int k = 0; k < n; k++)
		if (map[k] == s->ntk - 1)
			return eta[k];
	return -1;
}

static int
take(struct sim *s, int ai)
{
	const struct simgen_arrival *x = &s->arr[ai];
	const char *code = s->gen.svc[x->service].code;
	json_t *a, *t;
	struct simrep_ticket *r;
	const char *iso;
	long long issued;

	a = jhc_op(s->c, "take", json_pack("{s:s, s:s, s:s, s:s}", "service", code, "priority",
	    sched_lane_name(x->lane), "applicant", x->enterprise ? "enterprise" : "individual",
	    "channel", x->lane == LANE_APPOINTMENT ? "appointment" : "walk_in"), TIMEOUT_MS);
	if (a == NULL) {
		fail("take", s->c);
		s->take_failed++;
		return 0;
	}
	t = json_object_get(a, "ticket");
	r = &s->tk[s->ntk];
	memset(r, 0, sizeof *r);
	r->id = json_integer_value(json_object_get(t, "id"));
	iso = json_string_value(json_object_get(t, "code"));
	snprintf(s->tk_code[s->ntk], sizeof s->tk_code[0], "%s", iso ? iso : "");
	r->service = svc_index(s, code);
	r->lane = x->lane;
	r->issued = s->now;
	iso = json_string_value(json_object_get(t, "issued_at"));
	if (iso && parse_iso(iso, &issued) == 0)
		r->issued = issued;
	r->eta_s = json_is_integer(json_object_get(t, "eta_s")) ?
	    (int)json_integer_value(json_object_get(t, "eta_s")) : -1;
	r->window = -1;
	r->state = SR_WAITING;
	s->tk_arr[s->ntk++] = ai;
	s->tk_model_eta[s->ntk - 1] = model_eta(s);
	if (verbose)
		printf("# %lld take %s %s id %lld eta %d\n", s->now - s->start, code,
		    sched_lane_name(x->lane), r->id, r->eta_s);
	json_decref(a);
	return 0;
}

/* The waiting tickets as the policy sees them; map[k] is the index in s->tk. */
static int
waiting(const struct sim *s, struct sched_ticket *q, int *map)
{
	int n = 0;

	for (int i = 0; i < s->ntk; i++) {
		if (s->tk[i].state != SR_WAITING)
			continue;
		memset(&q[n], 0, sizeof q[n]);
		q[n].id = s->tk[i].id;
		q[n].service = s->tk[i].service;
		q[n].lane = s->tk[i].lane;
		q[n].issued_at = s->tk[i].issued;
		map[n++] = i;
	}
	return n;
}

static int
call_next(struct sim *s, int k, struct sched_ticket *q, int *map)
{
	struct win *w = &s->win[k];
	int n = waiting(s, q, map), pick, i;
	json_t *a, *t;
	long long id;

	pick = sched_pick(&s->pol, w->duty, w->nduty, q, n, s->now);
	if (pick < 0)
		return 0;	/* nothing this window serves is waiting */
	a = jhc_op(s->c, "call_next", json_pack("{s:s}", "window", w->name), TIMEOUT_MS);
	if (a == NULL) {
		fail("call_next", s->c);
		s->op_failed++;
		return -1;
	}
	t = json_object_get(a, "ticket");
	if (!json_is_object(t)) {
		printf("# %lld window %s: call_next answered null, policy expected %lld\n",
		    s->now - s->start, w->name, q[pick].id);
		s->policy_mismatch++;
		json_decref(a);
		return 0;
	}
	id = json_integer_value(json_object_get(t, "id"));
	json_decref(a);
	if (id != q[pick].id && s->policy_mismatch++ < 5)
		printf("# %lld window %s: called %lld, policy expected %lld\n", s->now - s->start,
		    w->name, id, q[pick].id);
	if ((i = ticket_index(s, id)) < 0) {
		s->unknown_call++;
		return 0;
	}
	if (s->tk[i].state != SR_WAITING) {
		s->called_twice++;
		return 0;
	}
	s->tk[i].state = SR_CALLED;
	s->tk[i].called = s->now;
	s->tk[i].window = k;
	w->cur = i;
	w->busy_until = s->now + (s->arr[s->tk_arr[i]].no_show ? NO_SHOW_WAIT_S :
	    s->arr[s->tk_arr[i]].handle_s);
	if (verbose)
		printf("# %lld window %s calls %lld\n", s->now - s->start, w->name, id);
	return 0;
}

static int
finish(struct sim *s, int k)
{
	struct win *w = &s->win[k];
	int i = w->cur, noshow = s->arr[s->tk_arr[i]].no_show;
	json_t *a;

	a = jhc_op(s->c, noshow ? "no_show" : "finish", json_pack("{s:s}", "window", w->name),
	    TIMEOUT_MS);
	if (a == NULL) {
		fail(noshow ? "no_show" : "finish", s->c);
		s->op_failed++;
		return -1;
	}
	json_decref(a);
	s->tk[i].state = noshow ? SR_NO_SHOW : SR_DONE;
	w->busy_s += (double)(s->now - s->tk[i].called);
	w->cur = -1;
	return 0;
}

static int
run_day(struct sim *s)
{
	struct sched_ticket *q = malloc((size_t)(s->narr + 1) * sizeof *q);
	int *map = malloc((size_t)(s->narr + 1) * sizeof *map), next = 0, rc = -1;

	if (q == NULL || map == NULL)
		goto out;
	for (;;) {
		long long t = -1;

		if (next < s->narr)
			t = s->start + s->arr[next].at_s;
		for (int k = 0; k < s->nwin; k++)
			if (s->win[k].cur >= 0 && (t < 0 || s->win[k].busy_until < t))
				t = s->win[k].busy_until;
		if (t < 0)
			break;
		if (t > s->now && clock_to(s, t) != 0)
			goto out;
		for (int k = 0; k < s->nwin; k++)
			if (s->win[k].cur >= 0 && s->win[k].busy_until <= s->now &&
			    finish(s, k) != 0)
				goto out;
		while (next < s->narr && s->start + s->arr[next].at_s <= s->now)
			if (take(s, next++) != 0)
				goto out;
		for (int k = 0; k < s->nwin; k++)
			if (s->win[k].cur < 0 && call_next(s, k, q, map) != 0)
				goto out;
	}
	rc = 0;
out:
	free(q);
	free(map);
	return rc;
}

/* Ask the server for every ticket's final state. Returns how many are not done/no_show. */
static int
final_states(struct sim *s, int *lost)
{
	int bad = 0;

	*lost = 0;
	for (int i = 0; i < s->ntk; i++) {
		/* by code: "id" is the request's own id */
		json_t *a = jhc_op(s->c, "ticket", json_pack("{s:s}", "code", s->tk_code[i]),
		    TIMEOUT_MS);
		const char *st;

		if (a == NULL) {
			if ((*lost)++ < 5)
				printf("# ticket %s: %s\n", s->tk_code[i], jhc_error(s->c));
			continue;
		}
		st = json_string_value(json_object_get(json_object_get(a, "ticket"), "state"));
		if (st == NULL || (strcmp(st, "done") != 0 && strcmp(st, "no_show") != 0)) {
			if (bad++ < 5)
				printf("# ticket %lld ends in state %s\n", s->tk[i].id,
				    st ? st : "(none)");
		}
		json_decref(a);
	}
	return bad;
}

static void tap(int ok, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
tap(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("%s - %s", ok ? "ok" : "not ok", name);
	if (!ok) {
		printf(": ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	printf("\n");
}

/* Send the hall file to jhd (admin op import). */
static int
import_hall(struct jhc *c, const char *path)
{
	static char text[1024 * 1024];
	FILE *f = fopen(path, "r");
	size_t n;
	json_t *a;

	if (f == NULL) {
		fprintf(stderr, "jhsim: %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	if (n == sizeof text - 1) {
		fprintf(stderr, "jhsim: %s: larger than %zu bytes\n", path, sizeof text - 1);
		return -1;
	}
	text[n] = '\0';
	a = jhc_op(c, "import", json_pack("{s:s, s:s}", "text", text, "file", path), TIMEOUT_MS);
	if (a == NULL) {
		fail("import", c);
		return -1;
	}
	json_decref(a);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: jhsim --sock PATH --start ISO8601 [--seed N] [--day short|full] "
	    "[--hall FILE [--import]] [--targets] [--verbose]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sock", required_argument, NULL, 's' },
		{ "start", required_argument, NULL, 'S' },
		{ "seed", required_argument, NULL, 'r' },
		{ "day", required_argument, NULL, 'd' },
		{ "hall", required_argument, NULL, 'h' },
		{ "import", no_argument, NULL, 'i' },
		{ "targets", no_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	struct sim s;
	struct jhc_cred cred = { 0 };
	const char *sock = NULL, *start = NULL, *hall = NULL, *iso_start;
	unsigned long long seed = 1;
	int full = 0, targets = 0, import = 0, ch, lost, notfinal, rc = 0, failed = 0;
	double *busy, span, worst;
	const char **names;
	struct simrep_eta eta;
	json_t *a;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's': sock = optarg; break;
		case 'S': start = optarg; break;
		case 'r': seed = strtoull(optarg, NULL, 10); break;
		case 'd':
			if (strcmp(optarg, "full") == 0)
				full = 1;
			else if (strcmp(optarg, "short") != 0)
				usage();
			break;
		case 'h': hall = optarg; break;
		case 'i': import = 1; break;
		case 't': targets = 1; break;
		case 'v': verbose = 1; break;
		default: usage();
		}
	}
	if (sock == NULL || start == NULL || (import && hall == NULL))
		usage();
	memset(&s, 0, sizeof s);
	sched_policy_default(&s.pol);
	if (hall && ini_parse(hall, policy_key, &s) != 0) {
		fprintf(stderr, "jhsim: %s: cannot read its [policy]\n", hall);
		return 2;
	}
	if (parse_iso(start, &s.start) != 0) {
		fprintf(stderr, "jhsim: --start %s: not ISO 8601 with an offset\n", start);
		return 2;
	}
	iso_start = start;
	simgen_district(&s.gen, full, seed);

	if ((s.c = jhc_new(sock, &cred)) == NULL || jhc_connect(s.c, TIMEOUT_MS) != 0) {
		fprintf(stderr, "jhsim: cannot connect to %s: %s\n", sock,
		    s.c ? jhc_error(s.c) : "out of memory");
		return 1;
	}
	if (import && import_hall(s.c, hall) != 0)
		return 1;
	if ((a = jhc_op(s.c, "clock", json_pack("{s:s}", "set", iso_start), TIMEOUT_MS)) == NULL) {
		fail("clock set (is jhd running with --test-clock?)", s.c);
		return 1;
	}
	json_decref(a);
	s.now = s.start;
	if (learn_hall(&s) != 0) {
		fprintf(stderr, "jhsim: the hall has no services or no windows\n");
		return 1;
	}
	s.arr = malloc(SIMGEN_MAX_ARRIVALS * sizeof *s.arr);
	if (s.arr == NULL || (s.narr = simgen_day(&s.gen, s.arr, SIMGEN_MAX_ARRIVALS)) < 0) {
		fprintf(stderr, "jhsim: cannot generate the day\n");
		return 1;
	}
	s.tk = calloc((size_t)s.narr + 1, sizeof *s.tk);
	s.tk_arr = calloc((size_t)s.narr + 1, sizeof *s.tk_arr);
	s.tk_code = calloc((size_t)s.narr + 1, sizeof *s.tk_code);
	s.tk_model_eta = calloc((size_t)s.narr + 1, sizeof *s.tk_model_eta);
	if (s.tk == NULL || s.tk_arr == NULL || s.tk_code == NULL || s.tk_model_eta == NULL ||
	    s.narr > SIMGEN_MAX_ARRIVALS)
		return 1;
	printf("# jhsim seed %llu, %s day: %d arrivals, %d services, %d windows\n", seed,
	    full ? "full" : "short", s.narr, s.nsvc, s.nwin);

	if (run_day(&s) != 0)
		failed = 1;
	notfinal = final_states(&s, &lost);

	span = (double)(s.now - s.start);
	busy = calloc((size_t)s.nwin + 1, sizeof *busy);
	names = calloc((size_t)s.nwin + 1, sizeof *names);
	if (busy == NULL || names == NULL)
		return 1;
	for (int k = 0; k < s.nwin; k++) {
		busy[k] = s.win[k].busy_s;
		names[k] = s.win[k].name;
	}
	printf("# day ends %.0f min after opening; %d tickets taken\n", span / 60, s.ntk);
	simrep_print(stdout, s.tk, s.ntk, s.nsvc, busy, names, s.nwin, span);
	{
		struct simrep_ticket *m = malloc((size_t)(s.ntk + 1) * sizeof *m);
		struct simrep_eta e;

		if (m != NULL) {
			memcpy(m, s.tk, (size_t)s.ntk * sizeof *m);
			for (int i = 0; i < s.ntk; i++)
				m[i].eta_s = s.tk_model_eta[i];
			simrep_eta(m, s.ntk, SIMREP_ETA_TARGET_MIN_WAIT_S, &e);
			printf("eta, policy forecast with the true service means, waited >= %d min: "
			    "median abs error %.1f%%, bias %+.1f%%\n",
			    SIMREP_ETA_TARGET_MIN_WAIT_S / 60, 100 * e.median_abs, 100 * e.bias);
			if (getenv("JHSIM_DEBUG"))
				for (int i = 0; i < s.ntk; i++)
					printf("D %s %d %lld %d %d\n", sched_lane_name(m[i].lane),
					    m[i].service, m[i].called - m[i].issued, m[i].eta_s,
					    s.tk[i].eta_s);
			free(m);
		}
	}

	tap(!failed && s.take_failed == 0 && s.op_failed == 0, "sim_day_runs_to_the_end",
	    "%d takes and %d clerk ops failed", s.take_failed, s.op_failed);
	tap(s.ntk == s.narr && lost == 0 && s.unknown_call == 0, "sim_no_ticket_lost",
	    "%d of %d taken, %d not found at the end, %d unknown called", s.ntk, s.narr, lost,
	    s.unknown_call);
	tap(s.called_twice == 0, "sim_no_ticket_called_twice", "%d called twice",
	    s.called_twice);
	tap(notfinal == 0, "sim_every_ticket_ends_done_or_no_show", "%d not final", notfinal);
	tap(s.policy_mismatch == 0, "sim_calls_follow_the_policy_lanes_ordered",
	    "%d calls differ from sched_pick", s.policy_mismatch);
	rc = failed || s.take_failed || s.op_failed || s.ntk != s.narr || lost ||
	    s.unknown_call || s.called_twice || notfinal || s.policy_mismatch;
	if (targets) {
		int bad;

		simrep_eta(s.tk, s.ntk, 0, &eta);
		bad = simrep_fairness(s.tk, s.ntk, s.nsvc, 1.5, 0, &worst);
		/* a missed target is a figure to report, not a failed run (docs/SCHEDULING.md
		 * explains why they are missed): the exit status is about correctness */
		printf("%s: ETA median abs error <= 15%% of true wait (all called tickets): "
		    "%.1f%%\n", eta.median_abs <= 0.15 ? "TARGET MET" : "MISSED",
		    100 * eta.median_abs);
		printf("%s: no normal ticket waits > 1.5x its service's mean wait: %d do "
		    "(worst %.2fx)\n", bad == 0 ? "TARGET MET" : "MISSED", bad, worst);
	}
	jhc_free(s.c);
	free(s.arr);
	free(s.tk);
	free(s.tk_arr);
	free(s.tk_code);
	free(s.tk_model_eta);
	free(busy);
	free(names);
	return rc;
}
