/* test_rtu.c — the slave's frame delimiter against good, corrupted, truncated, interleaved and
 * glued frames, with the line's timing driven by explicit timestamps. */
#include <stdint.h>
#include <string.h>

#include "../../firmware-bridge/common/crc16.h"
#include "../lib/t.h"
#include "rtu.h"

#define T35	4011u	/* 3.5 characters at 9600 baud, 11 bits each */
#define BYTE	1146u	/* one character at 9600 */

static struct rtu r;
static uint32_t now;

/* A request with its CRC appended; returns its length. */
static size_t
frame(uint8_t *out, const uint8_t *body, size_t n)
{
	uint16_t crc = crc16_modbus(CRC16_INIT, body, n);

	memcpy(out, body, n);
	out[n] = (uint8_t)crc;
	out[n + 1] = (uint8_t)(crc >> 8);
	return n + 2;
}

static const uint8_t read1[] = { 0x01, 0x03, 0x00, 0x00, 0x00, 0x01 };	/* 01 03 00 00 00 01 84 0A */
static const uint8_t write16[] = { 0x01, 0x10, 0x00, 0x01, 0x00, 0x02, 0x04, 0x00, 0x01, 0x41,
	0x30 };
static const uint8_t other[] = { 0x07, 0x03, 0x00, 0x00, 0x00, 0x0a };

/* Feed bytes one character apart; returns the last non-NONE verdict and counts FRAMEs. */
static int
feed(const uint8_t *p, size_t n, int *frames, uint8_t *got, size_t *glen)
{
	int	 v, last = RTU_NONE;
	size_t	 i, len;
	uint8_t	*f;

	for (i = 0; i < n; i++) {
		v = rtu_feed(&r, p[i], now);
		now += BYTE;
		if (v != RTU_NONE)
			last = v;
		if (v == RTU_FRAME) {
			(*frames)++;
			f = rtu_frame(&r, &len);
			if (got != NULL) {
				memcpy(got, f, len);
				*glen = len;
			}
		}
	}
	return last;
}

static int
gap(int *frames, uint8_t *got, size_t *glen)
{
	int	 v;
	size_t	 len;
	uint8_t	*f;

	now += T35;
	v = rtu_poll(&r, now);
	if (v == RTU_FRAME) {
		(*frames)++;
		f = rtu_frame(&r, &len);
		if (got != NULL) {
			memcpy(got, f, len);
			*glen = len;
		}
	}
	return v;
}

static void
setup(void)
{
	rtu_init(&r, 9600, 1, 0);
	now = 1000000;
}

static void
known_crc_vector_matches(void)
{
	uint8_t f[8];

	frame(f, read1, sizeof read1);
	T_EQ_INT(f[6], 0x84);
	T_EQ_INT(f[7], 0x0A);
	T_EQ_INT(crc16_modbus(CRC16_INIT, (const uint8_t *)"123456789", 9), 0x4B37);
}

static void
gap_times_follow_the_baud(void)
{
	rtu_init(&r, 9600, 1, 0);
	T_EQ_INT(r.t35_us, T35);
	T_EQ_INT(r.t15_us, 1719);
	rtu_init(&r, 19200, 1, 0);
	T_EQ_INT(r.t35_us, 2006);
	rtu_init(&r, 115200, 1, 0);
	T_EQ_INT(r.t35_us, 1750);
	T_EQ_INT(r.t15_us, 750);
}

static void
our_request_completes_at_its_last_byte(void)
{
	uint8_t	 f[16], got[RTU_MAX];
	size_t	 n = frame(f, read1, sizeof read1), glen = 0;
	int	 frames = 0;

	setup();
	T_EQ_INT(feed(f, n - 1, &frames, NULL, NULL), RTU_NONE);
	T_EQ_INT(feed(f + n - 1, 1, &frames, got, &glen), RTU_FRAME);
	T_EQ_MEM(got, glen, f, n);
	T_EQ_INT(gap(&frames, NULL, NULL), RTU_NONE);	/* nothing left over */
	T_EQ_INT(frames, 1);
}

static void
write_multiple_completes_by_its_byte_count(void)
{
	uint8_t	 f[32], got[RTU_MAX];
	size_t	 n = frame(f, write16, sizeof write16), glen = 0;
	int	 frames = 0;

	setup();
	T_EQ_INT(feed(f, n, &frames, got, &glen), RTU_FRAME);
	T_EQ_MEM(got, glen, f, n);
}

