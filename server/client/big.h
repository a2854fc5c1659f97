/* big.h — a ticket code in large block letters drawn with characters, for the clerk's
 * console (jhterm) and the kiosk's ticket screen (jhkiosk): one 5×5 font of the digits, the
 * capital letters and '-'. Pure. */
#ifndef JH_BIG_H
#define JH_BIG_H

#include <stddef.h>

#define BIG_ROWS 5
#define BIG_COLS 5	/* font columns per glyph; one blank column between glyphs */

/* Columns the text takes in the big font when every font column is drawn scale times (1:
 * as is; 2: square dots on a terminal, whose cells are twice as high as wide). */
int big_width(const char *text, int scale);
/* Render row (0..BIG_ROWS-1) of text into buf at scale: each ink cell becomes ink (e.g. "█"
 * or "#"), each blank a space. Lower-case letters draw as capitals; other characters as a
 * blank glyph. Returns the columns written (never half a glyph column); buf is always
 * terminated. */
int big_row(char *buf, size_t sz, const char *text, int row, const char *ink, int scale);

#endif
