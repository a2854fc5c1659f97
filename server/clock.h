/* clock.h — the one clock of the server, and local-time formatting in the hall's time zone.
 * The real clock reads the system time; the test clock (--test-clock, admin op `clock`) stands
 * still until set or advanced, so tests are deterministic. */
#ifndef JH_CLOCK_H
#define JH_CLOCK_H

/* Now, in Unix seconds. */
long long clock_now(void);
/* Durations and timers use the monotonic clock of every program, mono_ms (mono.h). */
/* Milliseconds of CLOCK_BOOTTIME: the monotonic clock counting the time the machine was
 * suspended too (what the system clock should have moved by), for the clock guard below. */
long long clock_boot_ms(void);

/* The clock guard: the wall clock (CLOCK_REALTIME, which an admin or NTP may step) checked
 * against the monotonic clock between observations. A step of more than max_s seconds either
 * way makes the wall clock suspect until it agrees again with the last trusted reading
 * carried forward by the monotonic clock (clock_boot_ms: a night of suspend is no step),
 * or until clock_guard_trust. Pure: the caller reads both clocks. */
struct clock_guard {
	long long ref_real;	/* the last trusted wall-clock second */
	long long ref_mono;	/* clock_boot_ms() then */
	int have;		/* a reference was taken */
	int suspect;		/* stepped, not yet back or confirmed */
	long long step;		/* by how many seconds (+ forward, - back) */
	int blind;		/* suspect with no usable reference (held across a reboot):
				 * trusted again only by clock_guard_trust */
};
enum { CLOCK_TRUSTED, CLOCK_STEPPED, CLOCK_SUSPECT, CLOCK_BACK };
/* One observation: CLOCK_TRUSTED (no step), CLOCK_STEPPED (a step just now), CLOCK_SUSPECT
 * (still stepped), CLOCK_BACK (it agrees with the reference again: trusted). */
int clock_guard_observe(struct clock_guard *g, long long real, long long mono_ms, int max_s);
/* A person says the wall clock is right: the reference starts again from now. */
void clock_guard_trust(struct clock_guard *g, long long real, long long mono_ms);

/* A step of s seconds as "+3h25m10s" or "-0h00m42s". Returns buf. */
char *clock_step_text(long long s, char *buf, int size);

/* Switch to the test clock at t; afterwards only clock_set/clock_advance move it. */
void clock_test_start(long long t);
int clock_is_test(void);
/* 0, or -1 when the test clock is not in use. */
int clock_set(long long t);
int clock_advance(long long s);

/* Use this IANA time zone ("Asia/Shanghai") for local times; NULL or "" = UTC. */
void clock_set_tz(const char *tz);
/* 1 when tz names a zone the system knows (a file under /usr/share/zoneinfo), else 0. */
int clock_tz_known(const char *tz);

/* "2026-11-25T09:30:00+08:00" in the hall's zone. buf >= 32 bytes. Returns buf. */
char *clock_iso(long long t, char *buf, int size);
/* The local date "2026-11-25" of t. buf >= 11 bytes. Returns buf. */
char *clock_day(long long t, char *buf, int size);
/* Minutes since local midnight of t. */
int clock_minute_of_day(long long t);
/* Parse ISO 8601 "YYYY-MM-DD[T ]HH:MM[:SS][Z|±HH[:]MM]"; without an offset the time is local
 * in the hall's zone. 0, or -1 when malformed. */
int clock_parse_iso(const char *s, long long *t);
/* Parse "HH:MM" into minutes since midnight; -1 when malformed. */
int clock_parse_hhmm(const char *s);
/* Parse a duration of the hall file: "900" or "900s", "30m", "2h", "30d" (whole numbers, at
 * most 366 days) into *secs. 0, or -1 when malformed. */
int clock_parse_duration(const char *s, long *secs);

#endif
