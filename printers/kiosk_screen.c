/* kiosk_screen.c — the kiosk's screens: key handling and layout as pure functions of the
 * screen state (home → services → priority → ticket; home → check-in → ticket). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "big.h"
#include "kiosk_screen.h"
#include "ticket.h"

const char *const ks_priorities[KS_NPRIO] = { "normal", "elderly", "disabled", "prereviewed",
	"green" };
const char *const ks_priority_labels[KS_NPRIO] = {
	"普通 Normal",
	"老年人 Elderly (65+)",
	"残障人士 Disabled",
	"网上预审件 Pre-reviewed online application",
	"重点企业绿色通道 Key enterprise (green lane)",
};

const char *
ks_priority_label(const char *lane)
{
	int i;

	if (lane == NULL)
		return NULL;
	for (i = 0; i < KS_NPRIO; i++)
		if (strcmp(ks_priorities[i], lane) == 0)
			return ks_priority_labels[i];
	if (strcmp(lane, "appointment") == 0)
		return "预约 Appointment";
	return NULL;
}

int
ks_find_dept(const struct ks_state *st, const char *code)
{
	int i;

	for (i = 0; i < st->ndepts; i++)
		if (strcmp(st->depts[i].code, code) == 0)
			return i;
	return -1;
}

int
ks_find_svc(const struct ks_state *st, const char *code)
{
	int i;

	for (i = 0; i < st->nsvcs; i++)
		if (strcmp(st->svcs[i].code, code) == 0)
			return i;
	return -1;
}

/* "Ask at the help desk", with the opening hours when they are known. */
static void
help_desk_hours(const struct ks_state *st, char *buf, size_t n)
{
	if (st->hours[0])
		snprintf(buf, n, "办理时间 %s, 请咨询导办台  Opening hours %s; please ask at the "
		    "help desk", st->hours, st->hours);
	else
		snprintf(buf, n, "请咨询导办台  Please ask at the help desk");
}

/* "… at 2026-03-02T09:00:00+08:00 …" → "09:00": the first local time in s, or 0. */
static int
time_in(const char *s, char *out, size_t n)
{
	const char *p;

	for (p = s ? strchr(s, 'T') : NULL; p; p = strchr(p + 1, 'T'))
		if (p > s && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' && p[1] <= '2' &&
		    p[2] >= '0' && p[2] <= '9' && p[3] == ':' && p[4] >= '0' && p[4] <= '5' &&
		    p[5] >= '0' && p[5] <= '9') {
			snprintf(out, n, "%.5s", p + 1);
			return 1;
		}
	return 0;
}

static int
is(const char *code, const char *want)
{
	return code && strcmp(code, want) == 0;
}

