/* clock.h — the one clock of the server, and local-time formatting in the hall's time zone.
 * The real clock reads the system time; the test clock (--test-clock, admin op `clock`) stands
 * still until set or advanced, so tests are deterministic. */
#ifndef JH_CLOCK_H
#define JH_CLOCK_H

/* Now, in Unix seconds. */
long long clock_now(void);
/* Durations and timers use the monotonic clock of every program, mono_ms (mono.h). */

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
