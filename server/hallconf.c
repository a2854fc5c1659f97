/* hallconf.c — parse and validate a hall INI file (libinih), and diff two configurations.
 * A file is accepted whole or refused at its first error, named by line. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "alloc.h"
#include "clock.h"
#include "hallconf.h"
#include "utf8.h"

static const char *const flag_names[SVC_NFLAGS] = {
	"same-day", "simple-approval", "zero-visit", "appointment"
};

const char *
hallconf_flag_name(int bit)
{
	return bit >= 0 && bit < SVC_NFLAGS ? flag_names[bit] : "?";
}

/* The [limits] keys (ratelimit.h): here with the rest of the hall file, so that programs that
 * read hall files without limiting anything need no more than this file. */
const struct rl_class rl_classes[RL_NCLASS] = {
	[RL_TAKE] = { "take", "takes_per_minute", 60, "a minute", 30 },
	[RL_BOOK] = { "book", "bookings_per_hour", 3600, "an hour", 20 },
	[RL_CHECKIN] = { "checkin", "checkins_per_minute", 60, "a minute", 10 },
	[RL_CANCEL] = { "cancel_booking", "cancels_per_hour", 3600, "an hour", 20 },
};

void
hallconf_init(struct hall_conf *h)
{
	memset(h, 0, sizeof *h);
	snprintf(h->name, sizeof h->name, "jiaohao");
	snprintf(h->tz, sizeof h->tz, "UTC");
	h->open_min = 9 * 60;
	h->close_min = 17 * 60;
	h->wait_alert_s = 1800;
	sched_policy_default(&h->policy);
	h->balance_every_s = 600;
	h->balance_max = SCHED_BALANCE_MAX;
	for (int i = 0; i < RL_NCLASS; i++)
		h->limits[i] = rl_classes[i].dflt;
}

int
hallconf_service(const struct hall_conf *h, const char *code)
{
	for (int i = 0; i < h->nsvc; i++)
		if (strcmp(h->svc[i].code, code) == 0)
			return i;
	return -1;
}

int
hallconf_window(const struct hall_conf *h, const char *name)
{
	for (int i = 0; i < h->nwin; i++)
		if (strcmp(h->win[i].name, name) == 0)
			return i;
	return -1;
}

int
hallconf_dept(const struct hall_conf *h, const char *code)
{
	for (int i = 0; i < h->ndept; i++)
		if (strcmp(h->dept[i].code, code) == 0)
			return i;
	return -1;
}

/* Parser state: the text being read line by line, and where each thing was said. */
struct parse {
	struct hall_conf *h;
	const char *text;
	int line;
	int errline;
	char *err;
	int errlen;
	char section[128];
	int cur;			/* index of the current dept/service/window */
	char win_services[HALL_MAX_WINDOWS][1024];
	int win_line[HALL_MAX_WINDOWS];
	int svc_dept_line[HALL_MAX_SERVICES];
	int svc_line[HALL_MAX_SERVICES];
	int dept_line[HALL_MAX_DEPTS];
	int win_hdr_line[HALL_MAX_WINDOWS];
	const struct hall_section_reader *readers;	/* the other modules' sections */
	int nreaders;
};

static int
fail(struct parse *p, int line, const char *fmt, ...)
{
	va_list ap;
	char msg[400];

	if (p->errline)
		return 0;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p->errline = line > 0 ? line : -1;
	if (line > 0)
		snprintf(p->err, p->errlen, "line %d: %s", line, msg);
	else
		snprintf(p->err, p->errlen, "%s", msg);
	return 0;
}

static int begin_section(struct parse *p, const char *section);

size_t
hallconf_next_line(const char **text, char *buf, int size)
{
	const char *nl = strchr(*text, '\n');
	size_t len, n;

	if (!**text || size < 2)
		return 0;
	len = nl ? (size_t)(nl - *text) + 1 : strlen(*text);
	n = len < (size_t)size - 1 ? len : (size_t)size - 1;
	memcpy(buf, *text, n);
	buf[n] = '\0';
	*text += n;
	return len;
}

