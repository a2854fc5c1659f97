/* render_dstats.c — the "全区 District" section of /stats and its CSV: jhdistrict's stats op
 * (docs/DISTRICT.md) as a table (see render.h). */
#include <stdio.h>
#include <string.h>

#include "render.h"

const char *const dstats_keys[] = { "centre", "service", "department", "channel", "applicant",
    "week", NULL };
static const char *const by_titles[] = { "中心 Centre", "业务 Service", "部门 Department",
    "渠道 Channel", "申请人类型 Applicant", "周 Week" };

/* The figures of a row, in the table's and the CSV's order (jhdistrict export's): the row's
 * own, then walk_in's, then tickets'; previous and change_pct are null but by week, walk_in
 * by channel, department and applicant. */
static const struct col {
	const char *group;	/* a field of the row's walk_in or tickets object, or NULL */
	const char *name, *title;
} cols[] = {
	{ NULL, "bookings", "预约 Bookings" }, { NULL, "open", "待办 Open" },
	{ NULL, "checked_in", "已签到 Checked in" }, { NULL, "no_show", "爽约 No-shows" },
	{ NULL, "cancelled", "已取消 Cancelled" }, { NULL, "previous", "上周 Previous week" },
	{ NULL, "change_pct", "变化 Change %" },
	{ "walk_in", "taken", "现场取号 Walk-in taken" },
	{ "walk_in", "called", "现场叫号 Walk-in called" },
	{ "walk_in", "finished", "现场办结 Walk-in finished" },
	{ "walk_in", "no_show", "现场过号 Walk-in no-shows" },
	{ "tickets", "issued", "取号 Tickets issued" }, { "tickets", "called", "叫号 Called" },
	{ "tickets", "finished", "办结 Finished" }, { "tickets", "no_show", "过号 No-shows" },
	{ "tickets", "transferred", "转办 Transferred" },
	{ "tickets", "wait_avg_s", "平均等候 Mean wait (s)" },
	{ "tickets", "wait_p90_s", "90% 等候 Wait p90 (s)" },
	{ "tickets", "handle_avg_s", "平均办理 Mean handling (s)" } };
#define NCOLS (sizeof cols / sizeof cols[0])

static const json_t *
value(const json_t *row, size_t k)
{
	return json_object_get(cols[k].group ? json_object_get(row, cols[k].group) : row,
	    cols[k].name);
}

int
dstats_by_ok(const char *by)
{
	for (int i = 0; dstats_keys[i]; i++)
		if (strcmp(by, dstats_keys[i]) == 0)
			return 1;
	return 0;
}

/* Which columns the table shows: the first five always, the others when a row has a value
 * (of the ticket events' figures, one other than 0: a district whose centres send none shows
 * none of their columns). */
static void
present(const json_t *rows, int on[NCOLS])
{
	size_t i, k;
	json_t *row;

	for (k = 0; k < NCOLS; k++)
		on[k] = k < 5;
	json_array_foreach(rows, i, row)
		for (k = 5; k < NCOLS; k++)
			on[k] |= value(row, k) && !json_is_null(value(row, k)) &&
			    !(cols[k].group && strcmp(cols[k].group, "tickets") == 0 &&
			    json_is_integer(value(row, k)) && json_integer_value(value(row, k)) == 0);
}

static void
add_value(struct sb *b, const json_t *v)
{
	if (json_is_integer(v))
		sb_printf(b, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		sb_printf(b, "%.1f", json_real_value(v));
	else if (json_is_string(v))
		sb_esc(b, json_string_value(v));
}

void
render_dstats(struct sb *b, const char *from, const char *to, const char *by, const json_t *rows)
{
	int on[NCOLS], i;
	size_t r, k;
	json_t *row;

	sb_add(b, "<section class=\"st district\" id=\"district\"><h2>全区 <small>District</small>");
	if (rows) {
		sb_add(b, " <a class=\"csv\" href=\"/stats/district.csv?from=");
		sb_esc(b, from);
		sb_add(b, "&amp;to=");
		sb_esc(b, to);
		sb_printf(b, "&amp;by=%s\">CSV</a>", by);
	}
	sb_add(b, "</h2><form method=\"get\" action=\"/stats#district\"><label>从 From <input "
	    "type=\"date\" name=\"from\" value=\"");
	sb_esc(b, from);
	sb_add(b, "\"></label> <label>到 To <input type=\"date\" name=\"to\" value=\"");
	sb_esc(b, to);
	sb_add(b, "\"></label> <label>按 By <select name=\"dby\">");
	for (i = 0; dstats_keys[i]; i++)
		sb_printf(b, "<option value=\"%s\"%s>%s</option>", dstats_keys[i],
		    strcmp(by, dstats_keys[i]) == 0 ? " selected" : "", by_titles[i]);
	sb_add(b, "</select></label> <button>查看 Show</button></form>");
	if (!rows) {
		sb_add(b, "<p class=\"error\">暂时无法读取全区统计 / The district's statistics cannot "
		    "be read right now</p></section>");
		return;
	}
	present(rows, on);
	on[5] |= strcmp(by, "week") == 0;	/* previous, change_pct (null: none the week before) */
	on[6] |= strcmp(by, "week") == 0;
	for (i = 0; dstats_keys[i + 1] && strcmp(by, dstats_keys[i]) != 0; i++)
		;
	sb_printf(b, "<table data-by=\"%s\"><thead><tr><th>%s</th>", by, by_titles[i]);
	for (k = 0; k < NCOLS; k++)
		if (on[k])
			sb_printf(b, "<th>%s</th>", cols[k].title);
	sb_add(b, "</tr></thead><tbody>");
	json_array_foreach(rows, r, row) {
		sb_add(b, "<tr data-key=\"");
		add_value(b, json_object_get(row, "key"));
		sb_add(b, "\"><th>");
		add_value(b, json_object_get(row, "key"));
		sb_add(b, "</th>");
		for (k = 0; k < NCOLS; k++)
			if (on[k]) {
				sb_printf(b, "<td data-col=\"%s%s%s\">", cols[k].group ?
				    cols[k].group : "", cols[k].group ? "_" : "", cols[k].name);
				add_value(b, value(row, k));
				sb_add(b, "</td>");
			}
		sb_add(b, "</tr>");
	}
	if (!json_array_size(rows))
		sb_printf(b, "<tr><td colspan=\"%zu\">无预约 No bookings</td></tr>", NCOLS + 1);
	sb_add(b, "</tbody></table></section>");
}

void
render_dstats_csv(struct sb *b, const char *by, const json_t *rows)
{
	size_t r, k;
	json_t *row;

	sb_add(b, by);
	for (k = 0; k < NCOLS; k++)
		sb_printf(b, ",%s%s%s", cols[k].group ? cols[k].group : "",
		    cols[k].group ? "_" : "", cols[k].name);
	sb_add(b, "\n");
	json_array_foreach(rows, r, row) {
		sb_csv(b, json_object_get(row, "key"));
		for (k = 0; k < NCOLS; k++) {
			sb_add(b, ",");
			sb_csv(b, value(row, k));
		}
		sb_add(b, "\n");
	}
}
