/* layout_test.c — jhterm's screen logic without a terminal: text widths with Chinese, duration
 * formats, the big digits, table column widths, the hall model fed by JSON, and the clerk,
 * supervisor and login layouts at 80×24 and larger. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "big.h"
#include "fmt.h"
#include "hall.h"
#include "i18n.h"
#include "layout.h"
#include "login.h"
#include "say.h"
#include "t.h"
#include "text.h"
#include "utf8.h"
#include "ui.h"

#define NOW 1764000000LL	/* our clock in these tests */

/* Display column where needle starts in row r, or -1. */
static int
col_of(const struct ui_screen *s, int r, const char *needle)
{
	const char *t = ui_text(s, r), *p = strstr(t, needle);
	char pre[UI_LINE_BYTES];

	if (!p)
		return -1;
	memcpy(pre, t, (size_t)(p - t));
	pre[p - t] = '\0';
	return utf8_width(pre);
}

/* The first row at or after from containing needle, or -1. */
static int
find_from(const struct ui_screen *s, int from, const char *needle)
{
	int r;

	for (r = from; r < s->rows; r++)
		if (strstr(ui_text(s, r), needle))
			return r;
	return -1;
}

static json_t *
js(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, 0, &e);

	if (!v)
		printf("# bad test JSON: %s\n", e.text);
	return v;
}

static void
text_width_counts_chinese_as_two_columns(void)
{
	T_EQ_INT(utf8_width("A001"), 4);
	T_EQ_INT(utf8_width("社保登记"), 8);
	T_EQ_INT(utf8_width("A 社保"), 6);
	T_EQ_INT(utf8_width(""), 0);
	T_EQ_INT(utf8_width("\xff" "a"), 2);	/* a bad byte takes one column */
}

static void
text_fit_pads_cuts_and_never_splits_a_wide_char(void)
{
	char b[64];

	tx_fit(b, sizeof b, "社保", 6, TX_LEFT);
	T_EQ_STR(b, "社保  ");
	tx_fit(b, sizeof b, "社保", 6, TX_RIGHT);
	T_EQ_STR(b, "  社保");
	tx_fit(b, sizeof b, "社保参保登记", 6, TX_LEFT);
	T_EQ_STR(b, "社保… ");	/* 4 + 1 + a space where half of 参 would go */
	T_EQ_INT(utf8_width(b), 6);
	tx_fit(b, sizeof b, "abcdefgh", 5, TX_LEFT);
	T_EQ_STR(b, "abcd…");
	tx_fit(b, sizeof b, "ab", 4, TX_CENTER);
	T_EQ_STR(b, " ab ");
	tx_clean(b, sizeof b, "A\x1b[2Jb");
	T_EQ_STR(b, "A?[2Jb");
}

static void
durations_read_as_clock_and_rounded_waits(void)
{
	char b[32];

	fmt_clock(b, sizeof b, 0);
	T_EQ_STR(b, "0:00");
	fmt_clock(b, sizeof b, 247);
	T_EQ_STR(b, "4:07");
	fmt_clock(b, sizeof b, 3723);
	T_EQ_STR(b, "1:02:03");
	fmt_clock(b, sizeof b, -5);
	T_EQ_STR(b, "-:--");
	fmt_wait(b, sizeof b, 30);
	T_EQ_STR(b, "<1 min");
	fmt_wait(b, sizeof b, 12 * 60 + 59);
	T_EQ_STR(b, "12 min");
	fmt_wait(b, sizeof b, 3600 + 5 * 60);
	T_EQ_STR(b, "1 h 05 min");
	fmt_wait(b, sizeof b, -1);
	T_EQ_STR(b, "—");
}

static void
iso_times_with_offsets_become_unix_seconds(void)
{
	T_EQ_INT(fmt_parse_iso("1970-01-01T00:00:00Z"), 0);
	T_EQ_INT(fmt_parse_iso("2026-03-02T09:15:00+08:00"), 1772414100LL);
	T_EQ_INT(fmt_parse_iso("2026-03-02T01:15:00Z"), 1772414100LL);
	T_EQ_INT(fmt_parse_iso("2026-03-02T09:15:00.250+0800"), 1772414100LL);
	T_EQ_INT(fmt_parse_iso("yesterday"), -1);
	T_EQ_INT(fmt_parse_iso(NULL), -1);
}

static void
big_digits_draw_five_rows_of_the_code(void)
{
	char row[256];
	int r;

	T_EQ_INT(big_width("A001", 1), 23);
	T_EQ_INT(big_row(row, sizeof row, "A1", 0, "#", 1), 11);
	T_EQ_STR(row, " ###    #  ");
	big_row(row, sizeof row, "A1", 4, "#", 1);
	T_EQ_STR(row, "#   #  ### ");
	for (r = 0; r < BIG_ROWS; r++) {
		big_row(row, sizeof row, "B042", r, "\xe2\x96\x88", 1);
		T_EQ_INT(utf8_width(row), big_width("B042", 1));
	}
	T_EQ_INT(big_row(row, sizeof row, "A1", 5, "#", 1), 0);
}

static void
table_widths_fit_chinese_names_and_fill_the_width(void)
{
	static const struct lay_col c[] = {
		{ "Code", 4, 6, TX_LEFT, 0 },
		{ "Service", 8, 0, TX_LEFT, 1 },
		{ "Waiting", 7, 8, TX_RIGHT, 0 },
	};
	const char *cells[] = {
		"A", "社保参保登记", "3",
		"B", "Social card", "12",
	};
	int w[3], used;

	used = lay_widths(c, 3, cells, 2, 40, w);
	T_EQ_INT(used, 40);
	T_EQ_INT(w[0], 4);
	T_EQ_INT(w[2], 7);
	T_EQ_INT(w[1], 40 - 4 - 7 - 2);
	used = lay_widths(c, 3, cells, 2, 22, w);
	T_EQ_INT(used, 22);
	T_EQ_INT(w[1], 9);	/* shrunk, not below min 8 */
	used = lay_widths(c, 3, cells, 2, 15, w);
	T_CHECK(used <= 15, "used %d", used);
}

/* The sample hall in JSON, as "services" and "status" answers would give it. */
static const char *services_json =
    "{\"ok\":true,\"hall\":{\"name\":\"城东区政务服务中心\"},\"services\":["
    "{\"code\":\"A\",\"name\":\"社保参保登记\",\"department\":\"RS\"},"
    "{\"code\":\"B\",\"name\":\"Social security card\",\"department\":\"RS\"},"
    "{\"code\":\"G\",\"name\":\"不动产登记\",\"department\":\"GT\"}]}";

