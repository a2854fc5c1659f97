/* kiosk_ui.h — the interactive kiosk screen (ncursesw): draws kiosk_screen's lines, reads
 * keys, and carries out the actions through kiosk_core. */
#ifndef JH_KIOSK_UI_H
#define JH_KIOSK_UI_H

#include "kiosk_core.h"

/* Runs until F10 (a staff key) or a fatal error. Returns the exit status. */
int kiosk_ui_run(struct kiosk *k);

#endif
