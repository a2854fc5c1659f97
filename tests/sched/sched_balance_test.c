/* sched_balance_test.c — the rebalancing suggestion (server/sched_balance.c): a service piling
 * up is given, as a backup, to the idle window that shortens its waits; a balanced hall gets no
 * suggestion; closed windows, windows that serve the service already and windows at their
 * backup limit are never chosen; the windows' duties are left as they were. */
#include <string.h>

#include "../../server/sched_balance.h"
#include "../lib/t.h"

#define NOW 1000000LL

static struct sched_policy P;
static struct sched_ticket T[64];
static double H[4 * 3];

/* windows: 0 serves A (0); 1 serves B (1); 2 serves C (2) and has `backups` backups of B */
static struct sched_duty D0[] = { { 0, 0 } }, D1[] = { { 1, 0 } };
static struct sched_duty D2[8];
static struct sched_window W[3];

static void
hall(int open2, int backups)
{
	sched_policy_default(&P);
	W[0] = (struct sched_window){ D0, 1, 1, NOW };
	W[1] = (struct sched_window){ D1, 1, 1, NOW };
	D2[0] = (struct sched_duty){ 2, 0 };
	for (int k = 0; k < backups; k++)
		D2[1 + k] = (struct sched_duty){ 1, 1 };	/* B again: only for the count */
	W[2] = (struct sched_window){ D2, 1 + backups, open2, NOW };
	for (int i = 0; i < 12; i++)
		H[i] = 300;
}

/* n tickets of service s, issued one a minute up to now */
static int
tickets(int from, int n, int s)
{
	for (int i = 0; i < n; i++) {
		memset(&T[from + i], 0, sizeof T[0]);
		T[from + i].id = from + i + 1;
		T[from + i].service = s;
		T[from + i].lane = LANE_NORMAL;
		T[from + i].issued_at = NOW - 60 * (n - i);
	}
	return from + n;
}

static void
a_piling_service_goes_to_the_idle_window(void)
{
	struct sched_balance out;
	int n;

	hall(1, 0);
	n = tickets(0, 12, 0);		/* A: 12 waiting, one window */
	n = tickets(n, 1, 1);		/* B: 1 */
	T_EQ_INT(sched_balance_best(&P, W, 3, H, 3, 3, T, n, NOW, SCHED_BALANCE_MAX,
	    SCHED_BALANCE_MIN_GAIN, NULL, &out), 1);
	T_EQ_INT(out.service, 0);
	T_EQ_INT(out.window, 2);	/* idle: nobody waits for C */
	T_CHECK(out.wait_s > out.others_s, "wait %lld, others %lld", out.wait_s, out.others_s);
	T_CHECK(W[2].duty == D2 && W[2].nduty == 1 && W[0].duty == D0 && W[1].duty == D1,
	    "the windows' duties are put back");
}

static void
a_balanced_hall_gets_no_suggestion(void)
{
	struct sched_balance out;
	int n;

	hall(1, 0);
	n = tickets(0, 2, 0);
	n = tickets(n, 2, 1);
	n = tickets(n, 2, 2);
	T_EQ_INT(sched_balance_best(&P, W, 3, H, 3, 3, T, n, NOW, SCHED_BALANCE_MAX,
	    SCHED_BALANCE_MIN_GAIN, NULL, &out), 0);
	T_EQ_INT(sched_balance_best(&P, W, 3, H, 3, 3, T, 0, NOW, SCHED_BALANCE_MAX,
	    SCHED_BALANCE_MIN_GAIN, NULL, &out), 0);	/* nobody waits */
}

static void
closed_windows_and_windows_at_their_limit_are_not_chosen(void)
{
	struct sched_balance out;
	int n, rc;

	hall(0, 0);			/* window 2 closed */
	n = tickets(0, 12, 0);
	rc = sched_balance_best(&P, W, 3, H, 3, 3, T, n, NOW, SCHED_BALANCE_MAX,
	    SCHED_BALANCE_MIN_GAIN, NULL, &out);
	T_CHECK(rc == 0 || (rc == 1 && out.window == 1), "rc %d window %d", rc, out.window);
	hall(1, 2);			/* window 2 open but at its limit of 2 backups */
	rc = sched_balance_best(&P, W, 3, H, 3, 3, T, n, NOW, 2, SCHED_BALANCE_MIN_GAIN, NULL, &out);
	T_CHECK(rc == 0 || (rc == 1 && out.window == 1), "rc %d window %d", rc, out.window);
	T_CHECK(rc == 0 || out.service == 0, "service %d", out.service);
}

int
main(void)
{
	T_RUN(a_piling_service_goes_to_the_idle_window);
	T_RUN(a_balanced_hall_gets_no_suggestion);
	T_RUN(closed_windows_and_windows_at_their_limit_are_not_chosen);
	return t_done();
}
