/* config.h — jhbridge's INI configuration (parsed with libinih): the server and the device's
 * credentials, the serial buses (port by path, USB serial number or VID:PID; baud, framing,
 * protocol family, timing) and the displays on each bus. See docs/DISPLAYS.md. */
#ifndef JH_CONFIG_H
#define JH_CONFIG_H

#include "bus.h"
#include "drv.h"
#include "view.h"

#define CFG_BUSES_MAX		8
#define CFG_DISPLAYS_MAX	64
#define CFG_NAME_MAX		32
#define CFG_PATH_MAX		256

struct cfg_bus {
	char		 name[CFG_NAME_MAX];
	char		 port[CFG_PATH_MAX];	/* a path, or "" to find it by USB identity */
	char		 usb_serial[64];
	int		 usb_vid, usb_pid;	/* -1 when not given */
	int		 baud;
	char		 framing[8];		/* "8N1", "7E1", ... */
	int		 data_bits, parity, stop_bits;	/* parity: 'N', 'E', 'O' */
	const struct drv *drv;
	struct bus_cfg	 timing;
	int		 line;			/* where it was defined */
};

struct cfg_display {
	char		 name[CFG_NAME_MAX];
	char		 bus_name[CFG_NAME_MAX];
	int		 bus;			/* index into cfg.bus */
	struct drv_disp	 d;
	struct view_cfg	 view;
	int		 line;
};

struct cfg {
	char		 server[CFG_PATH_MAX];	/* HOST:PORT or a Unix socket path; empty when
						 * the file names none (jhbridge then takes
						 * $JH_SERVER, else the default address) */
	char		 ca[CFG_PATH_MAX];	/* the hall CA's certificate: TLS ("": $JH_CA) */
	char		 device[CFG_NAME_MAX];
	char		 token[256];
	char		 log[16];
	int		 nbus;
	struct cfg_bus	 bus[CFG_BUSES_MAX];
	int		 ndisp;
	struct cfg_display disp[CFG_DISPLAYS_MAX];
};

/* Parse the file at path (or text, for tests) into c, then check it whole. 0, or -1 with a
 * message naming the file, line and key in err. */
int cfg_load(const char *path, struct cfg *c, char *err, size_t errlen);
int cfg_load_string(const char *text, struct cfg *c, char *err, size_t errlen);

/* "8N1" → 8, 'N', 1. 0 or -1. */
int cfg_parse_framing(const char *s, int *data, int *parity, int *stop);

#endif
