/* jhled_avr.c — jhled-avr: runs the real ATmega328P image of the display firmware in simavr
 * with its USART0 bridged to a pseudo-terminal, so a Modbus master (jhbridge, libmodbus) can
 * talk to the very bytes that would run on the board.
 * usage: jhled-avr --elf build/avr/jhled.elf --link PATH [--pbm FILE] [--width 128 --height 32]
 *        jhled-avr --help | --version
 *   PATH becomes a symlink to the pty's slave side (open it directly, or through libserialport
 *   as /dev/../../..PATH with the pty shim); "READY link=PATH" on stdout when running.
 *   --pbm: a model of the HUB12 panel chain on the firmware's pins (SPI = R/CLK, PB0 = LAT,
 *   PB1 = OE, PD6/PD7 = A/B) rebuilds the image the firmware scans out and writes it there
 *   whenever it changes: the real image, not the core's framebuffer. Pass the size the image
 *   was built for (FB_MAX_W x FB_MAX_H in firmware.mk).
 * simavr has no UART option of its own and Debian's uart_pty part can hang at exit, so the
 * bridge is here: the UART's output IRQ writes to the pty; bytes from the pty are raised on
 * its input IRQ while the UART says XON. Simulated time follows real time while the firmware
 * sleeps in its idle loop (our sleep callback waits on the pty instead of usleep). simavr's
 * SPI model takes ~50 us a byte (the chip: 1 us at 8 MHz), so while the panel scans the
 * firmware never idles here and the runner keeps one core busy, a little ahead of real time. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "../../server/client/jhcli.h"

#include <avr_ioport.h>
#include <avr_spi.h>
#include <avr_uart.h>
#include <sim_avr.h>
#include <sim_elf.h>
#include <sim_io.h>
#include <sim_irq.h>

/* simavr's headers define LOG_ERROR and friends, so log.h cannot be included here. */
static void
say(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "jhled-avr: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
}

#define PUMP_EVERY	256	/* instructions between looks at the pty */

static volatile sig_atomic_t run_stop;

static int	 pty_master = -1;
static uint8_t	 in_buf[4096];
static size_t	 in_head, in_len;
static int	 uart_xoff;
static avr_irq_t *uart_in;

static void
on_signal(int sig)
{
	(void)sig;
	run_stop = 1;
}

/* ---- a HUB12 panel chain on the pins (see hub12.h for the bit order) ---- */

#define PANEL_MAX	(256 / 8 * 64)

static avr_t		*panel_avr;
static avr_irq_t	*spi_in;
static const char	*panel_pbm;
static int		 panel_w = 128, panel_h = 32;
static uint8_t		 shift_reg[PANEL_MAX / 4], latched[PANEL_MAX / 4];
static size_t		 shift_len;
static uint8_t		 image[PANEL_MAX], written[PANEL_MAX];

static size_t
panel_stream_len(void)
{
	return (size_t)panel_w / 8 * 4 * ((size_t)panel_h / 16);
}

/* A byte clocked out on SPI enters the chain; the transfer completes at once (8 MHz). */
static void
spi_out_hook(struct avr_irq_t *irq, uint32_t value, void *arg)
{
	size_t n = panel_stream_len();

	(void)irq;
	(void)arg;
	memmove(shift_reg, shift_reg + 1, n - 1);
	shift_reg[n - 1] = (uint8_t)value;
	if (shift_len < n)
		shift_len++;
	avr_raise_irq(spi_in, 0xff);
}

static void
latch_hook(struct avr_irq_t *irq, uint32_t value, void *arg)
{
	(void)irq;
	(void)arg;
	if (value)
		memcpy(latched, shift_reg, sizeof latched);
}

static void
panel_write(void)
{
	char	 tmp[4200];
	FILE	*f;
	size_t	 size = (size_t)panel_w / 8 * (size_t)panel_h;

	if (memcmp(image, written, size) == 0)
		return;
	memcpy(written, image, size);
	snprintf(tmp, sizeof tmp, "%s.tmp", panel_pbm);
	if ((f = fopen(tmp, "wb")) == NULL)
		return;
	fprintf(f, "P4\n%d %d\n", panel_w, panel_h);
	fwrite(image, 1, size, f);
	if (fclose(f) == 0)
		rename(tmp, panel_pbm);
}

