/* inilines.h — what the readers of jhbridge's and jhvoice's INI files share: a line-counting
 * source for libinih's ini_parse_stream, from a file or a string (Debian's libinih gives its
 * handlers no line numbers), the checks of a value and the error line. */
#ifndef JH_INILINES_H
#define JH_INILINES_H

#include <stdio.h>

#include <ini.h>

struct ini_lines {
	FILE		*fp;		/* reading a file, or */
	const char	*text;		/* a string */
	int		 line;		/* the line last read (1-based) */
};

/* The reader to give ini_parse_stream, with a struct ini_lines as its stream. */
char *ini_lines_read(char *str, int num, void *stream);

/* Parse the file at path, or text when path is NULL, with handler and user, counting lines in
 * src. A handler that fails writes "line N: ..." into err, sets *failed and returns 0. 0, or
 * -1 with err: "PATH: cannot open: ...", "PATH: line N: ..." (the handler's), "PATH: line N:
 * not INI syntax" ("(string)" for text). */
int ini_lines_parse(struct ini_lines *src, const char *path, const char *text,
    ini_handler handler, void *user, const int *failed, char *err, size_t errlen);

/* A whole number from lo to hi written in base (0: also 0x1f and 017): 0, or -1. */
int ini_int(const char *v, int base, long lo, long hi, int *out);
/* yes, true, on, 1 or no, false, off, 0: 0, or -1. */
int ini_bool(const char *v, int *out);
/* "line N: [SECTION] KEY: WHY" into err (errlen bytes); returns 0, what stops libinih. */
int ini_fail(char *err, size_t errlen, int line, const char *section, const char *key,
    const char *why);
/* Names separated by commas or blanks into out, max names of at most stride-1 bytes each,
 * stride bytes apart; their number in *n. 0, or -1 when one is too long or too many. */
int ini_names(const char *v, char *out, size_t stride, int max, int *n);
/* 1 when name is one of the n names in list (stride bytes apart), or when n is 0 (no list:
 * every name), else 0. */
int ini_name_listed(const char *list, size_t stride, int n, const char *name);

#endif
