/* login.h — the login form: server, user, window (clerks), password. The password is never
 * drawn, not even as stars; only its absence or presence is shown. */
#ifndef JH_LOGIN_H
#define JH_LOGIN_H

#include "ui.h"

enum { LF_SERVER, LF_USER, LF_WINDOW, LF_PASSWORD, LF_COUNT };

struct login_form {
	int clerk;
	char field[LF_COUNT][256];
	int cur;		/* the field being edited */
	char error[320];
	char clock[16];
};

/* Pure: the form as lines. */
void login_layout(struct ui_screen *s, const struct login_form *f);
/* Interactive (curses must be open): edit until Enter on the last field (0) or Esc/Ctrl-C
 * (-1). Starts on the first empty field. */
int login_run(struct login_form *f);

#endif
