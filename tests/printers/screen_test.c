/* screen_test.c — the kiosk screens without a terminal: key presses walk department →
 * service → priority → take; check-in input; one take per press; the ticket screen. */
#include <stdio.h>
#include <string.h>

#include "t.h"
#include "big.h"
#include "kiosk_screen.h"
#include "utf8.h"

static void
hall(struct ks_state *st)
{
	memset(st, 0, sizeof *st);
	snprintf(st->hall, sizeof st->hall, "城东区政务服务中心");
	st->ndepts = 2;
	snprintf(st->depts[0].code, 16, "RS");
	snprintf(st->depts[0].name, 128, "人力资源和社会保障局 Social Security");
	snprintf(st->depts[1].code, 16, "GS");
	snprintf(st->depts[1].name, 128, "市场监督管理局 Market Regulation");
	st->nsvcs = 3;
	snprintf(st->svcs[0].code, 16, "A");
	snprintf(st->svcs[0].name, 128, "社保卡办理");
	snprintf(st->svcs[0].dept, 16, "RS");
	st->svcs[0].same_day = 1;
	st->svcs[0].waiting = 3;
	st->svcs[0].eta_s = 600;
	snprintf(st->svcs[1].code, 16, "B");
	snprintf(st->svcs[1].name, 128, "营业执照");
	snprintf(st->svcs[1].dept, 16, "GS");
	st->svcs[1].zero_visit = 1;
	st->svcs[1].waiting = -1;
	st->svcs[1].eta_s = -1;
	snprintf(st->svcs[2].code, 16, "C");
	snprintf(st->svcs[2].name, 128, "养老保险");
	snprintf(st->svcs[2].dept, 16, "RS");
	st->svcs[0].served = st->svcs[1].served = st->svcs[2].served = -1;
	ks_home(st);
}

static int
screen_has(const struct ks_state *st, const char *needle)
{
	struct ks_lines ls;
	int i;

	ks_render(st, &ls);
	for (i = 0; i < ls.n; i++)
		if (strstr(ls.text[i], needle))
			return 1;
	return 0;
}

static void
department_service_priority_takes_one_ticket(void)
{
	struct ks_state st;
	const char *prio = NULL;

	hall(&st);
	T_CHECK(screen_has(&st, "人力资源和社会保障局"), "home lists departments");
	T_CHECK(screen_has(&st, "0   预约签到"), "check-in is key 0");
	T_EQ_INT(ks_key(&st, '1', &prio), KA_NONE);
	T_EQ_INT(st.screen, KS_SERVICES);
	T_CHECK(screen_has(&st, "社保卡办理"), "service A listed");
	T_CHECK(screen_has(&st, "养老保险"), "service C listed");
	T_CHECK(!screen_has(&st, "营业执照"), "service of another department hidden");
	T_CHECK(screen_has(&st, "[当日办结]"), "same-day mark");
	T_CHECK(screen_has(&st, "等候 3 人, 约 10 分钟"), "current wait from status");
	T_EQ_INT(ks_key(&st, '2', &prio), KA_NONE);
	T_EQ_INT(st.screen, KS_PRIORITY);
	T_EQ_STR(st.svcs[st.svc].code, "C");
	T_EQ_INT(ks_key(&st, '2', &prio), KA_TAKE);
	T_EQ_STR(prio, "elderly");
	T_EQ_INT(st.screen, KS_BUSY);
	/* presses while the take is out are dropped: never a second ticket */
	prio = NULL;
	T_EQ_INT(ks_key(&st, '2', &prio), KA_NONE);
	T_EQ_INT(ks_key(&st, '\n', &prio), KA_NONE);
	T_CHECK(prio == NULL, "no priority chosen while busy");
}

