/* render_escpos.c — renders a ticket as ESC/POS bytes: init, centred hall name, the code in
 * large print, service, people ahead, wait, time, appointment slot, QR code of the status
 * address, footer, feed and cut. Chinese in GB18030 inside 1C 26 / 1C 2E. Pure: no I/O. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include "render_escpos.h"
#include "textwrap.h"

#define ESC 0x1B
#define GS 0x1D
#define FS 0x1C

int
escpos_columns(enum tk_width w)
{
	return w == TK_W80 ? 48 : 32;	/* 576 or 384 dots, 12 dots a character */
}

unsigned char
escpos_code_size(enum tk_width w)
{
	/* width-1 in bits 4-7, height-1 in bits 0-2: 4x on 58 mm, 6x on 80 mm. */
	return w == TK_W80 ? 0x55 : 0x33;
}

static void
cmd(struct tk_buf *b, const unsigned char *p, size_t n)
{
	tk_buf_add(b, p, n);
}

static int
is_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

static int
text_conv(iconv_t cd, struct tk_buf *out, const char *s, size_t len, char *err, size_t errlen)
{
	static const unsigned char on[] = { FS, 0x26 }, off[] = { FS, 0x2E };
	char gb[4 * TK_MAX_FIELD + 16], *in = (char *)s, *o = gb;
	size_t inleft = len, outleft = sizeof gb;
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20) {
			snprintf(err, errlen, "control character in ticket text");
			return -1;
		}
	if (is_ascii(s, len)) {
		tk_buf_add(out, s, len);
		return 0;
	}
	if (len > 4 * TK_MAX_FIELD) {
		snprintf(err, errlen, "ticket text line too long");
		return -1;
	}
	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
		snprintf(err, errlen, "cannot convert ticket text to GB18030: %s", strerror(errno));
		return -1;
	}
	cmd(out, on, sizeof on);
	tk_buf_add(out, gb, sizeof gb - outleft);
	cmd(out, off, sizeof off);
	return 0;
}

int
escpos_text(struct tk_buf *out, const char *s, size_t len, char *err, size_t errlen)
{
	iconv_t cd;
	int r;

	if ((cd = iconv_open("GB18030", "UTF-8")) == (iconv_t)-1) {
		snprintf(err, errlen, "iconv has no GB18030: %s", strerror(errno));
		return -1;
	}
	r = text_conv(cd, out, s, len, err, errlen);
	iconv_close(cd);
	return r;
}

int
escpos_qr(struct tk_buf *out, const char *data, char *err, size_t errlen)
{
	static const unsigned char model[] = { GS, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00 };
	static const unsigned char size[] = { GS, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06 };
	static const unsigned char level[] = { GS, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31 };
	static const unsigned char print[] = { GS, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30 };
	size_t n = strlen(data), k = n + 3;
	unsigned char store[8];

	if (n == 0 || n > TK_MAX_QR) {
		snprintf(err, errlen, "QR data must be 1 to %d bytes, got %zu", TK_MAX_QR, n);
		return -1;
	}
	cmd(out, model, sizeof model);
	cmd(out, size, sizeof size);
	cmd(out, level, sizeof level);
	store[0] = GS;
	store[1] = 0x28;
	store[2] = 0x6B;
	store[3] = k & 0xFF;
	store[4] = (k >> 8) & 0xFF;
	store[5] = 0x31;
	store[6] = 0x50;
	store[7] = 0x30;
	cmd(out, store, sizeof store);
	tk_buf_add(out, data, n);
	cmd(out, print, sizeof print);
	return 0;
}

struct wrapctx {
	iconv_t cd;
	struct tk_buf *out;
	char *err;
	size_t errlen;
	int failed;
};

static void
emit_line(const char *p, size_t len, void *arg)
{
	struct wrapctx *w = arg;

	if (w->failed)
		return;
	if (text_conv(w->cd, w->out, p, len, w->err, w->errlen) < 0)
		w->failed = 1;
	else
		tk_buf_addc(w->out, '\n');
}

