/* throttle_test.c — unit tests of the failed sign-in counts (server/throttle.c). */
#include <stdio.h>
#include <string.h>

#include "t.h"
#include "throttle.h"

static void
five_refusals_in_the_window_lock(void)
{
	throttle_clear();
	for (int i = 0; i < THROTTLE_FAILS - 1; i++)
		T_EQ_INT(throttle_fail(TH_USER, "alice", 1000 + i), 0);
	T_EQ_INT(throttle_locked(TH_USER, "alice", 1004), 0);
	T_EQ_INT(throttle_fail(TH_USER, "alice", 1004), 1);
	T_EQ_INT(throttle_locked(TH_USER, "alice", 1004), THROTTLE_WINDOW_S);
	T_EQ_INT(throttle_locked(TH_USER, "alice", 1104), THROTTLE_WINDOW_S - 100);
	/* refusals while locked do not extend it */
	T_EQ_INT(throttle_fail(TH_USER, "alice", 1200), 0);
	T_EQ_INT(throttle_locked(TH_USER, "alice", 1200), 1004 + THROTTLE_WINDOW_S - 1200);
	T_EQ_INT(throttle_locked(TH_USER, "alice", 1004 + THROTTLE_WINDOW_S), 0);
	/* the other kind and other names are apart */
	T_EQ_INT(throttle_locked(TH_ADDR, "alice", 1100), 0);
	T_EQ_INT(throttle_locked(TH_USER, "bob", 1100), 0);
}

static void
old_refusals_fall_out_of_the_window(void)
{
	throttle_clear();
	for (int i = 0; i < THROTTLE_FAILS - 1; i++)
		T_EQ_INT(throttle_fail(TH_ADDR, "10.0.0.7", 0), 0);
	/* the window has passed: this is the first of a new count */
	T_EQ_INT(throttle_fail(TH_ADDR, "10.0.0.7", THROTTLE_WINDOW_S), 0);
	T_EQ_INT(throttle_locked(TH_ADDR, "10.0.0.7", THROTTLE_WINDOW_S), 0);
	for (int i = 0; i < THROTTLE_FAILS - 2; i++)
		T_EQ_INT(throttle_fail(TH_ADDR, "10.0.0.7", THROTTLE_WINDOW_S + 1), 0);
	T_EQ_INT(throttle_fail(TH_ADDR, "10.0.0.7", THROTTLE_WINDOW_S + 2), 1);
}

static void
a_sign_in_resets(void)
{
	throttle_clear();
	for (int i = 0; i < THROTTLE_FAILS - 1; i++)
		throttle_fail(TH_USER, "alice", 10);
	throttle_reset(TH_USER, "alice");
	T_EQ_INT(throttle_fail(TH_USER, "alice", 11), 0);
}

static void
active_locks_are_listed(void)
{
	char buf[256], small[40];

	throttle_clear();
	T_EQ_INT(throttle_active(0, buf, sizeof buf), 0);
	T_EQ_STR(buf, "");
	for (int i = 0; i < THROTTLE_FAILS; i++) {
		throttle_fail(TH_USER, "alice", 100);
		throttle_fail(TH_ADDR, "10.0.0.7", 160);
	}
	T_EQ_INT(throttle_active(200, buf, sizeof buf), 2);
	T_CHECK(strstr(buf, "user alice") != NULL, "%s", buf);
	T_CHECK(strstr(buf, "address 10.0.0.7") != NULL, "%s", buf);
	T_EQ_INT(throttle_active(200, small, 30), 2);
	T_CHECK(strstr(small, "and 1 more") != NULL, "%s", small);
	T_EQ_INT(throttle_active(400, buf, sizeof buf), 1);
	T_EQ_INT(throttle_active(460, buf, sizeof buf), 0);
}

static void
a_full_table_keeps_its_locks(void)
{
	char key[32];

	throttle_clear();
	for (int i = 0; i < THROTTLE_FAILS; i++)
		throttle_fail(TH_USER, "alice", 5);
	/* a spray of names, each refused once, fills the table many times over */
	for (int i = 0; i < 3 * THROTTLE_SLOTS; i++) {
		snprintf(key, sizeof key, "u%d", i);
		throttle_fail(TH_USER, key, 6 + i / 1000);
	}
	T_CHECK(throttle_locked(TH_USER, "alice", 10) > 0, "alice is still locked");
}

int
main(void)
{
	T_RUN(five_refusals_in_the_window_lock);
	T_RUN(old_refusals_fall_out_of_the_window);
	T_RUN(a_sign_in_resets);
	T_RUN(active_locks_are_listed);
	T_RUN(a_full_table_keeps_its_locks);
	return t_done();
}