static void
back_key_returns_and_green_lane_is_key_5(void)
{
	struct ks_state st;
	const char *prio = NULL;

	hall(&st);
	ks_key(&st, '2', &prio);
	T_CHECK(screen_has(&st, "[零跑腿]"), "zero-visit mark");
	T_CHECK(screen_has(&st, "等候人数未知"), "unknown wait said so");
	T_EQ_INT(ks_key(&st, '0', &prio), KA_NONE);
	T_EQ_INT(st.screen, KS_HOME);
	ks_key(&st, '2', &prio);
	ks_key(&st, '1', &prio);
	T_EQ_INT(ks_key(&st, '0', &prio), KA_NONE);
	T_EQ_INT(st.screen, KS_SERVICES);
	ks_key(&st, '1', &prio);
	T_EQ_INT(ks_key(&st, '5', &prio), KA_TAKE);
	T_EQ_STR(prio, "green");
	T_EQ_INT(ks_key(&st, '7', &prio), KA_NONE);
}

static void
checkin_needs_18_characters(void)
{
	struct ks_state st;
	const char *prio = NULL;
	const char *id = "44010619900101123";
	int i;

	hall(&st);
	T_EQ_INT(ks_key(&st, '0', &prio), KA_NONE);
	T_EQ_INT(st.screen, KS_CHECKIN);
	for (i = 0; id[i]; i++)
		ks_key(&st, id[i], &prio);
	T_EQ_INT(ks_key(&st, '\n', &prio), KA_NONE);
	T_CHECK(strstr(st.message, "18") != NULL, "message: %s", st.message);
	ks_key(&st, '*', &prio);	/* X on a keypad */
	T_EQ_STR(st.idnum, "44010619900101123X");
	ks_key(&st, '9', &prio);	/* too long: ignored */
	T_EQ_STR(st.idnum, "44010619900101123X");
	ks_key(&st, '-', &prio);
	T_EQ_STR(st.idnum, "44010619900101123");
	ks_key(&st, 'x', &prio);
	T_EQ_INT(ks_key(&st, '\n', &prio), KA_CHECKIN);
	T_EQ_INT(st.screen, KS_BUSY);
}

static void
ticket_screen_shows_big_code_and_reprint_after_failure(void)
{
	struct ks_state st;
	const char *prio = NULL;
	char row[512];

	hall(&st);
	st.screen = KS_TICKET;
	snprintf(st.code, sizeof st.code, "A001");
	snprintf(st.svc_name, sizeof st.svc_name, "社保卡办理");
	st.ahead = 2;
	st.eta_s = 300;
	st.printed = 0;
	T_EQ_INT(big_row(row, sizeof row, "A001", 0, "\xe2\x96\x88", 2), (4 * 6 - 1) * 2);
	T_CHECK(screen_has(&st, row), "big code row 0 on screen");
	T_CHECK(screen_has(&st, "正在打印"), "printing notice");
	T_EQ_INT(ks_key(&st, '1', &prio), KA_NONE);	/* no reprint while printing */
	st.printed = -1;
	T_CHECK(screen_has(&st, "打印失败, 请记住您的号码 A001"), "fallback names the code");
	T_CHECK(screen_has(&st, "1 重新打印"), "reprint offered");
	T_EQ_INT(ks_key(&st, '1', &prio), KA_REPRINT);
	T_EQ_INT(st.screen, KS_TICKET);
	T_EQ_INT(ks_key(&st, '0', &prio), KA_NONE);
	T_EQ_INT(st.screen, KS_HOME);
}

static void
many_departments_page_with_key_9(void)
{
	struct ks_state st;
	const char *prio = NULL;
	int i;

	hall(&st);
	st.ndepts = 10;
	for (i = 0; i < 10; i++)
		snprintf(st.depts[i].name, 128, "部门%d", i + 1);
	T_CHECK(screen_has(&st, "8   部门8"), "page 1 holds 8");
	T_CHECK(!screen_has(&st, "部门9"), "9th on page 2");
	ks_key(&st, '9', &prio);
	T_CHECK(screen_has(&st, "1   部门9"), "page 2 starts at 部门9");
	T_CHECK(screen_has(&st, "0   预约签到"), "check-in on every page");
	ks_key(&st, '2', &prio);
	T_EQ_INT(st.screen, KS_SERVICES);
	T_EQ_INT(st.dept, 9);
}

