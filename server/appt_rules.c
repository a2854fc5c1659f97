/* appt_rules.c — the appointment rules as pure decisions (see appt_rules.h). */
#include <stddef.h>

#include "appt_rules.h"

int
appt_rules_can_book(const struct appt_book_facts *f)
{
	if (f->slot_start <= f->now || f->slot_start >= f->window_end)
		return ERR_BAD_REQUEST;
	if (f->ban_until > f->now)
		return ERR_BLACKLISTED;
	if (f->same_service > 0 || f->open >= f->max_open)
		return ERR_LIMIT_REACHED;
	if (f->booked >= f->quota)
		return ERR_QUOTA_EXHAUSTED;
	return ERR_OK;
}

long long
appt_rules_no_show_at(long long slot_end, int grace_s)
{
	return slot_end + grace_s;
}

int
appt_rules_is_no_show(long long slot_end, int grace_s, long long now)
{
	return now > appt_rules_no_show_at(slot_end, grace_s);
}

int
appt_rules_ban(const long long *noshow, int n, long long at, long long last_ban_since,
    int limit, int window_s, int ban_s, long long *until)
{
	int count = 0;

	for (int i = 0; i < n; i++)
		if (noshow[i] > at - window_s && noshow[i] <= at && noshow[i] > last_ban_since)
			count++;
	if (count <= limit)
		return 0;
	*until = at + ban_s;
	return 1;
}

enum appt_lane
appt_rules_checkin(long long slot_start, long long slot_end, int early_s, int grace_s,
    long long now)
{
	if (now < slot_start - early_s)
		return APPT_TOO_EARLY;
	if (now < slot_start)
		return APPT_EARLY;
	if (now <= slot_start + grace_s)
		return APPT_ON_TIME;
	if (now <= slot_end + grace_s)
		return APPT_LATE;
	return APPT_MISSED;
}

static const char *const lane_names[] = { "too_early", "early", "on_time", "late", "missed" };

const char *
appt_lane_name(enum appt_lane l)
{
	return (unsigned)l < sizeof lane_names / sizeof lane_names[0] ? lane_names[l] : "?";
}

const char *
appt_lane_priority(enum appt_lane l)
{
	switch (l) {
	case APPT_EARLY:
	case APPT_ON_TIME:
		return "appointment";
	case APPT_LATE:
		return "normal";
	default:
		return NULL;
	}
}
