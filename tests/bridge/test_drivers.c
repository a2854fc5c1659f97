/* test_drivers.c — the display drivers byte for byte against the vectors of docs/HARDWARE.md
 * and frames recomputed by hand; text conversion and fallbacks. */
#include <string.h>

#include "t.h"
#include "alpha.h"
#include "common/crc16.h"
#include "drv.h"
#include "rtu.h"
#include "text.h"
#include "utf8.h"
#include "view.h"

static const uint8_t *
hex(const char *s, size_t *n)
{
	static uint8_t buf[512];
	unsigned v;
	int k;

	*n = 0;
	while (sscanf(s, " %2x%n", &v, &k) == 1) {
		buf[(*n)++] = (uint8_t)v;
		s += k;
	}
	return buf;
}

#define T_EQ_HEX(f, want) do { \
	size_t wn_; const uint8_t *w_ = hex(want, &wn_); \
	T_EQ_MEM((f)->b, (f)->len, w_, wn_); \
} while (0)

static struct drv_disp
disp(int addr, enum drv_profile prof, int lines, int width, const char *cs)
{
	struct drv_disp d;

	memset(&d, 0, sizeof d);
	d.addr = addr;
	d.profile = prof;
	d.lines = lines;
	d.width = width;
	snprintf(d.charset, sizeof d.charset, "%s", cs);
	d.type = 'Z';
	d.brightness = 100;
	d.beep = 1;
	d.flashes = 3;
	return d;
}

static void
crc_check_value_of_123456789_is_4b37(void)
{
	T_EQ_INT(crc16_modbus(CRC16_INIT, (const uint8_t *)"123456789", 9), 0x4B37);
}

static void
led485_shows_999_on_unit_1(void)
{
	struct drv_disp d = disp(1, DRV_PROFILE_LED485, 1, 0, "ASCII");
	struct drv_view v;
	struct drv_job job;
	char err[128];
	const struct drv *m = drv_find("modbus");

	memset(&v, 0, sizeof v);
	v.mode = DRV_MODE_CALLING;
	v.value = 999;
	T_CHECK(m != NULL, "modbus driver in the table");
	T_EQ_INT(m->state(&d, &v, 1, &job, err, sizeof err), 0);
	T_EQ_INT(job.n, 1);
	T_EQ_HEX(&job.f[0], "01 06 00 00 03 E7 C9 70");
	T_EQ_INT(job.f[0].reply, 1);
}

static void
modbus_read_frames_match_known_vectors(void)
{
	struct drv_frame f;

	T_EQ_INT(mb_read(1, MB_FC_READ_INPUT, 0, 10, &f), 0);
	T_EQ_HEX(&f, "01 04 00 00 00 0A 70 0D");
	T_EQ_INT(mb_read(1, MB_FC_READ_HOLDING, 0, 1, &f), 0);
	T_EQ_HEX(&f, "01 03 00 00 00 01 84 0A");
	T_CHECK(mb_read(0, MB_FC_READ_INPUT, 0, 10, &f) < 0, "no read from the broadcast address");
	T_CHECK(mb_read(1, MB_FC_READ_INPUT, 0, 126, &f) < 0, "at most 125 registers a read");
}

static void
display_profile_writes_lines_then_seq_and_mode(void)
{
	struct drv_disp d = disp(3, DRV_PROFILE_DISPLAY, 1, 8, "UTF-8");
	struct drv_view v;
	struct drv_job job;
	char err[128];

	memset(&v, 0, sizeof v);
	v.mode = DRV_MODE_CALLING;
	v.seq = 7;
	v.nlines = 1;
	view_call_line("A001", "3", &v.line[0]);
	T_EQ_INT(drv_find("modbus")->state(&d, &v, 0, &job, err, sizeof err), 0);
	T_EQ_INT(job.n, 3);
	/* 8 cells: "请A001号到3号窗口" (17 cells) does not fit, "A001 → 3" does */
	T_EQ_HEX(&job.f[0], "03 10 00 10 00 06 0C 41 30 30 31 20 E2 86 92 20 33 00 00 B9 93");
	T_EQ_HEX(&job.f[1], "03 10 00 50 00 01 02 00 00 B3 60");
	T_EQ_HEX(&job.f[2], "03 10 00 00 00 05 0A 00 07 00 01 00 03 00 64 00 01 52 77");
}

