/* hal_avr.c — ATmega328P board support: timers, USART0 + RS-485, SPI to the HUB12 panel,
 * EEPROM configuration. Built only by avr-gcc. */
#include <avr/eeprom.h>
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#include <avr/wdt.h>

#include "../common/crc16.h"
#include "hal.h"
#include "hal_avr.h"

static volatile uint32_t board_ovf;		/* timer 0 overflows: 1024 us each */
static volatile uint8_t	 board_scan;
static volatile uint8_t	 rx_byte[BOARD_RX_RING];
static volatile uint32_t rx_at[BOARD_RX_RING];
static volatile uint8_t	 rx_head, rx_tail;
static uint8_t		 board_reset_cause;

struct board_cfg {
	uint8_t		 unit;
	uint8_t		 baud_code;
	uint16_t	 crc;
};
static struct board_cfg EEMEM board_ee;

ISR(TIMER0_OVF_vect)
{
	board_ovf++;
}

uint32_t
board_micros(void)
{
	uint32_t ovf;
	uint8_t	 t, sreg = SREG;

	cli();
	ovf = board_ovf;
	t = TCNT0;
	if ((TIFR0 & _BV(TOV0)) && t < 255)
		ovf++;
	SREG = sreg;
	return ((ovf << 8) | t) * 4;	/* 16 MHz / 64: 4 us a tick */
}

ISR(TIMER2_COMPA_vect)
{
	board_scan = 1;
}

ISR(TIMER2_COMPB_vect)
{
	PORTB &= (uint8_t)~_BV(PB1);	/* OE off: the dimmed part of the scan period */
}

ISR(USART_RX_vect)
{
	uint8_t b = UDR0, next = (uint8_t)((rx_head + 1) % BOARD_RX_RING);

	if (next == rx_tail)
		return;	/* overrun: the frame's CRC will tell */
	rx_byte[rx_head] = b;
	rx_at[rx_head] = board_micros();
	rx_head = next;
}

void
board_init(void)
{
	board_reset_cause = MCUSR;
	MCUSR = 0;
	wdt_enable(WDTO_1S);
	/* Timer 0: free-running clock, /64. */
	TCCR0A = 0;
	TCCR0B = _BV(CS01) | _BV(CS00);
	TIMSK0 = _BV(TOIE0);
	/* Timer 2: CTC, /128, 125 counts: 1 kHz scan tick; compare B ends the lit time. */
	TCCR2A = _BV(WGM21);
	TCCR2B = _BV(CS22) | _BV(CS20);
	OCR2A = 124;
	TIMSK2 = _BV(OCIE2A);
	/* HUB12: SPI master at 8 MHz on MOSI/SCK; LAT, OE on port B; A, B on port D. */
	DDRB |= _BV(PB0) | _BV(PB1) | _BV(PB2) | _BV(PB3) | _BV(PB5);
	DDRD |= _BV(PD2) | _BV(PD3) | _BV(PD6) | _BV(PD7);
	SPCR = _BV(SPE) | _BV(MSTR);
	SPSR = _BV(SPI2X);
	sei();
}

void
board_uart_init(uint32_t baud)
{
	uint16_t ubrr = (uint16_t)((F_CPU / 8 + baud / 2) / baud - 1);

	/* simavr takes the bit time when UBRR0L is written: set the frame format first. */
	UCSR0B = 0;
	UCSR0A = _BV(U2X0);	/* flags written 0: untouched (simavr treats them as write-1-to-clear) */
	UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);	/* 8N1 */
	UBRR0H = (uint8_t)(ubrr >> 8);
	UBRR0L = (uint8_t)ubrr;
	UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);
}

int
board_uart_get(uint8_t *byte, uint32_t *at_us)
{
	uint8_t sreg = SREG;

	cli();
	if (rx_head == rx_tail) {
		SREG = sreg;
		return 0;
	}
	*byte = rx_byte[rx_tail];
	*at_us = rx_at[rx_tail];
	rx_tail = (uint8_t)((rx_tail + 1) % BOARD_RX_RING);
	SREG = sreg;
	return 1;
}

void
board_uart_send(const uint8_t *p, uint16_t len)
{
	/* One byte at a time on TXC0 ("the stop bit has left"), never on UDRE0: simavr 1.6
	 * loses UDRE0 when UCSR0A is written, and this is also when RS-485 may let go. The
	 * few cycles between bytes are far below the 1.5-character limit. */
	PORTD |= _BV(PD2);	/* drive the bus */
	while (len--) {
		UCSR0A = (uint8_t)(_BV(U2X0) | _BV(TXC0));	/* TXC0 is cleared by writing 1 */
		UDR0 = *p++;
		while (!(UCSR0A & _BV(TXC0)))
			;
	}
	PORTD &= (uint8_t)~_BV(PD2);
}

void
board_beep(uint8_t on)
{
	if (on)
		PORTD |= _BV(PD3);
	else
		PORTD &= (uint8_t)~_BV(PD3);
}

int
board_scan_due(void)
{
	uint8_t due;

	cli();
	due = board_scan;
	board_scan = 0;
	sei();
	return due;
}

void
board_idle(void)
{
	set_sleep_mode(SLEEP_MODE_IDLE);
	cli();
	if (rx_head == rx_tail && !board_scan) {
		sleep_enable();
		sei();
		sleep_cpu();
		sleep_disable();
	}
	sei();
}

int
board_cfg_load(uint8_t *unit, uint8_t *baud_code)
{
	struct board_cfg c;

	eeprom_read_block(&c, &board_ee, sizeof c);
	if (crc16_modbus(CRC16_INIT, (const uint8_t *)&c, 2) != c.crc)
		return -1;
	*unit = c.unit;
	*baud_code = c.baud_code;
	return 0;
}

void
board_cfg_save(uint8_t unit, uint8_t baud_code)
{
	struct board_cfg c;

	c.unit = unit;
	c.baud_code = baud_code;
	c.crc = crc16_modbus(CRC16_INIT, (const uint8_t *)&c, 2);
	eeprom_update_block(&c, &board_ee, sizeof c);
}

int
board_brown_out(void)
{
	return (board_reset_cause & _BV(BORF)) != 0;
}

void
board_watchdog(void)
{
	wdt_reset();
}

/* ---- hal.h: the HUB12 lines ---- */

void
hal_hub12_shift(uint8_t byte)
{
	SPDR = byte;
	while (!(SPSR & _BV(SPIF)))
		;
}

void
hal_hub12_latch(void)
{
	PORTB |= _BV(PB0);
	PORTB &= (uint8_t)~_BV(PB0);
}

void
hal_hub12_row(uint8_t row)
{
	PORTD = (uint8_t)((PORTD & ~(_BV(PD6) | _BV(PD7))) | ((row & 1) ? _BV(PD6) : 0) |
	    ((row & 2) ? _BV(PD7) : 0));
}

void
hal_hub12_enable(uint8_t brightness)
{
	if (brightness == 0) {
		TIMSK2 &= (uint8_t)~_BV(OCIE2B);
		PORTB &= (uint8_t)~_BV(PB1);
		return;
	}
	PORTB |= _BV(PB1);
	if (brightness >= 100) {
		TIMSK2 &= (uint8_t)~_BV(OCIE2B);
		return;
	}
	OCR2B = (uint8_t)((uint16_t)OCR2A * brightness / 100);
	TIFR2 = _BV(OCF2B);
	TIMSK2 |= _BV(OCIE2B);
}