static const char *status_json =
    "{\"ok\":true,\"hall\":{\"name\":\"城东区政务服务中心\",\"date\":\"2026-03-02\"},"
    "\"services\":["
    "{\"code\":\"A\",\"waiting\":2,\"longest_wait_s\":300,\"eta_s\":240,\"windows\":[\"3\"]},"
    "{\"code\":\"B\",\"waiting\":0,\"longest_wait_s\":0,\"eta_s\":0,\"windows\":[\"3\",\"4\"]},"
    "{\"code\":\"G\",\"waiting\":14,\"longest_wait_s\":4000,\"eta_s\":5000,\"windows\":[]}],"
    "\"windows\":["
    "{\"name\":\"3\",\"state\":\"open\",\"services\":[\"A\",\"B\"],"
    "\"duties\":[{\"service\":\"A\",\"role\":\"primary\"},{\"service\":\"B\",\"role\":\"backup\"}],"
    "\"clerk\":\"alice\",\"current\":{\"id\":7,\"code\":\"A001\",\"service\":\"A\","
    "\"priority\":\"elderly\",\"state\":\"called\",\"window\":\"3\"},"
    "\"served_today\":5,\"avg_handle_s\":185},"
    "{\"name\":\"4\",\"state\":\"paused\",\"services\":[\"B\"],\"clerk\":\"王小明\","
    "\"current\":null,\"served_today\":0,\"avg_handle_s\":0}],"
    "\"alerts\":[{\"source\":\"kiosk-1\",\"kind\":\"printer_media_empty\","
    "\"message\":\"printer out of paper\",\"at\":\"2026-03-02T09:00:00+08:00\"}]}";

static void
load_hall(struct hall *h)
{
	json_t *s = js(services_json), *st = js(status_json);

	hall_init(h);
	T_EQ_INT(hall_load_services(h, s), 0);
	T_EQ_INT(hall_load_status(h, st, NOW), 0);
	json_decref(s);
	json_decref(st);
}

static void
ticket_event(struct hall *h, const char *code, int id, const char *svc, const char *state,
    const char *lane)
{
	char buf[512];
	json_t *ev;

	snprintf(buf, sizeof buf, "{\"event\":\"ticket\",\"ticket\":{\"id\":%d,\"code\":\"%s\","
	    "\"service\":\"%s\",\"priority\":\"%s\",\"state\":\"%s\","
	    "\"issued_at\":\"2025-11-24T15:%02d:00Z\"}}", id, code, svc, lane, state, id % 60);
	ev = js(buf);
	hall_apply_event(h, ev, NOW);
	json_decref(ev);
}

static void
hall_reads_status_and_follows_events(void)
{
	static struct hall h;
	const struct h_window *w;
	json_t *ev;
	int idx[8], n;

	load_hall(&h);
	T_EQ_INT(h.nsvc, 3);
	T_EQ_INT(h.nwin, 2);
	T_EQ_STR(h.name, "城东区政务服务中心");
	w = hall_window_c(&h, "3");
	T_CHECK(w && w->has_current, "window 3 has its ticket");
	T_EQ_STR(w->current.code, "A001");
	T_EQ_INT(hall_serves(w, "B"), 2);
	T_EQ_INT(hall_serves(w, "G"), 0);
	T_EQ_INT(h.nalert, 1);

	ticket_event(&h, "A002", 8, "A", "waiting", "normal");
	ticket_event(&h, "A003", 9, "A", "waiting", "green");
	ticket_event(&h, "G010", 10, "G", "waiting", "normal");
	T_EQ_INT(h.nwait, 3);
	n = hall_next_for(&h, w, idx, 8);
	T_EQ_INT(n, 0);		/* the server listed no queue: no guessing on our side */
	ev = js("{\"name\":\"3\",\"state\":\"open\",\"services\":[\"A\",\"B\"],"
	    "\"clerk\":\"alice\",\"current\":{\"id\":7,\"code\":\"A001\",\"service\":\"A\","
	    "\"priority\":\"elderly\",\"state\":\"called\",\"window\":\"3\"},"
	    "\"queue\":[{\"id\":9,\"code\":\"A003\",\"service\":\"A\",\"priority\":\"green\","
	    "\"waited_s\":1},{\"id\":8,\"code\":\"A002\",\"service\":\"A\","
	    "\"priority\":\"normal\",\"waited_s\":2}]}");
	T_CHECK(hall_put_window(&h, ev, NOW) >= 0, "window 3 with its queue");
	json_decref(ev);
	w = hall_window_c(&h, "3");
	n = hall_next_for(&h, w, idx, 8);
	T_EQ_INT(n, 2);		/* the server's list, in its order */
	T_EQ_STR(h.wait[idx[0]].code, "A003");
	T_EQ_STR(h.wait[idx[1]].code, "A002");
	T_EQ_INT(h.nwait, 3);	/* listed tickets were known already: not added twice */

	ev = js("{\"event\":\"call\",\"window\":\"3\",\"recall\":0,\"ticket\":{\"id\":9,"
	    "\"code\":\"A003\",\"service\":\"A\",\"priority\":\"green\",\"state\":\"called\"}}");
	hall_apply_event(&h, ev, NOW + 5);
	json_decref(ev);
	w = hall_window_c(&h, "3");
	T_EQ_STR(w->current.code, "A003");
	T_EQ_INT(h.nwait, 2);
	T_EQ_INT(hall_elapsed(&h, &w->current, NOW + 65), 60);

	ticket_event(&h, "A003", 9, "A", "done", "green");
	T_EQ_INT(hall_window_c(&h, "3")->has_current, 0);

	ev = js("{\"event\":\"window\",\"window\":{\"name\":\"3\",\"state\":\"open\","
	    "\"services\":[\"G\"],\"clerk\":\"alice\",\"current\":null,\"served_today\":6,"
	    "\"avg_handle_s\":180}}");
	hall_apply_event(&h, ev, NOW);
	json_decref(ev);
	w = hall_window_c(&h, "3");
	T_EQ_INT(hall_serves(w, "G"), 1);
	T_EQ_INT(hall_serves(w, "A"), 0);
	T_EQ_INT(w->served_today, 6);

	ev = js("{\"event\":\"alert\",\"alert\":{\"source\":\"kiosk-1\","
	    "\"kind\":\"printer_media_empty\",\"message\":\"x\",\"cleared\":true}}");
	hall_apply_event(&h, ev, NOW);
	json_decref(ev);
	T_EQ_INT(h.nalert, 0);
}

/* the flags hall_apply_event returns for an alert event of SOURCE and KIND */
static int
alert_flags(struct hall *h, const char *source, const char *kind, int cleared)
{
	char buf[256];
	json_t *ev;
	int ch;

	snprintf(buf, sizeof buf, "{\"event\":\"alert\",\"alert\":{\"source\":\"%s\","
	    "\"kind\":\"%s\",\"service\":\"A\",\"message\":\"x\",\"cleared\":%s}}",
	    source, kind, cleared ? "true" : "false");
	ev = js(buf);
	ch = hall_apply_event(h, ev, NOW);
	json_decref(ev);
	return ch;
}

