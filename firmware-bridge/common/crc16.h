/* crc16.h — CRC-16/MODBUS (reflected 0xA001, init 0xFFFF), shared by the bridge and the
 * display firmware. Portable C: builds for the host and for the AVR. */
#ifndef JH_CRC16_H
#define JH_CRC16_H

#include <stddef.h>
#include <stdint.h>

/* CRC of len bytes, starting from crc (pass CRC16_INIT for a new frame). On the wire the low
 * byte goes first. */
#define CRC16_INIT 0xFFFFu
uint16_t crc16_modbus(uint16_t crc, const uint8_t *p, size_t len);

#endif
