/* hub12.c — HUB12 scan: the per-row bit stream, and one step through the HAL. The stream is
 * walked with no division: on the AVR a 16-bit divide costs ~200 cycles, and dividing per byte
 * once made a 128x32 scan step take 8 ms (a flickering 32 Hz refresh). */
#include "hal.h"
#include "hub12.h"

typedef void (*hub12_emit)(uint8_t, void *);

/* Emit the bytes of scan row s in shift order (see hub12.h), inverted: R is active low. */
static void
hub12_walk(const struct fb *fb, uint8_t s, hub12_emit emit, void *arg)
{
	size_t		 stride = fb_stride(fb), o4 = 4 * stride, o8 = 8 * stride;
	size_t		 o12 = 12 * stride, col;
	uint8_t		 prow = (uint8_t)(fb->h / FB_PANEL_H);
	const uint8_t	*p;

	while (prow-- > 0) {
		p = fb->bits + ((size_t)prow * FB_PANEL_H + s) * stride;
		for (col = 0; col < stride; col++, p++) {
			emit((uint8_t)~p[o12], arg);
			emit((uint8_t)~p[o8], arg);
			emit((uint8_t)~p[o4], arg);
			emit((uint8_t)~p[0], arg);
		}
	}
}

struct hub12_buf {
	uint8_t		*out;
	size_t		 n;
};

static void
hub12_store(uint8_t b, void *arg)
{
	struct hub12_buf *buf = arg;

	buf->out[buf->n++] = b;
}

size_t
hub12_scan_bytes(const struct fb *fb, uint8_t s, uint8_t *out, size_t cap)
{
	struct hub12_buf buf = { out, 0 };

	if (cap < fb_stride(fb) * 4 * (fb->h / FB_PANEL_H) || s >= HUB12_SCANS)
		return 0;
	hub12_walk(fb, s, hub12_store, &buf);
	return buf.n;
}

static void
hub12_shift(uint8_t b, void *arg)
{
	(void)arg;
	hal_hub12_shift(b);
}

void
hub12_step(const struct fb *fb, uint8_t *row, uint8_t brightness)
{
	uint8_t s = *row & 3;

	hub12_walk(fb, s, hub12_shift, NULL);
	hal_hub12_enable(0);
	hal_hub12_latch();
	hal_hub12_row(s);
	hal_hub12_enable(brightness);
	*row = (uint8_t)((s + 1) & 3);
}
