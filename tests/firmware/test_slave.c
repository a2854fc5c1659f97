/* test_slave.c — every function code and exception of the display profile, CMD_SEQ, broadcast,
 * CLOCK, CFG, and the controller's counters and effects, byte for byte. */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "../../firmware-bridge/common/crc16.h"
#include "../lib/t.h"
#include "display.h"
#include "slave.h"

static struct regs r;
static uint8_t	 buf[RTU_MAX];
static int	 did;

/* Build a frame from bytes (CRC appended), run it, return the reply length. */
static size_t
req(int n, ...)
{
	va_list	 ap;
	uint16_t crc;
	int	 i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		buf[i] = (uint8_t)va_arg(ap, int);
	va_end(ap);
	crc = crc16_modbus(CRC16_INIT, buf, (size_t)n);
	buf[n] = (uint8_t)crc;
	buf[n + 1] = (uint8_t)(crc >> 8);
	return slave_handle(&r, buf, (size_t)n + 2, sizeof buf, &did);
}

/* The reply must be these bytes plus a correct CRC. */
static void
expect(size_t got, int n, ...)
{
	uint8_t	 want[RTU_MAX];
	va_list	 ap;
	uint16_t crc;
	int	 i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		want[i] = (uint8_t)va_arg(ap, int);
	va_end(ap);
	crc = crc16_modbus(CRC16_INIT, want, (size_t)n);
	want[n] = (uint8_t)crc;
	want[n + 1] = (uint8_t)(crc >> 8);
	T_EQ_MEM(buf, got, want, (size_t)n + 2);
}

static void
setup(void)
{
	regs_init(&r, 1, 4, 64, 16);
}

static void
read_holding_known_vector(void)
{
	static const uint8_t want[] = { 0x01, 0x03, 0x02, 0x00, 0x00, 0xB8, 0x44 };
	size_t n;

	setup();
	n = req(6, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01);
	T_EQ_MEM(buf, n, want, sizeof want);
}

static void
read_holding_defaults_and_reserved(void)
{
	setup();
	expect(req(6, 1, 3, 0, 0, 0, 6), 15, 1, 3, 12, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0, 0);
}

static void
heartbeat_reads_all_input_registers(void)
{
	setup();
	r.status = REGS_ST_MISSING_GLYPH;
	r.seq_applied = 0x1234;
	r.uptime_s = 0x00012345;
	r.bad_crc = 7;
	expect(req(6, 1, 4, 0, 0, 0, 10), 23, 1, 4, 20, 0, 1, 0x50, 0x10, 0x01, 0x00, 0, 1,
	    0x12, 0x34, 0x00, 0x01, 0x23, 0x45, 0, 7, 0, 64, 0, 16);
}

static void
write_single_echoes_and_stores(void)
{
	setup();
	expect(req(6, 1, 6, 0, 1, 0, 1), 6, 1, 6, 0, 1, 0, 1);
	T_EQ_INT(r.mode, 1);
	T_CHECK(did & REGS_DID_SHOW, "a MODE write asks for a redraw");
}

static void
write_multiple_stores_lines(void)
{
	setup();
	expect(req(11, 1, 0x10, 0x00, 0x10, 0x00, 0x02, 0x04, 'A', '0', '0', '1'), 6, 1,
	    0x10, 0x00, 0x10, 0x00, 0x02);
	T_EQ_STR((char *)r.line[0], "A001");
	expect(req(6, 1, 3, 0, 0x10, 0, 2), 7, 1, 3, 4, 'A', '0', '0', '1');
	/* 0x0000-0x004F in one write: the reserved registers do not get in the way. */
	memset(buf, 0, sizeof buf);
	buf[0] = 1; buf[1] = 0x10; buf[4] = 0; buf[5] = 0x50; buf[6] = 0xa0;
	buf[7 + 3] = 1;		/* MODE (register 1) = 1 */
	buf[7 + 2 * 0x10] = 'B';
	{
		uint16_t crc = crc16_modbus(CRC16_INIT, buf, 7 + 0xa0);

		buf[7 + 0xa0] = (uint8_t)crc;
		buf[8 + 0xa0] = (uint8_t)(crc >> 8);
	}
	T_EQ_INT(slave_handle(&r, buf, 9 + 0xa0, sizeof buf, &did), 8);
	T_EQ_INT(r.mode, 1);
	T_EQ_STR((char *)r.line[0], "B");
}

