/* sched_test.c — unit tests of the scheduling policy (server/sched.c): lanes, aging, window
 * duties, appointments, the max_overtake lock, the [policy] parser and the ETA forecast.
 * The seeded property tests over random halls are in sched_prop_test.c. */
#include <stdlib.h>
#include <string.h>

#include "../../server/sched.h"
#include "../lib/t.h"

#define NOW 1000000LL

static struct sched_policy pol;

static struct sched_ticket
tk(long long id, int service, enum sched_lane lane, long long issued_at)
{
	struct sched_ticket t;

	memset(&t, 0, sizeof t);
	t.id = id;
	t.service = service;
	t.lane = lane;
	t.issued_at = issued_at;
	return t;
}

static struct sched_ticket
appt(long long id, int service, long long issued_at, long long slot_start)
{
	struct sched_ticket t = tk(id, service, LANE_APPOINTMENT, issued_at);

	t.slot_start = slot_start;
	t.slot_end = slot_start + 1800;
	return t;
}

static const struct sched_duty only_a[] = { { 0, 0 } };
static const struct sched_duty a_b[] = { { 0, 0 }, { 1, 0 } };
static const struct sched_duty a_backup_b[] = { { 0, 0 }, { 1, 1 } };
static const struct sched_duty backup_b_only[] = { { 1, 1 } };

static void
lane_names_round_trip(void)
{
	for (int l = 0; l < LANE_COUNT; l++)
		T_EQ_INT(sched_lane_parse(sched_lane_name(l)), l);
	T_EQ_STR(sched_lane_name(LANE_GREEN), "green");
	T_EQ_STR(sched_lane_name(LANE_PREREVIEWED), "prereviewed");
	T_EQ_INT(sched_lane_parse("vip"), -1);
	T_EQ_INT(sched_lane_parse(""), -1);
	T_EQ_INT(sched_lane_parse(NULL), -1);
	T_EQ_STR(sched_lane_name((enum sched_lane)42), "normal");
}

static void
policy_default_is_documented_and_valid(void)
{
	struct sched_policy p;
	char err[160];

	memset(&p, 0x55, sizeof p);
	sched_policy_default(&p);
	T_EQ_INT(p.weight_s[LANE_NORMAL], 0);
	T_EQ_INT(p.weight_s[LANE_APPOINTMENT], 1800);
	T_EQ_INT(p.weight_s[LANE_GREEN], 1200);
	T_EQ_INT(p.weight_s[LANE_ELDERLY], 600);
	T_EQ_INT(p.weight_s[LANE_DISABLED], 600);
	T_EQ_INT(p.weight_s[LANE_PREREVIEWED], 300);
	T_EQ_INT(p.backup_threshold_s, 600);
	T_EQ_INT(p.appt_grace_s, 900);
	T_EQ_INT(p.max_overtake, 0);
	T_EQ_INT(sched_policy_check(&p, err, sizeof err), 0);
}

static void
policy_set_accepts_lanes_units_and_keys(void)
{
	struct sched_policy p;
	char err[160];

	sched_policy_default(&p);
	T_EQ_INT(sched_policy_set(&p, "green", "25m", err, sizeof err), 0);
	T_EQ_INT(p.weight_s[LANE_GREEN], 1500);
	T_EQ_INT(sched_policy_set(&p, "elderly", "700", err, sizeof err), 0);
	T_EQ_INT(p.weight_s[LANE_ELDERLY], 700);
	T_EQ_INT(sched_policy_set(&p, "appointment", "1h", err, sizeof err), 0);
	T_EQ_INT(p.weight_s[LANE_APPOINTMENT], 3600);
	T_EQ_INT(sched_policy_set(&p, "backup_threshold", "300s", err, sizeof err), 0);
	T_EQ_INT(p.backup_threshold_s, 300);
	T_EQ_INT(sched_policy_set(&p, "appt_grace", "10m", err, sizeof err), 0);
	T_EQ_INT(p.appt_grace_s, 600);
	T_EQ_INT(sched_policy_set(&p, "max_overtake", "5", err, sizeof err), 0);
	T_EQ_INT(p.max_overtake, 5);
	T_EQ_INT(sched_policy_check(&p, err, sizeof err), 0);
}

