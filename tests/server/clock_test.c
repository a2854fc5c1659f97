/* clock_test.c — unit tests of the clock and local-time formatting (server/clock.c). */
#include "clock.h"
#include "t.h"

static void
parses_iso_with_offsets_and_zones(void)
{
	long long t = 0;

	clock_set_tz("Asia/Shanghai");
	T_EQ_INT(clock_parse_iso("2026-03-02T09:30:00Z", &t), 0);
	T_EQ_INT(t, 1772443800);
	T_EQ_INT(clock_parse_iso("2026-03-02T17:30:00+08:00", &t), 0);
	T_EQ_INT(t, 1772443800);
	T_EQ_INT(clock_parse_iso("2026-03-02T17:30+0800", &t), 0);
	T_EQ_INT(t, 1772443800);
	/* without an offset: local time in the hall's zone */
	T_EQ_INT(clock_parse_iso("2026-03-02T17:30:00", &t), 0);
	T_EQ_INT(t, 1772443800);
	T_EQ_INT(clock_parse_iso("2026-03-02 17:30:00", &t), 0);
	T_EQ_INT(t, 1772443800);
}

static void
rejects_malformed_times(void)
{
	long long t;

	T_EQ_INT(clock_parse_iso("yesterday", &t), -1);
	T_EQ_INT(clock_parse_iso("2026-13-01T00:00:00Z", &t), -1);
	T_EQ_INT(clock_parse_iso("2026-01-01T25:00:00Z", &t), -1);
	T_EQ_INT(clock_parse_iso("2026-01-01T10:00:00+08:00junk", &t), -1);
	T_EQ_INT(clock_parse_iso("2026-01-01", &t), -1);
}

static void
formats_local_time_with_offset(void)
{
	char buf[40];

	clock_set_tz("Asia/Shanghai");
	T_EQ_STR(clock_iso(1772443800, buf, sizeof buf), "2026-03-02T17:30:00+08:00");
	T_EQ_STR(clock_day(1772443800, buf, sizeof buf), "2026-03-02");
	/* 23:59:59 and 00:00:00 local fall on different days */
	T_EQ_STR(clock_day(1772467199, buf, sizeof buf), "2026-03-02");
	T_EQ_STR(clock_day(1772467200, buf, sizeof buf), "2026-03-03");
	T_EQ_INT(clock_minute_of_day(1772443800), 17 * 60 + 30);
	clock_set_tz("UTC");
	T_EQ_STR(clock_iso(1772443800, buf, sizeof buf), "2026-03-02T09:30:00+00:00");
}

static void
hours_parse_hh_mm(void)
{
	T_EQ_INT(clock_parse_hhmm("09:00"), 540);
	T_EQ_INT(clock_parse_hhmm(" 17:30 "), 1050);
	T_EQ_INT(clock_parse_hhmm("9:00"), -1);
	T_EQ_INT(clock_parse_hhmm("09:60"), -1);
}

static void
test_clock_stands_still_until_moved(void)
{
	T_EQ_INT(clock_is_test(), 0);
	T_EQ_INT(clock_set(5), -1);
	clock_test_start(1000);
	T_EQ_INT(clock_now(), 1000);
	T_EQ_INT(clock_now(), 1000);
	T_EQ_INT(clock_advance(60), 0);
	T_EQ_INT(clock_now(), 1060);
	T_EQ_INT(clock_set(42), 0);
	T_EQ_INT(clock_now(), 42);
}

/* The guard trusts the wall clock while it moves with the monotonic one; a step either way
 * makes it suspect until the clock comes back or a person trusts it. */
