/* stats_test.c — the statistics digest (server/stats.c) without a database: legs measured
 * from the event sequence (take, call, transfer, requeue, finish), exact nearest-rank medians
 * and p90s, local hours and dates, ranges, grouping by several keys, and the log read once. */
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "t.h"

static long long next_id;

#define T0 1772413200LL		/* 2026-03-02T09:00:00+08:00 */

static void
ev(struct stats *s, long long at, long long ticket, const char *what, const char *svc,
    const char *win, const char *who)
{
	struct stats_event e = {
		.id = ++next_id, .at = at, .ticket = ticket, .utc_offset_s = 8 * 3600, .what = what,
		.who = who, .window = win, .service = svc, .lane = "normal", .channel = "walk_in",
		.applicant = "individual",
	};

	T_CHECK(stats_feed(s, &e) == 0, "feed %s", what);
}

/* a call carrying the ETA the ticket was given */
static void
call_eta(struct stats *s, long long at, long long ticket, const char *svc, const char *win,
    const char *detail)
{
	struct stats_event e = {
		.id = ++next_id, .at = at, .ticket = ticket, .utc_offset_s = 8 * 3600,
		.what = "call", .who = "ann", .window = win, .service = svc, .lane = "normal",
		.channel = "walk_in", .applicant = "individual", .detail = detail,
	};

	T_CHECK(stats_feed(s, &e) == 0, "feed call %s", detail ? detail : "");
}

static json_t *
query(struct stats *s, long long from, long long to, int d0, int d1)
{
	struct stats_query q = { .from = from, .to = to, .dim = { d0, d1 }, .ndim = d1 < 0 ? 1 : 2,
	    .key_list = d1 >= 0, .top = 3 };
	int too_many;

	return stats_query_json(s, &q, &too_many);
}