/* jhd's unserved alerts come and go as services stop or start being served (at the opening
 * time too: a list of services on the screen reads status again then); other alerts do not
 * touch the services */
static void
unserved_alerts_make_the_services_stale(void)
{
	static struct hall h;

	load_hall(&h);
	T_EQ_INT(alert_flags(&h, "jhd", "unserved", 0), H_ALERT | H_STALE);
	T_EQ_INT(alert_flags(&h, "jhd", "unserved", 1), H_ALERT | H_STALE);
	T_EQ_INT(alert_flags(&h, "kiosk-1", "printer_media_empty", 0), H_ALERT);
}

static void
suggestion_names_an_idle_window_for_the_longest_queue(void)
{
	static struct hall h;
	struct h_suggestion sg;

	load_hall(&h);
	/* window 4 is paused: no open window without G except 3 */
	T_EQ_INT(hall_suggest(&h, NOW, 600, 3, &sg), 1);
	T_EQ_STR(sg.service, "G");
	T_EQ_STR(sg.window, "3");
	T_EQ_INT(sg.wait_s, 5000);
	/* no suggestion when the waits are alike */
	hall_service(&h, "G")->eta_s = 200;
	hall_service(&h, "G")->longest_wait_s = 200;
	T_EQ_INT(hall_suggest(&h, NOW, 600, 3, &sg), 0);
}

/* The test hall's status with a "suggestion" (JSON text) added. */
static json_t *
with_suggestion(const char *sg)
{
	json_t *st = js(status_json);

	json_object_set_new(st, "suggestion", strcmp(sg, "null") == 0 ? json_null() : js(sg));
	return st;
}

/* A jhd that gives its own suggestion (status "suggestion", chosen by its forecast): the
 * console shows jhd's, and says nothing when jhd says null, whatever its own rule thinks. */
static void
suggestion_is_jhds_when_jhd_gives_one(void)
{
	static struct hall h;
	struct h_suggestion sg;
	json_t *st;

	load_hall(&h);
	st = with_suggestion("{\"window\":\"2\",\"service\":\"B\",\"wait_s\":1500,"
	    "\"others_s\":120}");
	T_EQ_INT(hall_load_status(&h, st, NOW), 0);
	json_decref(st);
	T_EQ_INT(hall_suggest(&h, NOW, 600, 3, &sg), 1);
	T_EQ_STR(sg.window, "2");
	T_EQ_STR(sg.service, "B");
	T_EQ_INT(sg.wait_s, 1500);
	T_EQ_INT(sg.others_s, 120);
	st = with_suggestion("null");
	T_EQ_INT(hall_load_status(&h, st, NOW), 0);
	json_decref(st);
	T_EQ_INT(hall_suggest(&h, NOW, 600, 3, &sg), 0);	/* its own rule would say G */
}

/* The key bar of terminal/clerk.c's table (the same keys, labels and order). */
static const struct lay_key clerk_keys[] = {
	{ 1, 'c', "Call" }, { 2, 'r', "Recall" }, { 3, 'f', "Finish" }, { 4, 'n', "No-show" },
	{ 5, 't', "Transfer" }, { 6, 'p', "Pause" }, { 7, 'o', "Open/Close" }, { 8, 'q', "Quit" },
	{ 9, 'x', "Finish+next" },
};
#define CLERK_NKEYS ((int)(sizeof clerk_keys / sizeof clerk_keys[0]))

static void
clerk_view(struct view *v, const struct hall *h)
{
	memset(v, 0, sizeof *v);
	v->h = h;
	v->now = NOW + 247;
	snprintf(v->clock, sizeof v->clock, "09:30:00");
	v->user = "alice";
	v->window = "3";
	v->connected = 1;
	v->keys = clerk_keys;
	v->nkeys = CLERK_NKEYS;
	snprintf(v->msg, sizeof v->msg, "Called A001.");
}

static void
no_line_wider_than_the_screen(const struct ui_screen *s)
{
	int r;

	for (r = 0; r < s->rows; r++)
		T_CHECK(utf8_width(ui_text(s, r)) <= s->cols, "row %d is %d wide: %s", r,
		    utf8_width(ui_text(s, r)), ui_text(s, r));
}

static void
clerk_screen_at_80x24_shows_ticket_timer_counts_and_keys(void)
{
	static struct hall h;
	struct ui_screen *s = ui_screen_new(24, 80);
	struct view v;
	int r;

	load_hall(&h);
	clerk_view(&v, &h);
	lay_clerk(s, &v);
	no_line_wider_than_the_screen(s);
	T_CHECK(ui_find(s, "Window 3") == 0, "title: %s", ui_text(s, 0));
	T_CHECK(ui_find(s, "alice") == 0, "clerk in title");
	T_CHECK(ui_find(s, "A 社保参保登记") == 1, "services line: %s", ui_text(s, 1));
	T_CHECK(strstr(ui_text(s, 1), "backup") != NULL, "B marked backup: %s", ui_text(s, 1));
	r = ui_find(s, "Ticket A001");
	T_CHECK(r >= 3, "ticket text row %d", r);
	T_CHECK(strstr(ui_text(s, 3), "\xe2\x96\x88") != NULL, "big digits on row 3");
	T_CHECK(ui_find(s, "elderly") > 0, "lane shown");
	T_CHECK(ui_find(s, "4:07") > 0, "timer 4:07 shown");
	T_CHECK(ui_find(s, "Served today: 5") > 0, "served today");
	T_CHECK(ui_find(s, "3:05") > 0, "average handling 3:05");
	T_CHECK(ui_find(s, "Called A001.") == 21, "status line at row 21: %d",
	    ui_find(s, "Called A001."));
	T_CHECK(ui_find(s, "F1 c") == 22, "key bar row 22");
	T_CHECK(ui_find(s, "F8 q") == 23, "key bar second row 23");
	T_CHECK(ui_find(s, "F9 x Finish+next") == 23, "finish and call next on row 23: %s",
	    ui_text(s, 23));
	ui_screen_free(s);
}

static void
clerk_counts_table_lines_up_chinese_and_english_names(void)
{
	static struct hall h;
	struct ui_screen *s = ui_screen_new(24, 80);
	struct view v;
	int ra, rb, ca, cb;

	load_hall(&h);
	clerk_view(&v, &h);
	lay_clerk(s, &v);
	ra = find_from(s, 9, "A 社保参保登记");
	rb = find_from(s, 9, "B Social security");
	T_CHECK(ra > 1 && rb > 1, "both services listed: %d %d", ra, rb);
	/* the waiting count of A (2) and of B (0) end in the same column */
	ca = col_of(s, ra, " 2 ");
	cb = col_of(s, rb, " 0 ");
	T_CHECK(ca > 40 && ca == cb, "counts at columns %d and %d:\n#  %s\n#  %s", ca, cb,
	    ui_text(s, ra), ui_text(s, rb));
	ui_screen_free(s);
}

