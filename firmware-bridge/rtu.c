/* rtu.c — Modbus RTU master: frame building and answer checking, and the "modbus" driver
 * for our display profile and the LED-485 numeric boards. Pure: no I/O, no clock. */
#include <stdio.h>
#include <string.h>

#include "common/crc16.h"
#include "rtu.h"

static void
mb_seal(struct drv_frame *f, int unit)
{
	uint16_t crc = crc16_modbus(CRC16_INIT, f->b, f->len);

	f->b[f->len++] = (uint8_t)(crc & 0xFF);
	f->b[f->len++] = (uint8_t)(crc >> 8);
	f->reply = unit != 0;
}

static int
mb_unit_ok(int unit)
{
	return unit >= 0 && unit <= 247;
}

/* Every request we send starts the same: unit, function, a register and one more 16-bit
 * word (the value written, or the count of registers), big-endian. */
static void
mb_begin(struct drv_frame *f, int unit, int fc, uint16_t reg, uint16_t word)
{
	f->len = 0;
	f->b[f->len++] = (uint8_t)unit;
	f->b[f->len++] = (uint8_t)fc;
	f->b[f->len++] = (uint8_t)(reg >> 8);
	f->b[f->len++] = (uint8_t)reg;
	f->b[f->len++] = (uint8_t)(word >> 8);
	f->b[f->len++] = (uint8_t)word;
}

int
mb_write_single(int unit, uint16_t reg, uint16_t val, struct drv_frame *f)
{
	if (!mb_unit_ok(unit))
		return -1;
	mb_begin(f, unit, MB_FC_WRITE_SINGLE, reg, val);
	mb_seal(f, unit);
	return 0;
}

int
mb_write_multiple(int unit, uint16_t reg, int n, const uint16_t *vals, struct drv_frame *f)
{
	if (!mb_unit_ok(unit) || n < 1 || n > MB_WRITE_MAX)
		return -1;
	mb_begin(f, unit, MB_FC_WRITE_MULTIPLE, reg, (uint16_t)n);
	f->b[f->len++] = (uint8_t)(2 * n);
	for (int i = 0; i < n; i++) {
		f->b[f->len++] = (uint8_t)(vals[i] >> 8);
		f->b[f->len++] = (uint8_t)vals[i];
	}
	mb_seal(f, unit);
	return 0;
}

int
mb_read(int unit, int fc, uint16_t reg, int n, struct drv_frame *f)
{
	if (unit < 1 || unit > 247 || n < 1 || n > MB_READ_MAX ||
	    (fc != MB_FC_READ_HOLDING && fc != MB_FC_READ_INPUT))
		return -1;
	mb_begin(f, unit, fc, reg, (uint16_t)n);
	mb_seal(f, unit);
	return 0;
}

int
mb_text_regs(const char *bytes, size_t len, uint16_t *regs)
{
	uint8_t buf[2 * MB_LINE_REGS];
	int n;

	if (len > sizeof buf - 1)
		len = sizeof buf - 1;
	memset(buf, 0, sizeof buf);
	memcpy(buf, bytes, len);
	n = (int)(len + 1 + 1) / 2;	/* the text, its NUL, rounded up */
	for (int i = 0; i < n; i++)
		regs[i] = (uint16_t)(buf[2 * i] << 8 | buf[2 * i + 1]);
	return n;
}

static int
mb_crc_ok(const uint8_t *p, size_t n)
{
	uint16_t crc = crc16_modbus(CRC16_INIT, p, n - 2);

	return p[n - 2] == (crc & 0xFF) && p[n - 1] == (crc >> 8);
}

void
mb_reply(const struct drv_frame *req, const uint8_t *rx, size_t len, struct drv_reply *r)
{
	uint8_t unit = req->b[0], fc = req->b[1];
	size_t need;

	memset(r, 0, sizeof *r);
	r->v = DRV_MORE;
	for (size_t i = 0; i + 2 <= len; i++) {
		const uint8_t *p = rx + i;
		size_t left = len - i;

		if (p[0] != unit)
			continue;
		if (p[1] == (fc | 0x80)) {
			if (left < 5 || !mb_crc_ok(p, 5))
				continue;
			r->v = DRV_NAK;
			r->code = p[2];
			return;
		}
		if (p[1] != fc)
			continue;
		switch (fc) {
		case MB_FC_WRITE_SINGLE:
			if (left < 8 || !mb_crc_ok(p, 8) || memcmp(p, req->b, 6) != 0)
				continue;
			r->v = DRV_ACK;
			return;
		case MB_FC_WRITE_MULTIPLE:
			if (left < 8 || !mb_crc_ok(p, 8) || memcmp(p + 2, req->b + 2, 4) != 0)
				continue;
			r->v = DRV_ACK;
			return;
		case MB_FC_READ_HOLDING:
		case MB_FC_READ_INPUT:
			if (left < 3)
				continue;
			need = 5 + (size_t)p[2];
			if (p[2] != 2 * req->b[5] || left < need || !mb_crc_ok(p, need))
				continue;
			r->v = DRV_ACK;
			r->nregs = p[2] / 2 > DRV_REGS_MAX ? DRV_REGS_MAX : p[2] / 2;
			for (int k = 0; k < r->nregs; k++)
				r->regs[k] = (uint16_t)(p[3 + 2 * k] << 8 | p[4 + 2 * k]);
			return;
		}
	}
}

