/* text.c — UTF-8 to a display's charset through iconv, and display-cell arithmetic. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include "text.h"
#include "utf8.h"

void
text_cut(const char *s, int cells, char *out, size_t cap)
{
	size_t n;

	if (cap == 0)
		return;
	n = utf8_prefix(s, cells, cap - 1, NULL);
	memcpy(out, s, n);
	out[n] = '\0';
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
		uint32_t cp;
		size_t n = utf8_next((const char *)p, strlen((const char *)p), &cp);

		memcpy(one, p, n);
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
