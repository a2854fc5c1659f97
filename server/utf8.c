/* utf8.c — strict UTF-8 validation (RFC 3629) and a display width for tables. */
#include <stdio.h>
#include <string.h>

#include "utf8.h"

int
utf8_valid(const char *str, size_t len, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i], need, min, cp;

		if (c == 0)
			goto fail;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1; min = 0x80; cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2; min = 0x800; cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3; min = 0x10000; cp = c & 0x07;
		} else
			goto fail;
		for (unsigned k = 1; k <= need; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				goto fail;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			goto fail;
		i += need + 1;
	}
	return 1;
fail:
	if (bad)
		*bad = i;
	return 0;
}

/* The length of the well-formed character at s[0..len) (1 to 4), or 0 when it is not one. */
static size_t
char_len(const unsigned char *s, size_t len)
{
	size_t bad;

	for (size_t n = 1; n <= 4 && n <= len; n++)
		if (utf8_valid((const char *)s, n, &bad))
			return n;
	return 0;
}

size_t
utf8_cut(const char *str, size_t max)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len = strnlen(str, max + 1);

	if (len <= max)
		return len;
	/* s[max] exists: step back over continuation bytes to the start of its character */
	len = max;
	while (len > 0 && (s[len] & 0xc0) == 0x80)
		len--;
	return len;
}

char *
utf8_copy(char *dst, size_t size, const char *src)
{
	size_t n;

	if (size == 0)
		return dst;
	n = utf8_cut(src, size - 1);
	memmove(dst, src, n);
	dst[n] = '\0';
	return dst;
}

size_t
utf8_repair(char *str)
{
	unsigned char *s = (unsigned char *)str;
	size_t len = strlen(str), i = 0, o = 0;

	while (i < len) {
		size_t n = char_len(s + i, len - i);

		if (n == 0) {
			i++;	/* dropped */
			continue;
		}
		memmove(s + o, s + i, n);
		o += n;
		i += n;
	}
	s[o] = '\0';
	return len - o;
}

static unsigned
decode(const unsigned char **p)
{
	const unsigned char *s = *p;
	unsigned cp;

	if (*s < 0x80) {
		cp = *s++;
	} else if ((*s & 0xe0) == 0xc0 && s[1]) {
		cp = ((s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		s += 2;
	} else if ((*s & 0xf0) == 0xe0 && s[1] && s[2]) {
		cp = ((s[0] & 0x0f) << 12) | ((s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		s += 3;
	} else if ((*s & 0xf8) == 0xf0 && s[1] && s[2] && s[3]) {
		cp = ((s[0] & 0x07) << 18) | ((s[1] & 0x3f) << 12) | ((s[2] & 0x3f) << 6) |
		    (s[3] & 0x3f);
		s += 4;
	} else {
		cp = '?';
		s++;
	}
	*p = s;
	return cp;
}

int
utf8_width(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	int w = 0;

	while (*s) {
		unsigned cp = decode(&s);

		if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
		    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
		    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
		    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd))
			w += 2;
		else if (cp >= 0x20)
			w += 1;
	}
	return w;
}

void
utf8_list_add(char *buf, size_t len, size_t *used, int *shown, const char *item)
{
	size_t m = strlen(item) + (*shown ? 2 : 0);

	if (len == 0)
		return;
	if (*used == 0)
		buf[0] = '\0';
	/* room for this one and for " and NNNN more" */
	if (*used + m + 16 < len) {
		snprintf(buf + *used, len - *used, "%s%s", *shown ? ", " : "", item);
		*used += m;
		(*shown)++;
	}
}

void
utf8_list_end(char *buf, size_t len, size_t used, int shown, int n)
{
	if (len == 0)
		return;
	if (used == 0)
		buf[0] = '\0';
	if (shown < n)
		snprintf(buf + used, len - used, " and %d more", n - shown);
}
