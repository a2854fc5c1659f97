/* csv.c — CSV fields (csv.h), shared by the programs that export figures as CSV. */
#include <stdio.h>
#include <string.h>

#include "csv.h"

const char *
jh_csv_text(const json_t *v, char *buf, size_t sz)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		snprintf(buf, sz, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, sz, "%.1f", json_real_value(v));
	else
		return "";		/* null: no figure */
	return buf;
}

void
jh_csv_quote(const char *t, void (*put)(void *arg, const char *s, size_t n), void *arg)
{
	const char *q;

	if (!strpbrk(t, ",\"\r\n")) {
		put(arg, t, strlen(t));
		return;
	}
	put(arg, "\"", 1);
	/* each quote goes out twice: once ending its piece, once starting the next */
	for (q = t; (q = strchr(q, '"')) != NULL; t = q++)
		put(arg, t, (size_t)(q - t) + 1);
	put(arg, t, strlen(t));
	put(arg, "\"", 1);
}

static void
put_file(void *f, const char *s, size_t n)
{
	fwrite(s, 1, n, f);
}

void
jh_csv_fput(FILE *f, const json_t *v, int last)
{
	char num[32];

	jh_csv_quote(jh_csv_text(v, num, sizeof num), put_file, f);
	putc(last ? '\n' : ',', f);
}
