/* interop_modbus.c — our Modbus master (port.c + bus.c + the modbus driver) against a Modbus
 * RTU server we did not write: libmodbus, on the other end of a pty pair.
 *   interop_modbus MASTER_PATH SLAVE_PATH   (under LD_PRELOAD=libptyshim.so, see pty.sh) */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <modbus.h>

#include "mono.h"
#include "t.h"
#include "bus.h"
#include "drv.h"
#include "port.h"
#include "rtu.h"
#include "view.h"

static const char *master_path, *slave_path;
static modbus_mapping_t *map;
static volatile int slave_stop;
static pthread_mutex_t map_lock = PTHREAD_MUTEX_INITIALIZER;
static int slave_ok;

static void *
slave_main(void *arg)
{
	modbus_t *ctx = modbus_new_rtu(slave_path, 9600, 'N', 8, 1);
	uint8_t q[MODBUS_RTU_MAX_ADU_LENGTH];

	(void)arg;
	if (!ctx || modbus_set_slave(ctx, 3) < 0 || modbus_connect(ctx) < 0) {
		fprintf(stderr, "# libmodbus server on %s: %s\n", slave_path, modbus_strerror(errno));
		return NULL;
	}
	modbus_set_indication_timeout(ctx, 0, 100000);
	slave_ok = 1;
	while (!slave_stop) {
		int n = modbus_receive(ctx, q);

		if (n > 0) {
			pthread_mutex_lock(&map_lock);
			modbus_reply(ctx, q, n, map);
			pthread_mutex_unlock(&map_lock);
		}
	}
	modbus_close(ctx);
	modbus_free(ctx);
	return NULL;
}

/* Drive bus b over port p until cond() or ms pass. */
static int
drive(struct bus *b, struct port *p, long long ms, int (*cond)(struct bus *))
{
	long long end = mono_ms() + ms;
	uint8_t buf[512];

	while (mono_ms() < end) {
		const struct drv_frame *f = bus_next_tx(b, mono_ms());
		struct pollfd pfd = { .fd = port_fd(p), .events = POLLIN };
		long r;

		if (cond(b))
			return 1;
		if (f && port_write(p, f->b, f->len) != (long)f->len)
			return 0;
		poll(&pfd, 1, 5);
		while ((r = port_read(p, buf, sizeof buf)) > 0)
			bus_rx(b, mono_ms(), buf, (size_t)r);
		bus_tick(b, mono_ms());
	}
	return cond(b);
}

static int
all_shown(struct bus *b)
{
	return bus_shown_gen(b, 0) == bus_want_gen(b, 0) && bus_state(b, 0) == BUS_ONLINE;
}

static int hb_target;

static int
offline_or_back(struct bus *b)
{
	return bus_state(b, 0) == (enum bus_dstate)hb_target;
}

static struct port *
open_master(void)
{
	struct port_cfg pc = { .path = master_path, .usb_vid = -1, .usb_pid = -1, .baud = 9600,
	    .data_bits = 8, .parity = 'N', .stop_bits = 1 };
	struct port *p = port_new(&pc);
	char err[256];

	if (port_open(p, err, sizeof err) < 0) {
		printf("# %s\n", err);
		port_free(p);
		return NULL;
	}
	return p;
}

static void
decode_line(int reg, char *out, size_t cap)
{
	size_t o = 0;

	pthread_mutex_lock(&map_lock);
	for (int i = 0; i < 64 && o + 2 < cap; i++) {
		uint16_t v = map->tab_registers[reg + i];

		out[o++] = (char)(v >> 8);
		out[o++] = (char)(v & 0xFF);
	}
	pthread_mutex_unlock(&map_lock);
	out[o] = '\0';
}

static void
display_profile_writes_land_in_libmodbus_registers(void)
{
	struct port *p = open_master();
	struct bus_cfg bc;
	struct bus *b;
	struct drv_disp d;
	struct drv_view v;
	char line[160];

	T_CHECK(p != NULL, "our master opens %s", master_path);
	if (!p)
		return;
	bus_cfg_default(&bc);
	b = bus_new(drv_find("modbus"), &bc);
	memset(&d, 0, sizeof d);
	d.addr = 3;
	d.profile = DRV_PROFILE_DISPLAY;
	d.lines = 2;
	d.width = 20;
	d.brightness = 80;
	d.beep = 1;
	d.flashes = 2;
	snprintf(d.charset, sizeof d.charset, "UTF-8");
	bus_add(b, &d);
	memset(&v, 0, sizeof v);
	v.mode = DRV_MODE_CALLING;
	v.seq = 42;
	v.nlines = 2;
	view_call_line("A001", "3", &v.line[0]);
	drv_line_add(&v.line[1], "3号窗口");
	bus_set_view(b, 0, &v);
	T_CHECK(drive(b, p, 5000, all_shown), "the view was acknowledged; state %s, %s",
	    bus_state_name(bus_state(b, 0)), bus_last_error(b, 0));
	pthread_mutex_lock(&map_lock);
	T_EQ_INT(map->tab_registers[0], 42);
	T_EQ_INT(map->tab_registers[1], 1);
	T_EQ_INT(map->tab_registers[2], 2);
	T_EQ_INT(map->tab_registers[3], 80);
	T_EQ_INT(map->tab_registers[4], 1);
	pthread_mutex_unlock(&map_lock);
	decode_line(0x10, line, sizeof line);
	T_EQ_STR(line, "请A001号到3号窗口");
	decode_line(0x50, line, sizeof line);
	T_EQ_STR(line, "3号窗口");

	/* heartbeats (input registers 0-9) are answered: the display stays online */
	bus_free(b);
	bc.heartbeat_ms = 100;
	b = bus_new(drv_find("modbus"), &bc);
	bus_add(b, &d);
	hb_target = BUS_ONLINE;
	T_CHECK(drive(b, p, 3000, offline_or_back), "heartbeat answered");
	bus_free(b);
	port_free(p);
}

