/* render_test.c — the ticket renderers: byte-exact ESC/POS for a fixed ticket (HARDWARE.md
 * vectors), GB18030 for Chinese, wrapping at 58/80 mm, and a PDF that pdftotext can read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "render_escpos.h"
#include "render_pdf.h"
#include "textwrap.h"

static struct tk
fixed_ticket(void)
{
	struct tk t;

	memset(&t, 0, sizeof t);
	t.hall = "District Hall";
	t.code = "A001";
	t.service = "A";
	t.service_name = "Social security card";
	t.priority = "normal";
	t.ahead = 3;
	t.eta_s = 300;
	t.issued_at = "2026-11-25T09:03:05+08:00";
	t.qr = "A001";
	t.footer = "Thank you";
	return t;
}

/* Finds needle in hay; returns offset or -1. */
static long
find(const unsigned char *hay, size_t hlen, const void *needle, size_t nlen)
{
	size_t i;

	for (i = 0; i + nlen <= hlen; i++)
		if (memcmp(hay + i, needle, nlen) == 0)
			return (long)i;
	return -1;
}

static void
escpos_fixed_ticket_is_byte_exact(void)
{
	static const unsigned char want[] = {
		0x1B, 0x40,			/* initialise */
		0x1B, 0x61, 0x01,		/* centre */
		0x1B, 0x45, 0x01,		/* bold on */
		0x1D, 0x21, 0x11,		/* double size */
		'D','i','s','t','r','i','c','t',' ','H','a','l','l','\n',
		0x1D, 0x21, 0x00,		/* normal size */
		0x1B, 0x45, 0x00,		/* bold off */
		'\n',
		0x1D, 0x21, 0x33,		/* code 4x on 58 mm */
		'A','0','0','1','\n',
		0x1D, 0x21, 0x00,
		'S','o','c','i','a','l',' ','s','e','c','u','r','i','t','y',' ','c','a','r','d','\n',
		/* 前面还有 3 人 (3 ahead) in Chinese mode */
		0x1C, 0x26, 0xc7, 0xb0, 0xc3, 0xe6, 0xbb, 0xb9, 0xd3, 0xd0, 0x20, 0x33, 0x20, 0xc8,
		0xcb, 0x20, 0x28, 0x33, 0x20, 0x61, 0x68, 0x65, 0x61, 0x64, 0x29, 0x1C, 0x2E, '\n',
		/* 预计等待约 5 分钟 (~5 min) */
		0x1C, 0x26, 0xd4, 0xa4, 0xbc, 0xc6, 0xb5, 0xc8, 0xb4, 0xfd, 0xd4, 0xbc, 0x20, 0x35,
		0x20, 0xb7, 0xd6, 0xd6, 0xd3, 0x20, 0x28, 0x7e, 0x35, 0x20, 0x6d, 0x69, 0x6e, 0x29,
		0x1C, 0x2E, '\n',
		/* 取号时间 2026-11-25 09:03:05 */
		0x1C, 0x26, 0xc8, 0xa1, 0xba, 0xc5, 0xca, 0xb1, 0xbc, 0xe4, 0x20, 0x32, 0x30, 0x32,
		0x36, 0x2d, 0x31, 0x31, 0x2d, 0x32, 0x35, 0x20, 0x30, 0x39, 0x3a, 0x30, 0x33, 0x3a,
		0x30, 0x35, 0x1C, 0x2E, '\n',
		/* QR "A001": HARDWARE.md, verbatim */
		0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00,
		0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06,
		0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31,
		0x1D, 0x28, 0x6B, 0x07, 0x00, 0x31, 0x50, 0x30, 0x41, 0x30, 0x30, 0x31,
		0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30,
		'\n',
		'T','h','a','n','k',' ','y','o','u','\n',
		0x1B, 0x64, 0x04,		/* feed 4 */
		0x1D, 0x56, 0x00,		/* full cut */
	};
	struct tk t = fixed_ticket();
	struct tk_buf b;
	char err[256] = "";

	tk_buf_init(&b);
	T_EQ_INT(escpos_render(&t, TK_W58, &b, err, sizeof err), 0);
	T_EQ_MEM(b.data, b.len, want, sizeof want);
	tk_buf_free(&b);
}

static void
escpos_80mm_uses_larger_code(void)
{
	static const unsigned char big[] = { 0x1D, 0x21, 0x55, 'A', '0', '0', '1', '\n' };
	struct tk t = fixed_ticket();
	struct tk_buf b;
	char err[256] = "";

	tk_buf_init(&b);
	T_EQ_INT(escpos_render(&t, TK_W80, &b, err, sizeof err), 0);
	T_CHECK(find(b.data, b.len, big, sizeof big) >= 0, "no 1D 21 55 before the code");
	T_CHECK(b.len > 2 && b.data[0] == 0x1B && b.data[1] == 0x40, "does not start with init");
	tk_buf_free(&b);
}

