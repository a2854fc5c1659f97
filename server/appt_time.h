/* appt_time.h — civil dates and wall-clock times in the hall's time zone, for appointments:
 * day numbers (days since 1970-01-01), weekdays, local time <-> Unix seconds, ISO 8601 text. */
#ifndef JH_APPT_TIME_H
#define JH_APPT_TIME_H

#include <stddef.h>

#define APPT_TZ_MAX	64	/* longest time zone name, with its NUL */
#define APPT_ISO_MAX	32	/* "2026-11-26T09:00:00+08:00" and its NUL */
#define APPT_DATE_MAX	11	/* "2026-11-26" and its NUL */

/* Pure calendar arithmetic (proleptic Gregorian). */
int appt_days_from_civil(int y, int m, int d);
void appt_civil_from_days(int days, int *y, int *m, int *d);
int appt_weekday(int days);			/* 0 Monday .. 6 Sunday */
/* Strict "YYYY-MM-DD"; 0, or -1 when malformed or not a real date. */
int appt_date_parse(const char *s, int *days);
void appt_date_format(int days, char buf[APPT_DATE_MAX]);

/* 1 when tz names a zone of the system's tz database (or is "UTC"), else 0. */
int appt_tz_valid(const char *tz);

/* Switch the process's TZ to tz for a batch of conversions, and back. The server is one thread;
 * when TZ already is tz, nothing is re-read. */
struct appt_tz_saved {
	int changed;
	int had;
	char old[APPT_TZ_MAX];
};
void appt_tz_enter(const char *tz, struct appt_tz_saved *sv);
void appt_tz_leave(struct appt_tz_saved *sv);

/* Conversions under the current TZ (call between appt_tz_enter and appt_tz_leave). */
long long appt_local_mktime(int days, int minute);
void appt_local_split(long long t, int *days, int *minute, long *gmtoff);

/* The same, each switching to tz by itself. */
long long appt_local_to_unix(const char *tz, int days, int minute);
void appt_unix_to_local(const char *tz, long long t, int *days, int *minute);
/* "2026-11-26T09:00:00+08:00" for t in tz. */
void appt_time_iso(const char *tz, long long t, char buf[APPT_ISO_MAX]);
/* Parse "YYYY-MM-DDTHH:MM[:SS]" with "Z", "+HH:MM", "+HHMM" or no offset (then local to tz).
 * 0, or -1 when malformed. */
int appt_time_parse(const char *tz, const char *s, long long *t);

#endif
