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
		{ "[appointments]\nexpect_show = 120%\n", "line 2: bad expect_show" },
		{ "[appointments]\nexpect_early = 13h\n", "line 2: bad expect_early" },
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

static void
slot_lines_keep_their_line_and_a_bom_is_skipped(void)
{
	static char bom[sizeof hall_ini + 3] = "\xEF\xBB\xBF";
	struct appt_hall h;
	const struct appt_service *a, *b;
	char err[256] = "";

	strcat(bom, hall_ini);
	T_CHECK(load(&h, bom, err, sizeof err) == 0, "%s", err);
	T_EQ_STR(h.tz, "Asia/Shanghai");
	a = appt_hall_service(&h, "A");
	b = appt_hall_service(&h, "B");
	T_CHECK(a && b && a->nrule == 2 && b->nrule == 1, "services A and B");
	if (!a || !b || a->nrule != 2 || b->nrule != 1)
		return;
	T_EQ_INT(a->rule[0].line, 20);		/* the bare line */
	T_EQ_INT(a->rule[1].line, 21);		/* slot = ... */
	T_EQ_INT(b->rule[0].line, 24);		/* after "share =", which is no slot line */
	/* an error after the mark is on the line of the file */
	T_EQ_INT(load(&h, "\xEF\xBB\xBF[appointments]\ndays = 0\n", err, sizeof err), -1);
	T_CHECK(strstr(err, "line 2: bad days") != NULL, "%s", err);
}

static void
slots_must_be_within_the_hall_hours(void)
{
	struct appt_hall h;
	char err[256] = "";

	T_CHECK(load(&h, hall_ini, err, sizeof err) == 0, "%s", err);
	/* A: 09:00-11:30 (line 20), 14:00-16:00 hourly (21); B: mon,wed 13:00-14:00 (24) */
	T_EQ_INT(appt_hall_check_hours(&h, 9 * 60, 17 * 60, err, sizeof err), 0);
	T_EQ_INT(appt_hall_check_hours(&h, 9 * 60, 16 * 60, err, sizeof err), 0);	/* ends at 16 */
	T_EQ_INT(appt_hall_check_hours(&h, 10 * 60, 17 * 60, err, sizeof err), -1);
	T_EQ_STR(err, "line 20: slot 09:00 is outside the hall's hours 10:00-17:00");
	T_EQ_INT(appt_hall_check_hours(&h, 9 * 60, 15 * 60, err, sizeof err), -1);
	T_EQ_STR(err, "line 21: slot 15:00 is outside the hall's hours 09:00-15:00");
	/* a slot that starts in the hours but ends after closing is named with its end */
	T_EQ_INT(appt_hall_check_hours(&h, 9 * 60, 15 * 60 + 30, err, sizeof err), -1);
	T_EQ_STR(err, "line 21: slot 15:00-16:00 is outside the hall's hours 09:00-15:30");
	/* several: the first in the file (A's line 20, not B's line 24 though B is cut too) */
	T_EQ_INT(appt_hall_check_hours(&h, 13 * 60 + 30, 17 * 60, err, sizeof err), -1);
	T_EQ_STR(err, "line 20: slot 09:00 is outside the hall's hours 13:30-17:00");
	T_EQ_INT(appt_hall_check_hours(&h, 13 * 60 + 20, 13 * 60 + 40, err, sizeof err), -1);
	T_EQ_STR(err, "line 20: slot 09:00 is outside the hall's hours 13:20-13:40");
	/* a hall built without the file: named by its section */
	h.service[1].rule[0].line = 0;
	h.service[0].nrule = 0;
	T_EQ_INT(appt_hall_check_hours(&h, 13 * 60 + 20, 17 * 60, err, sizeof err), -1);
	T_EQ_STR(err, "[slots B]: slot 13:00 is outside the hall's hours 13:20-17:00");
}

static void
slot_lines_are_written_as_read(void)
{
	static const char *const lines[] = {
		"mon-fri 09:00-11:30 every 30m quota 4",
		"sat,sun 08:00-12:00 every 2h capacity 10",
		"daily 00:00-24:00 every 1h quota 0",
		"mon,wed,fri 13:00-14:00 every 20m capacity 5",
		"tue-thu,sat 10:00-10:05 every 5m quota 10000",
		"mon-wed,fri-sun 10:00-11:00 every 1h quota 1",
	};
	struct appt_rule r, r2;
	char err[256], buf[128];

	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		T_EQ_INT(appt_rule_parse(lines[i], &r, err, sizeof err), 0);
		appt_rule_format(&r, buf, sizeof buf);
		T_EQ_STR(buf, lines[i]);
	}
	/* other spellings come out in the one form, meaning the same */
	T_EQ_INT(appt_rule_parse("sat-mon 09:00-10:30 every 90m capacity 3", &r, err, sizeof err), 0);
	appt_rule_format(&r, buf, sizeof buf);
	T_EQ_STR(buf, "mon,sat,sun 09:00-10:30 every 90m capacity 3");
	T_EQ_INT(appt_rule_parse(buf, &r2, err, sizeof err), 0);
	T_CHECK(r.wdays == r2.wdays && r.start == r2.start && r.end == r2.end &&
	    r.every == r2.every && r.capacity == r2.capacity, "round trip of %s", buf);
}