static void
policy_set_rejects_bad_input_with_a_clear_message(void)
{
	struct sched_policy p;
	char err[160];

	sched_policy_default(&p);
	T_EQ_INT(sched_policy_set(&p, "vip", "10", err, sizeof err), -1);
	T_CHECK(strstr(err, "unknown key \"vip\"") != NULL, "err: %s", err);
	T_EQ_INT(sched_policy_set(&p, "green", "ten", err, sizeof err), -1);
	T_CHECK(strstr(err, "not a whole number") != NULL, "err: %s", err);
	T_EQ_INT(sched_policy_set(&p, "green", "10x", err, sizeof err), -1);
	T_EQ_INT(sched_policy_set(&p, "green", "", err, sizeof err), -1);
	T_EQ_INT(sched_policy_set(&p, "green", "-5", err, sizeof err), -1);
	T_CHECK(strstr(err, "out of range") != NULL, "err: %s", err);
	T_EQ_INT(sched_policy_set(&p, "max_overtake", "100000", err, sizeof err), -1);
	T_EQ_INT(sched_policy_set(&p, "normal", "99999999999999999999", err, sizeof err), -1);
	T_EQ_INT(p.weight_s[LANE_GREEN], 1200);		/* untouched by the refusals */
	p.weight_s[LANE_ELDERLY] = -1;
	T_EQ_INT(sched_policy_check(&p, err, sizeof err), -1);
	T_CHECK(strstr(err, "elderly") != NULL, "err: %s", err);
	sched_policy_default(&p);
	p.max_overtake = -3;
	T_EQ_INT(sched_policy_check(&p, err, sizeof err), -1);
}

static void
pick_of_nothing_is_minus_one(void)
{
	struct sched_ticket t[] = { tk(1, 1, LANE_NORMAL, NOW - 100) };

	T_EQ_INT(sched_pick(&pol, only_a, 1, t, 0, NOW), -1);
	T_EQ_INT(sched_pick(&pol, only_a, 1, t, 1, NOW), -1);	/* service B not served */
	T_EQ_INT(sched_pick(&pol, only_a, 0, t, 1, NOW), -1);	/* no duty at all */
}

static void
same_lane_calls_the_oldest_first(void)
{
	struct sched_ticket t[] = {
		tk(3, 0, LANE_NORMAL, NOW - 100),
		tk(1, 0, LANE_NORMAL, NOW - 50),
		tk(2, 0, LANE_NORMAL, NOW - 300),
	};

	T_EQ_INT(sched_pick(&pol, only_a, 1, t, 3, NOW), 2);
}

static void
higher_lane_goes_first_at_equal_wait(void)
{
	struct sched_ticket t[] = {
		tk(1, 0, LANE_NORMAL, NOW - 100),
		tk(2, 0, LANE_PREREVIEWED, NOW - 100),
		tk(3, 0, LANE_GREEN, NOW - 100),
		tk(4, 0, LANE_ELDERLY, NOW - 100),
	};

	T_EQ_INT(sched_pick(&pol, only_a, 1, t, 4, NOW), 2);
}

static void
aging_lets_an_old_normal_ticket_beat_a_new_green_one(void)
{
	struct sched_ticket t[] = {
		tk(1, 0, LANE_GREEN, NOW - 10),
		tk(2, 0, LANE_NORMAL, NOW - 1211),
	};

	T_EQ_INT(sched_pick(&pol, only_a, 1, t, 2, NOW), 1);
	t[1].issued_at = NOW - 1209;
	T_EQ_INT(sched_pick(&pol, only_a, 1, t, 2, NOW), 0);
}