/* Every line of the screen: at most 96 columns (the kiosk's pane is 100 wide), and nothing
 * of the server's own English (its messages start with the op or name the fields). */
static int
screen_clean(const struct ks_state *st)
{
	static const char *const internals[] = { "take:", "checkin:", "malformed", "Could not",
		"check digit", "error", "(null)" };
	struct ks_lines ls;
	size_t k;
	int i, clean = 1;

	ks_render(st, &ls);
	for (i = 0; i < ls.n; i++) {
		if (utf8_width(ls.text[i]) > 96) {
			printf("#   line %d is %d columns: %s\n", i, utf8_width(ls.text[i]),
			    ls.text[i]);
			clean = 0;
		}
		for (k = 0; k < sizeof internals / sizeof internals[0]; k++)
			if (strstr(ls.text[i], internals[k])) {
				printf("#   line %d shows '%s': %s\n", i, internals[k], ls.text[i]);
				clean = 0;
			}
	}
	return clean;
}

/* The first byte of a line is a Chinese character (UTF-8 lead byte of U+4E00.. U+9FFF). */
static int
chinese_first(const char *s)
{
	unsigned char c = (unsigned char)s[0];

	return c >= 0xe4 && c <= 0xe9;
}

static void
error_codes_become_bilingual_citizen_texts(void)
{
	static const struct {
		const char *what, *code, *detail, *want, *want2;
	} cases[] = {
		{ "take", "not_served", "take: no open or paused window serves service D",
		    "此业务暂无窗口办理  No window is serving this service now",
		    "办理时间 09:00-17:00, 请咨询导办台" },
		{ "take", "closed", "take: the hall is open 09:00-17:00", "现在不是办理时间",
		    "Opening hours 09:00-17:00" },
		{ "take", "not_found", "take: no service 'Z'", "此业务暂不能取号", "请咨询导办台" },
		{ "take", "bad_request", "take: unknown priority 'x'", "取号失败", "请咨询导办台" },
		{ "take", "limit_reached", "take: too many", "今日号票已取完", "请咨询导办台" },
		{ "take", "internal", "take: database is locked", "系统暂时无法取号", "稍后再试" },
		{ "take", "forbidden", "take: kiosk may not", "本机暂不能取号", "工作人员" },
		{ "take", "timeout", "take: no answer in 5000 ms", "服务器无应答", "工作人员" },
		{ "take", "disconnected", "take: not connected", "服务器无应答", "勿重复取号" },
		{ "take", NULL, "take: ???", "取号失败", "请咨询导办台" },
		{ "take", "rate_limited", "take: kiosk-1 may take at most 30 times a minute (the "
		    "hall's [limits] takes_per_minute); try again in 2 s",
		    "本机取号过于频繁, 请稍候", "请 2 秒后再试  Please try again in 2 s" },
		{ "checkin", "rate_limited", "checkin: over the limit", "本机签到过于频繁",
		    "请稍后再试" },
		{ "checkin", "bad_request", "checkin: malformed ID number: the ID number's check "
		    "digit is wrong (mistyped?)", "身份证号有误  This ID number is not valid",
		    "请核对后重新输入" },
		{ "checkin", "not_found", "checkin: no booking today for this ID number",
		    "未找到今天的预约", "或取普通号" },
		{ "checkin", "conflict", "checkin: too early: check-in opens at "
		    "2026-03-02T12:30:00+08:00", "还未到签到时间, 12:30 起可签到", "稍后" },
		{ "checkin", "conflict", "checkin: the slot at 2026-03-02T09:00:00+08:00 was "
		    "missed; please take a normal ticket", "您的预约时段已过", "请取普通号" },
		{ "checkin", "conflict", "checkin: already checked in (ticket 4)", "您已签到过",
		    "请留意叫号" },
		{ "checkin", "conflict", "checkin: the appointment is at 2026-03-03T09:00:00+08:00, "
		    "not today", "您的预约不在今天", "请咨询导办台" },
		{ "checkin", "conflict", "checkin: the appointment is cancelled", "无法签到",
		    "请咨询导办台" },
		{ "checkin", "closed", "checkin: outside hours", "现在不是办理时间",
		    "办理时间 09:00-17:00" },
		{ "checkin", "unknown_op", "checkin: unknown op 'checkin'", "预约签到暂未开通",
		    "请咨询导办台" },
		{ "checkin", "internal", "checkin: appointments are not available (see the log)",
		    "系统暂时无法签到", "稍后再试" },
		{ "checkin", "timeout", NULL, "服务器无应答", "勿重复签到" },
	};
	struct ks_state st;
	const char *prio = NULL;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		hall(&st);
		snprintf(st.hours, sizeof st.hours, "09:00-17:00");
		st.screen = KS_MESSAGE;
		ks_error_text(&st, cases[i].what, cases[i].code, cases[i].detail);
		T_CHECK(strstr(st.message, cases[i].want) != NULL, "%s %s: %s", cases[i].what,
		    cases[i].code ? cases[i].code : "-", st.message);
		T_CHECK(strstr(st.message2, cases[i].want2) != NULL, "%s %s: %s", cases[i].what,
		    cases[i].code ? cases[i].code : "-", st.message2);
		T_CHECK(chinese_first(st.message) && chinese_first(st.message2),
		    "Chinese first: %s / %s", st.message, st.message2);
		T_CHECK(strstr(st.message, "  ") && strstr(st.message2, "  "),
		    "English after Chinese: %s / %s", st.message, st.message2);
		T_CHECK(screen_clean(&st), "%s %s", cases[i].what,
		    cases[i].code ? cases[i].code : "-");
		T_CHECK(screen_has(&st, "0 返回 Back"), "back offered");
		T_EQ_INT(ks_key(&st, '0', &prio), KA_NONE);
		T_EQ_INT(st.screen, KS_HOME);
		T_EQ_STR(st.message, "");
		T_EQ_STR(st.message2, "");
	}
	/* no hours known: no empty "办理时间 ," */
	hall(&st);
	ks_error_text(&st, "take", "closed", NULL);
	T_CHECK(strstr(st.message2, "办理时间") == NULL, "%s", st.message2);
}