static char *
reader(char *str, int num, void *stream)
{
	struct parse *p = stream;
	size_t len = hallconf_next_line(&p->text, str, num);

	if (len == 0)
		return NULL;
	if (len > (size_t)num - 1)
		fail(p, p->line + 1, "line too long (over %d bytes)", num - 1);
	p->line++;
	/* a section starts here: create what it names (even when no key follows) */
	{
		const char *a = str, *b;

		while (*a == ' ' || *a == '\t')
			a++;
		if (*a == '[' && (b = strchr(a, ']'))) {
			char name[128];
			size_t n;

			a++;
			while (*a == ' ' || *a == '\t')
				a++;
			n = (size_t)(b - a);
			while (n > 0 && (a[n - 1] == ' ' || a[n - 1] == '\t'))
				n--;
			if (n >= sizeof name)
				n = sizeof name - 1;
			memcpy(name, a, n);
			name[n] = '\0';
			if (!p->errline)
				begin_section(p, name);
		}
	}
	return str;
}

static int
valid_code(const char *s, int max)
{
	int n = 0;

	for (; *s; s++, n++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return 0;
	return n > 0 && n <= max;
}

static int
copy_text(struct parse *p, char *dst, size_t size, const char *v, const char *what)
{
	if (!utf8_valid(v, strlen(v), NULL))
		return fail(p, p->line, "%s is not valid UTF-8", what);
	if (strlen(v) >= size)
		return fail(p, p->line, "%s is longer than %zu bytes", what, size - 1);
	if (!*v)
		return fail(p, p->line, "%s is empty", what);
	snprintf(dst, size, "%s", v);
	return 1;
}

static int
parse_int(struct parse *p, const char *v, int lo, int hi, int *out, const char *what)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (!*v || *end || n < lo || n > hi)
		return fail(p, p->line, "%s must be a whole number from %d to %d, not '%s'",
		    what, lo, hi, v);
	*out = (int)n;
	return 1;
}

/* A [policy] time: a duration as [service] handle and [appointments] take it ("20m", "90s",
 * "1h"); a plain number is seconds, as it always was. */
static int
parse_secs(struct parse *p, const char *v, int *out, const char *what)
{
	long n;

	if (clock_parse_duration(v, &n) < 0 || n > SCHED_MAX_WEIGHT_S)
		return fail(p, p->line, "%s must be a duration from 0s to %dh, such as 20m, 90s "
		    "or 600 (seconds), not '%s'", what, SCHED_MAX_WEIGHT_S / 3600, v);
	*out = (int)n;
	return 1;
}

