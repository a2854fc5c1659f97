/* text.c — fitting UTF-8 text into columns, for CJK-aligned tables, and cleaning text from the network. */
#include <stdint.h>
#include <string.h>

#include "text.h"
#include "utf8.h"

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
	int w = utf8_width(s), used, left = 0, right = 0;

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
		nb = utf8_prefix(s, width - 1, SIZE_MAX, &used);
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
		size_t k = utf8_next(s + i, n - i, &cp);
		char enc[4];
		int el;

		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
			enc[0] = '?';
			el = 1;
		} else if (cp == 0xfffd && k == 1) {
			memcpy(enc, "\xef\xbf\xbd", 3);
			el = 3;
		} else {
			memcpy(enc, s + i, k);
			el = (int)k;
		}
		if (at + (size_t)el >= dsz)
			break;
		memcpy(dst + at, enc, (size_t)el);
		at += (size_t)el;
		i += k;
	}
	dst[at] = '\0';
}
