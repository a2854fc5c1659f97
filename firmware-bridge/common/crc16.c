/* crc16.c — CRC-16/MODBUS, bitwise: small enough for the AVR, fast enough for 256-byte frames. */
#include "crc16.h"

uint16_t
crc16_modbus(uint16_t crc, const uint8_t *p, size_t len)
{
	while (len--) {
		crc ^= *p++;
		for (int i = 0; i < 8; i++)
			crc = (crc & 1u) ? (uint16_t)((crc >> 1) ^ 0xA001u) : (uint16_t)(crc >> 1);
	}
	return crc;
}
