/* view.h — what each display shows, as a pure function of the hall: a window strip shows its
 * window's call (or paused / welcome / blank), a counter the ticket number, a hall board the
 * latest calls of the windows it covers. Texts come with plainer alternatives for boards
 * without hanzi. */
#ifndef JH_VIEW_H
#define JH_VIEW_H

#include "drv.h"
#include "callboard.h"

#define VIEW_WINDOWS_MAX	32

struct view_cfg {
	enum drv_kind	 kind;
	int		 lines;
	int		 nwin;				/* 0: every window */
	char		 win[VIEW_WINDOWS_MAX][CB_NAME_MAX];
	char		 welcome[DRV_TEXT_MAX];		/* idle text, best form */
	char		 welcome_ascii[DRV_TEXT_MAX];	/* idle text for ASCII-only boards */
};

/* Build the full view of one display (zeroed first, so views compare with memcmp). */
void view_build(const struct view_cfg *, const struct callboard *, struct drv_view *);

/* The call line alternatives: "请A001号到3号窗口", "A001 → 3", "A001 -> 3", "A001". */
void view_call_line(const char *code, const char *window, struct drv_line *);

/* The number of a ticket code ("A001" → 1); 0 when it has no digits. */
long view_code_number(const char *code);

#endif
