/* rtu.h — Modbus RTU master frames (pure): requests, and the check of a slave's answer.
 * Used by the "modbus" driver (display profile, LED-485 boards) and by the interop tests. */
#ifndef JH_RTU_H
#define JH_RTU_H

#include <stddef.h>
#include <stdint.h>

#include "drv.h"

#define MB_FC_READ_HOLDING	0x03
#define MB_FC_READ_INPUT	0x04
#define MB_FC_WRITE_SINGLE	0x06
#define MB_FC_WRITE_MULTIPLE	0x10
#define MB_WRITE_MAX		123	/* registers one FC16 may carry */
#define MB_READ_MAX		125

/* Display profile registers (docs/HARDWARE.md). */
#define MB_REG_CMD_SEQ		0x0000
#define MB_REG_MODE		0x0001
#define MB_REG_LINE1		0x0010
#define MB_REG_LINE2		0x0050
#define MB_LINE_REGS		64
#define MB_IN_HEARTBEAT_N	10	/* input registers 0x0000-0x0009 */

/* Each fills f (reply = 1 unless unit is 0, the broadcast). 0, or -1 on a bad argument. */
int mb_write_single(int unit, uint16_t reg, uint16_t val, struct drv_frame *f);
int mb_write_multiple(int unit, uint16_t reg, int n, const uint16_t *vals, struct drv_frame *f);
int mb_read(int unit, int fc, uint16_t reg, int n, struct drv_frame *f);

/* Registers for a text line: bytes (any charset) two to a register, high byte first, then a
 * NUL, rounded up to whole registers. Returns the register count (at most MB_LINE_REGS). */
int mb_text_regs(const char *bytes, size_t len, uint16_t *regs);

/* Judge rx as the answer to req: skips leading garbage, checks unit, function, CRC, echoed
 * address/count, byte count. Exceptions come back as DRV_NAK with the exception code. */
void mb_reply(const struct drv_frame *req, const uint8_t *rx, size_t len, struct drv_reply *r);

/* A name for people: "illegal address". */
const char *mb_exception_name(int code);

#endif
