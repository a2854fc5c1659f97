/* alpha.h — Alpha Sign Communications Protocol packets (pure): TEXT and STRING file writes,
 * special functions, the checksum, and ACK/NAK answers. */
#ifndef JH_ALPHA_H
#define JH_ALPHA_H

#include <stddef.h>
#include <stdint.h>

#include "drv.h"

#define ALPHA_STRING_MAX	125	/* bytes a STRING file holds */
#define ALPHA_POS_MIDDLE	0x20	/* display positions after ESC */
#define ALPHA_POS_TOP		0x22
#define ALPHA_POS_BOTTOM	0x26
#define ALPHA_MODE_HOLD		'b'

/* One packet with one command: 5 NULs, SOH, type, address (two hex digits), STX, cmd, data,
 * ETX, checksum (4 upper-case hex digits of the sum of STX through ETX), EOT. 0, or -1 when
 * it does not fit. f->reply is left 0. */
int alpha_packet(char type, int addr, char cmd, const uint8_t *data, size_t len,
    struct drv_frame *f);

/* Write TEXT file label: ESC, position, mode, then text (already in the sign's charset). */
int alpha_write_text(char type, int addr, char label, uint8_t pos, char mode, const char *text,
    struct drv_frame *f);
/* Write STRING file label (text at most ALPHA_STRING_MAX bytes). */
int alpha_write_string(char type, int addr, char label, const char *text, struct drv_frame *f);

/* The checksum of bytes p..p+len (STX through ETX). */
uint16_t alpha_sum(const uint8_t *p, size_t len);

/* Judge an answer: ACK (0x06) or NAK (0x15), each followed by a status byte. */
void alpha_reply(const uint8_t *rx, size_t len, struct drv_reply *r);

#endif
