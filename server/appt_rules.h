/* appt_rules.h — the appointment rules as pure decisions over values: may this ID book this
 * slot, is this appointment a no-show, does this ID earn a ban, which lane a check-in takes.
 * No I/O, no clock, no globals. The rules are documented in docs/APPOINTMENTS.md. */
#ifndef JH_APPT_RULES_H
#define JH_APPT_RULES_H

/* Outcomes: the errors of jhd's one vocabulary (enum err), shared by every module. */
#include "errcode.h"

/* What is known when an ID asks for a slot, gathered inside the booking's transaction. */
struct appt_book_facts {
	long long now;
	long long slot_start;
	long long window_end;		/* bookable slots start before this */
	long long ban_until;		/* end of the ID's active ban, 0 when none */
	int booked;			/* places of the slot taken (not cancelled) */
	int quota;
	int same_service;		/* the ID's open bookings of this service */
	int open;			/* the ID's open bookings in all */
	int max_open;			/* K */
};

/* ERR_OK, or why not: ERR_BAD_REQUEST (slot started or beyond the window), ERR_BLACKLISTED,
 * ERR_LIMIT_REACHED (one open booking per service, at most K), ERR_QUOTA_EXHAUSTED. Checked in that
 * order, so a banned ID learns of its ban first and a full slot is reported last. */
int appt_rules_can_book(const struct appt_book_facts *f);

/* 1 when an appointment still booked (not checked in, not cancelled) is a no-show at now:
 * its slot ended more than grace_s ago. */
int appt_rules_is_no_show(long long slot_end, int grace_s, long long now);

/* When an appointment becomes a no-show: slot end + grace. */
long long appt_rules_no_show_at(long long slot_end, int grace_s);

/* The ban earned by a no-show at time at, given the ID's no-show times noshow[0..n) (any
 * order, including this one) and the start of its latest ban (0 when none): no-shows before
 * that start were already punished and do not count again. Returns 1 and sets *until when
 * more than limit no-shows fall in the rolling window (at - window_s, at]; else 0. */
int appt_rules_ban(const long long *noshow, int n, long long at, long long last_ban_since,
    int limit, int window_s, int ban_s, long long *until);

/* How a check-in at now stands against its slot. */
enum appt_lane {
	APPT_TOO_EARLY,		/* more than early_s before the slot: refused, come back later */
	APPT_EARLY,		/* ticket with priority appointment, waits for its slot */
	APPT_ON_TIME,		/* from slot start to start + grace: priority appointment */
	APPT_LATE,		/* after start + grace until end + grace: a normal ticket */
	APPT_MISSED		/* after end + grace: a no-show, refused */
};
enum appt_lane appt_rules_checkin(long long slot_start, long long slot_end, int early_s,
    int grace_s, long long now);
const char *appt_lane_name(enum appt_lane l);
/* The ticket priority (a sched lane name) for a check-in, NULL when refused. */
const char *appt_lane_priority(enum appt_lane l);

#endif