static void
equal_scores_go_to_the_lower_id(void)
{
	struct sched_ticket t[] = {
		tk(9, 0, LANE_NORMAL, NOW - 1300),	/* score 1300 */
		tk(7, 0, LANE_GREEN, NOW - 100),	/* score 1300 */
		tk(8, 1, LANE_ELDERLY, NOW - 700),	/* score 1300 */
	};

	T_EQ_INT(sched_pick(&pol, a_b, 2, t, 3, NOW), 1);
	t[1].id = 10;
	T_EQ_INT(sched_pick(&pol, a_b, 2, t, 3, NOW), 2);
}

static void
backup_service_is_served_while_primaries_are_short(void)
{
	struct sched_ticket t[] = {
		tk(1, 0, LANE_NORMAL, NOW - 100),
		tk(2, 1, LANE_NORMAL, NOW - 2000),
	};

	T_EQ_INT(sched_pick(&pol, a_backup_b, 2, t, 2, NOW), 1);
	T_EQ_INT(sched_eligible(&pol, a_backup_b, 2, t, 2, 1, NOW), 1);
	/* at exactly the threshold the primary has not waited LONGER than it */
	t[0].issued_at = NOW - 600;
	T_EQ_INT(sched_pick(&pol, a_backup_b, 2, t, 2, NOW), 1);
}

static void
backup_service_waits_when_a_primary_ticket_waited_past_the_threshold(void)
{
	struct sched_ticket t[] = {
		tk(1, 0, LANE_NORMAL, NOW - 601),
		tk(2, 1, LANE_GREEN, NOW - 500),	/* score 1700: first, were it eligible */
	};

	T_EQ_INT(sched_pick(&pol, a_backup_b, 2, t, 2, NOW), 0);
	T_EQ_INT(sched_eligible(&pol, a_backup_b, 2, t, 2, 1, NOW), 0);
	/* the same tickets at a window where B is primary: B goes first */
	T_EQ_INT(sched_pick(&pol, a_b, 2, t, 2, NOW), 1);
	/* a window with only backup duties has no primary ticket to protect */
	T_EQ_INT(sched_pick(&pol, backup_b_only, 1, t, 2, NOW), 1);
}

/* A backup citizen who came before every overdue primary ticket keeps that turn: the
 * suspension protects the window's own citizens from later ones only (docs/SCHEDULING.md,
 * "Window duties"). */
static double handle[4 * 3];
static void set_handle(int nw, double h);

static void
backup_ticket_issued_before_the_overdue_primaries_keeps_its_turn(void)
{
	struct sched_ticket t[] = {
		tk(1, 0, LANE_NORMAL, NOW - 900),	/* primary, overdue */
		tk(2, 1, LANE_NORMAL, NOW - 1000),	/* backup, came first */
		tk(3, 0, LANE_GREEN, NOW - 100),	/* score 1300 */
	};
	struct sched_window w[] = { { a_backup_b, 2, 1, NOW } };
	int eta[3], ahead[3];

	T_EQ_INT(sched_eligible(&pol, a_backup_b, 2, t, 3, 1, NOW), 1);
	T_EQ_INT(sched_pick(&pol, a_backup_b, 2, t, 3, NOW), 2);	/* green's head start */
	T_EQ_INT(sched_pick(&pol, a_backup_b, 2, t, 2, NOW), 1);	/* then by wait */
	/* an overdue primary ticket issued before it suspends it again */
	t[0].issued_at = NOW - 1001;
	T_EQ_INT(sched_eligible(&pol, a_backup_b, 2, t, 3, 1, NOW), 0);
	T_EQ_INT(sched_pick(&pol, a_backup_b, 2, t, 2, NOW), 0);
	/* the same tie of issue times goes to the lower id, as everywhere */
	t[0].issued_at = NOW - 1000;
	T_EQ_INT(sched_eligible(&pol, a_backup_b, 2, t, 3, 1, NOW), 0);
	/* the forecast follows: the backup ticket issued first is called first */
	t[0].issued_at = NOW - 900;
	set_handle(1, 100);
	T_EQ_INT(sched_forecast(&pol, w, 1, handle, 3, t, 2, NOW, eta, ahead), 0);
	T_EQ_INT(eta[1], 0);
	T_EQ_INT(eta[0], 100);
	/* B's best by score (a green ticket issued after the overdue A ticket) waits; the
	 * older normal B ticket behind it in score is called first, then A, then green */
	t[2] = tk(3, 1, LANE_GREEN, NOW - 100);		/* score 1300 */
	T_EQ_INT(sched_pick(&pol, a_backup_b, 2, t, 3, NOW), 1);
	T_EQ_INT(sched_forecast(&pol, w, 1, handle, 3, t, 3, NOW, eta, ahead), 0);
	T_EQ_INT(eta[1], 0);
	T_EQ_INT(eta[0], 100);
	T_EQ_INT(eta[2], 200);
}

