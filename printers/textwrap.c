/* textwrap.c — UTF-8 decoding, display width and line wrapping for the ticket renderers. */
#include <string.h>

#include "textwrap.h"

int
tw_decode(const char *s, size_t n, unsigned int *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned int c;
	int len, i;

	if (n == 0)
		return -1;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xE0) == 0xC0) {
		len = 2;
		c = u[0] & 0x1F;
	} else if ((u[0] & 0xF0) == 0xE0) {
		len = 3;
		c = u[0] & 0x0F;
	} else if ((u[0] & 0xF8) == 0xF0) {
		len = 4;
		c = u[0] & 0x07;
	} else
		return -1;
	if ((size_t)len > n)
		return -1;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*cp = c;
	return len;
}

int
tw_cpwidth(unsigned int c)
{
	if (c < 0x20 || (c >= 0x7F && c < 0xA0))
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) ||
	    (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
	    (c >= 0xAC00 && c <= 0xD7A3) ||
	    (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) ||
	    (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) ||
	    (c >= 0x1F300 && c <= 0x1F64F) ||
	    (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

int
tw_width(const char *s)
{
	size_t n = strlen(s);
	unsigned int cp;
	int w = 0, l;

	while (n > 0) {
		if ((l = tw_decode(s, n, &cp)) < 0)
			return -1;
		w += tw_cpwidth(cp);
		s += l;
		n -= l;
	}
	return w;
}

int
tw_valid(const char *s)
{
	return tw_width(s) >= 0;
}

int
tw_wrap(const char *s, int cols, void (*emit)(const char *, size_t, void *), void *arg)
{
	size_t n = strlen(s), pos = 0, start, brk;
	unsigned int cp;
	int w, cw, l, lines = 0, wide;

	if (cols < 2 || !tw_valid(s))
		return -1;
	while (pos < n) {
		while (pos < n && s[pos] == ' ' && lines > 0)
			pos++;
		if (pos >= n)
			break;
		start = pos;
		brk = 0;	/* 0: no break opportunity yet */
		w = 0;
		while (pos < n) {
			l = tw_decode(s + pos, n - pos, &cp);
			cw = tw_cpwidth(cp);
			wide = cw == 2;
			if (w + cw > cols) {
				/* A space may overflow: it is dropped at the break. */
				if (cp == ' ')
					brk = pos;
				break;
			}
			if (wide && pos > start)
				brk = pos;	/* break before a wide character */
			w += cw;
			pos += l;
			if (cp == ' ' || wide)
				brk = pos;	/* break after a space or a wide character */
		}
		if (pos < n && brk > start)
			pos = brk;
		l = (int)(pos - start);
		while (l > 0 && s[start + l - 1] == ' ')
			l--;
		emit(s + start, (size_t)l, arg);
		lines++;
	}
	if (lines == 0) {
		emit(s, 0, arg);
		lines = 1;
	}
	return lines;
}
