/* appt_slots.c — the appointment part of the hall file and the slots it defines (see
 * appt_slots.h and docs/APPOINTMENTS.md). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "appt_slots.h"
#include "clock.h"

static const char *const wday_names[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

void
appt_hall_init(struct appt_hall *h)
{
	memset(h, 0, sizeof *h);
	snprintf(h->tz, sizeof h->tz, "UTC");
	h->week = 0x1f;
	h->days = 5;
	h->share_pct = 28;
	h->max_open = 3;
	h->early_s = 3600;
	h->grace_s = 900;
	h->noshow_limit = 3;
	h->noshow_window_s = 30 * 86400;
	h->ban_s = 30 * 86400;
	h->expect_early_s = 0;
	h->expect_show_pct = 90;
}

static int
wday_parse(const char *s, size_t n)
{
	for (int i = 0; i < 7; i++)
		if (n == 3 && strncasecmp(s, wday_names[i], 3) == 0)
			return i;
	return -1;
}

/* "mon-fri", "mon,wed,fri", "sat", "daily"; a mask with bit 0 Monday, or -1. */
static int
wdays_parse(const char *s, unsigned *mask)
{
	const char *p = s;

	*mask = 0;
	if (strcasecmp(s, "daily") == 0) {
		*mask = 0x7f;
		return 0;
	}
	while (*p) {
		const char *e = p, *dash;
		int a, b;

		while (*e && *e != ',')
			e++;
		dash = memchr(p, '-', e - p);
		if (dash == NULL) {
			if ((a = wday_parse(p, e - p)) < 0)
				return -1;
			b = a;
		} else if ((a = wday_parse(p, dash - p)) < 0 ||
		    (b = wday_parse(dash + 1, e - dash - 1)) < 0)
			return -1;
		for (int i = a;; i = (i + 1) % 7) {	/* "sat-mon" wraps */
			*mask |= 1u << i;
			if (i == b)
				break;
		}
		p = *e ? e + 1 : e;
	}
	return *mask ? 0 : -1;
}

