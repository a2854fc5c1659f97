/* kiosk_screen.c — the kiosk's screens: key handling and layout as pure functions of the
 * screen state (home → services → priority → ticket; home → check-in → ticket). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bigtext.h"
#include "kiosk_screen.h"

const char *const ks_priorities[KS_NPRIO] = { "normal", "elderly", "disabled", "prereviewed",
	"green" };
const char *const ks_priority_labels[KS_NPRIO] = {
	"普通 Normal",
	"老年人 Elderly (65+)",
	"残障人士 Disabled",
	"网上预审件 Pre-reviewed online application",
	"重点企业绿色通道 Key enterprise (green lane)",
};

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
		st->message[0] = '\0';
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
		if (key == 27 || key == '/' || ((key == 127 || key == 8 || key == '-') && len == 0)) {
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
			st->message[0] = '\0';
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
	else
		snprintf(buf, n, "等候 %d 人, 约 %d 分钟 (%d waiting, ~%d min)", s->waiting,
		    (s->eta_s + 59) / 60, s->waiting, (s->eta_s + 59) / 60);
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

void
ks_render(const struct ks_state *st, struct ks_lines *o)
{
	int idx[KS_MAX_SVCS], n, i, k;
	char big[KS_LINE], w[200], marks[160];
	const struct ks_svc *s;

	o->n = 0;
	add(o, KS_A_TITLE, "%s", st->hall);
	if (st->banner[0])
		add(o, KS_A_WARN, "%s", st->banner);
	add(o, KS_A_NORMAL, "%s", "");
	switch (st->screen) {
	case KS_HOME:
		add(o, KS_A_TITLE, "请选择办事部门  Choose a department");
		add(o, KS_A_NORMAL, "%s", "");
		for (k = 1; k <= KS_PER_PAGE; k++) {
			i = st->page * KS_PER_PAGE + k - 1;
			if (i < st->ndepts)
				add(o, KS_A_NORMAL, "  %d   %s", k, st->depts[i].name);
		}
		add(o, KS_A_NORMAL, "%s", "");
		add(o, KS_A_NORMAL, "  0   预约签到  Appointment check-in");
		add(o, KS_A_NORMAL, "%s", "");
		paging_hint(o, st->page, home_items(st), "");
		break;
	case KS_SERVICES:
		n = ks_dept_services(st, idx, KS_MAX_SVCS);
		add(o, KS_A_TITLE, "%s — 请选择事项 Choose a service",
		    st->dept >= 0 ? st->depts[st->dept].name : "");
		add(o, KS_A_NORMAL, "%s", "");
		if (n == 0)
			add(o, KS_A_NORMAL, "  本部门暂无可取号事项  No services here");
		for (k = 1; k <= KS_PER_PAGE; k++) {
			i = st->page * KS_PER_PAGE + k - 1;
			if (i >= n)
				break;
			s = &st->svcs[idx[i]];
			add(o, KS_A_NORMAL, "  %d   %s", k, s->name);
			snprintf(marks, sizeof marks, "%s%s%s", s->same_day ? "[当日办结] " : "",
			    s->simple ? "[简易审批] " : "", s->zero_visit ? "[零跑腿] " : "");
			wait_text(w, sizeof w, s);
			add(o, KS_A_HINT, "      %s%s", marks, w);
		}
		add(o, KS_A_NORMAL, "%s", "");
		paging_hint(o, st->page, n, "0 返回 Back");
		break;
	case KS_PRIORITY:
		s = st->svc >= 0 ? &st->svcs[st->svc] : NULL;
		add(o, KS_A_TITLE, "%s — 请选择取号类别 Choose your lane", s ? s->name : "");
		add(o, KS_A_NORMAL, "%s", "");
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
		add(o, KS_A_HINT, "* 或 . 输入 X    - 删除 Delete    Enter 确认 OK    / 返回 Back");
		break;
	case KS_BUSY:
		add(o, KS_A_TITLE, "正在取号, 请稍候…  Taking your ticket, please wait…");
		break;
	case KS_TICKET:
		add(o, KS_A_TITLE, "您的号码  Your number");
		add(o, KS_A_NORMAL, "%s", "");
		for (k = 0; k < BIG_ROWS; k++)
			if (big_row(st->code, k, big, sizeof big) >= 0)
				add(o, KS_A_BIG, "%s", big);
		add(o, KS_A_NORMAL, "%s", "");
		add(o, KS_A_TITLE, "%s   %s", st->code, st->svc_name);
		if (st->eta_s >= 0)
			add(o, KS_A_NORMAL, "前面还有 %d 人, 约 %d 分钟  %d ahead, ~%d min", st->ahead,
			    (st->eta_s + 59) / 60, st->ahead, (st->eta_s + 59) / 60);
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
			add(o, KS_A_WARN, "打印失败, 请记住您的号码 %s  Printing failed: remember %s",
			    st->code, st->code);
			if (st->print_msg[0])
				add(o, KS_A_HINT, "(%s)", st->print_msg);
		}
		add(o, KS_A_HINT, "%s0 完成 Done", st->printed != 0 ? "1 重新打印 Reprint    " : "");
		break;
	case KS_MESSAGE:
		add(o, KS_A_WARN, "%s", st->message);
		add(o, KS_A_NORMAL, "%s", "");
		add(o, KS_A_HINT, "0 返回 Back");
		return;
	}
	if (st->message[0]) {
		add(o, KS_A_NORMAL, "%s", "");
		add(o, KS_A_WARN, "%s", st->message);
	}
}