static void
display_profile_heartbeat_reads_input_registers_0_to_9(void)
{
	struct drv_disp d = disp(3, DRV_PROFILE_DISPLAY, 1, 8, "UTF-8");
	struct drv_frame f;
	struct drv_reply r;
	size_t n;
	const uint8_t *rx;

	T_EQ_INT(drv_find("modbus")->heartbeat(&d, &f), 0);
	T_EQ_INT(f.b[1], 0x04);
	T_EQ_INT(f.b[5], 10);
	rx = hex("03 04 14 00 01 00 02 00 03 00 00 00 07 00 01 00 2C 00 00 00 40 00 10 29 5B", &n);
	drv_find("modbus")->reply(&d, &f, rx, n, &r);
	T_EQ_INT(r.v, DRV_ACK);
	T_EQ_INT(r.nregs, 10);
	T_EQ_INT(r.regs[4], 7);
	T_EQ_INT(r.has_uptime, 1);
	T_EQ_INT(r.uptime, 65580);
	/* one byte short: wait for more */
	drv_find("modbus")->reply(&d, &f, rx, n - 1, &r);
	T_EQ_INT(r.v, DRV_MORE);
}

static void
modbus_reply_skips_garbage_and_checks_crc(void)
{
	struct drv_frame req;
	struct drv_reply r;
	size_t n;
	const uint8_t *rx;
	uint16_t regs[6] = { 0 };

	mb_write_multiple(3, 0x0010, 6, regs, &req);
	rx = hex("FF 00 03 10 03 10 00 10 00 06 40 2C", &n);
	mb_reply(&req, rx, n, &r);
	T_EQ_INT(r.v, DRV_ACK);
	rx = hex("03 10 00 10 00 06 40 2D", &n);	/* CRC off by one */
	mb_reply(&req, rx, n, &r);
	T_EQ_INT(r.v, DRV_MORE);
	rx = hex("03 10 00 11 00 06 11 EC", &n);	/* echoes another address */
	mb_reply(&req, rx, n, &r);
	T_EQ_INT(r.v, DRV_MORE);
	rx = hex("02 10 00 10 00 06 40 2C", &n);	/* another unit */
	mb_reply(&req, rx, n, &r);
	T_EQ_INT(r.v, DRV_MORE);
}

static void
modbus_exception_is_a_nak_with_its_code(void)
{
	struct drv_frame req;
	struct drv_reply r;
	size_t n;
	const uint8_t *rx;

	mb_read(1, MB_FC_READ_HOLDING, 0, 1, &req);
	rx = hex("01 83 02 C0 F1", &n);
	mb_reply(&req, rx, n, &r);
	T_EQ_INT(r.v, DRV_NAK);
	T_EQ_INT(r.code, 2);
	T_EQ_STR(mb_exception_name(r.code), "illegal address");
	mb_write_multiple(3, 0x0010, 1, (uint16_t[]){ 0 }, &req);
	rx = hex("03 90 04 EC 03", &n);
	mb_reply(&req, rx, n, &r);
	T_EQ_INT(r.v, DRV_NAK);
	T_EQ_INT(r.code, 4);
	T_EQ_STR(mb_exception_name(6), "busy");
}

static void
modbus_broadcast_expects_no_reply(void)
{
	struct drv_frame f;

	T_EQ_INT(mb_write_single(0, 0x0000, 1, &f), 0);
	T_EQ_INT(f.reply, 0);
	T_CHECK(mb_write_single(248, 0, 1, &f) < 0, "unit 248 refused");
	T_CHECK(mb_write_multiple(1, 0, 124, (uint16_t[124]){ 0 }, &f) < 0, "124 registers refused");
}

static void
alpha_text_example_is_byte_exact(void)
{
	struct drv_frame f;

	T_EQ_INT(alpha_write_text('Z', 0, 'A', ALPHA_POS_MIDDLE, ALPHA_MODE_HOLD, "A001", &f), 0);
	T_EQ_HEX(&f, "00 00 00 00 00 01 5A 30 30 02 41 41 1B 20 62 41 30 30 31 03 30 31 46 36 04");
	T_EQ_INT(f.len, 25);
	T_EQ_INT(alpha_sum(f.b + 9, 11), 0x01F6);
}

static void
alpha_string_update_falls_back_to_ascii(void)
{
	struct drv_disp d = disp(0, DRV_PROFILE_ALPHA, 1, 16, "ASCII");
	struct drv_view v;
	struct drv_job job;
	char err[128];

	memset(&v, 0, sizeof v);
	v.mode = DRV_MODE_CALLING;
	v.nlines = 1;
	view_call_line("A001", "3", &v.line[0]);
	T_EQ_INT(drv_find("alpha")->state(&d, &v, 0, &job, err, sizeof err), 0);
	T_EQ_INT(job.n, 1);
	T_EQ_HEX(&job.f[0], "00 00 00 00 00 01 5A 30 30 02 47 31 41 30 30 31 20 2D 3E 20 33 03 "
	    "30 32 32 44 04");
	T_EQ_INT(job.f[0].reply, 0);
}

