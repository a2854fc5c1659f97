/* hal_avr.h — the ATmega328P board under the firmware, beyond hal.h: clock, USART0 with an
 * RS-485 driver enable, beeper, configuration in EEPROM, reset cause.
 * Pins (Arduino Uno/Nano numbering): HUB12 R = D11 (MOSI), CLK = D13 (SCK), LAT = D8,
 * OE = D9, A = D6, B = D7; RS-485 DE/RE = D2; beeper = D3; USART0 on D0/D1. */
#ifndef JH_HAL_AVR_H
#define JH_HAL_AVR_H

#include <stdint.h>

#define BOARD_RX_RING	32	/* received bytes waiting for the main loop */

void		 board_init(void);
uint32_t	 board_micros(void);		/* wraps after 71 minutes */
void		 board_uart_init(uint32_t baud);
/* Take the oldest received byte and its time; 0 when none waits. */
int		 board_uart_get(uint8_t *byte, uint32_t *at_us);
/* Send with the RS-485 driver enabled until the last stop bit has left. */
void		 board_uart_send(const uint8_t *p, uint16_t len);
void		 board_beep(uint8_t on);
/* 1 when a scan step is due (1 kHz), clearing it. */
int		 board_scan_due(void);
/* Sleep until an interrupt unless work is waiting. */
void		 board_idle(void);
/* Configuration in EEPROM: 0, or -1 when its CRC is bad (defaults are then used). */
int		 board_cfg_load(uint8_t *unit, uint8_t *baud_code);
void		 board_cfg_save(uint8_t unit, uint8_t baud_code);
int		 board_brown_out(void);		/* the last reset was a brown-out */
void		 board_watchdog(void);		/* pet it */

#endif