static void
clerk_screen_without_ticket_says_how_to_call(void)
{
	static struct hall h;
	struct ui_screen *s = ui_screen_new(24, 80);
	struct view v;

	load_hall(&h);
	hall_window(&h, "3")->has_current = 0;
	clerk_view(&v, &h);
	lay_clerk(s, &v);
	T_CHECK(ui_find(s, "No ticket at this window.") > 0, "no ticket text");
	T_CHECK(ui_find(s, "F1 or c") > 0, "how to call");
	v.connected = 0;
	v.reconnecting = 1;
	lay_clerk(s, &v);
	T_CHECK(ui_find(s, "reconnecting") == 21, "reconnecting on the status line");
	T_CHECK(ui_find(s, "OFFLINE") == 0, "OFFLINE in the title");
	ui_screen_free(s);
}

static void
screens_smaller_than_80x24_say_so(void)
{
	static struct hall h;
	struct ui_screen *s = ui_screen_new(20, 70);
	struct view v;

	load_hall(&h);
	clerk_view(&v, &h);
	lay_clerk(s, &v);
	T_CHECK(ui_find(s, "at least 80x24") == 0, "row 0: %s", ui_text(s, 0));
	lay_super(s, &v);
	T_CHECK(ui_find(s, "at least 80x24") == 0, "row 0: %s", ui_text(s, 0));
	ui_screen_free(s);
}

static void
keybar_takes_one_row_when_wide_and_two_at_80(void)
{
	struct ui_screen *s = ui_screen_new(24, 80), *w = ui_screen_new(24, 160);

	T_EQ_INT(lay_keybar(s, -1, clerk_keys, CLERK_NKEYS), 2);
	T_EQ_INT(lay_keybar(w, -1, clerk_keys, CLERK_NKEYS), 1);
	lay_keybar(w, 0, clerk_keys, CLERK_NKEYS);
	T_CHECK(strstr(ui_text(w, 0), "F1 c Call") && strstr(ui_text(w, 0), "F8 q Quit") &&
	    strstr(ui_text(w, 0), "F9 x Finish+next"), "%s", ui_text(w, 0));
	T_EQ_INT(ui_attr_at(w, 0, 0), UI_KEY);
	ui_screen_free(s);
	ui_screen_free(w);
}

/* At 80 columns the nine clerk keys take two rows, every key whole and none past the edge:
 * in English, and in Chinese where each character takes two columns. */
static void
clerk_keybar_fits_every_key_in_two_rows_at_80_columns(void)
{
	struct ui_screen *s = ui_screen_new(24, 80);
	const char *top = getenv("JH_TOP");
	char dir[1024], name[16];
	int lang, i;

	snprintf(dir, sizeof dir, "%s/bin/locale", top ? top : ".");
	setenv("JH_LOCALEDIR", dir, 1);
	for (lang = 0; lang < 2; lang++) {
		i18n_init(lang ? "zh_CN" : "en");
		ui_clear(s);
		T_EQ_INT(lay_keybar(s, 22, clerk_keys, CLERK_NKEYS), 2);
		no_line_wider_than_the_screen(s);
		for (i = 0; i < CLERK_NKEYS; i++) {
			char want[64];

			snprintf(name, sizeof name, "F%d %c", clerk_keys[i].fkey,
			    clerk_keys[i].letter);
			snprintf(want, sizeof want, "%s %s", name, _(clerk_keys[i].label));
			T_CHECK(ui_find(s, want) >= 22, "%s: \"%s\" not on the bar:\n#  %s\n#  %s",
			    lang ? "zh_CN" : "en", want, ui_text(s, 22), ui_text(s, 23));
		}
	}
	T_EQ_STR(_("Finish+next"), "办结并叫号");
	i18n_init("en");
	ui_screen_free(s);
}

static const struct lay_key super_keys[] = {
	{ 1, 'a', "Assign" }, { 2, 'o', "Open" }, { 3, 'x', "Close" }, { 4, 'p', "Pause" },
	{ 5, 'm', "Move ticket" }, { 6, 's', "Switch table" }, { 8, 'q', "Quit" },
};

static void
supervisor_view(struct view *v, const struct hall *h)
{
	memset(v, 0, sizeof *v);
	v->h = h;
	v->now = NOW;
	snprintf(v->clock, sizeof v->clock, "09:30:00");
	v->user = "boss";
	v->connected = 1;
	v->keys = super_keys;
	v->nkeys = 7;
	v->wait_alert_s = 1800;
}

static void
supervisor_screen_shows_alerts_suggestion_and_aligned_tables(void)
{
	static struct hall h;
	struct ui_screen *s = ui_screen_new(24, 80);
	struct view v;
	int ra, rb, rg, r4;

	load_hall(&h);
	supervisor_view(&v, &h);
	lay_super(s, &v);
	no_line_wider_than_the_screen(s);
	T_CHECK(ui_find(s, "kiosk-1: printer out of paper") == 1, "alert row 1: %s",
	    ui_text(s, 1));
	T_CHECK(ui_find(s, "G 不动产登记: longest wait") == 2, "wait alert row 2: %s", ui_text(s, 2));
	T_CHECK(ui_find(s, "Suggestion: window 3 could also serve G") == 3, "row 3: %s",
	    ui_text(s, 3));
	T_CHECK(ui_find(s, "Clerk") == 4, "windows header row 4: %s", ui_text(s, 4));
	r4 = ui_find(s, "王小明");
	T_CHECK(r4 > 4, "window 4's clerk listed");
	T_CHECK(strstr(ui_text(s, r4), "paused") != NULL, "state paused: %s", ui_text(s, r4));
	T_CHECK(strstr(ui_text(s, 5), "A001") && strstr(ui_text(s, 5), "0:00"),
	    "window 3 current and elapsed: %s", ui_text(s, 5));
	T_CHECK(strstr(ui_text(s, 5), "A (B)") != NULL,
	    "duties: %s", ui_text(s, 5));
	/* the services table: the Waiting numbers line up whatever the name's script */
	ra = find_from(s, r4, "社保参保登记");
	rb = find_from(s, r4, "Social security card");
	rg = find_from(s, r4, "不动产登记 ");
	T_CHECK(ra > r4 && rb > ra && rg > rb, "service rows %d %d %d", ra, rb, rg);
	T_CHECK(col_of(s, ra, "2 ") + 1 == col_of(s, rg, "14 ") + 2 &&
	    col_of(s, rb, "0 ") == col_of(s, ra, "2 "),
	    "waiting counts aligned:\n#  %s\n#  %s\n#  %s", ui_text(s, ra), ui_text(s, rb),
	    ui_text(s, rg));
	T_CHECK(ui_find(s, "F1 a") >= 22, "key bar at the bottom");
	ui_screen_free(s);
}

