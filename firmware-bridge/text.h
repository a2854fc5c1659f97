/* text.h — text for displays: UTF-8 converted to a board's charset with iconv, and measured in
 * display cells (utf8.h: a hanzi is two cells wide, Latin one). Pure functions. */
#ifndef JH_TEXT_H
#define JH_TEXT_H

#include <stddef.h>

/* Convert NUL-terminated UTF-8 s into charset (an iconv name: "UTF-8", "GB18030", "ASCII").
 * Writes at most cap-1 bytes and a NUL. Returns the length, -1 when a character has no
 * encoding in charset (or s is not valid UTF-8), -2 when out does not hold it, -3 when iconv
 * does not know charset. Bytes below 0x20 are refused too (-1): they would break framing. */
int text_encode(const char *charset, const char *s, char *out, size_t cap);

/* As text_encode, but never fails on a character: one that has no encoding becomes '?', and
 * the text is cut where out is full. Returns the length (>= 0), or -3 for an unknown charset. */
int text_encode_lossy(const char *charset, const char *s, char *out, size_t cap);

/* Copy the longest prefix of UTF-8 s that fits in cells (utf8_width: a hanzi takes two) into
 * out (whole characters only). */
void text_cut(const char *s, int cells, char *out, size_t cap);

#endif
