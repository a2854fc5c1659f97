/* render_stats.c — /stats, the sign-in page and the statistics CSV (see render.h). */
#include <stdio.h>
#include <string.h>

#include "render.h"

const char *const stats_keys[STATS_NKEYS] = { "service", "department", "window", "clerk",
    "channel", "applicant", "priority" };

static const char *const key_titles[STATS_NKEYS] = { "按业务 <small>By service</small>",
    "按部门 <small>By department</small>", "按窗口 <small>By window</small>",
    "按工作人员 <small>By clerk</small>", "按渠道 <small>By channel</small>",
    "按申请人类型 <small>By applicant</small>", "按优先通道 <small>By lane</small>" };

/* The figures of a row, as jhctl export prints them (docs/PROTOCOL.md, stats). */
static const char *const csv_cols[] = { "issued", "served", "no_show", "transferred",
    "cancelled", "waits", "avg_wait_s", "median_wait_s", "p90_wait_s", "max_wait_s",
    "avg_handle_s", "p90_handle_s", "etas", "eta_error_median_pct", "eta_bias_pct",
    "eta_ranges", "eta_range_coverage_pct", "eta_range_width_median_s" };
#define NCOLS (sizeof csv_cols / sizeof csv_cols[0])


static long long
num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));	/* 0 for null */
}

/* ---- CSV ---- */

static void
csv_field(struct sb *b, const json_t *v, int last)
{
	sb_csv(b, v);
	sb_add(b, last ? "\n" : ",");
}

void
render_stats_csv(struct sb *b, const json_t *keys, const json_t *rows)
{
	size_t i, k;
	json_t *row, *kv;

	json_array_foreach(keys, i, kv)
		csv_field(b, kv, 0);
	for (i = 0; i < NCOLS; i++)
		sb_printf(b, "%s%c", csv_cols[i], i == NCOLS - 1 ? '\n' : ',');
	json_array_foreach(rows, i, row) {
		json_array_foreach(json_object_get(row, "key"), k, kv)
			csv_field(b, kv, 0);
		for (k = 0; k < NCOLS; k++)
			csv_field(b, json_object_get(row, csv_cols[k]), k == NCOLS - 1);
	}
}

/* ---- figures ---- */

