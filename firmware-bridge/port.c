/* port.c — serial ports through libserialport, non-blocking, reopened after failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libserialport.h>

#include "port.h"

struct port {
	char		*path, *usb_serial;
	int		 usb_vid, usb_pid;
	int		 baud, data_bits, parity, stop_bits;
	struct sp_port	*sp;
	char		 name[256];
};

static char *
port_dup(const char *s)
{
	return strdup(s ? s : "");
}

struct port *
port_new(const struct port_cfg *cfg)
{
	struct port *p = calloc(1, sizeof *p);

	if (!p)
		return NULL;
	p->path = port_dup(cfg->path);
	p->usb_serial = port_dup(cfg->usb_serial);
	if (!p->path || !p->usb_serial) {
		port_free(p);
		return NULL;
	}
	p->usb_vid = cfg->usb_vid;
	p->usb_pid = cfg->usb_pid;
	p->baud = cfg->baud;
	p->data_bits = cfg->data_bits;
	p->parity = cfg->parity;
	p->stop_bits = cfg->stop_bits;
	snprintf(p->name, sizeof p->name, "%s", p->path);
	return p;
}

void
port_free(struct port *p)
{
	if (!p)
		return;
	port_close(p);
	free(p->path);
	free(p->usb_serial);
	free(p);
}

static const char *
port_sp_error(void)
{
	static char buf[200];
	char *m = sp_last_error_message();

	snprintf(buf, sizeof buf, "%s", m ? m : "unknown error");
	sp_free_error_message(m);
	return buf;
}

/* Find the port by USB identity; a new reference, or NULL. */
static struct sp_port *
port_find_usb(struct port *p)
{
	struct sp_port **list, *found = NULL;

	if (sp_list_ports(&list) != SP_OK)
		return NULL;
	for (int i = 0; list[i] && !found; i++) {
		int vid, pid;
		const char *serial;

		if (sp_get_port_transport(list[i]) != SP_TRANSPORT_USB)
			continue;
		if (sp_get_port_usb_vid_pid(list[i], &vid, &pid) != SP_OK)
			continue;
		if (p->usb_vid >= 0 && (vid != p->usb_vid || pid != p->usb_pid))
			continue;
		serial = sp_get_port_usb_serial(list[i]);
		if (p->usb_serial[0] && (!serial || strcmp(serial, p->usb_serial) != 0))
			continue;
		if (sp_copy_port(list[i], &found) != SP_OK)
			found = NULL;
	}
	sp_free_port_list(list);
	return found;
}

int
port_open(struct port *p, char *err, size_t errlen)
{
	struct sp_port_config *conf = NULL;
	enum sp_parity par;

	port_close(p);
	if (p->path[0]) {
		if (sp_get_port_by_name(p->path, &p->sp) != SP_OK) {
			snprintf(err, errlen, "%s: not found: %s", p->path, port_sp_error());
			p->sp = NULL;
			return -1;
		}
	} else if ((p->sp = port_find_usb(p)) == NULL) {
		snprintf(err, errlen, "no USB serial port with %s%s%04x:%04x", p->usb_serial[0] ?
		    "serial " : "", p->usb_serial, p->usb_vid < 0 ? 0 : p->usb_vid,
		    p->usb_pid < 0 ? 0 : p->usb_pid);
		return -1;
	}
	snprintf(p->name, sizeof p->name, "%s", sp_get_port_name(p->sp));
	if (sp_open(p->sp, SP_MODE_READ_WRITE) != SP_OK) {
		snprintf(err, errlen, "%s: cannot open: %s", p->name, port_sp_error());
		sp_free_port(p->sp);
		p->sp = NULL;
		return -1;
	}
	par = p->parity == 'E' ? SP_PARITY_EVEN : p->parity == 'O' ? SP_PARITY_ODD :
	    SP_PARITY_NONE;
	if (sp_new_config(&conf) != SP_OK ||
	    sp_set_config_baudrate(conf, p->baud) != SP_OK ||
	    sp_set_config_bits(conf, p->data_bits) != SP_OK ||
	    sp_set_config_parity(conf, par) != SP_OK ||
	    sp_set_config_stopbits(conf, p->stop_bits) != SP_OK ||
	    sp_set_config_flowcontrol(conf, SP_FLOWCONTROL_NONE) != SP_OK ||
	    sp_set_config(p->sp, conf) != SP_OK) {
		snprintf(err, errlen, "%s: cannot set %d baud %d%c%d: %s", p->name, p->baud,
		    p->data_bits, p->parity, p->stop_bits, port_sp_error());
		if (conf)
			sp_free_config(conf);
		port_close(p);
		return -1;
	}
	sp_free_config(conf);
	sp_flush(p->sp, SP_BUF_INPUT);	/* whatever a board said before we listened */
	return 0;
}

void
port_close(struct port *p)
{
	if (!p->sp)
		return;
	sp_close(p->sp);
	sp_free_port(p->sp);
	p->sp = NULL;
}

int
port_is_open(const struct port *p)
{
	return p->sp != NULL;
}

int
port_fd(const struct port *p)
{
	int fd;

	if (!p->sp || sp_get_port_handle(p->sp, &fd) != SP_OK)
		return -1;
	return fd;
}

const char *
port_name(const struct port *p)
{
	return p->name;
}

/* What a non-blocking read or write returned: bytes moved, or -1 with the port closed. */
static long
port_moved(struct port *p, enum sp_return r)
{
	if (r < 0) {
		port_close(p);
		return -1;
	}
	return (long)r;
}

long
port_write(struct port *p, const uint8_t *b, size_t len)
{
	return p->sp ? port_moved(p, sp_nonblocking_write(p->sp, b, len)) : -1;
}

long
port_read(struct port *p, uint8_t *b, size_t cap)
{
	return p->sp ? port_moved(p, sp_nonblocking_read(p->sp, b, cap)) : -1;
}

void
port_list(FILE *fp)
{
	struct sp_port **list;
	int n = 0;

	if (sp_list_ports(&list) != SP_OK) {
		fprintf(fp, "cannot list serial ports: %s\n", port_sp_error());
		return;
	}
	for (int i = 0; list[i]; i++, n++) {
		struct sp_port *s = list[i];
		enum sp_transport t = sp_get_port_transport(s);
		const char *desc = sp_get_port_description(s);

		fprintf(fp, "%s\t%s\t%s", sp_get_port_name(s), t == SP_TRANSPORT_USB ? "usb" :
		    t == SP_TRANSPORT_BLUETOOTH ? "bluetooth" : "native", desc ? desc : "");
		if (t == SP_TRANSPORT_USB) {
			int vid, pid;
			const char *serial = sp_get_port_usb_serial(s);
			const char *man = sp_get_port_usb_manufacturer(s);
			const char *prod = sp_get_port_usb_product(s);

			if (sp_get_port_usb_vid_pid(s, &vid, &pid) == SP_OK)
				fprintf(fp, "\tusb_id=%04x:%04x", vid, pid);
			fprintf(fp, "\tusb_serial=%s\tmanufacturer=%s\tproduct=%s",
			    serial ? serial : "", man ? man : "", prod ? prod : "");
		}
		fputc('\n', fp);
	}
	if (n == 0)
		fprintf(fp, "no serial ports found\n");
	sp_free_port_list(list);
}
