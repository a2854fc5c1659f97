/* textwrap.c — line wrapping to a column count for the ticket renderers. */
#include <stdint.h>
#include <string.h>

#include "textwrap.h"
#include "utf8.h"

int
tw_wrap(const char *s, int cols, void (*emit)(const char *, size_t, void *), void *arg)
{
	size_t n = strlen(s), pos = 0, start, brk;
	uint32_t cp;
	int w, cw, l, lines = 0, wide;

	if (cols < 2 || !utf8_valid(s, n, NULL))
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
			l = utf8_decode(s + pos, n - pos, &cp);
			cw = utf8_cpwidth(cp);
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