static long long
num(json_t *ans, int row, const char *field)
{
	json_t *v = json_object_get(json_array_get(json_object_get(ans, "rows"), row), field);

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

/* a real field ×10 as an integer (one decimal), -1 when null or absent */
static long long
tenths(json_t *ans, int row, const char *field)
{
	json_t *v = json_object_get(json_array_get(json_object_get(ans, "rows"), row), field);

	return json_is_real(v) ? (long long)(json_real_value(v) * 10 + (json_real_value(v) < 0 ?
	    -0.5 : 0.5)) : -1;
}

static void
eta_errors_are_relative_to_the_wait_with_a_minute_floor(void)
{
	struct stats *s = stats_new();
	json_t *a;

	/* ticket 1: told 600 s, waited 500 s: +20.0%; 2: told 100, waited 200: -50.0%;
	 * 3: told 40, waited 10: +30 s over the 60 s floor, +50.0%; 4: told 300, waited 300: 0;
	 * 5: no ETA given (a ticket from before a restart): not counted; 6: transferred, its
	 * second leg has no ETA of its own */
	static const struct { int told, waited; const char *detail; } t[] = {
		{ 600, 500, "eta 600" }, { 100, 200, "eta 100" }, { 40, 10, "eta 40" },
		{ 300, 300, "eta 300" }, { 0, 120, NULL },
	};
	for (int i = 0; i < 5; i++) {
		ev(s, T0, i + 1, "take", "A", NULL, "kiosk");
		call_eta(s, T0 + t[i].waited, i + 1, "A", "1", t[i].detail);
		ev(s, T0 + t[i].waited + 60, i + 1, "finish", "A", "1", "ann");
	}
	ev(s, T0, 6, "take", "B", NULL, "kiosk");
	call_eta(s, T0 + 90, 6, "B", "2", "eta 90");
	ev(s, T0 + 100, 6, "transfer", "B", "2", "bo");
	ev(s, T0 + 100, 6, "requeue", "C", NULL, "bo");
	call_eta(s, T0 + 400, 6, "C", "3", NULL);
	ev(s, T0 + 460, 6, "finish", "C", "3", "cy");
	a = query(s, T0, T0 + 3600, SD_SERVICE, -1);
	T_EQ_INT(num(a, 0, "etas"), 4);
	T_EQ_INT(tenths(a, 0, "eta_error_median_pct"), 200);	/* |e| 0, 20, 50, 50: 2nd */
	T_EQ_INT(tenths(a, 0, "eta_bias_pct"), 50);		/* (20 - 50 + 50 + 0) / 4 */
	T_EQ_INT(num(a, 1, "etas"), 1);				/* B: told 90, waited 90 */
	T_EQ_INT(tenths(a, 1, "eta_error_median_pct"), 0);
	T_EQ_INT(num(a, 2, "etas"), 0);				/* C: the requeued leg */
	T_CHECK(json_is_null(json_object_get(json_array_get(json_object_get(a, "rows"), 2),
	    "eta_error_median_pct")), "no sample: null");
	json_decref(a);
	/* a malformed detail is no ETA */
	ev(s, T0 + 1000, 7, "take", "A", NULL, "kiosk");
	call_eta(s, T0 + 1100, 7, "A", "1", "eta soon");
	ev(s, T0 + 1200, 7, "finish", "A", "1", "ann");
	a = query(s, T0, T0 + 3600, SD_SERVICE, -1);
	T_EQ_INT(num(a, 0, "etas"), 4);
	json_decref(a);
	stats_free(s);
}


static void
percentiles_are_nearest_rank_over_the_legs(void)
{
	struct stats *s = stats_new();
	json_t *a;

	/* ten tickets of A waiting 10, 20, ... 100 s, handled 5 s each */
	for (int i = 1; i <= 10; i++) {
		ev(s, T0, i, "take", "A", NULL, "kiosk");
		ev(s, T0 + 10 * i, i, "call", "A", "1", "ann");
		ev(s, T0 + 10 * i + 5 * i, i, "finish", "A", "1", "ann");
	}
	a = query(s, T0, T0 + 3600, SD_SERVICE, -1);
	T_EQ_INT(num(a, 0, "issued"), 10);
	T_EQ_INT(num(a, 0, "served"), 10);
	T_EQ_INT(num(a, 0, "avg_wait_s"), 55);
	T_EQ_INT(num(a, 0, "median_wait_s"), 50);	/* 5th of 10 */
	T_EQ_INT(num(a, 0, "p90_wait_s"), 90);		/* 9th of 10 */
	T_EQ_INT(num(a, 0, "max_wait_s"), 100);
	T_EQ_INT(num(a, 0, "avg_handle_s"), 28);	/* 27.5 rounds up */
	T_EQ_INT(num(a, 0, "p90_handle_s"), 45);
	json_decref(a);
	stats_free(s);
}

static void
a_transfer_ends_one_leg_and_the_next_waits_from_the_requeue(void)
{
	struct stats *s = stats_new();
	json_t *a;

	ev(s, T0, 1, "take", "A", NULL, "kiosk");
	ev(s, T0 + 100, 1, "call", "A", "1", "ann");
	ev(s, T0 + 130, 1, "recall", "A", "1", "ann");
	ev(s, T0 + 200, 1, "transfer", "A", "1", "ann");
	ev(s, T0 + 200, 1, "requeue", "B", NULL, "ann");
	ev(s, T0 + 500, 1, "call", "B", "2", "bo");
	ev(s, T0 + 560, 1, "no_show", "B", "2", "bo");
	a = query(s, T0, T0 + 3600, SD_SERVICE, -1);
	T_EQ_INT(num(a, 0, "transferred"), 1);
	T_EQ_INT(num(a, 0, "max_wait_s"), 100);
	T_EQ_INT(num(a, 0, "avg_handle_s"), -1);	/* only finished legs are handling times */
	T_EQ_INT(num(a, 1, "no_show"), 1);
	T_EQ_INT(num(a, 1, "issued"), 0);
	T_EQ_INT(num(a, 1, "max_wait_s"), 300);
	json_decref(a);
	stats_free(s);
}

static void
hours_and_days_are_local_and_ranges_half_open(void)
{
	struct stats *s = stats_new();
	json_t *a;

	ev(s, T0 - 1, 1, "take", "A", NULL, "kiosk");		/* 08:59:59 */
	ev(s, T0 + 15 * 3600, 2, "take", "A", NULL, "kiosk");	/* 00:00 the next day */
	a = query(s, T0 - 3600, T0 + 86400, SD_DAY, SD_HOUR);
	T_EQ_INT(json_array_size(json_object_get(a, "rows")), 2);
	T_EQ_STR(json_string_value(json_array_get(json_object_get(json_array_get(
	    json_object_get(a, "rows"), 0), "key"), 1)), "08:00");
	T_EQ_STR(json_string_value(json_array_get(json_object_get(json_array_get(
	    json_object_get(a, "rows"), 1), "key"), 0)), "2026-03-03");
	json_decref(a);
	a = query(s, T0, T0 + 15 * 3600, SD_SERVICE, -1);
	T_EQ_INT(json_array_size(json_object_get(a, "rows")), 0);	/* both just outside */
	json_decref(a);
	stats_free(s);
}

static void
events_already_read_are_ignored(void)
{
	struct stats *s = stats_new();
	struct stats_event e = { .id = 5, .at = T0, .ticket = 1, .what = "take", .service = "A" };
	json_t *a;

	T_EQ_INT(stats_feed(s, &e), 0);
	T_EQ_INT(stats_feed(s, &e), 0);
	e.id = 4;
	T_EQ_INT(stats_feed(s, &e), 0);
	T_EQ_INT(stats_last_id(s), 5);
	a = query(s, T0, T0 + 1, SD_SERVICE, -1);
	T_EQ_INT(num(a, 0, "issued"), 1);
	json_decref(a);
	stats_free(s);
}

static void
departments_group_their_services_and_hot_lists_rank(void)
{
	struct stats *s = stats_new();
	json_t *a, *hot;

	stats_set_department(s, "A", "RS");
	stats_set_department(s, "B", "RS");
	stats_set_department(s, "C", "TAX");
	for (int i = 1; i <= 6; i++)
		ev(s, T0, i, "take", i <= 3 ? "A" : i <= 5 ? "B" : "C", NULL, "kiosk");
	ev(s, T0 + 900, 6, "call", "C", "1", "ann");
	ev(s, T0 + 950, 6, "finish", "C", "1", "ann");
	a = query(s, T0, T0 + 3600, SD_DEPARTMENT, -1);
	T_EQ_INT(num(a, 0, "issued"), 5);
	T_EQ_INT(num(a, 1, "issued"), 1);
	hot = json_object_get(a, "hot");
	T_EQ_STR(json_string_value(json_object_get(json_array_get(json_object_get(hot,
	    "by_volume"), 0), "service")), "A");
	T_EQ_INT(json_array_size(json_object_get(hot, "by_volume")), 3);
	T_EQ_STR(json_string_value(json_object_get(json_array_get(json_object_get(hot,
	    "by_wait"), 0), "service")), "C");
	json_decref(a);
	stats_free(s);
}

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void
random_waits_give_the_sorted_ranks(void)
{
	enum { N = 2001 };
	static int w[N];
	struct stats *s = stats_new();
	unsigned x = 12345;
	json_t *a;

	for (int i = 0; i < N; i++) {
		x = x * 1103515245 + 12345;
		w[i] = (x >> 8) % 5000;
		if (i % 7 == 0)
			w[i] = 777;	/* many equal values */
		ev(s, T0, i + 1, "take", "A", NULL, "kiosk");
		ev(s, T0 + w[i], i + 1, "call", "A", "1", "ann");
		ev(s, T0 + w[i] + 1, i + 1, "finish", "A", "1", "ann");
	}
	qsort(w, N, sizeof w[0], cmp_int);
	a = query(s, T0, T0 + 86400, SD_SERVICE, -1);
	T_EQ_INT(num(a, 0, "median_wait_s"), w[(N + 1) / 2 - 1]);
	T_EQ_INT(num(a, 0, "p90_wait_s"), w[(N * 90 + 99) / 100 - 1]);
	T_EQ_INT(num(a, 0, "max_wait_s"), w[N - 1]);
	json_decref(a);
	stats_free(s);
}

int
main(void)
{
	T_RUN(percentiles_are_nearest_rank_over_the_legs);
	T_RUN(a_transfer_ends_one_leg_and_the_next_waits_from_the_requeue);
	T_RUN(hours_and_days_are_local_and_ranges_half_open);
	T_RUN(events_already_read_are_ignored);
	T_RUN(departments_group_their_services_and_hot_lists_rank);
	T_RUN(random_waits_give_the_sorted_ranks);
	T_RUN(eta_errors_are_relative_to_the_wait_with_a_minute_floor);
	return t_done();
}
