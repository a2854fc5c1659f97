/* slave.c — Modbus function codes 03/04/06/16 and exception replies over the register map. */
#include "../common/crc16.h"
#include "slave.h"

#define MAX_READ	125
#define MAX_WRITE	123

static size_t
slave_seal(uint8_t *f, size_t len)
{
	uint16_t crc = crc16_modbus(CRC16_INIT, f, len);

	f[len] = (uint8_t)crc;
	f[len + 1] = (uint8_t)(crc >> 8);
	return len + 2;
}

static size_t
slave_exception(uint8_t *f, int code)
{
	f[1] |= 0x80;
	f[2] = (uint8_t)code;
	return slave_seal(f, 3);
}

static uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static size_t
slave_read(struct regs *r, uint8_t *f, size_t len, size_t cap)
{
	uint16_t addr = be16(f + 2), n = be16(f + 4);
	int	 ex;

	if (len != 8 || n < 1 || n > MAX_READ || 3 + 2u * n + 2 > cap)
		return slave_exception(f, REGS_EX_VALUE);
	if (f[1] == SLAVE_FC_READ_HOLDING)
		ex = regs_read_holding(r, addr, n, f + 3);
	else
		ex = regs_read_input(r, addr, n, f + 3);
	if (ex != 0)
		return slave_exception(f, ex);
	f[2] = (uint8_t)(2 * n);
	return slave_seal(f, 3 + 2u * n);
}

static size_t
slave_write_single(struct regs *r, uint8_t *f, size_t len, int *did)
{
	int rc;

	if (len != 8)
		return slave_exception(f, REGS_EX_VALUE);
	rc = regs_write(r, be16(f + 2), 1, f + 4);
	if (rc < 0)
		return slave_exception(f, -rc);
	*did = rc;
	return len;	/* the echo: request and reply are the same bytes */
}

static size_t
slave_write_multiple(struct regs *r, uint8_t *f, size_t len, int *did)
{
	uint16_t n = be16(f + 4);
	int	 rc;

	if (len < 9 || n < 1 || n > MAX_WRITE || f[6] != 2 * n || len != 9u + f[6])
		return slave_exception(f, REGS_EX_VALUE);
	rc = regs_write(r, be16(f + 2), n, f + 7);
	if (rc < 0)
		return slave_exception(f, -rc);
	*did = rc;
	return slave_seal(f, 6);	/* address, function, start, count */
}

size_t
slave_handle(struct regs *r, uint8_t *f, size_t len, size_t cap, int *did)
{
	size_t	 out;
	int	 broadcast;

	*did = 0;
	if (len < 4 || cap < 8)
		return 0;
	broadcast = f[0] == 0;
	if (!broadcast && f[0] != r->unit)
		return 0;

	switch (f[1]) {
	case SLAVE_FC_READ_HOLDING:
	case SLAVE_FC_READ_INPUT:
		if (broadcast)
			return 0;	/* a read cannot be broadcast */
		out = slave_read(r, f, len, cap);
		break;
	case SLAVE_FC_WRITE_SINGLE:
		out = slave_write_single(r, f, len, did);
		break;
	case SLAVE_FC_WRITE_MULTIPLE:
		out = slave_write_multiple(r, f, len, did);
		break;
	default:
		out = slave_exception(f, REGS_EX_FUNCTION);
		break;
	}
	return broadcast ? 0 : out;
}
