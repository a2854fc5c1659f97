/* csv.h — one CSV field (RFC 4180) as every CSV export writes it: jhctl export, jhdistrict
 * export and jhweb's .csv pages. A field holding a comma, a quote or a line break is quoted,
 * its quotes doubled; a JSON value's text is its string, its integer in decimal or its real
 * with one decimal, and nothing for null. */
#ifndef JH_CSV_H
#define JH_CSV_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

/* The text of v as a CSV field: a string's own text, else a number written into buf (sz
 * bytes; 32 hold any), else "" (null, and anything that is not a number or a string). */
const char *jh_csv_text(const json_t *v, char *buf, size_t sz);

/* Hands the field t, quoted when it needs it, to put in pieces (s, n bytes; not
 * NUL-terminated), with nothing after it. */
void jh_csv_quote(const char *t, void (*put)(void *arg, const char *s, size_t n), void *arg);

/* v as one field on f, then '\n' when last, else ','. */
void jh_csv_fput(FILE *f, const json_t *v, int last);

#endif
