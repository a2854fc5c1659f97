/* vconf.c — read and check jhvoice's INI file with libinih. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "inilines.h"
#include "jhcli.h"
#include "vconf.h"

struct vconf_ctx {
	struct vconf	*c;
	char		*err;
	size_t		 errlen;
	int		 failed;
	char		 section[80];
	struct ini_lines src;	/* the file or string, and its line: libinih has no numbers */
};

static int
vc_bad(struct vconf_ctx *x, const char *key, const char *why)
{
	ini_fail(x->err, x->errlen, x->src.line, x->section, key, why);
	x->failed = 1;
	return 0;
}

/* "HH:MM" → minutes; -1 when not a time of day. */
static int
vc_hhmm(const char *s, const char **end)
{
	int h, m;

	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != ':' ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return -1;
	h = (s[0] - '0') * 10 + s[1] - '0';
	m = (s[3] - '0') * 10 + s[4] - '0';
	if (h > 23 || m > 59)
		return -1;
	*end = s + 5;
	return h * 60 + m;
}

int
vconf_parse_quiet(const char *s, struct vquiet *q, int max)
{
	int n = 0;

	for (;;) {
		const char *p;
		int from, to;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (n >= max || (from = vc_hhmm(s, &p)) < 0 || *p != '-' ||
		    (to = vc_hhmm(p + 1, &p)) < 0 || from == to)
			return -1;
		q[n].from = from;
		q[n].to = to;
		n++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == ',')
			p++;
		else if (*p)
			return -1;
		s = p;
	}
	return n;
}

int
vconf_quiet_at(const struct vconf *c, int minute)
{
	for (int i = 0; i < c->nquiet; i++) {
		const struct vquiet *q = &c->quiet[i];

		if (q->from < q->to ? minute >= q->from && minute < q->to :
		    minute >= q->from || minute < q->to)
			return i;
	}
	return -1;
}

int
vconf_window_wanted(const struct vconf *c, const char *window)
{
	return ini_name_listed(c->win[0], sizeof c->win[0], c->nwin, window);
}

static int
vc_languages(struct vconf_ctx *x, const char *k, const char *v)
{
	char names[8][VCONF_NAME_MAX];
	struct say_opts *o = &x->c->say;
	int n, l;

	if (ini_names(v, names[0], sizeof names[0], 8, &n) < 0 || n == 0)
		return vc_bad(x, k, "want one or two of zh, en (in reading order)");
	o->nlangs = 0;
	for (int i = 0; i < n; i++) {
		if ((l = say_lang_find(names[i])) < 0)
			return vc_bad(x, k, "unknown language (zh, en)");
		for (int j = 0; j < o->nlangs; j++)
			if (o->langs[j] == l)
				return vc_bad(x, k, "a language named twice");
		o->langs[o->nlangs++] = l;
	}
	return 1;
}