void
ks_error_text(struct ks_state *st, const char *what, const char *code, const char *detail)
{
	char *m = st->message, *m2 = st->message2, t[8];
	size_t n = sizeof st->message, n2 = sizeof st->message2;
	int checkin = strcmp(what, "checkin") == 0;

	snprintf(m2, n2, "请咨询导办台  Please ask at the help desk");
	if (is(code, "timeout") || is(code, "disconnected") || is(code, "bad_reply")) {
		snprintf(m, n, "服务器无应答  The server did not answer");
		snprintf(m2, n2, "请联系工作人员, 勿重复%s  Please ask staff before trying again",
		    checkin ? "签到" : "取号");
	} else if (is(code, "forbidden") || is(code, "unauthenticated")) {
		snprintf(m, n, "本机暂不能%s  This kiosk cannot %s now", checkin ? "签到" : "取号",
		    checkin ? "check you in" : "issue tickets");
		snprintf(m2, n2, "请联系工作人员  Please ask staff");
	} else if (is(code, "internal")) {
		snprintf(m, n, "系统暂时无法%s  The system cannot %s right now",
		    checkin ? "签到" : "取号", checkin ? "check you in" : "issue tickets");
		snprintf(m2, n2, "请稍后再试或联系工作人员  Please try again shortly or ask staff");
	} else if (is(code, "rate_limited")) {
		/* the hall's [limits]: this kiosk is taking (or checking in) faster than people
		 * do; the server says when the next one is allowed */
		const char *p = detail ? strstr(detail, "try again in ") : NULL;
		long s = p ? strtol(p + 13, NULL, 10) : 0;

		snprintf(m, n, "本机%s过于频繁, 请稍候  This kiosk is busy, please wait",
		    checkin ? "签到" : "取号");
		if (s > 0)
			snprintf(m2, n2, "请 %ld 秒后再试  Please try again in %ld s", s, s);
		else
			snprintf(m2, n2, "请稍后再试  Please try again shortly");
	} else if (is(code, "closed")) {
		snprintf(m, n, "现在不是办理时间  The hall is not %s now",
		    checkin ? "checking in appointments" : "issuing tickets");
		help_desk_hours(st, m2, n2);
	} else if (!checkin) {
		if (is(code, "not_served")) {
			snprintf(m, n, "此业务暂无窗口办理  No window is serving this service now");
			help_desk_hours(st, m2, n2);
		} else if (is(code, "not_found"))
			snprintf(m, n, "此业务暂不能取号  This service is not available here now");
		else if (is(code, "limit_reached") || is(code, "quota_exhausted"))
			snprintf(m, n, "此业务今日号票已取完  No more tickets for this service today");
		else
			snprintf(m, n, "取号失败  No ticket was issued");
	} else if (is(code, "unknown_op")) {
		snprintf(m, n, "预约签到暂未开通  Appointment check-in is not available yet");
	} else if (is(code, "bad_request")) {
		snprintf(m, n, "身份证号有误  This ID number is not valid");
		snprintf(m2, n2, "请核对后重新输入  Please check it and type it again");
	} else if (is(code, "not_found")) {
		snprintf(m, n, "未找到今天的预约  No appointment today for this ID number");
		snprintf(m2, n2, "请核对身份证号, 或取普通号  Check the number, or take a normal ticket");
	} else if (is(code, "conflict") && detail && strstr(detail, "too early")) {
		if (time_in(detail, t, sizeof t))
			snprintf(m, n, "还未到签到时间, %s 起可签到  Too early: check-in opens at %s",
			    t, t);
		else
			snprintf(m, n, "还未到签到时间  Too early to check in");
		snprintf(m2, n2, "请稍后再来签到  Please come back to check in later");
	} else if (is(code, "conflict") && detail && strstr(detail, "missed")) {
		snprintf(m, n, "您的预约时段已过  Your appointment slot has passed");
		snprintf(m2, n2, "请取普通号  Please take a normal ticket");
	} else if (is(code, "conflict") && detail && strstr(detail, "already checked in")) {
		snprintf(m, n, "您已签到过  You have already checked in");
		snprintf(m2, n2, "请留意叫号; 号票遗失请咨询导办台  Listen for your number; "
		    "lost ticket: help desk");
	} else if (is(code, "conflict") && detail && strstr(detail, "not today")) {
		snprintf(m, n, "您的预约不在今天  Your appointment is not today");
	} else
		snprintf(m, n, "无法签到  Check-in is not possible for this appointment");
}

void
ks_home(struct ks_state *st)
{
	st->screen = KS_HOME;
	st->page = 0;
	st->dept = -1;
	st->svc = -1;
	st->idnum[0] = '\0';
}

int
ks_dept_services(const struct ks_state *st, int *idx, int max)
{
	int i, n = 0;

	if (st->dept < 0 || st->dept >= st->ndepts)
		return 0;
	for (i = 0; i < st->nsvcs && n < max; i++)
		if (strcmp(st->svcs[i].dept, st->depts[st->dept].code) == 0)
			idx[n++] = i;
	return n;
}

/* Items on the home screen: the departments; 0 is appointment check-in. */
static int
home_items(const struct ks_state *st)
{
	return st->ndepts;
}

static int
pages(int items)
{
	return items <= 0 ? 1 : (items + KS_PER_PAGE - 1) / KS_PER_PAGE;
}

/* Digit d (1..8) on the current page → item index, or -1. */
static int
pick(const struct ks_state *st, int d, int items)
{
	int i = st->page * KS_PER_PAGE + (d - 1);

	return d >= 1 && d <= KS_PER_PAGE && i < items ? i : -1;
}

