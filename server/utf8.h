/* utf8.h — strict UTF-8 validation of bytes entering the server (pure). */
#ifndef JH_UTF8_H
#define JH_UTF8_H

#include <stddef.h>

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF, no NUL),
 * else 0 and *bad (when not NULL) is the offset of the first bad byte. */
int utf8_valid(const char *s, size_t len, size_t *bad);

/* Display width of a UTF-8 string in terminal columns (CJK wide = 2), for aligned tables. */
int utf8_width(const char *s);

#endif