/* A service whose status carries jhd's range shows its expected wait as that range in the
 * supervisor's services table ("1–5 min"); without it, the estimate alone ("4 min"). */
static void
services_table_shows_the_range_jhd_gives(void)
{
	static struct hall h;
	struct ui_screen *s = ui_screen_new(24, 80);
	struct view v;
	int ra;

	load_hall(&h);
	supervisor_view(&v, &h);
	lay_super(s, &v);
	ra = ui_find(s, "社保参保登记");
	T_CHECK(ra > 0 && strstr(ui_text(s, ra), "4 min") != NULL && strstr(ui_text(s, ra), "–") ==
	    NULL, "no range: %s", ra > 0 ? ui_text(s, ra) : "?");
	hall_service(&h, "A")->eta_lo_s = 90;
	hall_service(&h, "A")->eta_hi_s = 290;
	lay_super(s, &v);
	ra = ui_find(s, "社保参保登记");
	T_CHECK(ra > 0 && strstr(ui_text(s, ra), "1–5 min") != NULL, "range: %s",
	    ra > 0 ? ui_text(s, ra) : "?");
	ui_screen_free(s);
}

static void
supervisor_sees_todays_eta_error_when_there_is_no_suggestion(void)
{
	static struct hall h, quiet;
	struct ui_screen *s = ui_screen_new(24, 80);
	struct view v;

	/* a hall with nothing to suggest: the row tells how true today's ETAs were */
	supervisor_view(&v, &quiet);
	v.eta_n = 240;
	v.eta_median_pct = 18.4;
	v.eta_bias_pct = 12.2;
	lay_super(s, &v);
	T_CHECK(ui_find(s, "No alerts.") == 1, "row 1: %s", ui_text(s, 1));
	T_CHECK(ui_find(s, "Wait estimates today: 240 tickets, median error 18%, on average 12% "
	    "too long.") == 2, "row 2: %s", ui_text(s, 2));
	v.eta_bias_pct = -7.0;
	lay_super(s, &v);
	T_CHECK(ui_find(s, "median error 18%, on average 7% too short.") == 2, "row 2: %s",
	    ui_text(s, 2));
	v.eta_n = 0;	/* nothing yet: nothing said */
	lay_super(s, &v);
	T_CHECK(ui_find(s, "Wait estimates") < 0, "row 2: %s", ui_text(s, 2));
	/* a suggestion takes the row */
	load_hall(&h);
	supervisor_view(&v, &h);
	v.eta_n = 240;
	lay_super(s, &v);
	T_CHECK(ui_find(s, "Suggestion: window 3") == 3 && ui_find(s, "Wait estimates") < 0,
	    "row 3: %s", ui_text(s, 3));
	ui_screen_free(s);
}

static void
supervisor_tables_scroll_to_the_selection_when_the_hall_is_big(void)
{
	static struct hall h;
	struct ui_screen *s = ui_screen_new(24, 80);
	struct view v;
	int i;

	load_hall(&h);
	for (i = 0; i < 12; i++) {
		char buf[200];
		json_t *w;

		snprintf(buf, sizeof buf, "{\"name\":\"W%02d\",\"state\":\"open\",\"services\":[\"A\"],"
		    "\"clerk\":\"c%d\",\"current\":null,\"served_today\":%d}", i, i, i);
		w = js(buf);
		hall_put_window(&h, w, NOW);
		json_decref(w);
	}
	supervisor_view(&v, &h);
	v.sel_win = 13;		/* the last one */
	lay_super(s, &v);
	no_line_wider_than_the_screen(s);
	T_CHECK(ui_find(s, "W11") > 0, "the selected window is visible");
	T_CHECK(ui_find(s, "> W11") > 0 || ui_find(s, ">W11") > 0, "and marked: %d",
	    ui_find(s, "W11"));
	T_CHECK(ui_find(s, "/14") > 0, "a position hint");
	T_CHECK(ui_find(s, "不动产登记") > 0, "the services table is still there");
	ui_screen_free(s);
}

static void
assign_pick_list_shows_primary_and_backup_ticks(void)
{
	static struct hall h;
	struct ui_screen *s = ui_screen_new(24, 80);
	struct view v;

	load_hall(&h);
	supervisor_view(&v, &h);
	v.mode = V_PICK;
	v.pick.checks = 1;
	v.pick.n = 3;
	snprintf(v.pick.title, sizeof v.pick.title, "Services of window 3");
	snprintf(v.pick.item[0].label, sizeof v.pick.item[0].label, "A 社保参保登记");
	v.pick.item[0].mark = 1;
	snprintf(v.pick.item[1].label, sizeof v.pick.item[1].label, "B Social security card");
	v.pick.item[1].mark = 2;
	snprintf(v.pick.item[2].label, sizeof v.pick.item[2].label, "G 不动产登记");
	v.pick.sel = 2;
	lay_super(s, &v);
	T_CHECK(ui_find(s, "[P] A 社保参保登记") > 0, "primary tick");
	T_CHECK(ui_find(s, "[B] B Social") > 0, "backup tick");
	T_CHECK(ui_find(s, "> [ ] G 不动产登记") > 0, "selected, not served");
	ui_screen_free(s);
}

static void
login_form_never_shows_the_password(void)
{
	struct ui_screen *s = ui_screen_new(24, 80);
	struct login_form f;
	int r;

	memset(&f, 0, sizeof f);
	f.clerk = 1;
	snprintf(f.field[LF_SERVER], sizeof f.field[0], "127.0.0.1:7878");
	snprintf(f.field[LF_USER], sizeof f.field[0], "alice");
	snprintf(f.field[LF_PASSWORD], sizeof f.field[0], "s3cretpw");
	f.cur = LF_PASSWORD;
	snprintf(f.error, sizeof f.error, "Wrong user name or password");
	login_layout(s, &f);
	for (r = 0; r < s->rows; r++) {
		T_CHECK(!strstr(ui_text(s, r), "s3cretpw"), "password on row %d", r);
		T_CHECK(!strstr(ui_text(s, r), "********"), "stars on row %d", r);
	}
	T_CHECK(ui_find(s, "alice") > 0, "user shown");
	T_CHECK(ui_find(s, "Window") > 0, "window field for clerks");
	T_CHECK(ui_find(s, "Wrong user name or password") > 0, "the error");
	f.clerk = 0;
	login_layout(s, &f);
	T_CHECK(ui_find(s, "Window") < 0, "no window field for supervisors");
	ui_screen_free(s);
}