enum ks_action
ks_key(struct ks_state *st, int key, const char **prio_out)
{
	int idx[KS_MAX_SVCS], n, i;
	size_t len;

	if (st->screen != KS_MESSAGE)
		st->message[0] = st->message2[0] = '\0';
	switch (st->screen) {
	case KS_HOME:
		if (key == '9' && pages(home_items(st)) > 1) {
			st->page = (st->page + 1) % pages(home_items(st));
			return KA_NONE;
		}
		if (key == '0') {
			st->page = 0;
			st->screen = KS_CHECKIN;
			st->idnum[0] = '\0';
		} else if (key >= '1' && key <= '8' &&
		    (i = pick(st, key - '0', home_items(st))) >= 0) {
			st->page = 0;
			st->dept = i;
			st->screen = KS_SERVICES;
		}
		return KA_NONE;
	case KS_SERVICES:
		n = ks_dept_services(st, idx, KS_MAX_SVCS);
		if (key == '0' || key == 27) {
			ks_home(st);
		} else if (key == '9' && pages(n) > 1) {
			st->page = (st->page + 1) % pages(n);
		} else if (key >= '1' && key <= '8' && (i = pick(st, key - '0', n)) >= 0) {
			st->svc = idx[i];
			st->page = 0;
			st->screen = KS_PRIORITY;
		}
		return KA_NONE;
	case KS_PRIORITY:
		if (key == '0' || key == 27) {
			st->screen = KS_SERVICES;
		} else if (key >= '1' && key < '1' + KS_NPRIO) {
			*prio_out = ks_priorities[key - '1'];
			st->screen = KS_BUSY;
			return KA_TAKE;
		}
		return KA_NONE;
	case KS_CHECKIN:
		len = strlen(st->idnum);
		/* 0 is Back here as on every screen while nothing is typed: an ID number never
		 * starts with 0 (its first digit is a province's, 1 to 8) */
		if (key == 27 || key == '/' ||
		    ((key == '0' || key == 127 || key == 8 || key == '-') && len == 0)) {
			ks_home(st);
		} else if (key == 127 || key == 8 || key == '-') {
			st->idnum[len - 1] = '\0';
		} else if (((key >= '0' && key <= '9') || key == 'x' || key == 'X' || key == '*' ||
		    key == '.') && len < KS_ID_MAX) {
			st->idnum[len] = (key >= '0' && key <= '9') ? (char)key : 'X';
			st->idnum[len + 1] = '\0';
		} else if (key == '\n' || key == '\r' || key == '+') {
			if (len != KS_ID_MAX) {
				snprintf(st->message, sizeof st->message,
				    "身份证号应为18位 ID number must have 18 characters (%zu now)", len);
				return KA_NONE;
			}
			st->screen = KS_BUSY;
			return KA_CHECKIN;
		}
		return KA_NONE;
	case KS_TICKET:
		if (key == '1' && st->printed != 0)
			return KA_REPRINT;
		if (key == '0' || key == '\n' || key == '\r' || key == 27)
			ks_home(st);
		return KA_NONE;
	case KS_MESSAGE:
		if (key == '0' || key == '\n' || key == '\r' || key == 27) {
			st->message[0] = st->message2[0] = '\0';
			ks_home(st);
		}
		return KA_NONE;
	case KS_BUSY:
		return KA_NONE;	/* presses while a request is out are dropped: one ticket a press */
	}
	return KA_NONE;
}

