/* render.c — jhweb's HTML and SVG (see render.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "render.h"

/* ---- strings ---- */

static int
sb_grow(struct sb *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->oom)
		return -1;
	if (b->n + more + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 1024;
	while (cap < b->n + more + 1)
		cap *= 2;
	if ((p = realloc(b->p, cap)) == NULL) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void
sb_addn(struct sb *b, const char *s, size_t n)
{
	if (sb_grow(b, n) < 0)
		return;
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void
sb_add(struct sb *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

void
sb_printf(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || sb_grow(b, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

void
sb_esc(struct sb *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': sb_add(b, "&amp;"); break;
		case '<': sb_add(b, "&lt;"); break;
		case '>': sb_add(b, "&gt;"); break;
		case '"': sb_add(b, "&quot;"); break;
		case '\'': sb_add(b, "&#39;"); break;
		case '\n': case '\r': sb_add(b, " "); break;
		default: sb_addn(b, s, 1);
		}
	}
}

static void
sb_put(void *b, const char *s, size_t n)
{
	sb_addn(b, s, n);
}

void
sb_csv(struct sb *b, const json_t *v)
{
	char num[32];

	jh_csv_quote(jh_csv_text(v, num, sizeof num), sb_put, b);
}

void
sb_escf(struct sb *b, const char *tpl, ...)
{
	va_list ap;
	const char *p;

	va_start(ap, tpl);
	while ((p = strchr(tpl, '%')) != NULL) {
		sb_addn(b, tpl, (size_t)(p - tpl));
		if (p[1] == 's')
			sb_esc(b, va_arg(ap, const char *));
		else
			sb_addn(b, p, p[1] == '%' ? 1 : 2);
		tpl = p + (p[1] ? 2 : 1);
	}
	va_end(ap);
	sb_add(b, tpl);
}

const char *
sb_str(struct sb *b)
{
	return b->p && !b->oom ? b->p : "";
}

void
sb_free(struct sb *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

/* ---- helpers ---- */

const char *
render_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}


static long long
num(const json_t *o, const char *key, long long dflt)
{
	const json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

/* A wait in minutes, rounded up: "约 12 分钟 / about 12 min". */
static void
add_wait(struct sb *b, long long s)
{
	long long m = (s + 59) / 60;

	if (s <= 0)
		sb_add(b, "<span class=\"zh\">马上</span> <span class=\"en\">now</span>");
	else
		sb_printf(b, "<span class=\"zh\">约 %lld 分钟</span> <span class=\"en\">about %lld "
		    "min</span>", m, m);
}

/* A ticket's wait with the range it is likely within (jhd's eta_lo_s/eta_hi_s, 4 times in
 * 5): "约 10–20 分钟 / about 10–20 min", the low end rounded down and the high end up; as
 * add_wait when the range is unknown (an older jhd) or rounds to one figure. */
static void
add_wait_range(struct sb *b, long long s, long long lo, long long hi)
{
	long long a = lo / 60, z = (hi + 59) / 60;

	if (hi <= 0 || lo < 0 || hi < lo || z <= a) {
		add_wait(b, s);
		return;
	}
	sb_printf(b, "<span class=\"zh\">约 %lld–%lld 分钟</span> <span class=\"en\">about "
	    "%lld–%lld min</span>", a, z, a, z);
}

/* A time waited, in whole minutes: "12 分钟 / 12 min". */
static void
add_minutes(struct sb *b, long long s)
{
	sb_printf(b, "<span class=\"zh\">%lld 分钟</span> <span class=\"en\">%lld min</span>",
	    s / 60, s / 60);
}

const char *
render_service_name(const json_t *services, const char *code)
{
	size_t i;
	json_t *s;

	json_array_foreach(services, i, s)
		if (strcmp(render_str(s, "code"), code) == 0 && *render_str(s, "name"))
			return render_str(s, "name");
	return NULL;
}

/* The name of service code among the status services, else the code. */
static const char *
service_name(const json_t *services, const char *code)
{
	const char *name = render_service_name(services, code);

	return name ? name : code;
}

void
render_head(struct sb *b, const char *title, const char *klass)
{
	sb_add(b, "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<meta name=\"referrer\" content=\"same-origin\"><title>");
	sb_esc(b, title);
	sb_add(b, "</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head><body class=\"");
	sb_add(b, klass);
	sb_add(b, "\"><div id=\"banner\" class=\"banner\" hidden>连接中断，正在重连 / Reconnecting"
	    "…</div>");
}

static void
page_live(struct sb *b, const char *events_url)
{
	sb_add(b, "<main id=\"live\" data-events=\"");
	sb_esc(b, events_url);
	sb_add(b, "\">");
}

static void
page_tail(struct sb *b)
{
	sb_add(b, "</main><script src=\"/static/app.js\"></script></body></html>\n");
}

/* ---- the hour chart ---- */

void
render_hour_chart(struct sb *b, const json_t *rows, const char *hours, const char *label)
{
	long long issued[24] = { 0 }, served[24] = { 0 }, top = 0;
	int first = 24, last = -1, oh, om, ch, cm;
	size_t i;
	json_t *r;

	if (hours && sscanf(hours, "%d:%d-%d:%d", &oh, &om, &ch, &cm) == 4 && oh >= 0 &&
	    oh < 24 && ch >= 0 && ch <= 24) {
		first = oh;
		last = cm > 0 ? ch : ch - 1;
		if (last > 23)
			last = 23;
	}
	json_array_foreach(rows, i, r) {
		int h;

		if (sscanf(render_str(r, "key"), "%d", &h) != 1 || h < 0 || h > 23)
			continue;
		issued[h] = num(r, "issued", 0);
		served[h] = num(r, "served", 0);
		if ((issued[h] || served[h]) && h < first)
			first = h;
		if ((issued[h] || served[h]) && h > last)
			last = h;
	}
	if (last < first) {
		first = 9;
		last = 16;
	}
	for (int h = first; h <= last; h++) {
		if (issued[h] > top)
			top = issued[h];
		if (served[h] > top)
			top = served[h];
	}
	if (top < 4)
		top = 4;
	{
		int n = last - first + 1, slot = 60, w = n * slot + 40, base = 150, hmax = 120;

		sb_printf(b, "<svg class=\"chart\" viewBox=\"0 0 %d 180\" role=\"img\" "
		    "aria-label=\"", w);
		sb_esc(b, label);
		sb_add(b, "\">");
		sb_printf(b, "<line x1=\"30\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#7a8699\"/>",
		    base, w - 5, base);
		sb_printf(b, "<text x=\"26\" y=\"%d\" class=\"ax\" text-anchor=\"end\">%lld</text>",
		    base - hmax + 4, top);
		sb_printf(b, "<text x=\"26\" y=\"%d\" class=\"ax\" text-anchor=\"end\">0</text>", base);
		for (int h = first; h <= last; h++) {
			int x = 36 + (h - first) * slot;
			int hi = (int)(issued[h] * hmax / top), hs = (int)(served[h] * hmax / top);

			sb_printf(b, "<g class=\"hour\" data-hour=\"%02d\" data-issued=\"%lld\" "
			    "data-served=\"%lld\">", h, issued[h], served[h]);
			sb_printf(b, "<rect class=\"issued\" x=\"%d\" y=\"%d\" width=\"22\" height=\"%d\">"
			    "<title>%02d:00 取号 taken %lld</title></rect>", x, base - hi, hi, h,
			    issued[h]);
			sb_printf(b, "<rect class=\"served\" x=\"%d\" y=\"%d\" width=\"22\" height=\"%d\">"
			    "<title>%02d:00 办结 finished %lld</title></rect>", x + 24, base - hs, hs, h,
			    served[h]);
			if (issued[h])
				sb_printf(b, "<text x=\"%d\" y=\"%d\" class=\"v\" text-anchor=\"middle\">"
				    "%lld</text>", x + 11, base - hi - 4, issued[h]);
			if (served[h])
				sb_printf(b, "<text x=\"%d\" y=\"%d\" class=\"v\" text-anchor=\"middle\">"
				    "%lld</text>", x + 35, base - hs - 4, served[h]);
			sb_printf(b, "<text x=\"%d\" y=\"%d\" class=\"ax\" text-anchor=\"middle\">"
			    "%02d</text></g>", x + 23, base + 20, h);
		}
		sb_add(b, "</svg>");
	}
}

/* ---- the board ---- */

static const char *
window_state(const char *s, const char **klass)
{
	*klass = s;
	if (strcmp(s, "open") == 0)
		return "<span class=\"zh\">开放</span> <span class=\"en\">Open</span>";
	if (strcmp(s, "paused") == 0)
		return "<span class=\"zh\">暂停</span> <span class=\"en\">Paused</span>";
	*klass = "closed";
	return "<span class=\"zh\">关闭</span> <span class=\"en\">Closed</span>";
}

static void
board_calls(struct sb *b, const json_t *calls)
{
	size_t i;
	json_t *c;

	sb_add(b, "<section class=\"calls\"><h2>最新叫号 <small>Now calling</small></h2>");
	if (json_array_size(calls) == 0)
		sb_add(b, "<p class=\"none\">暂无 / None yet</p>");
	sb_add(b, "<ol>");
	json_array_foreach(calls, i, c) {
		sb_add(b, i == 0 ? "<li class=\"call latest\" data-call=\"" : "<li class=\"call\" "
		    "data-call=\"");
		sb_esc(b, render_str(c, "code"));
		sb_printf(b, "@");
		sb_esc(b, render_str(c, "window"));
		sb_printf(b, "#%lld\"><span class=\"code\">", num(c, "recall", 0));
		sb_esc(b, render_str(c, "code"));
		sb_add(b, "</span> <span class=\"arrow\">→</span> <span class=\"win\">"
		    "<span class=\"zh\">");
		sb_esc(b, render_str(c, "window"));
		sb_add(b, " 号窗口</span> <span class=\"en\">Window ");
		sb_esc(b, render_str(c, "window"));
		sb_add(b, "</span></span></li>");
	}
	sb_add(b, "</ol></section>");
}

static void
board_windows(struct sb *b, const json_t *windows)
{
	size_t i;
	json_t *w;

	sb_add(b, "<section class=\"windows\"><h2>窗口 <small>Windows</small></h2><table>"
	    "<thead><tr><th>窗口 Window</th><th>状态 State</th><th>正在办理 Serving</th></tr>"
	    "</thead><tbody>");
	json_array_foreach(windows, i, w) {
		const char *klass, *label = window_state(render_str(w, "state"), &klass);
		const json_t *cur = json_object_get(w, "current");

		sb_printf(b, "<tr class=\"win %s\" data-window=\"", klass);
		sb_esc(b, render_str(w, "name"));
		sb_add(b, "\"><td><b>");
		sb_esc(b, render_str(w, "name"));
		sb_add(b, "</b> <span class=\"label\">");
		sb_esc(b, render_str(w, "label"));
		sb_printf(b, "</span></td><td class=\"state\">%s</td><td class=\"serving\">", label);
		if (json_is_object(cur))
			sb_esc(b, render_str(cur, "code"));
		else
			sb_add(b, "—");
		sb_add(b, "</td></tr>");
	}
	sb_add(b, "</tbody></table></section>");
}

/* A handling time in whole minutes (rounded): "4 分钟 / 4 min", "<1 分钟 / <1 min". */
static void
add_handle(struct sb *b, long long s)
{
	long long m = (s + 30) / 60;

	if (m < 1)
		sb_add(b, "<span class=\"zh\">&lt;1 分钟</span> <span class=\"en\">&lt;1 min</span>");
	else
		sb_printf(b, "<span class=\"zh\">%lld 分钟</span> <span class=\"en\">%lld min"
		    "</span>", m, m);
}

/* The row of service code in the rows of a stats answer by service, or NULL. */
static const json_t *
stats_row(const json_t *stats, const char *code)
{
	size_t i;
	json_t *r;

	json_array_foreach(json_object_get(stats, "rows"), i, r)
		if (json_is_string(json_object_get(r, "key")) && strcmp(render_str(r, "key"), code) == 0)
			return r;
	return NULL;
}

/* stats: today's stats by service (NULL: the handling time column is left out). */
static void
board_services(struct sb *b, const json_t *services, const json_t *stats)
{
	size_t i;
	json_t *s;

	sb_add(b, "<section class=\"services\"><h2>各项业务 <small>Services</small></h2><table>"
	    "<thead><tr><th>业务 Service</th><th>等候 Waiting</th><th>最长等候 Longest wait</th>"
	    "<th>现在取号预计等候 Expected wait if you take a ticket now</th>");
	if (stats)
		sb_add(b, "<th>今日平均办理时长 Average handling time today</th>");
	sb_add(b, "</tr></thead><tbody>");
	json_array_foreach(services, i, s) {
		long long eta = num(s, "eta_s", -1);

		sb_add(b, "<tr class=\"svc\" data-service=\"");
		sb_esc(b, render_str(s, "code"));
		sb_add(b, "\"><td>");
		sb_esc(b, render_str(s, "name"));
		sb_printf(b, "</td><td class=\"waiting\">%lld</td><td>", num(s, "waiting", 0));
		if (num(s, "waiting", 0) > 0)
			add_minutes(b, num(s, "longest_wait_s", 0));
		else
			sb_add(b, "—");
		sb_add(b, "</td><td class=\"eta\">");
		if (eta < 0)
			sb_add(b, "<span class=\"zh\">暂无窗口办理</span> <span class=\"en\">no window "
			    "open</span>");
		else
			add_wait(b, eta);
		if (stats) {
			const json_t *r = stats_row(stats, render_str(s, "code"));
			long long h = num(r, "avg_handle_s", -1);

			sb_printf(b, "</td><td class=\"handle\" data-handle-s=\"%lld\">", h);
			if (h < 0)
				sb_add(b, "—");
			else
				add_handle(b, h);
		}
		sb_add(b, "</td></tr>");
	}
	sb_add(b, "</tbody></table></section>");
}

/* Today's busiest services by tickets taken (stats' hot.by_volume), ranked. */
static void
board_hot(struct sb *b, const json_t *stats, const json_t *services)
{
	const json_t *hot = json_object_get(json_object_get(stats, "hot"), "by_volume");
	size_t i;
	json_t *h;
	int n = 0;

	sb_add(b, "<section class=\"hot\"><h2>热门业务 <small>Busiest services today</small>"
	    "</h2><ol>");
	json_array_foreach(hot, i, h) {
		long long k = num(h, "issued", 0);

		if (k <= 0)
			continue;
		sb_add(b, "<li data-service=\"");
		sb_esc(b, render_str(h, "service"));
		sb_printf(b, "\" data-issued=\"%lld\"><span class=\"rank\">%d</span> "
		    "<span class=\"name\">", k, ++n);
		sb_esc(b, service_name(services, render_str(h, "service")));
		sb_printf(b, "</span> <span class=\"n\"><span class=\"zh\">%lld 张</span> "
		    "<span class=\"en\">%lld taken</span></span></li>", k, k);
	}
	sb_add(b, "</ol>");
	if (n == 0)
		sb_add(b, "<p class=\"none\">今日暂无 / None yet today</p>");
	sb_add(b, "</section>");
}

static const char *const wd_zh[7] = { "星期日", "星期一", "星期二", "星期三", "星期四",
    "星期五", "星期六" };
static const char *const wd_en[7] = { "Sundays", "Mondays", "Tuesdays", "Wednesdays",
    "Thursdays", "Fridays", "Saturdays" };

/* A time of day in minutes: "10:00" (zh) or "10", "8:30" (en). */
static void
add_hm(struct sb *b, int m, int en)
{
	if (en && m % 60 == 0)
		sb_printf(b, "%d", m / 60);
	else if (en)
		sb_printf(b, "%d:%02d", m / 60, m % 60);
	else
		sb_printf(b, "%02d:%02d", m / 60, m % 60);
}

/* The quiet hours as ranges (adjacent hours joined, clipped to the opening hours), in one
 * language: "10:00–11:00、14:00–16:00" or "10–11, 14–16". */
static void
add_quiet_ranges(struct sb *b, const struct quiet *q, int en)
{
	for (int i = 0; i < q->n; i++) {
		int j = i, from, to;

		while (j + 1 < q->n && q->hour[j + 1] == q->hour[j] + 1)
			j++;
		from = q->hour[i] * 60 > q->open ? q->hour[i] * 60 : q->open;
		to = (q->hour[j] + 1) * 60 < q->close ? (q->hour[j] + 1) * 60 : q->close;
		if (i > 0)
			sb_add(b, en ? ", " : "、");
		add_hm(b, from, en);
		sb_add(b, "–");
		add_hm(b, to, en);
		i = j;
	}
}

/* Quieter hours to come, from the past 4 weeks (history: stats by [day, hour]). */
static void
board_quiet(struct sb *b, const json_t *history, const json_t *status)
{
	const json_t *hall = json_object_get(status, "hall");
	struct quiet q;

	quiet_hours(&q, history, render_str(hall, "date"), render_str(status, "now"),
	    render_str(hall, "hours"));
	sb_printf(b, "<section class=\"quiet\" data-state=\"%s\" data-when=\"%s\" "
	    "data-basis=\"%s\" data-days=\"%d\" data-quiet=\"",
	    q.state == QUIET_NONE ? "none" : q.state == QUIET_FLAT ? "flat" : "some",
	    q.tomorrow ? "tomorrow" : "today", q.state == QUIET_NONE ? "none" :
	    q.same_weekday ? "weekday" : "all", q.ndays);
	for (int i = 0; i < q.n; i++)
		sb_printf(b, "%s%02d", i ? "," : "", q.hour[i]);
	sb_add(b, "\"><h2>错峰办理 <small>Quieter hours to come</small></h2>");
	if (q.state == QUIET_NONE) {
		sb_add(b, "<p class=\"none\">暂无历史数据 / No history yet</p></section>");
		return;
	}
	if (q.state == QUIET_FLAT)
		sb_printf(b, "<p class=\"qh\">%s各时段人数相近 / %s, all hours are about as busy"
		    "</p>", q.tomorrow ? "明天" : "今天", q.tomorrow ? "Tomorrow" : "Today");
	else {
		sb_printf(b, "<p class=\"qh\"><span class=\"zh\">%s建议 ", q.tomorrow ? "明天" :
		    "");
		add_quiet_ranges(b, &q, 0);
		sb_printf(b, " 前来</span> <span class=\"en\">%s: ", q.tomorrow ?
		    "Tomorrow, quieter" : "Quieter");
		add_quiet_ranges(b, &q, 1);
		sb_add(b, "</span></p>");
	}
	if (q.same_weekday)
		sb_printf(b, "<p class=\"basis\">依据过去 %d 个%s / From the last %d %s</p>",
		    q.ndays, wd_zh[q.weekday], q.ndays, wd_en[q.weekday]);
	else
		sb_printf(b, "<p class=\"basis\">依据过去 %d 个办公日 / From the last %d "
		    "working day%s</p>", q.ndays, q.ndays, q.ndays == 1 ? "" : "s");
	sb_add(b, "</section>");
}

void
render_board_live(struct sb *b, const struct board_view *v)
{
	const json_t *hall = json_object_get(v->status, "hall");

	if (!v->online)
		sb_add(b, "<p class=\"offline\">与叫号服务器的连接中断，显示的是最后的情况 / "
		    "The queue server cannot be reached: this is the last known state</p>");
	if (!v->status) {
		sb_add(b, "<p class=\"none\">正在连接叫号服务器 / Connecting to the queue server"
		    "…</p>");
		return;
	}
	sb_add(b, "<header><h1>");
	sb_esc(b, render_str(hall, "name"));
	sb_add(b, "</h1><span class=\"date\">");
	sb_esc(b, render_str(hall, "date"));
	sb_add(b, "</span></header><div class=\"grid\">");
	board_calls(b, v->calls);
	board_windows(b, json_object_get(v->status, "windows"));
	board_services(b, json_object_get(v->status, "services"), v->services);
	if (v->services)
		board_hot(b, v->services, json_object_get(v->status, "services"));
	if (v->history)
		board_quiet(b, v->history, v->status);
	if (v->hours) {
		sb_add(b, "<section class=\"today\"><h2>今日每小时 <small>Today by hour</small>"
		    "</h2><p class=\"legend\"><span class=\"k issued\"></span>取号 Taken "
		    "<span class=\"k served\"></span>办结 Finished</p>");
		render_hour_chart(b, v->hours, render_str(hall, "hours"),
		    "今日每小时取号与办结 / Tickets taken and finished today, by hour");
		sb_add(b, "</section>");
	}
	sb_add(b, "</div>");
}

void
render_board_page(struct sb *b, const struct board_view *v)
{
	render_head(b, "叫号大屏 / Board", "board");
	page_live(b, "/board/events");
	render_board_live(b, v);
	page_tail(b);
}

/* ---- the ticket page ---- */

void
render_ticket_live(struct sb *b, const json_t *t, const json_t *services, int online)
{
	const char *state = render_str(t, "state");

	if (!online)
		sb_add(b, "<p class=\"offline\">暂时无法更新 / Cannot update right now</p>");
	if (!t) {
		sb_add(b, "<div class=\"ticket gone\"><p>此号码已失效 / This ticket is no longer "
		    "valid</p></div>");
		return;
	}
	if (strcmp(state, "called") == 0) {
		sb_escf(b, "<div class=\"ticket called\" data-state=\"called\"><p class=\"code\">%s"
		    "</p><p class=\"go zh\">请到 %s 号窗口</p><p class=\"go en\">Please go to window "
		    "%s</p></div>", render_str(t, "code"), render_str(t, "window"),
		    render_str(t, "window"));
		return;
	}
	sb_printf(b, "<div class=\"ticket %s\" data-state=\"%s\">", state, state);
	sb_escf(b, "<p class=\"code\">%s</p><p class=\"service\">%s</p>", render_str(t, "code"),
	    service_name(services, render_str(t, "service")));
	if (strcmp(state, "waiting") == 0 || strcmp(state, "transferred") == 0) {
		long long eta = num(t, "eta_s", -1);

		sb_printf(b, "<p class=\"state\">等候中 / Waiting</p><p class=\"ahead\">"
		    "<span class=\"zh\">前面还有 <b>%lld</b> 人</span> <span class=\"en\"><b>%lld</b> "
		    "ahead of you</span></p><p class=\"eta\"><span class=\"zh\">预计等候</span> "
		    "<span class=\"en\">Expected wait</span><br>", num(t, "ahead", 0),
		    num(t, "ahead", 0));
		if (eta < 0)
			sb_add(b, "<span class=\"zh\">暂无窗口办理</span> <span class=\"en\">no window "
			    "open yet</span>");
		else
			add_wait_range(b, eta, num(t, "eta_lo_s", -1), num(t, "eta_hi_s", -1));
		sb_add(b, "</p><p class=\"hint\">叫到您时本页会提示 / This page tells you when you "
		    "are called</p>");
	} else if (strcmp(state, "done") == 0) {
		sb_add(b, "<p class=\"state\">办理完毕，谢谢 / Finished, thank you</p>");
	} else if (strcmp(state, "no_show") == 0) {
		sb_add(b, "<p class=\"state\">已过号：叫号时您不在，请重新取号或咨询工作人员 / "
		    "Missed: you were called but did not come; please take a new ticket or ask "
		    "staff</p>");
	} else {
		sb_add(b, "<p class=\"state\">已作废 / Cancelled</p>");
	}
	sb_add(b, "</div>");
}

void
render_ticket_page(struct sb *b, const char *token, const json_t *t, const json_t *services,
    int online)
{
	struct sb url = { 0 };

	sb_add(&url, "/t/");
	sb_add(&url, token);
	sb_add(&url, "/events");
	render_head(b, "我的号码 / My ticket", "tpage");
	page_live(b, sb_str(&url));
	render_ticket_live(b, t, services, online);
	page_tail(b);
	sb_free(&url);
}

void
render_not_found(struct sb *b)
{
	sb_add(b, "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<title>未找到 / Not found</title><link rel=\"stylesheet\" href=\"/static/style.css\">"
	    "</head><body class=\"plain\"><h1>未找到 / Not found</h1><p>没有这个页面，或号码已失效"
	    "。/ There is no such page, or the ticket is no longer valid.</p></body></html>\n");
}

void
render_unavailable(struct sb *b)
{
	sb_add(b, "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<meta http-equiv=\"refresh\" content=\"3\">"
	    "<title>请稍候 / Please wait</title><link rel=\"stylesheet\" href=\"/static/style.css\">"
	    "</head><body class=\"plain\"><h1>请稍候 / Please wait</h1><p>暂时无法连接叫号服务器，"
	    "本页稍后自动重试。/ The queue server cannot be reached; this page tries again by "
	    "itself.</p></body></html>\n");
}
