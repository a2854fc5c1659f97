/* layout.c — UTF-8 text placed and drawn on the panel chain. */
#include "font.h"
#include "layout.h"
#include "regs.h"
#include "utf8.h"

#define MISSING_W	8

/* Texts shown when the master has sent none (UTF-8). */
static const uint8_t text_welcome[] = "\xe6\xac\xa2\xe8\xbf\x8e\xe5\x85\x89\xe4\xb8\xb4";	/* 欢迎光临 */
static const uint8_t text_paused[] = "\xe6\x9a\x82\xe5\x81\x9c\xe6\x9c\x8d\xe5\x8a\xa1";	/* 暂停服务 */

uint32_t
layout_utf8_next(const uint8_t *s, size_t n, size_t *i)
{
	uint32_t cp;

	if (*i >= n || s[*i] == 0)
		return 0;
	*i += utf8_next((const char *)s + *i, n - *i, &cp);
	return cp;
}

static int
glyph_width(uint32_t cp)
{
	int g = font_find(cp);

	return g < 0 ? MISSING_W : font_width(g);
}

int
layout_text_width(const uint8_t *s, size_t n)
{
	size_t	 i = 0;
	uint32_t cp;
	int	 w = 0;

	while ((cp = layout_utf8_next(s, n, &i)) != 0)
		w += glyph_width(cp);
	return w;
}

/* Draw one character at (x, y); returns its width and sets *missing when it has no glyph. */
static int
draw_char(struct fb *fb, uint32_t cp, int x, int y, int *missing)
{
	int	 g = font_find(cp), row, col, w;
	uint8_t	 b = 0;

	if (g < 0) {
		/* A hollow box, as the missing-glyph sign. */
		for (col = 1; col < MISSING_W - 1; col++) {
			fb_set(fb, x + col, y + 2);
			fb_set(fb, x + col, y + 13);
		}
		for (row = 2; row < 14; row++) {
			fb_set(fb, x + 1, y + row);
			fb_set(fb, x + MISSING_W - 2, y + row);
		}
		*missing = 1;
		return MISSING_W;
	}
	w = font_width(g);
	if (x + w <= 0 || x >= (int)fb->w)
		return w;
	for (row = 0; row < FONT_H; row++) {
		for (col = 0; col < w; col++) {
			if ((col & 7) == 0)
				b = font_byte(g, row, col / 8);
			if (b & (0x80 >> (col & 7)))
				fb_set(fb, x + col, y + row);
		}
	}
	return w;
}

static int
draw_line(struct fb *fb, const uint8_t *s, size_t n, int y, int scroll_on, uint32_t scroll)
{
	int	 tw = layout_text_width(s, n), x, missing = 0;
	size_t	 i = 0;
	uint32_t cp;

	if (tw <= (int)fb->w)
		x = ((int)fb->w - tw) / 2;
	else if (scroll_on)
		x = (int)fb->w - (int)(scroll % (uint32_t)(tw + fb->w));
	else
		x = 0;
	while ((cp = layout_utf8_next(s, n, &i)) != 0 && x < (int)fb->w)
		x += draw_char(fb, cp, x, y, &missing);
	return missing;
}

int
layout_draw(struct fb *fb, uint16_t mode, uint16_t effect, const uint8_t *line1,
    const uint8_t *line2, size_t n, uint32_t scroll)
{
	const uint8_t	*lines[2];
	size_t		 lens[2];
	int		 rows, nlines = 0, top, k, missing = 0;
	int		 scroll_on = (effect & REGS_EFFECT_SCROLL) != 0;

	fb_clear(fb);
	if (mode == REGS_MODE_BLANK)
		return 0;
	if (line1[0] != 0) {
		lines[nlines] = line1;
		lens[nlines++] = n;
	}
	if (line2[0] != 0) {
		lines[nlines] = line2;
		lens[nlines++] = n;
	}
	if (nlines == 0 && mode == REGS_MODE_IDLE) {
		lines[nlines] = text_welcome;
		lens[nlines++] = sizeof text_welcome - 1;
	} else if (nlines == 0 && mode == REGS_MODE_PAUSED) {
		lines[nlines] = text_paused;
		lens[nlines++] = sizeof text_paused - 1;
	}
	rows = (int)fb->h / FONT_H;
	if (nlines > rows)
		nlines = rows;
	top = ((int)fb->h - nlines * FONT_H) / 2;
	for (k = 0; k < nlines; k++)
		missing |= draw_line(fb, lines[k], lens[k], top + k * FONT_H, scroll_on, scroll);
	return missing ? LAYOUT_MISSING_GLYPH : 0;
}
