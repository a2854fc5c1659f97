/* fb.c — framebuffer pixels. */
#include <string.h>

#include "fb.h"

int
fb_init(struct fb *fb, uint16_t w, uint16_t h)
{
	if (w == 0 || h == 0 || w % FB_PANEL_W || h % FB_PANEL_H || w > FB_MAX_W ||
	    h > FB_MAX_H)
		return -1;
	fb->w = w;
	fb->h = h;
	fb_clear(fb);
	return 0;
}

size_t
fb_stride(const struct fb *fb)
{
	return fb->w / 8u;
}

size_t
fb_size(const struct fb *fb)
{
	return fb_stride(fb) * fb->h;
}

void
fb_clear(struct fb *fb)
{
	memset(fb->bits, 0, fb_size(fb));
}

void
fb_set(struct fb *fb, int x, int y)
{
	if (x < 0 || y < 0 || x >= (int)fb->w || y >= (int)fb->h)
		return;
	fb->bits[(size_t)y * fb_stride(fb) + (size_t)x / 8] |= (uint8_t)(0x80u >> (x & 7));
}

int
fb_get(const struct fb *fb, int x, int y)
{
	if (x < 0 || y < 0 || x >= (int)fb->w || y >= (int)fb->h)
		return 0;
	return (fb->bits[(size_t)y * fb_stride(fb) + (size_t)x / 8] >> (7 - (x & 7))) & 1;
}
