/* regs.h — the display profile's register map (docs/HARDWARE.md): holding and input registers,
 * validated all-or-nothing writes, and the actions a write asks for. Pure: no I/O, no clock.
 *
 * Holding registers (FC 03 read, FC 06/16 write):
 *   0x0000 CMD_SEQ     the device acts (flash EFFECT times, beep if FLAGS bit 0) only when a
 *                      write changes it, after the whole frame is stored: retries are safe
 *   0x0001 MODE        0 idle/welcome, 1 calling, 2 paused, 3 blank (other values: exception 03)
 *   0x0002 EFFECT      bits 0-7 flash count on CMD_SEQ change; bit 8 scroll text wider than panel
 *   0x0003 BRIGHTNESS  0-100 (exception 03 above)
 *   0x0004 FLAGS       bit 0 beep on call
 *   0x0005-0x000F      reserved: read 0, writes ignored, so 0x0000-0x004F is one FC16 write
 *   0x0010-0x004F      LINE1: UTF-8, two bytes a register, high byte first, NUL-padded
 *   0x0050-0x008F      LINE2: as LINE1
 *   0x0100-0x0102      CLOCK: BCD 0xYYMM, 0xDDhh, 0xmmss; may be broadcast; then it ticks
 *   0x0F00-0x0F02      CFG: unit id (1-247), baud code (1=1200 2=2400 3=4800 4=9600 5=19200
 *                      6=38400 7=57600 8=115200), unlock key; unit and baud only change in a
 *                      write that also holds (or follows a write of) key 0xA55A; they take
 *                      effect after the reply. The key reads back 0.
 * Input registers (FC 04), 0x0000-0x0009 the heartbeat:
 *   0 profile version, 1 model, 2 firmware version, 3 status bits (REGS_ST_*),
 *   4 last CMD_SEQ applied, 5-6 uptime seconds (u32, high word first), 7 frames with a bad
 *   CRC, 8 panel width, 9 panel height.
 * Any other address: exception 02. */
#ifndef JH_REGS_H
#define JH_REGS_H

#include <stdint.h>

#define REGS_LINE_BYTES		128
#define REGS_PROFILE		1
#define REGS_MODEL		0x5010	/* "P10" HUB12 controller */
#define REGS_FW_VERSION		0x0100

#define REGS_MODE_IDLE		0
#define REGS_MODE_CALLING	1
#define REGS_MODE_PAUSED	2
#define REGS_MODE_BLANK		3

#define REGS_EFFECT_FLASHES	0x00ff
#define REGS_EFFECT_SCROLL	0x0100
#define REGS_FLAG_BEEP		0x0001

#define REGS_ST_MISSING_GLYPH	0x0001
#define REGS_ST_PANEL_FAULT	0x0002
#define REGS_ST_BROWN_OUT	0x0004
#define REGS_ST_BAD_CONFIG	0x0008

#define REGS_UNLOCK_KEY		0xA55A

/* Modbus exception codes. */
#define REGS_EX_FUNCTION	1
#define REGS_EX_ADDRESS		2
#define REGS_EX_VALUE		3
#define REGS_EX_FAILURE		4
#define REGS_EX_BUSY		6

/* What a write asked the device to do (bits returned by regs_write). */
#define REGS_DID_SHOW		0x01	/* something shown changed: render again */
#define REGS_DID_ACTION		0x02	/* CMD_SEQ changed: flash/beep */
#define REGS_DID_CONFIG		0x04	/* unit or baud changed: apply after the reply */
#define REGS_DID_CLOCK		0x08

struct regs {
	uint16_t	 cmd_seq;
	uint16_t	 mode;
	uint16_t	 effect;
	uint16_t	 brightness;
	uint16_t	 flags;
	uint8_t		 line[2][REGS_LINE_BYTES];
	uint16_t	 clock[3];	/* BCD as last written */
	uint32_t	 clock_base_s;	/* uptime when it was written */
	uint8_t		 clock_set;
	uint8_t		 unit;
	uint8_t		 baud_code;
	uint8_t		 unlocked;
	uint16_t	 status;
	uint16_t	 seq_applied;
	uint32_t	 uptime_s;
	uint16_t	 bad_crc;
	uint16_t	 width;
	uint16_t	 height;
};

void		 regs_init(struct regs *, uint8_t unit, uint8_t baud_code, uint16_t width,
		     uint16_t height);

/* Read n registers from addr into be[] as big-endian byte pairs (the frame's order); be may
 * overlap nothing the regs hold. 0, or an exception code (be untouched then). */
int		 regs_read_holding(const struct regs *, uint16_t addr, uint16_t n, uint8_t *be);
int		 regs_read_input(const struct regs *, uint16_t addr, uint16_t n, uint8_t *be);

/* Write n registers; the values come as big-endian byte pairs straight from the frame. Every
 * value is checked before any is stored. Returns the REGS_DID_* bits (>= 0), or minus an
 * exception code. */
int		 regs_write(struct regs *, uint16_t addr, uint16_t n, const uint8_t *be);

/* The current clock as BCD registers (ticked from uptime since it was set). */
void		 regs_clock_now(const struct regs *, uint16_t out[3]);

/* Baud rate of a baud code, 0 if the code is unknown. */
uint32_t	 regs_baud(uint8_t code);

#endif