/* OE rises: the latched bits light scan row A/B; note them in the image. */
static void
oe_hook(struct avr_irq_t *irq, uint32_t value, void *arg)
{
	size_t	 n = panel_stream_len(), per_row = (size_t)panel_w / 8 * 4, k;
	size_t	 prow, col, quad, y, stride = (size_t)panel_w / 8;
	uint8_t	 portd = panel_avr->data[0x2b];	/* PORTD */
	int	 s = ((portd >> 6) & 1) | (((portd >> 7) & 1) << 1);

	(void)irq;
	(void)arg;
	if (!value || shift_len < n)
		return;
	for (k = 0; k < n; k++) {
		prow = (size_t)panel_h / 16 - 1 - k / per_row;
		col = (k % per_row) / 4;
		quad = 3 - k % 4;
		y = prow * 16 + (size_t)s + quad * 4;
		image[y * stride + col] = (uint8_t)~latched[k];	/* R is active low */
	}
	panel_write();
}

/* Raise queued bytes on the UART input while it accepts them. */
static void
push_input(void)
{
	while (!uart_xoff && in_len > 0) {
		uint8_t b = in_buf[in_head];

		in_head = (in_head + 1) % sizeof in_buf;
		in_len--;
		avr_raise_irq(uart_in, b);
	}
}

static void
read_pty(int timeout_us)
{
	struct pollfd	 pfd = { .fd = pty_master, .events = POLLIN };
	struct timespec	 ts = { timeout_us / 1000000, (long)(timeout_us % 1000000) * 1000 };
	uint8_t		 tmp[256];
	ssize_t		 n, i;

	if (in_len + sizeof tmp > sizeof in_buf)
		return;	/* the UART is behind: leave the rest in the kernel */
	if (ppoll(&pfd, 1, &ts, NULL) <= 0 || !(pfd.revents & POLLIN))
		return;
	n = read(pty_master, tmp, sizeof tmp);
	for (i = 0; i < n; i++) {
		in_buf[(in_head + in_len) % sizeof in_buf] = tmp[i];
		in_len++;
	}
}

static void
uart_out_hook(struct avr_irq_t *irq, uint32_t value, void *arg)
{
	uint8_t b = (uint8_t)value;

	(void)irq;
	(void)arg;
	if (write(pty_master, &b, 1) != 1)
		say("pty write: %s", strerror(errno));
}

/* The UART's XON and XOFF: arg points at what uart_xoff becomes (0 or 1); after an XON the
 * waiting input goes on. */
static int flow_xon = 0, flow_xoff = 1;

static void
uart_flow_hook(struct avr_irq_t *irq, uint32_t value, void *arg)
{
	(void)irq;
	(void)value;
	uart_xoff = *(int *)arg;
	if (!uart_xoff)
		push_input();
}

/* The firmware sleeps: wait that long in real time, but on the pty, so input is not late. */
static void
sleep_on_pty(avr_t *avr, avr_cycle_count_t how_long)
{
	uint32_t us = avr_pending_sleep_usec(avr, how_long);

	if (us > 0)
		read_pty((int)us);
	push_input();
}

static int
open_pty(const char *link, int *slave)
{
	struct termios	 t;
	const char	*name;

	if ((pty_master = posix_openpt(O_RDWR | O_NOCTTY)) < 0 || grantpt(pty_master) < 0 ||
	    unlockpt(pty_master) < 0 || (name = ptsname(pty_master)) == NULL) {
		say("cannot make a pty: %s", strerror(errno));
		return -1;
	}
	/* Keep the slave open ourselves: a client that closes it must not hang up the line. */
	if ((*slave = open(name, O_RDWR | O_NOCTTY)) < 0 || tcgetattr(*slave, &t) < 0) {
		say("%s: %s", name, strerror(errno));
		return -1;
	}
	cfmakeraw(&t);
	tcsetattr(*slave, TCSANOW, &t);
	unlink(link);
	if (symlink(name, link) < 0) {
		say("%s: %s", link, strerror(errno));
		return -1;
	}
	return 0;
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: jhled-avr --elf FILE.elf --link PATH [--pbm FILE] "
	    "[--width 128 --height 32]\n       jhled-avr --help | --version\n");
}