static void
unknown_function_is_exception_1(void)
{
	setup();
	expect(req(6, 1, 0x01, 0, 0, 0, 1), 3, 1, 0x81, 1);
	expect(req(2, 1, 0x2b), 3, 1, 0xab, 1);
	expect(req(6, 1, 0x05, 0, 0, 0xff, 0), 3, 1, 0x85, 1);
}

static void
illegal_addresses_are_exception_2(void)
{
	setup();
	expect(req(6, 1, 3, 0x00, 0x8f, 0, 2), 3, 1, 0x83, 2);	/* runs past LINE2 */
	expect(req(6, 1, 3, 0x02, 0x00, 0, 1), 3, 1, 0x83, 2);
	expect(req(6, 1, 4, 0, 10, 0, 1), 3, 1, 0x84, 2);
	expect(req(6, 1, 4, 0, 0, 0, 11), 3, 1, 0x84, 2);
	expect(req(6, 1, 6, 0x01, 0x03, 0, 1), 3, 1, 0x86, 2);
	expect(req(11, 1, 0x10, 0x00, 0x8f, 0, 2, 4, 0, 0, 0, 0), 3, 1, 0x90, 2);
	expect(req(6, 1, 6, 0xff, 0xff, 0, 1), 3, 1, 0x86, 2);
}

static void
illegal_values_are_exception_3(void)
{
	setup();
	expect(req(6, 1, 6, 0, 1, 0, 4), 3, 1, 0x86, 3);		/* MODE 4 */
	expect(req(6, 1, 6, 0, 3, 0, 101), 3, 1, 0x86, 3);	/* BRIGHTNESS 101 */
	expect(req(6, 1, 3, 0, 0, 0, 0), 3, 1, 0x83, 3);		/* count 0 */
	expect(req(6, 1, 3, 0, 0, 0, 126), 3, 1, 0x83, 3);	/* count over 125 */
	expect(req(7, 1, 0x10, 0, 1, 0, 1, 4, 0, 1), 3, 1, 0x90, 3);	/* byte count != 2n */
	expect(req(7, 1, 0x10, 0, 1, 0, 0, 0), 3, 1, 0x90, 3);	/* count 0 */
	expect(req(7, 1, 3, 0, 0, 0, 1, 9), 3, 1, 0x83, 3);	/* a read of the wrong size */
	T_EQ_INT(r.mode, 0);
	T_EQ_INT(r.brightness, 100);
}

static void
failed_multiple_write_stores_nothing(void)
{
	setup();
	/* CMD_SEQ 9, MODE 1, EFFECT 0, BRIGHTNESS 200: the last is illegal. */
	expect(req(15, 1, 0x10, 0, 0, 0, 4, 8, 0, 9, 0, 1, 0, 0, 0, 200), 3, 1, 0x90, 3);
	T_EQ_INT(r.cmd_seq, 0);
	T_EQ_INT(r.mode, 0);
	T_EQ_INT(did, 0);
}

static void
cmd_seq_acts_only_when_it_changes(void)
{
	setup();
	req(6, 1, 6, 0, 0, 0, 5);
	T_CHECK(did & REGS_DID_ACTION, "a new CMD_SEQ acts");
	req(6, 1, 6, 0, 0, 0, 5);
	T_CHECK(!(did & REGS_DID_ACTION), "a retry of the same CMD_SEQ must not act again");
	req(11, 1, 0x10, 0, 0, 0, 2, 4, 0, 5, 0, 1);
	T_CHECK(!(did & REGS_DID_ACTION), "the same CMD_SEQ inside a full-state write");
	T_CHECK(did & REGS_DID_SHOW, "MODE still applies");
	req(6, 1, 6, 0, 0, 0, 6);
	T_CHECK(did & REGS_DID_ACTION, "a bumped CMD_SEQ acts");
	expect(req(6, 1, 4, 0, 4, 0, 1), 5, 1, 4, 2, 0, 6);
}

static void
broadcast_writes_silently_and_reads_are_ignored(void)
{
	setup();
	T_EQ_INT(req(6, 0, 6, 0, 3, 0, 50), 0);
	T_EQ_INT(r.brightness, 50);
	T_EQ_INT(req(6, 0, 3, 0, 0, 0, 1), 0);
	T_EQ_INT(req(6, 0, 6, 0, 1, 0, 9), 0);	/* an illegal broadcast is not answered */
	T_EQ_INT(r.mode, 0);
}

static void
other_units_are_not_answered(void)
{
	setup();
	T_EQ_INT(req(6, 2, 6, 0, 1, 0, 1), 0);
	T_EQ_INT(r.mode, 0);
	T_EQ_INT(req(6, 2, 0x2b, 0, 0, 0, 0), 0);
}