static void
clock_guard_holds_a_step_until_back_or_trusted(void)
{
	struct clock_guard g = { 0 };
	long long real = 1772500000, mono = 5000;

	T_EQ_INT(clock_guard_observe(&g, real, mono, 60), CLOCK_TRUSTED);
	/* a second later, and 30 s of drift (under the limit): trusted */
	T_EQ_INT(clock_guard_observe(&g, real + 1, mono + 1000, 60), CLOCK_TRUSTED);
	T_EQ_INT(clock_guard_observe(&g, real + 31, mono + 2000, 60), CLOCK_TRUSTED);
	/* stepped back nine hours over midnight */
	T_EQ_INT(clock_guard_observe(&g, real + 32 - 9 * 3600, mono + 3000, 60), CLOCK_STEPPED);
	T_EQ_INT(g.step, -9 * 3600);
	T_EQ_INT(clock_guard_observe(&g, real + 40 - 9 * 3600, mono + 10000, 60), CLOCK_SUSPECT);
	/* NTP puts it back: trusted again, from there */
	T_EQ_INT(clock_guard_observe(&g, real + 42, mono + 12000, 60), CLOCK_BACK);
	T_EQ_INT(clock_guard_observe(&g, real + 43, mono + 13000, 60), CLOCK_TRUSTED);
	/* a day forward: suspect until trusted, then the new time is the reference */
	T_EQ_INT(clock_guard_observe(&g, real + 86400, mono + 14000, 60), CLOCK_STEPPED);
	T_EQ_INT(g.step, 86400 - 44);
	clock_guard_trust(&g, real + 86400, mono + 14000);
	T_EQ_INT(clock_guard_observe(&g, real + 86401, mono + 15000, 60), CLOCK_TRUSTED);
}

/* Held across a reboot (blind: no usable reference): suspect whatever the clock reads, until
 * a person trusts it. */
static void
clock_guard_blind_holds_until_trusted(void)
{
	struct clock_guard g = { .have = 1, .suspect = 1, .blind = 1, .step = 3600,
	    .ref_real = 1772500000 };

	T_EQ_INT(clock_guard_observe(&g, 1772500000, 0, 60), CLOCK_SUSPECT);
	T_EQ_INT(clock_guard_observe(&g, 1772503600, 1000, 60), CLOCK_SUSPECT);
	clock_guard_trust(&g, 1772503601, 2000);
	T_EQ_INT(g.blind, 0);
	T_EQ_INT(clock_guard_observe(&g, 1772503602, 3000, 60), CLOCK_TRUSTED);
}

static void
durations_parse_with_their_units(void)
{
	long s = -7;

	T_EQ_INT(clock_parse_duration("900", &s), 0);
	T_EQ_INT(s, 900);
	T_EQ_INT(clock_parse_duration("45s", &s), 0);
	T_EQ_INT(s, 45);
	T_EQ_INT(clock_parse_duration("7m", &s), 0);
	T_EQ_INT(s, 420);
	T_EQ_INT(clock_parse_duration("2h", &s), 0);
	T_EQ_INT(s, 7200);
	T_EQ_INT(clock_parse_duration("30d", &s), 0);
	T_EQ_INT(s, 30 * 86400);
	T_EQ_INT(clock_parse_duration("366d", &s), 0);
	s = -7;
	T_EQ_INT(clock_parse_duration("367d", &s), -1);
	T_EQ_INT(clock_parse_duration("", &s), -1);
	T_EQ_INT(clock_parse_duration("m", &s), -1);
	T_EQ_INT(clock_parse_duration("-5m", &s), -1);
	T_EQ_INT(clock_parse_duration(" 5m", &s), -1);
	T_EQ_INT(clock_parse_duration("5 m", &s), -1);
	T_EQ_INT(clock_parse_duration("1.5h", &s), -1);
	T_EQ_INT(clock_parse_duration("5w", &s), -1);
	T_EQ_INT(clock_parse_duration("99999999999999999999", &s), -1);
	T_EQ_INT(s, -7);	/* untouched when refused */
}

static void
knows_zones_by_name(void)
{
	T_EQ_INT(clock_tz_known("Asia/Shanghai"), 1);
	T_EQ_INT(clock_tz_known("UTC"), 1);
	T_EQ_INT(clock_tz_known("Mars/Olympus"), 0);
	T_EQ_INT(clock_tz_known("../etc/passwd"), 0);
}

int
main(void)
{
	T_RUN(parses_iso_with_offsets_and_zones);
	T_RUN(rejects_malformed_times);
	T_RUN(formats_local_time_with_offset);
	T_RUN(hours_parse_hh_mm);
	T_RUN(test_clock_stands_still_until_moved);
	T_RUN(clock_guard_holds_a_step_until_back_or_trusted);
	T_RUN(clock_guard_blind_holds_until_trusted);
	T_RUN(knows_zones_by_name);
	T_RUN(durations_parse_with_their_units);
	return t_done();
}
