/* appt_slots.h — the appointment part of the hall file ([appointments], [slots CODE]) and the
 * slots it defines: which days are working days, which slots each service offers and their
 * quotas, and the booking window. Pure over values, except the time-zone conversions.
 * Syntax: docs/APPOINTMENTS.md. */
#ifndef JH_APPT_SLOTS_H
#define JH_APPT_SLOTS_H

#include <stddef.h>

#include "appt_time.h"

#define APPT_MAX_SERVICES	64	/* services with a [slots] section */
#define APPT_MAX_RULES		16	/* slot lines per service */
#define APPT_MAX_DATES		256	/* holidays, and working-day exceptions */
#define APPT_CODE_MAX		16	/* service code and its NUL */
#define APPT_MAX_SLOTS_DAY	288	/* slots of one service in one day (5-minute slots) */

/* One slot line: "mon-fri 09:00-11:30 every 30m quota 4". */
struct appt_rule {
	unsigned wdays;		/* bit 0 Monday .. bit 6 Sunday */
	int start, end;		/* minutes after local midnight; end > start */
	int every;		/* slot length in minutes; divides end - start */
	int quota;		/* places a slot, or -1 when derived from capacity */
	int capacity;		/* people the service can serve in a slot; -1 when quota given */
	int line;		/* its line in the hall file (appt_hall_load_string), else 0 */
};

struct appt_service {
	char code[APPT_CODE_MAX];
	int share_pct;		/* share of capacity reserved for appointments; -1: the hall's */
	int nrule;
	struct appt_rule rule[APPT_MAX_RULES];
};

/* A working-day exception: a date that works although its weekday does not (or is a holiday),
 * with the weekday whose slot lines apply on it. */
struct appt_workday {
	int day;
	int as_wday;
};

struct appt_hall {
	char tz[APPT_TZ_MAX];		/* [hall] timezone; default UTC */
	unsigned week;			/* working weekdays, bit 0 Monday; default mon-fri */
	int days;			/* window: working days after today (default 5) */
	int share_pct;			/* default 28 */
	int max_open;			/* K: open bookings an ID may hold (default 3) */
	int early_s;			/* earliest check-in before the slot start (default 3600) */
	int grace_s;			/* lateness still on time; no-show after slot end + this */
	int noshow_limit;		/* more than this many no-shows... (default 3) */
	int noshow_window_s;		/* ...within this rolling window (default 30 days) */
	int ban_s;			/* ...ban for this long (default 30 days) */
	/* the forecast's prior for how holders turn up, until the hall's past days teach it
	 * (docs/SCHEDULING.md, "Bookings as arrivals") */
	int expect_early_s;		/* typical check-in this long before the slot start (0) */
	int expect_show_pct;		/* share of bookings checked in (90) */
	int nholiday;
	int holiday[APPT_MAX_DATES];	/* day numbers */
	int nworkday;
	struct appt_workday workday[APPT_MAX_DATES];
	int nservice;
	struct appt_service service[APPT_MAX_SERVICES];
};

/* A slot of a service: Unix seconds, and its number of places. */
struct appt_slot {
	long long start, end;
	int quota;
};

/* Defaults: UTC, mon-fri, 5 days, 28 %, K = 3, early 1 h, grace 15 min, 3 no-shows in 30 days,
 * ban 30 days, no services. */
void appt_hall_init(struct appt_hall *h);

/* Take one key of the hall file. Sections read: "hall" (timezone), "policy" (appt_grace),
 * "appointments" (everything else in struct appt_hall), and "slots CODE". Returns 1 when the
 * key was taken, 0 when the section is not one of these (the caller's business), -1 on a bad
 * value or key with the reason in err. A slot line may be written as "slot = SPEC" or bare:
 * libinih splits a bare line at its first ':', and the two halves are joined again here. */
int appt_hall_set(struct appt_hall *h, const char *section, const char *key, const char *value,
    char *err, size_t errlen);

/* Parse a whole hall file's text with libinih (appt_hall_init first, appt_hall_check after);
 * sections not ours are ignored, a UTF-8 byte order mark is skipped, and each slot line keeps
 * its line number. 0, or -1 with "line N: reason" in err. */
int appt_hall_load_string(struct appt_hall *h, const char *text, char *err, size_t errlen);

/* The appointment sections read by the one reading of the hall file (a hall_section_reader of
 * hallconf.h, arg a struct appt_hall_reader): _init (appt_hall_init too), then each key through
 * _key, then _done: 0, or -1 with "line N: reason" in err (appt_hall_check after). */
struct appt_hall_reader {
	struct appt_hall *h;
	int errline;		/* of the first error; 0: none */
	char err[256];
};
void appt_hall_reader_init(struct appt_hall_reader *r, struct appt_hall *h);
void appt_hall_reader_key(void *arg, const char *section, const char *key, const char *value,
    int line);
int appt_hall_reader_done(const struct appt_hall_reader *r, char *err, size_t errlen);

/* After the whole file: no overlapping slots of one service on one weekday. 0 or -1. */
int appt_hall_check(const struct appt_hall *h, char *err, size_t errlen);

/* Every slot within the hall's opening hours, open..close (minutes after midnight): 0, or -1
 * with "line N: slot 07:00 is outside the hall's hours 09:00-17:00" in err (the first such slot
 * in the file; "slot 16:30-17:30" when only its end is after closing). */
int appt_hall_check_hours(const struct appt_hall *h, int open, int close, char *err,
    size_t errlen);

/* Parse one slot line into r; 0 or -1 with the reason in err. */
int appt_rule_parse(const char *spec, struct appt_rule *r, char *err, size_t errlen);

/* A slot line as the hall file writes it: "mon-fri 09:00-11:30 every 30m quota 4". */
void appt_rule_format(const struct appt_rule *r, char *buf, size_t size);

/* What a re-import changes in the appointment part, from old to nw: one sentence for each
 * change, given to emit — "slots of service B added: mon-fri 09:00-12:00 every 30m quota 3",
 * "slots of service B removed: ...", "slots of service B: mon-fri 09:00-12:00 every 30m quota
 * 3 -> capacity 10", "slots of service B removed", "slots of service B share: 28% -> 50%",
 * "appointments days: 5 -> 7", "appointments holidays added: 2026-10-01, ...". */
void appt_hall_diff(const struct appt_hall *old, const struct appt_hall *nw,
    void (*emit)(void *arg, const char *change), void *arg);

/* The [slots] of a service, or NULL when it takes no appointments. */
const struct appt_service *appt_hall_service(const struct appt_hall *h, const char *code);

/* Whose slot lines apply on day: the weekday (0 Monday) of a working day, or -1 when the day
 * is not a working day (a weekend, a holiday not overridden). */
int appt_hall_workday(const struct appt_hall *h, int day);

/* The bookable days seen from today: today itself (its slots not yet started) through the
 * hall's days-th working day after today. */
void appt_hall_window(const struct appt_hall *h, int today, int *first, int *last);

/* The places of a slot line: its quota, or share_pct of its capacity rounded down (at least 0). */
int appt_rule_quota(const struct appt_hall *h, const struct appt_service *s,
    const struct appt_rule *r);

/* The slots of service s on the days from..to (local day numbers), in order of start. Writes
 * at most max; returns how many there are in all (which may exceed max). */
int appt_slots_list(const struct appt_hall *h, const struct appt_service *s, int from, int to,
    struct appt_slot *out, int max);

/* The slot of service s starting exactly at start, if any: 0 and *out, or -1. */
int appt_slots_find(const struct appt_hall *h, const struct appt_service *s, long long start,
    struct appt_slot *out);

#endif
