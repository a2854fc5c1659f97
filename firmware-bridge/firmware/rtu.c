/* rtu.c — Modbus RTU frame delimiting: inter-frame gaps, early completion of our requests,
 * recovery of a request preceded by garbage with no gap. */
#include <string.h>

#include "../common/crc16.h"
#include "rtu.h"

void
rtu_init(struct rtu *r, uint32_t baud, uint8_t unit, uint8_t strict)
{
	memset(r, 0, sizeof *r);
	r->unit = unit;
	r->strict = strict;
	rtu_set_baud(r, baud);
}

void
rtu_set_baud(struct rtu *r, uint32_t baud)
{
	if (baud == 0)
		baud = 9600;
	if (baud > 19200) {
		r->t15_us = 750;
		r->t35_us = 1750;
	} else {
		/* 11 bits a character: 1.5 and 3.5 characters, rounded up. */
		r->t15_us = (uint32_t)((16500000UL + baud - 1) / baud);
		r->t35_us = (uint32_t)((38500000UL + baud - 1) / baud);
	}
}

int
rtu_request_len(const uint8_t *p, size_t len)
{
	if (len < 2)
		return 0;
	switch (p[1]) {
	case 0x03:
	case 0x04:
	case 0x06:
		return 8;
	case 0x10:
		if (len < 7)
			return 0;
		return 9 + p[6];
	default:
		return -1;
	}
}

static int
rtu_crc_ok(const uint8_t *p, size_t len)
{
	uint16_t crc;

	if (len < 4)
		return 0;
	crc = crc16_modbus(CRC16_INIT, p, len - 2);
	return p[len - 2] == (crc & 0xff) && p[len - 1] == (crc >> 8);
}

static int
rtu_for_us(const struct rtu *r, uint8_t addr)
{
	return addr == r->unit || addr == 0;
}

/* Judge the bytes received between two gaps. */
static int
rtu_close(struct rtu *r)
{
	uint16_t len = r->len, i;
	int	 want;

	r->len = 0;
	if (r->broken == 2) {
		r->broken = 0;
		return RTU_OVERRUN;
	}
	if (len < 4) {
		r->broken = 0;
		return RTU_RUNT;
	}
	if (r->broken) {
		r->broken = 0;
		return RTU_BROKEN;
	}
	if (rtu_crc_ok(r->buf, len)) {
		r->off = 0;
		r->flen = len;
		r->done = 1;
		return RTU_FRAME;
	}
	/* Garbage glued to the front of a request: look for one of ours that ends exactly here. */
	for (i = 1; i + 8 <= len; i++) {
		if (!rtu_for_us(r, r->buf[i]))
			continue;
		want = rtu_request_len(r->buf + i, len - i);
		if (want == (int)(len - i) && rtu_crc_ok(r->buf + i, (size_t)want)) {
			memmove(r->buf, r->buf + i, (size_t)want);
			r->off = 0;
			r->flen = (uint16_t)want;
			r->done = 1;
			return RTU_FRAME;
		}
	}
	return RTU_BAD_CRC;
}

/* A byte that arrived while buf still holds a completed frame waits here for the next call. */
static void
rtu_unhold(struct rtu *r)
{
	r->done = 0;
	if (!r->held)
		return;
	r->held = 0;
	r->buf[0] = r->held_byte;
	r->len = 1;
}

int
rtu_feed(struct rtu *r, uint8_t byte, uint32_t now_us)
{
	uint32_t gap;
	int	 verdict = RTU_NONE, want;

	rtu_unhold(r);
	gap = now_us - r->last_us;
	if (r->len > 0 && gap >= r->t35_us)
		verdict = rtu_close(r);
	else if (r->len > 0 && gap > r->t15_us && r->strict && !r->broken)
		r->broken = 1;
	r->last_us = now_us;

	if (verdict == RTU_FRAME) {
		r->held = 1;
		r->held_byte = byte;
		return verdict;
	}
	if (r->len >= RTU_MAX) {
		r->broken = 2;
		return verdict;
	}
	r->buf[r->len++] = byte;

	if (verdict == RTU_NONE && !r->broken && rtu_for_us(r, r->buf[0])) {
		want = rtu_request_len(r->buf, r->len);
		if (want > 0 && want == (int)r->len && rtu_crc_ok(r->buf, r->len)) {
			r->off = 0;
			r->flen = r->len;
			r->len = 0;
			r->done = 1;
			return RTU_FRAME;
		}
	}
	return verdict;
}

int
rtu_poll(struct rtu *r, uint32_t now_us)
{
	rtu_unhold(r);
	if (r->len == 0 || now_us - r->last_us < r->t35_us)
		return RTU_NONE;
	return rtu_close(r);
}

uint8_t *
rtu_frame(struct rtu *r, size_t *len)
{
	if (!r->done) {
		*len = 0;
		return NULL;
	}
	*len = r->flen;
	return r->buf + r->off;
}

uint32_t
rtu_wait_us(const struct rtu *r, uint32_t now_us)
{
	uint32_t gap;

	if (r->len == 0 && !r->held)
		return 0;
	gap = now_us - r->last_us;
	return gap >= r->t35_us ? 1 : r->t35_us - gap;
}
