/* hub12.h — the HUB12 scan driver for chains of P10 (32x16, 1/4 scan) monochrome panels.
 * Each scan step lights one of four row groups: rows s, s+4, s+8, s+12 of every panel.
 * The bit stream for a step (pure, hub12_scan_bytes): for each panel row from the bottom one
 * up, for each 8-pixel column byte from the left, the bytes of rows s+12, s+8, s+4, s+0 in that
 * order, inverted (HUB12's R line is active low). The last byte shifted stays in the first
 * panel of the chain, so the chain enters at the top row's rightmost panel (seen from the
 * front), runs right to left, and each row's leftmost panel feeds the next row's rightmost —
 * for one row of panels, the wiring of Freetronics' DMD boards. */
#ifndef JH_HUB12_H
#define JH_HUB12_H

#include <stddef.h>
#include <stdint.h>

#include "fb.h"

#define HUB12_SCANS	4

/* Bytes for scan row s (0..3) into out (cap bytes); returns the count, 0 if cap is short. */
size_t		 hub12_scan_bytes(const struct fb *, uint8_t s, uint8_t *out, size_t cap);

/* One scan step through the HAL: blank, shift row group *row, latch, select, light; then
 * advance *row. Call it at 4 x the refresh rate (1 kHz gives 250 Hz). */
void		 hub12_step(const struct fb *, uint8_t *row, uint8_t brightness);

#endif
