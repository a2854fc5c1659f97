/* inilines.h — a line-counting source for libinih's ini_parse_stream, from a file or a string:
 * Debian's libinih gives its handlers no line numbers, so the readers of jhbridge's and
 * jhvoice's files count them here. */
#ifndef JH_INILINES_H
#define JH_INILINES_H

#include <stdio.h>

struct ini_lines {
	FILE		*fp;		/* reading a file, or */
	const char	*text;		/* a string */
	int		 line;		/* the line last read (1-based) */
};

/* The reader to give ini_parse_stream, with a struct ini_lines as its stream. */
char *ini_lines_read(char *str, int num, void *stream);

#endif
