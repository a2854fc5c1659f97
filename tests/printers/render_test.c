/* render_test.c — the ticket renderers: byte-exact ESC/POS for a fixed ticket (docs/HARDWARE.md
 * vectors), GB18030 for Chinese, wrapping at 58/80 mm, and a PDF that pdftotext can read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "render_escpos.h"
#include "render_pdf.h"

#include <qrencode.h>
#include "textwrap.h"
#include "utf8.h"

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
		/* QR "A001": docs/HARDWARE.md, verbatim */
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

	T_EQ_INT(utf8_width("社保A"), 5);
	T_EQ_INT(tw_wrap("\xff", 32, collect, &ls), -1);
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

/* The bytes of s in GB18030 (iconv), as the printer gets them. */
static size_t
gb18030(const char *s, char *out, size_t n)
{
	struct tk_buf b;
	char err[128];
	size_t len = 0;

	tk_buf_init(&b);
	/* escpos_text wraps the line in 1C 26 ... 1C 2E: keep what is between */
	if (escpos_text(&b, s, strlen(s), err, sizeof err) == 0 && b.len > 4 && b.len - 4 <= n) {
		len = b.len - 4;
		memcpy(out, b.data + 2, len);
	}
	tk_buf_free(&b);
	return len;
}

static void
escpos_says_when_no_window_serves_the_service(void)
{
	struct tk t = fixed_ticket();
	struct tk_buf b;
	char err[256] = "", zh[128];
	size_t nzh = gb18030("暂无窗口办理此业务", zh, sizeof zh);
	int w;

	T_CHECK(nzh == 18, "GB18030 of 9 characters: %zu bytes", nzh);
	for (w = 0; w < 2; w++) {
		tk_buf_init(&b);
		T_EQ_INT(escpos_render(&t, w ? TK_W80 : TK_W58, &b, err, sizeof err), 0);
		T_CHECK(find(b.data, b.len, zh, nzh) < 0, "served: no notice");
		tk_buf_free(&b);
		t.no_window = 1;
		tk_buf_init(&b);
		T_EQ_INT(escpos_render(&t, w ? TK_W80 : TK_W58, &b, err, sizeof err), 0);
		T_CHECK(find(b.data, b.len, zh, nzh) >= 0, "no_window: Chinese notice missing");
		/* wrapped at a space on both widths */
		T_CHECK(find(b.data, b.len, "No window is", 12) >= 0 &&
		    find(b.data, b.len, "service yet", 11) >= 0, "no_window: English missing");
		T_CHECK(find(b.data, b.len, zh, nzh) > find(b.data, b.len, "Social security card",
		    20), "notice after the service name");
		T_CHECK(find(b.data, b.len, "\xe6\x9a\x82", 3) < 0, "UTF-8 leaked to the printer");
		tk_buf_free(&b);
		t.no_window = 0;
	}
}

/* The text pdftotext reads in a rendered PDF, or "" */
static void
pdf_text(const struct tk_buf *b, char *text, size_t n)
{
	char dir[] = "/tmp/jhpdf.XXXXXX", path[300], cmd[700];
	FILE *f;
	size_t got;

	text[0] = '\0';
	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof path, "%s/t.pdf", dir);
	if ((f = fopen(path, "wb")) != NULL) {
		fwrite(b->data, 1, b->len, f);
		fclose(f);
		snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s - 2>&1", path);
		if ((f = popen(cmd, "r")) != NULL) {
			got = fread(text, 1, n - 1, f);
			text[got] = '\0';
			pclose(f);
		}
	}
	unlink(path);
	rmdir(dir);
}

