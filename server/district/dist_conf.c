/* dist_conf.c — the [district] section of a hall file, with libinih. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "clock.h"
#include "dist_conf.h"
#include "hallconf.h"


int
dist_code_valid(const char *code)
{
	size_t n = strlen(code);

	return n >= 1 && n < DIST_CODE_MAX && strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

static int
fail(struct dist_conf_reader *p, int line, const char *what, const char *key)
{
	if (!p->bad)
		snprintf(p->err, p->errlen, "line %d: [district] %s: %s", line, key, what);
	p->bad = 1;
	return 0;
}

static int
copy(struct dist_conf_reader *p, int line, char *dst, const char *v, const char *key)
{
	if (strlen(v) >= DIST_TEXT_MAX)
		return fail(p, line, "too long (at most 255 bytes)", key);
	snprintf(dst, DIST_TEXT_MAX, "%s", v);
	return 1;
}

static int
coord(struct dist_conf_reader *p, int line, const char *v, double lim, double *out, const char *key)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v, &end);
	if (errno || end == v || *end || !isfinite(d) || d < -lim || d > lim)
		return fail(p, line, "not a coordinate in degrees", key);
	*out = d;
	return 1;
}

static int
handle(void *user, const char *section, const char *key, const char *value, int line)
{
	struct dist_conf_reader *p = user;
	struct dist_conf *c = p->c;

	if (strcmp(section, "district") != 0)
		return 1;
	c->present = 1;
	p->line = line;
	if (strcmp(key, "server") == 0)
		return copy(p, line, c->server, value, key);
	if (strcmp(key, "centre") == 0) {
		if (!dist_code_valid(value))
			return fail(p, line, "1 to 32 of A-Z, a-z, 0-9, _ and -", key);
		snprintf(c->centre, sizeof c->centre, "%s", value);
		return 1;
	}
	if (strcmp(key, "name") == 0)
		return copy(p, line, c->name, value, key);
	if (strcmp(key, "address") == 0)
		return copy(p, line, c->address, value, key);
	if (strcmp(key, "token") == 0)
		return copy(p, line, c->token, value, key);
	if (strcmp(key, "ca") == 0)
		return copy(p, line, c->ca, value, key);
	if (strcmp(key, "server_name") == 0)
		return copy(p, line, c->server_name, value, key);
	if (strcmp(key, "allow_plain") == 0) {
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0)
			return fail(p, line, "yes or no", key);
		c->allow_plain = strcmp(value, "yes") == 0;
		return 1;
	}
	if (strcmp(key, "lat") == 0)
		return (p->have_lat = 1) && coord(p, line, value, 90, &c->lat, key);
	if (strcmp(key, "lon") == 0)
		return (p->have_lon = 1) && coord(p, line, value, 180, &c->lon, key);
	if (strcmp(key, "release") == 0) {
		if ((c->release = clock_parse_hhmm(value)) < 0)
			return fail(p, line, "not a time of day HH:MM", key);
		return 1;
	}
	return fail(p, line, "unknown key (server, centre, token, ca, server_name, allow_plain, "
	    "name, address, lat, lon, release)", key);
}

/* libinih without INI_HANDLER_LINENO: the line comes from a counting reader. */
struct reader {
	const char *s;
	int line;
	struct dist_conf_reader *p;
};

static char *
read_line(char *buf, int size, void *stream)
{
	struct reader *r = stream;

	if (hallconf_next_line(&r->s, buf, size) == 0)
		return NULL;
	r->line++;
	return buf;
}

static int
handle_counted(void *user, const char *section, const char *key, const char *value)
{
	struct reader *r = user;

	return handle(r->p, section, key, value, r->line);
}

/* After the last key: the checks of the whole section. */
static int
finish(struct dist_conf_reader *p, char *err, size_t errlen)
{
	struct dist_conf *c = p->c;

	if (!c->present)
		return 0;
	if (!c->centre[0]) {
		snprintf(err, errlen, "[district] needs centre = CODE");
		return -1;
	}
	if (c->server_name[0] && !c->ca[0]) {
		snprintf(err, errlen, "[district] server_name goes with ca = FILE (TLS)");
		return -1;
	}
	if (p->have_lat != p->have_lon) {
		snprintf(err, errlen, "[district] needs both lat and lon, or neither");
		return -1;
	}
	c->has_location = p->have_lat;
	return 0;
}

static void
conf_init(struct dist_conf *c)
{
	memset(c, 0, sizeof *c);
	c->release = -1;
}

int
dist_conf_parse(const char *text, struct dist_conf *c, char *err, size_t errlen)
{
	struct dist_conf_reader p = { c, err, errlen, 0, 0, 0, 0, "" };
	struct reader r = { text, 0, &p };
	int rc;

	conf_init(c);
	if ((unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
	    (unsigned char)text[2] == 0xBF)
		r.s += 3;
	rc = ini_parse_stream(read_line, &r, handle_counted, &r);
	if (p.bad)
		return -1;
	if (rc != 0) {
		c->present = 0;		/* the hall file's own reader names its faults */
		return 0;
	}
	return finish(&p, err, errlen);
}

void
dist_conf_reader_init(struct dist_conf_reader *r, struct dist_conf *c)
{
	memset(r, 0, sizeof *r);
	r->c = c;
	r->err = r->buf;
	r->errlen = sizeof r->buf;
	conf_init(c);
}

void
dist_conf_reader_key(void *arg, const char *section, const char *key, const char *value,
    int line)
{
	handle(arg, section, key, value, line);
}

int
dist_conf_reader_done(struct dist_conf_reader *r, char *err, size_t errlen)
{
	if (r->bad) {
		snprintf(err, errlen, "%s", r->buf);
		return -1;
	}
	return finish(r, err, errlen);
}