static int
hhmm_parse(const char *s, size_t n, int *minute)
{
	int h, m;

	if (n != 5 || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    s[2] != ':' || !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return -1;
	*minute = h * 60 + m;
	return 0;
}

static int
int_parse(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
appt_rule_parse(const char *spec, struct appt_rule *r, char *err, size_t errlen)
{
	char buf[256], *tok[8], *save = NULL, *p;
	int ntok = 0, a, b;
	const char *dash;
	long every, n;

	if (strlen(spec) >= sizeof buf) {
		snprintf(err, errlen, "slot line too long");
		return -1;
	}
	snprintf(buf, sizeof buf, "%s", spec);
	for (p = strtok_r(buf, " \t", &save); p; p = strtok_r(NULL, " \t", &save)) {
		if (ntok == 8) {
			snprintf(err, errlen, "slot line has too many words; expected "
			    "\"DAYS HH:MM-HH:MM every 30m quota N\"");
			return -1;
		}
		tok[ntok++] = p;
	}
	memset(r, 0, sizeof *r);
	if (ntok != 6 || strcasecmp(tok[2], "every") != 0 ||
	    (strcasecmp(tok[4], "quota") != 0 && strcasecmp(tok[4], "capacity") != 0)) {
		snprintf(err, errlen, "expected \"DAYS HH:MM-HH:MM every 30m quota N\" "
		    "(or \"capacity N\"), got \"%s\"", spec);
		return -1;
	}
	if (wdays_parse(tok[0], &r->wdays)) {
		snprintf(err, errlen, "bad days \"%s\": use mon..sun, ranges (mon-fri), commas or "
		    "daily", tok[0]);
		return -1;
	}
	dash = strchr(tok[1], '-');
	if (dash == NULL || hhmm_parse(tok[1], dash - tok[1], &a) ||
	    hhmm_parse(dash + 1, strlen(dash + 1), &b)) {
		snprintf(err, errlen, "bad time range \"%s\": use HH:MM-HH:MM", tok[1]);
		return -1;
	}
	if (b <= a) {
		snprintf(err, errlen, "time range \"%s\" ends before it starts", tok[1]);
		return -1;
	}
	n = strlen(tok[3]);
	if (n < 2 || (tok[3][n - 1] != 'm' && tok[3][n - 1] != 'h') ||
	    clock_parse_duration(tok[3], &every) || every < 300 || every % 60) {
		snprintf(err, errlen, "bad slot length \"%s\": use minutes or hours, e.g. 30m, "
		    "at least 5m", tok[3]);
		return -1;
	}
	r->start = a;
	r->end = b;
	r->every = (int)(every / 60);
	if ((b - a) % r->every) {
		snprintf(err, errlen, "%s is not a whole number of %d-minute slots", tok[1],
		    r->every);
		return -1;
	}
	if (int_parse(tok[5], 0, 10000, &n)) {
		snprintf(err, errlen, "bad %s \"%s\": a whole number 0..10000", tok[4], tok[5]);
		return -1;
	}
	r->quota = r->capacity = -1;
	if (strcasecmp(tok[4], "quota") == 0)
		r->quota = (int)n;
	else
		r->capacity = (int)n;
	return 0;
}

/* "28%", "28" or "0.28" into a percentage 0..100. */
static int
share_parse(const char *s, int *pct)
{
	char buf[16];
	size_t n = strlen(s);
	long v;

	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n + 1);
	if (buf[n - 1] == '%')
		buf[--n] = '\0';
	if (strncmp(buf, "0.", 2) == 0 && n >= 3 && n <= 4 &&
	    isdigit((unsigned char)buf[2]) && (n == 3 || isdigit((unsigned char)buf[3]))) {
		*pct = (buf[2] - '0') * 10 + (n == 4 ? buf[3] - '0' : 0);
		return 0;
	}
	if (int_parse(buf, 0, 100, &v))
		return -1;
	*pct = (int)v;
	return 0;
}

static int
int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* "2026-10-01, 2026-10-02 ..." (comma or space separated) appended to the holidays; with
 * workdays, each date may carry "/fri" naming whose slot lines apply (default Monday's). */
static int
dates_parse(struct appt_hall *h, const char *value, int work, char *err, size_t errlen)
{
	char buf[4096], *p, *save = NULL;

	if (strlen(value) >= sizeof buf) {
		snprintf(err, errlen, "date list too long");
		return -1;
	}
	snprintf(buf, sizeof buf, "%s", value);
	for (p = strtok_r(buf, ", \t", &save); p; p = strtok_r(NULL, ", \t", &save)) {
		char *slash = strchr(p, '/');
		int day, wd = 0;

		if (slash) {
			*slash = '\0';
			if ((wd = wday_parse(slash + 1, strlen(slash + 1))) < 0) {
				snprintf(err, errlen, "bad weekday \"%s\" after date %s", slash + 1, p);
				return -1;
			}
		}
		if (appt_date_parse(p, &day)) {
			snprintf(err, errlen, "bad date \"%s\": use YYYY-MM-DD", p);
			return -1;
		}
		if (slash && !work) {
			snprintf(err, errlen, "a holiday takes no weekday (\"%s/%s\")", p, slash + 1);
			return -1;
		}
		if ((work ? h->nworkday : h->nholiday) == APPT_MAX_DATES) {
			snprintf(err, errlen, "more than %d dates", APPT_MAX_DATES);
			return -1;
		}
		if (work) {
			h->workday[h->nworkday].day = day;
			h->workday[h->nworkday++].as_wday = wd;
		} else
			h->holiday[h->nholiday++] = day;
	}
	if (!work)
		qsort(h->holiday, h->nholiday, sizeof h->holiday[0], int_cmp);
	return 0;
}

static struct appt_service *
service_get(struct appt_hall *h, const char *code, char *err, size_t errlen)
{
	struct appt_service *s;

	for (int i = 0; i < h->nservice; i++)
		if (strcmp(h->service[i].code, code) == 0)
			return &h->service[i];
	if (*code == '\0' || strlen(code) >= APPT_CODE_MAX || strpbrk(code, " \t")) {
		snprintf(err, errlen, "bad service code \"%s\" in [slots]", code);
		return NULL;
	}
	if (h->nservice == APPT_MAX_SERVICES) {
		snprintf(err, errlen, "more than %d [slots] sections", APPT_MAX_SERVICES);
		return NULL;
	}
	s = &h->service[h->nservice++];
	memset(s, 0, sizeof *s);
	snprintf(s->code, sizeof s->code, "%s", code);
	s->share_pct = -1;
	return s;
}

/* share = N%: the hall's or a service's share of its windows' time. 1, or -1 with err. */
static int
set_share(const char *value, int *pct, char *err, size_t errlen)
{
	if (share_parse(value, pct)) {
		snprintf(err, errlen, "bad share \"%s\": a percentage such as 28%%", value);
		return -1;
	}
	return 1;
}

static int
slots_set(struct appt_hall *h, const char *code, const char *key, const char *value, char *err,
    size_t errlen)
{
	struct appt_service *s;
	char spec[512];

	if ((s = service_get(h, code, err, errlen)) == NULL)
		return -1;
	if (strcmp(key, "share") == 0)
		return set_share(value, &s->share_pct, err, errlen);
	if (strcmp(key, "slot") == 0)
		snprintf(spec, sizeof spec, "%s", value);
	else if (*value != '\0')
		snprintf(spec, sizeof spec, "%s:%s", key, value);	/* "mon-fri 09" ":" "00-..." */
	else {
		snprintf(err, errlen, "unknown key \"%s\" in [slots %s]", key, code);
		return -1;
	}
	if (s->nrule == APPT_MAX_RULES) {
		snprintf(err, errlen, "more than %d slot lines for service %s", APPT_MAX_RULES, code);
		return -1;
	}
	if (appt_rule_parse(spec, &s->rule[s->nrule], err, errlen))
		return -1;
	s->nrule++;
	return 1;
}

static int
set_duration(const char *key, const char *value, long min, long max, int *out, char *err,
    size_t errlen)
{
	long v;

	if (clock_parse_duration(value, &v) || v < min || v > max) {
		snprintf(err, errlen, "bad %s \"%s\": a duration such as 15m, 2h or 30d, "
		    "from %lds to %lds", key, value, min, max);
		return -1;
	}
	*out = (int)v;
	return 1;
}

static int
set_int(const char *key, const char *value, long min, long max, int *out, char *err,
    size_t errlen)
{
	long v;

	if (int_parse(value, min, max, &v)) {
		snprintf(err, errlen, "bad %s \"%s\": a whole number %ld..%ld", key, value, min, max);
		return -1;
	}
	*out = (int)v;
	return 1;
}

int
appt_hall_set(struct appt_hall *h, const char *section, const char *key, const char *value,
    char *err, size_t errlen)
{
	if (strcmp(section, "hall") == 0) {
		if (strcmp(key, "timezone") != 0)
			return 0;
		if (!appt_tz_valid(value)) {
			snprintf(err, errlen, "unknown time zone \"%s\"", value);
			return -1;
		}
		snprintf(h->tz, sizeof h->tz, "%s", value);
		return 1;
	}
	if (strcmp(section, "policy") == 0) {
		if (strcmp(key, "appt_grace") != 0)
			return 0;
		return set_duration(key, value, 0, 4 * 3600, &h->grace_s, err, errlen);
	}
	if (strncmp(section, "slots ", 6) == 0)
		return slots_set(h, section + 6, key, value, err, errlen);
	if (strcmp(section, "appointments") != 0)
		return 0;
	if (strcmp(key, "days") == 0)
		return set_int(key, value, 1, 60, &h->days, err, errlen);
	if (strcmp(key, "week") == 0) {
		if (wdays_parse(value, &h->week)) {
			snprintf(err, errlen, "bad week \"%s\": e.g. mon-fri", value);
			return -1;
		}
		return 1;
	}
	if (strcmp(key, "share") == 0)
		return set_share(value, &h->share_pct, err, errlen);
	if (strcmp(key, "max_open") == 0)
		return set_int(key, value, 1, 100, &h->max_open, err, errlen);
	if (strcmp(key, "early") == 0)
		return set_duration(key, value, 0, 12 * 3600, &h->early_s, err, errlen);
	if (strcmp(key, "grace") == 0)
		return set_duration(key, value, 0, 4 * 3600, &h->grace_s, err, errlen);
	if (strcmp(key, "noshow_limit") == 0)
		return set_int(key, value, 0, 100, &h->noshow_limit, err, errlen);
	if (strcmp(key, "noshow_window") == 0)
		return set_duration(key, value, 86400, 366L * 86400, &h->noshow_window_s, err,
		    errlen);
	if (strcmp(key, "ban") == 0)
		return set_duration(key, value, 3600, 366L * 86400, &h->ban_s, err, errlen);
	if (strcmp(key, "expect_early") == 0)
		return set_duration(key, value, 0, 12 * 3600, &h->expect_early_s, err, errlen);
	if (strcmp(key, "expect_show") == 0) {
		if (share_parse(value, &h->expect_show_pct)) {
			snprintf(err, errlen, "bad expect_show \"%s\": a percentage such as 90%%",
			    value);
			return -1;
		}
		return 1;
	}
	if (strcmp(key, "holidays") == 0)
		return dates_parse(h, value, 0, err, errlen) ? -1 : 1;
	if (strcmp(key, "workdays") == 0)
		return dates_parse(h, value, 1, err, errlen) ? -1 : 1;
	snprintf(err, errlen, "unknown key \"%s\" in [appointments]", key);
	return -1;
}

void
appt_hall_reader_init(struct appt_hall_reader *r, struct appt_hall *h)
{
	appt_hall_init(h);
	r->h = h;
	r->errline = 0;
	r->err[0] = '\0';
}

void
appt_hall_reader_key(void *arg, const char *section, const char *key, const char *value,
    int line)
{
	struct appt_hall_reader *r = arg;
	struct appt_service *s;

	if (r->errline)
		return;
	if (appt_hall_set(r->h, section, key, value, r->err, sizeof r->err) == -1) {
		r->errline = line;
		return;
	}
	/* a slot line just taken: where it was written, for the errors found later */
	if (strncmp(section, "slots ", 6) == 0 &&
	    (s = (struct appt_service *)appt_hall_service(r->h, section + 6)) != NULL &&
	    s->nrule > 0 && s->rule[s->nrule - 1].line == 0)
		s->rule[s->nrule - 1].line = line;
}

int
appt_hall_reader_done(const struct appt_hall_reader *r, char *err, size_t errlen)
{
	if (!r->errline)
		return 0;
	snprintf(err, errlen, "line %d: %s", r->errline, r->err);
	return -1;
}

struct load_ctx {
	struct appt_hall_reader r;
	const char *text;	/* not yet read */
	int line, next_line;	/* of the line libinih reads now, and of the next */
};

/* libinih's string reader, counting lines: the handler is called for the line just read. */
static char *
load_reader(char *str, int num, void *stream)
{
	struct load_ctx *c = stream;
	size_t n = 0;

	if (!*c->text || num < 2)
		return NULL;
	while (c->text[n] && n < (size_t)num - 1)
		if (c->text[n++] == '\n')
			break;
	memcpy(str, c->text, n);
	str[n] = '\0';
	c->text += n;
	c->line = c->next_line;
	if (str[n - 1] == '\n')
		c->next_line++;
	return str;
}

static int
load_handler(void *arg, const char *section, const char *key, const char *value)
{
	struct load_ctx *c = arg;

	if (c->r.errline)
		return 1;
	appt_hall_reader_key(&c->r, section, key, value, c->line);
	return !c->r.errline;
}

int
appt_hall_load_string(struct appt_hall *h, const char *text, char *err, size_t errlen)
{
	struct load_ctx c = { .r = { .h = h }, .text = text, .next_line = 1 };
	int line;

	if (strncmp(c.text, "\xEF\xBB\xBF", 3) == 0)	/* a UTF-8 byte order mark */
		c.text += 3;
	line = ini_parse_stream(load_reader, &c, load_handler, &c);

	if (line != 0) {
		if (c.r.errline)
			snprintf(err, errlen, "line %d: %s", line, c.r.err);
		else
			snprintf(err, errlen, "line %d: not \"key = value\" nor a [section]", line);
		return -1;
	}
	return 0;
}

int
appt_hall_check(const struct appt_hall *h, char *err, size_t errlen)
{
	for (int i = 0; i < h->nservice; i++) {
		const struct appt_service *s = &h->service[i];

		for (int a = 0; a < s->nrule; a++)
			for (int b = a + 1; b < s->nrule; b++) {
				const struct appt_rule *x = &s->rule[a], *y = &s->rule[b];

				if ((x->wdays & y->wdays) && x->start < y->end && y->start < x->end) {
					snprintf(err, errlen, "[slots %s]: slot lines %d and %d overlap",
					    s->code, a + 1, b + 1);
					return -1;
				}
			}
	}
	return 0;
}

int
appt_hall_check_hours(const struct appt_hall *h, int open, int close, char *err, size_t errlen)
{
	const struct appt_service *bad_s = NULL;
	const struct appt_rule *bad = NULL;
	int bad_m = 0;

	for (int i = 0; i < h->nservice; i++) {
		const struct appt_service *s = &h->service[i];

		for (int j = 0; j < s->nrule; j++) {
			const struct appt_rule *r = &s->rule[j];

			for (int m = r->start; m + r->every <= r->end; m += r->every) {
				if (m >= open && m + r->every <= close)
					continue;
				if (!bad || r->line < bad->line) {
					bad = r;
					bad_s = s;
					bad_m = m;
				}
				break;
			}
		}
	}
	if (!bad)
		return 0;
	{
		char where[64], slot[32];
		int e = bad_m + bad->every;

		if (bad->line > 0)
			snprintf(where, sizeof where, "line %d", bad->line);
		else
			snprintf(where, sizeof where, "[slots %s]", bad_s->code);
		if (bad_m >= open && bad_m < close)	/* only its end is after closing */
			snprintf(slot, sizeof slot, "%02d:%02d-%02d:%02d", bad_m / 60, bad_m % 60,
			    e / 60, e % 60);
		else
			snprintf(slot, sizeof slot, "%02d:%02d", bad_m / 60, bad_m % 60);
		snprintf(err, errlen, "%s: slot %s is outside the hall's hours %02d:%02d-%02d:%02d",
		    where, slot, open / 60, open % 60, close / 60, close % 60);
	}
	return -1;
}

static void
wdays_format(unsigned mask, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	if ((mask & 0x7f) == 0x7f) {
		snprintf(buf, size, "daily");
		return;
	}
	for (int i = 0; i < 7 && n < size; i++) {
		int j = i;

		if (!(mask & (1u << i)))
			continue;
		while (j + 1 < 7 && (mask & (1u << (j + 1))))
			j++;
		if (j < i + 2)		/* one or two days: "sat,sun" */
			j = i;
		n += snprintf(buf + n, size - n, "%s%s", n ? "," : "", wday_names[i]);
		if (j > i && n < size)
			n += snprintf(buf + n, size - n, "-%s", wday_names[j]);
		i = j;
	}
}

void
appt_rule_format(const struct appt_rule *r, char *buf, size_t size)
{
	char days[40];

	wdays_format(r->wdays, days, sizeof days);
	snprintf(buf, size, "%s %02d:%02d-%02d:%02d every %d%s %s %d", days, r->start / 60,
	    r->start % 60, r->end / 60, r->end % 60, r->every % 60 ? r->every : r->every / 60,
	    r->every % 60 ? "m" : "h", r->quota >= 0 ? "quota" : "capacity",
	    r->quota >= 0 ? r->quota : r->capacity);
}

static void
emitf(void (*emit)(void *, const char *), void *arg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
emitf(void (*emit)(void *, const char *), void *arg, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	emit(arg, msg);
}

static int
same_times(const struct appt_rule *a, const struct appt_rule *b)
{
	return a->wdays == b->wdays && a->start == b->start && a->end == b->end &&
	    a->every == b->every;
}

static int
same_rule(const struct appt_rule *a, const struct appt_rule *b)
{
	return same_times(a, b) && a->quota == b->quota && a->capacity == b->capacity;
}

/* Index of a rule of s like r (same_rule, or same_times when times_only), or -1. */
static int
rule_find(const struct appt_service *s, const struct appt_rule *r, int times_only)
{
	for (int i = 0; i < s->nrule; i++)
		if (times_only ? same_times(&s->rule[i], r) : same_rule(&s->rule[i], r))
			return i;
	return -1;
}

static void
share_text(int pct, char *buf, size_t size)
{
	if (pct < 0)
		snprintf(buf, size, "the hall's");
	else
		snprintf(buf, size, "%d%%", pct);
}

/* The dates of a (n of them) not in b, as "2026-10-01, 2026-10-02"; "" when none. */
static void
dates_missing(const int *a, int na, const int *b, int nb, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < na && n < size; i++) {
		char d[APPT_DATE_MAX];
		int j;

		for (j = 0; j < nb && b[j] != a[i]; j++)
			;
		if (j < nb)
			continue;
		appt_date_format(a[i], d);
		n += snprintf(buf + n, size - n, "%s%s", n ? ", " : "", d);
	}
}

static void
workdays_missing(const struct appt_hall *a, const struct appt_hall *b, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < a->nworkday && n < size; i++) {
		char d[APPT_DATE_MAX];
		int j;

		for (j = 0; j < b->nworkday; j++)
			if (b->workday[j].day == a->workday[i].day &&
			    b->workday[j].as_wday == a->workday[i].as_wday)
				break;
		if (j < b->nworkday)
			continue;
		appt_date_format(a->workday[i].day, d);
		n += snprintf(buf + n, size - n, "%s%s/%s", n ? ", " : "", d,
		    wday_names[a->workday[i].as_wday]);
	}
}

void
appt_hall_diff(const struct appt_hall *o, const struct appt_hall *n,
    void (*emit)(void *arg, const char *change), void *arg)
{
	static const struct {
		const char *key;
		size_t off;
		const char *unit;
	} ints[] = {
		{ "days", offsetof(struct appt_hall, days), "" },
		{ "share", offsetof(struct appt_hall, share_pct), "%" },
		{ "max_open", offsetof(struct appt_hall, max_open), "" },
		{ "early", offsetof(struct appt_hall, early_s), "s" },
		{ "grace", offsetof(struct appt_hall, grace_s), "s" },
		{ "noshow_limit", offsetof(struct appt_hall, noshow_limit), "" },
		{ "noshow_window", offsetof(struct appt_hall, noshow_window_s), "s" },
		{ "ban", offsetof(struct appt_hall, ban_s), "s" },
		{ "expect_early", offsetof(struct appt_hall, expect_early_s), "s" },
		{ "expect_show", offsetof(struct appt_hall, expect_show_pct), "%" },
	};
	char a[2048], b[2048];

	if (o->week != n->week) {
		wdays_format(o->week, a, sizeof a);
		wdays_format(n->week, b, sizeof b);
		emitf(emit, arg, "appointments week: %s -> %s", a, b);
	}
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		int x = *(const int *)((const char *)o + ints[i].off);
		int y = *(const int *)((const char *)n + ints[i].off);

		if (x != y)
			emitf(emit, arg, "appointments %s: %d%s -> %d%s", ints[i].key, x,
			    ints[i].unit, y, ints[i].unit);
	}
	dates_missing(n->holiday, n->nholiday, o->holiday, o->nholiday, a, sizeof a);
	if (a[0])
		emitf(emit, arg, "appointments holidays added: %s", a);
	dates_missing(o->holiday, o->nholiday, n->holiday, n->nholiday, a, sizeof a);
	if (a[0])
		emitf(emit, arg, "appointments holidays removed: %s", a);
	workdays_missing(n, o, a, sizeof a);
	if (a[0])
		emitf(emit, arg, "appointments workdays added: %s", a);
	workdays_missing(o, n, a, sizeof a);
	if (a[0])
		emitf(emit, arg, "appointments workdays removed: %s", a);
	for (int i = 0; i < n->nservice; i++) {
		const struct appt_service *s = &n->service[i];
		const struct appt_service *t = appt_hall_service(o, s->code);
		size_t len = 0;

		if (!t) {
			a[0] = '\0';
			for (int j = 0; j < s->nrule && len < sizeof a; j++) {
				appt_rule_format(&s->rule[j], b, sizeof b);
				len += snprintf(a + len, sizeof a - len, "%s%s", j ? "; " : "", b);
			}
			emitf(emit, arg, "slots of service %s added: %s", s->code,
			    s->nrule ? a : "(no slot lines)");
			continue;
		}
		if (s->share_pct != t->share_pct) {
			share_text(t->share_pct, a, sizeof a);
			share_text(s->share_pct, b, sizeof b);
			emitf(emit, arg, "slots of service %s share: %s -> %s", s->code, a, b);
		}
		for (int j = 0; j < s->nrule; j++) {
			const struct appt_rule *r = &s->rule[j];
			int k;

			if (rule_find(t, r, 0) >= 0)
				continue;
			appt_rule_format(r, b, sizeof b);
			if ((k = rule_find(t, r, 1)) >= 0 && rule_find(s, &t->rule[k], 0) < 0) {
				appt_rule_format(&t->rule[k], a, sizeof a);
				emitf(emit, arg, "slots of service %s: %s -> %s %d", s->code, a,
				    r->quota >= 0 ? "quota" : "capacity",
				    r->quota >= 0 ? r->quota : r->capacity);
			} else
				emitf(emit, arg, "slots of service %s added: %s", s->code, b);
		}
		for (int j = 0; j < t->nrule; j++) {
			const struct appt_rule *r = &t->rule[j];
			int k;

			if (rule_find(s, r, 0) >= 0)
				continue;
			if ((k = rule_find(s, r, 1)) >= 0 && rule_find(t, &s->rule[k], 0) < 0)
				continue;	/* its places changed: said above */
			appt_rule_format(r, a, sizeof a);
			emitf(emit, arg, "slots of service %s removed: %s", s->code, a);
		}
	}
	for (int i = 0; i < o->nservice; i++)
		if (!appt_hall_service(n, o->service[i].code))
			emitf(emit, arg, "slots of service %s removed", o->service[i].code);
}