static void
led485_value_lands_in_register_0(void)
{
	struct port *p = open_master();
	struct bus_cfg bc;
	struct bus *b;
	struct drv_disp d;
	struct drv_view v;

	if (!p) {
		T_CHECK(0, "open");
		return;
	}
	bus_cfg_default(&bc);
	b = bus_new(drv_find("modbus"), &bc);
	memset(&d, 0, sizeof d);
	d.addr = 3;
	d.profile = DRV_PROFILE_LED485;
	d.lines = 1;
	bus_add(b, &d);
	memset(&v, 0, sizeof v);
	v.mode = DRV_MODE_CALLING;
	v.value = 999;
	bus_set_view(b, 0, &v);
	T_CHECK(drive(b, p, 5000, all_shown), "acknowledged: %s", bus_last_error(b, 0));
	pthread_mutex_lock(&map_lock);
	T_EQ_INT(map->tab_registers[0], 999);
	pthread_mutex_unlock(&map_lock);
	bus_free(b);
	port_free(p);
}

static void
libmodbus_exception_is_parsed_as_a_refusal(void)
{
	struct port *p = open_master();
	struct drv_frame req;
	struct drv_reply r;
	uint8_t rx[64];
	size_t n = 0;
	long long end = mono_ms() + 3000;

	if (!p) {
		T_CHECK(0, "open");
		return;
	}
	mb_read(3, MB_FC_READ_INPUT, 0x0F00, 3, &req);	/* beyond the input registers */
	T_EQ_INT(port_write(p, req.b, req.len), (long)req.len);
	memset(&r, 0, sizeof r);
	while (mono_ms() < end && r.v == DRV_MORE) {
		struct pollfd pfd = { .fd = port_fd(p), .events = POLLIN };
		long k;

		poll(&pfd, 1, 10);
		if ((k = port_read(p, rx + n, sizeof rx - n)) > 0)
			n += (size_t)k;
		mb_reply(&req, rx, n, &r);
	}
	T_EQ_INT(r.v, DRV_NAK);
	T_EQ_INT(r.code, 2);
	port_free(p);
}

static void
silent_unit_makes_the_display_degraded(void)
{
	struct port *p = open_master();
	struct bus_cfg bc;
	struct bus *b;
	struct drv_disp d;
	struct drv_view v;

	if (!p) {
		T_CHECK(0, "open");
		return;
	}
	bus_cfg_default(&bc);
	bc.reply_timeout_ms = 100;
	b = bus_new(drv_find("modbus"), &bc);
	memset(&d, 0, sizeof d);
	d.addr = 9;	/* nobody there: libmodbus ignores other units */
	d.profile = DRV_PROFILE_LED485;
	d.lines = 1;
	bus_add(b, &d);
	memset(&v, 0, sizeof v);
	v.value = 5;
	bus_set_view(b, 0, &v);
	hb_target = BUS_DEGRADED;
	T_CHECK(drive(b, p, 3000, offline_or_back), "degraded after 3 tries: %s",
	    bus_state_name(bus_state(b, 0)));
	bus_free(b);
	port_free(p);
}

int
main(int argc, char **argv)
{
	pthread_t th;

	if (argc != 3) {
		fprintf(stderr, "usage: interop_modbus MASTER_PATH SLAVE_PATH\n");
		return 2;
	}
	master_path = argv[1];
	slave_path = argv[2];
	map = modbus_mapping_new_start_address(0, 0, 0, 0, 0, 0x90, 0, 10);
	map->tab_input_registers[0] = 1;
	map->tab_input_registers[6] = 77;
	pthread_create(&th, NULL, slave_main, NULL);
	for (int i = 0; i < 100 && !slave_ok; i++)
		poll(NULL, 0, 10);
	if (!slave_ok) {
		printf("not ok - libmodbus_server_starts: cannot open %s\n", slave_path);
		slave_stop = 1;
		pthread_join(th, NULL);
		return 1;
	}
	T_RUN(display_profile_writes_land_in_libmodbus_registers);
	T_RUN(led485_value_lands_in_register_0);
	T_RUN(libmodbus_exception_is_parsed_as_a_refusal);
	T_RUN(silent_unit_makes_the_display_degraded);
	slave_stop = 1;
	pthread_join(th, NULL);
	modbus_mapping_free(map);
	return t_done();
}
