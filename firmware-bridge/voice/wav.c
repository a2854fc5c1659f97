/* wav.c — RIFF WAVE, PCM 16-bit mono: parse and write, byte order done by hand. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wav.h"

#define WAV_MAX_BYTES	(64u * 1024 * 1024)	/* a clip, not an album */

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

int
wav_parse(const void *buf, size_t len, struct wav *w, char *err, size_t errlen)
{
	const unsigned char *b = buf, *p, *data = NULL;
	size_t left, datalen = 0;
	unsigned fmt = 0, channels = 0, bits = 0;
	uint32_t rate = 0;

	memset(w, 0, sizeof *w);
	if (len < 12 || memcmp(b, "RIFF", 4) != 0 || memcmp(b + 8, "WAVE", 4) != 0) {
		snprintf(err, errlen, "not a WAV file (no RIFF/WAVE header)");
		return -1;
	}
	p = b + 12;
	left = len - 12;
	while (left >= 8) {
		uint32_t csize = le32(p + 4);
		size_t take = csize;

		if (take > left - 8)
			take = left - 8;	/* a truncated last chunk: what is there */
		if (memcmp(p, "fmt ", 4) == 0) {
			if (take < 16) {
				snprintf(err, errlen, "fmt chunk too short");
				return -1;
			}
			fmt = le16(p + 8);
			channels = le16(p + 10);
			rate = le32(p + 12);
			bits = le16(p + 22);
			/* WAVE_FORMAT_EXTENSIBLE: the real format is the subformat's first word */
			if (fmt == 0xfffe && take >= 26)
				fmt = le16(p + 8 + 24);
		} else if (memcmp(p, "data", 4) == 0 && !data) {
			data = p + 8;
			datalen = take;
		}
		if (take + 8 + (take & 1) >= left)
			break;
		p += 8 + take + (take & 1);	/* chunks are padded to even sizes */
		left -= 8 + take + (take & 1);
	}
	if (!fmt) {
		snprintf(err, errlen, "no fmt chunk");
		return -1;
	}
	if (fmt != 1 || bits != 16) {
		snprintf(err, errlen, "format %u with %u bits: want PCM 16-bit", fmt, bits);
		return -1;
	}
	if (channels != 1) {
		snprintf(err, errlen, "%u channels: want mono", channels);
		return -1;
	}
	if (rate < 4000 || rate > 192000) {
		snprintf(err, errlen, "rate %u Hz out of range", (unsigned)rate);
		return -1;
	}
	if (!data) {
		snprintf(err, errlen, "no data chunk");
		return -1;
	}
	w->n = datalen / 2;
	if (w->n == 0) {
		snprintf(err, errlen, "no samples");
		return -1;
	}
	if ((w->s = malloc(w->n * sizeof *w->s)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < w->n; i++)
		w->s[i] = (int16_t)le16(data + 2 * i);
	w->rate = (int)rate;
	return 0;
}

int
wav_load(const char *path, struct wav *w, char *err, size_t errlen)
{
	FILE *fp;
	unsigned char *buf;
	long size;
	int r;

	memset(w, 0, sizeof *w);
	if ((fp = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
		snprintf(err, errlen, "cannot read: %s", strerror(errno));
		fclose(fp);
		return -1;
	}
	if ((unsigned long)size > WAV_MAX_BYTES) {
		snprintf(err, errlen, "%ld bytes: too long for a clip", size);
		fclose(fp);
		return -1;
	}
	if ((buf = malloc(size ? (size_t)size : 1)) == NULL) {
		snprintf(err, errlen, "out of memory");
		fclose(fp);
		return -1;
	}
	if (fread(buf, 1, (size_t)size, fp) != (size_t)size) {
		snprintf(err, errlen, "cannot read: %s", ferror(fp) ? strerror(errno) : "short");
		free(buf);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	r = wav_parse(buf, (size_t)size, w, err, errlen);
	free(buf);
	return r;
}

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

static void
put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

int
wav_save(const char *path, const int16_t *s, size_t n, int rate)
{
	unsigned char h[44], chunk[4096];
	FILE *fp;
	size_t i = 0;

	memcpy(h, "RIFF", 4);
	put32(h + 4, (uint32_t)(36 + 2 * n));
	memcpy(h + 8, "WAVEfmt ", 8);
	put32(h + 16, 16);
	put16(h + 20, 1);			/* PCM */
	put16(h + 22, 1);			/* mono */
	put32(h + 24, (uint32_t)rate);
	put32(h + 28, (uint32_t)rate * 2);	/* bytes a second */
	put16(h + 32, 2);			/* bytes a frame */
	put16(h + 34, 16);
	memcpy(h + 36, "data", 4);
	put32(h + 40, (uint32_t)(2 * n));
	if ((fp = fopen(path, "wb")) == NULL)
		return -1;
	if (fwrite(h, 1, sizeof h, fp) != sizeof h)
		goto fail;
	while (i < n) {
		size_t k = 0;

		for (; i < n && k < sizeof chunk; i++, k += 2)
			put16(chunk + k, (uint16_t)s[i]);
		if (fwrite(chunk, 1, k, fp) != k)
			goto fail;
	}
	if (fclose(fp) != 0)
		return -1;
	return 0;
fail:
	fclose(fp);
	return -1;
}

void
wav_free(struct wav *w)
{
	free(w->s);
	memset(w, 0, sizeof *w);
}