int
main(int argc, char **argv)
{
	const char	*elf = NULL, *link = NULL;
	char		*end;
	elf_firmware_t	 fw;
	avr_t		*avr;
	int		 i, slave = -1, state;
	unsigned long	 steps = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v;

		if (strcmp(a, "--elf") != 0 && strcmp(a, "--link") != 0 &&
		    strcmp(a, "--pbm") != 0 && strcmp(a, "--width") != 0 &&
		    strcmp(a, "--height") != 0)
			return jh_arg_common("jhled-avr", a, usage);
		if (i + 1 >= argc)
			return jh_arg_error("jhled-avr", "option '%s' needs a value", a);
		v = argv[++i];
		if (strcmp(a, "--elf") == 0)
			elf = v;
		else if (strcmp(a, "--link") == 0)
			link = v;
		else if (strcmp(a, "--pbm") == 0)
			panel_pbm = v;
		else {
			int n = (int)strtol(v, &end, 10);

			if (end == v || *end)
				return jh_arg_error("jhled-avr", "%s wants a number, not '%s'", a, v);
			*(strcmp(a, "--width") == 0 ? &panel_w : &panel_h) = n;
		}
	}
	if (elf == NULL)
		return jh_arg_error("jhled-avr", "missing --elf FILE.elf");
	if (link == NULL)
		return jh_arg_error("jhled-avr", "missing --link PATH");
	if (panel_w < 32 || panel_w > 256 || panel_w % 32 || panel_h < 16 || panel_h > 64 ||
	    panel_h % 16)
		return jh_arg_error("jhled-avr", "--width %d --height %d: not a chain of 32x16 "
		    "panels of at most 256x64", panel_w, panel_h);
	memset(&fw, 0, sizeof fw);
	if (elf_read_firmware(elf, &fw) != 0) {
		say("%s: not an AVR ELF image", elf);
		return 1;
	}
	strcpy(fw.mmcu, "atmega328p");
	fw.frequency = 16000000;
	if ((avr = avr_make_mcu_by_name(fw.mmcu)) == NULL) {
		say("simavr lacks the %s", fw.mmcu);
		return 1;
	}
	avr_init(avr);
	avr_load_firmware(avr, &fw);
	avr->sleep = sleep_on_pty;
	avr->log = 0;

	if (open_pty(link, &slave) < 0)
		return 1;
	/* simavr sleeps 1 us of real time on every read of UCSR0A while the UART is busy (and
	 * echoes output lines on the console): a polled transmit would crawl. Both off. */
	{
		uint32_t flags = 0;

		avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
		flags &= ~(uint32_t)(AVR_UART_FLAG_POLL_SLEEP | AVR_UART_FLAG_STDIO);
		avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
	}
	uart_in = avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_INPUT);
	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT),
	    uart_out_hook, NULL);
	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XON),
	    uart_flow_hook, &flow_xon);
	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'),
	    UART_IRQ_OUT_XOFF), uart_flow_hook, &flow_xoff);

	panel_avr = avr;
	/* The 328P declares its SPI with no name (0), unlike its UART ('0'). */
	spi_in = avr_io_getirq(avr, AVR_IOCTL_SPI_GETIRQ(0), SPI_IRQ_INPUT);
	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_SPI_GETIRQ(0), SPI_IRQ_OUTPUT),
	    spi_out_hook, NULL);
	if (panel_pbm != NULL) {
		avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'),
		    IOPORT_IRQ_PIN0), latch_hook, NULL);
		avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'),
		    IOPORT_IRQ_PIN1), oe_hook, NULL);
	}

	jh_on_signals(on_signal, 0);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("READY link=%s\n", link);

	while (!run_stop) {
		state = avr_run(avr);
		if (state == cpu_Done || state == cpu_Crashed) {
			say("the firmware stopped (state %d) at pc 0x%04x", state, avr->pc);
			break;
		}
		if (++steps % PUMP_EVERY == 0) {
			read_pty(0);
			push_input();
		}
	}
	unlink(link);
	close(slave);
	close(pty_master);
	avr_terminate(avr);
	/* elf_read_firmware's buffers are ours to free (simavr keeps only copies). */
	for (i = 0; i < (int)fw.symbolcount; i++)
		free(fw.symbol[i]);
	free(fw.symbol);
	free(fw.flash);
	free(fw.eeprom);
	free(fw.fuse);
	free(fw.lockbits);
	return run_stop ? 0 : 1;
}
