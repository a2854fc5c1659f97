/* layout_login.c — the login form as lines (pure). The password field shows no characters. */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "layout.h"
#include "login.h"
#include "utf8.h"

void
login_layout(struct ui_screen *s, const struct login_form *f)
{
	static const char *const label[LF_COUNT] = {
		N_("Server"), N_("User"), N_("Window"), N_("Password"),
	};
	int i, r = 3, lw = 0, x;

	ui_clear(s);
	lay_title(s, f->clerk ? _("jiaohao · clerk console · log in") :
	    _("jiaohao · supervisor console · log in"), f->clock, 0);
	for (i = 0; i < LF_COUNT; i++)
		if (utf8_width(_(label[i])) > lw)
			lw = utf8_width(_(label[i]));
	x = 4;
	for (i = 0; i < LF_COUNT; i++) {
		int attr = i == f->cur ? UI_SELECT : UI_NORMAL;

		if (i == LF_WINDOW && !f->clerk)
			continue;
		ui_goto(s, r, x);
		ui_addw(s, r, i == f->cur ? UI_BOLD : UI_NORMAL, _(label[i]), lw, TX_RIGHT);
		ui_add(s, r, UI_NORMAL, "  ");
		if (i == LF_PASSWORD) {
			ui_addw(s, r, attr, "", 24, TX_LEFT);
			ui_add(s, r, UI_DIM, "  ");
			ui_add(s, r, UI_DIM, f->field[i][0] ? _("(typed, hidden)") : _("(hidden)"));
			if (i == f->cur) {
				s->cur_row = r;
				s->cur_col = x + lw + 2;
			}
		} else {
			char shown[256];

			snprintf(shown, sizeof shown, "%s", f->field[i]);
			if (i == f->cur) {
				s->cur_row = r;
				s->cur_col = x + lw + 2 + utf8_width(shown);
			}
			ui_addw(s, r, attr, shown, 24, TX_LEFT);
		}
		r += 2;
	}
	if (f->error[0])
		ui_add(s, r + 1, UI_ALERT, f->error);
	ui_add(s, s->rows - 1, UI_DIM,
	    _("Tab/arrows: next field   Enter: log in   Esc: quit"));
}
