/* fb.h — the monochrome framebuffer of a chain of P10 (32x16) panels: one bit a pixel, rows
 * of bytes, leftmost pixel in the high bit (the layout of a PBM P4 image). */
#ifndef JH_FB_H
#define JH_FB_H

#include <stddef.h>
#include <stdint.h>

#define FB_PANEL_W	32
#define FB_PANEL_H	16
#ifndef FB_MAX_W
#define FB_MAX_W	256	/* the AVR build sets these to its panel chain */
#endif
#ifndef FB_MAX_H
#define FB_MAX_H	64
#endif

struct fb {
	uint16_t	 w;
	uint16_t	 h;
	uint8_t		 bits[FB_MAX_W / 8 * FB_MAX_H];
};

/* 0, or -1 when w x h is not a whole number of panels or exceeds FB_MAX_W x FB_MAX_H. */
int		 fb_init(struct fb *, uint16_t w, uint16_t h);
void		 fb_clear(struct fb *);
void		 fb_set(struct fb *, int x, int y);	/* clipped */
int		 fb_get(const struct fb *, int x, int y);
size_t		 fb_stride(const struct fb *);
size_t		 fb_size(const struct fb *);

#endif
