/* test_appt_time.c — civil dates and local times in named time zones (appt_time.h). */
#include <stdlib.h>

#include "../lib/t.h"
#include "appt_time.h"

static void
civil_days_round_trip_and_weekdays(void)
{
	int y, m, d;

	T_EQ_INT(appt_days_from_civil(1970, 1, 1), 0);
	T_EQ_INT(appt_days_from_civil(2026, 11, 26), 20783);
	appt_civil_from_days(20783, &y, &m, &d);
	T_EQ_INT(y, 2026);
	T_EQ_INT(m, 11);
	T_EQ_INT(d, 26);
	T_EQ_INT(appt_weekday(20783), 3);		/* a Thursday */
	T_EQ_INT(appt_weekday(0), 3);			/* 1970-01-01 too */
	T_EQ_INT(appt_weekday(appt_days_from_civil(2024, 2, 29)), 3);
	for (int day = -800000; day < 800000; day += 997) {
		appt_civil_from_days(day, &y, &m, &d);
		T_CHECK(appt_days_from_civil(y, m, d) == day, "day %d", day);
	}
}

static void
dates_parse_strictly(void)
{
	char buf[APPT_DATE_MAX];
	int day;

	T_EQ_INT(appt_date_parse("2026-11-26", &day), 0);
	T_EQ_INT(day, 20783);
	appt_date_format(day, buf);
	T_EQ_STR(buf, "2026-11-26");
	T_EQ_INT(appt_date_parse("2026-02-29", &day), -1);
	T_EQ_INT(appt_date_parse("2024-02-29", &day), 0);
	T_EQ_INT(appt_date_parse("2026-04-31", &day), -1);
	T_EQ_INT(appt_date_parse("2026-13-01", &day), -1);
	T_EQ_INT(appt_date_parse("2026-1-01", &day), -1);
	T_EQ_INT(appt_date_parse("2026-11-26x", &day), -1);
	T_EQ_INT(appt_date_parse("", &day), -1);
}

static void
time_zones_are_checked_against_the_tz_database(void)
{
	T_EQ_INT(appt_tz_valid("Asia/Shanghai"), 1);
	T_EQ_INT(appt_tz_valid("UTC"), 1);
	T_EQ_INT(appt_tz_valid("Mars/Olympus"), 0);
	T_EQ_INT(appt_tz_valid("../../etc/passwd"), 0);
	T_EQ_INT(appt_tz_valid(""), 0);
}

static void
local_times_convert_in_the_named_zone(void)
{
	char buf[APPT_ISO_MAX];
	int day = appt_days_from_civil(2026, 11, 26), d, m;

	T_EQ_INT(appt_local_to_unix("Asia/Shanghai", day, 9 * 60), 1795654800LL);
	appt_time_iso("Asia/Shanghai", 1795654800LL, buf);
	T_EQ_STR(buf, "2026-11-26T09:00:00+08:00");
	appt_time_iso("UTC", 1795654800LL, buf);
	T_EQ_STR(buf, "2026-11-26T01:00:00+00:00");
	appt_unix_to_local("Asia/Shanghai", 1795654800LL + 15 * 3600, &d, &m);
	T_EQ_INT(d, day + 1);				/* 00:00 the next day */
	T_EQ_INT(m, 0);
	/* New York switches to summer time on 2026-03-08: 09:00 is 14:00Z before, 13:00Z after. */
	T_EQ_INT(appt_local_to_unix("America/New_York", appt_days_from_civil(2026, 3, 6), 540),
	    1772805600LL);
	T_EQ_INT(appt_local_to_unix("America/New_York", appt_days_from_civil(2026, 3, 9), 540),
	    1773061200LL);
	appt_time_iso("America/New_York", 1773061200LL, buf);
	T_EQ_STR(buf, "2026-03-09T09:00:00-04:00");
}

static void
conversions_leave_the_process_tz_as_it_was(void)
{
	setenv("TZ", "Europe/Paris", 1);
	(void)appt_local_to_unix("Asia/Shanghai", 20783, 0);
	T_EQ_STR(getenv("TZ"), "Europe/Paris");
	unsetenv("TZ");
	(void)appt_local_to_unix("Asia/Shanghai", 20783, 0);
	T_CHECK(getenv("TZ") == NULL, "TZ was set to %s", getenv("TZ"));
}

static void
iso_times_parse_with_and_without_offsets(void)
{
	long long t;

	T_EQ_INT(appt_time_parse("UTC", "2026-11-26T09:00:00+08:00", &t), 0);
	T_EQ_INT(t, 1795654800LL);
	T_EQ_INT(appt_time_parse("UTC", "2026-11-26T01:00:00Z", &t), 0);
	T_EQ_INT(t, 1795654800LL);
	T_EQ_INT(appt_time_parse("UTC", "2026-11-26T09:00+0800", &t), 0);
	T_EQ_INT(t, 1795654800LL);
	T_EQ_INT(appt_time_parse("Asia/Shanghai", "2026-11-26T09:00", &t), 0);
	T_EQ_INT(t, 1795654800LL);
	T_EQ_INT(appt_time_parse("UTC", "2026-11-26T24:00:00Z", &t), -1);
	T_EQ_INT(appt_time_parse("UTC", "2026-11-26", &t), -1);
	T_EQ_INT(appt_time_parse("UTC", "2026-11-26T09:00:00+08:00 ", &t), -1);
	T_EQ_INT(appt_time_parse("UTC", "tomorrow", &t), -1);
}

int
main(void)
{
	T_RUN(civil_days_round_trip_and_weekdays);
	T_RUN(dates_parse_strictly);
	T_RUN(time_zones_are_checked_against_the_tz_database);
	T_RUN(local_times_convert_in_the_named_zone);
	T_RUN(conversions_leave_the_process_tz_as_it_was);
	T_RUN(iso_times_parse_with_and_without_offsets);
	return t_done();
}
