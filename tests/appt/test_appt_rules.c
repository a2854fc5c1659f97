/* test_appt_rules.c — the pure appointment decisions: booking, no-show, ban, check-in lane. */
#include "../lib/t.h"
#include "appt_rules.h"

static struct appt_book_facts
facts(void)
{
	struct appt_book_facts f = { .now = 1000, .slot_start = 5000, .window_end = 100000,
		.quota = 4, .max_open = 3 };

	return f;
}

static void
booking_decisions_in_order(void)
{
	struct appt_book_facts f = facts();

	T_EQ_INT(appt_rules_can_book(&f), ERR_OK);
	f.booked = 3;
	T_EQ_INT(appt_rules_can_book(&f), ERR_OK);		/* the last place */
	f.booked = 4;
	T_EQ_INT(appt_rules_can_book(&f), ERR_QUOTA_EXHAUSTED);
	f = facts();
	f.same_service = 1;
	T_EQ_INT(appt_rules_can_book(&f), ERR_LIMIT_REACHED);
	f = facts();
	f.open = 3;
	T_EQ_INT(appt_rules_can_book(&f), ERR_LIMIT_REACHED);
	f.open = 2;
	T_EQ_INT(appt_rules_can_book(&f), ERR_OK);
	f = facts();
	f.ban_until = 1001;
	f.booked = 4;					/* a ban is reported before a full slot */
	T_EQ_INT(appt_rules_can_book(&f), ERR_BLACKLISTED);
	f.ban_until = 1000;				/* ended at now */
	T_EQ_INT(appt_rules_can_book(&f), ERR_QUOTA_EXHAUSTED);
	f = facts();
	f.slot_start = 1000;				/* starts now: too late */
	T_EQ_INT(appt_rules_can_book(&f), ERR_BAD_REQUEST);
	f.slot_start = 100000;				/* beyond the window */
	T_EQ_INT(appt_rules_can_book(&f), ERR_BAD_REQUEST);
	T_EQ_STR(err_code(ERR_QUOTA_EXHAUSTED), "quota_exhausted");
	T_EQ_STR(err_code(ERR_LIMIT_REACHED), "limit_reached");
	T_EQ_STR(err_code(ERR_BLACKLISTED), "blacklisted");
	T_EQ_STR(err_code(ERR_BAD_REQUEST), "bad_request");
}

static void
no_show_after_slot_end_plus_grace(void)
{
	T_EQ_INT(appt_rules_is_no_show(1000, 600, 1600), 0);
	T_EQ_INT(appt_rules_is_no_show(1000, 600, 1601), 1);
	T_EQ_INT(appt_rules_no_show_at(1000, 600), 1600);
}

static void
fourth_no_show_in_thirty_days_bans(void)
{
	const int day = 86400;
	long long t[5] = { 1 * day, 10 * day, 20 * day, 29 * day, 40 * day }, until = 0;

	/* Three in 30 days: no ban. */
	T_EQ_INT(appt_rules_ban(t, 3, t[2], 0, 3, 30 * day, 60 * day, &until), 0);
	/* The fourth within 30 days of the first: a ban of 60 days from it. */
	T_EQ_INT(appt_rules_ban(t, 4, t[3], 0, 3, 30 * day, 60 * day, &until), 1);
	T_EQ_INT(until, t[3] + 60 * day);
	/* A fourth 31 days after the first: the first has rolled out of the window. */
	t[3] = 31 * day + 1;
	T_EQ_INT(appt_rules_ban(t, 4, t[3], 0, 3, 30 * day, 60 * day, &until), 0);
	/* No-shows before the last ban were punished already. */
	t[3] = 29 * day;
	T_EQ_INT(appt_rules_ban(t, 4, t[3], 15 * day, 3, 30 * day, 60 * day, &until), 0);
	/* Later no-shows outside the window do not count either. */
	T_EQ_INT(appt_rules_ban(t, 5, t[2], 0, 3, 30 * day, 60 * day, &until), 0);
}

static void
checkin_lanes_early_on_time_late_missed(void)
{
	/* Slot 10:00-10:30 (as seconds 36000-37800), early 1 h, grace 10 min. */
	T_EQ_INT(appt_rules_checkin(36000, 37800, 3600, 600, 32399), APPT_TOO_EARLY);
	T_EQ_INT(appt_rules_checkin(36000, 37800, 3600, 600, 32400), APPT_EARLY);
	T_EQ_INT(appt_rules_checkin(36000, 37800, 3600, 600, 35999), APPT_EARLY);
	T_EQ_INT(appt_rules_checkin(36000, 37800, 3600, 600, 36000), APPT_ON_TIME);
	T_EQ_INT(appt_rules_checkin(36000, 37800, 3600, 600, 36600), APPT_ON_TIME);
	T_EQ_INT(appt_rules_checkin(36000, 37800, 3600, 600, 36601), APPT_LATE);
	T_EQ_INT(appt_rules_checkin(36000, 37800, 3600, 600, 38400), APPT_LATE);
	T_EQ_INT(appt_rules_checkin(36000, 37800, 3600, 600, 38401), APPT_MISSED);
	T_EQ_STR(appt_lane_priority(APPT_EARLY), "appointment");
	T_EQ_STR(appt_lane_priority(APPT_ON_TIME), "appointment");
	T_EQ_STR(appt_lane_priority(APPT_LATE), "normal");
	T_CHECK(appt_lane_priority(APPT_MISSED) == NULL, "a missed slot gets no ticket");
	/* Missed at check-in and no-show for the sweep agree on the boundary. */
	T_EQ_INT(appt_rules_is_no_show(37800, 600, 38401), 1);
	T_EQ_INT(appt_rules_is_no_show(37800, 600, 38400), 0);
}

int
main(void)
{
	T_RUN(booking_decisions_in_order);
	T_RUN(no_show_after_slot_end_plus_grace);
	T_RUN(fourth_no_show_in_thirty_days_bans);
	T_RUN(checkin_lanes_early_on_time_late_missed);
	return t_done();
}