static void
clock_is_bcd_and_ticks(void)
{
	setup();
	/* 2024-02-28 23:59:30 */
	T_EQ_INT(req(13, 0, 0x10, 0x01, 0x00, 0, 3, 6, 0x24, 0x02, 0x28, 0x23, 0x59, 0x30), 0);
	expect(req(6, 1, 3, 0x01, 0x00, 0, 3), 9, 1, 3, 6, 0x24, 0x02, 0x28, 0x23, 0x59, 0x30);
	r.uptime_s += 31 + 86400;	/* past midnight, and past the leap day */
	expect(req(6, 1, 3, 0x01, 0x00, 0, 3), 9, 1, 3, 6, 0x24, 0x03, 0x01, 0x00, 0x00, 0x01);
	expect(req(6, 1, 6, 0x01, 0x00, 0x24, 0x13), 3, 1, 0x86, 3);	/* month 13 */
	expect(req(6, 1, 6, 0x01, 0x02, 0x5a, 0x00), 3, 1, 0x86, 3);	/* not BCD */
	/* Writing the seconds alone keeps the ticked date. */
	req(6, 1, 6, 0x01, 0x02, 0x00, 0x10);
	expect(req(6, 1, 3, 0x01, 0x00, 0, 3), 9, 1, 3, 6, 0x24, 0x03, 0x01, 0x00, 0x00, 0x10);
}

static void
config_needs_the_key(void)
{
	setup();
	expect(req(6, 1, 6, 0x0f, 0x00, 0, 5), 3, 1, 0x86, 3);
	T_EQ_INT(r.unit, 1);
	/* Unit 5, 19200 baud and the key in one write: answered from the old address. */
	expect(req(13, 1, 0x10, 0x0f, 0x00, 0, 3, 6, 0, 5, 0, 5, 0xa5, 0x5a), 6, 1, 0x10, 0x0f,
	    0x00, 0, 3);
	T_CHECK(did & REGS_DID_CONFIG, "the change is reported");
	T_EQ_INT(r.unit, 5);
	T_EQ_INT(regs_baud(r.baud_code), 19200);
	T_EQ_INT(req(6, 1, 3, 0x0f, 0x00, 0, 1), 0);	/* unit 1 is gone */
	expect(req(6, 5, 3, 0x0f, 0x00, 0, 3), 9, 5, 3, 6, 0, 5, 0, 5, 0, 0);	/* key reads 0 */
	/* The key alone unlocks the next write, once. */
	expect(req(6, 5, 6, 0x0f, 0x02, 0xa5, 0x5a), 6, 5, 6, 0x0f, 0x02, 0xa5, 0x5a);
	expect(req(6, 5, 6, 0x0f, 0x00, 0, 7), 6, 5, 6, 0x0f, 0x00, 0, 7);
	expect(req(6, 7, 6, 0x0f, 0x00, 0, 8), 3, 7, 0x86, 3);
	expect(req(6, 7, 6, 0x0f, 0x01, 0, 9), 3, 7, 0x86, 3);	/* no baud code 9 */
	expect(req(13, 7, 0x10, 0x0f, 0x00, 0, 3, 6, 0, 248, 0, 4, 0xa5, 0x5a), 3, 7, 0x90, 3);
}

/* ---- the controller around them ---- */

static struct display d;

static size_t
rx_frame(const uint8_t *p, size_t n, uint32_t *now, uint8_t **reply)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		len = display_rx(&d, p[i], *now, reply);
		*now += 1146;
	}
	return len;
}

static size_t
mkframe(uint8_t *out, int n, ...)
{
	va_list	 ap;
	uint16_t crc;
	int	 i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		out[i] = (uint8_t)va_arg(ap, int);
	va_end(ap);
	crc = crc16_modbus(CRC16_INIT, out, (size_t)n);
	out[n] = (uint8_t)crc;
	out[n + 1] = (uint8_t)(crc >> 8);
	return (size_t)n + 2;
}