static int
wrapped(struct wrapctx *w, const char *s, int cols)
{
	if (tw_wrap(s, cols, emit_line, w) < 0) {
		snprintf(w->err, w->errlen, "cannot wrap ticket text (invalid UTF-8)");
		return -1;
	}
	return w->failed ? -1 : 0;
}

int
escpos_render(const struct tk *t, enum tk_width width, struct tk_buf *out, char *err,
    size_t errlen)
{
	static const unsigned char init[] = { ESC, 0x40 }, centre[] = { ESC, 0x61, 0x01 };
	static const unsigned char bold_on[] = { ESC, 0x45, 0x01 }, bold_off[] = { ESC, 0x45, 0x00 };
	static const unsigned char dbl[] = { GS, 0x21, 0x11 }, normal[] = { GS, 0x21, 0x00 };
	static const unsigned char feed[] = { ESC, 0x64, 0x04 }, cut[] = { GS, 0x56, 0x00 };
	unsigned char big[] = { GS, 0x21, escpos_code_size(width) };
	struct wrapctx w;
	char line[TK_MAX_FIELD + 64];
	const char *label;
	int cols = escpos_columns(width), r = -1;

	if (width != TK_W58 && width != TK_W80) {
		snprintf(err, errlen, "paper width must be 58 or 80 mm");
		return -1;
	}
	if (tk_validate(t, err, errlen) < 0)
		return -1;
	memset(&w, 0, sizeof w);
	if ((w.cd = iconv_open("GB18030", "UTF-8")) == (iconv_t)-1) {
		snprintf(err, errlen, "iconv has no GB18030: %s", strerror(errno));
		return -1;
	}
	w.out = out;
	w.err = err;
	w.errlen = errlen;

	cmd(out, init, sizeof init);
	cmd(out, centre, sizeof centre);
	cmd(out, bold_on, sizeof bold_on);
	cmd(out, dbl, sizeof dbl);
	if (wrapped(&w, t->hall, cols / 2) < 0)
		goto done;
	cmd(out, normal, sizeof normal);
	cmd(out, bold_off, sizeof bold_off);
	tk_buf_addc(out, '\n');

	cmd(out, big, sizeof big);
	if (wrapped(&w, t->code, cols / ((big[2] >> 4 & 7) + 1)) < 0)
		goto done;
	cmd(out, normal, sizeof normal);

	if (wrapped(&w, t->service_name, cols) < 0)
		goto done;
	if ((label = tk_priority_label(t->priority)) != NULL && wrapped(&w, label, cols) < 0)
		goto done;
	if (t->no_window && wrapped(&w, tk_line_no_window(), cols) < 0)
		goto done;
	if (tk_line_ahead(line, sizeof line, t->ahead) < 0 || wrapped(&w, line, cols) < 0)
		goto done;
	if (tk_line_eta_range(line, sizeof line, t->eta_s, t->eta_lo_s,
	    t->eta_hi_s) < 0 || wrapped(&w, line, cols) < 0)
		goto done;
	if (t->issued_at != NULL &&
	    (tk_line_time(line, sizeof line, t->issued_at) < 0 || wrapped(&w, line, cols) < 0))
		goto done;
	if (t->slot != NULL) {
		if (tk_line_slot(line, sizeof line, t->slot) < 0 || wrapped(&w, line, cols) < 0)
			goto done;
	}
	if (t->qr != NULL) {
		if (escpos_qr(out, t->qr, err, errlen) < 0)
			goto done;
		tk_buf_addc(out, '\n');
	}
	if (wrapped(&w, t->footer ? t->footer : tk_default_footer(), cols) < 0)
		goto done;
	cmd(out, feed, sizeof feed);
	cmd(out, cut, sizeof cut);
	if (out->overflow) {
		snprintf(err, errlen, "ticket larger than %d bytes", TK_MAX_OUT);
		goto done;
	}
	r = 0;
done:
	iconv_close(w.cd);
	return r;
}
