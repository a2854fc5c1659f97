/* display.h — the display controller's core, shared by the AVR firmware and jhled-sim: bytes
 * from the line in, replies out, the panel image rendered from the registers. Pure: the
 * caller passes the time (microseconds, wrapping u32) and does all I/O. */
#ifndef JH_DISPLAY_H
#define JH_DISPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "fb.h"
#include "regs.h"
#include "rtu.h"

#define DISPLAY_FLASH_PHASE_US	250000u	/* a flash is 250 ms dark then 250 ms lit */
#define DISPLAY_SCROLL_STEP_US	30000u	/* one pixel every 30 ms when scrolling */

struct display {
	struct rtu	 rtu;
	struct regs	 regs;
	struct fb	 fb;
	uint32_t	 tick_us;	/* last time seen, for uptime */
	uint32_t	 tick_acc;	/* microseconds not yet counted in uptime */
	uint32_t	 shown_us;	/* when the text last changed (scroll origin) */
	uint32_t	 flash_us;	/* when the last flash began */
	uint16_t	 flash_phases;	/* phases of that flash (2 per flash), 0 if none */
	uint32_t	 drawn_key;	/* what the framebuffer shows: phase and scroll step */
	uint8_t		 dirty;		/* registers changed since the last render */
	uint8_t		 beep;		/* a beep was asked for: the caller clears it */
	uint8_t		 baud_changed;	/* CFG changed the baud: reopen the line after the reply */
	uint8_t		 actions;	/* CMD_SEQ actions applied (wraps) */
};

/* 0, or -1 when the size is not a chain of panels that fits the framebuffer. */
int		 display_init(struct display *, uint8_t unit, uint8_t baud_code, uint16_t w,
		     uint16_t h, uint32_t now_us);

/* One byte received at now_us. Returns the length of a reply to send now (at *reply), or 0. */
size_t		 display_rx(struct display *, uint8_t byte, uint32_t now_us, uint8_t **reply);

/* Call when idle: counts uptime, ends a frame after the silence. Same return as display_rx. */
size_t		 display_idle(struct display *, uint32_t now_us, uint8_t **reply);

/* Redraw the framebuffer if what it should show changed; returns 1 when it was redrawn. */
int		 display_render(struct display *, uint32_t now_us);

/* Microseconds the caller may sleep before display_idle or display_render has work. */
uint32_t	 display_wait_us(const struct display *, uint32_t now_us);

#endif
