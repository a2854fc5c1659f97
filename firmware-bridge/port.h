/* port.h — one serial port through libserialport, non-blocking: found by path, USB serial
 * number or VID:PID; opened with the bus's baud and framing; closed when it fails and found
 * again later (a USB adapter pulled and put back). */
#ifndef JH_PORT_H
#define JH_PORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct port_cfg {
	const char	*path;		/* "" or NULL: find by USB identity */
	const char	*usb_serial;	/* "" or NULL: any */
	int		 usb_vid, usb_pid;	/* -1: any */
	int		 baud, data_bits, parity, stop_bits;	/* parity 'N', 'E', 'O' */
};

struct port;

/* Copies cfg's strings. NULL when out of memory. */
struct port *port_new(const struct port_cfg *cfg);
void port_free(struct port *);

/* Find and open the port, non-blocking, with flow control off; drop stale input.
 * 0, or -1 with a message in err. */
int port_open(struct port *, char *err, size_t errlen);
void port_close(struct port *);
int port_is_open(const struct port *);
/* The file descriptor for poll(), or -1. */
int port_fd(const struct port *);
/* The name of the device opened (or last looked for). */
const char *port_name(const struct port *);

/* Write what the driver takes now. Bytes written (maybe fewer than len), or -1 when the port
 * failed (then it is closed). */
long port_write(struct port *, const uint8_t *p, size_t len);
/* Read what is there. Bytes read (0: nothing), or -1 when the port failed (closed). */
long port_read(struct port *, uint8_t *p, size_t cap);

/* Print every port libserialport sees (name, description, transport, USB identity). */
void port_list(FILE *fp);

#endif
