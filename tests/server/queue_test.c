/* queue_test.c — unit tests of the live queue (server/queue.c): codes, picking with lanes,
 * duties and transfers to a window, counts. */
#include "queue.h"
#include "t.h"

static struct hall_conf h;
static struct queue q;

static void
setup(void)
{
	char err[256];

	hallconf_parse("[department D]\nname = D\n[service A]\nname = A\ndepartment = D\n"
	    "[service B]\nname = B\ndepartment = D\n[window 1]\nservices = A\n"
	    "[window 2]\nservices = B\n", &h, err, sizeof err);
	queue_free(&q);
	queue_init(&q, &h);
	snprintf(q.day, sizeof q.day, "2026-03-02");
}

static struct ticket *
add(long long id, int svc, int lane, long long at)
{
	struct ticket t;

	memset(&t, 0, sizeof t);
	t.id = id;
	t.svc = svc;
	t.lane = lane;
	t.issued_at = at;
	t.window = t.pin = -1;
	snprintf(t.day, sizeof t.day, "2026-03-02");
	queue_format_code(&q.conf.svc[svc], (int)id, t.code, sizeof t.code);
	queue_add(&q, &t);
	return queue_find(&q, id);
}

static void
codes_have_prefix_and_three_digits(void)
{
	char buf[16];

	setup();
	queue_format_code(&q.conf.svc[0], 1, buf, sizeof buf);
	T_EQ_STR(buf, "A001");
	queue_format_code(&q.conf.svc[1], 42, buf, sizeof buf);
	T_EQ_STR(buf, "B042");
	queue_format_code(&q.conf.svc[1], 1234, buf, sizeof buf);
	T_EQ_STR(buf, "B1234");
}

static void
pick_serves_only_the_windows_services(void)
{
	setup();
	add(1, 1, LANE_NORMAL, 100);
	add(2, 0, LANE_NORMAL, 200);
	T_EQ_INT(q.t[queue_pick(&q, 0, 300)].id, 2);
	T_EQ_INT(q.t[queue_pick(&q, 1, 300)].id, 1);
}

static void
pick_prefers_priority_lanes_then_age(void)
{
	setup();
	add(1, 0, LANE_NORMAL, 100);
	add(2, 0, LANE_NORMAL, 150);
	add(3, 0, LANE_GREEN, 200);
	T_EQ_INT(q.t[queue_pick(&q, 0, 300)].id, 3);
	queue_remove(&q, 3);
	T_EQ_INT(q.t[queue_pick(&q, 0, 300)].id, 1);
}

static void
a_ticket_transferred_to_a_window_waits_only_for_it(void)
{
	struct ticket *t;

	setup();
	t = add(1, 1, LANE_NORMAL, 100);	/* service B, but pinned to window 1 */
	t->pin = 0;
	T_EQ_INT(queue_pick(&q, 1, 300), -1);
	T_EQ_INT(q.t[queue_pick(&q, 0, 300)].id, 1);
}

static void
called_tickets_are_not_picked_or_counted(void)
{
	long long longest;

	setup();
	add(1, 0, LANE_NORMAL, 100)->state = TS_CALLED;
	add(2, 0, LANE_NORMAL, 160);
	T_EQ_INT(q.t[queue_pick(&q, 0, 300)].id, 2);
	T_EQ_INT(queue_waiting(&q, 0, 300, &longest), 1);
	T_EQ_INT(longest, 140);
	T_EQ_INT(queue_find_code(&q, "A002")->id, 2);
	T_CHECK(queue_find_code(&q, "A009") == NULL, "no such code");
}

static void
forecast_fills_every_live_ticket(void)
{
	int eta[4] = { 9, 9, 9, 9 }, ahead[4] = { 9, 9, 9, 9 };

	setup();
	q.win[0].state = WS_OPEN;
	add(1, 0, LANE_NORMAL, 100);
	add(2, 0, LANE_NORMAL, 110);
	add(3, 1, LANE_NORMAL, 120)->state = TS_CALLED;
	T_EQ_INT(queue_forecast(&q, 200, eta, ahead), 0);
	T_EQ_INT(ahead[0], 0);
	T_EQ_INT(ahead[1], 1);
	T_EQ_INT(ahead[2], 0);
	T_EQ_INT(eta[2], 0);
}

/* take answers with these figures: each live ticket keeps exactly what the forecast says,
 * a green newcomer included (it overtakes, and the tickets behind it move back) */
static void
forecast_store_keeps_the_forecasts_figures_in_each_ticket(void)
{
	int eta[4], ahead[4];

	setup();
	q.win[0].state = WS_OPEN;
	add(1, 0, LANE_NORMAL, 100);
	add(2, 0, LANE_NORMAL, 110);
	add(3, 1, LANE_NORMAL, 120);	/* no open window serves it */
	add(4, 0, LANE_GREEN, 190);
	T_EQ_INT(queue_forecast_store(&q, 200), 0);
	T_EQ_INT(queue_forecast(&q, 200, eta, ahead), 0);
	for (int i = 0; i < 4; i++) {
		T_EQ_INT(q.t[i].fc_eta, eta[i]);
		T_EQ_INT(q.t[i].fc_ahead, ahead[i]);
	}
	T_EQ_INT(q.t[3].fc_ahead, 0);	/* green first */
	T_EQ_INT(q.t[0].fc_ahead, 1);
	T_EQ_INT(q.t[0].fc_eta, 300);
	T_EQ_INT(q.t[1].fc_ahead, 2);
	T_EQ_INT(q.t[2].fc_eta, -1);
}

static void
handling_average_moves_towards_measurements(void)
{
	setup();
	for (int i = 0; i < 50; i++)
		queue_record_handle(&q, 0, 0, 60);
	T_CHECK(q.svc[0].avg_handle_s < 61 && q.svc[0].avg_handle_s > 59, "%f",
	    q.svc[0].avg_handle_s);
	T_CHECK(q.win[0].avg_handle_s < 61, "%f", q.win[0].avg_handle_s);
	T_CHECK(q.svc[1].avg_handle_s == QUEUE_DEFAULT_HANDLE_S, "untouched");
}

int
main(void)
{
	T_RUN(codes_have_prefix_and_three_digits);
	T_RUN(pick_serves_only_the_windows_services);
	T_RUN(pick_prefers_priority_lanes_then_age);
	T_RUN(a_ticket_transferred_to_a_window_waits_only_for_it);
	T_RUN(called_tickets_are_not_picked_or_counted);
	T_RUN(forecast_fills_every_live_ticket);
	T_RUN(forecast_store_keeps_the_forecasts_figures_in_each_ticket);
	T_RUN(handling_average_moves_towards_measurements);
	queue_free(&q);
	return t_done();
}
