/* fmt.c — durations and times formatted for people, and ISO 8601 read back. */
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "i18n.h"

void
fmt_clock(char *buf, size_t sz, long long secs)
{
	if (secs < 0) {
		snprintf(buf, sz, "-:--");
		return;
	}
	if (secs >= 360000)
		secs = 359999;
	if (secs < 3600)
		snprintf(buf, sz, "%lld:%02lld", secs / 60, secs % 60);
	else
		snprintf(buf, sz, "%lld:%02lld:%02lld", secs / 3600, secs / 60 % 60, secs % 60);
}

void
fmt_wait(char *buf, size_t sz, long long secs)
{
	if (secs < 0)
		snprintf(buf, sz, "\xe2\x80\x94");
	else if (secs < 60)
		snprintf(buf, sz, "%s", _("<1 min"));
	else if (secs < 3600)
		snprintf(buf, sz, _("%lld min"), secs / 60);
	else
		snprintf(buf, sz, _("%lld h %02lld min"), secs / 3600, secs / 60 % 60);
}

void
fmt_wait_range(char *buf, size_t sz, long long secs, long long lo, long long hi)
{
	long long a = lo / 60, z = (hi + 59) / 60;

	if (secs < 0 || lo < 0 || hi <= 0 || hi < lo || z <= a || z >= 60) {
		fmt_wait(buf, sz, secs);
		return;
	}
	snprintf(buf, sz, _("%lld–%lld min"), a, z);
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long long
days_from_civil(long long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + (long long)doe - 719468;
}

long long
fmt_parse_iso(const char *s)
{
	int y, mo, d, h, mi, se = 0, n = 0, oh = 0, om = 0;
	const char *p;
	long long t;

	if (!s)
		return -1;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5)
		return -1;
	p = s + n;
	if (*p == ':') {
		int k = 0;

		if (sscanf(p, ":%2d%n", &se, &k) != 1)
			return -1;
		p += k;
	}
	if (*p == '.' || *p == ',')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return -1;
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
	if (*p == 'Z' || *p == '\0')
		return t;
	if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;

		if (sscanf(p + 1, "%2d:%2d", &oh, &om) == 2 || sscanf(p + 1, "%2d%2d", &oh, &om) >= 1)
			return t - sign * (oh * 3600 + om * 60);
	}
	return -1;
}