static void
other_units_frame_waits_for_the_gap(void)
{
	uint8_t	 f[16], got[RTU_MAX];
	size_t	 n = frame(f, other, sizeof other), glen = 0;
	int	 frames = 0;

	setup();
	T_EQ_INT(feed(f, n, &frames, NULL, NULL), RTU_NONE);
	T_EQ_INT(rtu_poll(&r, now + T35 - BYTE - 1), RTU_NONE);	/* 3.5 chars not yet over */
	T_CHECK(rtu_wait_us(&r, now) > 0, "a frame is pending");
	T_EQ_INT(gap(&frames, got, &glen), RTU_FRAME);
	T_EQ_MEM(got, glen, f, n);
	T_EQ_INT(rtu_wait_us(&r, now), 0);
}

static void
every_single_bit_flip_is_refused(void)
{
	uint8_t	 f[32], g[32];
	size_t	 n = frame(f, write16, sizeof write16), i;
	int	 b, frames = 0, bad = 0, v;

	for (i = 0; i < n; i++) {
		for (b = 0; b < 8; b++) {
			setup();
			memcpy(g, f, n);
			g[i] ^= (uint8_t)(1 << b);
			v = feed(g, n, &frames, NULL, NULL);
			if (v == RTU_NONE)
				v = gap(&frames, NULL, NULL);
			bad += v == RTU_BAD_CRC;
		}
	}
	T_EQ_INT(frames, 0);
	T_EQ_INT(bad, (int)n * 8);
}

static void
truncated_frame_is_dropped_and_the_next_one_read(void)
{
	uint8_t	 f[16], got[RTU_MAX];
	size_t	 n = frame(f, read1, sizeof read1), glen = 0;
	int	 frames = 0;

	setup();
	feed(f, 5, &frames, NULL, NULL);
	T_EQ_INT(gap(&frames, NULL, NULL), RTU_BAD_CRC);
	feed(f, 2, &frames, NULL, NULL);
	T_EQ_INT(gap(&frames, NULL, NULL), RTU_RUNT);
	T_EQ_INT(feed(f, n, &frames, got, &glen), RTU_FRAME);
	T_EQ_MEM(got, glen, f, n);
	T_EQ_INT(frames, 1);
}

static void
two_requests_without_a_gap_are_both_read(void)
{
	uint8_t	 f[64], got[RTU_MAX];
	size_t	 n1 = frame(f, read1, sizeof read1), n2, glen = 0;
	int	 frames = 0;

	n2 = frame(f + n1, write16, sizeof write16);
	setup();
	feed(f, n1 + n2, &frames, got, &glen);
	T_EQ_INT(frames, 2);
	T_EQ_MEM(got, glen, f + n1, n2);
}

static void
garbage_glued_before_a_request_is_skipped(void)
{
	uint8_t	 f[64], got[RTU_MAX];
	size_t	 n, glen = 0;
	int	 frames = 0;

	memcpy(f, "\xff\x00\x13\x37\x01\x03", 6);	/* noise, even one starting like ours */
	n = 6 + frame(f + 6, write16, sizeof write16);
	setup();
	T_EQ_INT(feed(f, n, &frames, NULL, NULL), RTU_NONE);
	T_EQ_INT(gap(&frames, got, &glen), RTU_FRAME);
	T_EQ_MEM(got, glen, f + 6, n - 6);
}

static void
other_units_request_glued_to_ours_still_finds_ours(void)
{
	uint8_t	 f[64], got[RTU_MAX];
	size_t	 n1 = frame(f, other, sizeof other), n2, glen = 0;
	int	 frames = 0;

	n2 = frame(f + n1, read1, sizeof read1);
	setup();
	feed(f, n1 + n2, &frames, NULL, NULL);
	T_EQ_INT(gap(&frames, got, &glen), RTU_FRAME);
	T_EQ_MEM(got, glen, f + n1, n2);
}

static void
frame_after_a_gap_keeps_its_first_byte(void)
{
	uint8_t	 f[16], g[16], got[RTU_MAX];
	size_t	 n1 = frame(f, other, sizeof other), n2 = frame(g, read1, sizeof read1), glen = 0;
	int	 frames = 0, v;
	uint8_t	*p;
	size_t	 len;

	setup();
	feed(f, n1, &frames, NULL, NULL);
	now += T35;
	/* The gap is noticed only when our first byte comes: the other frame is judged then. */
	v = rtu_feed(&r, g[0], now);
	T_EQ_INT(v, RTU_FRAME);
	p = rtu_frame(&r, &len);
	T_EQ_MEM(p, len, f, n1);
	now += BYTE;
	T_EQ_INT(feed(g + 1, n2 - 1, &frames, got, &glen), RTU_FRAME);
	T_EQ_MEM(got, glen, g, n2);
}

