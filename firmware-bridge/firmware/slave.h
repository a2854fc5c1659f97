/* slave.h — Modbus RTU slave request handling for the display profile: one checked frame in,
 * its reply (or none) out, built in place. Pure: works on struct regs only. */
#ifndef JH_SLAVE_H
#define JH_SLAVE_H

#include <stddef.h>
#include <stdint.h>

#include "regs.h"

#define SLAVE_FC_READ_HOLDING	0x03
#define SLAVE_FC_READ_INPUT	0x04
#define SLAVE_FC_WRITE_SINGLE	0x06
#define SLAVE_FC_WRITE_MULTIPLE	0x10

/* Handle one frame whose CRC was checked (address, PDU, CRC; len bytes at f). The reply
 * replaces the request in f (cap bytes available, RTU_MAX is always enough). Returns the
 * reply's length with its CRC, or 0 when nothing must be sent (another unit, broadcast).
 * *did receives the REGS_DID_* bits of what a write changed. */
size_t		 slave_handle(struct regs *, uint8_t *f, size_t len, size_t cap, int *did);

#endif