/* A duration in seconds as m:ss (h:mm:ss from an hour). */
static void
add_secs(struct sb *b, long long s)
{
	if (s >= 3600)
		sb_printf(b, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
	else
		sb_printf(b, "%lld:%02lld", s / 60, s % 60);
}

/* The same, of a figure; null as —. */
static void
add_dur(struct sb *b, const json_t *v)
{
	if (json_is_integer(v))
		add_secs(b, json_integer_value(v));
	else
		sb_add(b, "—");
}

static void
add_pct(struct sb *b, const json_t *v)
{
	if (json_is_number(v))
		sb_printf(b, "%.1f%%", json_number_value(v));
	else
		sb_add(b, "—");
}

/* Week over week: +12% / −5% (U+2212) / 0%; "新 new" when there was nothing a week
 * earlier; — when neither had any. */
static void
add_wow(struct sb *b, long long cur, long long prev, int have_prev)
{
	long long pct;

	if (!have_prev) {
		sb_add(b, "<td class=\"wow\">—</td>");
		return;
	}
	if (prev == 0) {
		sb_add(b, cur ? "<td class=\"wow up\">新 new</td>" : "<td class=\"wow\">—</td>");
		return;
	}
	/* rounded half away from zero */
	pct = ((cur - prev) * 200 + (cur >= prev ? prev : -prev)) / (2 * prev);
	if (pct > 0)
		sb_printf(b, "<td class=\"wow up\">+%lld%%</td>", pct);
	else if (pct < 0)
		sb_printf(b, "<td class=\"wow down\">−%lld%%</td>", -pct);
	else
		sb_add(b, "<td class=\"wow\">0%</td>");
}

static const json_t *
row_of(const json_t *rows, const json_t *key)
{
	size_t i;
	json_t *r;

	json_array_foreach(rows, i, r) {
		const json_t *k = json_object_get(r, "key");

		if (json_is_array(k))
			k = json_array_get(k, 0);
		if (json_equal((json_t *)k, (json_t *)key))
			return r;
	}
	return NULL;
}


/* A row's key, readable. */
static void
add_key(struct sb *b, const char *by, const json_t *key, const json_t *services)
{
	const char *k = json_string_value(key), *name;

	if (!k) {
		sb_add(b, "<span class=\"zh\">未叫号</span> <span class=\"en\">not called</span>");
		return;
	}
	if (strcmp(by, "service") == 0) {
		sb_esc(b, k);
		if ((name = render_service_name(services, k)) != NULL) {
			sb_add(b, " ");
			sb_esc(b, name);
		}
	} else if (strcmp(by, "channel") == 0 && strcmp(k, "walk_in") == 0)
		sb_add(b, "现场 <span class=\"en\">walk-in</span>");
	else if (strcmp(by, "channel") == 0 && strcmp(k, "appointment") == 0)
		sb_add(b, "预约 <span class=\"en\">appointment</span>");
	else if (strcmp(by, "applicant") == 0 && strcmp(k, "individual") == 0)
		sb_add(b, "个人 <span class=\"en\">individual</span>");
	else if (strcmp(by, "applicant") == 0 && strcmp(k, "enterprise") == 0)
		sb_add(b, "企业 <span class=\"en\">enterprise</span>");
	else if (strcmp(by, "window") == 0) {
		sb_add(b, "<span class=\"zh\">");
		sb_esc(b, k);
		sb_add(b, " 号窗口</span> <span class=\"en\">window ");
		sb_esc(b, k);
		sb_add(b, "</span>");
	} else
		sb_esc(b, k);
}

static const char table_head[] =
    "<thead><tr><th class=\"k\"></th><th>取号<br><small>Taken</small></th>"
    "<th>周环比<br><small>vs week before</small></th>"
    "<th>办结<br><small>Served</small></th><th>过号<br><small>No-show</small></th>"
    "<th>转出<br><small>Transferred</small></th><th>作废<br><small>Cancelled</small></th>"
    "<th>平均等候<br><small>Avg wait</small></th><th>等候中位<br><small>Median wait</small></th>"
    "<th>等候 P90<br><small>P90 wait</small></th><th>最长等候<br><small>Max wait</small></th>"
    "<th>平均办理<br><small>Avg handling</small></th>"
    "<th>办理 P90<br><small>P90 handling</small></th>"
    "<th>有预计<br><small>ETAs</small></th><th>预计误差中位<br><small>ETA error, median</small>"
    "</th><th>预计偏差<br><small>ETA bias</small></th></tr></thead>";

static void
add_row(struct sb *b, const char *by, const json_t *r, const json_t *prev, int have_prev,
    const json_t *services)
{
	const json_t *key = json_object_get(r, "key");

	if (json_is_array(key))
		key = json_array_get(key, 0);
	sb_add(b, "<tr data-key=\"");
	sb_esc(b, json_string_value(key) ? json_string_value(key) : "");
	sb_add(b, "\"><th class=\"k\">");
	add_key(b, by, key, services);
	sb_printf(b, "</th><td class=\"issued\">%lld</td>", num(r, "issued"));
	add_wow(b, num(r, "issued"), prev ? num(prev, "issued") : 0, have_prev);
	sb_printf(b, "<td class=\"served\">%lld</td><td>%lld</td><td>%lld</td><td>%lld</td><td>",
	    num(r, "served"), num(r, "no_show"), num(r, "transferred"), num(r, "cancelled"));
	add_dur(b, json_object_get(r, "avg_wait_s"));
	sb_add(b, "</td><td>");
	add_dur(b, json_object_get(r, "median_wait_s"));
	sb_add(b, "</td><td>");
	add_dur(b, json_object_get(r, "p90_wait_s"));
	sb_add(b, "</td><td>");
	add_dur(b, json_object_get(r, "max_wait_s"));
	sb_add(b, "</td><td>");
	add_dur(b, json_object_get(r, "avg_handle_s"));
	sb_add(b, "</td><td>");
	add_dur(b, json_object_get(r, "p90_handle_s"));
	sb_printf(b, "</td><td class=\"etas\">%lld</td><td class=\"eta-err\">", num(r, "etas"));
	add_pct(b, json_object_get(r, "eta_error_median_pct"));
	sb_add(b, "</td><td class=\"eta-bias\">");
	add_pct(b, json_object_get(r, "eta_bias_pct"));
	sb_add(b, "</td></tr>");
}

static void
csv_link(struct sb *b, const struct stats_view *v, const char *by)
{
	sb_escf(b, " <a class=\"csv\" href=\"/stats.csv?from=%s&amp;to=%s&amp;by=%s\" download>CSV"
	    "</a>", v->from, v->to, by);
}

static void
add_table(struct sb *b, const struct stats_view *v, const char *by, const char *title,
    const json_t *rows, const json_t *prev)
{
	size_t i;
	json_t *r;

	sb_printf(b, "<section class=\"st\" data-by=\"%s\"><h2>%s", by, title);
	csv_link(b, v, by);
	sb_add(b, "</h2>");
	if (!rows) {
		sb_add(b, "<p class=\"none\">暂时无法读取 / Cannot be read right now</p></section>");
		return;
	}
	if (json_array_size(rows) == 0) {
		sb_add(b, "<p class=\"none\">此期间没有记录 / Nothing in this range</p></section>");
		return;
	}
	sb_printf(b, "<div class=\"scroll\"><table class=\"figs\">%s<tbody>", table_head);
	json_array_foreach(rows, i, r) {
		const json_t *key = json_object_get(r, "key");

		if (json_is_array(key))
			key = json_array_get(key, 0);
		add_row(b, by, r, prev ? row_of(prev, key) : NULL, prev != NULL, v->services);
	}
	sb_add(b, "</tbody></table></div></section>");
}

/* Totals over the day rows: sums, and the means weighted by their counts (exact but for the
 * rounding of each day's mean). */
struct totals {
	long long issued, served, no_show, transferred, cancelled, waits, etas;
	double wait_sum, bias_sum;
	int ok;
};

static struct totals
totals_of(const json_t *days)
{
	struct totals t = { 0 };
	size_t i;
	json_t *r;

	t.ok = days != NULL;
	json_array_foreach(days, i, r) {
		t.issued += num(r, "issued");
		t.served += num(r, "served");
		t.no_show += num(r, "no_show");
		t.transferred += num(r, "transferred");
		t.cancelled += num(r, "cancelled");
		t.waits += num(r, "waits");
		t.etas += num(r, "etas");
		t.wait_sum += (double)num(r, "avg_wait_s") * (double)num(r, "waits");
		t.bias_sum += json_number_value(json_object_get(r, "eta_bias_pct")) *
		    (double)num(r, "etas");
	}
	return t;
}

static void
add_card(struct sb *b, const char *cls, const char *title, long long cur, long long prev,
    int have_prev)
{
	sb_printf(b, "<div class=\"card %s\"><span class=\"t\">%s</span><b>%lld</b>"
	    "<table><tr>", cls, title, cur);
	add_wow(b, cur, prev, have_prev);
	sb_add(b, "</tr></table></div>");
}

void
render_stats_page(struct sb *b, const struct stats_view *v)
{
	struct totals t = totals_of(v->days), p = totals_of(v->prev_days);
	int have_prev = p.ok;

	render_head(b, "统计 / Statistics", "stats");
	sb_add(b, "<header><h1>统计 <small>Statistics</small> · ");
	sb_esc(b, render_str(v->hall, "name"));
	sb_add(b, "</h1><form method=\"post\" action=\"/logout\" class=\"who\"><span>");
	sb_esc(b, v->user);
	sb_add(b, "</span> <button type=\"submit\">退出 Sign out</button></form></header><main>");
	sb_add(b, "<form method=\"get\" action=\"/stats\" class=\"range\"><label>从 From "
	    "<input type=\"date\" name=\"from\" value=\"");
	sb_esc(b, v->from);
	sb_add(b, "\" required></label> <label>到 To <input type=\"date\" name=\"to\" value=\"");
	sb_esc(b, v->to);
	sb_add(b, "\" required></label> <button type=\"submit\">查看 Show</button></form>");
	if (v->error) {
		sb_escf(b, "<p class=\"error\">%s</p></main></body></html>\n", v->error);
		return;
	}
	sb_escf(b, "<p class=\"range-note\">%s — %s <span class=\"en\">(周环比 / vs week before: "
	    "%s — %s)</span></p>", v->from, v->to, v->prev_from, v->prev_to);

	sb_add(b, "<section class=\"cards\">");
	add_card(b, "issued", "取号 <small>Taken</small>", t.issued, p.issued, have_prev);
	add_card(b, "served", "办结 <small>Served</small>", t.served, p.served, have_prev);
	add_card(b, "no_show", "过号 <small>No-show</small>", t.no_show, p.no_show, have_prev);
	add_card(b, "transferred", "转出 <small>Transferred</small>", t.transferred,
	    p.transferred, have_prev);
	{
		long long aw = t.waits ? (long long)(t.wait_sum / (double)t.waits + 0.5) : 0;
		long long pw = p.waits ? (long long)(p.wait_sum / (double)p.waits + 0.5) : 0;

		sb_add(b, "<div class=\"card wait\"><span class=\"t\">平均等候 <small>Avg wait"
		    "</small></span><b>");
		if (t.waits)
			add_secs(b, aw);
		else
			sb_add(b, "—");
		sb_add(b, "</b><table><tr>");
		add_wow(b, aw, pw, have_prev && t.waits && p.waits && pw > 0);
		sb_add(b, "</tr></table></div>");
	}
	sb_add(b, "</section>");

	/* the ETA error: per day (a median over several days is not a sum of medians) */
	sb_add(b, "<section class=\"st eta\" data-by=\"day\"><h2>预计等候时间的误差 <small>How "
	    "right the expected waits were</small>");
	csv_link(b, v, "day");
	sb_printf(b, "</h2><p class=\"eta-sum\"><span class=\"zh\">有预计的号 <b class=\"etas\">"
	    "%lld</b></span> <span class=\"en\">tickets given an ETA</span>", t.etas);
	if (t.etas)
		sb_printf(b, " · <span class=\"zh\">平均偏差 <b class=\"bias\">%+.1f%%</b></span> "
		    "<span class=\"en\">mean bias (positive: ETAs too long)</span>",
		    t.bias_sum / (double)t.etas);
	if (json_array_size(v->days) == 1) {
		const json_t *d = json_array_get(v->days, 0);

		sb_add(b, " · <span class=\"zh\">误差中位 <b class=\"median\">");
		add_pct(b, json_object_get(d, "eta_error_median_pct"));
		sb_add(b, "</b></span> <span class=\"en\">median error |ETA − wait| / "
		    "max(wait, 60 s)</span>");
	}
	sb_add(b, "</p>");
	if (json_array_size(v->days) > 1) {
		size_t i;
		json_t *r;

		sb_printf(b, "<div class=\"scroll\"><table class=\"figs\">%s<tbody>", table_head);
		json_array_foreach(v->days, i, r)
			add_row(b, "day", r, NULL, 0, v->services);
		sb_add(b, "</tbody></table></div>");
	}
	sb_add(b, "</section>");

	sb_add(b, "<section class=\"st hours\"><h2>每小时取号与办结 <small>Taken and finished, by "
	    "hour of day</small>");
	csv_link(b, v, "hour");
	sb_add(b, "</h2><p class=\"legend\"><span class=\"k issued\"></span>取号 Taken "
	    "<span class=\"k served\"></span>办结 Finished</p>");
	if (v->hours)
		render_hour_chart(b, v->hours, render_str(v->hall, "hours"),
		    "每小时取号与办结 / Tickets taken and finished, by hour");
	sb_add(b, "</section>");

	for (int k = 0; k < STATS_NKEYS; k++)
		add_table(b, v, stats_keys[k], key_titles[k], v->cur[k], v->prev[k]);
	if (v->district)
		sb_add(b, v->district);
	sb_add(b, "</main></body></html>\n");
}

void
render_login_page(struct sb *b, const char *message)
{
	render_head(b, "登录 / Sign in", "login");
	sb_add(b, "<main><h1>统计 · 登录 <small>Statistics · Sign in</small></h1>");
	if (message) {
		sb_add(b, "<p class=\"error\">");
		sb_esc(b, message);
		sb_add(b, "</p>");
	}
	sb_add(b, "<form method=\"post\" action=\"/login\"><label>用户名 User <input name=\"user\" "
	    "autocomplete=\"username\" required maxlength=\"47\"></label><label>密码 Password "
	    "<input name=\"password\" type=\"password\" autocomplete=\"current-password\" required "
	    "maxlength=\"256\"></label><button type=\"submit\">登录 Sign in</button></form>"
	    "<p class=\"hint\">主管或管理员账号 / A supervisor's or an administrator's account</p>"
	    "</main></body></html>\n");
}

void
render_plain(struct sb *b, const char *title, const char *text)
{
	render_head(b, title, "plain");
	sb_add(b, "<h1>");
	sb_esc(b, title);
	sb_add(b, "</h1><p>");
	sb_esc(b, text);
	sb_add(b, "</p></body></html>\n");
}