static void
service_listed_as_primary_and_backup_counts_as_primary(void)
{
	static const struct sched_duty both[] = { { 1, 1 }, { 0, 0 }, { 1, 0 } };
	struct sched_ticket t[] = {
		tk(1, 0, LANE_NORMAL, NOW - 700),
		tk(2, 1, LANE_NORMAL, NOW - 2000),
	};

	T_EQ_INT(sched_pick(&pol, both, 3, t, 2, NOW), 1);
}

static void
early_appointment_waits_like_a_normal_ticket(void)
{
	struct sched_ticket t[] = {
		tk(1, 0, LANE_NORMAL, NOW - 300),
		appt(2, 0, NOW - 200, NOW + 60),	/* slot starts in a minute */
	};

	T_EQ_INT(sched_weight(&pol, &t[1], NOW), 0);
	T_EQ_INT(sched_pick(&pol, only_a, 1, t, 2, NOW), 0);
	t[0].issued_at = NOW - 100;
	T_EQ_INT(sched_pick(&pol, only_a, 1, t, 2, NOW), 1);
}

static void
due_appointment_goes_first_within_its_service(void)
{
	struct sched_ticket t[] = {
		tk(1, 0, LANE_NORMAL, NOW - 1500),
		tk(2, 0, LANE_GREEN, NOW - 500),
		appt(3, 0, NOW - 5, NOW),		/* slot starts now */
	};

	T_EQ_INT(sched_weight(&pol, &t[2], NOW), 1800);
	T_EQ_INT(sched_pick(&pol, only_a, 1, t, 3, NOW), 2);
	/* still due at the last second of the grace period */
	T_EQ_INT(sched_pick(&pol, only_a, 1, t, 3, NOW + 900), 2);
}

static void
late_appointment_loses_its_priority_after_the_grace_period(void)
{
	struct sched_ticket t[] = {
		tk(1, 0, LANE_NORMAL, NOW - 300),
		appt(2, 0, NOW - 100, NOW - 901),
	};

	T_EQ_INT(sched_weight(&pol, &t[1], NOW), 0);
	T_EQ_INT(sched_pick(&pol, only_a, 1, t, 2, NOW), 0);
}

static void
appointment_lane_without_a_slot_uses_the_lane_weight(void)
{
	struct sched_ticket t[] = {
		tk(1, 0, LANE_GREEN, NOW - 300),
		tk(2, 0, LANE_APPOINTMENT, NOW - 10),
	};

	T_EQ_INT(sched_weight(&pol, &t[1], NOW), 1800);
	T_EQ_INT(sched_pick(&pol, only_a, 1, t, 2, NOW), 1);
}

static void
out_of_range_lane_counts_as_normal(void)
{
	struct sched_ticket t[] = {
		tk(1, 0, (enum sched_lane)77, NOW - 300),
		tk(2, 0, LANE_NORMAL, NOW - 301),
	};

	T_EQ_INT(sched_weight(&pol, &t[0], NOW), 0);
	T_EQ_INT(sched_pick(&pol, only_a, 1, t, 2, NOW), 1);
}

