/* font.c — glyph lookup in the generated font subset. */
#include "font.h"

int
font_find(uint32_t cp)
{
	int	 lo = 0, hi = (int)font_count - 1, mid;
	uint16_t v;

	if (cp > 0xffff)
		return -1;
	while (lo <= hi) {
		mid = (lo + hi) / 2;
		v = font_rd16(&font_cps[mid]);
		if (v == cp)
			return mid;
		if (v < cp)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

int
font_width(int glyph)
{
	return (font_rd16(&font_offs[glyph + 1]) - font_rd16(&font_offs[glyph])) / 2;
}

uint8_t
font_byte(int glyph, int row, int col8)
{
	int w8 = font_width(glyph) / 8;

	return font_rd8(&font_bits[font_rd16(&font_offs[glyph]) + row * w8 + col8]);
}
