/* big_test.c — unit tests of the shared big-letter font (server/client/big.c): every digit's
 * five rows against the golden drawing, the letters and '-', the width at scales 1 and 2, and
 * the cuts at a short buffer. */
#include <string.h>

#include "big.h"
#include "t.h"

/* The digits 0-9 side by side, row by row, as they must look ('#' for ink). */
static const char *const golden_digits[BIG_ROWS] = {
	" ###    #    ###  ####  #   # #####  ###  #####  ###   ### ",
	"#  ##  ##   #   #     # #   # #     #         # #   # #   #",
	"# # #   #     ##   ###  ##### ####  ####     #   ###   ####",
	"##  #   #    #        #     #     # #   #   #   #   #     #",
	" ###   ###  ##### ####      # ####   ###    #    ###   ### ",
};

static void
digits_match_the_golden_drawing(void)
{
	char row[256];

	for (int r = 0; r < BIG_ROWS; r++) {
		T_EQ_INT(big_row(row, sizeof row, "0123456789", r, "#", 1),
		    big_width("0123456789", 1));
		T_EQ_STR(row, golden_digits[r]);
	}
}

static void
letters_dash_and_unknown_characters(void)
{
	char row[64];

	big_row(row, sizeof row, "A-z", 0, "#", 1);
	T_EQ_STR(row, " ###        #####");
	big_row(row, sizeof row, "A-z", 2, "#", 1);
	T_EQ_STR(row, "#####  ###    #  ");
	big_row(row, sizeof row, "a?", 4, "#", 1);	/* lower case as capitals, '?' blank */
	T_EQ_STR(row, "#   #      ");
	T_EQ_INT(big_row(row, sizeof row, "A1", BIG_ROWS, "#", 1), 0);
	T_EQ_STR(row, "");
	T_EQ_INT(big_row(row, sizeof row, "A1", -1, "#", 1), 0);
	T_EQ_INT(big_width("", 1), 0);
}

static void
scale_two_doubles_every_column(void)
{
	char one[64], two[128];

	T_EQ_INT(big_width("A001", 1), 23);
	T_EQ_INT(big_width("A001", 2), 46);
	for (int r = 0; r < BIG_ROWS; r++) {
		T_EQ_INT(big_row(one, sizeof one, "B7", r, "#", 1), 11);
		T_EQ_INT(big_row(two, sizeof two, "B7", r, "#", 2), 22);
		for (int i = 0; i < 22; i++)
			T_CHECK(two[i] == one[i / 2], "row %d column %d: '%c', not '%c'", r, i,
			    two[i], one[i / 2]);
	}
}

static void
short_buffer_cuts_between_columns(void)
{
	char row[8];
	const char *block = "\xe2\x96\x88";	/* █, 3 bytes */

	T_EQ_INT(big_row(row, sizeof row, "0", 0, "#", 1), 5);
	T_EQ_STR(row, " ### ");
	T_EQ_INT(big_row(row, sizeof row, "00", 0, "#", 1), 7);	/* 7 bytes and the NUL */
	T_EQ_STR(row, " ###   ");
	T_EQ_INT(big_row(row, sizeof row, "0", 0, block, 1), 3);	/* " █" and no half █ */
	T_EQ_STR(row, " \xe2\x96\x88\xe2\x96\x88");
	T_EQ_INT(big_row(row, 0, "0", 0, "#", 1), 0);
}

int
main(void)
{
	T_RUN(digits_match_the_golden_drawing);
	T_RUN(letters_dash_and_unknown_characters);
	T_RUN(scale_two_doubles_every_column);
	T_RUN(short_buffer_cuts_between_columns);
	return t_done();
}
