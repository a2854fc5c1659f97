/* session.c — sessions, the sign-in throttle and small parsers (see session.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "jhcli.h"
#include "session.h"

#define THROTTLE_MAX 4096	/* addresses remembered; a full table forgets the stalest */

static struct session sessions[SESSION_MAX];
static long long idle_limit = 30 * 60 * 1000LL, age_limit = 12 * 3600 * 1000LL;

struct fails {
	char addr[64];
	long long start;	/* the window's first failure (0: unused) */
	int fails, inflight;
};
static struct fails throttle[THROTTLE_MAX];

void
session_config(long long idle_ms, long long max_ms)
{
	idle_limit = idle_ms;
	age_limit = max_ms;
}

static int
expired(const struct session *s, long long now)
{
	return !s->id[0] || now - s->last_ms > idle_limit || now - s->created_ms > age_limit;
}

int
random_token(char out[SESSION_ID_LEN + 1])
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char r[33];
	size_t i;

	if (getrandom(r, 32, 0) != 32)
		return -1;
	r[32] = 0;
	/* 32 bytes, 6 bits a character: 43 characters (the last from 2 bits) */
	for (i = 0; i < SESSION_ID_LEN; i++) {
		size_t bit = i * 6, byte = bit / 8, sh = bit % 8;
		unsigned v = ((unsigned)r[byte] << 8 | r[byte + 1]) >> (10 - sh);

		out[i] = b64[v & 63];
	}
	out[SESSION_ID_LEN] = '\0';
	return 0;
}

const struct session *
session_new(const char *user, long long now)
{
	struct session *s = NULL;
	size_t i;

	for (i = 0; i < SESSION_MAX && !s; i++)
		if (expired(&sessions[i], now))
			s = &sessions[i];
	if (!s) {	/* full of live sessions: the one idle longest goes */
		s = &sessions[0];
		for (i = 1; i < SESSION_MAX; i++)
			if (sessions[i].last_ms < s->last_ms)
				s = &sessions[i];
	}
	if (random_token(s->id) < 0)
		return NULL;
	snprintf(s->user, sizeof s->user, "%s", user);
	s->created_ms = s->last_ms = now;
	return s;
}

static struct session *
lookup(const char *id)
{
	if (!id || strlen(id) != SESSION_ID_LEN)
		return NULL;
	for (size_t i = 0; i < SESSION_MAX; i++)
		if (sessions[i].id[0] && strcmp(sessions[i].id, id) == 0)
			return &sessions[i];
	return NULL;
}

const struct session *
session_find(const char *id, long long now)
{
	struct session *s = lookup(id);

	if (!s)
		return NULL;
	if (expired(s, now)) {
		memset(s, 0, sizeof *s);
		return NULL;
	}
	s->last_ms = now;
	return s;
}

void
session_end(const char *id)
{
	struct session *s = lookup(id);

	if (s)
		memset(s, 0, sizeof *s);
}

int
session_end_user(const char *user)
{
	int n = 0;

	for (size_t i = 0; i < SESSION_MAX; i++)
		if (sessions[i].id[0] && strcmp(sessions[i].user, user) == 0) {
			memset(&sessions[i], 0, sizeof sessions[i]);
			n++;
		}
	return n;
}

void
session_free_all(void)
{
	memset(sessions, 0, sizeof sessions);
}

/* ---- the throttle ---- */

static struct fails *
fails_of(const char *addr, long long now, int make)
{
	struct fails *f = NULL, *stale = &throttle[0];

	for (size_t i = 0; i < THROTTLE_MAX; i++) {
		struct fails *t = &throttle[i];

		if (t->start && !t->inflight && now - t->start >= THROTTLE_WINDOW_MS)
			t->start = 0, t->fails = 0;	/* the window is over */
		if (t->start && strcmp(t->addr, addr) == 0)
			return t;
		if (!t->start && !f)
			f = t;
		if (t->start < stale->start && !t->inflight)
			stale = t;
	}
	if (!make)
		return NULL;
	if (!f)
		f = stale;
	memset(f, 0, sizeof *f);
	snprintf(f->addr, sizeof f->addr, "%s", addr);
	f->start = now;
	return f;
}

long long
throttle_wait(const char *addr, long long now)
{
	struct fails *f = fails_of(addr, now, 0);

	if (!f || f->fails + f->inflight < THROTTLE_FAILS)
		return 0;
	return f->start + THROTTLE_WINDOW_MS - now > 0 ? f->start + THROTTLE_WINDOW_MS - now : 1;
}

void
throttle_begin(const char *addr, long long now)
{
	fails_of(addr, now, 1)->inflight++;
}

void
throttle_end(const char *addr, int failed, long long now)
{
	struct fails *f = fails_of(addr, now, 1);

	if (f->inflight > 0)
		f->inflight--;
	if (failed)
		f->fails++;
	else if (!f->fails && !f->inflight)
		f->start = 0;		/* nothing to remember */
}

void
throttle_free_all(void)
{
	memset(throttle, 0, sizeof throttle);
}

/* ---- parsers ---- */

int
form_value(const char *body, size_t len, const char *name, char *out, size_t cap)
{
	size_t nl = strlen(name), i = 0;

	out[0] = '\0';
	while (i < len) {
		size_t end = i;

		while (end < len && body[end] != '&')
			end++;
		if (end - i > nl && memcmp(body + i, name, nl) == 0 && body[i + nl] == '=') {
			size_t o = 0;

			for (size_t k = i + nl + 1; k < end; k++) {
				char c = body[k];

				if (c == '+')
					c = ' ';
				else if (c == '%') {
					int h, l;

					if (k + 2 >= end)
						return -1;
					if ((h = jh_hexval(body[k + 1])) < 0 || (l = jh_hexval(body[k + 2])) < 0)
						return -1;
					c = (char)(h << 4 | l);
					k += 2;
				}
				if (c == '\0' || o + 1 >= cap)
					return -1;
				out[o++] = c;
			}
			out[o] = '\0';
			return 1;
		}
		i = end + 1;
	}
	return 0;
}

int
date_ok(const char *s)
{
	int y, m, d;
	char tail;
	struct tm tm = { 0 };

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	timegm(&tm);		/* normalises: 02-30 becomes 03-02 */
	return tm.tm_mday == d && tm.tm_mon == m - 1;
}

void
date_add(const char *s, int days, char out[11])
{
	struct tm tm = { 0 };
	time_t t;

	sscanf(s, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	t = timegm(&tm) + (time_t)days * 86400;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}
