/* text.h — UTF-8 text cut or padded to a number of terminal columns (widths: utf8.h, where
 * Chinese takes two columns), and text from the network made safe to draw. Pure. */
#ifndef JH_TEXT_H
#define JH_TEXT_H

#include <stddef.h>

enum tx_align { TX_LEFT, TX_RIGHT, TX_CENTER };

/* Write s into dst (dsz bytes) cut or padded to exactly width columns. A cut string ends with
 * "…"; a wide character that would straddle the edge becomes a space. Returns the bytes
 * written (without the NUL). dst is always terminated when dsz > 0. */
size_t tx_fit(char *dst, size_t dsz, const char *s, int width, enum tx_align align);
/* Copy a string from the network into dst (dsz bytes): control characters become '?', bad
 * UTF-8 becomes U+FFFD, and a code point is never cut in half. */
void tx_clean(char *dst, size_t dsz, const char *s);

#endif
