/* rtu.h — Modbus RTU frame delimiting for a slave: bytes in, whole CRC-checked frames out.
 * Pure: no I/O, no clock; every byte comes with a timestamp in microseconds (wrapping u32). */
#ifndef JH_RTU_H
#define JH_RTU_H

#include <stddef.h>
#include <stdint.h>

#define RTU_MAX		256	/* a Modbus RTU frame is at most 256 bytes */

/* Results of rtu_feed() and rtu_poll(). */
#define RTU_NONE	0	/* nothing complete yet */
#define RTU_FRAME	1	/* a frame with a good CRC: rtu_frame() until the next call */
#define RTU_BAD_CRC	(-1)	/* a frame ended (gap) and its CRC was wrong */
#define RTU_OVERRUN	(-2)	/* more than RTU_MAX bytes without a gap: dropped */
#define RTU_BROKEN	(-3)	/* strict mode: a gap over 1.5 characters inside the frame */
#define RTU_RUNT	(-4)	/* fewer than 4 bytes between gaps: line noise */

struct rtu {
	uint8_t		 buf[RTU_MAX];
	uint16_t	 len;		/* bytes of the frame being received */
	uint16_t	 off;		/* start of the completed frame inside buf */
	uint16_t	 flen;		/* its length, CRC included */
	uint8_t		 unit;		/* our address: requests to it (or 0) end early */
	uint8_t		 strict;	/* enforce the 1.5-character limit inside a frame */
	uint8_t		 broken;	/* the frame being received already broke a rule */
	uint8_t		 done;		/* buf holds a completed frame not yet consumed */
	uint8_t		 held;		/* a byte that came after the gap ending that frame */
	uint8_t		 held_byte;
	uint32_t	 last_us;	/* time of the last byte */
	uint32_t	 t15_us;	/* 1.5 and 3.5 character times at the line's baud */
	uint32_t	 t35_us;
};

/* Prepare for a line at baud (11 bits a character, fixed gaps above 19200 baud). */
void		 rtu_init(struct rtu *, uint32_t baud, uint8_t unit, uint8_t strict);

/* New line speed (the 1.5 and 3.5 character times); the frame in progress is kept. */
void		 rtu_set_baud(struct rtu *, uint32_t baud);

/* Feed one byte received at now_us. When the silence before it ended a pending frame, that
 * frame's verdict is returned; a request to our unit (or broadcast) whose length is known from
 * its function code completes as soon as its last byte arrives and its CRC matches, so a
 * reply does not wait for the gap, and a second request sent with no gap is still seen. */
int		 rtu_feed(struct rtu *, uint8_t byte, uint32_t now_us);

/* Call when no byte came: ends the pending frame once 3.5 characters of silence passed. */
int		 rtu_poll(struct rtu *, uint32_t now_us);

/* The frame reported by RTU_FRAME (address, PDU, CRC); valid until the next feed/poll. The
 * caller may build its reply in place: up to RTU_MAX bytes from the returned pointer. */
uint8_t		*rtu_frame(struct rtu *, size_t *len);

/* Microseconds until rtu_poll() could end the pending frame; 0 when none is pending. */
uint32_t	 rtu_wait_us(const struct rtu *, uint32_t now_us);

/* Expected length of a request from its first bytes: > 0 the total length, 0 not known yet,
 * -1 not a request we can size (unknown function code). */
int		 rtu_request_len(const uint8_t *p, size_t len);

#endif