static void
alpha_full_state_configures_memory_and_text_file(void)
{
	struct drv_disp d = disp(1, DRV_PROFILE_ALPHA, 2, 16, "ASCII");
	struct drv_view v;
	struct drv_job job;
	char err[128];

	d.ack = 1;
	memset(&v, 0, sizeof v);
	v.mode = DRV_MODE_IDLE;
	v.nlines = 1;
	drv_line_add(&v.line[0], "欢迎光临");
	drv_line_add(&v.line[0], "Welcome");
	T_EQ_INT(drv_find("alpha")->state(&d, &v, 1, &job, err, sizeof err), 0);
	T_EQ_INT(job.n, 5);	/* E s1, E$, A, G 1, G 2 */
	T_EQ_INT(job.f[0].b[10], 'E');
	T_EQ_INT(job.f[0].reply, 0);
	T_EQ_MEM(job.f[1].b + 10, 24, "E$AAU0100FF001BL007D0000", 24);
	T_EQ_MEM(job.f[2].b + 10, 12, "AA\x1b\x22\x62\x10" "1\x1b\x26\x62\x10" "2", 12);
	T_EQ_MEM(job.f[3].b + 10, 9, "G1Welcome", 9);
	T_EQ_MEM(job.f[4].b + 10, 3, "G2 ", 3);
	T_EQ_INT(job.f[4].reply, 1);
}

static void
alpha_ack_and_nak_are_parsed(void)
{
	struct drv_reply r;

	alpha_reply((const uint8_t *)"\x06\x30", 2, &r);
	T_EQ_INT(r.v, DRV_ACK);
	alpha_reply((const uint8_t *)"\x00\x15\x31", 3, &r);
	T_EQ_INT(r.v, DRV_NAK);
	T_EQ_INT(r.code, 0x31);
	alpha_reply((const uint8_t *)"\x06", 1, &r);
	T_EQ_INT(r.v, DRV_MORE);
}

static void
text_gb18030_keeps_hanzi_and_ascii_drops_them(void)
{
	char out[64];
	struct drv_line l;
	struct drv_disp g = disp(1, DRV_PROFILE_DISPLAY, 1, 20, "GB18030");
	struct drv_disp a = disp(1, DRV_PROFILE_ALPHA, 1, 20, "ASCII");
	size_t n;

	view_call_line("A001", "3", &l);
	n = drv_line_pick(&g, &l, out, sizeof out);
	T_EQ_MEM(out, n, "\xc7\xeb" "A001" "\xba\xc5\xb5\xbd" "3" "\xba\xc5\xb4\xb0\xbf\xda", 17);
	n = drv_line_pick(&a, &l, out, sizeof out);
	T_EQ_STR(out, "A001 -> 3");
	T_EQ_INT(n, 9);
	T_EQ_INT(text_encode("ASCII", "A\x01", out, sizeof out), -1);
	T_EQ_INT(text_encode("NO-SUCH-CHARSET", "A", out, sizeof out), -3);
	T_EQ_INT(text_encode("UTF-8", "ABCDEF", out, 4), -2);
	T_EQ_INT(utf8_width("请A001号"), 8);
}

static void
text_too_wide_is_cut_at_a_character(void)
{
	char out[64];
	struct drv_line l;
	struct drv_disp d = disp(1, DRV_PROFILE_DISPLAY, 1, 3, "UTF-8");

	memset(&l, 0, sizeof l);
	drv_line_add(&l, "请到窗口");
	drv_line_pick(&d, &l, out, sizeof out);
	T_EQ_STR(out, "请");	/* 2 cells fit in 3, the next hanzi does not */
	d.width = 0;
	memset(&l, 0, sizeof l);
	drv_line_add(&l, "暂停服务");
	snprintf(d.charset, sizeof d.charset, "ASCII");
	drv_line_pick(&d, &l, out, sizeof out);
	T_EQ_STR(out, "????");	/* nothing plainer offered: lossy */
}

int
main(void)
{
	T_RUN(crc_check_value_of_123456789_is_4b37);
	T_RUN(led485_shows_999_on_unit_1);
	T_RUN(modbus_read_frames_match_known_vectors);
	T_RUN(display_profile_writes_lines_then_seq_and_mode);
	T_RUN(display_profile_heartbeat_reads_input_registers_0_to_9);
	T_RUN(modbus_reply_skips_garbage_and_checks_crc);
	T_RUN(modbus_exception_is_a_nak_with_its_code);
	T_RUN(modbus_broadcast_expects_no_reply);
	T_RUN(alpha_text_example_is_byte_exact);
	T_RUN(alpha_string_update_falls_back_to_ascii);
	T_RUN(alpha_full_state_configures_memory_and_text_file);
	T_RUN(alpha_ack_and_nak_are_parsed);
	T_RUN(text_gb18030_keeps_hanzi_and_ascii_drops_them);
	T_RUN(text_too_wide_is_cut_at_a_character);
	return t_done();
}
