/* regs.c — the display profile's register map: reads, checked writes, the clock's arithmetic. */
#include <string.h>

#include "regs.h"

#define A_CMD_SEQ	0x0000
#define A_RESERVED_END	0x000F
#define A_LINE1		0x0010
#define A_LINE2		0x0050
#define A_LINES_END	0x008F
#define A_CLOCK		0x0100
#define A_CFG		0x0F00
#define N_INPUT		10

static const uint32_t regs_bauds[] = {
	0, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200
};

uint32_t
regs_baud(uint8_t code)
{
	if (code == 0 || code >= sizeof regs_bauds / sizeof regs_bauds[0])
		return 0;
	return regs_bauds[code];
}

void
regs_init(struct regs *r, uint8_t unit, uint8_t baud_code, uint16_t width, uint16_t height)
{
	memset(r, 0, sizeof *r);
	r->unit = unit;
	r->baud_code = baud_code;
	r->brightness = 100;
	r->width = width;
	r->height = height;
	r->clock[0] = 0x0001;	/* 2000-01-01 00:00:00 until someone sets it */
	r->clock[1] = 0x0100;
}

/* ---- the clock: BCD registers plus seconds elapsed since they were written ---- */

static int
bcd(uint8_t v, int max)
{
	int hi = v >> 4, lo = v & 15;

	if (hi > 9 || lo > 9 || hi * 10 + lo > max)
		return -1;
	return hi * 10 + lo;
}

static uint8_t
tobcd(int v)
{
	return (uint8_t)(((v / 10) << 4) | (v % 10));
}

static int
month_days(int y, int m)
{
	static const uint8_t days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && y % 4 == 0)	/* 2000-2099: every fourth year */
		return 29;
	return days[m - 1];
}

/* Is the value legal for clock register i? */
static int
clock_ok(int i, uint16_t v)
{
	int a = bcd(v >> 8, 99), b = bcd(v & 0xff, 99);

	switch (i) {
	case 0:
		return a >= 0 && b >= 1 && b <= 12;
	case 1:
		return a >= 1 && a <= 31 && b >= 0 && b <= 23;
	default:
		return a >= 0 && a <= 59 && b >= 0 && b <= 59;
	}
}

void
regs_clock_now(const struct regs *r, uint16_t out[3])
{
	int	 y, mo, d, h, mi, s;
	uint32_t add = r->uptime_s - r->clock_base_s, days;

	y = bcd(r->clock[0] >> 8, 99);
	mo = bcd(r->clock[0] & 0xff, 12);
	d = bcd(r->clock[1] >> 8, 31);
	h = bcd(r->clock[1] & 0xff, 23);
	mi = bcd(r->clock[2] >> 8, 59);
	s = bcd(r->clock[2] & 0xff, 59);
	if (y < 0 || mo < 1 || d < 1 || h < 0 || mi < 0 || s < 0) {
		memcpy(out, r->clock, sizeof r->clock);
		return;
	}
	add += (uint32_t)(s + 60 * mi + 3600 * h);
	days = add / 86400;
	add %= 86400;
	h = (int)(add / 3600);
	mi = (int)(add / 60 % 60);
	s = (int)(add % 60);
	if (d > month_days(y, mo))
		d = month_days(y, mo);
	while (days-- > 0) {
		if (++d > month_days(y, mo)) {
			d = 1;
			if (++mo > 12) {
				mo = 1;
				y = (y + 1) % 100;
			}
		}
	}
	out[0] = (uint16_t)(tobcd(y) << 8 | tobcd(mo));
	out[1] = (uint16_t)(tobcd(d) << 8 | tobcd(h));
	out[2] = (uint16_t)(tobcd(mi) << 8 | tobcd(s));
}

/* ---- reads ---- */

static int
hold_get(const struct regs *r, uint16_t a, const uint16_t clk[3], uint16_t *v)
{
	const uint8_t *p;

	if (a <= A_RESERVED_END) {
		const uint16_t *f[] = {
			&r->cmd_seq, &r->mode, &r->effect, &r->brightness, &r->flags
		};
		*v = a < sizeof f / sizeof f[0] ? *f[a] : 0;
		return 0;
	}
	if (a >= A_LINE1 && a <= A_LINES_END) {
		p = &r->line[0][0] + (a - A_LINE1) * 2;
		*v = (uint16_t)(p[0] << 8 | p[1]);
		return 0;
	}
	if (a >= A_CLOCK && a < A_CLOCK + 3) {
		*v = clk[a - A_CLOCK];
		return 0;
	}
	switch (a) {
	case A_CFG:
		*v = r->unit;
		return 0;
	case A_CFG + 1:
		*v = r->baud_code;
		return 0;
	case A_CFG + 2:
		*v = 0;
		return 0;
	}
	return REGS_EX_ADDRESS;
}

int
regs_read_holding(const struct regs *r, uint16_t addr, uint16_t n, uint8_t *be)
{
	uint16_t clk[3], i, v;

	regs_clock_now(r, clk);
	for (i = 0; i < n; i++)
		if ((uint32_t)addr + i > 0xffff || hold_get(r, (uint16_t)(addr + i), clk, &v))
			return REGS_EX_ADDRESS;
	for (i = 0; i < n; i++) {
		hold_get(r, (uint16_t)(addr + i), clk, &v);
		be[2 * i] = (uint8_t)(v >> 8);
		be[2 * i + 1] = (uint8_t)v;
	}
	return 0;
}

