/* avr_main.c — the display firmware's main loop on the ATmega328P: bytes from the USART into
 * the core, replies out, the panel scanned at 1 kHz, idle sleep between interrupts. */
#include "display.h"
#include "hal_avr.h"
#include "hub12.h"

#ifndef FW_WIDTH
#define FW_WIDTH	FB_MAX_W
#endif
#ifndef FW_HEIGHT
#define FW_HEIGHT	FB_MAX_H
#endif
#define BEEP_US		150000u

static struct display d;

static void
answer(size_t len, uint8_t *reply)
{
	if (len > 0)
		board_uart_send(reply, (uint16_t)len);
	if (d.baud_changed) {
		d.baud_changed = 0;
		board_cfg_save(d.regs.unit, d.regs.baud_code);
		board_uart_init(regs_baud(d.regs.baud_code));
	}
}

int
main(void)
{
	uint8_t	 unit = 1, baud_code = 4, byte, row = 0, *reply, beeping = 0;
	uint32_t at, now, beep_at = 0;
	int	 bad_cfg;
	size_t	 len;

	board_init();
	bad_cfg = board_cfg_load(&unit, &baud_code) < 0 || unit < 1 || unit > 247 ||
	    regs_baud(baud_code) == 0;
	if (bad_cfg) {
		unit = 1;
		baud_code = 4;
	}
	display_init(&d, unit, baud_code, FW_WIDTH, FW_HEIGHT, board_micros());
	if (bad_cfg)
		d.regs.status |= REGS_ST_BAD_CONFIG;
	if (board_brown_out())
		d.regs.status |= REGS_ST_BROWN_OUT;
	board_uart_init(regs_baud(baud_code));

	for (;;) {
		board_watchdog();
		/* Two statements: argument evaluation order would let reply be read too early. */
		while (board_uart_get(&byte, &at)) {
			len = display_rx(&d, byte, at, &reply);
			answer(len, reply);
		}
		now = board_micros();
		len = display_idle(&d, now, &reply);
		answer(len, reply);
		if (board_scan_due())
			hub12_step(&d.fb, &row, (uint8_t)d.regs.brightness);
		display_render(&d, now);
		if (d.beep) {
			d.beep = 0;
			beeping = 1;
			beep_at = now;
			board_beep(1);
		}
		if (beeping && now - beep_at >= BEEP_US) {
			beeping = 0;
			board_beep(0);
		}
		d.actions = 0;
		board_idle();
	}
}