static void
max_overtake_locks_the_queue_behind_a_passed_ticket(void)
{
	struct sched_policy p = pol;
	struct sched_ticket t[] = {
		tk(1, 0, LANE_NORMAL, NOW - 100),
		tk(2, 0, LANE_GREEN, NOW - 50),
		tk(3, 0, LANE_GREEN, NOW - 40),
		tk(4, 0, LANE_GREEN, NOW - 30),
	};
	int n = 4, k;

	p.max_overtake = 2;
	for (int round = 0; round < 2; round++) {
		k = sched_pick(&p, only_a, 1, t, n, NOW);
		T_EQ_INT(t[k].lane, LANE_GREEN);
		sched_note_call(&p, only_a, 1, t, n, k, NOW);
		t[k] = t[--n];
	}
	T_EQ_INT(t[0].passed, 2);
	k = sched_pick(&p, only_a, 1, t, n, NOW);
	T_EQ_INT(t[k].id, 1);		/* the normal ticket, not the last green one */
	/* without the bound the green one would go */
	p.max_overtake = 0;
	T_EQ_INT(t[sched_pick(&p, only_a, 1, t, n, NOW)].lane, LANE_GREEN);
}

static void
note_call_counts_only_older_eligible_tickets(void)
{
	struct sched_ticket t[] = {
		tk(1, 0, LANE_NORMAL, NOW - 100),	/* older, eligible */
		tk(2, 2, LANE_NORMAL, NOW - 100),	/* older, service not served */
		tk(3, 0, LANE_GREEN, NOW - 50),		/* called */
		tk(4, 0, LANE_NORMAL, NOW - 10),	/* younger */
	};

	sched_note_call(&pol, a_b, 2, t, 4, 2, NOW);
	T_EQ_INT(t[0].passed, 1);
	T_EQ_INT(t[1].passed, 0);
	T_EQ_INT(t[2].passed, 0);
	T_EQ_INT(t[3].passed, 0);
	sched_note_call(&pol, a_b, 2, t, 4, -1, NOW);	/* ignored */
	sched_note_call(&pol, a_b, 2, t, 4, 4, NOW);
	T_EQ_INT(t[0].passed, 1);
}

/* Forecast helpers: up to 4 windows x 3 services. */

static void
set_handle(int nw, double h)
{
	for (int i = 0; i < nw * 3; i++)
		handle[i] = h;
}

static void
forecast_one_window_is_a_sum_of_handling_times(void)
{
	struct sched_window w[] = { { only_a, 1, 1, NOW } };
	struct sched_ticket t[] = {
		tk(1, 0, LANE_NORMAL, NOW - 300),
		tk(2, 0, LANE_NORMAL, NOW - 200),
		tk(3, 0, LANE_NORMAL, NOW - 100),
	};
	int eta[3], ahead[3];

	set_handle(1, 240);
	T_EQ_INT(sched_forecast(&pol, w, 1, handle, 3, t, 3, NOW, eta, ahead), 0);
	T_EQ_INT(eta[0], 0);
	T_EQ_INT(eta[1], 240);
	T_EQ_INT(eta[2], 480);
	T_EQ_INT(ahead[0], 0);
	T_EQ_INT(ahead[1], 1);
	T_EQ_INT(ahead[2], 2);
	/* a busy window calls only when it is free */
	w[0].free_at = NOW + 100;
	T_EQ_INT(sched_forecast(&pol, w, 1, handle, 3, t, 3, NOW, eta, ahead), 0);
	T_EQ_INT(eta[0], 100);
	T_EQ_INT(eta[2], 580);
}

