/* utf8_test.c — unit tests of the shared UTF-8 module (server/client/utf8.c): decoding and its
 * edge cases, validation, cutting, repair and cell widths. */
#include <stdint.h>
#include <string.h>

#include "t.h"
#include "utf8.h"

static int
valid(const char *s, size_t n)
{
	return utf8_valid(s, n, NULL);
}

static void
accepts_ascii_and_chinese(void)
{
	T_CHECK(valid("hello", 5), "ascii");
	T_CHECK(valid("社保参保登记", strlen("社保参保登记")), "chinese");
	T_CHECK(valid("\xf0\x9f\x98\x80", 4), "emoji (4 bytes)");
	T_CHECK(valid("", 0), "empty");
}

static void
rejects_malformed_sequences(void)
{
	size_t bad = 99;

	T_CHECK(!valid("\xc0\x80", 2), "overlong NUL");
	T_CHECK(!valid("\xe0\x80\xaf", 3), "overlong slash");
	T_CHECK(!valid("\xed\xa0\x80", 3), "surrogate");
	T_CHECK(!valid("\xf4\x90\x80\x80", 4), "above U+10FFFF");
	T_CHECK(!valid("\xe7\xa4", 2), "truncated");
	T_CHECK(!valid("\x80", 1), "lone continuation");
	T_CHECK(!valid("\xff", 1), "0xff");
	T_CHECK(!valid("a\0b", 3), "NUL byte");
	T_CHECK(!utf8_valid("ab\xffz", 4, &bad), "bad byte");
	T_EQ_INT(bad, 2);
}

static void
width_counts_cjk_as_two_columns(void)
{
	T_EQ_INT(utf8_width("abc"), 3);
	T_EQ_INT(utf8_width("社保A"), 5);
	T_EQ_INT(utf8_width(""), 0);
}

static void
cut_keeps_whole_characters(void)
{
	const char *s = "叫号AB";	/* 3 + 3 + 1 + 1 bytes */
	char buf[8];

	T_EQ_INT(utf8_cut(s, 100), 8);
	T_EQ_INT(utf8_cut(s, 8), 8);
	T_EQ_INT(utf8_cut(s, 7), 7);
	T_EQ_INT(utf8_cut(s, 6), 6);
	T_EQ_INT(utf8_cut(s, 5), 3);
	T_EQ_INT(utf8_cut(s, 4), 3);
	T_EQ_INT(utf8_cut(s, 3), 3);
	T_EQ_INT(utf8_cut(s, 2), 0);
	T_EQ_INT(utf8_cut(s, 0), 0);
	T_EQ_INT(utf8_cut("\xf0\x9f\x98\x80x", 3), 0);
	utf8_copy(buf, sizeof buf, s);	/* 7 bytes and the NUL */
	T_EQ_STR(buf, "叫号A");
	utf8_copy(buf, 6, s);
	T_EQ_STR(buf, "叫");
	T_CHECK(valid(buf, strlen(buf)), "the copy is valid");
	utf8_copy(buf, 1, s);
	T_EQ_STR(buf, "");
}

static void
repair_drops_half_characters(void)
{
	char a[] = "op '\xe5\x8f' x";		/* a cut 叫 inside a message */
	char b[] = "叫\xe5";			/* and at its end */
	char c[] = "\x80ok\xff叫";
	char d[] = "fine 叫";

	T_EQ_INT(utf8_repair(a), 2);
	T_EQ_STR(a, "op '' x");
	T_EQ_INT(utf8_repair(b), 1);
	T_EQ_STR(b, "叫");
	T_EQ_INT(utf8_repair(c), 2);
	T_EQ_STR(c, "ok叫");
	T_EQ_INT(utf8_repair(d), 0);
	T_EQ_STR(d, "fine 叫");
}

/* utf8_decode on a whole string: the code point, or -1 when it is not one character. */
static long
dec(const char *s, size_t n)
{
	uint32_t cp = 0;
	int len = utf8_decode(s, n, &cp);

	return len < 0 ? -1 : len == (int)n ? (long)cp : -2;
}

static void
decode_takes_each_length_at_its_bounds(void)
{
	T_EQ_INT(dec("A", 1), 0x41);
	T_EQ_INT(dec("\x7f", 1), 0x7f);
	T_EQ_INT(dec("\xc2\x80", 2), 0x80);			/* smallest 2-byte */
	T_EQ_INT(dec("\xdf\xbf", 2), 0x7ff);
	T_EQ_INT(dec("\xe0\xa0\x80", 3), 0x800);		/* smallest 3-byte */
	T_EQ_INT(dec("\xe5\x8f\xab", 3), 0x53eb);		/* 叫 */
	T_EQ_INT(dec("\xed\x9f\xbf", 3), 0xd7ff);		/* just below the surrogates */
	T_EQ_INT(dec("\xee\x80\x80", 3), 0xe000);		/* just above them */
	T_EQ_INT(dec("\xef\xbf\xbf", 3), 0xffff);
	T_EQ_INT(dec("\xf0\x90\x80\x80", 4), 0x10000);	/* smallest 4-byte */
	T_EQ_INT(dec("\xf4\x8f\xbf\xbf", 4), 0x10ffff);	/* the last code point */
}

