/* appt_rules.c — the appointment rules as pure decisions (see appt_rules.h). */
#include <stddef.h>

#include "appt_rules.h"

static const struct {
	int err;
	const char *code;
} appt_codes[] = {
	{ APPT_OK, "ok" },
	{ APPT_E_BAD, "bad_request" },
	{ APPT_E_QUOTA, "quota_exhausted" },
	{ APPT_E_LIMIT, "limit_reached" },
	{ APPT_E_BANNED, "blacklisted" },
	{ APPT_E_NOTFOUND, "not_found" },
	{ APPT_E_CONFLICT, "conflict" },
	{ APPT_E_FORBIDDEN, "forbidden" },
	{ APPT_E_INTERNAL, "internal" },
};

const char *
appt_err_code(int e)
{
	for (size_t i = 0; i < sizeof appt_codes / sizeof appt_codes[0]; i++)
		if (appt_codes[i].err == e)
			return appt_codes[i].code;
	return "internal";
}

int
appt_rules_can_book(const struct appt_book_facts *f)
{
	if (f->slot_start <= f->now || f->slot_start >= f->window_end)
		return APPT_E_BAD;
	if (f->ban_until > f->now)
		return APPT_E_BANNED;
	if (f->same_service > 0 || f->open >= f->max_open)
		return APPT_E_LIMIT;
	if (f->booked >= f->quota)
		return APPT_E_QUOTA;
	return APPT_OK;
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
