/* test_bus.c — the bus state machine as pure logic with an injected clock: one request at a
 * time, coalescing, reply timeouts, retries, degraded/offline, heartbeats, full re-send. */
#include <string.h>

#include "t.h"
#include "bus.h"
#include "common/crc16.h"
#include "drv.h"
#include "rtu.h"
#include "view.h"

static const struct drv *mb;

static struct drv_disp
disp(int addr)
{
	struct drv_disp d;

	memset(&d, 0, sizeof d);
	d.addr = addr;
	d.profile = DRV_PROFILE_DISPLAY;
	d.lines = 1;
	d.width = 20;
	snprintf(d.charset, sizeof d.charset, "UTF-8");
	d.brightness = 100;
	return d;
}

static struct bus *
mkbus(int n)
{
	struct bus_cfg c;
	struct bus *b;

	bus_cfg_default(&c);
	b = bus_new(mb, &c);
	for (int i = 0; i < n; i++) {
		struct drv_disp d = disp(i + 1);

		bus_add(b, &d);
	}
	return b;
}

static int
has(const struct drv_frame *f, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i + n <= f->len; i++)
		if (memcmp(f->b + i, s, n) == 0)
			return 1;
	return 0;
}

static struct drv_view
callview(const char *code, const char *win, unsigned seq)
{
	struct drv_view v;

	memset(&v, 0, sizeof v);
	v.mode = DRV_MODE_CALLING;
	v.seq = seq;
	v.nlines = 1;
	view_call_line(code, win, &v.line[0]);
	return v;
}

/* What a healthy slave answers to f. */
static size_t
answer(const struct drv_frame *f, uint8_t *out, unsigned uptime)
{
	size_t n = 0;
	uint16_t crc;

	if (f->b[1] == MB_FC_WRITE_MULTIPLE || f->b[1] == MB_FC_WRITE_SINGLE) {
		memcpy(out, f->b, 6);
		n = 6;
	} else {
		int regs = f->b[5];

		out[n++] = f->b[0];
		out[n++] = f->b[1];
		out[n++] = (uint8_t)(2 * regs);
		for (int i = 0; i < regs; i++) {
			uint16_t v = i == 6 ? (uint16_t)uptime : i == 5 ? (uint16_t)(uptime >> 16) : 0;

			out[n++] = (uint8_t)(v >> 8);
			out[n++] = (uint8_t)v;
		}
	}
	crc = crc16_modbus(CRC16_INIT, out, n);
	out[n++] = (uint8_t)crc;
	out[n++] = (uint8_t)(crc >> 8);
	return n;
}

/* Run the bus until now+ms, answering every frame (when answering) after 2 ms; counts frames. */
static int
run(struct bus *b, long long *now, long long ms, int answering, int *hb)
{
	long long end = *now + ms;
	int frames = 0;
	uint8_t buf[300];

	for (; *now <= end; (*now)++) {
		const struct drv_frame *f = bus_next_tx(b, *now);

		if (!f)
			continue;
		frames++;
		if (hb && f->b[1] == MB_FC_READ_INPUT)
			(*hb)++;
		if (answering) {
			struct drv_frame copy = *f;

			*now += 2;
			bus_rx(b, *now, buf, answer(&copy, buf, 100));
		}
	}
	return frames;
}

static void
first_view_goes_out_in_three_frames_and_display_is_online(void)
{
	struct bus *b = mkbus(1);
	struct drv_view v = callview("A001", "3", 1);
	long long now = 0;

	T_EQ_INT(bus_state(b, 0), BUS_UNKNOWN);
	bus_set_view(b, 0, &v);
	T_EQ_INT(run(b, &now, 100, 1, NULL), 3);
	T_EQ_INT(bus_state(b, 0), BUS_ONLINE);
	T_EQ_INT(bus_shown_gen(b, 0), bus_want_gen(b, 0));
	/* the same view again is not news */
	bus_set_view(b, 0, &v);
	T_EQ_INT(run(b, &now, 100, 1, NULL), 0);
	bus_free(b);
}

static void
only_one_request_is_outstanding_on_a_bus(void)
{
	struct bus *b = mkbus(2);
	struct drv_view v = callview("A001", "1", 1), w = callview("B001", "2", 2);

	bus_set_view(b, 0, &v);
	bus_set_view(b, 1, &w);
	T_CHECK(bus_next_tx(b, 0) != NULL, "first frame goes out");
	for (long long t = 0; t < 300; t++)
		T_CHECK(bus_next_tx(b, t) == NULL, "nothing else while waiting (t=%lld)", t);
	bus_free(b);
}

static void
quiet_gap_separates_frames(void)
{
	struct bus *b = mkbus(1);
	struct drv_view v = callview("A001", "1", 1);
	const struct drv_frame *f;
	struct drv_frame copy;
	uint8_t buf[300];

	bus_set_view(b, 0, &v);
	f = bus_next_tx(b, 0);
	copy = *f;
	bus_rx(b, 30, buf, answer(&copy, buf, 1));
	T_CHECK(bus_next_tx(b, 30) == NULL, "no frame right after an answer");
	T_CHECK(bus_next_tx(b, 34) == NULL, "3.5 characters at 9600 are 4.01 ms");
	T_CHECK(bus_next_tx(b, 35) != NULL, "next frame after the gap");
	bus_free(b);
}

