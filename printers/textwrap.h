/* textwrap.h — display width of UTF-8 text (East Asian wide characters count 2 columns) and
 * greedy line wrapping to a column count. Pure functions. */
#ifndef JH_TEXTWRAP_H
#define JH_TEXTWRAP_H

#include <stddef.h>

/* Decode one UTF-8 character at s (n bytes available). Returns its length (1..4) and sets *cp,
 * or -1 on an invalid, overlong or truncated sequence. */
int tw_decode(const char *s, size_t n, unsigned int *cp);
/* Columns a code point takes: 2 for East Asian wide/fullwidth, 0 for controls, else 1. */
int tw_cpwidth(unsigned int cp);
/* 1 when s is valid UTF-8. */
int tw_valid(const char *s);
/* Columns of a whole string, or -1 when it is not valid UTF-8. */
int tw_width(const char *s);

/* Wrap s to at most cols columns a line. Breaks after spaces or beside wide characters; a word
 * longer than a line is cut. Leading spaces of continuation lines are dropped. Calls emit for
 * each line (the bytes [p, p+len), not NUL-terminated). Returns the line count, or -1 when s is
 * not valid UTF-8 or cols < 2. */
int tw_wrap(const char *s, int cols, void (*emit)(const char *p, size_t len, void *arg),
    void *arg);

#endif