static void
strict_mode_refuses_a_pause_inside_a_frame(void)
{
	uint8_t	 f[16];
	size_t	 n = frame(f, read1, sizeof read1);
	int	 frames = 0;

	rtu_init(&r, 9600, 1, 1);
	now = 5;
	feed(f, 3, &frames, NULL, NULL);
	now += 2000;	/* 1.5 characters are 1719 us */
	feed(f + 3, n - 3, &frames, NULL, NULL);
	T_EQ_INT(frames, 0);
	T_EQ_INT(gap(&frames, NULL, NULL), RTU_BROKEN);

	rtu_init(&r, 9600, 1, 0);	/* lenient: USB adapters pause mid-frame */
	feed(f, 3, &frames, NULL, NULL);
	now += 2000;
	feed(f + 3, n - 3, &frames, NULL, NULL);
	T_EQ_INT(frames, 1);
}

static void
overlong_frame_is_dropped_then_recovers(void)
{
	uint8_t	 junk[300], f[16], got[RTU_MAX];
	size_t	 n = frame(f, read1, sizeof read1), glen = 0;
	int	 frames = 0;

	memset(junk, 0x55, sizeof junk);
	setup();
	feed(junk, sizeof junk, &frames, NULL, NULL);
	T_EQ_INT(gap(&frames, NULL, NULL), RTU_OVERRUN);
	T_EQ_INT(feed(f, n, &frames, got, &glen), RTU_FRAME);
	T_EQ_INT(frames, 1);
}

static void
clock_wrap_does_not_end_a_frame(void)
{
	uint8_t	 f[16];
	size_t	 n = frame(f, other, sizeof other);
	int	 frames = 0;

	rtu_init(&r, 9600, 1, 0);
	now = 0xffffffffu - 3 * BYTE;
	feed(f, n, &frames, NULL, NULL);	/* crosses 2^32 */
	T_EQ_INT(rtu_poll(&r, now), RTU_NONE);
	T_EQ_INT(gap(&frames, NULL, NULL), RTU_FRAME);
}

static void
broadcast_request_completes_early(void)
{
	uint8_t	 body[] = { 0x00, 0x06, 0x00, 0x03, 0x00, 0x32 }, f[16];
	size_t	 n = frame(f, body, sizeof body);
	int	 frames = 0;

	setup();
	T_EQ_INT(feed(f, n, &frames, NULL, NULL), RTU_FRAME);
}

static void
request_length_from_function_code(void)
{
	uint8_t p[8] = { 1, 0x10, 0, 0, 0, 3, 6, 0 };

	T_EQ_INT(rtu_request_len(p, 1), 0);
	T_EQ_INT(rtu_request_len(p, 6), 0);
	T_EQ_INT(rtu_request_len(p, 7), 15);
	p[1] = 0x03;
	T_EQ_INT(rtu_request_len(p, 2), 8);
	p[1] = 0x2b;
	T_EQ_INT(rtu_request_len(p, 2), -1);
}

int
main(void)
{
	T_RUN(known_crc_vector_matches);
	T_RUN(gap_times_follow_the_baud);
	T_RUN(our_request_completes_at_its_last_byte);
	T_RUN(write_multiple_completes_by_its_byte_count);
	T_RUN(other_units_frame_waits_for_the_gap);
	T_RUN(every_single_bit_flip_is_refused);
	T_RUN(truncated_frame_is_dropped_and_the_next_one_read);
	T_RUN(two_requests_without_a_gap_are_both_read);
	T_RUN(garbage_glued_before_a_request_is_skipped);
	T_RUN(other_units_request_glued_to_ours_still_finds_ours);
	T_RUN(frame_after_a_gap_keeps_its_first_byte);
	T_RUN(strict_mode_refuses_a_pause_inside_a_frame);
	T_RUN(overlong_frame_is_dropped_then_recovers);
	T_RUN(clock_wrap_does_not_end_a_frame);
	T_RUN(broadcast_request_completes_early);
	T_RUN(request_length_from_function_code);
	return t_done();
}
