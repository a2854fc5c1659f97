/* utf8_test.c — unit tests of the UTF-8 validator and display width (server/utf8.c). */
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

int
main(void)
{
	T_RUN(accepts_ascii_and_chinese);
	T_RUN(rejects_malformed_sequences);
	T_RUN(width_counts_cjk_as_two_columns);
	T_RUN(cut_keeps_whole_characters);
	T_RUN(repair_drops_half_characters);
	return t_done();
}
