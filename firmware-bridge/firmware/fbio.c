/* fbio.c — PBM files and text art of the framebuffer, for jhled-sim and the golden tests. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fbio.h"

int
fbio_write_pbm(const struct fb *fb, const char *path)
{
	char	 tmp[4096];
	FILE	*f;
	int	 ok;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((f = fopen(tmp, "wb")) == NULL)
		return -1;
	ok = fprintf(f, "P4\n%u %u\n", fb->w, fb->h) > 0 &&
	    fwrite(fb->bits, 1, fb_size(fb), f) == fb_size(fb);
	if (fclose(f) != 0 || !ok || rename(tmp, path) != 0) {
		remove(tmp);
		return -1;
	}
	return 0;
}

/* Next header token of a PBM: skips blanks and comments. */
static int
pbm_number(FILE *f, unsigned *v)
{
	int c;

	for (;;) {
		c = fgetc(f);
		if (c == '#') {
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		break;
	}
	if (c < '0' || c > '9')
		return -1;
	*v = 0;
	while (c >= '0' && c <= '9') {
		*v = *v * 10 + (unsigned)(c - '0');
		if (*v > 100000)
			return -1;
		c = fgetc(f);
	}
	return 0;	/* c, the single blank after the number, is consumed */
}

int
fbio_read_pbm(struct fb *fb, const char *path, char *err, size_t errlen)
{
	FILE	 *f;
	unsigned  w, h;
	char	  magic[2];

	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fread(magic, 1, 2, f) != 2 || magic[0] != 'P' || magic[1] != '4' ||
	    pbm_number(f, &w) < 0 || pbm_number(f, &h) < 0) {
		snprintf(err, errlen, "%s: not a binary PBM (P4)", path);
		fclose(f);
		return -1;
	}
	if (w > 0xffff || h > 0xffff || fb_init(fb, (uint16_t)w, (uint16_t)h) < 0) {
		snprintf(err, errlen, "%s: %ux%u is not a chain of 32x16 panels", path, w, h);
		fclose(f);
		return -1;
	}
	if (fread(fb->bits, 1, fb_size(fb), f) != fb_size(fb)) {
		snprintf(err, errlen, "%s: truncated image", path);
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

size_t
fbio_art(const struct fb *fb, char *buf, size_t cap)
{
	size_t	 need = (size_t)(fb->w + 3) * (fb->h + 2) + 1, n = 0;
	int	 x, y;

	if (cap < need)
		return 0;
	buf[n++] = '+';
	for (x = 0; x < fb->w; x++)
		buf[n++] = '-';
	buf[n++] = '+';
	buf[n++] = '\n';
	for (y = 0; y < fb->h; y++) {
		buf[n++] = '|';
		for (x = 0; x < fb->w; x++)
			buf[n++] = fb_get(fb, x, y) ? '#' : '.';
		buf[n++] = '|';
		buf[n++] = '\n';
	}
	buf[n++] = '+';
	for (x = 0; x < fb->w; x++)
		buf[n++] = '-';
	buf[n++] = '+';
	buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}