int
regs_read_input(const struct regs *r, uint16_t addr, uint16_t n, uint8_t *be)
{
	uint16_t in[N_INPUT], i;

	if ((uint32_t)addr + n > N_INPUT)
		return REGS_EX_ADDRESS;
	in[0] = REGS_PROFILE;
	in[1] = REGS_MODEL;
	in[2] = REGS_FW_VERSION;
	in[3] = r->status;
	in[4] = r->seq_applied;
	in[5] = (uint16_t)(r->uptime_s >> 16);
	in[6] = (uint16_t)r->uptime_s;
	in[7] = r->bad_crc;
	in[8] = r->width;
	in[9] = r->height;
	for (i = 0; i < n; i++) {
		be[2 * i] = (uint8_t)(in[addr + i] >> 8);
		be[2 * i + 1] = (uint8_t)in[addr + i];
	}
	return 0;
}

/* ---- writes: check everything, then store ---- */

static int
hold_check(uint16_t a, uint16_t v, int keyed)
{
	if (a <= A_LINES_END) {
		if (a == 1 && v > REGS_MODE_BLANK)
			return REGS_EX_VALUE;
		if (a == 3 && v > 100)
			return REGS_EX_VALUE;
		return 0;
	}
	if (a >= A_CLOCK && a < A_CLOCK + 3)
		return clock_ok(a - A_CLOCK, v) ? 0 : REGS_EX_VALUE;
	switch (a) {
	case A_CFG:
		if (v < 1 || v > 247 || !keyed)
			return REGS_EX_VALUE;
		return 0;
	case A_CFG + 1:
		if (regs_baud((uint8_t)(v > 255 ? 0 : v)) == 0 || !keyed)
			return REGS_EX_VALUE;
		return 0;
	case A_CFG + 2:
		return 0;
	}
	return REGS_EX_ADDRESS;
}

int
regs_write(struct regs *r, uint16_t addr, uint16_t n, const uint8_t *be)
{
	uint16_t i, a, v, clk[3];
	int	 keyed = r->unlocked, ex, did = 0;

	if (n == 0 || (uint32_t)addr + n > 0x10000)
		return -REGS_EX_ADDRESS;
	/* The key may come in the same frame as the values it unlocks. */
	if (addr <= A_CFG + 2 && (uint32_t)addr + n > A_CFG + 2 &&
	    (uint16_t)(be[(A_CFG + 2 - addr) * 2] << 8 | be[(A_CFG + 2 - addr) * 2 + 1]) ==
	    REGS_UNLOCK_KEY)
		keyed = 1;
	/* Address errors outrank value errors, as in the Modbus specification. */
	for (i = 0; i < n; i++)
		if (hold_check((uint16_t)(addr + i), 0xffff, 1) == REGS_EX_ADDRESS)
			return -REGS_EX_ADDRESS;
	for (i = 0; i < n; i++) {
		v = (uint16_t)(be[2 * i] << 8 | be[2 * i + 1]);
		if ((ex = hold_check((uint16_t)(addr + i), v, keyed)) != 0)
			return -ex;
	}

	regs_clock_now(r, clk);
	for (i = 0; i < n; i++) {
		a = (uint16_t)(addr + i);
		v = (uint16_t)(be[2 * i] << 8 | be[2 * i + 1]);
		if (a == A_CMD_SEQ) {
			if (v != r->seq_applied)
				did |= REGS_DID_ACTION;
			r->cmd_seq = v;
			r->seq_applied = v;
		} else if (a <= 4) {
			uint16_t *f[] = { NULL, &r->mode, &r->effect, &r->brightness, &r->flags };
			*f[a] = v;
			did |= REGS_DID_SHOW;
		} else if (a >= A_LINE1 && a <= A_LINES_END) {
			uint8_t *p = &r->line[0][0] + (a - A_LINE1) * 2;
			p[0] = (uint8_t)(v >> 8);
			p[1] = (uint8_t)v;
			did |= REGS_DID_SHOW;
		} else if (a >= A_CLOCK && a < A_CLOCK + 3) {
			clk[a - A_CLOCK] = v;
			did |= REGS_DID_CLOCK;
		} else if (a == A_CFG) {
			if (r->unit != v)
				did |= REGS_DID_CONFIG;
			r->unit = (uint8_t)v;
		} else if (a == A_CFG + 1) {
			if (r->baud_code != v)
				did |= REGS_DID_CONFIG;
			r->baud_code = (uint8_t)v;
		} else if (a == A_CFG + 2)
			r->unlocked = v == REGS_UNLOCK_KEY;
	}
	if (did & REGS_DID_CLOCK) {
		memcpy(r->clock, clk, sizeof clk);
		r->clock_base_s = r->uptime_s;
		r->clock_set = 1;
	}
	if (did & REGS_DID_CONFIG)
		r->unlocked = 0;
	return did;
}
