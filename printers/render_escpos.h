/* render_escpos.h — a ticket as ESC/POS bytes for a receipt printer (docs/HARDWARE.md). Pure. */
#ifndef JH_RENDER_ESCPOS_H
#define JH_RENDER_ESCPOS_H

#include "ticket.h"

/* Printable columns in font A (12 dots a character) for a paper width. */
int escpos_columns(enum tk_width w);
/* Size byte for 1D 21 used for the ticket code at this width. */
unsigned char escpos_code_size(enum tk_width w);

/* Renders t for paper width w into out (initialised by the caller; bytes appended).
 * Chinese text goes out in GB18030 between 1C 26 and 1C 2E. 0, or -1 with err. */
int escpos_render(const struct tk *t, enum tk_width w, struct tk_buf *out, char *err,
    size_t errlen);

/* One line of text (no wrapping) as it goes to the printer: ASCII as is; a line with any
 * other character wrapped in Chinese mode and converted to GB18030. 0 or -1 with err. */
int escpos_text(struct tk_buf *out, const char *s, size_t len, char *err, size_t errlen);

/* The five QR code commands of docs/HARDWARE.md (model 2, module 6, level M, store, print). */
int escpos_qr(struct tk_buf *out, const char *data, char *err, size_t errlen);

#endif