static void
forecast_follows_the_policy_not_the_position(void)
{
	struct sched_window w[] = { { only_a, 1, 1, NOW } };
	struct sched_ticket t[] = {
		tk(1, 0, LANE_NORMAL, NOW - 300),
		tk(2, 0, LANE_GREEN, NOW - 10),	/* score 1190 > 300: called first */
	};
	int eta[2], ahead[2];

	set_handle(1, 300);
	T_EQ_INT(sched_forecast(&pol, w, 1, handle, 3, t, 2, NOW, eta, ahead), 0);
	T_EQ_INT(eta[1], 0);
	T_EQ_INT(eta[0], 300);
	T_EQ_INT(ahead[0], 1);
	T_EQ_INT(ahead[1], 0);
}

static void
forecast_uses_each_windows_own_handling_time(void)
{
	struct sched_window w[] = { { only_a, 1, 1, NOW }, { only_a, 1, 1, NOW } };
	struct sched_ticket t[5];
	int eta[5], ahead[5];

	for (int i = 0; i < 5; i++)
		t[i] = tk(i + 1, 0, LANE_NORMAL, NOW - 500 + i);
	handle[0 * 3 + 0] = 100;	/* window 0: fast */
	handle[1 * 3 + 0] = 1000;	/* window 1: slow */
	T_EQ_INT(sched_forecast(&pol, w, 2, handle, 3, t, 5, NOW, eta, ahead), 0);
	T_EQ_INT(eta[0], 0);		/* window 0 */
	T_EQ_INT(eta[1], 0);		/* window 1 */
	T_EQ_INT(eta[2], 100);		/* window 0 again, and again */
	T_EQ_INT(eta[3], 200);
	T_EQ_INT(eta[4], 300);
	T_EQ_INT(ahead[4], 4);
}

static void
forecast_gives_minus_one_when_no_open_window_serves_the_service(void)
{
	struct sched_window w[] = { { only_a, 1, 1, NOW }, { a_b, 2, 0, NOW } };
	struct sched_ticket t[] = {
		tk(1, 1, LANE_NORMAL, NOW - 300),
		tk(2, 0, LANE_NORMAL, NOW - 200),
		tk(3, 1, LANE_GREEN, NOW - 100),
		tk(4, 7, LANE_NORMAL, NOW - 900),	/* unknown service */
	};
	int eta[4], ahead[4];

	set_handle(2, 60);
	T_EQ_INT(sched_forecast(&pol, w, 2, handle, 3, t, 4, NOW, eta, ahead), 0);
	T_EQ_INT(eta[1], 0);
	T_EQ_INT(eta[0], -1);
	T_EQ_INT(eta[2], -1);
	T_EQ_INT(eta[3], -1);
	T_EQ_INT(ahead[2], 0);		/* green goes before the older normal ticket */
	T_EQ_INT(ahead[0], 1);
	T_EQ_INT(ahead[3], 0);
}

static void
forecast_backup_window_helps_once_primaries_are_gone(void)
{
	/* window 0 serves A (primary) and B (backup); window 1 serves B. */
	struct sched_window w[] = { { a_backup_b, 2, 1, NOW }, { backup_b_only + 0, 1, 0, NOW } };
	struct sched_ticket t[] = {
		tk(1, 0, LANE_NORMAL, NOW - 700),	/* primary, past the threshold */
		tk(2, 1, LANE_NORMAL, NOW - 650),
		tk(3, 1, LANE_NORMAL, NOW - 620),
	};
	int eta[3], ahead[3];

	set_handle(2, 100);
	T_EQ_INT(sched_forecast(&pol, w, 2, handle, 3, t, 3, NOW, eta, ahead), 0);
	T_EQ_INT(eta[0], 0);
	T_EQ_INT(eta[1], 100);
	T_EQ_INT(eta[2], 200);
}

