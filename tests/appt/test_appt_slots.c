/* test_appt_slots.c — the hall file's [appointments] and [slots] sections, working days, the
 * booking window, and slot enumeration in the hall's time zone. */
#include <stdio.h>
#include <string.h>

#include "../lib/t.h"
#include "appt_slots.h"

static const char hall_ini[] =
	"[hall]\n"
	"name = test hall\n"
	"timezone = Asia/Shanghai\n"
	"[policy]\n"
	"appt_grace = 600\n"
	"[service A]\n"
	"name = A\n"
	"[appointments]\n"
	"days = 5\n"
	"share = 28%\n"
	"max_open = 2\n"
	"early = 30m\n"
	"noshow_limit = 3\n"
	"noshow_window = 30d\n"
	"ban = 60d\n"
	"holidays = 2026-11-27, 2026-12-31\n"
	"holidays = 2027-01-01\n"
	"workdays = 2026-11-28/fri\n"
	"[slots A]\n"
	"mon-fri 09:00-11:30 every 30m quota 4\n"
	"slot = mon-fri 14:00-16:00 every 1h capacity 14\n"
	"[slots B]\n"
	"share = 50%\n"
	"slot = mon,wed 13:00-14:00 every 20m capacity 5\n";

static struct appt_hall hall;

static int
load(struct appt_hall *h, const char *text, char *err, size_t errlen)
{
	appt_hall_init(h);
	if (appt_hall_load_string(h, text, err, errlen))
		return -1;
	return appt_hall_check(h, err, errlen);
}

static void
slot_lines_parse(void)
{
	struct appt_rule r;
	char err[256];

	T_EQ_INT(appt_rule_parse("mon-fri 09:00-11:30 every 30m quota 4", &r, err, sizeof err), 0);
	T_EQ_INT(r.wdays, 0x1f);
	T_EQ_INT(r.start, 540);
	T_EQ_INT(r.end, 690);
	T_EQ_INT(r.every, 30);
	T_EQ_INT(r.quota, 4);
	T_EQ_INT(r.capacity, -1);
	T_EQ_INT(appt_rule_parse("sat,sun 08:00-12:00 every 2h capacity 10", &r, err, sizeof err),
	    0);
	T_EQ_INT(r.wdays, 0x60);
	T_EQ_INT(r.every, 120);
	T_EQ_INT(r.capacity, 10);
	T_EQ_INT(appt_rule_parse("fri-mon 08:00-09:00 every 1h quota 1", &r, err, sizeof err), 0);
	T_EQ_INT(r.wdays, 0x71);			/* wraps over the weekend */
	T_EQ_INT(appt_rule_parse("daily 08:00-09:00 every 1h quota 1", &r, err, sizeof err), 0);
	T_EQ_INT(r.wdays, 0x7f);
}

static void
bad_slot_lines_say_what_is_wrong(void)
{
	static const struct {
		const char *line, *why;
	} bad[] = {
		{ "mon-fry 09:00-11:30 every 30m quota 4", "bad days" },
		{ "mon-fri 9:00-11:30 every 30m quota 4", "bad time range" },
		{ "mon-fri 11:30-09:00 every 30m quota 4", "ends before it starts" },
		{ "mon-fri 09:00-11:45 every 30m quota 4", "not a whole number" },
		{ "mon-fri 09:00-11:30 every 30 quota 4", "bad slot length" },
		{ "mon-fri 09:00-11:30 every 2m quota 4", "bad slot length" },
		{ "mon-fri 09:00-11:30 every 30m quota -4", "bad quota" },
		{ "mon-fri 09:00-11:30 every 30m quota", "expected" },
		{ "mon-fri 09:00-11:30 each 30m quota 4", "expected" },
		{ "mon-fri 09:00-25:00 every 30m quota 4", "bad time range" },
	};
	struct appt_rule r;
	char err[256];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		T_CHECK(appt_rule_parse(bad[i].line, &r, err, sizeof err) == -1, "accepted \"%s\"",
		    bad[i].line);
		T_CHECK(strstr(err, bad[i].why) != NULL, "\"%s\": got \"%s\", want \"%s\"",
		    bad[i].line, err, bad[i].why);
	}
}

