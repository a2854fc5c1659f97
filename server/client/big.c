/* big.c — a 5×5 block font for digits, capital letters and '-': the current ticket must be
 * readable from across the desk and from the kiosk. */
#include <ctype.h>
#include <string.h>

#include "big.h"

static const char *const font_digits[10][BIG_ROWS] = {
	{ " ### ", "#  ##", "# # #", "##  #", " ### " },
	{ "  #  ", " ##  ", "  #  ", "  #  ", " ### " },
	{ " ### ", "#   #", "  ## ", " #   ", "#####" },
	{ "#### ", "    #", " ### ", "    #", "#### " },
	{ "#   #", "#   #", "#####", "    #", "    #" },
	{ "#####", "#    ", "#### ", "    #", "#### " },
	{ " ### ", "#    ", "#### ", "#   #", " ### " },
	{ "#####", "    #", "   # ", "  #  ", "  #  " },
	{ " ### ", "#   #", " ### ", "#   #", " ### " },
	{ " ### ", "#   #", " ####", "    #", " ### " },
};

static const char *const font_letters[26][BIG_ROWS] = {
	{ " ### ", "#   #", "#####", "#   #", "#   #" },	/* A */
	{ "#### ", "#   #", "#### ", "#   #", "#### " },
	{ " ####", "#    ", "#    ", "#    ", " ####" },
	{ "#### ", "#   #", "#   #", "#   #", "#### " },
	{ "#####", "#    ", "#### ", "#    ", "#####" },
	{ "#####", "#    ", "#### ", "#    ", "#    " },
	{ " ####", "#    ", "#  ##", "#   #", " ####" },
	{ "#   #", "#   #", "#####", "#   #", "#   #" },
	{ "#####", "  #  ", "  #  ", "  #  ", "#####" },
	{ "#####", "   # ", "   # ", "#  # ", " ##  " },
	{ "#   #", "#  # ", "###  ", "#  # ", "#   #" },
	{ "#    ", "#    ", "#    ", "#    ", "#####" },
	{ "#   #", "## ##", "# # #", "#   #", "#   #" },
	{ "#   #", "##  #", "# # #", "#  ##", "#   #" },
	{ " ### ", "#   #", "#   #", "#   #", " ### " },
	{ "#### ", "#   #", "#### ", "#    ", "#    " },
	{ " ### ", "#   #", "# # #", "#  # ", " ## #" },
	{ "#### ", "#   #", "#### ", "#  # ", "#   #" },
	{ " ####", "#    ", " ### ", "    #", "#### " },
	{ "#####", "  #  ", "  #  ", "  #  ", "  #  " },
	{ "#   #", "#   #", "#   #", "#   #", " ### " },
	{ "#   #", "#   #", "#   #", " # # ", "  #  " },
	{ "#   #", "#   #", "# # #", "## ##", "#   #" },
	{ "#   #", " # # ", "  #  ", " # # ", "#   #" },
	{ "#   #", " # # ", "  #  ", "  #  ", "  #  " },
	{ "#####", "   # ", "  #  ", " #   ", "#####" },	/* Z */
};

static const char *const font_dash[BIG_ROWS] = { "     ", "     ", " ### ", "     ", "     " };
static const char *const font_blank[BIG_ROWS] = { "     ", "     ", "     ", "     ", "     " };

static const char *const *
glyph(char ch)
{
	unsigned char c = (unsigned char)ch;

	if (isdigit(c))
		return font_digits[c - '0'];
	if (c >= 'a' && c <= 'z')
		c = (unsigned char)toupper(c);
	if (c >= 'A' && c <= 'Z')
		return font_letters[c - 'A'];
	if (c == '-')
		return font_dash;
	return font_blank;
}

int
big_width(const char *text, int scale)
{
	size_t n = strlen(text);

	return n ? ((int)n * (BIG_COLS + 1) - 1) * scale : 0;
}

int
big_row(char *buf, size_t sz, const char *text, int row, const char *ink, int scale)
{
	size_t at = 0, inklen = strlen(ink);
	int cols = 0;
	const char *p;

	if (sz == 0)
		return 0;
	buf[0] = '\0';
	if (row < 0 || row >= BIG_ROWS)
		return 0;
	for (p = text; *p; p++) {
		const char *g = glyph(*p)[row];

		for (int i = 0; i < (BIG_COLS + (p[1] ? 1 : 0)) * scale; i++) {
			int on = i < BIG_COLS * scale && g[i / scale] == '#';
			size_t need = on ? inklen : 1;

			if (at + need >= sz)
				goto out;
			memcpy(buf + at, on ? ink : " ", need);
			at += need;
			cols++;
		}
	}
out:
	buf[at] = '\0';
	return cols;
}
