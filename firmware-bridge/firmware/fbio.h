/* fbio.h — host-only views of a framebuffer: PBM (P4) images and text art. */
#ifndef JH_FBIO_H
#define JH_FBIO_H

#include <stddef.h>

#include "fb.h"

/* Write fb as a binary PBM to path (through a temporary file renamed into place, so a reader
 * never sees half an image). 0, or -1 with errno set. */
int		 fbio_write_pbm(const struct fb *, const char *path);

/* Read a binary PBM into fb (its size must be a panel chain). 0, or -1 with a reason in err. */
int		 fbio_read_pbm(struct fb *, const char *path, char *err, size_t errlen);

/* Text art: one line a pixel row, '#' lit and '.' dark, inside a frame; into buf (NUL-ended).
 * Returns the length, or 0 when buf is too small. */
size_t		 fbio_art(const struct fb *, char *buf, size_t cap);

#endif
