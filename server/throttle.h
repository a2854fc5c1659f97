/* throttle.h — failed sign-ins, counted per user name and per client address: after
 * THROTTLE_FAILS refusals within THROTTLE_WINDOW_S seconds the name (or address) is locked
 * for THROTTLE_WINDOW_S seconds, and its hellos are refused before any password is hashed
 * (a refusal then costs nothing). Pure: times are the caller's (seconds), no I/O. The table
 * holds THROTTLE_SLOTS names and addresses; past that the stalest entry that is not locked
 * (else the lock that ends first) makes room. */
#ifndef JH_THROTTLE_H
#define JH_THROTTLE_H

#include <stddef.h>

#define THROTTLE_FAILS		5
#define THROTTLE_WINDOW_S	300
#define THROTTLE_SLOTS		1024
#define THROTTLE_KEY_LEN	64

enum { TH_USER, TH_ADDR };

/* Seconds left of the lock on (kind, key) at now, or 0 when it is not locked. */
long long throttle_locked(int kind, const char *key, long long now);
/* A refusal of (kind, key) at now: 1 when it locks it (this refusal is the THROTTLE_FAILS-th
 * within the window), else 0. */
int throttle_fail(int kind, const char *key, long long now);
/* A successful sign-in: forget the refusals of (kind, key). */
void throttle_reset(int kind, const char *key);
/* The locks active at now: their number, and in buf (len bytes, may be 0) a list for people,
 * "user alice, address 10.0.0.7", cut short with "and N more". */
int throttle_active(long long now, char *buf, size_t len);
/* Forget everything (tests). */
void throttle_clear(void);

#endif