static void
escpos_chinese_service_name_is_gb18030(void)
{
	/* 社保卡办理 in GB18030, inside Chinese mode on its own line */
	static const unsigned char want[] = { 0x1C, 0x26, 0xc9, 0xe7, 0xb1, 0xa3, 0xbf, 0xa8,
	    0xb0, 0xec, 0xc0, 0xed, 0x1C, 0x2E, '\n' };
	struct tk t = fixed_ticket();
	struct tk_buf b;
	char err[256] = "";

	t.service_name = "社保卡办理";
	tk_buf_init(&b);
	T_EQ_INT(escpos_render(&t, TK_W58, &b, err, sizeof err), 0);
	T_CHECK(find(b.data, b.len, want, sizeof want) >= 0, "GB18030 service line not found");
	T_CHECK(find(b.data, b.len, "\xe7\xa4\xbe", 3) < 0, "UTF-8 bytes leaked to the printer");
	tk_buf_free(&b);
}

static void
escpos_appointment_slot_is_printed(void)
{
	/* 预约时段 09:00-09:30 */
	static const unsigned char want[] = { 0x1C, 0x26, 0xd4, 0xa4, 0xd4, 0xbc, 0xca, 0xb1,
	    0xb6, 0xce, ' ', '0', '9', ':', '0', '0', '-', '0', '9', ':', '3', '0', 0x1C, 0x2E };
	struct tk t = fixed_ticket();
	struct tk_buf b;
	char err[256] = "";

	t.slot = "09:00-09:30";
	t.priority = "appointment";
	tk_buf_init(&b);
	T_EQ_INT(escpos_render(&t, TK_W58, &b, err, sizeof err), 0);
	T_CHECK(find(b.data, b.len, want, sizeof want) >= 0, "slot line not found");
	tk_buf_free(&b);
}

static void
escpos_qr_length_bytes_follow_data(void)
{
	char data[201];
	struct tk_buf b;
	char err[256] = "";
	static const unsigned char hdr[] = { 0x1D, 0x28, 0x6B, 203, 0, 0x31, 0x50, 0x30 };

	memset(data, 'x', 200);
	data[200] = '\0';
	tk_buf_init(&b);
	T_EQ_INT(escpos_qr(&b, data, err, sizeof err), 0);
	T_CHECK(find(b.data, b.len, hdr, sizeof hdr) >= 0, "store header with pL=203 missing");
	tk_buf_free(&b);
	tk_buf_init(&b);
	memset(data, 'x', 200);
	{
		char big[300];

		memset(big, 'y', 299);
		big[299] = '\0';
		T_EQ_INT(escpos_qr(&b, big, err, sizeof err), -1);
		T_CHECK(strstr(err, "QR data") != NULL, "err: %s", err);
	}
	tk_buf_free(&b);
}

static void
escpos_rejects_invalid_utf8_and_missing_fields(void)
{
	struct tk t = fixed_ticket();
	struct tk_buf b;
	char err[256] = "";

	tk_buf_init(&b);
	t.service_name = "bad \xff byte";
	T_EQ_INT(escpos_render(&t, TK_W58, &b, err, sizeof err), -1);
	T_CHECK(strstr(err, "service_name") && strstr(err, "UTF-8"), "err: %s", err);
	t = fixed_ticket();
	t.code = NULL;
	T_EQ_INT(escpos_render(&t, TK_W58, &b, err, sizeof err), -1);
	T_CHECK(strstr(err, "code") != NULL, "err: %s", err);
	t = fixed_ticket();
	T_EQ_INT(escpos_render(&t, (enum tk_width)70, &b, err, sizeof err), -1);
	T_CHECK(strstr(err, "58 or 80") != NULL, "err: %s", err);
	tk_buf_free(&b);
}

struct lines {
	char l[16][128];
	int n;
};

static void
collect(const char *p, size_t len, void *arg)
{
	struct lines *ls = arg;

	if (ls->n < 16 && len < 128) {
		memcpy(ls->l[ls->n], p, len);
		ls->l[ls->n][len] = '\0';
	}
	ls->n++;
}

static void
wrap_counts_wide_chars_as_two_columns(void)
{
	struct lines ls;

	T_EQ_INT(tw_width("社保A"), 5);
	T_EQ_INT(tw_width("\xff"), -1);
	/* 20 wide characters: 40 columns → 32 + 8 on 58 mm, one line on 80 mm */
	memset(&ls, 0, sizeof ls);
	T_EQ_INT(tw_wrap("一二三四五六七八九十一二三四五六七八九十", 32, collect, &ls), 2);
	T_EQ_STR(ls.l[0], "一二三四五六七八九十一二三四五六");
	T_EQ_STR(ls.l[1], "七八九十");
	memset(&ls, 0, sizeof ls);
	T_EQ_INT(tw_wrap("一二三四五六七八九十一二三四五六七八九十", 48, collect, &ls), 1);
}

