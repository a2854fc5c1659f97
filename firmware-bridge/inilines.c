/* inilines.c — a line-counting source for libinih and the checks of a value (see inilines.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inilines.h"
#include "jhcli.h"

char *
ini_lines_read(char *str, int num, void *stream)
{
	struct ini_lines *x = stream;
	int n = 0;

	if (num < 2)
		return NULL;
	if (x->fp) {
		if (!fgets(str, num, x->fp))
			return NULL;
		n = (int)strlen(str);
	} else {
		if (!*x->text)
			return NULL;
		while (n < num - 1 && x->text[n] && x->text[n] != '\n')
			n++;
		if (n < num - 1 && x->text[n] == '\n')
			n++;
		memcpy(str, x->text, (size_t)n);
		str[n] = '\0';
		x->text += n;
	}
	if (n > 0 && str[n - 1] == '\n')
		x->line++;
	else if (x->fp ? feof(x->fp) : !*x->text)
		x->line++;	/* the last line, without a newline */
	return str;
}

int
ini_int(const char *v, int base, long lo, long hi, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, base);
	if (errno || end == v || *end != '\0' || n < lo || n > hi)
		return -1;
	*out = (int)n;
	return 0;
}

int
ini_bool(const char *v, int *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "0"))
		*out = 0;
	else
		return -1;
	return 0;
}

int
ini_fail(char *err, size_t errlen, int line, const char *section, const char *key,
    const char *why)
{
	snprintf(err, errlen, "line %d: [%s] %s: %s", line, section, key, why);
	return 0;
}

int
ini_names(const char *v, char *out, size_t stride, int max, int *n)
{
	char buf[2048], *p, *tok, *save = NULL;

	if (jh_copy(buf, sizeof buf, v) < 0)
		return -1;
	*n = 0;
	for (p = buf; (tok = strtok_r(p, ", \t", &save)) != NULL; p = NULL) {
		if (*n >= max || jh_copy(out + (size_t)*n * stride, stride, tok) < 0)
			return -1;
		(*n)++;
	}
	return 0;
}

int
ini_name_listed(const char *list, size_t stride, int n, const char *name)
{
	if (n == 0)
		return 1;
	for (int i = 0; i < n; i++)
		if (strcmp(list + (size_t)i * stride, name) == 0)
			return 1;
	return 0;
}

int
ini_lines_parse(struct ini_lines *src, const char *path, const char *text,
    ini_handler handler, void *user, const int *failed, char *err, size_t errlen)
{
	const char *what = path ? path : "(string)";
	char tmp[512];
	int r;

	if (path) {
		if ((src->fp = fopen(path, "r")) == NULL) {
			snprintf(err, errlen, "%s: cannot open: %s", what, strerror(errno));
			return -1;
		}
		r = ini_parse_stream(ini_lines_read, src, handler, user);
		fclose(src->fp);
		src->fp = NULL;
	} else {
		src->text = text;
		r = ini_parse_stream(ini_lines_read, src, handler, user);
	}
	if (*failed) {
		snprintf(tmp, sizeof tmp, "%s", err);
		snprintf(err, errlen, "%s: %s", what, tmp);
		return -1;
	}
	if (r > 0) {
		snprintf(err, errlen, "%s: line %d: not INI syntax", what, r);
		return -1;
	}
	if (r < 0) {
		snprintf(err, errlen, "%s: out of memory", what);
		return -1;
	}
	return 0;
}