static void
pdf_says_when_no_window_serves_the_service(void)
{
	struct tk t = fixed_ticket();
	struct tk_buf b;
	char err[256] = "", text[8192];

	t.service_name = "社保卡办理 Social security";
	tk_buf_init(&b);
	T_EQ_INT(pdf_render(&t, PDF_A6, &b, err, sizeof err), 0);
	pdf_text(&b, text, sizeof text);
	T_CHECK(strstr(text, "社保卡办理") != NULL, "PDF text unreadable: %s", text);
	T_CHECK(strstr(text, "暂无窗口办理") == NULL, "served: no notice: %s", text);
	tk_buf_free(&b);
	t.no_window = 1;
	tk_buf_init(&b);
	T_EQ_INT(pdf_render(&t, PDF_A6, &b, err, sizeof err), 0);
	pdf_text(&b, text, sizeof text);
	T_CHECK(strstr(text, "暂无窗口办理此业务") != NULL, "notice missing: %s", text);
	T_CHECK(strstr(text, "请留意叫号") != NULL, "notice missing: %s", text);
	T_CHECK(strstr(text, "No window is") != NULL && strstr(text, "service yet") != NULL,
	    "English missing: %s", text);
	tk_buf_free(&b);
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

/* A grey image from pdftoppm -gray (P5, 8-bit). */
struct pgm {
	int w, h;
	unsigned char *px;
};

static int
pgm_read(const char *path, struct pgm *g)
{
	FILE *f = fopen(path, "rb");
	int maxv;

	g->px = NULL;
	if (!f)
		return -1;
	if (fscanf(f, "P5 %d %d %d", &g->w, &g->h, &maxv) != 3 || maxv != 255 || fgetc(f) < 0 ||
	    !(g->px = malloc((size_t)g->w * g->h)) ||
	    fread(g->px, 1, (size_t)g->w * g->h, f) != (size_t)g->w * g->h) {
		fclose(f);
		free(g->px);
		g->px = NULL;
		return -1;
	}
	fclose(f);
	return 0;
}

static int
dark(const struct pgm *g, int x, int y)
{
	return x >= 0 && y >= 0 && x < g->w && y < g->h && g->px[(size_t)y * g->w + x] < 128;
}

/* The top-left finder pattern: the first row (from the top) with dark-light-dark-light-dark
 * runs in the ratio 1:1:3:1:1, each module at least 3 pixels, whose left run is the middle of
 * a dark column 7 modules high. Fills its left edge, top row and module size; 0, or -1 when
 * there is none. */
static int
find_finder(const struct pgm *g, int *left, int *row, double *module)
{
	for (int y = 0; y < g->h; y++) {
		int x = 0;

		while (x < g->w) {
			int run[5] = { 0, 0, 0, 0, 0 }, x0, k;

			while (x < g->w && !dark(g, x, y))
				x++;
			x0 = x;
			for (k = 0; k < 5 && x < g->w; k++) {
				int c = (k % 2 == 0), n = 0;

				while (x < g->w && dark(g, x, y) == c)
					x++, n++;
				run[k] = n;
			}
			if (k == 5) {
				double m = (run[0] + run[1] + run[2] + run[3] + run[4]) / 7.0;
				int okr = m >= 3;

				for (int j = 0; j < 5; j++) {
					double want = (j == 2 ? 3 : 1) * m;

					if (run[j] < want - m / 2 - 1 || run[j] > want + m / 2 + 1)
						okr = 0;
				}
				if (okr) {
					/* the outer left column is dark for 7 modules: up to the top */
					int cx = x0 + (int)(m / 2), top = y, bot = y;

					while (dark(g, cx, top - 1))
						top--;
					while (dark(g, cx, bot + 1))
						bot++;
					int okv = bot - top + 1 > 6.5 * m && bot - top + 1 < 7.5 * m &&
					    y - top > 1.5 * m && y - top < 4.5 * m;

					/* and the same 1:1:3:1:1 down the middle column, 7 dark
					 * modules along the top row */
					for (int j = 0; okv && j < 7; j++) {
						int want = j != 1 && j != 5;

						if (dark(g, x0 + (int)(3.5 * m),
						    top + (int)((j + 0.5) * m)) != want ||
						    !dark(g, x0 + (int)((j + 0.5) * m),
						    top + (int)(m / 2)))
							okv = 0;
					}
					if (okv) {
						*left = x0;
						*row = top;
						*module = m;
						return 0;
					}
				}
			}
			x = x0 + (run[0] > 0 ? run[0] : 1);
		}
	}
	return -1;
}

static void
pdf_draws_the_status_address_as_a_qr_code(void)
{
	static const char *addr = "http://hall.example/t/2026-03-02/B042";
	struct tk t = fixed_ticket();
	struct tk_buf b;
	char err[256] = "", dir[] = "/tmp/jhqr.XXXXXX", path[300], cmd[900];
	struct pgm g = { 0, 0, NULL };
	QRcode *qr = QRcode_encodeString8bit(addr, 0, QR_ECLEVEL_M);
	int left, row, wrong = 0;
	double m;
	FILE *f;

	t.qr = addr;
	tk_buf_init(&b);
	T_EQ_INT(pdf_render(&t, PDF_A6, &b, err, sizeof err), 0);
	if (!qr || mkdtemp(dir) == NULL) {
		T_CHECK(0, "qrencode or mkdtemp failed");
		return;
	}
	snprintf(path, sizeof path, "%s/t.pdf", dir);
	if ((f = fopen(path, "wb")) != NULL) {
		fwrite(b.data, 1, b.len, f);
		fclose(f);
	}
	snprintf(cmd, sizeof cmd, "pdftoppm -gray -r 300 -singlefile %s %s/page 2>&1", path, dir);
	T_CHECK(system(cmd) == 0, "pdftoppm failed: %s", cmd);
	snprintf(path, sizeof path, "%s/page.pgm", dir);
	T_CHECK(pgm_read(path, &g) == 0, "cannot read %s", path);
	if (g.px && find_finder(&g, &left, &row, &m) == 0) {
		/* every module of qrencode's matrix, sampled at its centre on the page */
		for (int r = 0; r < qr->width; r++)
			for (int k = 0; k < qr->width; k++)
				if (dark(&g, left + (int)((k + 0.5) * m), row + (int)((r + 0.5) * m)) !=
				    (qr->data[r * qr->width + k] & 1))
					wrong++;
		T_CHECK(m >= 8, "modules of %.1f px at 300 dpi: under 0.7 mm", m);
		T_EQ_INT(wrong, 0);
	} else
		T_CHECK(0, "no QR finder pattern on the page");
	free(g.px);
	QRcode_free(qr);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	T_CHECK(system(cmd) == 0, "cannot remove %s", dir);
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
	T_RUN(escpos_says_when_no_window_serves_the_service);
	T_RUN(pdf_says_when_no_window_serves_the_service);
	T_RUN(pdf_draws_the_status_address_as_a_qr_code);
	/* Drop cairo's and fontconfig's caches so leak checkers see only our own memory. */
	pdf_shutdown();
	return t_done();
}
