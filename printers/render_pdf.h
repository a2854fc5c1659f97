/* render_pdf.h — a ticket as a one-page PDF for an ordinary printer (cairo, CJK font). */
#ifndef JH_RENDER_PDF_H
#define JH_RENDER_PDF_H

#include "ticket.h"

enum pdf_page { PDF_A6, PDF_RECEIPT };	/* 105x148 mm, or 80x150 mm */

/* The font family used for every line; WenQuanYi Zen Hei covers Latin and CJK. */
#define PDF_FONT "WenQuanYi Zen Hei"

/* Renders t into out (appended). 0, or -1 with err. No file is touched. */
int pdf_render(const struct tk *t, enum pdf_page page, struct tk_buf *out, char *err,
    size_t errlen);

/* Releases cairo's and fontconfig's process-wide caches (at exit, so leak checkers see only
 * our own memory). No PDF may be in progress. */
void pdf_shutdown(void);

#endif