static void
chinese_catalogue_translates_the_screens(void)
{
	static struct hall h;
	struct ui_screen *s = ui_screen_new(24, 80);
	struct view v;
	char dir[1024];
	const char *top = getenv("JH_TOP");

	snprintf(dir, sizeof dir, "%s/bin/locale", top ? top : ".");
	setenv("JH_LOCALEDIR", dir, 1);
	T_EQ_STR(i18n_init("zh_CN"), "zh_CN");
	T_EQ_STR(_("Call"), "叫号");
	load_hall(&h);
	clerk_view(&v, &h);
	lay_clerk(s, &v);
	no_line_wider_than_the_screen(s);
	T_CHECK(ui_find(s, "3 号窗口") == 0, "title: %s", ui_text(s, 0));
	T_CHECK(ui_find(s, "F1 c 叫号") >= 22, "key bar in Chinese");
	T_CHECK(ui_find(s, "老年人") > 0, "lane in Chinese");
	{
		static struct hall quiet;

		supervisor_view(&v, &quiet);
		v.eta_n = 240;
		v.eta_median_pct = 18.4;
		v.eta_bias_pct = 12.2;
		lay_super(s, &v);
		T_CHECK(ui_find(s, "今日预计等候：240 张号票，误差中位数 18%，平均偏长 12%。") == 2,
		    "row 2: %s", ui_text(s, 2));
	}
	i18n_init("en");
	T_EQ_STR(_("Call"), "Call");
	ui_screen_free(s);
}

/* Point gettext at the catalogues built in bin/locale and pick a language. */
static void
lang(const char *l)
{
	char dir[1024];
	const char *top = getenv("JH_TOP");

	snprintf(dir, sizeof dir, "%s/bin/locale", top ? top : ".");
	setenv("JH_LOCALEDIR", dir, 1);
	i18n_init(l);
}

/* A word of two Latin letters or more in s (English on a Chinese screen; a key's letter is
 * not a word), other than allow. */
static int
has_english(const char *s, const char *allow)
{
	char buf[512], *p;
	int run = 0;

	snprintf(buf, sizeof buf, "%s", s);
	if (allow)
		while ((p = strstr(buf, allow)) != NULL)
			memset(p, ' ', strlen(allow));
	for (p = buf; *p; p++) {
		run = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ? run + 1 : 0;
		if (run == 2)
			return 1;
	}
	return 0;
}

static void
server_refusals_are_said_once_in_the_console_language(void)
{
	char b[320];

	lang("en");
	say_error(b, sizeof b, "closed", "window 1 is closed");
	T_EQ_STR(b, "Window 1 is closed.");
	say_error(b, sizeof b, "unauthenticated", "wrong user name or password");
	T_EQ_STR(b, "Wrong user name or password.");
	say_error(b, sizeof b, "conflict", "window 3 is closed: cannot pause");
	T_EQ_STR(b, "Window 3 is closed: it cannot be paused.");
	say_error(b, sizeof b, "conflict", "window 3 is still serving D004: finish it first");
	T_EQ_STR(b, "Window 3 is still serving D004: finish it first.");
	say_error(b, sizeof b, "forbidden", "a clerk acts on their own window (4), not 3");
	T_EQ_STR(b, "Not allowed for your role: a clerk acts only on their own window (4), not on 3.");
	say_error(b, sizeof b, "conflict", "window 2 is held by bob");
	T_EQ_STR(b, "Window 2 is held by bob.");
	/* a message we do not know: English screens get it after the code's words */
	say_error(b, sizeof b, "conflict", "something new happened");
	T_EQ_STR(b, "Not possible right now: something new happened");
	say_error(b, sizeof b, "internal", "");
	T_EQ_STR(b, "The server had an internal error.");
	say_error(b, sizeof b, "forbidden", "not allowed for your role");
	T_EQ_STR(b, "Not allowed for your role.");

	lang("zh_CN");
	say_error(b, sizeof b, "closed", "window 1 is closed");
	T_EQ_STR(b, "1 号窗口已关闭。");
	say_error(b, sizeof b, "unauthenticated", "wrong user name or password");
	T_EQ_STR(b, "用户名或密码错误。");
	say_error(b, sizeof b, "conflict", "window 3 is closed: cannot pause");
	T_EQ_STR(b, "3 号窗口当前为“关闭”，无法暂停。");
	say_error(b, sizeof b, "conflict", "window 5 has no called ticket");
	T_EQ_STR(b, "5 号窗口没有已呼叫的号票。");
	say_error(b, sizeof b, "unauthenticated", "user bob is a clerk and may not sign in as "
	    "supervisor");
	T_EQ_STR(b, "用户 bob 是窗口人员，不能以值班主管身份登录。");
	say_error(b, sizeof b, "conflict", "window 2 is held by bob");
	T_EQ_STR(b, "2 号窗口正由 bob 使用。");
	/* jhd's sign-in lock: how long, in Chinese */
	say_error(b, sizeof b, "limit_reached", "too many failed sign-ins; try again in 287 s");
	T_EQ_STR(b, "登录失败次数过多，请 287 秒后再试。");
	/* unknown: the code's words alone, no English */
	say_error(b, sizeof b, "conflict", "something new happened");
	T_EQ_STR(b, "当前状态下无法执行。");
	T_CHECK(!has_english(b, NULL), "%s", b);
	lang("en");
}

static void
held_by_is_read_from_the_error_beside_it_or_the_message(void)
{
	json_t *in_error = js("{\"id\":1,\"ok\":false,\"error\":{\"code\":\"conflict\","
	    "\"message\":\"window 2 is held by bob\",\"held_by\":\"bob\"}}");
	json_t *beside = js("{\"id\":1,\"ok\":false,\"held_by\":\"carol\",\"error\":{\"code\":"
	    "\"conflict\",\"message\":\"window 2 is held\"}}");
	char by[64];

	T_EQ_INT(say_held_by(in_error, "window 2 is held by bob", by, sizeof by), 1);
	T_EQ_STR(by, "bob");
	T_EQ_INT(say_held_by(beside, "window 2 is held", by, sizeof by), 1);
	T_EQ_STR(by, "carol");
	T_EQ_INT(say_held_by(NULL, "window 12 is held by 王小明", by, sizeof by), 1);
	T_EQ_STR(by, "王小明");
	T_EQ_INT(say_held_by(NULL, "window 3 is still serving D004: finish it first", by,
	    sizeof by), 0);
	json_decref(in_error);
	json_decref(beside);
}

