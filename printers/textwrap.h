/* textwrap.h — greedy line wrapping of UTF-8 text to a column count (East Asian wide
 * characters count 2 columns: utf8.h). Pure. */
#ifndef JH_TEXTWRAP_H
#define JH_TEXTWRAP_H

#include <stddef.h>

/* Wrap s to at most cols columns a line. Breaks after spaces or beside wide characters; a word
 * longer than a line is cut. Leading spaces of continuation lines are dropped. Calls emit for
 * each line (the bytes [p, p+len), not NUL-terminated). Returns the line count, or -1 when s is
 * not valid UTF-8 or cols < 2. */
int tw_wrap(const char *s, int cols, void (*emit)(const char *p, size_t len, void *arg),
    void *arg);

#endif
