/* text.c — UTF-8 to a display's charset through iconv, and display-cell arithmetic. */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "text.h"

int
text_u8len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	if ((c & 0xF8) == 0xF0)
		return 4;
	return 1;
}

static unsigned long
text_cp(const unsigned char *p, int n)
{
	unsigned long cp;

	switch (n) {
	case 2: cp = p[0] & 0x1F; break;
	case 3: cp = p[0] & 0x0F; break;
	case 4: cp = p[0] & 0x07; break;
	default: return p[0];
	}
	for (int i = 1; i < n; i++)
		cp = (cp << 6) | (p[i] & 0x3F);
	return cp;
}

static int
text_cp_cells(unsigned long cp)
{
	/* Hangul Jamo, CJK radicals through Yi, Hangul syllables, compatibility ideographs,
	 * fullwidth forms, and the supplementary ideographic planes are wide. */
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

int
text_cells(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int cells = 0;

	while (*p) {
		int n = text_u8len(*p);

		if ((int)strnlen((const char *)p, (size_t)n) < n)
			n = 1;
		cells += text_cp_cells(text_cp(p, n));
		p += n;
	}
	return cells;
}

void
text_cut(const char *s, int cells, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;
	int used = 0;

	if (cap == 0)
		return;
	while (*p) {
		int n = text_u8len(*p), w;

		if ((int)strnlen((const char *)p, (size_t)n) < n)
			n = 1;
		w = text_cp_cells(text_cp(p, n));
		if (used + w > cells || o + (size_t)n >= cap)
			break;
		memcpy(out + o, p, (size_t)n);
		o += (size_t)n;
		used += w;
		p += n;
	}
	out[o] = '\0';
}

int
text_encode(const char *charset, const char *s, char *out, size_t cap)
{
	iconv_t cd;
	char *in = (char *)s, *o = out;
	size_t inleft = strlen(s), outleft, r;
	int rc;

	if (cap == 0)
		return -2;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return -1;
	cd = iconv_open(charset, "UTF-8");
	if (cd == (iconv_t)-1)
		return -3;
	outleft = cap - 1;
	r = iconv(cd, &in, &inleft, &o, &outleft);
	if (r == (size_t)-1)
		rc = errno == E2BIG ? -2 : -1;
	else if (r > 0)
		rc = -1;	/* irreversible conversions: glibc substituted something */
	else {
		/* flush any shift state */
		if (iconv(cd, NULL, NULL, &o, &outleft) == (size_t)-1)
			rc = -2;
		else
			rc = (int)(o - out);
	}
	iconv_close(cd);
	if (rc < 0) {
		out[0] = '\0';
		return rc;
	}
	out[rc] = '\0';
	return rc;
}

int
text_encode_lossy(const char *charset, const char *s, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	char one[5], enc[16];
	size_t o = 0;
	int r;

	if (cap == 0)
		return 0;
	out[0] = '\0';
	if ((r = text_encode(charset, "", enc, sizeof enc)) == -3)
		return -3;
	while (*p) {
		int n = text_u8len(*p);

		if ((int)strnlen((const char *)p, (size_t)n) < n)
			n = 1;
		memcpy(one, p, (size_t)n);
		one[n] = '\0';
		p += n;
		r = text_encode(charset, one, enc, sizeof enc);
		if (r < 0) {
			enc[0] = '?';
			r = 1;
		}
		if (o + (size_t)r >= cap)
			break;
		memcpy(out + o, enc, (size_t)r);
		o += (size_t)r;
	}
	out[o] = '\0';
	return (int)o;
}
