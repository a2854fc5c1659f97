/* clock.c — the server's clock (real or test) and local time in the hall's zone via TZ. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "mono.h"

static int test_mode;
static long long test_now;

long long
clock_boot_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_BOOTTIME, &ts) < 0)
		return mono_ms();
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long
clock_now(void)
{
	struct timespec ts;

	if (test_mode)
		return test_now;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec;
}

void
clock_test_start(long long t)
{
	test_mode = 1;
	test_now = t;
}

int
clock_is_test(void)
{
	return test_mode;
}

int
clock_set(long long t)
{
	if (!test_mode)
		return -1;
	test_now = t;
	return 0;
}

int
clock_advance(long long s)
{
	if (!test_mode)
		return -1;
	test_now += s;
	return 0;
}

void
clock_guard_trust(struct clock_guard *g, long long real, long long mono_ms)
{
	g->ref_real = real;
	g->ref_mono = mono_ms;
	g->have = 1;
	g->suspect = 0;
	g->step = 0;
	g->blind = 0;
}

int
clock_guard_observe(struct clock_guard *g, long long real, long long mono_ms, int max_s)
{
	long long drift;

	if (!g->have) {
		clock_guard_trust(g, real, mono_ms);
		return CLOCK_TRUSTED;
	}
	if (g->blind)
		return CLOCK_SUSPECT;
	/* how far the wall clock is from the reference carried forward by the monotonic one;
	 * the reference moves on only while trusted, so a step stays a step until undone */
	drift = real - (g->ref_real + (mono_ms - g->ref_mono) / 1000);
	if (drift >= -max_s && drift <= max_s) {
		int was = g->suspect;

		clock_guard_trust(g, real, mono_ms);
		return was ? CLOCK_BACK : CLOCK_TRUSTED;
	}
	g->step = drift;
	if (g->suspect)
		return CLOCK_SUSPECT;
	g->suspect = 1;
	return CLOCK_STEPPED;
}

char *
clock_step_text(long long s, char *buf, int size)
{
	long long a = s < 0 ? -s : s;

	snprintf(buf, size, "%c%lldh%02lldm%02llds", s < 0 ? '-' : '+', a / 3600, a / 60 % 60,
	    a % 60);
	return buf;
}

int
clock_tz_known(const char *tz)
{
	char path[512];

	if (!tz || !*tz || strcmp(tz, "UTC") == 0)
		return 1;
	if (strstr(tz, "..") || tz[0] == '/')
		return 0;
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
	return access(path, R_OK) == 0;
}

void
clock_set_tz(const char *tz)
{
	setenv("TZ", tz && *tz ? tz : "UTC", 1);
	tzset();
}

char *
clock_iso(long long t, char *buf, int size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char off[8];
	int n;

	localtime_r(&tt, &tm);
	n = (int)strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(off, sizeof off, "%z", &tm);	/* +0800 */
	if (n > 0 && strlen(off) == 5)
		snprintf(buf + n, size - n, "%.3s:%.2s", off, off + 3);
	return buf;
}

char *
clock_day(long long t, char *buf, int size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
	return buf;
}

int
clock_minute_of_day(long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	return tm.tm_hour * 60 + tm.tm_min;
}

static int
digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)**p))
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	*out = v;
	return 0;
}

int
clock_parse_iso(const char *s, long long *t)
{
	struct tm tm;
	int y, mo, d, h, mi, sec = 0, oh, om, sign;
	const char *p = s;
	time_t tt;

	memset(&tm, 0, sizeof tm);
	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
	    digits(&p, 2, &d))
		return -1;
	if (*p != 'T' && *p != ' ')
		return -1;
	p++;
	if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
		return -1;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &sec))
			return -1;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if (*p == '\0') {
		tm.tm_isdst = -1;
		tt = mktime(&tm);
		if (tt == (time_t)-1)
			return -1;
		*t = tt;
		return 0;
	}
	if (*p == 'Z' && p[1] == '\0') {
		*t = timegm(&tm);
		return 0;
	}
	if (*p != '+' && *p != '-')
		return -1;
	sign = *p++ == '-' ? -1 : 1;
	if (digits(&p, 2, &oh))
		return -1;
	if (*p == ':')
		p++;
	if (digits(&p, 2, &om) || *p != '\0' || oh > 14 || om > 59)
		return -1;
	*t = (long long)timegm(&tm) - sign * (oh * 3600 + om * 60);
	return 0;
}

int
clock_parse_hhmm(const char *s)
{
	int h, m;
	const char *p = s;

	while (*p == ' ')
		p++;
	if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &m))
		return -1;
	while (*p == ' ')
		p++;
	if (*p || h > 24 || m > 59 || h * 60 + m > 24 * 60)
		return -1;
	return h * 60 + m;
}

int
clock_parse_duration(const char *s, long *secs)
{
	char buf[32], *end;
	size_t n = strlen(s);
	long v, unit = 1;

	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n + 1);
	switch (buf[n - 1]) {
	case 's': unit = 1; buf[--n] = '\0'; break;
	case 'm': unit = 60; buf[--n] = '\0'; break;
	case 'h': unit = 3600; buf[--n] = '\0'; break;
	case 'd': unit = 86400; buf[--n] = '\0'; break;
	}
	if (!isdigit((unsigned char)buf[0]))
		return -1;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno || *end || v < 0 || v > 366L * 86400 / unit)
		return -1;
	*secs = v * unit;
	return 0;
}
