/* appt_time.c — civil dates and wall-clock times in the hall's time zone, for appointments.
 * Calendar arithmetic is pure (H. Hinnant's days-from-civil); local time goes through TZ,
 * tzset and mktime/localtime_r, switched once per batch because the server is one thread. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "appt_time.h"

int
appt_days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
appt_civil_from_days(int z, int *y, int *m, int *d)
{
	int era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
appt_weekday(int days)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (days + 3) % 7;

	return w < 0 ? w + 7 : w;
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Parse "YYYY-MM-DD" at s (no terminator check); 0 or -1. */
static int
date_prefix(const char *s, int *days)
{
	int y, m, d, yy, mm, dd;

	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
	    digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	if (y < 1800 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*days = appt_days_from_civil(y, m, d);
	appt_civil_from_days(*days, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d)
		return -1;	/* 31 April, 29 February of a common year */
	return 0;
}

int
appt_date_parse(const char *s, int *days)
{
	if (strlen(s) != 10)
		return -1;
	return date_prefix(s, days);
}

void
appt_date_format(int days, char buf[APPT_DATE_MAX])
{
	int y, m, d;

	char tmp[40];

	appt_civil_from_days(days, &y, &m, &d);
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	snprintf(buf, APPT_DATE_MAX, "%.10s", tmp);
}

int
appt_tz_valid(const char *tz)
{
	char path[128];

	if (tz == NULL || *tz == '\0' || strlen(tz) >= APPT_TZ_MAX)
		return 0;
	if (strcmp(tz, "UTC") == 0)
		return 1;
	if (tz[0] == '/' || strstr(tz, "..") != NULL)
		return 0;
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
	return access(path, R_OK) == 0;
}

void
appt_tz_enter(const char *tz, struct appt_tz_saved *sv)
{
	const char *cur = getenv("TZ");

	sv->changed = 0;
	sv->had = cur != NULL;
	if (cur != NULL && strcmp(cur, tz) == 0)
		return;
	if (cur != NULL)
		snprintf(sv->old, sizeof sv->old, "%s", cur);
	setenv("TZ", tz, 1);
	tzset();
	sv->changed = 1;
}

void
appt_tz_leave(struct appt_tz_saved *sv)
{
	if (!sv->changed)
		return;
	if (sv->had)
		setenv("TZ", sv->old, 1);
	else
		unsetenv("TZ");
	tzset();
	sv->changed = 0;
}

long long
appt_local_mktime(int days, int minute)
{
	struct tm tm;
	int y, m, d;

	appt_civil_from_days(days, &y, &m, &d);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = minute / 60;
	tm.tm_min = minute % 60;
	tm.tm_isdst = -1;
	return (long long)mktime(&tm);
}

void
appt_local_split(long long t, int *days, int *minute, long *gmtoff)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	if (days)
		*days = appt_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	if (minute)
		*minute = tm.tm_hour * 60 + tm.tm_min;
	if (gmtoff)
		*gmtoff = tm.tm_gmtoff;
}

long long
appt_local_to_unix(const char *tz, int days, int minute)
{
	struct appt_tz_saved sv;
	long long t;

	appt_tz_enter(tz, &sv);
	t = appt_local_mktime(days, minute);
	appt_tz_leave(&sv);
	return t;
}

void
appt_unix_to_local(const char *tz, long long t, int *days, int *minute)
{
	struct appt_tz_saved sv;

	appt_tz_enter(tz, &sv);
	appt_local_split(t, days, minute, NULL);
	appt_tz_leave(&sv);
}

void
appt_time_iso(const char *tz, long long t, char buf[APPT_ISO_MAX])
{
	struct appt_tz_saved sv;
	time_t tt = (time_t)t;
	struct tm tm;
	long off;
	char sign = '+', tmp[128];

	appt_tz_enter(tz, &sv);
	localtime_r(&tt, &tm);
	appt_tz_leave(&sv);
	off = tm.tm_gmtoff;
	if (off < 0) {
		sign = '-';
		off = -off;
	}
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sign,
	    off / 3600, (off / 60) % 60);
	snprintf(buf, APPT_ISO_MAX, "%.25s", tmp);
}

int
appt_time_parse(const char *tz, const char *s, long long *t)
{
	int days, hh, mm, ss = 0, oh, om, sign;
	const char *p;
	long long v;

	if (date_prefix(s, &days) || (s[10] != 'T' && s[10] != ' ') ||
	    digits(s + 11, 2, &hh) || s[13] != ':' || digits(s + 14, 2, &mm))
		return -1;
	p = s + 16;
	if (*p == ':') {
		if (digits(p + 1, 2, &ss))
			return -1;
		p += 3;
	}
	if (hh > 23 || mm > 59 || ss > 59)
		return -1;
	if (*p == '\0') {
		*t = appt_local_to_unix(tz, days, hh * 60 + mm) + ss;
		return 0;
	}
	v = (long long)days * 86400 + hh * 3600 + mm * 60 + ss;
	if (strcmp(p, "Z") == 0) {
		*t = v;
		return 0;
	}
	if (*p != '+' && *p != '-')
		return -1;
	sign = *p == '-' ? -1 : 1;
	p++;
	if (digits(p, 2, &oh))
		return -1;
	p += 2;
	if (*p == ':')
		p++;
	if (digits(p, 2, &om) || p[2] != '\0' || oh > 14 || om > 59)
		return -1;
	*t = v - sign * (oh * 3600 + om * 60);
	return 0;
}
