/* test_view.c — the hall picture from server events and status, and what each display kind
 * shows of it. */
#include <string.h>

#include <jansson.h>

#include "t.h"
#include "callboard.h"
#include "view.h"

static int
apply(struct callboard *h, const char *json)
{
	json_error_t je;
	json_t *ev = json_loads(json, 0, &je);
	char err[160];
	int r;

	if (!ev)
		return -99;
	r = strstr(json, "\"event\"") ? callboard_apply_event(h, ev, err, sizeof err) :
	    callboard_apply_status(h, ev, err, sizeof err);
	json_decref(ev);
	return r;
}

static struct view_cfg
vcfg(enum drv_kind kind, int lines, const char *win)
{
	struct view_cfg c;

	memset(&c, 0, sizeof c);
	c.kind = kind;
	c.lines = lines;
	if (win) {
		c.nwin = 1;
		snprintf(c.win[0], sizeof c.win[0], "%s", win);
	}
	return c;
}

static void
call_shows_on_its_window_strip_only(void)
{
	struct callboard h;
	struct view_cfg w3 = vcfg(DRV_KIND_WINDOW, 2, "3"), w4 = vcfg(DRV_KIND_WINDOW, 1, "4");
	struct drv_view v;

	callboard_init(&h);
	T_EQ_INT(apply(&h, "{\"event\":\"call\",\"ticket\":{\"code\":\"A001\",\"state\":\"called\"},"
	    "\"window\":\"3\",\"recall\":0}"), 1);
	view_build(&w3, &h, &v);
	T_EQ_INT(v.mode, DRV_MODE_CALLING);
	T_EQ_STR(v.line[0].alt[0], "请A001号到3号窗口");
	T_EQ_STR(v.line[0].alt[1], "A001 → 3");
	T_EQ_STR(v.line[0].alt[2], "A001 -> 3");
	T_EQ_STR(v.line[1].alt[0], "3号窗口");
	T_EQ_INT(v.value, 1);
	view_build(&w4, &h, &v);
	T_EQ_INT(v.mode, DRV_MODE_IDLE);
	T_EQ_STR(v.line[0].alt[0], "欢迎光临");
	T_EQ_STR(v.line[0].alt[1], "Welcome");
}

static void
board_lists_latest_calls_newest_first_and_recall_moves_up(void)
{
	struct callboard h;
	struct view_cfg bd = vcfg(DRV_KIND_BOARD, 2, NULL);
	struct drv_view v, before;

	callboard_init(&h);
	callboard_call(&h, "1", "A001", 0);
	callboard_call(&h, "2", "B001", 0);
	callboard_call(&h, "3", "A002", 0);
	view_build(&bd, &h, &v);
	T_EQ_INT(v.nlines, 2);
	T_EQ_STR(v.line[0].alt[1], "A002 → 3");
	T_EQ_STR(v.line[1].alt[1], "B001 → 2");
	before = v;
	apply(&h, "{\"event\":\"call\",\"ticket\":{\"code\":\"A001\"},\"window\":\"1\",\"recall\":1}");
	view_build(&bd, &h, &v);
	T_EQ_STR(v.line[0].alt[1], "A001 → 1");
	T_EQ_STR(v.line[1].alt[1], "A002 → 3");
	T_CHECK(v.seq != before.seq, "a recall flashes again");
	T_EQ_INT(h.nhist, 3);	/* A001 once, not twice */
}

static void
board_covers_only_its_windows(void)
{
	struct callboard h;
	struct view_cfg bd = vcfg(DRV_KIND_BOARD, 2, "2");
	struct drv_view v;

	callboard_init(&h);
	callboard_call(&h, "1", "A001", 0);
	view_build(&bd, &h, &v);
	T_EQ_INT(v.mode, DRV_MODE_IDLE);
	callboard_call(&h, "2", "B001", 0);
	callboard_call(&h, "1", "A002", 0);
	view_build(&bd, &h, &v);
	T_EQ_INT(v.nlines, 1);
	T_EQ_STR(v.line[0].alt[1], "B001 → 2");
}