static void
display_counts_bad_crc_and_uptime(void)
{
	uint8_t	 f[16], *reply;
	uint32_t now = 4000000000u;	/* wraps during the test */
	size_t	 n;

	T_EQ_INT(display_init(&d, 1, 4, 64, 16, now), 0);
	n = mkframe(f, 6, 1, 6, 0, 1, 0, 1);
	f[7] ^= 1;
	rx_frame(f, n, &now, &reply);
	now += 5000;
	display_idle(&d, now, &reply);
	T_EQ_INT(d.regs.bad_crc, 1);
	now += 3000000;
	display_idle(&d, now, &reply);
	n = mkframe(f, 6, 1, 4, 0, 5, 0, 3);
	n = rx_frame(f, n, &now, &reply);
	T_EQ_INT(n, 11);
	T_EQ_INT(reply[6], 3);			/* uptime low word: 3 seconds */
	T_EQ_INT(reply[8], 1);			/* one bad CRC */
}

static void
display_flashes_and_beeps_on_a_new_cmd_seq(void)
{
	uint8_t	 f[32], *reply;
	uint32_t now = 100, t0;
	int	 lit = 0, dark = 0, k;
	size_t	 i;

	display_init(&d, 1, 4, 64, 16, now);
	/* CMD_SEQ 1, MODE 1, EFFECT 2 flashes, BRIGHTNESS 100, FLAGS beep, then LINE1 "A1". */
	rx_frame(f, mkframe(f, 17, 1, 0x10, 0, 0, 0, 5, 10, 0, 1, 0, 1, 0, 2, 0, 100, 0, 1),
	    &now, &reply);
	rx_frame(f, mkframe(f, 11, 1, 0x10, 0, 0x10, 0, 2, 4, 'A', '1', 0, 0), &now, &reply);
	T_EQ_INT(d.beep, 1);
	t0 = d.flash_us;
	for (k = 0; k < 6; k++) {
		display_render(&d, t0 + (uint32_t)k * DISPLAY_FLASH_PHASE_US + 1000);
		for (i = 0; i < fb_size(&d.fb) && d.fb.bits[i] == 0; i++)
			;
		if (i == fb_size(&d.fb))
			dark++;
		else
			lit++;
	}
	T_EQ_INT(dark, 2);	/* two flashes: dark, lit, dark, lit, then lit for good */
	T_EQ_INT(lit, 4);
	T_EQ_INT(d.flash_phases, 0);
}

static void
display_sets_missing_glyph_status(void)
{
	uint8_t	 f[32], *reply;
	uint32_t now = 100;

	display_init(&d, 1, 4, 64, 16, now);
	/* "é" (U+00E9) is not in the font subset. */
	rx_frame(f, mkframe(f, 11, 1, 0x10, 0, 0x10, 0, 2, 4, 0xc3, 0xa9, 0, 0), &now, &reply);
	display_render(&d, now);
	T_CHECK(d.regs.status & REGS_ST_MISSING_GLYPH, "status shows the missing glyph");
	rx_frame(f, mkframe(f, 11, 1, 0x10, 0, 0x10, 0, 2, 4, 'e', 0, 0, 0), &now, &reply);
	display_render(&d, now);
	T_CHECK(!(d.regs.status & REGS_ST_MISSING_GLYPH), "cleared once every glyph exists");
}

static void
display_refuses_a_size_that_is_not_panels(void)
{
	T_EQ_INT(display_init(&d, 1, 4, 60, 16, 0), -1);
	T_EQ_INT(display_init(&d, 1, 4, 64, 20, 0), -1);
	T_EQ_INT(display_init(&d, 0, 4, 64, 16, 0), -1);
	T_EQ_INT(display_init(&d, 1, 9, 64, 16, 0), -1);
	T_EQ_INT(display_init(&d, 1, 4, 128, 32, 0), 0);
}

int
main(void)
{
	T_RUN(read_holding_known_vector);
	T_RUN(read_holding_defaults_and_reserved);
	T_RUN(heartbeat_reads_all_input_registers);
	T_RUN(write_single_echoes_and_stores);
	T_RUN(write_multiple_stores_lines);
	T_RUN(unknown_function_is_exception_1);
	T_RUN(illegal_addresses_are_exception_2);
	T_RUN(illegal_values_are_exception_3);
	T_RUN(failed_multiple_write_stores_nothing);
	T_RUN(cmd_seq_acts_only_when_it_changes);
	T_RUN(broadcast_writes_silently_and_reads_are_ignored);
	T_RUN(other_units_are_not_answered);
	T_RUN(clock_is_bcd_and_ticks);
	T_RUN(config_needs_the_key);
	T_RUN(display_counts_bad_crc_and_uptime);
	T_RUN(display_flashes_and_beeps_on_a_new_cmd_seq);
	T_RUN(display_sets_missing_glyph_status);
	T_RUN(display_refuses_a_size_that_is_not_panels);
	return t_done();
}
