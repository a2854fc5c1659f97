/* ratelimit_test.c — unit tests of the per-device token buckets (server/ratelimit.c). */
#include <stdio.h>
#include <string.h>

#include "ratelimit.h"
#include "t.h"

/* How many of n requests at time now go through. */
static int
passed(const char *dev, int cls, int limit, long long now, int n)
{
	int ok = 0, started;

	for (int i = 0; i < n; i++)
		ok += ratelimit_take(dev, cls, limit, now, &started) == 0;
	return ok;
}

static void
a_burst_gets_the_limit_then_waits(void)
{
	int started;

	ratelimit_clear();
	T_EQ_INT(passed("kiosk-1", RL_TAKE, 30, 1000, 5000), 30);
	/* 30 a minute: a token every 2 s */
	T_EQ_INT(ratelimit_take("kiosk-1", RL_TAKE, 30, 1000, &started), 2);
	T_EQ_INT(ratelimit_take("kiosk-1", RL_TAKE, 30, 1001, &started), 1);
	T_EQ_INT(ratelimit_take("kiosk-1", RL_TAKE, 30, 1002, &started), 0);
	T_EQ_INT(passed("kiosk-1", RL_TAKE, 30, 1002, 10), 0);
	/* a minute later: 30 again, not more (the bucket holds 30) */
	T_EQ_INT(passed("kiosk-1", RL_TAKE, 30, 1100, 100), 30);
}

static void
devices_and_ops_are_apart(void)
{
	int started;

	ratelimit_clear();
	T_EQ_INT(passed("kiosk-1", RL_BOOK, 20, 0, 100), 20);
	T_EQ_INT(passed("kiosk-2", RL_BOOK, 20, 0, 100), 20);
	T_EQ_INT(passed("kiosk-1", RL_TAKE, 30, 0, 100), 30);
	T_EQ_INT(passed("kiosk-1", RL_CHECKIN, 10, 0, 100), 10);
	/* 20 an hour: the next booking in 180 s */
	T_EQ_INT(ratelimit_take("kiosk-1", RL_BOOK, 20, 0, &started), 180);
}

static void
zero_is_no_limit(void)
{
	ratelimit_clear();
	T_EQ_INT(passed("kiosk-1", RL_TAKE, 0, 0, 10000), 10000);
}

static void
an_episode_starts_once_and_ends_when_quiet(void)
{
	int started;
	char list[200];

	ratelimit_clear();
	passed("kiosk-1", RL_TAKE, 2, 0, 2);
	T_EQ_INT(ratelimit_active(0, list, sizeof list), 0);
	T_CHECK(ratelimit_take("kiosk-1", RL_TAKE, 2, 0, &started) > 0, "refused");
	T_EQ_INT(started, 1);
	T_CHECK(ratelimit_take("kiosk-1", RL_TAKE, 2, 0, &started) > 0, "refused");
	T_EQ_INT(started, 0);
	passed("kiosk-1", RL_BOOK, 1, 0, 3);
	T_EQ_INT(ratelimit_refused("kiosk-1"), 4);
	T_EQ_INT(ratelimit_active(10, list, sizeof list), 1);
	T_EQ_STR(list, "kiosk-1 (take, book)");
	T_EQ_INT(ratelimit_active(RL_QUIET_S - 1, list, sizeof list), 1);
	T_EQ_INT(ratelimit_active(RL_QUIET_S, list, sizeof list), 0);
	T_EQ_INT(ratelimit_refused("kiosk-1"), 0);
	/* refused again: a new episode */
	T_CHECK(ratelimit_take("kiosk-1", RL_BOOK, 1, RL_QUIET_S, &started) > 0, "refused");
	T_EQ_INT(started, 1);
}

static void
a_lowered_limit_applies_at_once(void)
{
	ratelimit_clear();
	T_EQ_INT(passed("kiosk-1", RL_TAKE, 100, 0, 10), 10);
	T_EQ_INT(passed("kiosk-1", RL_TAKE, 5, 0, 100), 5);
}

static void
a_clock_stepped_back_gives_nothing_back(void)
{
	ratelimit_clear();
	T_EQ_INT(passed("kiosk-1", RL_TAKE, 30, 10000, 30), 30);
	T_EQ_INT(passed("kiosk-1", RL_TAKE, 30, 5000, 30), 0);
	T_EQ_INT(passed("kiosk-1", RL_TAKE, 30, 5002, 30), 1);
}

static void
a_full_table_keeps_its_episodes(void)
{
	char name[32];
	int started;

	ratelimit_clear();
	passed("flooder", RL_TAKE, 1, 0, 2);	/* in an episode */
	for (int i = 0; i < 3 * RL_SLOTS; i++) {
		snprintf(name, sizeof name, "kiosk-%d", i);
		ratelimit_take(name, RL_TAKE, 30, 1 + i, &started);
	}
	T_EQ_INT(ratelimit_refused("flooder"), 1);
}

int
main(void)
{
	T_RUN(a_burst_gets_the_limit_then_waits);
	T_RUN(devices_and_ops_are_apart);
	T_RUN(zero_is_no_limit);
	T_RUN(an_episode_starts_once_and_ends_when_quiet);
	T_RUN(a_lowered_limit_applies_at_once);
	T_RUN(a_clock_stepped_back_gives_nothing_back);
	T_RUN(a_full_table_keeps_its_episodes);
	return t_done();
}
