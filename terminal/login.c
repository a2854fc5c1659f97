/* login.c — running the login form: keys edit the fields; drawing is layout_login.c. */
#include <string.h>
#include <time.h>
#include <poll.h>

#include "login.h"
#include "screen.h"

static int
next_field(const struct login_form *f, int i, int dir)
{
	do
		i = (i + dir + LF_COUNT) % LF_COUNT;
	while (i == LF_WINDOW && !f->clerk);
	return i;
}

int
login_run(struct login_form *f)
{
	struct ui_screen *s = NULL;
	int i, rows, cols;

	f->cur = LF_PASSWORD;
	for (i = 0; i < LF_COUNT; i++)
		if (!f->field[i][0] && (i != LF_WINDOW || f->clerk)) {
			f->cur = i;
			break;
		}
	for (;;) {
		struct pollfd p = { .fd = scr_fd(), .events = POLLIN };
		time_t t = time(NULL);
		struct tm tm;
		int key;

		scr_size(&rows, &cols);
		if (!s || s->rows != rows || s->cols != cols) {
			ui_screen_free(s);
			if (!(s = ui_screen_new(rows, cols)))
				return -1;
		}
		localtime_r(&t, &tm);
		strftime(f->clock, sizeof f->clock, "%H:%M:%S", &tm);
		login_layout(s, f);
		scr_draw(s);
		poll(&p, 1, 1000);
		while ((key = scr_key()) != SK_NONE) {
			char *fl = f->field[f->cur];
			size_t n = strlen(fl);

			if (key == SK_ESC || key == 3) {
				ui_screen_free(s);
				return -1;
			}
			if (key == SK_ENTER) {
				if (f->cur == LF_PASSWORD) {
					ui_screen_free(s);
					return 0;
				}
				f->cur = next_field(f, f->cur, 1);
			} else if (key == SK_TAB || key == SK_DOWN) {
				f->cur = next_field(f, f->cur, 1);
			} else if (key == SK_BTAB || key == SK_UP) {
				f->cur = next_field(f, f->cur, -1);
			} else if (key == SK_BACKSPACE) {
				/* remove a whole UTF-8 character */
				while (n > 0 && ((unsigned char)fl[n - 1] & 0xc0) == 0x80)
					n--;
				if (n > 0)
					n--;
				fl[n] = '\0';
			} else if (key == 21) {		/* ^U */
				memset(fl, 0, sizeof f->field[0]);
			} else if (key >= ' ' && key < SK_BASE) {
				char enc[4];
				int k = 0;
				unsigned c = (unsigned)key;

				if (c < 0x80) {
					enc[k++] = (char)c;
				} else if (c < 0x800) {
					enc[k++] = (char)(0xc0 | c >> 6);
					enc[k++] = (char)(0x80 | (c & 0x3f));
				} else if (c < 0x10000) {
					enc[k++] = (char)(0xe0 | c >> 12);
					enc[k++] = (char)(0x80 | (c >> 6 & 0x3f));
					enc[k++] = (char)(0x80 | (c & 0x3f));
				} else {
					enc[k++] = (char)(0xf0 | c >> 18);
					enc[k++] = (char)(0x80 | (c >> 12 & 0x3f));
					enc[k++] = (char)(0x80 | (c >> 6 & 0x3f));
					enc[k++] = (char)(0x80 | (c & 0x3f));
				}
				if (n + (size_t)k < sizeof f->field[0] - 1) {
					memcpy(fl + n, enc, (size_t)k);
					fl[n + (size_t)k] = '\0';
				}
			}
		}
	}
}