static void
zero_is_back_on_every_screen(void)
{
	struct ks_state st;
	const char *prio = NULL;

	hall(&st);
	ks_key(&st, '1', &prio);
	T_CHECK(screen_has(&st, "0 返回 Back"), "services: back shown");
	T_EQ_INT(ks_key(&st, '0', &prio), KA_NONE);
	T_EQ_INT(st.screen, KS_HOME);
	ks_key(&st, '1', &prio);
	ks_key(&st, '1', &prio);
	T_EQ_INT(st.screen, KS_PRIORITY);
	T_CHECK(screen_has(&st, "0 返回 Back"), "priority: back shown");
	T_EQ_INT(ks_key(&st, '0', &prio), KA_NONE);
	T_EQ_INT(st.screen, KS_SERVICES);
	T_EQ_INT(ks_key(&st, '0', &prio), KA_NONE);
	T_EQ_INT(st.screen, KS_HOME);
	/* check-in: 0 is Back while nothing is typed (no ID number starts with 0), a digit
	 * after */
	T_EQ_INT(ks_key(&st, '0', &prio), KA_NONE);
	T_EQ_INT(st.screen, KS_CHECKIN);
	T_CHECK(screen_has(&st, "0 返回 Back"), "check-in: back shown while empty");
	T_EQ_INT(ks_key(&st, '0', &prio), KA_NONE);
	T_EQ_INT(st.screen, KS_HOME);
	ks_key(&st, '0', &prio);
	ks_key(&st, '4', &prio);
	ks_key(&st, '0', &prio);
	T_EQ_INT(st.screen, KS_CHECKIN);
	T_EQ_STR(st.idnum, "40");
	T_CHECK(!screen_has(&st, "0 返回 Back    *"), "0 is a digit now: not shown as back");
	T_CHECK(screen_has(&st, "删空后 0 返回 Back"), "how to go back said");
	ks_key(&st, '-', &prio);
	ks_key(&st, 127, &prio);
	T_EQ_STR(st.idnum, "");
	T_EQ_INT(ks_key(&st, '0', &prio), KA_NONE);
	T_EQ_INT(st.screen, KS_HOME);
	/* Esc and Backspace on an empty entry go back too */
	ks_key(&st, '0', &prio);
	T_EQ_INT(ks_key(&st, 27, &prio), KA_NONE);
	T_EQ_INT(st.screen, KS_HOME);
	ks_key(&st, '0', &prio);
	T_EQ_INT(ks_key(&st, 127, &prio), KA_NONE);
	T_EQ_INT(st.screen, KS_HOME);
	/* ticket: 0 is Done, home */
	st.screen = KS_TICKET;
	snprintf(st.code, sizeof st.code, "A001");
	st.printed = 1;
	T_CHECK(screen_has(&st, "0 完成 Done"), "ticket: done shown");
	T_EQ_INT(ks_key(&st, '0', &prio), KA_NONE);
	T_EQ_INT(st.screen, KS_HOME);
}

