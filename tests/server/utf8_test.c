/* utf8_test.c — unit tests of the UTF-8 validator and display width (server/utf8.c). */
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

int
main(void)
{
	T_RUN(accepts_ascii_and_chinese);
	T_RUN(rejects_malformed_sequences);
	T_RUN(width_counts_cjk_as_two_columns);
	return t_done();
}