static int
vc_voice_key(struct vconf_ctx *x, const char *k, const char *v)
{
	struct vconf *c = x->c;
	struct say_opts *o = &c->say;
	char tmp[VCONF_WINDOWS_MAX][VCONF_NAME_MAX];
	int n;

#define STR(key, dst) if (!strcmp(k, key)) \
	return jh_copy(dst, sizeof dst, v) < 0 ? vc_bad(x, k, "too long") : 1
#define INT(key, dst, lo, hi) if (!strcmp(k, key)) \
	return ini_int(v, 10, lo, hi, &dst) < 0 ? vc_bad(x, k, "want " #lo "-" #hi) : 1
	STR("server", c->server);
	STR("ca", c->ca);
	STR("device", c->device);
	STR("token", c->token);
	STR("log", c->log);
	STR("pcm", c->pcm);
	STR("pack", c->pack);
	INT("repeat", o->repeat, 1, 5);
	INT("max_age", c->max_age_s, 1, 3600);
	INT("word_gap_ms", o->word_gap_ms, 0, 2000);
	INT("chime_gap_ms", o->chime_gap_ms, 0, 5000);
	INT("lang_gap_ms", o->lang_gap_ms, 0, 5000);
	INT("tail_ms", o->tail_ms, 0, 10000);
	INT("buffer_ms", c->buffer_ms, 20, 2000);
	INT("stall", c->stall_s, 1, 600);
	INT("retry_max", c->retry_max_s, 1, 600);
#undef STR
#undef INT
	if (!strcmp(k, "chime"))
		return ini_bool(v, &o->chime) < 0 ? vc_bad(x, k, "want yes or no") : 1;
	if (!strcmp(k, "languages"))
		return vc_languages(x, k, v);
	if (!strcmp(k, "quiet")) {
		if ((n = vconf_parse_quiet(v, c->quiet, VCONF_QUIET_MAX)) < 0)
			return vc_bad(x, k, "want HH:MM-HH:MM periods separated by commas (at most "
			    "8; 22:00-06:00 spans midnight)");
		c->nquiet = n;
		return 1;
	}
	if (!strcmp(k, "windows")) {
		if (!strcmp(v, "*")) {
			c->nwin = 0;
			return 1;
		}
		if (ini_names(v, tmp[0], sizeof tmp[0], VCONF_WINDOWS_MAX, &n) < 0 || n == 0)
			return vc_bad(x, k, "want * or window names (at most 64, each under 32 "
			    "bytes)");
		memcpy(c->win, tmp, sizeof tmp);
		c->nwin = n;
		return 1;
	}
	return vc_bad(x, k, "unknown key (server, ca, device, token, log, pcm, pack, languages, "
	    "repeat, chime, max_age, quiet, windows, word_gap_ms, chime_gap_ms, lang_gap_ms, "
	    "tail_ms, buffer_ms, stall, retry_max)");
}

static int
vc_window_key(struct vconf_ctx *x, struct vspoken *s, const char *k, const char *v)
{
	int l = say_lang_find(k);

	if (l < 0)
		return vc_bad(x, k, "unknown key (zh, en: the clip that says this window)");
	if (!*v || jh_copy(s->clip[l], sizeof s->clip[l], v) < 0)
		return vc_bad(x, k, "want a WAV file's path");
	return 1;
}

static int
vc_handler(void *user, const char *section, const char *k, const char *v)
{
	struct vconf_ctx *x = user;
	struct vconf *c = x->c;

	if (x->failed)
		return 0;
	if (!*section)
		return vc_bad(x, k, "outside a section (put it under [voice])");
	if (strcmp(section, x->section) != 0) {
		/* cut to fit, as snprintf did (a memcpy: GCC's -fsanitize builds took section
		 * for NULL in the snprintf and failed -Wformat-truncation) */
		size_t n = strnlen(section, sizeof x->section - 1);

		memcpy(x->section, section, n);
		x->section[n] = '\0';
		if (!strncmp(section, "window ", 7)) {
			const char *name = section + 7;
			struct vspoken *s;

			if (!*name || strlen(name) >= VCONF_NAME_MAX)
				return vc_bad(x, "section", "window name empty or too long");
			for (int i = 0; i < c->nspoken; i++)
				if (!strcmp(c->spoken[i].window, name))
					return vc_bad(x, "section", "window named twice");
			if (c->nspoken >= VCONF_SPOKEN_MAX)
				return vc_bad(x, "section", "too many windows (64)");
			s = &c->spoken[c->nspoken++];
			memset(s, 0, sizeof *s);
			memcpy(s->window, name, strlen(name) + 1);
			s->line = x->src.line;
		} else if (strcmp(section, "voice") != 0)
			return vc_bad(x, "section", "unknown section (voice, window NAME)");
	}
	if (!strcmp(section, "voice"))
		return vc_voice_key(x, k, v);
	return vc_window_key(x, &c->spoken[c->nspoken - 1], k, v);
}

static void
vc_defaults(struct vconf *c)
{
	memset(c, 0, sizeof *c);
	/* server: none unless the file names one (then --server, $JH_SERVER, the default) */
	snprintf(c->device, sizeof c->device, "voice");
	snprintf(c->log, sizeof c->log, "info");
	snprintf(c->pcm, sizeof c->pcm, "default");
	say_opts_default(&c->say);
	c->max_age_s = 60;
	c->buffer_ms = 200;
	c->stall_s = 5;
	c->retry_max_s = 30;
}

/* After the parse: the checks of the whole file. */
static int
vc_finish(struct vconf_ctx *x, const char *what, char *err, size_t errlen)
{
	for (int i = 0; i < x->c->nspoken; i++) {
		const struct vspoken *s = &x->c->spoken[i];
		int any = 0;

		for (int l = 0; l < SAY_LANGS; l++)
			any |= s->clip[l][0] != '\0';
		if (!any) {
			snprintf(err, errlen, "%s: line %d: [window %s] names no clip (zh = FILE, "
			    "en = FILE)", what, s->line, s->window);
			return -1;
		}
	}
	return 0;
}

/* The file at path, or else the string text. */
static int
vc_parse(const char *path, const char *text, struct vconf *c, char *err, size_t errlen)
{
	struct vconf_ctx x = { .c = c, .err = err, .errlen = errlen };

	vc_defaults(c);
	if (ini_lines_parse(&x.src, path, text, vc_handler, &x, &x.failed, err, errlen) < 0)
		return -1;
	return vc_finish(&x, path ? path : "(string)", err, errlen);
}

int
vconf_load(const char *path, struct vconf *c, char *err, size_t errlen)
{
	return vc_parse(path, NULL, c, err, errlen);
}

int
vconf_load_string(const char *text, struct vconf *c, char *err, size_t errlen)
{
	return vc_parse(NULL, text, c, err, errlen);
}

int
vconf_load_spoken(const struct vconf *c, struct pack *pk, char *err, size_t errlen)
{
	char name[PACK_NAME_MAX], path[PACK_PATH_MAX * 2 + 2];

	for (int i = 0; i < c->nspoken; i++)
		for (int l = 0; l < SAY_LANGS; l++) {
			const char *f = c->spoken[i].clip[l];

			if (!f[0])
				continue;
			snprintf(name, sizeof name, "win/%s/%s", c->spoken[i].window,
			    say_lang_code(l));
			if (f[0] == '/')
				snprintf(path, sizeof path, "%s", f);
			else
				snprintf(path, sizeof path, "%s/%s", pk->dir, f);
			if (pack_add(pk, name, path, err, errlen) < 0)
				return -1;
		}
	return 0;
}
