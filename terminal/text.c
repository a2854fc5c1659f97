/* text.c — display width of UTF-8 text and fitting it into columns, for CJK-aligned tables. */
#include <string.h>
#include <wchar.h>

#include "text.h"

int
tx_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	int len, i;

	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		len = 2;
		c = u[0] & 0x1f;
	} else if ((u[0] & 0xf0) == 0xe0) {
		len = 3;
		c = u[0] & 0x0f;
	} else if ((u[0] & 0xf8) == 0xf0) {
		len = 4;
		c = u[0] & 0x07;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	if ((size_t)len > n) {
		*cp = 0xfffd;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3f);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = c;
	return len;
}

int
tx_cpwidth(uint32_t cp)
{
	int w;

	if (cp < 0x20 || cp == 0x7f)
		return 0;
	w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w;
	/* Unknown to this locale: assume the common East Asian wide ranges, else one column. */
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd))
		return 2;
	return 1;
}

int
tx_width(const char *s)
{
	size_t n = strlen(s), i = 0;
	int w = 0;
	uint32_t cp;

	while (i < n) {
		i += tx_decode(s + i, n - i, &cp);
		w += tx_cpwidth(cp);
	}
	return w;
}

size_t
tx_prefix(const char *s, int maxw, int *w)
{
	size_t n = strlen(s), i = 0;
	int cw = 0;
	uint32_t cp;

	while (i < n) {
		int k = tx_decode(s + i, n - i, &cp);
		int x = tx_cpwidth(cp);

		if (cw + x > maxw)
			break;
		cw += x;
		i += k;
	}
	if (w)
		*w = cw;
	return i;
}

static size_t
put(char *dst, size_t dsz, size_t at, const char *src, size_t n)
{
	if (dsz == 0 || at >= dsz - 1)
		return at;
	if (n > dsz - 1 - at)
		n = dsz - 1 - at;
	memcpy(dst + at, src, n);
	return at + n;
}

static size_t
spaces(char *dst, size_t dsz, size_t at, int n)
{
	while (n-- > 0)
		at = put(dst, dsz, at, " ", 1);
	return at;
}

size_t
tx_fit(char *dst, size_t dsz, const char *s, int width, enum tx_align align)
{
	size_t at = 0, nb;
	int w = tx_width(s), used, left = 0, right = 0;

	if (dsz == 0)
		return 0;
	if (width <= 0) {
		dst[0] = '\0';
		return 0;
	}
	if (w <= width) {
		nb = strlen(s);
		used = w;
	} else {
		nb = tx_prefix(s, width - 1, &used);
	}
	if (w > width) {
		/* cut: the prefix, "…", and a space for a wide character that did not fit */
		at = put(dst, dsz, at, s, nb);
		at = put(dst, dsz, at, "\xe2\x80\xa6", 3);
		at = spaces(dst, dsz, at, width - 1 - used);
		dst[at < dsz ? at : dsz - 1] = '\0';
		return at;
	}
	switch (align) {
	case TX_RIGHT:
		left = width - used;
		break;
	case TX_CENTER:
		left = (width - used) / 2;
		right = width - used - left;
		break;
	default:
		right = width - used;
		break;
	}
	at = spaces(dst, dsz, at, left);
	at = put(dst, dsz, at, s, nb);
	at = spaces(dst, dsz, at, right);
	dst[at] = '\0';
	return at;
}

void
tx_clean(char *dst, size_t dsz, const char *s)
{
	size_t n, i = 0, at = 0;
	uint32_t cp;

	if (dsz == 0)
		return;
	if (!s) {
		dst[0] = '\0';
		return;
	}
	n = strlen(s);
	while (i < n) {
		int k = tx_decode(s + i, n - i, &cp);
		char enc[4];
		int el;

		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
			enc[0] = '?';
			el = 1;
		} else if (cp == 0xfffd && k == 1) {
			memcpy(enc, "\xef\xbf\xbd", 3);
			el = 3;
		} else {
			memcpy(enc, s + i, (size_t)k);
			el = k;
		}
		if (at + (size_t)el >= dsz)
			break;
		memcpy(dst + at, enc, (size_t)el);
		at += (size_t)el;
		i += (size_t)k;
	}
	dst[at] = '\0';
}
