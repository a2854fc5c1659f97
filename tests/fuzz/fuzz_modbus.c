/* fuzz_modbus.c — libFuzzer harness for the display firmware's Modbus RTU slave
 * (firmware-bridge/firmware: rtu.c framing, slave.c and regs.c requests, display.c and the
 * layout it renders), fed the way the serial line feeds it, byte by byte with their times.
 * abort() on a reply that is not a whole frame with a good CRC, or longer than RTU_MAX.
 * Input: one byte of set-up (panel size, strict framing), then frames, each as
 *   flags  bit 0: append the right CRC (else the bytes are sent as they are)
 *          bits 1-3: silence after the frame, in character times (0-7)
 *          bit 4: a 2-character pause between bytes (a broken frame)
 *          bit 5: let the controller idle and redraw after the frame
 *   length, then that many bytes (fewer when the input ends). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../firmware-bridge/common/crc16.h"
#include "display.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t sizes[4][2] = { { 64, 16 }, { 128, 32 }, { 32, 16 }, { 256, 64 } };

static void
check_reply(const uint8_t *reply, size_t len)
{
	if (len == 0)
		return;
	if (len < 5 || len > RTU_MAX || crc16_modbus(CRC16_INIT, reply, len) != 0)
		abort();
}

/* One character's time on the line now (11 bits), at least 1 us. */
static uint32_t
char_us(const struct display *d)
{
	uint32_t baud = regs_baud(d->regs.baud_code);

	return baud ? 11000000u / baud + 1 : 1146;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct display d;
	uint8_t frame[RTU_MAX + 2], *reply;
	uint32_t now = 0xfff00000u;	/* the microsecond clock wraps during the run */
	size_t i = 1, len, n;

	if (size < 1)
		return 0;
	if (display_init(&d, 1, 4, sizes[data[0] & 3][0], sizes[data[0] & 3][1], now) < 0)
		abort();
	d.rtu.strict = (data[0] >> 2) & 1;
	while (i + 2 <= size) {
		uint8_t flags = data[i];

		len = data[i + 1];
		i += 2;
		if (len > size - i)
			len = size - i;
		memcpy(frame, data + i, len);
		i += len;
		if (flags & 1) {
			uint16_t crc = crc16_modbus(CRC16_INIT, frame, len);

			frame[len++] = (uint8_t)crc;
			frame[len++] = (uint8_t)(crc >> 8);
		}
		for (size_t k = 0; k < len; k++) {
			now += char_us(&d) * (flags & 0x10 ? 2 : 1);
			reply = NULL;
			n = display_rx(&d, frame[k], now, &reply);
			check_reply(reply, n);
		}
		now += char_us(&d) * ((flags >> 1) & 7);
		reply = NULL;
		n = display_idle(&d, now, &reply);
		check_reply(reply, n);
		if (flags & 0x20) {
			(void)display_render(&d, now);
			(void)display_wait_us(&d, now);
		}
	}
	/* the line goes quiet: the last frame ends, the panel shows what was asked */
	now += 1000000u;
	reply = NULL;
	n = display_idle(&d, now, &reply);
	check_reply(reply, n);
	(void)display_render(&d, now);
	if (display_wait_us(&d, now) > 1000000u)
		abort();	/* the firmware's loop would sleep through a flash or a scroll */
	return 0;
}
