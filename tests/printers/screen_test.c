/* screen_test.c — the kiosk screens without a terminal: key presses walk department →
 * service → priority → take; check-in input; one take per press; the ticket screen. */
#include <stdio.h>
#include <string.h>

#include "t.h"
#include "bigtext.h"
#include "kiosk_screen.h"

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
	T_EQ_INT(big_row("A001", 0, row, sizeof row), 4 * 6 + 3 * 2);
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

int
main(void)
{
	T_RUN(department_service_priority_takes_one_ticket);
	T_RUN(back_key_returns_and_green_lane_is_key_5);
	T_RUN(checkin_needs_18_characters);
	T_RUN(ticket_screen_shows_big_code_and_reprint_after_failure);
	T_RUN(many_departments_page_with_key_9);
	return t_done();
}
