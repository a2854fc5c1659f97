/* session.h — the signed-in sessions of jhweb's /stats, the throttle of wrong passwords per
 * client address, and the small parsers they need (pure: the caller passes the clock). */
#ifndef JH_WEB_SESSION_H
#define JH_WEB_SESSION_H

#include <stddef.h>

#define SESSION_COOKIE	"jhs"
#define SESSION_ID_LEN	43	/* base64url of 32 random bytes */
#define SESSION_MAX	1024	/* sessions at once: the oldest idle one goes first */
#define THROTTLE_FAILS	5	/* wrong passwords per address ... */
#define THROTTLE_WINDOW_MS (10 * 60 * 1000LL)	/* ... in this window, then 429 until it ends */

struct session {
	char id[SESSION_ID_LEN + 1];
	char user[48];
	long long created_ms, last_ms;
};

/* 32 random bytes (getrandom) as 43 characters of base64url into out: 0, or -1 when the
 * random source fails. Session ids and the booking pages' form tokens. */
int random_token(char out[SESSION_ID_LEN + 1]);

/* Sessions expire after idle_ms without a request, and max_ms after sign-in in any case. */
void session_config(long long idle_ms, long long max_ms);
/* A new session for user (id from getrandom); NULL when the random source fails. */
const struct session *session_new(const char *user, long long now);
/* The live session of a cookie value (its idle time restarts), or NULL. */
const struct session *session_find(const char *id, long long now);
void session_end(const char *id);
/* End every session of user (jhd signed the user out): how many ended. */
int session_end_user(const char *user);
void session_free_all(void);

/* The throttle, per client address (text). throttle_wait: 0 when a sign-in may be tried now,
 * else the ms until the window ends (inflight attempts count as failures until they end).
 * throttle_begin before an attempt, throttle_end after it with its outcome. */
long long throttle_wait(const char *addr, long long now);
void throttle_begin(const char *addr, long long now);
void throttle_end(const char *addr, int failed, long long now);
void throttle_free_all(void);

/* The value of name in an application/x-www-form-urlencoded body (decoded) into out:
 * 1 found, 0 not (out ""), -1 too long or malformed. */
int form_value(const char *body, size_t len, const char *name, char *out, size_t cap);

/* A date YYYY-MM-DD that exists: 1 or 0. date_add: the date days later (days may be < 0). */
int date_ok(const char *s);
void date_add(const char *s, int days, char out[11]);

#endif
