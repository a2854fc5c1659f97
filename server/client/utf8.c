/* utf8.c — UTF-8 decoding, validation, cutting and cell widths (see utf8.h). */
#include <stdio.h>
#include <string.h>

#include "utf8.h"

int
utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	size_t len;

	if (n == 0)
		return -1;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2; min = 0x80; c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3; min = 0x800; c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4; min = 0x10000; c = s[0] & 0x07;
	} else
		return -1;
	if (len > n)
		return -1;
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	return (int)len;
}

size_t
utf8_next(const char *s, size_t n, uint32_t *cp)
{
	int len;

	if (n == 0)
		return 0;
	if ((len = utf8_decode(s, n, cp)) < 0) {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	return (size_t)len;
}

int
utf8_valid(const char *str, size_t len, size_t *bad)
{
	size_t i = 0;
	uint32_t cp;
	int n;

	while (i < len) {
		if (str[i] == '\0' || (n = utf8_decode(str + i, len - i, &cp)) < 0) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += (size_t)n;
	}
	return 1;
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
	size_t len = strlen(str), i = 0, o = 0;
	uint32_t cp;
	int n;

	while (i < len) {
		if ((n = utf8_decode(str + i, len - i, &cp)) < 0) {
			i++;	/* dropped */
			continue;
		}
		memmove(str + o, str + i, (size_t)n);
		o += (size_t)n;
		i += (size_t)n;
	}
	str[o] = '\0';
	return len - o;
}

struct range {
	uint32_t lo, hi;
};

/* Combining marks and other characters that take no cell of their own. */
static const struct range zero_width[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd }, { 0x05bf, 0x05bf },
	{ 0x05c1, 0x05c2 }, { 0x05c4, 0x05c5 }, { 0x05c7, 0x05c7 }, { 0x0610, 0x061a },
	{ 0x064b, 0x065f }, { 0x0670, 0x0670 }, { 0x06d6, 0x06dc }, { 0x06df, 0x06e4 },
	{ 0x06e7, 0x06e8 }, { 0x06ea, 0x06ed }, { 0x0e31, 0x0e31 }, { 0x0e34, 0x0e3a },
	{ 0x0e47, 0x0e4e }, { 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff }, { 0x200b, 0x200f },
	{ 0x202a, 0x202e }, { 0x2060, 0x2064 }, { 0x20d0, 0x20ff }, { 0x302a, 0x302d },
	{ 0x3099, 0x309a }, { 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
	{ 0xe0100, 0xe01ef },
};

/* East Asian wide and fullwidth characters. */
static const struct range wide[] = {
	{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3040, 0xa4cf }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe30, 0xfe4f }, { 0xff00, 0xff60 }, { 0xffe0, 0xffe6 },
	{ 0x1f300, 0x1f64f }, { 0x1f900, 0x1f9ff }, { 0x20000, 0x3fffd },
};

static int
in(const struct range *r, size_t n, uint32_t cp)
{
	for (size_t i = 0; i < n; i++)
		if (cp >= r[i].lo && cp <= r[i].hi)
			return 1;
	return 0;
}

int
utf8_cpwidth(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	if (cp < 0x300)
		return 1;
	if (in(zero_width, sizeof zero_width / sizeof zero_width[0], cp))
		return 0;
	if (in(wide, sizeof wide / sizeof wide[0], cp))
		return 2;
	return 1;
}

int
utf8_width(const char *s)
{
	size_t n = strlen(s), i = 0, k;
	uint32_t cp;
	int w = 0;

	while ((k = utf8_next(s + i, n - i, &cp)) > 0) {
		w += utf8_cpwidth(cp);
		i += k;
	}
	return w;
}

size_t
utf8_prefix(const char *s, int cells, size_t maxbytes, int *w)
{
	size_t n = strlen(s), i = 0, k;
	uint32_t cp;
	int used = 0, cw;

	while ((k = utf8_next(s + i, n - i, &cp)) > 0) {
		cw = utf8_cpwidth(cp);
		if (used + cw > cells || i + k > maxbytes)
			break;
		used += cw;
		i += k;
	}
	if (w)
		*w = used;
	return i;
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