static void
newest_view_wins_while_the_bus_is_busy(void)
{
	struct bus *b = mkbus(1);
	struct drv_view v1 = callview("A001", "1", 1), v2 = callview("A002", "1", 2),
	    v3 = callview("A003", "1", 3);
	const struct drv_frame *f;
	struct drv_frame copy;
	uint8_t buf[300];
	long long now = 0;
	int frames = 0, saw2 = 0, saw3 = 0;

	bus_set_view(b, 0, &v1);
	f = bus_next_tx(b, now);
	copy = *f;
	bus_set_view(b, 0, &v2);
	bus_set_view(b, 0, &v3);
	now = 5;
	bus_rx(b, now, buf, answer(&copy, buf, 1));
	for (now = 10; now < 500; now++) {
		if ((f = bus_next_tx(b, now)) == NULL)
			continue;
		copy = *f;
		frames++;
		if (has(&copy, "A002"))
			saw2 = 1;
		if (has(&copy, "A003"))
			saw3 = 1;
		now += 2;
		bus_rx(b, now, buf, answer(&copy, buf, 1));
	}
	T_EQ_INT(frames, 3);	/* the rest of v1 and all of v2 never went out */
	T_EQ_INT(saw2, 0);
	T_EQ_INT(saw3, 1);
	T_EQ_INT(bus_shown_gen(b, 0), bus_want_gen(b, 0));
	bus_free(b);
}

static void
silent_display_gets_three_tries_then_is_degraded(void)
{
	struct bus *b = mkbus(1);
	struct drv_view v = callview("A001", "1", 1);
	long long now = 0;
	int hb = 0;

	bus_set_view(b, 0, &v);
	T_EQ_INT(run(b, &now, 1100, 0, NULL), 3);
	T_EQ_INT(bus_state(b, 0), BUS_DEGRADED);
	T_CHECK(strstr(bus_last_error(b, 0), "no answer") != NULL, "error: %s",
	    bus_last_error(b, 0));
	/* degraded: only heartbeats, one every 5 s */
	T_EQ_INT(run(b, &now, 5000, 0, &hb), 1);
	T_EQ_INT(hb, 1);
	bus_free(b);
}

static void
degraded_display_is_offline_after_three_missed_heartbeats(void)
{
	struct bus *b = mkbus(1);
	struct drv_view v = callview("A001", "1", 1);
	long long now = 0;

	bus_set_view(b, 0, &v);
	run(b, &now, 1100, 0, NULL);
	T_EQ_INT(bus_state(b, 0), BUS_DEGRADED);
	run(b, &now, 10500, 0, NULL);
	T_EQ_INT(bus_state(b, 0), BUS_DEGRADED);	/* two missed */
	run(b, &now, 5000, 0, NULL);
	T_EQ_INT(bus_state(b, 0), BUS_OFFLINE);
	bus_free(b);
}

static void
returning_display_gets_its_full_state_again(void)
{
	struct bus *b = mkbus(1);
	struct drv_view v = callview("A001", "1", 1);
	long long now = 0;
	int hb = 0;

	bus_set_view(b, 0, &v);
	run(b, &now, 17000, 0, NULL);
	T_EQ_INT(bus_state(b, 0), BUS_OFFLINE);
	/* it answers again: heartbeat, then the three state frames */
	T_EQ_INT(run(b, &now, 5200, 1, &hb), 4);
	T_EQ_INT(hb, 1);
	T_EQ_INT(bus_state(b, 0), BUS_ONLINE);
	T_EQ_INT(bus_shown_gen(b, 0), bus_want_gen(b, 0));
	bus_free(b);
}

static void
healthy_idle_display_gets_a_heartbeat_every_5_s(void)
{
	struct bus *b = mkbus(1);
	struct drv_view v = callview("A001", "1", 1);
	long long now = 0;
	int hb = 0;

	bus_set_view(b, 0, &v);
	run(b, &now, 100, 1, NULL);
	T_EQ_INT(run(b, &now, 15000, 1, &hb), 3);
	T_EQ_INT(hb, 3);
	bus_free(b);
}

static void
rebooted_display_is_repainted(void)
{
	struct bus *b = mkbus(1);
	struct drv_view v = callview("A001", "1", 1);
	const struct drv_frame *f;
	struct drv_frame copy;
	uint8_t buf[300];
	long long now = 0;

	bus_set_view(b, 0, &v);
	run(b, &now, 5100, 1, NULL);	/* state, then one heartbeat with uptime 100 */
	for (; (f = bus_next_tx(b, now)) == NULL; now++)
		;
	copy = *f;
	T_EQ_INT(copy.b[1], MB_FC_READ_INPUT);
	bus_rx(b, now + 2, buf, answer(&copy, buf, 3));	/* uptime went back: it restarted */
	now += 3;
	T_EQ_INT(run(b, &now, 100, 1, NULL), 3);
	bus_free(b);
}

