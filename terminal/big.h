/* big.h — the ticket code in large block digits, drawn with characters (our own 5×5 font). */
#ifndef JH_BIG_H
#define JH_BIG_H

#include <stddef.h>

#define BIG_ROWS 5
#define BIG_COLS 5	/* columns per glyph, plus one column between glyphs */

/* Columns the text takes in the big font. */
int big_width(const char *text);
/* Render row (0..BIG_ROWS-1) of text into buf: each ink cell becomes ink (e.g. "█" or "#"),
 * each blank a space. Characters outside 0-9, A-Z, '-' draw as a blank glyph. Returns the
 * columns written; buf is always terminated. */
int big_row(char *buf, size_t sz, const char *text, int row, const char *ink);

#endif