static void
forecast_calls_the_overdue_primary_before_helping_with_a_backup(void)
{
	/* A waited past the backup threshold: the window calls it first, then helps with B,
	 * although B's green ticket has the higher score. */
	struct sched_window w[] = { { a_backup_b, 2, 1, NOW } };
	struct sched_ticket t[] = {
		tk(1, 1, LANE_GREEN, NOW - 500),
		tk(2, 0, LANE_NORMAL, NOW - 601),
	};
	int eta[2], ahead[2];

	set_handle(1, 50);
	T_EQ_INT(sched_forecast(&pol, w, 1, handle, 3, t, 2, NOW, eta, ahead), 0);
	T_EQ_INT(eta[1], 0);
	T_EQ_INT(eta[0], 50);
}

static void
forecast_bad_handling_time_counts_as_one_second(void)
{
	struct sched_window w[] = { { only_a, 1, 1, NOW } };
	struct sched_ticket t[] = {
		tk(1, 0, LANE_NORMAL, NOW - 300),
		tk(2, 0, LANE_NORMAL, NOW - 200),
	};
	int eta[2], ahead[2];

	handle[0] = -5;
	T_EQ_INT(sched_forecast(&pol, w, 1, handle, 3, t, 2, NOW, eta, ahead), 0);
	T_EQ_INT(eta[1], 1);
	T_EQ_INT(sched_forecast(&pol, w, 1, handle, 3, t, 0, NOW, eta, ahead), 0);
}

static void
forecast_expects_priority_newcomers_to_pass(void)
{
	struct sched_window w[] = { { only_a, 1, 1, NOW + 400 } };
	struct sched_ticket t[] = { tk(1, 0, LANE_NORMAL, NOW) };
	double rate[3 * LANE_COUNT] = { 0 };
	int eta[1], ahead[1];

	set_handle(1, 200);
	rate[0 * LANE_COUNT + LANE_GREEN] = 1.0 / 600;	/* one green newcomer at NOW + 300 */
	T_EQ_INT(sched_forecast_arrivals(&pol, w, 1, handle, 3, rate, t, 1, NOW, eta, ahead), 0);
	T_EQ_INT(eta[0], 600);		/* the green one goes first at NOW + 400 */
	T_EQ_INT(ahead[0], 0);		/* expected newcomers are not counted as people */
	T_EQ_INT(sched_forecast_arrivals(&pol, w, 1, handle, 3, NULL, t, 1, NOW, eta, ahead), 0);
	T_EQ_INT(eta[0], 400);
	/* normal newcomers never pass an older normal ticket: not simulated */
	rate[0 * LANE_COUNT + LANE_GREEN] = 0;
	rate[0 * LANE_COUNT + LANE_NORMAL] = 1.0;
	T_EQ_INT(sched_forecast_arrivals(&pol, w, 1, handle, 3, rate, t, 1, NOW, eta, ahead), 0);
	T_EQ_INT(eta[0], 400);
	/* newcomers of a service this window does not serve change nothing */
	rate[0 * LANE_COUNT + LANE_NORMAL] = 0;
	rate[1 * LANE_COUNT + LANE_GREEN] = 1.0 / 60;
	T_EQ_INT(sched_forecast_arrivals(&pol, w, 1, handle, 3, rate, t, 1, NOW, eta, ahead), 0);
	T_EQ_INT(eta[0], 400);
}

static void
forecast_newcomers_wake_an_idle_window(void)
{
	/* window 1 serves only B, which is empty now; a green B newcomer at NOW + 30 is called
	 * there, and A's ticket still goes at window 0. A high rate is capped, not a hang. */
	static const struct sched_duty only_b[] = { { 1, 0 } };
	struct sched_window w[] = { { only_a, 1, 1, NOW }, { only_b, 1, 1, NOW } };
	struct sched_ticket t[] = { tk(1, 0, LANE_NORMAL, NOW - 10) };
	double rate[3 * LANE_COUNT] = { 0 };
	int eta[1], ahead[1];

	set_handle(2, 100);
	rate[1 * LANE_COUNT + LANE_GREEN] = 1.0 / 60;
	rate[2 * LANE_COUNT + LANE_ELDERLY] = 1e6;	/* C: nobody serves it */
	T_EQ_INT(sched_forecast_arrivals(&pol, w, 2, handle, 3, rate, t, 1, NOW, eta, ahead), 0);
	T_EQ_INT(eta[0], 0);
}

