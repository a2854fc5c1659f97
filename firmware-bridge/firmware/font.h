/* font.h — the bitmap font subset (8x16 and 16x16 glyphs from GNU Unifont), generated at build
 * time by fontgen from glyphs.txt; kept in flash on the AVR. */
#ifndef JH_FONT_H
#define JH_FONT_H

#include <stdint.h>

#ifdef __AVR__
#include <avr/pgmspace.h>
#define FONT_ROM	PROGMEM
#define font_rd8(p)	pgm_read_byte(p)
#define font_rd16(p)	pgm_read_word(p)
#else
#define FONT_ROM
#define font_rd8(p)	(*(p))
#define font_rd16(p)	(*(p))
#endif

#define FONT_H		16

/* Generated tables (font_data.c): code points sorted, offsets into the bitmaps (count + 1
 * entries: a glyph's width follows from its size, 16 bytes for 8 wide, 32 for 16 wide). */
extern const uint16_t	 font_count;
extern const uint16_t	 font_cps[] FONT_ROM;
extern const uint16_t	 font_offs[] FONT_ROM;
extern const uint8_t	 font_bits[] FONT_ROM;

/* Index of the glyph for code point cp, or -1 when the subset lacks it. */
int		 font_find(uint32_t cp);
int		 font_width(int glyph);			/* 8 or 16 */
/* Byte col8 (0 or 1) of row (0..15): leftmost pixel in the high bit. */
uint8_t		 font_byte(int glyph, int row, int col8);

#endif