const char *
mb_exception_name(int code)
{
	static const char *const names[] = {
		NULL, "illegal function", "illegal address", "illegal value",
		"device failure", "acknowledge", "busy"
	};

	if (code > 0 && code < (int)(sizeof names / sizeof names[0]))
		return names[code];
	return "unknown exception";
}

/* The "modbus" driver. */

static int
mbd_check(const struct drv_disp *d, char *err, size_t errlen)
{
	if (!mb_unit_ok(d->addr)) {
		snprintf(err, errlen, "Modbus unit %d out of range 0-247", d->addr);
		return -1;
	}
	if (d->profile == DRV_PROFILE_DISPLAY && (d->lines < 1 || d->lines > 2)) {
		snprintf(err, errlen, "the display profile has 1 or 2 lines, not %d", d->lines);
		return -1;
	}
	if (d->profile != DRV_PROFILE_DISPLAY && d->profile != DRV_PROFILE_LED485) {
		snprintf(err, errlen, "the modbus driver speaks the display and led485 profiles");
		return -1;
	}
	return 0;
}

static int
mbd_state(const struct drv_disp *d, const struct drv_view *v, int full, struct drv_job *job,
    char *err, size_t errlen)
{
	uint16_t regs[MB_LINE_REGS], head[5];
	char text[DRV_TEXT_MAX];
	size_t len;
	int n;

	(void)full;	/* every write is the full state already */
	job->n = 0;
	if (d->profile == DRV_PROFILE_LED485) {
		long val = v->mode == DRV_MODE_CALLING || v->mode == DRV_MODE_IDLE ? v->value : 0;

		if (val < -32768 || val > 32767)
			val = 0;
		if (mb_write_single(d->addr, 0x0000, (uint16_t)(int16_t)val, &job->f[0]) < 0)
			goto bad;
		job->n = 1;
		return 0;
	}
	/* Lines first, then CMD_SEQ+MODE+EFFECT+BRIGHTNESS+FLAGS: the board changes once the
	 * text is in place. */
	for (int l = 0; l < 2; l++) {
		if (l < v->nlines && l < d->lines && v->mode != DRV_MODE_BLANK)
			len = drv_line_pick(d, &v->line[l], text, sizeof text);
		else
			len = 0;
		n = mb_text_regs(text, len, regs);
		if (mb_write_multiple(d->addr, l == 0 ? MB_REG_LINE1 : MB_REG_LINE2, n, regs,
		    &job->f[job->n]) < 0)
			goto bad;
		job->n++;
	}
	head[0] = (uint16_t)v->seq;
	head[1] = (uint16_t)v->mode;
	head[2] = (uint16_t)(v->mode == DRV_MODE_CALLING ? d->flashes : 0);
	head[3] = (uint16_t)d->brightness;
	head[4] = (uint16_t)(d->beep ? 1 : 0);
	if (mb_write_multiple(d->addr, MB_REG_CMD_SEQ, 5, head, &job->f[job->n]) < 0)
		goto bad;
	job->n++;
	return 0;
bad:
	snprintf(err, errlen, "cannot encode a frame for unit %d", d->addr);
	job->n = 0;
	return -1;
}

static int
mbd_heartbeat(const struct drv_disp *d, struct drv_frame *f)
{
	if (d->profile == DRV_PROFILE_LED485)
		return mb_read(d->addr, MB_FC_READ_HOLDING, 0x0000, 1, f);
	return mb_read(d->addr, MB_FC_READ_INPUT, 0x0000, MB_IN_HEARTBEAT_N, f);
}

static void
mbd_reply(const struct drv_disp *d, const struct drv_frame *req, const uint8_t *rx,
    size_t len, struct drv_reply *r)
{
	mb_reply(req, rx, len, r);
	if (r->v == DRV_ACK && d->profile == DRV_PROFILE_DISPLAY &&
	    req->b[1] == MB_FC_READ_INPUT && r->nregs >= 7) {
		r->has_uptime = 1;
		r->uptime = (unsigned long)r->regs[5] << 16 | r->regs[6];
	}
}

const struct drv drv_modbus = {
	.name = "modbus",
	.framing = "8N1",
	.check = mbd_check,
	.state = mbd_state,
	.heartbeat = mbd_heartbeat,
	.reply = mbd_reply,
	.nak_reason = mb_exception_name,
};