static char changes[4096];

static void
collect(void *arg, const char *change)
{
	(*(int *)arg)++;
	strncat(changes, change, sizeof changes - strlen(changes) - 2);
	strcat(changes, "\n");
}

static void
diff_names_each_slot_change(void)
{
	static struct appt_hall o, n;
	static const char new_ini[] =
		"[hall]\ntimezone = Asia/Shanghai\n[policy]\nappt_grace = 600\n"
		"[appointments]\ndays = 7\nshare = 28%\nmax_open = 2\nearly = 30m\n"
		"noshow_limit = 3\nnoshow_window = 30d\nban = 60d\n"
		"holidays = 2026-11-27, 2026-12-31, 2027-01-02\nworkdays = 2026-11-28/sat\n"
		"[slots A]\n"
		"mon-fri 09:00-11:30 every 30m capacity 10\n"		/* was quota 4 */
		"sat 09:00-10:00 every 1h quota 1\n"			/* new */
		"share = 40%\n"
		/* 14:00-16:00 hourly is gone */
		"[slots C]\nmon 09:00-10:00 every 1h quota 2\n";	/* new; B is gone */
	char err[256] = "";
	int count = 0;

	T_CHECK(load(&o, hall_ini, err, sizeof err) == 0, "%s", err);
	T_CHECK(load(&n, new_ini, err, sizeof err) == 0, "%s", err);
	changes[0] = '\0';
	appt_hall_diff(&o, &n, collect, &count);
	T_EQ_STR(changes,
	    "appointments days: 5 -> 7\n"
	    "appointments holidays added: 2027-01-02\n"
	    "appointments holidays removed: 2027-01-01\n"
	    "appointments workdays added: 2026-11-28/sat\n"
	    "appointments workdays removed: 2026-11-28/fri\n"
	    "slots of service A share: the hall's -> 40%\n"
	    "slots of service A: mon-fri 09:00-11:30 every 30m quota 4 -> capacity 10\n"
	    "slots of service A added: sat 09:00-10:00 every 1h quota 1\n"
	    "slots of service A removed: mon-fri 14:00-16:00 every 1h capacity 14\n"
	    "slots of service C added: mon 09:00-10:00 every 1h quota 2\n"
	    "slots of service B removed\n");
	T_EQ_INT(count, 11);
	/* the same hall: nothing; the other way: each change turned round */
	changes[0] = '\0';
	count = 0;
	appt_hall_diff(&n, &n, collect, &count);
	T_EQ_INT(count, 0);
	appt_hall_diff(&n, &o, collect, &count);
	T_EQ_INT(count, 11);
	T_CHECK(strstr(changes, "slots of service A: mon-fri 09:00-11:30 every 30m capacity 10 -> "
	    "quota 4\n") && strstr(changes, "slots of service B added: mon,wed 13:00-14:00 every "
	    "20m capacity 5\n") && strstr(changes, "slots of service C removed\n"), "%s", changes);
}

static void
expect_keys_are_the_forecasts_prior(void)
{
	static struct appt_hall o, n;
	char err[256] = "";
	int count = 0;

	T_CHECK(load(&o, hall_ini, err, sizeof err) == 0, "%s", err);
	T_EQ_INT(o.expect_early_s, 0);
	T_EQ_INT(o.expect_show_pct, 90);
	T_CHECK(load(&n, "[appointments]\nexpect_early = 10m\nexpect_show = 75%\n", err,
	    sizeof err) == 0, "%s", err);
	T_EQ_INT(n.expect_early_s, 600);
	T_EQ_INT(n.expect_show_pct, 75);
	o.expect_early_s = n.expect_early_s;
	o.expect_show_pct = 90;
	n = o;
	n.expect_show_pct = 75;
	changes[0] = '\0';
	appt_hall_diff(&o, &n, collect, &count);
	T_EQ_STR(changes, "appointments expect_show: 90% -> 75%\n");
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
	T_RUN(slot_lines_keep_their_line_and_a_bom_is_skipped);
	T_RUN(slots_must_be_within_the_hall_hours);
	T_RUN(slot_lines_are_written_as_read);
	T_RUN(diff_names_each_slot_change);
	T_RUN(expect_keys_are_the_forecasts_prior);
	return t_done();
}
