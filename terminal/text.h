/* text.h — display width of UTF-8 text (wcwidth: Chinese takes two columns), and cutting or
 * padding it to a number of columns. Pure: no I/O, no globals (wcwidth reads LC_CTYPE). */
#ifndef JH_TEXT_H
#define JH_TEXT_H

#include <stddef.h>
#include <stdint.h>

enum tx_align { TX_LEFT, TX_RIGHT, TX_CENTER };

/* Decode one code point from s (at most n bytes). Returns the bytes used (1 for a bad byte,
 * which decodes as U+FFFD); 0 when n is 0. */
int tx_decode(const char *s, size_t n, uint32_t *cp);
/* Columns of one code point: 2 for wide (CJK), 0 for combining, 1 for others we cannot tell. */
int tx_cpwidth(uint32_t cp);
/* Columns of a NUL-terminated UTF-8 string. */
int tx_width(const char *s);
/* Bytes of the longest prefix of s that fits in maxw columns; its width in *w (may be NULL). */
size_t tx_prefix(const char *s, int maxw, int *w);
/* Write s into dst (dsz bytes) cut or padded to exactly width columns. A cut string ends with
 * "…"; a wide character that would straddle the edge becomes a space. Returns the bytes
 * written (without the NUL). dst is always terminated when dsz > 0. */
size_t tx_fit(char *dst, size_t dsz, const char *s, int width, enum tx_align align);
/* Copy a string from the network into dst (dsz bytes): control characters become '?', bad
 * UTF-8 becomes U+FFFD, and a code point is never cut in half. */
void tx_clean(char *dst, size_t dsz, const char *s);

#endif