static void
held_and_taken_over_screens_say_who_and_offer_only_their_keys(void)
{
	static struct hall h;
	struct ui_screen *s = ui_screen_new(24, 80);
	struct view v;
	int r, zh;

	load_hall(&h);
	for (zh = 0; zh < 2; zh++) {
		lang(zh ? "zh_CN" : "en");
		clerk_view(&v, &h);
		v.window = "2";
		v.msg[0] = '\0';
		v.block = V_HELD;
		snprintf(v.block_window, sizeof v.block_window, "2");
		snprintf(v.block_by, sizeof v.block_by, "bob");
		lay_clerk(s, &v);
		no_line_wider_than_the_screen(s);
		r = ui_find(s, zh ? "2 号窗口正由 bob 使用 — 按 T 接管，按 Q 退出" :
		    "Window 2 is held by bob — press T to take over, Q to quit");
		T_CHECK(r > 0, "%s: held line missing:\n#  %s", zh ? "zh" : "en", ui_text(s, 4));
		T_EQ_INT(ui_attr_at(s, r, 4), UI_ALERT);
		T_CHECK(find_from(s, 22, zh ? "T 接管" : "T Take over") == 23, "key bar: %s",
		    ui_text(s, 23));
		T_CHECK(ui_find(s, "F1 c") < 0 && ui_find(s, "Ticket A001") < 0 &&
		    ui_find(s, "A001") < 0, "nothing of the window's work is shown");
		v.block = V_DISPLACED;
		snprintf(v.block_by, sizeof v.block_by, "alice");
		lay_clerk(s, &v);
		no_line_wider_than_the_screen(s);
		T_CHECK(ui_find(s, zh ? "2 号窗口已被 alice 接管" :
		    "Window 2 was taken over by alice") > 0, "displaced line: %s", ui_text(s, 4));
		T_CHECK(find_from(s, 22, zh ? "R 重新登录" : "R Sign in again") == 23 &&
		    !strstr(ui_text(s, 23), "T "), "key bar: %s", ui_text(s, 23));
		if (zh)
			for (r = 0; r < s->rows; r++)
				T_CHECK(!has_english(ui_text(s, r), "alice"), "row %d: %s", r,
				    ui_text(s, r));
		/* the supervisor screen (signed in at a window with --role clerk) says it too */
		lay_super(s, &v);
		T_CHECK(ui_find(s, zh ? "2 号窗口已被 alice 接管" :
		    "Window 2 was taken over by alice") > 0, "supervisor: %s", ui_text(s, 4));
	}
	lang("en");
	ui_screen_free(s);
}

static void
a_key_pressed_offline_says_not_sent_while_reconnecting(void)
{
	static struct hall h;
	struct ui_screen *s = ui_screen_new(24, 80);
	struct view v;

	load_hall(&h);
	clerk_view(&v, &h);
	v.connected = 0;
	v.reconnecting = 1;
	snprintf(v.msg, sizeof v.msg, "Not connected to the server: the action was not sent.");
	v.msg_kind = V_ERROR;
	v.msg_offline = 0;	/* said before the connection went: the reconnecting line */
	lay_clerk(s, &v);
	T_CHECK(ui_find(s, "Connection to the server lost — reconnecting…") == 21, "row 21: %s",
	    ui_text(s, 21));
	v.msg_offline = 1;	/* said after: both */
	lay_clerk(s, &v);
	T_CHECK(ui_find(s, "the action was not sent.") == 21, "row 21: %s", ui_text(s, 21));
	T_CHECK(ui_find(s, "Reconnecting…") == 21, "row 21: %s", ui_text(s, 21));
	T_EQ_INT(ui_attr_at(s, 21, 0), UI_ALERT);
	no_line_wider_than_the_screen(s);
	ui_screen_free(s);
}

static void
quit_question_fits_one_row_at_80_columns(void)
{
	static struct hall h;
	struct ui_screen *s = ui_screen_new(24, 80);
	struct view v;
	int zh, r;

	load_hall(&h);
	for (zh = 0; zh < 2; zh++) {
		lang(zh ? "zh_CN" : "en");
		clerk_view(&v, &h);
		v.window = "12";
		v.mode = V_CHOICE;
		snprintf(v.question, sizeof v.question, _("Quit? Window %s is open:"), "12");
		snprintf(v.cancel, sizeof v.cancel, "%s", _("no, stay"));
		v.nchoice = 3;
		v.choice[0].key = 'c';
		snprintf(v.choice[0].label, sizeof v.choice[0].label, "%s", _("close it"));
		v.choice[1].key = 'p';
		snprintf(v.choice[1].label, sizeof v.choice[1].label, "%s", _("pause it"));
		v.choice[2].key = 'l';
		snprintf(v.choice[2].label, sizeof v.choice[2].label, "%s", _("keep it open"));
		lay_clerk(s, &v);
		no_line_wider_than_the_screen(s);
		r = ui_find(s, zh ? "退出？12 号窗口仍开放：" : "Quit? Window 12 is open:");
		T_CHECK(r == 21, "%s: the question on the status row: %d", zh ? "zh" : "en", r);
		T_CHECK(strstr(ui_text(s, 21), zh ? "c 关闭窗口  p 暂停窗口  l 保持开放  Esc 不退出" :
		    "c close it  p pause it  l keep it open  Esc no, stay") != NULL,
		    "every answer whole: %s", ui_text(s, 21));
	}
	lang("en");
	ui_screen_free(s);
}

static void
transfer_list_marks_services_no_open_window_serves(void)
{
	static struct hall h;
	struct ui_screen *s = ui_screen_new(24, 80);
	struct view v;
	int r;

	load_hall(&h);
	/* window 3 is open (A, B as backup), window 4 paused (B); nobody serves G */
	T_EQ_INT(hall_service_served(&h, "A"), 1);
	T_EQ_INT(hall_service_served(&h, "B"), 1);
	T_EQ_INT(hall_service_served(&h, "G"), 0);
	snprintf(hall_window(&h, "3")->state, H_CODE, "closed");
	T_EQ_INT(hall_service_served(&h, "A"), 0);	/* closed windows serve nobody */
	T_EQ_INT(hall_service_served(&h, "B"), 1);	/* paused ones will again */
	clerk_view(&v, &h);
	v.mode = V_PICK;
	v.pick.n = 2;
	snprintf(v.pick.item[0].label, sizeof v.pick.item[0].label, "Service B Social");
	snprintf(v.pick.item[1].label, sizeof v.pick.item[1].label, "Service G 不动产登记");
	snprintf(v.pick.item[1].note, sizeof v.pick.item[1].note, "no open window");
	lay_clerk(s, &v);
	r = ui_find(s, "Service G 不动产登记  no open window");
	T_CHECK(r > 0, "G marked");
	if (r > 0)
		T_EQ_INT(ui_attr_at(s, r, (int)(strstr(ui_text(s, r), "no open") - ui_text(s, r))),
		    UI_WARN);
	r = ui_find(s, "Service B Social");
	T_CHECK(r > 0 && !strstr(ui_text(s, r), "no open window"), "B not marked: %s",
	    ui_text(s, r));
	ui_screen_free(s);
}

