/* bigtext.h — large block letters (digits and A-Z) for the ticket code on a terminal. Pure. */
#ifndef JH_BIGTEXT_H
#define JH_BIGTEXT_H

#include <stddef.h>

#define BIG_ROWS 5

/* Writes row (0..BIG_ROWS-1) of text s in block letters into out (UTF-8, NUL-terminated).
 * Characters without a glyph print as blanks. Returns the columns used, or -1 if out is short. */
int big_row(const char *s, int row, char *out, size_t n);

#endif