static void
repaint_after_a_port_returns_resends_every_display(void)
{
	struct bus *b = mkbus(2);
	struct drv_view v = callview("A001", "1", 1), w = callview("B001", "2", 2);
	long long now = 0;

	bus_set_view(b, 0, &v);
	bus_set_view(b, 1, &w);
	T_EQ_INT(run(b, &now, 200, 1, NULL), 6);
	T_EQ_INT(run(b, &now, 200, 1, NULL), 0);
	bus_repaint(b);
	T_EQ_INT(run(b, &now, 200, 1, NULL), 6);
	bus_free(b);
}

static void
garbage_before_an_answer_is_skipped(void)
{
	struct bus *b = mkbus(1);
	struct drv_view v = callview("A001", "1", 1);
	const struct drv_frame *f;
	struct drv_frame copy;
	uint8_t buf[300], junk[] = { 0xFF, 0x01, 0x10, 0x55, 0x00 };
	long long now = 0;

	bus_set_view(b, 0, &v);
	f = bus_next_tx(b, now);
	copy = *f;
	bus_rx(b, 1, junk, sizeof junk);
	bus_rx(b, 2, buf, answer(&copy, buf, 1));
	T_EQ_INT(bus_state(b, 0), BUS_ONLINE);
	/* garbage alone is a missing answer */
	f = bus_next_tx(b, 10);
	T_CHECK(f != NULL, "second frame");
	bus_rx(b, 11, junk, sizeof junk);
	bus_tick(b, 400);
	T_CHECK(strstr(bus_last_error(b, 0), "garbage") != NULL, "error: %s", bus_last_error(b, 0));
	bus_free(b);
}

static void
exception_answer_is_a_failed_try_with_its_reason(void)
{
	struct bus *b = mkbus(1);
	struct drv_view v = callview("A001", "1", 1);
	const struct drv_frame *f;
	uint8_t ex[5] = { 0x01, 0x90, 0x02 };
	uint16_t crc = crc16_modbus(CRC16_INIT, ex, 3);
	long long now = 0;
	int tries = 0;

	ex[3] = (uint8_t)crc;
	ex[4] = (uint8_t)(crc >> 8);
	bus_set_view(b, 0, &v);
	for (; now < 200; now++)
		if ((f = bus_next_tx(b, now)) != NULL) {
			tries++;
			bus_rx(b, now + 1, ex, sizeof ex);
		}
	T_EQ_INT(tries, 3);
	T_EQ_INT(bus_state(b, 0), BUS_DEGRADED);
	T_CHECK(strstr(bus_last_error(b, 0), "illegal address") != NULL, "error: %s",
	    bus_last_error(b, 0));
	bus_free(b);
}

static void
broadcast_frames_complete_after_their_wire_time(void)
{
	struct bus_cfg c;
	struct bus *b;
	struct drv_disp d = disp(0);
	struct drv_view v = callview("A001", "1", 1);
	long long now = 0;

	d.profile = DRV_PROFILE_LED485;
	v.value = 1;
	bus_cfg_default(&c);
	b = bus_new(mb, &c);
	bus_add(b, &d);
	bus_set_view(b, 0, &v);
	T_CHECK(bus_next_tx(b, 0) != NULL, "broadcast goes out");
	for (now = 1; now < 100 && bus_shown_gen(b, 0) == 0; now++)
		bus_tick(b, now);
	T_EQ_INT(bus_shown_gen(b, 0), 1);
	T_CHECK(now >= 9 && now <= 16, "done after 8 bytes' wire time plus the gap, t=%lld", now);
	bus_free(b);
}

static void
wire_time_follows_baud_and_framing(void)
{
	struct bus_cfg c;

	bus_cfg_default(&c);
	T_EQ_INT(bus_wire_us(&c, 25), 26041);	/* the Alpha example: about 26 ms */
	c.char_bits = 11;
	T_EQ_INT(bus_wire_us(&c, 1), 1145);
	c.baud = 115200;
	T_EQ_INT(bus_wire_us(&c, 256), 24444);
}

int
main(void)
{
	mb = drv_find("modbus");
	T_RUN(first_view_goes_out_in_three_frames_and_display_is_online);
	T_RUN(only_one_request_is_outstanding_on_a_bus);
	T_RUN(quiet_gap_separates_frames);
	T_RUN(newest_view_wins_while_the_bus_is_busy);
	T_RUN(silent_display_gets_three_tries_then_is_degraded);
	T_RUN(degraded_display_is_offline_after_three_missed_heartbeats);
	T_RUN(returning_display_gets_its_full_state_again);
	T_RUN(healthy_idle_display_gets_a_heartbeat_every_5_s);
	T_RUN(rebooted_display_is_repainted);
	T_RUN(repaint_after_a_port_returns_resends_every_display);
	T_RUN(garbage_before_an_answer_is_skipped);
	T_RUN(exception_answer_is_a_failed_try_with_its_reason);
	T_RUN(broadcast_frames_complete_after_their_wire_time);
	T_RUN(wire_time_follows_baud_and_framing);
	return t_done();
}