static void
add(struct ks_lines *o, int attr, const char *fmt, ...)
{
	va_list ap;

	if (o->n >= KS_MAX_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(o->text[o->n], KS_LINE, fmt, ap);
	va_end(ap);
	o->attr[o->n++] = (unsigned char)attr;
}

static void
wait_text(char *buf, size_t n, const struct ks_svc *s)
{
	if (s->waiting < 0)
		snprintf(buf, n, "等候人数未知 wait unknown");
	else if (s->eta_s < 0)
		snprintf(buf, n, "等候 %d 人 waiting", s->waiting);
	else {
		char m[32];

		tk_wait_minutes(m, sizeof m, s->eta_s, s->eta_lo_s, s->eta_hi_s);
		snprintf(buf, n, "等候 %d 人, 约 %s 分钟 (%d waiting, ~%s min)", s->waiting, m,
		    s->waiting, m);
	}
}

static void
paging_hint(struct ks_lines *o, int page, int items, const char *back)
{
	if (pages(items) > 1)
		add(o, KS_A_HINT, "按数字键选择  9 更多 More (%d/%d)  %s", page + 1, pages(items),
		    back);
	else
		add(o, KS_A_HINT, "按数字键选择 Press a number  %s", back);
}

/* A department none of whose services an open or paused window serves now (0: some are, or
 * it is not known). */
static int
dept_unserved(const struct ks_state *st, int d)
{
	int i, n = 0;

	for (i = 0; i < st->nsvcs; i++) {
		if (strcmp(st->svcs[i].dept, st->depts[d].code) != 0)
			continue;
		if (st->svcs[i].served != 0)
			return 0;
		n++;
	}
	return n > 0;
}

#define NOT_SERVED	"暂不受理 Not served now"

static void
not_served_note(struct ks_lines *o, const struct ks_state *st)
{
	if (st->hours[0]) {
		add(o, KS_A_HINT, "%s: 现无窗口办理, 办理时间 %s, 请咨询导办台", NOT_SERVED,
		    st->hours);
		add(o, KS_A_HINT, "  (no window is open for it; hours %s; please ask at the help "
		    "desk)", st->hours);
	} else {
		add(o, KS_A_HINT, "%s: 现无窗口办理, 请咨询导办台", NOT_SERVED);
		add(o, KS_A_HINT, "  (no window is open for it; please ask at the help desk)");
	}
}

void
ks_render(const struct ks_state *st, struct ks_lines *o)
{
	int idx[KS_MAX_SVCS], n, i, k, unserved;
	char big[KS_LINE], w[200], marks[160];
	const struct ks_svc *s;
	const char *label;

	o->n = 0;
	add(o, KS_A_TITLE, "%s", st->hall);
	if (st->banner[0])
		add(o, KS_A_WARN, "%s", st->banner);
	add(o, KS_A_NORMAL, "%s", "");
	switch (st->screen) {
	case KS_HOME:
		add(o, KS_A_TITLE, "请选择办事部门  Choose a department");
		add(o, KS_A_NORMAL, "%s", "");
		for (k = 1, unserved = 0; k <= KS_PER_PAGE; k++) {
			i = st->page * KS_PER_PAGE + k - 1;
			if (i >= st->ndepts)
				break;
			if (dept_unserved(st, i)) {
				add(o, KS_A_NORMAL, "  %d   %s   [%s]", k, st->depts[i].name,
				    NOT_SERVED);
				unserved = 1;
			} else
				add(o, KS_A_NORMAL, "  %d   %s", k, st->depts[i].name);
		}
		add(o, KS_A_NORMAL, "%s", "");
		add(o, KS_A_NORMAL, "  0   预约签到  Appointment check-in");
		add(o, KS_A_NORMAL, "%s", "");
		if (unserved)
			not_served_note(o, st);
		paging_hint(o, st->page, home_items(st), "");
		break;
	case KS_SERVICES:
		n = ks_dept_services(st, idx, KS_MAX_SVCS);
		add(o, KS_A_TITLE, "%s — 请选择事项 Choose a service",
		    st->dept >= 0 ? st->depts[st->dept].name : "");
		add(o, KS_A_NORMAL, "%s", "");
		if (n == 0)
			add(o, KS_A_NORMAL, "  本部门暂无可取号事项  No services here");
		for (k = 1, unserved = 0; k <= KS_PER_PAGE; k++) {
			i = st->page * KS_PER_PAGE + k - 1;
			if (i >= n)
				break;
			s = &st->svcs[idx[i]];
			add(o, KS_A_NORMAL, "  %d   %s", k, s->name);
			snprintf(marks, sizeof marks, "%s%s%s", s->same_day ? "[当日办结] " : "",
			    s->simple ? "[简易审批] " : "", s->zero_visit ? "[零跑腿] " : "");
			wait_text(w, sizeof w, s);
			if (s->served == 0) {
				add(o, KS_A_WARN, "      %s%s · %s", marks, NOT_SERVED, w);
				unserved = 1;
			} else
				add(o, KS_A_HINT, "      %s%s", marks, w);
		}
		add(o, KS_A_NORMAL, "%s", "");
		if (unserved)
			not_served_note(o, st);
		paging_hint(o, st->page, n, "0 返回 Back");
		break;
	case KS_PRIORITY:
		s = st->svc >= 0 ? &st->svcs[st->svc] : NULL;
		add(o, KS_A_TITLE, "%s — 请选择取号类别 Choose your lane", s ? s->name : "");
		add(o, KS_A_NORMAL, "%s", "");
		if (s && s->served == 0) {
			add(o, KS_A_WARN, "%s: 此业务现无窗口办理  No window is serving this service "
			    "now", NOT_SERVED);
			add(o, KS_A_NORMAL, "%s", "");
		}
		for (k = 0; k < KS_NPRIO; k++)
			add(o, KS_A_NORMAL, "  %d   %s", k + 1, ks_priority_labels[k]);
		add(o, KS_A_NORMAL, "%s", "");
		add(o, KS_A_HINT, "按数字键取号 Press a number for your ticket  0 返回 Back");
		break;
	case KS_CHECKIN:
		add(o, KS_A_TITLE, "预约签到 Appointment check-in");
		add(o, KS_A_NORMAL, "%s", "");
		add(o, KS_A_NORMAL, "请输入身份证号 Enter your ID number:");
		add(o, KS_A_TITLE, "  [ %-18s ]", st->idnum);
		add(o, KS_A_NORMAL, "%s", "");
		if (st->idnum[0] == '\0')
			add(o, KS_A_HINT, "0 返回 Back    * 或 . 输入 X    Enter 确认 OK");
		else
			add(o, KS_A_HINT, "* 或 . 输入 X    - 删除 Delete    Enter 确认 OK    "
			    "删空后 0 返回 Back");
		break;
	case KS_BUSY:
		add(o, KS_A_TITLE, "正在取号, 请稍候…  Taking your ticket, please wait…");
		break;
	case KS_TICKET:
		add(o, KS_A_TITLE, "您的号码  Your number");
		add(o, KS_A_NORMAL, "%s", "");
		for (k = 0; k < BIG_ROWS; k++)
			if (big_row(big, sizeof big, st->code, k, "\xe2\x96\x88", 2) > 0)
				add(o, KS_A_BIG, "%s", big);
		add(o, KS_A_NORMAL, "%s", "");
		add(o, KS_A_TITLE, "%s   %s", st->code, st->svc_name);
		if ((label = ks_priority_label(st->priority)) != NULL &&
		    strcmp(st->priority, "normal") != 0)
			add(o, KS_A_NORMAL, "%s", label);
		if (st->no_window)
			add(o, KS_A_WARN, "暂无窗口办理此业务，请留意叫号  No window is open for this "
			    "service yet");
		if (st->eta_s >= 0) {
			char m[32];

			tk_wait_minutes(m, sizeof m, st->eta_s, st->eta_lo_s, st->eta_hi_s);
			add(o, KS_A_NORMAL, "前面还有 %d 人, 约 %s 分钟  %d ahead, ~%s min", st->ahead,
			    m, st->ahead, m);
		}
		else
			add(o, KS_A_NORMAL, "前面还有 %d 人  %d ahead", st->ahead, st->ahead);
		add(o, KS_A_NORMAL, "%s", "");
		if (st->printed == 0)
			add(o, KS_A_NORMAL, "正在打印…  Printing…");
		else if (st->printed == 1)
			add(o, KS_A_NORMAL, "请取走您的号票  Please take your ticket");
		else if (st->printed == 2)
			add(o, KS_A_NORMAL, "请记住您的号码  Please remember your number");
		else {
			/* why it failed is for staff: in the log and the alert, not here */
			add(o, KS_A_WARN, "打印失败, 请记住您的号码 %s  Printing failed: remember %s",
			    st->code, st->code);
		}
		add(o, KS_A_HINT, "%s0 完成 Done", st->printed != 0 ? "1 重新打印 Reprint    " : "");
		break;
	case KS_MESSAGE:
		add(o, KS_A_WARN, "%s", st->message);
		if (st->message2[0])
			add(o, KS_A_NORMAL, "%s", st->message2);
		add(o, KS_A_NORMAL, "%s", "");
		add(o, KS_A_HINT, "0 返回 Back");
		return;
	}
	if (st->message[0]) {
		add(o, KS_A_NORMAL, "%s", "");
		add(o, KS_A_WARN, "%s", st->message);
	}
}
