/* drv.c — the table of display drivers and what they share: picking the text a line shows. */
#include <string.h>

#include "drv.h"
#include "text.h"
#include "utf8.h"

extern const struct drv drv_modbus;
extern const struct drv drv_alpha;

const struct drv *const drv_table[] = { &drv_modbus, &drv_alpha, NULL };

const struct drv *
drv_find(const char *name)
{
	for (int i = 0; drv_table[i]; i++)
		if (strcmp(drv_table[i]->name, name) == 0)
			return drv_table[i];
	return NULL;
}

int
drv_line_add(struct drv_line *l, const char *text)
{
	if (l->n >= DRV_ALTS_MAX || strlen(text) >= DRV_TEXT_MAX)
		return -1;
	memcpy(l->alt[l->n], text, strlen(text) + 1);
	l->n++;
	return 0;
}

void
drv_line_set(struct drv_line *l, const char *const *alts, int n)
{
	memset(l, 0, sizeof *l);
	for (int i = 0; i < n; i++)
		drv_line_add(l, alts[i]);
}

size_t
drv_line_pick(const struct drv_disp *d, const struct drv_line *l, char *out, size_t cap)
{
	char cut[DRV_TEXT_MAX];
	int last = -1, r;

	if (cap == 0)
		return 0;
	out[0] = '\0';
	for (int i = 0; i < l->n; i++) {
		r = text_encode(d->charset, l->alt[i], out, cap);
		if (r < 0)
			continue;
		if (d->width <= 0 || utf8_width(l->alt[i]) <= d->width)
			return (size_t)r;
		last = i;
	}
	if (last >= 0) {
		text_cut(l->alt[last], d->width, cut, sizeof cut);
		r = text_encode(d->charset, cut, out, cap);
		if (r >= 0)
			return (size_t)r;
	}
	if (l->n == 0)
		return 0;
	text_cut(l->alt[l->n - 1], d->width > 0 ? d->width : DRV_TEXT_MAX, cut, sizeof cut);
	r = text_encode_lossy(d->charset, cut, out, cap);
	return r < 0 ? 0 : (size_t)r;
}
