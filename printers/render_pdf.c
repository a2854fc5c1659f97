/* render_pdf.c — renders a ticket as a one-page PDF in memory with cairo: the same lines as the
 * receipt, centred, the code large, the status address as a QR code (libqrencode, drawn as
 * cairo rectangles) with the address under it as text. */
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <qrencode.h>

#include "render_pdf.h"
#include "textwrap.h"

#define MM (72.0 / 25.4)

static cairo_status_t
write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	struct tk_buf *b = closure;

	tk_buf_add(b, data, len);
	return b->overflow ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

struct pdfctx {
	cairo_t *cr;
	double width, margin, y, size;
};

static void
draw_line(const char *p, size_t len, void *arg)
{
	struct pdfctx *c = arg;
	cairo_text_extents_t ext;
	char line[4 * TK_MAX_FIELD + 1];

	if (len >= sizeof line)
		len = sizeof line - 1;
	memcpy(line, p, len);
	line[len] = '\0';
	cairo_set_font_size(c->cr, c->size);
	cairo_text_extents(c->cr, line, &ext);
	c->y += c->size * 1.25;
	cairo_move_to(c->cr, (c->width - ext.x_advance) / 2, c->y);
	cairo_show_text(c->cr, line);
}

/* Wrap by columns: a wide character is about one em, a narrow one half an em. */
static void
text(struct pdfctx *c, const char *s, double size)
{
	int cols = (int)((c->width - 2 * c->margin) / (size / 2));

	c->size = size;
	tw_wrap(s, cols < 2 ? 2 : cols, draw_line, c);
}

/* The status address as a QR code (level M, 8-bit), centred, with a 4-module quiet zone;
 * modules of 0.8 to 1 mm, smaller only when the code would not fit the page's width. */
static int
draw_qr(struct pdfctx *c, const char *data, char *err, size_t errlen)
{
	QRcode *qr = QRcode_encodeString8bit(data, 0, QR_ECLEVEL_M);
	double m, x0, y0;

	if (!qr) {
		snprintf(err, errlen, "cannot encode the QR code of '%.60s'", data);
		return -1;
	}
	m = (c->width - 2 * c->margin) / (qr->width + 8);
	if (m > 1.0 * MM)
		m = 1.0 * MM;
	x0 = (c->width - qr->width * m) / 2;
	y0 = c->y + 4 * m;
	for (int r = 0; r < qr->width; r++)
		for (int k = 0; k < qr->width; k++)
			if (qr->data[r * qr->width + k] & 1)
				cairo_rectangle(c->cr, x0 + k * m, y0 + r * m, m, m);
	cairo_fill(c->cr);
	c->y = y0 + qr->width * m + 4 * m;
	QRcode_free(qr);
	return 0;
}

int
pdf_render(const struct tk *t, enum pdf_page page, struct tk_buf *out, char *err,
    size_t errlen)
{
	cairo_surface_t *sf;
	struct pdfctx c;
	char line[TK_MAX_FIELD + 64];
	const char *label;
	double w, h;
	cairo_status_t st;

	if (tk_validate(t, err, errlen) < 0)
		return -1;
	w = (page == PDF_A6 ? 105 : 80) * MM;
	h = (page == PDF_A6 ? 148 : 150) * MM;
	sf = cairo_pdf_surface_create_for_stream(write_cb, out, w, h);
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, t->code);
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, "jiaohao jhkiosk");
	memset(&c, 0, sizeof c);
	c.cr = cairo_create(sf);
	c.width = w;
	c.margin = 6 * MM;
	c.y = 4 * MM;
	cairo_set_source_rgb(c.cr, 0, 0, 0);
	cairo_select_font_face(c.cr, PDF_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
	text(&c, t->hall, 14);
	c.y += 4;
	text(&c, t->code, 56);
	c.y += 6;
	cairo_select_font_face(c.cr, PDF_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	text(&c, t->service_name, 14);
	if ((label = tk_priority_label(t->priority)) != NULL)
		text(&c, label, 11);
	if (t->no_window)
		text(&c, tk_line_no_window(), 11);
	if (tk_line_ahead(line, sizeof line, t->ahead) == 0)
		text(&c, line, 11);
	if (tk_line_eta_range(line, sizeof line, t->eta_s, t->eta_lo_s, t->eta_hi_s) == 0)
		text(&c, line, 11);
	if (t->issued_at != NULL && tk_line_time(line, sizeof line, t->issued_at) == 0)
		text(&c, line, 11);
	if (t->slot != NULL && tk_line_slot(line, sizeof line, t->slot) == 0)
		text(&c, line, 11);
	if (t->qr != NULL) {
		if (draw_qr(&c, t->qr, err, errlen) < 0) {
			cairo_destroy(c.cr);
			cairo_surface_destroy(sf);
			return -1;
		}
		text(&c, t->qr, 8);
	}
	c.y += 6;
	text(&c, t->footer ? t->footer : tk_default_footer(), 9);
	cairo_show_page(c.cr);
	cairo_destroy(c.cr);
	cairo_surface_finish(sf);
	st = cairo_surface_status(sf);
	cairo_surface_destroy(sf);
	if (st != CAIRO_STATUS_SUCCESS || out->overflow) {
		snprintf(err, errlen, "cannot render PDF: %s",
		    out->overflow ? "larger than the output limit" : cairo_status_to_string(st));
		return -1;
	}
	return 0;
}

void
pdf_shutdown(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}