const struct appt_service *
appt_hall_service(const struct appt_hall *h, const char *code)
{
	for (int i = 0; i < h->nservice; i++)
		if (strcmp(h->service[i].code, code) == 0)
			return &h->service[i];
	return NULL;
}

int
appt_hall_workday(const struct appt_hall *h, int day)
{
	int wd = appt_weekday(day);

	for (int i = 0; i < h->nworkday; i++)
		if (h->workday[i].day == day)
			return h->workday[i].as_wday;
	if (bsearch(&day, h->holiday, h->nholiday, sizeof h->holiday[0], int_cmp))
		return -1;
	return (h->week & (1u << wd)) ? wd : -1;
}

void
appt_hall_window(const struct appt_hall *h, int today, int *first, int *last)
{
	int day = today, n = 0;

	/* Bounded: even with no working weekday at all, stop after a year. */
	while (n < h->days && day < today + 366)
		if (appt_hall_workday(h, ++day) >= 0)
			n++;
	*first = today;
	*last = day;
}

int
appt_rule_quota(const struct appt_hall *h, const struct appt_service *s,
    const struct appt_rule *r)
{
	int pct;

	if (r->quota >= 0)
		return r->quota;
	pct = s->share_pct >= 0 ? s->share_pct : h->share_pct;
	return r->capacity * pct / 100;
}

