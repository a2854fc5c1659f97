/* hallconf.h — a hall's configuration (docs/HALL.md): parsed from the INI file with libinih,
 * validated whole, and compared with the previous one to report what an import changed. */
#ifndef JH_HALLCONF_H
#define JH_HALLCONF_H

#include <jansson.h>

#include "ratelimit.h"
#include "sched.h"
#include "sched_balance.h"

#define HALL_MAX_DEPTS		64
#define HALL_MAX_SERVICES	64
#define HALL_MAX_WINDOWS	64
#define HALL_MAX_DUTIES		32
#define HALL_CODE_LEN		8	/* service codes, prefixes, window names: up to 7 bytes */
#define HALL_NAME_LEN		128	/* names and labels: up to 127 bytes of UTF-8 */

enum {
	SVC_SAME_DAY = 1 << 0,
	SVC_SIMPLE_APPROVAL = 1 << 1,
	SVC_ZERO_VISIT = 1 << 2,
	SVC_APPOINTMENT = 1 << 3,
	SVC_NFLAGS = 4
};

struct hall_dept {
	char code[16];
	char name[HALL_NAME_LEN];
};

struct hall_service {
	char code[HALL_CODE_LEN];
	char name[HALL_NAME_LEN];
	char dept[16];
	char prefix[HALL_CODE_LEN];
	unsigned flags;
	int handle_s;		/* expected handling time (key handle), until the server has
				 * measured its own; 0: not given */
};

struct hall_duty {
	int service;		/* index into services */
	int backup;
};

struct hall_window {
	char name[HALL_CODE_LEN];
	char label[HALL_NAME_LEN];
	struct hall_duty duty[HALL_MAX_DUTIES];
	int nduty;
};

struct hall_conf {
	char name[HALL_NAME_LEN];
	char tz[64];
	int open_min, close_min;	/* minutes since local midnight */
	int wait_alert_s;
	int enforce_hours;
	struct sched_policy policy;
	int unserved_refuse;	/* [policy] unserved = refuse: take answers not_served for a
				 * service no open or paused window serves (0: issue) */
	/* [policy] auto_balance = on: jhd applies its rebalancing suggestion itself, every
	 * auto_balance_every seconds, adding backup duties only, up to auto_balance_max backup
	 * duties on a window (docs/SCHEDULING.md, section 6) */
	int balance_on, balance_every_s, balance_max;
	/* [limits]: requests a device may make per op and period (ratelimit.h), 0: none */
	int limits[RL_NCLASS];
	struct hall_dept dept[HALL_MAX_DEPTS];
	int ndept;
	struct hall_service svc[HALL_MAX_SERVICES];
	int nsvc;
	struct hall_window win[HALL_MAX_WINDOWS];
	int nwin;
};

/* Defaults for an empty hall (no services, no windows, UTC, 09:00-17:00). */
void hallconf_init(struct hall_conf *h);

/* Parse an INI text into *h. 0 on success; otherwise the line number of the first error
 * (or -1 for an error not tied to a line) and err holds "line N: what is wrong". */
int hallconf_parse(const char *text, struct hall_conf *h, char *err, int errlen);

/* Another module's sections of the hall file ([appointments], [slots CODE], [district]...):
 * the one reading of the file (hallconf_parse_sections) hands it every key of every section,
 * in order, with the section's name as libinih gives it and the key's line; it keeps its own
 * first error, which its caller reports after the hall's. */
struct hall_section_reader {
	void (*key)(void *arg, const char *section, const char *name, const char *value,
	    int line);
	void *arg;
};

/* The next line of *text, its newline included, copied into buf (size bytes: cut to size - 1)
 * and *text moved past what was copied: the line's whole length, or 0 at the end of the text.
 * The hall file's readers for libinih's ini_parse_stream read with it. */
size_t hallconf_next_line(const char **text, char *buf, int size);

/* hallconf_parse, reading the text once for *h and for each of the n readers as well. */
int hallconf_parse_sections(const char *text, struct hall_conf *h, char *err, int errlen,
    const struct hall_section_reader *readers, int n);

/* Index of a service / window / department by code or name, or -1. */
int hallconf_service(const struct hall_conf *h, const char *code);
int hallconf_window(const struct hall_conf *h, const char *name);
int hallconf_dept(const struct hall_conf *h, const char *code);

/* Wire names of the flags: "same-day", "simple-approval", "zero-visit", "appointment". */
const char *hallconf_flag_name(int bit);

/* Append to changes (a JSON array of strings) what differs from old to new. */
void hallconf_diff(const struct hall_conf *old, const struct hall_conf *nw, json_t *changes);

#endif
