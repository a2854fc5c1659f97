/* fmt.h — how times and durations read on the consoles ("4:07", "12 min"), and reading the
 * server's ISO 8601 times. Pure functions. */
#ifndef JH_FMT_H
#define JH_FMT_H

#include <stddef.h>

/* A running timer: "0:07", "12:30", "1:02:03"; "-:--" for a negative or unknown time. */
void fmt_clock(char *buf, size_t sz, long long secs);
/* A wait, rounded for people: "—" unknown, "<1 min", "12 min", "1 h 05 min" (translated). */
void fmt_wait(char *buf, size_t sz, long long secs);
/* A wait told as jhd's range: "5–11 min" (low end rounded down, high end up, translated), as
 * fmt_wait(secs) when the range is unknown (hi <= 0) or rounds to one figure. */
void fmt_wait_range(char *buf, size_t sz, long long secs, long long lo, long long hi);
/* "2026-03-02T09:15:00+08:00" (or "Z", or no offset: UTC) to Unix seconds; -1 when unreadable. */
long long fmt_parse_iso(const char *s);

#endif