static void
wrap_breaks_at_spaces_58_and_80(void)
{
	struct lines ls;
	const char *s = "Enterprise registration and change of business licence details";

	memset(&ls, 0, sizeof ls);
	T_EQ_INT(tw_wrap(s, 32, collect, &ls), 3);
	T_EQ_STR(ls.l[0], "Enterprise registration and");
	T_EQ_STR(ls.l[1], "change of business licence");
	T_EQ_STR(ls.l[2], "details");
	memset(&ls, 0, sizeof ls);
	T_EQ_INT(tw_wrap(s, 48, collect, &ls), 2);
	T_EQ_STR(ls.l[0], "Enterprise registration and change of business");
	T_EQ_STR(ls.l[1], "licence details");
}

static void
wrap_cuts_a_word_longer_than_the_line(void)
{
	struct lines ls;

	memset(&ls, 0, sizeof ls);
	T_EQ_INT(tw_wrap("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32, collect, &ls), 2);
	T_EQ_STR(ls.l[0], "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345");
	T_EQ_STR(ls.l[1], "6789");
	memset(&ls, 0, sizeof ls);
	/* mixed: Chinese then ASCII word; a wide char never splits */
	T_EQ_INT(tw_wrap("营业执照 business licence 变更登记", 16, collect, &ls), 3);
	T_EQ_STR(ls.l[0], "营业执照");
	T_EQ_STR(ls.l[1], "business licence");
	T_EQ_STR(ls.l[2], "变更登记");
}

static void
escpos_long_chinese_name_wraps_at_58_not_80(void)
{
	struct tk t = fixed_ticket();
	struct tk_buf b58, b80;
	char err[256] = "";
	/* 21 wide chars = 42 columns */
	const char *name = "企业设立变更注销登记及营业执照补领换发业务";
	int nl58 = 0, nl80 = 0;
	size_t i;

	t.service_name = name;
	tk_buf_init(&b58);
	tk_buf_init(&b80);
	T_EQ_INT(escpos_render(&t, TK_W58, &b58, err, sizeof err), 0);
	T_EQ_INT(escpos_render(&t, TK_W80, &b80, err, sizeof err), 0);
	for (i = 0; i < b58.len; i++)
		nl58 += b58.data[i] == '\n';
	for (i = 0; i < b80.len; i++)
		nl80 += b80.data[i] == '\n';
	T_EQ_INT(nl58, nl80 + 1);
	tk_buf_free(&b58);
	tk_buf_free(&b80);
}

static void
pdf_contains_code_and_service_name(void)
{
	struct tk t = fixed_ticket();
	struct tk_buf b;
	char err[256] = "", dir[] = "/tmp/jhpdf.XXXXXX", path[300], cmd[700], text[8192];
	FILE *f;
	size_t n;

	t.code = "B042";
	t.service_name = "社保卡办理 Social security";
	t.hall = "滨江区政务服务中心";
	tk_buf_init(&b);
	T_EQ_INT(pdf_render(&t, PDF_A6, &b, err, sizeof err), 0);
	T_CHECK(b.len > 4 && memcmp(b.data, "%PDF", 4) == 0, "not a PDF");
	if (mkdtemp(dir) == NULL) {
		T_CHECK(0, "mkdtemp failed");
		return;
	}
	snprintf(path, sizeof path, "%s/t.pdf", dir);
	f = fopen(path, "wb");
	T_CHECK(f != NULL, "cannot write %s", path);
	if (f) {
		fwrite(b.data, 1, b.len, f);
		fclose(f);
	}
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s - 2>&1", path);
	text[0] = '\0';
	if ((f = popen(cmd, "r")) != NULL) {
		n = fread(text, 1, sizeof text - 1, f);
		text[n] = '\0';
		pclose(f);
	}
	T_CHECK(strstr(text, "B042") != NULL, "code missing from PDF text: %s", text);
	T_CHECK(strstr(text, "社保卡办理") != NULL, "service name missing: %s", text);
	T_CHECK(strstr(text, "滨江区政务服务中心") != NULL, "hall missing: %s", text);
	unlink(path);
	rmdir(dir);
	tk_buf_free(&b);
	tk_buf_init(&b);
	T_EQ_INT(pdf_render(&t, PDF_RECEIPT, &b, err, sizeof err), 0);
	T_CHECK(b.len > 4 && memcmp(b.data, "%PDF", 4) == 0, "receipt page not a PDF");
	tk_buf_free(&b);
}

int
main(void)
{
	T_RUN(escpos_fixed_ticket_is_byte_exact);
	T_RUN(escpos_80mm_uses_larger_code);
	T_RUN(escpos_chinese_service_name_is_gb18030);
	T_RUN(escpos_appointment_slot_is_printed);
	T_RUN(escpos_qr_length_bytes_follow_data);
	T_RUN(escpos_rejects_invalid_utf8_and_missing_fields);
	T_RUN(wrap_counts_wide_chars_as_two_columns);
	T_RUN(wrap_breaks_at_spaces_58_and_80);
	T_RUN(wrap_cuts_a_word_longer_than_the_line);
	T_RUN(escpos_long_chinese_name_wraps_at_58_not_80);
	T_RUN(pdf_contains_code_and_service_name);
	/* Drop cairo's and fontconfig's caches so leak checkers see only our own memory. */
	pdf_shutdown();
	return t_done();
}