static int
parse_flags(struct parse *p, const char *v, unsigned *flags)
{
	char buf[512], *tok, *save;

	snprintf(buf, sizeof buf, "%s", v);
	*flags = 0;
	for (tok = strtok_r(buf, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		int i;

		for (i = 0; i < SVC_NFLAGS; i++)
			if (strcmp(tok, flag_names[i]) == 0)
				break;
		if (i == SVC_NFLAGS)
			return fail(p, p->line, "unknown flag '%s' (same-day, simple-approval, "
			    "zero-visit, appointment)", tok);
		*flags |= 1u << i;
	}
	return 1;
}

/* A new section [kind code] of a list of *n (at most max): its code valid (up to len
 * letters or digits; what names the code) and not given before (found: its index, or -1).
 * 1 with p->cur its index (*n one more) and its line in lines[p->cur], or 0 with the fault
 * noted. */
static int
new_section(struct parse *p, const char *kind, const char *what, const char *code, int len,
    int found, int *n, int max, int *lines)
{
	if (!valid_code(code, len))
		return fail(p, p->line, "%s %s '%s': use up to %d letters or digits", kind, what,
		    code, len);
	if (found >= 0)
		return fail(p, p->line, "%s %s is defined twice", kind, code);
	if (*n == max)
		return fail(p, p->line, "more than %d %ss", max, kind);
	p->cur = (*n)++;
	lines[p->cur] = p->line;
	return 1;
}

/* A new section begins: create the department/service/window it names. */
static int
begin_section(struct parse *p, const char *section)
{
	struct hall_conf *h = p->h;
	char kind[32], code[96];

	snprintf(p->section, sizeof p->section, "%s", section);
	p->cur = -1;
	if (strcmp(section, "hall") == 0 || strcmp(section, "policy") == 0 ||
	    strcmp(section, "limits") == 0)
		return 1;
	if (sscanf(section, "%31s %95s", kind, code) != 2) {
		if (strcmp(section, "appointments") == 0)
			return 1;	/* read by the appointments module */
		if (strcmp(section, "district") == 0)
			return 1;	/* read by server/district/dist_conf.c */
		return fail(p, p->line, "unknown section [%s]", section);
	}
	if (strcmp(kind, "slots") == 0)
		return 1;		/* read by the appointments module */
	if (strcmp(kind, "department") == 0) {
		if (!new_section(p, kind, "code", code, 15, hallconf_dept(h, code), &h->ndept,
		    HALL_MAX_DEPTS, p->dept_line))
			return 0;
		snprintf(h->dept[p->cur].code, sizeof h->dept[p->cur].code, "%.15s", code);
		return 1;
	}
	if (strcmp(kind, "service") == 0) {
		if (!new_section(p, kind, "code", code, HALL_CODE_LEN - 1, hallconf_service(h, code),
		    &h->nsvc, HALL_MAX_SERVICES, p->svc_line))
			return 0;
		snprintf(h->svc[p->cur].code, HALL_CODE_LEN, "%.7s", code);
		snprintf(h->svc[p->cur].prefix, HALL_CODE_LEN, "%.4s", code);
		return 1;
	}
	if (strcmp(kind, "window") == 0) {
		if (!new_section(p, kind, "name", code, HALL_CODE_LEN - 1, hallconf_window(h, code),
		    &h->nwin, HALL_MAX_WINDOWS, p->win_hdr_line))
			return 0;
		snprintf(h->win[p->cur].name, HALL_CODE_LEN, "%.7s", code);
		return 1;
	}
	return fail(p, p->line, "unknown section [%s]", section);
}

static int handle_hall(void *user, const char *section, const char *name, const char *value);

/* libinih's handler: every key to the hall's own handler, then to the other modules' readers. */
static int
handle(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;
	int rc = handle_hall(user, section, name, value);

	if (name)
		for (int i = 0; i < p->nreaders; i++)
			p->readers[i].key(p->readers[i].arg, section, name, value, p->line);
	return rc;
}

static int
handle_hall(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;
	struct hall_conf *h = p->h;
	char kind[32] = "";

	if (p->errline)
		return 0;
	if (!name)
		return 1;
	section = p->section;	/* as the reader saw it, trimmed */
	if (!section[0])
		return fail(p, p->line, "'%s' comes before any [section]", name);
	sscanf(section, "%31s", kind);
	if (strcmp(section, "hall") == 0) {
		if (strcmp(name, "name") == 0)
			return copy_text(p, h->name, sizeof h->name, value, "hall name");
		if (strcmp(name, "timezone") == 0) {
			if (!clock_tz_known(value))
				return fail(p, p->line, "unknown time zone '%s'", value);
			snprintf(h->tz, sizeof h->tz, "%s", value);
			return 1;
		}
		if (strcmp(name, "open") == 0 || strcmp(name, "close") == 0) {
			int m = clock_parse_hhmm(value);

			if (m < 0)
				return fail(p, p->line, "%s must be HH:MM, not '%s'", name, value);
			*(strcmp(name, "open") == 0 ? &h->open_min : &h->close_min) = m;
			return 1;
		}
		if (strcmp(name, "wait_alert_s") == 0)
			return parse_int(p, value, 0, 86400, &h->wait_alert_s, name);
		if (strcmp(name, "enforce_hours") == 0) {
			if (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0) {
				h->enforce_hours = value[0] == 'y';
				return 1;
			}
			return fail(p, p->line, "enforce_hours must be yes or no");
		}
		return fail(p, p->line, "unknown key '%s' in [hall]", name);
	}
	if (strcmp(section, "policy") == 0) {
		int lane = sched_lane_parse(name);

		if (strcmp(name, "unserved") == 0) {
			if (strcmp(value, "issue") != 0 && strcmp(value, "refuse") != 0)
				return fail(p, p->line, "unserved must be issue or refuse, not '%s'",
				    value);
			h->unserved_refuse = value[0] == 'r';
			return 1;
		}

		if (strcmp(name, "auto_balance") == 0) {
			if (strcmp(value, "on") != 0 && strcmp(value, "off") != 0)
				return fail(p, p->line, "auto_balance must be on or off, not '%s'",
				    value);
			h->balance_on = strcmp(value, "on") == 0;
			return 1;
		}
		if (strcmp(name, "auto_balance_every") == 0) {
			if (parse_secs(p, value, &h->balance_every_s, name) != 1)
				return 0;
			if (h->balance_every_s < 60)
				return fail(p, p->line, "auto_balance_every must be at least 1m");
			return 1;
		}
		if (strcmp(name, "auto_balance_max") == 0)
			return parse_int(p, value, 1, HALL_MAX_DUTIES, &h->balance_max, name);
		if (lane >= 0)
			return parse_secs(p, value, &h->policy.weight_s[lane], name);
		if (strcmp(name, "backup_threshold") == 0)
			return parse_secs(p, value, &h->policy.backup_threshold_s, name);
		if (strcmp(name, "appt_grace") == 0)
			return parse_secs(p, value, &h->policy.appt_grace_s, name);
		if (strcmp(name, "max_overtake") == 0)
			return parse_int(p, value, 0, SCHED_MAX_OVERTAKE,
			    &h->policy.max_overtake, name);
		return fail(p, p->line, "unknown key '%s' in [policy]", name);
	}
	if (strcmp(section, "limits") == 0) {
		for (int i = 0; i < RL_NCLASS; i++)
			if (strcmp(name, rl_classes[i].key) == 0)
				return parse_int(p, value, 0, RL_MAX, &h->limits[i], name);
		return fail(p, p->line, "unknown key '%s' in [limits] (takes_per_minute, "
		    "bookings_per_hour, checkins_per_minute, cancels_per_hour)", name);
	}
	if (p->cur < 0)
		return 1;	/* a section for another module */
	if (strcmp(kind, "department") == 0) {
		if (strcmp(name, "name") == 0)
			return copy_text(p, h->dept[p->cur].name, HALL_NAME_LEN, value,
			    "department name");
		return fail(p, p->line, "unknown key '%s' in [%s]", name, section);
	}
	if (strcmp(kind, "service") == 0) {
		struct hall_service *s = &h->svc[p->cur];

		if (strcmp(name, "name") == 0)
			return copy_text(p, s->name, HALL_NAME_LEN, value, "service name");
		if (strcmp(name, "department") == 0) {
			p->svc_dept_line[p->cur] = p->line;
			return copy_text(p, s->dept, sizeof s->dept, value, "department");
		}
		if (strcmp(name, "prefix") == 0) {
			if (!valid_code(value, 4))
				return fail(p, p->line, "prefix '%s': use 1 to 4 letters or digits",
				    value);
			snprintf(s->prefix, HALL_CODE_LEN, "%s", value);
			return 1;
		}
		if (strcmp(name, "flags") == 0)
			return parse_flags(p, value, &s->flags);
		if (strcmp(name, "handle") == 0) {
			long v;

			if (clock_parse_duration(value, &v) < 0 || v < 30 || v > 4 * 3600)
				return fail(p, p->line, "handle '%s': a handling time from 30s to 4h, "
				    "such as 7m", value);
			s->handle_s = (int)v;
			return 1;
		}
		return fail(p, p->line, "unknown key '%s' in [%s]", name, section);
	}
	if (strcmp(kind, "window") == 0) {
		struct hall_window *w = &h->win[p->cur];

		if (strcmp(name, "label") == 0)
			return copy_text(p, w->label, HALL_NAME_LEN, value, "window label");
		if (strcmp(name, "services") == 0) {
			snprintf(p->win_services[p->cur], sizeof p->win_services[p->cur], "%s",
			    value);
			p->win_line[p->cur] = p->line;
			return 1;
		}
		return fail(p, p->line, "unknown key '%s' in [%s]", name, section);
	}
	return 1;
}

/* Resolve "A, B:backup" into duties once every service is known. */
static int
resolve_window(struct parse *p, int wi)
{
	struct hall_window *w = &p->h->win[wi];
	char buf[1024], *tok, *save;

	snprintf(buf, sizeof buf, "%s", p->win_services[wi]);
	for (tok = strtok_r(buf, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		char *colon = strchr(tok, ':');
		int backup = 0, s;

		if (colon) {
			*colon++ = '\0';
			if (strcmp(colon, "backup") == 0)
				backup = 1;
			else if (strcmp(colon, "primary") != 0)
				return fail(p, p->win_line[wi], "window %s: role '%s' of service %s "
				    "(use :backup or :primary)", w->name, colon, tok);
		}
		if ((s = hallconf_service(p->h, tok)) < 0)
			return fail(p, p->win_line[wi], "window %s: unknown service '%s'",
			    w->name, tok);
		for (int i = 0; i < w->nduty; i++)
			if (w->duty[i].service == s)
				return fail(p, p->win_line[wi], "window %s: service %s listed "
				    "twice", w->name, tok);
		if (w->nduty == HALL_MAX_DUTIES)
			return fail(p, p->win_line[wi], "window %s: more than %d services",
			    w->name, HALL_MAX_DUTIES);
		w->duty[w->nduty].service = s;
		w->duty[w->nduty].backup = backup;
		w->nduty++;
	}
	return 1;
}

int
hallconf_parse(const char *text, struct hall_conf *h, char *err, int errlen)
{
	return hallconf_parse_sections(text, h, err, errlen, NULL, 0);
}

int
hallconf_parse_sections(const char *text, struct hall_conf *h, char *err, int errlen,
    const struct hall_section_reader *readers, int n)
{
	struct parse *p = jh_calloc(1, sizeof *p);
	int rc, ret = 0;

	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	hallconf_init(h);
	p->h = h;
	p->text = text;
	p->err = err;
	p->errlen = errlen;
	p->cur = -1;
	p->readers = readers;
	p->nreaders = n;
	err[0] = '\0';
	/* a UTF-8 byte order mark (Windows Notepad writes one) is not part of the text */
	if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
		p->text = text += 3;
	if (!utf8_valid(text, strlen(text), NULL)) {
		size_t bad = 0;
		int line = 1;

		utf8_valid(text, strlen(text), &bad);
		for (size_t i = 0; i < bad; i++)
			line += text[i] == '\n';
		fail(p, line, "not valid UTF-8 (save the file as UTF-8)");
		goto out;
	}
	rc = ini_parse_stream(reader, p, handle, p);
	if (rc != 0 && !p->errline)
		fail(p, rc, "cannot read this line (expected [section] or key = value)");
	if (p->errline)
		goto out;
	for (int i = 0; i < h->ndept; i++)
		if (!h->dept[i].name[0])
			fail(p, p->dept_line[i], "department %s has no name", h->dept[i].code);
	for (int i = 0; i < h->nsvc && !p->errline; i++) {
		if (!h->svc[i].name[0])
			fail(p, p->svc_line[i], "service %s has no name", h->svc[i].code);
		else if (!h->svc[i].dept[0])
			fail(p, p->svc_line[i], "service %s has no department", h->svc[i].code);
		else if (hallconf_dept(h, h->svc[i].dept) < 0)
			fail(p, p->svc_dept_line[i], "service %s: unknown department '%s'",
			    h->svc[i].code, h->svc[i].dept);
		for (int j = 0; j < i && !p->errline; j++)
			if (strcmp(h->svc[i].prefix, h->svc[j].prefix) == 0)
				fail(p, p->svc_line[i], "services %s and %s share the prefix %s",
				    h->svc[j].code, h->svc[i].code, h->svc[i].prefix);
	}
	for (int i = 0; i < h->nwin && !p->errline; i++)
		resolve_window(p, i);
	if (!p->errline && h->close_min <= h->open_min)
		fail(p, -1, "[hall] close must be after open");
out:
	ret = p->errline;
	free(p);
	return ret;
}

static void
change(json_t *changes, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	json_array_append_new(changes, json_string(msg));
}

static void
duties_text(const struct hall_conf *h, const struct hall_window *w, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < w->nduty && n < size; i++)
		n += snprintf(buf + n, size - n, "%s%s%s", i ? ", " : "",
		    h->svc[w->duty[i].service].code, w->duty[i].backup ? ":backup" : "");
}

void
hallconf_diff(const struct hall_conf *o, const struct hall_conf *n, json_t *changes)
{
	char a[1024], b[1024];

	if (strcmp(o->name, n->name) != 0)
		change(changes, "hall name: %s", n->name);
	if (strcmp(o->tz, n->tz) != 0)
		change(changes, "hall timezone: %s -> %s", o->tz, n->tz);
	if (o->open_min != n->open_min || o->close_min != n->close_min)
		change(changes, "hall hours: %02d:%02d-%02d:%02d", n->open_min / 60,
		    n->open_min % 60, n->close_min / 60, n->close_min % 60);
	if (o->wait_alert_s != n->wait_alert_s || o->enforce_hours != n->enforce_hours)
		change(changes, "hall alert/hours settings changed");
	if (memcmp(&o->policy, &n->policy, sizeof o->policy) != 0)
		change(changes, "policy changed");
	if (o->unserved_refuse != n->unserved_refuse)
		change(changes, "policy unserved: %s", n->unserved_refuse ? "refuse" : "issue");
	if (o->balance_on != n->balance_on || o->balance_every_s != n->balance_every_s ||
	    o->balance_max != n->balance_max)
		change(changes, "policy auto_balance: %s, every %d s, at most %d backups a window",
		    n->balance_on ? "on" : "off", n->balance_every_s, n->balance_max);
	for (int i = 0; i < RL_NCLASS; i++)
		if (o->limits[i] != n->limits[i])
			change(changes, "limits %s: %d -> %d", rl_classes[i].key, o->limits[i],
			    n->limits[i]);
	for (int i = 0; i < n->ndept; i++) {
		int j = hallconf_dept(o, n->dept[i].code);

		if (j < 0)
			change(changes, "department %s added", n->dept[i].code);
		else if (strcmp(o->dept[j].name, n->dept[i].name) != 0)
			change(changes, "department %s renamed", n->dept[i].code);
	}
	for (int j = 0; j < o->ndept; j++)
		if (hallconf_dept(n, o->dept[j].code) < 0)
			change(changes, "department %s removed", o->dept[j].code);
	for (int i = 0; i < n->nsvc; i++) {
		const struct hall_service *s = &n->svc[i], *t;
		int j = hallconf_service(o, s->code);

		if (j < 0) {
			change(changes, "service %s added", s->code);
			continue;
		}
		t = &o->svc[j];
		if (strcmp(s->name, t->name) != 0)
			change(changes, "service %s renamed", s->code);
		if (strcmp(s->dept, t->dept) != 0)
			change(changes, "service %s department: %s -> %s", s->code, t->dept, s->dept);
		if (strcmp(s->prefix, t->prefix) != 0)
			change(changes, "service %s prefix: %s -> %s", s->code, t->prefix, s->prefix);
		if (s->flags != t->flags)
			change(changes, "service %s flags changed", s->code);
		if (s->handle_s != t->handle_s)
			change(changes, "service %s handle: %ds -> %ds", s->code, t->handle_s,
			    s->handle_s);
	}
	for (int j = 0; j < o->nsvc; j++)
		if (hallconf_service(n, o->svc[j].code) < 0)
			change(changes, "service %s removed", o->svc[j].code);
	for (int i = 0; i < n->nwin; i++) {
		int j = hallconf_window(o, n->win[i].name);

		if (j < 0) {
			change(changes, "window %s added", n->win[i].name);
			continue;
		}
		duties_text(o, &o->win[j], a, sizeof a);
		duties_text(n, &n->win[i], b, sizeof b);
		if (strcmp(a, b) != 0)
			change(changes, "window %s services: %s -> %s", n->win[i].name, a, b);
		if (strcmp(o->win[j].label, n->win[i].label) != 0)
			change(changes, "window %s label changed", n->win[i].name);
	}
	for (int j = 0; j < o->nwin; j++)
		if (hallconf_window(n, o->win[j].name) < 0)
			change(changes, "window %s removed", o->win[j].name);
}