static void
forecast_an_idle_window_waits_for_the_newcomers_it_serves(void)
{
	/* window 1 serves only B, empty now: it waits for the green B newcomer at NOW + 50 and
	 * calls it, so window 0 calls A's second ticket when it is free at NOW + 100. Were
	 * window 1 done instead, that newcomer would go first at window 0 (A2 at NOW + 200). */
	static const struct sched_duty only_b[] = { { 1, 0 } };
	struct sched_window w[] = { { a_b, 2, 1, NOW }, { only_b, 1, 1, NOW } };
	struct sched_ticket t[] = {
		tk(1, 0, LANE_NORMAL, NOW - 10),
		tk(2, 0, LANE_NORMAL, NOW - 5),
	};
	double rate[3 * LANE_COUNT] = { 0 };
	int eta[2], ahead[2];

	set_handle(2, 100);
	rate[1 * LANE_COUNT + LANE_GREEN] = 1.0 / 100;	/* at NOW + 50, 150, 250, ... */
	T_EQ_INT(sched_forecast_arrivals(&pol, w, 2, handle, 3, rate, t, 2, NOW, eta, ahead), 0);
	T_EQ_INT(eta[0], 0);
	T_EQ_INT(eta[1], 100);
	T_EQ_INT(sched_forecast_arrivals_reference(&pol, w, 2, handle, 3, rate, t, 2, NOW, eta,
	    ahead), 0);
	T_EQ_INT(eta[1], 100);
}

int
main(void)
{
	sched_policy_default(&pol);
	T_RUN(lane_names_round_trip);
	T_RUN(policy_default_is_documented_and_valid);
	T_RUN(policy_set_accepts_lanes_units_and_keys);
	T_RUN(policy_set_rejects_bad_input_with_a_clear_message);
	T_RUN(pick_of_nothing_is_minus_one);
	T_RUN(same_lane_calls_the_oldest_first);
	T_RUN(higher_lane_goes_first_at_equal_wait);
	T_RUN(aging_lets_an_old_normal_ticket_beat_a_new_green_one);
	T_RUN(equal_scores_go_to_the_lower_id);
	T_RUN(backup_service_is_served_while_primaries_are_short);
	T_RUN(backup_service_waits_when_a_primary_ticket_waited_past_the_threshold);
	T_RUN(backup_ticket_issued_before_the_overdue_primaries_keeps_its_turn);
	T_RUN(service_listed_as_primary_and_backup_counts_as_primary);
	T_RUN(early_appointment_waits_like_a_normal_ticket);
	T_RUN(due_appointment_goes_first_within_its_service);
	T_RUN(late_appointment_loses_its_priority_after_the_grace_period);
	T_RUN(appointment_lane_without_a_slot_uses_the_lane_weight);
	T_RUN(out_of_range_lane_counts_as_normal);
	T_RUN(max_overtake_locks_the_queue_behind_a_passed_ticket);
	T_RUN(note_call_counts_only_older_eligible_tickets);
	T_RUN(forecast_one_window_is_a_sum_of_handling_times);
	T_RUN(forecast_follows_the_policy_not_the_position);
	T_RUN(forecast_uses_each_windows_own_handling_time);
	T_RUN(forecast_gives_minus_one_when_no_open_window_serves_the_service);
	T_RUN(forecast_backup_window_helps_once_primaries_are_gone);
	T_RUN(forecast_calls_the_overdue_primary_before_helping_with_a_backup);
	T_RUN(forecast_bad_handling_time_counts_as_one_second);
	T_RUN(forecast_expects_priority_newcomers_to_pass);
	T_RUN(forecast_newcomers_wake_an_idle_window);
	T_RUN(forecast_an_idle_window_waits_for_the_newcomers_it_serves);
	return t_done();
}
