/* hal.h — the tiny hardware layer under the display firmware: what the HUB12 scan driver and
 * the main loop need from a board. hal_avr.c implements it for the ATmega328P; tests implement
 * it to record what the driver does. */
#ifndef JH_HAL_H
#define JH_HAL_H

#include <stdint.h>

/* HUB12 connector: shift one byte out on R (MSB first, one CLK pulse a bit). */
void		 hal_hub12_shift(uint8_t byte);
/* Pulse LAT (STB): the shifted bits become the panel's outputs. */
void		 hal_hub12_latch(void);
/* Drive A/B: which of the four scan rows is lit. */
void		 hal_hub12_row(uint8_t row);
/* OE: light the selected row at brightness percent (0 = dark). */
void		 hal_hub12_enable(uint8_t brightness);

#endif