static void
hall_file_sections_load(void)
{
	char err[256] = "";
	const struct appt_service *a, *b;

	T_CHECK(load(&hall, hall_ini, err, sizeof err) == 0, "%s", err);
	T_EQ_STR(hall.tz, "Asia/Shanghai");
	T_EQ_INT(hall.grace_s, 600);
	T_EQ_INT(hall.days, 5);
	T_EQ_INT(hall.share_pct, 28);
	T_EQ_INT(hall.max_open, 2);
	T_EQ_INT(hall.early_s, 1800);
	T_EQ_INT(hall.ban_s, 60 * 86400);
	T_EQ_INT(hall.nholiday, 3);
	T_EQ_INT(hall.nworkday, 1);
	T_EQ_INT(hall.workday[0].as_wday, 4);
	T_EQ_INT(hall.nservice, 2);
	a = appt_hall_service(&hall, "A");
	b = appt_hall_service(&hall, "B");
	T_CHECK(a && b, "services A and B");
	if (!a || !b)
		return;
	T_EQ_INT(a->nrule, 2);				/* the bare line and the slot = line */
	T_EQ_INT(appt_rule_quota(&hall, a, &a->rule[0]), 4);
	T_EQ_INT(appt_rule_quota(&hall, a, &a->rule[1]), 3);	/* 28 % of 14, rounded down */
	T_EQ_INT(appt_rule_quota(&hall, b, &b->rule[0]), 2);	/* the service's own 50 % of 5 */
	T_CHECK(appt_hall_service(&hall, "C") == NULL, "C takes no appointments");
}

static void
bad_hall_files_name_the_line(void)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "[hall]\ntimezone = Mars/Base\n", "line 2: unknown time zone" },
		{ "[appointments]\ndays = 0\n", "line 2: bad days" },
		{ "[appointments]\nshare = 140%\n", "line 2: bad share" },
		{ "[appointments]\n\nholidays = 2026-02-30\n", "line 3: bad date" },
		{ "[appointments]\nholydays = 2026-02-03\n", "line 2: unknown key" },
		{ "[appointments]\nworkdays = 2026-11-28/fry\n", "line 2: bad weekday" },
		{ "[slots A]\nslot = mon-fri 09:00-11:45 every 30m quota 4\n", "line 2:" },
		{ "[slots A]\nmon-fri 09:00-10:00 every 30m quota 4\n"
		  "slot = mon 09:30-10:30 every 30m quota 1\n", "overlap" },
	};
	struct appt_hall h;
	char err[256];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		T_CHECK(load(&h, bad[i].text, err, sizeof err) == -1, "accepted case %zu", i);
		T_CHECK(strstr(err, bad[i].why) != NULL, "case %zu: got \"%s\", want \"%s\"", i, err,
		    bad[i].why);
	}
}

static int
day(int y, int m, int d)
{
	return appt_days_from_civil(y, m, d);
}

static void
working_days_follow_week_holidays_and_exceptions(void)
{
	T_EQ_INT(appt_hall_workday(&hall, day(2026, 11, 25)), 2);	/* Wednesday */
	T_EQ_INT(appt_hall_workday(&hall, day(2026, 11, 27)), -1);	/* a holiday Friday */
	T_EQ_INT(appt_hall_workday(&hall, day(2026, 11, 28)), 4);	/* a Saturday as Friday */
	T_EQ_INT(appt_hall_workday(&hall, day(2026, 11, 29)), -1);	/* Sunday */
	T_EQ_INT(appt_hall_workday(&hall, day(2027, 1, 1)), -1);
}

