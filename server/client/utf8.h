/* utf8.h — UTF-8 for every jiaohao program: decoding (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF), validation, cutting at a character boundary and the
 * width of text in terminal cells. Pure: no I/O, no globals, no locale; plain C that the
 * display firmware compiles for its 8-bit MCU as well. */
#ifndef JH_UTF8_H
#define JH_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xfffdu	/* U+FFFD, what a bad byte reads as in utf8_next */

/* Decode the character at s[0..n): its length (1 to 4) with *cp set, or -1 when s does not
 * start a well-formed character (n is 0, a stray continuation byte, 0xc0/0xc1/0xf5..0xff, an
 * overlong form, a surrogate, a code point past U+10FFFF, or a sequence cut short). */
int utf8_decode(const char *s, size_t n, uint32_t *cp);
/* The same for reading on past bad bytes: the length (1 to 4; 1 and U+FFFD in *cp for a byte
 * that starts no well-formed character), or 0 when n is 0. */
size_t utf8_next(const char *s, size_t n, uint32_t *cp);

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

/* The terminal cells a code point takes: 0 for the C0 and C1 controls, DEL and combining
 * marks (accents, variation selectors, zero-width spaces); 2 for East Asian wide and
 * fullwidth characters (hanzi, kana, hangul, fullwidth forms, the pictographs U+1F300..
 * U+1F64F and U+1F900..U+1F9FF, the ideographic planes); 1 for the rest. */
int utf8_cpwidth(uint32_t cp);
/* The cells of a NUL-terminated string (a bad byte counts as U+FFFD: one cell). */
int utf8_width(const char *s);
/* The bytes of the longest prefix of s, whole characters only, that takes at most cells
 * cells and at most maxbytes bytes; its width in *w when w is not NULL. */
size_t utf8_prefix(const char *s, int cells, size_t maxbytes, int *w);

/* A list for people in a bounded buffer ("user alice, address 10.0.0.7 and 3 more"), made of
 * whole items (an item is never cut, so never inside a character). A list starts with
 * used = 0 and shown = 0; utf8_list_add appends ", " (but first) and item while it and
 * " and NNNN more" fit; utf8_list_end adds " and N more" for the n items in all that did
 * not fit. len may be 0 (nothing is written). */
void utf8_list_add(char *buf, size_t len, size_t *used, int *shown, const char *item);
void utf8_list_end(char *buf, size_t len, size_t used, int shown, int n);

#endif
