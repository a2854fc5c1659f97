/* layout.h — text layout: the display state (mode, LINE1, LINE2, effect) drawn into the
 * framebuffer with the font subset. Pure.
 * Rows of 16 pixels: a 16-pixel-high chain shows LINE1 (LINE2 when LINE1 is empty), a taller
 * one shows both, centred vertically. A line that fits is centred; a wider one is cut at the
 * right edge, or scrolls right to left when the effect asks for it. Idle and paused with both
 * lines empty show 欢迎光临 and 暂停服务; blank shows nothing. */
#ifndef JH_LAYOUT_H
#define JH_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "fb.h"

#define LAYOUT_MISSING_GLYPH	0x01	/* a character had no glyph: drawn as a box */

/* Decode the UTF-8 character at s[*i] (n bytes, NUL ends the text); advances *i. Malformed
 * bytes give U+FFFD one byte at a time. Returns 0 at the end. */
uint32_t	 layout_utf8_next(const uint8_t *s, size_t n, size_t *i);

/* Width in pixels of a text (missing glyphs count 8). */
int		 layout_text_width(const uint8_t *s, size_t n);

/* Draw the state into fb (cleared first). scroll is the number of pixels a scrolling line has
 * moved so far. Returns LAYOUT_* flags. */
int		 layout_draw(struct fb *, uint16_t mode, uint16_t effect, const uint8_t *line1,
		     const uint8_t *line2, size_t n, uint32_t scroll);

#endif
