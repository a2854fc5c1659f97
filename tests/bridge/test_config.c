/* test_config.c — jhbridge's INI file: the example parses, defaults fill in, and every mistake
 * is named with its line. */
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "config.h"

static struct cfg c;
static char err[512];

static const char *base =
	"[bridge]\nserver = 127.0.0.1:7000\ndevice = b1\ntoken = tok\n"
	"[bus a]\nport = /dev/ttyUSB0\nprotocol = modbus\n"
	"[display w1]\nbus = a\naddress = 1\nkind = window\nwindows = 1\nwidth = 8\n";

static int
load(const char *extra)
{
	char text[4096];

	snprintf(text, sizeof text, "%s%s", base, extra);
	err[0] = '\0';
	return cfg_load_string(text, &c, err, sizeof err);
}

static void
example_config_for_the_sample_hall_loads(void)
{
	char path[1024];

	snprintf(path, sizeof path, "%s/firmware-bridge/examples/bridge.ini",
	    getenv("JH_TOP") ? getenv("JH_TOP") : ".");
	T_CHECK(cfg_load(path, &c, err, sizeof err) == 0, "%s", err);
	T_EQ_INT(c.nbus, 1);
	T_EQ_INT(c.ndisp, 13);
	T_EQ_STR(c.disp[11].view.win[0], "12");
	T_EQ_INT(c.disp[12].d.kind, DRV_KIND_BOARD);
	T_EQ_INT(c.disp[12].view.nwin, 0);
}

static void
defaults_follow_the_protocol_family(void)
{
	T_EQ_INT(load("[bus s]\nport=/dev/ttyUSB1\nprotocol=alpha\n"
	    "[display sign]\nbus=s\naddress=1\nkind=board\nlines=2\n"), 0);
	T_EQ_STR(c.bus[0].framing, "8N1");
	T_EQ_INT(c.bus[0].timing.char_bits, 10);
	T_EQ_INT(c.bus[0].timing.reply_timeout_ms, 300);
	T_EQ_INT(c.bus[0].timing.heartbeat_ms, 5000);
	T_EQ_STR(c.bus[1].framing, "7E1");
	T_EQ_INT(c.bus[1].timing.char_bits, 10);
	T_EQ_STR(c.disp[0].d.charset, "UTF-8");
	T_EQ_STR(c.disp[1].d.charset, "ASCII");
	T_EQ_INT(c.disp[1].d.profile, DRV_PROFILE_ALPHA);
	T_EQ_STR(c.server, "127.0.0.1:7000");
	T_EQ_STR(c.token, "tok");
}

static void
usb_identity_can_name_the_port(void)
{
	T_EQ_INT(load("[bus u]\nusb_id = 0403:6001\nusb_serial = A10K\nprotocol = modbus\n"
	    "[display x]\nbus=u\naddress=2\nkind=counter\nprofile=led485\nwindows=7\n"), 0);
	T_EQ_INT(c.bus[1].usb_vid, 0x0403);
	T_EQ_INT(c.bus[1].usb_pid, 0x6001);
	T_EQ_STR(c.bus[1].usb_serial, "A10K");
	T_EQ_INT(c.disp[1].d.profile, DRV_PROFILE_LED485);
}

static void
mistakes_are_named_with_their_line(void)
{
	T_EQ_INT(load("[bus b]\nport=/x\nprotocol=modbus\nbaud = fast\n"), -1);
	T_CHECK(strstr(err, "line 17") && strstr(err, "baud"), "%s", err);
	T_EQ_INT(load("colour = red\n"), -1);
	T_CHECK(strstr(err, "unknown key") && strstr(err, "colour"), "%s", err);
	T_EQ_INT(load("[display w2]\nbus = nowhere\naddress = 2\nkind=window\nwindows=2\n"), -1);
	T_CHECK(strstr(err, "bus 'nowhere' is not defined"), "%s", err);
	T_EQ_INT(load("[display w2]\nbus = a\naddress = 1\nkind=window\nwindows=2\n"), -1);
	T_CHECK(strstr(err, "address 1 already used by w1"), "%s", err);
	T_EQ_INT(load("[display w2]\nbus = a\naddress = 248\nkind=window\nwindows=2\n"), -1);
	T_CHECK(strstr(err, "out of range"), "%s", err);
	T_EQ_INT(load("[display w2]\nbus = a\naddress = 2\nkind=window\nlines=3\nwindows=2\n"), -1);
	T_CHECK(strstr(err, "1 or 2 lines"), "%s", err);
	T_EQ_INT(load("[display w2]\nbus = a\naddress = 2\nkind=window\n"), -1);
	T_CHECK(strstr(err, "windows = NAME"), "%s", err);
	T_EQ_INT(load("[bus b]\nprotocol = modbus\n"), -1);
	T_CHECK(strstr(err, "give port, usb_serial or usb_id"), "%s", err);
	T_EQ_INT(load("[bus b]\nport=/x\nprotocol = morse\n"), -1);
	T_CHECK(strstr(err, "unknown protocol"), "%s", err);
	T_EQ_INT(load("[bus b]\nport=/x\nprotocol=modbus\nframing = 9X3\n"), -1);
	T_CHECK(strstr(err, "8N1"), "%s", err);
	T_EQ_INT(load("[tv]\nsize = 55\n"), -1);
	T_CHECK(strstr(err, "unknown section"), "%s", err);
	T_EQ_INT(cfg_load("/nonexistent/bridge.ini", &c, err, sizeof err), -1);
	T_CHECK(strstr(err, "cannot open"), "%s", err);
}

int
main(void)
{
	T_RUN(example_config_for_the_sample_hall_loads);
	T_RUN(defaults_follow_the_protocol_family);
	T_RUN(usb_identity_can_name_the_port);
	T_RUN(mistakes_are_named_with_their_line);
	return t_done();
}
