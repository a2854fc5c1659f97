/* ratelimit.h — requests of a device per op, each a token bucket: a device may do an op N
 * times in a burst, and N times in each period after that (tokens come back at N per period,
 * spread evenly). A refusal starts the device's episode; the episode ends RL_QUIET_S seconds
 * after its last refusal. Pure: times are the caller's (seconds), no I/O. The table holds
 * RL_SLOTS devices; past that the stalest one not in an episode makes room. */
#ifndef JH_RATELIMIT_H
#define JH_RATELIMIT_H

#include <stddef.h>

/* The ops a device's limits cover, in the order of the hall file's [limits] keys. */
enum { RL_TAKE, RL_BOOK, RL_CHECKIN, RL_CANCEL, RL_NCLASS };

#define RL_SLOTS	1024
#define RL_NAME_LEN	48	/* device names (struct session's who) */
#define RL_QUIET_S	60	/* an episode ends this long after its last refusal */
#define RL_MAX		100000	/* the most a [limits] key allows; 0 is "no limit" */

struct rl_class {
	const char *op;		/* the wire op */
	const char *key;	/* the [limits] key */
	int period_s;		/* per minute, per hour */
	const char *period;	/* "a minute", "an hour" */
	int dflt;		/* the default, when the hall file does not set the key */
};
extern const struct rl_class rl_classes[RL_NCLASS];	/* in hallconf.c, with the hall file */

/* The class of an op, or -1 when no limit covers it. */
int ratelimit_class(const char *op);
/* One request of device for class cls (limit per its period; 0: no limit) at now: 0 when it
 * may go ahead (a token taken), else the seconds until a token is back (at least 1). *started
 * is set to 1 when this refusal starts the device's episode, else 0. */
long long ratelimit_take(const char *device, int cls, int limit, long long now, int *started);
/* The devices in an episode at now (episodes over by then end here): their number, and in
 * buf (len bytes, may be 0) a list for people, "kiosk-3 (take), kiosk-5 (book)", cut short
 * with "and N more". */
int ratelimit_active(long long now, char *buf, size_t len);
/* Refusals of device since its episode started (0 when it is in none). */
long long ratelimit_refused(const char *device);
/* Forget everything (tests). */
void ratelimit_clear(void);

#endif
