/* display.c — the controller: framing, register writes and their actions, when to redraw. */
#include <string.h>

#include "display.h"
#include "layout.h"
#include "slave.h"

int
display_init(struct display *d, uint8_t unit, uint8_t baud_code, uint16_t w, uint16_t h,
    uint32_t now_us)
{
	memset(d, 0, sizeof *d);
	if (fb_init(&d->fb, w, h) < 0 || regs_baud(baud_code) == 0 || unit < 1 || unit > 247)
		return -1;
	regs_init(&d->regs, unit, baud_code, w, h);
	rtu_init(&d->rtu, regs_baud(baud_code), unit, 0);
	d->tick_us = now_us;
	d->shown_us = now_us;
	d->dirty = 1;
	return 0;
}

static void
display_tick(struct display *d, uint32_t now_us)
{
	d->tick_acc += now_us - d->tick_us;
	d->tick_us = now_us;
	while (d->tick_acc >= 1000000u) {
		d->tick_acc -= 1000000u;
		d->regs.uptime_s++;
	}
}

/* A verdict from the framer: answer a frame, count a bad one. */
static size_t
display_verdict(struct display *d, int v, uint32_t now_us, uint8_t **reply)
{
	uint8_t	*f;
	size_t	 len, out;
	int	 did;

	if (v == RTU_BAD_CRC) {
		d->regs.bad_crc++;
		return 0;
	}
	if (v != RTU_FRAME)
		return 0;
	f = rtu_frame(&d->rtu, &len);
	out = slave_handle(&d->regs, f, len, RTU_MAX, &did);
	if (did & (REGS_DID_SHOW | REGS_DID_ACTION)) {
		d->dirty = 1;
		d->shown_us = now_us;
	}
	if (did & REGS_DID_ACTION) {
		d->actions++;
		d->flash_phases = (uint16_t)(2 * (d->regs.effect & REGS_EFFECT_FLASHES));
		d->flash_us = now_us;
		if (d->regs.flags & REGS_FLAG_BEEP)
			d->beep = 1;
	}
	if (did & REGS_DID_CONFIG) {
		/* The reply already carries the old address; later frames use the new one. */
		d->rtu.unit = d->regs.unit;
		if (regs_baud(d->regs.baud_code) != 0) {
			d->baud_changed = 1;
			rtu_set_baud(&d->rtu, regs_baud(d->regs.baud_code));
		}
	}
	*reply = f;
	return out;
}

size_t
display_rx(struct display *d, uint8_t byte, uint32_t now_us, uint8_t **reply)
{
	display_tick(d, now_us);
	return display_verdict(d, rtu_feed(&d->rtu, byte, now_us), now_us, reply);
}

size_t
display_idle(struct display *d, uint32_t now_us, uint8_t **reply)
{
	display_tick(d, now_us);
	return display_verdict(d, rtu_poll(&d->rtu, now_us), now_us, reply);
}

/* What the framebuffer should show besides the registers: flash phase and scroll step. */
static uint32_t
display_key(struct display *d, uint32_t now_us, int *dark)
{
	uint32_t phase, step = 0;

	*dark = 0;
	if (d->flash_phases) {
		phase = (now_us - d->flash_us) / DISPLAY_FLASH_PHASE_US;
		if (phase >= d->flash_phases)
			d->flash_phases = 0;
		else
			*dark = (phase & 1) == 0;
	}
	if (d->regs.effect & REGS_EFFECT_SCROLL)
		step = (now_us - d->shown_us) / DISPLAY_SCROLL_STEP_US;
	return (step << 1) | (uint32_t)*dark;
}

int
display_render(struct display *d, uint32_t now_us)
{
	uint32_t key;
	int	 dark, flags;

	key = display_key(d, now_us, &dark);
	if (!d->dirty && key == d->drawn_key)
		return 0;
	d->dirty = 0;
	d->drawn_key = key;
	flags = layout_draw(&d->fb, dark ? REGS_MODE_BLANK : d->regs.mode, d->regs.effect,
	    d->regs.line[0], d->regs.line[1], REGS_LINE_BYTES, key >> 1);
	if (!dark) {
		if (flags & LAYOUT_MISSING_GLYPH)
			d->regs.status |= REGS_ST_MISSING_GLYPH;
		else
			d->regs.status &= (uint16_t)~REGS_ST_MISSING_GLYPH;
	}
	return 1;
}

uint32_t
display_wait_us(const struct display *d, uint32_t now_us)
{
	uint32_t w = 1000000u - d->tick_acc, r;

	if ((r = rtu_wait_us(&d->rtu, now_us)) != 0 && r < w)
		w = r;
	if (d->flash_phases && DISPLAY_FLASH_PHASE_US / 5 < w)
		w = DISPLAY_FLASH_PHASE_US / 5;
	if ((d->regs.effect & REGS_EFFECT_SCROLL) && DISPLAY_SCROLL_STEP_US < w)
		w = DISPLAY_SCROLL_STEP_US;
	if (d->dirty)
		w = 0;
	return w;
}