static void
paused_and_closed_windows_show_so(void)
{
	struct callboard h;
	struct view_cfg w = vcfg(DRV_KIND_WINDOW, 1, "5");
	struct drv_view v;

	callboard_init(&h);
	callboard_call(&h, "5", "C003", 0);
	T_EQ_INT(apply(&h, "{\"event\":\"window\",\"window\":{\"name\":\"5\",\"state\":\"paused\","
	    "\"current\":null}}"), 1);
	view_build(&w, &h, &v);
	T_EQ_INT(v.mode, DRV_MODE_PAUSED);
	T_EQ_STR(v.line[0].alt[0], "暂停服务");
	apply(&h, "{\"event\":\"window\",\"window\":{\"name\":\"5\",\"state\":\"closed\"}}");
	view_build(&w, &h, &v);
	T_EQ_INT(v.mode, DRV_MODE_BLANK);
	apply(&h, "{\"event\":\"window\",\"window\":{\"name\":\"5\",\"state\":\"open\"}}");
	view_build(&w, &h, &v);
	T_EQ_INT(v.mode, DRV_MODE_IDLE);
}

static void
finished_ticket_leaves_the_strip(void)
{
	struct callboard h;
	struct view_cfg w = vcfg(DRV_KIND_WINDOW, 1, "3");
	struct drv_view v;

	callboard_init(&h);
	callboard_call(&h, "3", "A001", 0);
	T_EQ_INT(apply(&h, "{\"event\":\"ticket\",\"ticket\":{\"code\":\"A001\",\"state\":\"done\","
	    "\"window\":\"3\"}}"), 1);
	view_build(&w, &h, &v);
	T_EQ_INT(v.mode, DRV_MODE_IDLE);
	T_EQ_INT(apply(&h, "{\"event\":\"ticket\",\"ticket\":{\"code\":\"A009\",\"state\":\"waiting\"}}"),
	    0);
}

static void
status_resync_shows_calls_missed_while_away(void)
{
	struct callboard h;
	struct view_cfg w = vcfg(DRV_KIND_WINDOW, 1, "2");
	struct drv_view v;
	unsigned seq;

	callboard_init(&h);
	callboard_call(&h, "2", "A001", 0);
	seq = h.seq;
	T_EQ_INT(apply(&h, "{\"windows\":[{\"name\":\"1\",\"state\":\"open\",\"current\":null},"
	    "{\"name\":\"2\",\"state\":\"open\",\"current\":{\"code\":\"A004\",\"state\":\"called\"}}]}"),
	    1);
	view_build(&w, &h, &v);
	T_EQ_STR(v.line[0].alt[1], "A004 → 2");
	T_CHECK(h.seq != seq, "a new call flashes");
	/* the same status again changes nothing */
	seq = h.seq;
	T_EQ_INT(apply(&h, "{\"windows\":[{\"name\":\"2\",\"state\":\"open\",\"current\":"
	    "{\"code\":\"A004\",\"state\":\"called\"}}]}"), 0);
	T_EQ_INT(h.seq, seq);
}

static void
malformed_events_are_refused_with_a_reason(void)
{
	struct callboard h;

	callboard_init(&h);
	T_EQ_INT(apply(&h, "{\"event\":\"call\",\"window\":\"3\"}"), -1);
	T_EQ_INT(apply(&h, "{\"event\":\"window\",\"window\":{\"name\":\"3\",\"state\":\"asleep\"}}"),
	    -1);
	T_EQ_INT(apply(&h, "{\"event\":\"call\",\"ticket\":{\"code\":\"A00000000000000000001\"},"
	    "\"window\":\"3\"}"), -1);
	T_EQ_INT(apply(&h, "{\"windows\":3}"), -1);
	T_EQ_INT(apply(&h, "{\"event\":\"alert\",\"alert\":{}}"), 0);
}

static void
history_keeps_the_newest_sixteen(void)
{
	struct callboard h;
	char code[8];

	callboard_init(&h);
	for (int i = 1; i <= 20; i++) {
		snprintf(code, sizeof code, "A%03d", i);
		callboard_call(&h, "1", code, 0);
	}
	T_EQ_INT(h.nhist, CB_HISTORY);
	T_EQ_STR(h.hist[0].code, "A020");
	T_EQ_STR(h.hist[CB_HISTORY - 1].code, "A005");
}

int
main(void)
{
	T_RUN(call_shows_on_its_window_strip_only);
	T_RUN(board_lists_latest_calls_newest_first_and_recall_moves_up);
	T_RUN(board_covers_only_its_windows);
	T_RUN(paused_and_closed_windows_show_so);
	T_RUN(finished_ticket_leaves_the_strip);
	T_RUN(status_resync_shows_calls_missed_while_away);
	T_RUN(malformed_events_are_refused_with_a_reason);
	T_RUN(history_keeps_the_newest_sixteen);
	return t_done();
}