static void
unserved_services_are_marked(void)
{
	struct ks_state st;
	const char *prio = NULL;

	hall(&st);
	snprintf(st.hours, sizeof st.hours, "09:00-17:00");
	st.svcs[0].served = 1;	/* A (RS) served, C (RS) not, B (GS) not */
	st.svcs[1].served = 0;
	st.svcs[2].served = 0;
	T_CHECK(!screen_has(&st, "人力资源和社会保障局 Social Security   ["),
	    "a department with one served service is not marked");
	T_CHECK(screen_has(&st, "市场监督管理局 Market Regulation   [暂不受理 Not served now]"),
	    "a department with none is marked");
	T_CHECK(screen_has(&st, "办理时间 09:00-17:00, 请咨询导办台"), "the note gives hours");
	T_CHECK(screen_clean(&st), "home");
	ks_key(&st, '1', &prio);
	T_CHECK(screen_has(&st, "[当日办结] 等候 3 人, 约 10 分钟"), "served: its wait");
	T_CHECK(screen_has(&st, "      暂不受理 Not served now · 等候"), "C marked");
	T_CHECK(screen_has(&st, "hours 09:00-17:00; please ask at the help desk"), "note, EN");
	T_CHECK(screen_clean(&st), "services");
	ks_key(&st, '1', &prio);
	T_CHECK(!screen_has(&st, "暂不受理"), "priority of a served service: no warning");
	ks_key(&st, '0', &prio);
	ks_key(&st, '2', &prio);
	T_EQ_STR(st.svcs[st.svc].code, "C");
	T_CHECK(screen_has(&st, "此业务现无窗口办理  No window is serving this service now"),
	    "priority of an unserved service warns");
	T_CHECK(screen_clean(&st), "priority");
	T_EQ_INT(ks_key(&st, '1', &prio), KA_TAKE);	/* the server decides: issue or refuse */
	/* unknown (an old server): no marks, no note */
	hall(&st);
	ks_key(&st, '1', &prio);
	T_CHECK(!screen_has(&st, "暂不受理"), "unknown is not marked");
	/* without hours, the note still sends to the help desk */
	hall(&st);
	st.svcs[1].served = 0;
	T_CHECK(screen_has(&st, "暂不受理 Not served now: 现无窗口办理, 请咨询导办台"), "no hours");
}