/* Slots of one day in order of start; returns how many in all, writing at most max. */
static int
day_slots(const struct appt_hall *h, const struct appt_service *s, int day,
    struct appt_slot *out, int max)
{
	struct appt_slot tmp;
	int wd = appt_hall_workday(h, day), n = 0;

	if (wd < 0)
		return 0;
	/* Lines do not overlap (appt_hall_check), so ordering by start is an insertion sort of
	 * whole lines; slots within a line are already in order. */
	for (int i = 0; i < s->nrule; i++) {
		const struct appt_rule *r = &s->rule[i];

		if (!(r->wdays & (1u << wd)))
			continue;
		for (int m = r->start; m + r->every <= r->end; m += r->every) {
			tmp.start = appt_local_mktime(day, m);
			tmp.end = appt_local_mktime(day, m + r->every);
			tmp.quota = appt_rule_quota(h, s, r);
			if (n < max) {
				int j = n;

				while (j > 0 && out[j - 1].start > tmp.start) {
					out[j] = out[j - 1];
					j--;
				}
				out[j] = tmp;
			}
			n++;
		}
	}
	return n;
}

int
appt_slots_list(const struct appt_hall *h, const struct appt_service *s, int from, int to,
    struct appt_slot *out, int max)
{
	struct appt_tz_saved sv;
	int n = 0;

	appt_tz_enter(h->tz, &sv);
	for (int day = from; day <= to; day++)
		n += day_slots(h, s, day, n < max ? out + n : NULL, n < max ? max - n : 0);
	appt_tz_leave(&sv);
	return n;
}

int
appt_slots_find(const struct appt_hall *h, const struct appt_service *s, long long start,
    struct appt_slot *out)
{
	struct appt_slot day[APPT_MAX_SLOTS_DAY];
	struct appt_tz_saved sv;
	int d, n;

	appt_tz_enter(h->tz, &sv);
	appt_local_split(start, &d, NULL, NULL);
	n = day_slots(h, s, d, day, APPT_MAX_SLOTS_DAY);
	appt_tz_leave(&sv);
	for (int i = 0; i < n && i < APPT_MAX_SLOTS_DAY; i++)
		if (day[i].start == start) {
			*out = day[i];
			return 0;
		}
	return -1;
}