static void
window_is_today_and_the_next_n_working_days(void)
{
	int first, last;

	/* Wed 25 Nov: Thu 26, (Fri 27 holiday), Sat 28 (works), Mon 30, Tue 1, Wed 2 Dec. */
	appt_hall_window(&hall, day(2026, 11, 25), &first, &last);
	T_EQ_INT(first, day(2026, 11, 25));
	T_EQ_INT(last, day(2026, 12, 2));
	/* From a Sunday: Mon..Fri. */
	appt_hall_window(&hall, day(2026, 12, 6), &first, &last);
	T_EQ_INT(last, day(2026, 12, 11));
}

static void
slots_enumerate_in_order_in_the_hall_zone(void)
{
	const struct appt_service *a = appt_hall_service(&hall, "A");
	struct appt_slot s[64];
	char buf[APPT_ISO_MAX];
	int n;

	if (a == NULL) {
		T_CHECK(0, "no service A");
		return;
	}
	n = appt_slots_list(&hall, a, day(2026, 11, 26), day(2026, 11, 26), s, 64);
	T_EQ_INT(n, 7);				/* 5 half-hours in the morning, 2 hours after */
	appt_time_iso(hall.tz, s[0].start, buf);
	T_EQ_STR(buf, "2026-11-26T09:00:00+08:00");
	appt_time_iso(hall.tz, s[4].end, buf);
	T_EQ_STR(buf, "2026-11-26T11:30:00+08:00");
	appt_time_iso(hall.tz, s[5].start, buf);
	T_EQ_STR(buf, "2026-11-26T14:00:00+08:00");
	T_EQ_INT(s[0].quota, 4);
	T_EQ_INT(s[6].quota, 3);
	for (int i = 1; i < n; i++)
		T_CHECK(s[i].start > s[i - 1].start, "slot %d out of order", i);
	/* Thu..Mon: the holiday and the Sunday have none, the working Saturday has Friday's. */
	T_EQ_INT(appt_slots_list(&hall, a, day(2026, 11, 26), day(2026, 11, 30), s, 64), 21);
	/* A short buffer still reports the whole count. */
	T_EQ_INT(appt_slots_list(&hall, a, day(2026, 11, 26), day(2026, 11, 30), s, 3), 21);
}

static void
slots_are_found_only_at_their_exact_start(void)
{
	const struct appt_service *a = appt_hall_service(&hall, "A");
	struct appt_slot s;
	long long t = 1795654800LL;		/* 2026-11-26T09:00:00+08:00 */

	if (a == NULL) {
		T_CHECK(0, "no service A");
		return;
	}
	T_EQ_INT(appt_slots_find(&hall, a, t + 1800, &s), 0);
	T_EQ_INT(s.end - s.start, 1800);
	T_EQ_INT(s.quota, 4);
	T_EQ_INT(appt_slots_find(&hall, a, t + 900, &s), -1);		/* 09:15 */
	T_EQ_INT(appt_slots_find(&hall, a, t + 9000, &s), -1);		/* 11:30: the end */
	T_EQ_INT(appt_slots_find(&hall, a, t + 86400, &s), -1);		/* the holiday */
	T_EQ_INT(appt_slots_find(&hall, a, t + 2 * 86400, &s), 0);	/* the working Saturday */
	T_EQ_INT(appt_slots_find(&hall, a, t + 3 * 86400, &s), -1);	/* Sunday */
}

int
main(void)
{
	T_RUN(slot_lines_parse);
	T_RUN(bad_slot_lines_say_what_is_wrong);
	T_RUN(hall_file_sections_load);
	T_RUN(bad_hall_files_name_the_line);
	T_RUN(working_days_follow_week_holidays_and_exceptions);
	T_RUN(window_is_today_and_the_next_n_working_days);
	T_RUN(slots_enumerate_in_order_in_the_hall_zone);
	T_RUN(slots_are_found_only_at_their_exact_start);
	return t_done();
}