static void
ticket_screen_says_lane_and_no_window(void)
{
	struct ks_state st;

	hall(&st);
	st.screen = KS_TICKET;
	snprintf(st.code, sizeof st.code, "A001");
	snprintf(st.svc_name, sizeof st.svc_name, "社保卡办理");
	snprintf(st.priority, sizeof st.priority, "green");
	st.printed = 1;
	st.eta_s = -1;
	T_CHECK(screen_has(&st, "重点企业绿色通道 Key enterprise (green lane)"), "lane shown");
	T_CHECK(!screen_has(&st, "暂无窗口办理"), "served: no notice");
	st.no_window = 1;
	T_CHECK(screen_has(&st, "暂无窗口办理此业务，请留意叫号  No window is open for this "
	    "service yet"), "no_window notice");
	T_CHECK(screen_clean(&st), "ticket");
	snprintf(st.priority, sizeof st.priority, "normal");
	T_CHECK(!screen_has(&st, "普通 Normal"), "normal lane not spelled out");
	st.printed = -1;
	T_CHECK(screen_has(&st, "打印失败, 请记住您的号码 A001"), "print failure");
	T_CHECK(screen_clean(&st), "print failure");
	T_EQ_STR(ks_priority_label("elderly"), "老年人 Elderly (65+)");
	T_EQ_STR(ks_priority_label("appointment"), "预约 Appointment");
	T_CHECK(ks_priority_label("bogus") == NULL, "unknown lane");
}

static void
service_list_shows_the_range_of_the_wait(void)
{
	struct ks_state st;
	const char *prio = NULL;

	hall(&st);
	/* jhd's range for a ticket taken now: minutes from 330 s down, to 1190 s up */
	st.svcs[0].eta_lo_s = 330;
	st.svcs[0].eta_hi_s = 1190;
	ks_key(&st, '1', &prio);
	T_EQ_INT(st.screen, KS_SERVICES);
	T_CHECK(screen_has(&st, "等候 3 人, 约 5–20 分钟 (3 waiting, ~5–20 min)"),
	    "range in both languages");
	T_CHECK(!screen_has(&st, "约 10 分钟"), "the range, not the estimate alone");
	T_CHECK(screen_clean(&st), "services with a range");
	st.svcs[2].served = 0;	/* marked "not served now": the range after the mark */
	st.svcs[2].waiting = 0;
	st.svcs[2].eta_s = 120;
	st.svcs[2].eta_lo_s = 60;
	st.svcs[2].eta_hi_s = 300;
	T_CHECK(screen_has(&st, "暂不受理 Not served now · 等候 0 人, 约 1–5 分钟"),
	    "range of an unserved service");
	/* an older jhd (no range) or a range within one minute: the estimate alone */
	st.svcs[0].eta_lo_s = st.svcs[0].eta_hi_s = -1;
	T_CHECK(screen_has(&st, "等候 3 人, 约 10 分钟 (3 waiting, ~10 min)"), "no range");
	st.svcs[0].eta_lo_s = 600;
	st.svcs[0].eta_hi_s = 600;
	T_CHECK(screen_has(&st, "等候 3 人, 约 10 分钟 (3 waiting, ~10 min)"), "a range within one minute");
	st.svcs[0].eta_lo_s = 900;	/* inverted: not a range */
	st.svcs[0].eta_hi_s = 300;
	T_CHECK(screen_has(&st, "约 10 分钟"), "inverted range ignored");
}

int
main(void)
{
	T_RUN(department_service_priority_takes_one_ticket);
	T_RUN(back_key_returns_and_green_lane_is_key_5);
	T_RUN(checkin_needs_18_characters);
	T_RUN(ticket_screen_shows_big_code_and_reprint_after_failure);
	T_RUN(many_departments_page_with_key_9);
	T_RUN(error_codes_become_bilingual_citizen_texts);
	T_RUN(zero_is_back_on_every_screen);
	T_RUN(unserved_services_are_marked);
	T_RUN(ticket_screen_says_lane_and_no_window);
	T_RUN(service_list_shows_the_range_of_the_wait);
	return t_done();
}