static void
decode_refuses_overlong_surrogate_and_truncated(void)
{
	uint32_t cp = 7;

	/* overlong forms of '/', NUL and U+07FF, U+FFFF */
	T_EQ_INT(dec("\xc0\xaf", 2), -1);
	T_EQ_INT(dec("\xc1\xbf", 2), -1);
	T_EQ_INT(dec("\xe0\x80\xaf", 3), -1);
	T_EQ_INT(dec("\xe0\x9f\xbf", 3), -1);
	T_EQ_INT(dec("\xf0\x80\x80\xaf", 4), -1);
	T_EQ_INT(dec("\xf0\x8f\xbf\xbf", 4), -1);
	/* surrogates, high and low */
	T_EQ_INT(dec("\xed\xa0\x80", 3), -1);
	T_EQ_INT(dec("\xed\xbf\xbf", 3), -1);
	/* past U+10FFFF, and lead bytes that start nothing */
	T_EQ_INT(dec("\xf4\x90\x80\x80", 4), -1);
	T_EQ_INT(dec("\xf5\x80\x80\x80", 4), -1);
	T_EQ_INT(dec("\xff", 1), -1);
	T_EQ_INT(dec("\x80", 1), -1);
	/* truncated: by the length given, and by a byte that is not a continuation */
	T_EQ_INT(dec("\xe5\x8f\xab", 2), -1);
	T_EQ_INT(dec("\xf0\x9f\x98", 3), -1);
	T_EQ_INT(dec("\xe5\x8f" "A", 3), -1);
	T_EQ_INT(utf8_decode("A", 0, &cp), -1);
	T_EQ_INT(cp, 7);	/* untouched on failure */
}

static void
next_reads_bad_bytes_as_replacement_one_at_a_time(void)
{
	const char s[] = "a\xc0\xaf\xe5\x8f\xab\xed\xa0\x80\xe5\x8f";
	size_t n = sizeof s - 1, i = 0, k;
	uint32_t want[] = { 'a', 0xfffd, 0xfffd, 0x53eb, 0xfffd, 0xfffd, 0xfffd, 0xfffd, 0xfffd };
	size_t steps[] = { 1, 1, 1, 3, 1, 1, 1, 1, 1 };
	uint32_t cp;
	int j = 0;

	while ((k = utf8_next(s + i, n - i, &cp)) > 0) {
		T_CHECK(j < 9, "more characters than expected at byte %zu", i);
		if (j >= 9)
			break;
		T_EQ_INT(cp, want[j]);
		T_EQ_INT(k, steps[j]);
		i += k;
		j++;
	}
	T_EQ_INT(j, 9);
	T_EQ_INT(utf8_next(s, 0, &cp), 0);
}

static void
cell_widths_of_ascii_cjk_combining_and_controls(void)
{
	T_EQ_INT(utf8_cpwidth('A'), 1);
	T_EQ_INT(utf8_cpwidth(' '), 1);
	T_EQ_INT(utf8_cpwidth(0x53eb), 2);	/* 叫 */
	T_EQ_INT(utf8_cpwidth(0x3042), 2);	/* あ */
	T_EQ_INT(utf8_cpwidth(0xac00), 2);	/* 가 */
	T_EQ_INT(utf8_cpwidth(0xff21), 2);	/* fullwidth Ａ */
	T_EQ_INT(utf8_cpwidth(0x3000), 2);	/* ideographic space */
	T_EQ_INT(utf8_cpwidth(0x303f), 1);	/* ideographic half fill space: narrow */
	T_EQ_INT(utf8_cpwidth(0x1f600), 2);	/* 😀 */
	T_EQ_INT(utf8_cpwidth(0x20000), 2);	/* CJK extension B */
	T_EQ_INT(utf8_cpwidth(0x0301), 0);	/* combining acute */
	T_EQ_INT(utf8_cpwidth(0x200b), 0);	/* zero-width space */
	T_EQ_INT(utf8_cpwidth(0xfe0f), 0);	/* variation selector */
	T_EQ_INT(utf8_cpwidth(0x0a), 0);
	T_EQ_INT(utf8_cpwidth(0x7f), 0);
	T_EQ_INT(utf8_cpwidth(0x9b), 0);	/* C1 CSI */
	T_EQ_INT(utf8_cpwidth(0xe9), 1);	/* é precomposed */
	T_EQ_INT(utf8_cpwidth(0x2588), 1);	/* █ */
	T_EQ_INT(utf8_width("e\xcc\x81"), 1);	/* e + combining acute */
	T_EQ_INT(utf8_width("\xff" "a"), 2);	/* a bad byte takes one cell */
	T_EQ_INT(utf8_width("\xe5\x8f"), 2);	/* a cut hanzi: two bad bytes */
}

static void
prefix_stops_before_the_column_or_byte_limit(void)
{
	int w = -1;

	T_EQ_INT(utf8_prefix("叫号AB", 5, 100, &w), 7);
	T_EQ_INT(w, 5);
	T_EQ_INT(utf8_prefix("叫号AB", 3, 100, &w), 3);	/* 号 would straddle */
	T_EQ_INT(w, 2);
	T_EQ_INT(utf8_prefix("叫号AB", 10, 5, &w), 3);	/* bytes run out inside 号 */
	T_EQ_INT(w, 2);
	T_EQ_INT(utf8_prefix("e\xcc\x81x", 1, 100, &w), 3);	/* the accent rides along */
	T_EQ_INT(utf8_prefix("", 4, 100, NULL), 0);
}

int
main(void)
{
	T_RUN(accepts_ascii_and_chinese);
	T_RUN(rejects_malformed_sequences);
	T_RUN(width_counts_cjk_as_two_columns);
	T_RUN(cut_keeps_whole_characters);
	T_RUN(repair_drops_half_characters);
	T_RUN(decode_takes_each_length_at_its_bounds);
	T_RUN(decode_refuses_overlong_surrogate_and_truncated);
	T_RUN(next_reads_bad_bytes_as_replacement_one_at_a_time);
	T_RUN(cell_widths_of_ascii_cjk_combining_and_controls);
	T_RUN(prefix_stops_before_the_column_or_byte_limit);
	return t_done();
}
