/* utf8.h — strict UTF-8 validation of bytes entering the server (pure). */
#ifndef JH_UTF8_H
#define JH_UTF8_H

#include <stddef.h>

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF, no NUL),
 * else 0 and *bad (when not NULL) is the offset of the first bad byte. */
int utf8_valid(const char *s, size_t len, size_t *bad);

/* Cutting text at a byte limit (messages, fixed-size fields) without cutting a character in
 * half: a half character is invalid UTF-8, which JSON cannot carry (the answer or alert would
 * be lost). For text that is valid UTF-8 (what the server reads has been checked).
 * utf8_cut: the length of the longest prefix of s of at most max bytes that ends on a
 * character boundary (s's length when it fits); use as printf("%.*s", (int)utf8_cut(s, N), s).
 * utf8_copy: copy src into dst (size bytes with its NUL), cut so; returns dst. */
size_t utf8_cut(const char *s, size_t max);
char *utf8_copy(char *dst, size_t size, const char *src);
/* Make s valid UTF-8 in place by dropping every byte that is not part of a well-formed
 * character (what a byte-counted cut such as snprintf's or "%.100s" left of one); the number
 * of bytes dropped. The safety net under text formatted for answers. */
size_t utf8_repair(char *s);

/* A list for people in a bounded buffer ("user alice, address 10.0.0.7 and 3 more"), made of
 * whole items (an item is never cut, so never inside a character). A list starts with
 * used = 0 and shown = 0; utf8_list_add appends ", " (but first) and item while it and
 * " and NNNN more" fit; utf8_list_end adds " and N more" for the n items in all that did
 * not fit. len may be 0 (nothing is written). */
void utf8_list_add(char *buf, size_t len, size_t *used, int *shown, const char *item);
void utf8_list_end(char *buf, size_t len, size_t used, int shown, int n);

/* Display width of a UTF-8 string in terminal columns (CJK wide = 2), for aligned tables. */
int utf8_width(const char *s);

#endif