/* jhd's status says per service whether it is served ("served"); before the hall's opening
 * time it counts windows of any state that have the service as a duty. The console takes its
 * word, and counts open and paused windows itself only for a jhd that does not say. */
static void
served_is_jhds_word_when_status_gives_it(void)
{
	static struct hall h;
	json_t *st = js("{\"ok\":true,\"services\":["
	    "{\"code\":\"A\",\"windows\":[],\"served\":true},"
	    "{\"code\":\"B\",\"windows\":[\"3\"],\"served\":false},"
	    "{\"code\":\"G\",\"windows\":[]}],"
	    "\"windows\":[{\"name\":\"3\",\"state\":\"open\",\"services\":[\"B\"]},"
	    "{\"name\":\"5\",\"state\":\"closed\",\"services\":[\"A\",\"G\"]}]}");
	json_t *old = js("{\"ok\":true,\"services\":["
	    "{\"code\":\"A\",\"windows\":[]},{\"code\":\"B\",\"windows\":[\"3\"]}],"
	    "\"windows\":[{\"name\":\"3\",\"state\":\"open\",\"services\":[\"B\"]},"
	    "{\"name\":\"5\",\"state\":\"closed\",\"services\":[\"A\",\"G\"]}]}");

	hall_init(&h);
	T_EQ_INT(hall_load_status(&h, st, NOW), 0);
	/* A: only closed window 5 has it, and jhd says served (before the opening) */
	T_EQ_INT(hall_service_served(&h, "A"), 1);
	/* B: jhd's word wins over the open window the console sees */
	T_EQ_INT(hall_service_served(&h, "B"), 0);
	/* G: this status does not say: closed window 5 serves nobody */
	T_EQ_INT(hall_service_served(&h, "G"), 0);
	/* an unknown service is served by nobody */
	T_EQ_INT(hall_service_served(&h, "Z"), 0);
	/* the same hall from a jhd without "served": the console's own rule, for every service */
	hall_init(&h);
	T_EQ_INT(hall_load_status(&h, old, NOW), 0);
	T_EQ_INT(hall_service_served(&h, "A"), 0);
	T_EQ_INT(hall_service_served(&h, "B"), 1);
	json_decref(st);
	json_decref(old);
}

static void
counts_of_one_are_singular(void)
{
	static struct hall h, quiet;
	struct ui_screen *s = ui_screen_new(24, 80);
	struct view v;

	lang("en");
	supervisor_view(&v, &quiet);
	v.eta_n = 1;
	v.eta_median_pct = 10;
	v.eta_bias_pct = 5;
	lay_super(s, &v);
	T_CHECK(ui_find(s, "Wait estimates today: 1 ticket, median error") == 2, "row 2: %s",
	    ui_text(s, 2));
	load_hall(&h);
	hall_window(&h, "3")->current.recall = 1;
	clerk_view(&v, &h);
	lay_clerk(s, &v);
	T_CHECK(ui_find(s, "Recalled 1 time") > 0 && ui_find(s, "Recalled 1 times") < 0,
	    "recalled once: %s", ui_text(s, 7));
	hall_window(&h, "3")->current.recall = 2;
	lay_clerk(s, &v);
	T_CHECK(ui_find(s, "Recalled 2 times") > 0, "recalled twice");
	lang("zh_CN");
	lay_clerk(s, &v);
	T_CHECK(ui_find(s, "已重呼 2 次") > 0, "zh recalled");
	lang("en");
	ui_screen_free(s);
}

static void
hall_time_zone_comes_from_services_and_status(void)
{
	static struct hall h;
	json_t *sv = js("{\"ok\":true,\"hall\":{\"name\":\"x\",\"timezone\":\"Asia/Shanghai\"},"
	    "\"services\":[]}");
	json_t *st = js("{\"ok\":true,\"hall\":{\"name\":\"x\",\"date\":\"2026-03-02\","
	    "\"timezone\":\"Asia/Urumqi\"},\"services\":[]}");

	hall_init(&h);
	T_EQ_STR(h.tz, "");
	hall_load_services(&h, sv);
	T_EQ_STR(h.tz, "Asia/Shanghai");
	hall_load_status(&h, st, NOW);
	T_EQ_STR(h.tz, "Asia/Urumqi");
	json_decref(sv);
	json_decref(st);
}

int
main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		printf("not ok - utf8_locale: C.UTF-8 is missing\n");
		return 1;
	}
	setenv("LANGUAGE", "en", 1);
	T_RUN(text_width_counts_chinese_as_two_columns);
	T_RUN(text_fit_pads_cuts_and_never_splits_a_wide_char);
	T_RUN(durations_read_as_clock_and_rounded_waits);
	T_RUN(iso_times_with_offsets_become_unix_seconds);
	T_RUN(big_digits_draw_five_rows_of_the_code);
	T_RUN(table_widths_fit_chinese_names_and_fill_the_width);
	T_RUN(hall_reads_status_and_follows_events);
	T_RUN(unserved_alerts_make_the_services_stale);
	T_RUN(suggestion_names_an_idle_window_for_the_longest_queue);
	T_RUN(suggestion_is_jhds_when_jhd_gives_one);
	T_RUN(services_table_shows_the_range_jhd_gives);
	T_RUN(clerk_screen_at_80x24_shows_ticket_timer_counts_and_keys);
	T_RUN(clerk_counts_table_lines_up_chinese_and_english_names);
	T_RUN(clerk_screen_without_ticket_says_how_to_call);
	T_RUN(screens_smaller_than_80x24_say_so);
	T_RUN(keybar_takes_one_row_when_wide_and_two_at_80);
	T_RUN(clerk_keybar_fits_every_key_in_two_rows_at_80_columns);
	T_RUN(supervisor_screen_shows_alerts_suggestion_and_aligned_tables);
	T_RUN(supervisor_tables_scroll_to_the_selection_when_the_hall_is_big);
	T_RUN(supervisor_sees_todays_eta_error_when_there_is_no_suggestion);
	T_RUN(assign_pick_list_shows_primary_and_backup_ticks);
	T_RUN(login_form_never_shows_the_password);
	T_RUN(chinese_catalogue_translates_the_screens);
	T_RUN(server_refusals_are_said_once_in_the_console_language);
	T_RUN(held_by_is_read_from_the_error_beside_it_or_the_message);
	T_RUN(held_and_taken_over_screens_say_who_and_offer_only_their_keys);
	T_RUN(a_key_pressed_offline_says_not_sent_while_reconnecting);
	T_RUN(quit_question_fits_one_row_at_80_columns);
	T_RUN(transfer_list_marks_services_no_open_window_serves);
	T_RUN(served_is_jhds_word_when_status_gives_it);
	T_RUN(counts_of_one_are_singular);
	T_RUN(hall_time_zone_comes_from_services_and_status);
	return t_done();
}
