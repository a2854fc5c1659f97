/* hallconf_test.c — unit tests of the hall file parser and diff (server/hallconf.c),
 * including the sample hall server/examples/district.ini. */
#include <stdlib.h>

#include "hallconf.h"
#include "t.h"

static struct hall_conf h, h2;
static char err[512];

static char *
read_sample(void)
{
	const char *top = getenv("JH_TOP");
	char path[1024];
	FILE *f;
	char *text = calloc(1, 1 << 17);
	size_t n;

	snprintf(path, sizeof path, "%s/server/examples/district.ini", top ? top : ".");
	if (!(f = fopen(path, "r")))
		return text;
	n = fread(text, 1, (1 << 17) - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

static void
sample_hall_parses(void)
{
	char *text = read_sample();
	int w12, a, i;

	T_EQ_INT(hallconf_parse(text, &h, err, sizeof err), 0);
	T_CHECK(err[0] == '\0', "error: %s", err);
	T_EQ_INT(h.ndept, 8);
	T_CHECK(h.nsvc >= 15, "services: %d", h.nsvc);
	T_EQ_INT(h.nwin, 12);
	T_EQ_STR(h.tz, "Asia/Shanghai");
	T_EQ_INT(h.open_min, 9 * 60);
	T_EQ_INT(h.policy.weight_s[LANE_GREEN], 1200);
	w12 = hallconf_window(&h, "12");
	a = hallconf_service(&h, "A");
	T_CHECK(w12 >= 0 && a >= 0, "window 12 and service A exist");
	for (i = 0; w12 >= 0 && i < h.win[w12].nduty; i++)
		if (h.win[w12].duty[i].service == a)
			break;
	T_CHECK(w12 >= 0 && i < h.win[w12].nduty && h.win[w12].duty[i].backup,
	    "window 12 serves A as backup");
	/* every flag appears on some service */
	unsigned all = 0;
	for (i = 0; i < h.nsvc; i++)
		all |= h.svc[i].flags;
	T_EQ_INT(all, 0xf);
	free(text);
}

static int
parse(const char *text)
{
	return hallconf_parse(text, &h, err, sizeof err);
}

#define HALL "[hall]\nname = Test\ntimezone = UTC\n[department D]\nname = Dept\n"

static void
bad_files_are_refused_with_the_line(void)
{
	T_EQ_INT(parse(HALL "[service A]\nname = A\ndepartment = D\ncolour = red\n"), 9);
	T_CHECK(strstr(err, "line 9") && strstr(err, "colour"), "%s", err);
	T_EQ_INT(parse(HALL "[service A]\nname = A\ndepartment = X\n"), 8);
	T_CHECK(strstr(err, "unknown department"), "%s", err);
	T_EQ_INT(parse(HALL "[service A]\nname = A\ndepartment = D\nflags = fast\n"), 9);
	T_CHECK(strstr(err, "unknown flag"), "%s", err);
	T_EQ_INT(parse(HALL "[service A]\nname = A\ndepartment = D\n[window 1]\n"
	    "services = A, B\n"), 10);
	T_CHECK(strstr(err, "unknown service 'B'"), "%s", err);
	T_EQ_INT(parse(HALL "[service A]\nname = A\ndepartment = D\n[window 1]\n"
	    "services = A:spare\n"), 10);
	T_EQ_INT(parse(HALL "[service A]\nname = A\ndepartment = D\n[service A]\nname = B\n"), 9);
	T_CHECK(strstr(err, "twice"), "%s", err);
	T_EQ_INT(parse(HALL "[kitchen]\nsink = 1\n"), 6);
	T_EQ_INT(parse("[hall]\ntimezone = Mars/Olympus\n"), 2);
	T_EQ_INT(parse("[hall]\nopen = 9am\n"), 2);
	T_EQ_INT(parse(HALL "this line has no equals sign\n"), 6);
	T_EQ_INT(parse(HALL "[service A]\ndepartment = D\n"), 6);
	T_CHECK(strstr(err, "no name"), "%s", err);
	T_EQ_INT(parse("[hall]\nname = \xff\xfe\n"), 2);
	T_EQ_INT(parse(HALL "[policy]\ngreen = -5\n"), 7);
}

static void
sections_for_other_modules_are_ignored(void)
{
	T_EQ_INT(parse(HALL "[service A]\nname = A\ndepartment = D\nflags = appointment\n"
	    "[slots A]\nmon-fri = 09:00-11:30 every 30m quota 4\n"
	    "[appointments]\nholidays = 2026-10-01\n"), 0);
	T_EQ_INT(h.nsvc, 1);
}

static void
sections_nobody_reads_are_refused(void)
{
	/* a [holidays] section would be silently ignored: the dates belong in [appointments] */
	T_EQ_INT(parse(HALL "[holidays]\n2026-10-01 = 国庆\n"), 6);
	T_CHECK(strstr(err, "unknown section"), "%s", err);
}

static void
prefix_defaults_to_the_code(void)
{
	T_EQ_INT(parse(HALL "[service AB]\nname = A\ndepartment = D\n[service C]\nname = C\n"
	    "department = D\nprefix = X\n"), 0);
	T_EQ_STR(h.svc[0].prefix, "AB");
	T_EQ_STR(h.svc[1].prefix, "X");
}

static void
handling_times_are_read_with_their_units(void)
{
	T_EQ_INT(parse(HALL "[service A]\nname = A\ndepartment = D\nhandle = 7m\n"
	    "[service B]\nname = B\ndepartment = D\nhandle = 90\n[service C]\nname = C\n"
	    "department = D\n"), 0);
	T_EQ_INT(h.svc[0].handle_s, 420);
	T_EQ_INT(h.svc[1].handle_s, 90);
	T_EQ_INT(h.svc[2].handle_s, 0);		/* not given */
	T_EQ_INT(parse(HALL "[service A]\nname = A\ndepartment = D\nhandle = 10s\n"), 9);
	T_CHECK(strstr(err, "line 9") && strstr(err, "30s to 4h"), "%s", err);
	T_EQ_INT(parse(HALL "[service A]\nname = A\ndepartment = D\nhandle = 5h\n"), 9);
	T_EQ_INT(parse(HALL "[service A]\nname = A\ndepartment = D\nhandle = soon\n"), 9);
	T_CHECK(strstr(err, "handle 'soon'"), "%s", err);
}

static void
policy_times_take_units(void)
{
	/* the durations of [service] handle and [appointments]; a plain number is seconds */
	T_EQ_INT(parse(HALL "[policy]\ngreen = 20m\nelderly = 90s\ndisabled = 1h\nprereviewed = 300\n"
	    "backup_threshold = 10m\nappt_grace = 900s\nmax_overtake = 7\n"), 0);
	T_EQ_INT(h.policy.weight_s[LANE_GREEN], 1200);
	T_EQ_INT(h.policy.weight_s[LANE_ELDERLY], 90);
	T_EQ_INT(h.policy.weight_s[LANE_DISABLED], 3600);
	T_EQ_INT(h.policy.weight_s[LANE_PREREVIEWED], 300);
	T_EQ_INT(h.policy.backup_threshold_s, 600);
	T_EQ_INT(h.policy.appt_grace_s, 900);
	T_EQ_INT(h.policy.max_overtake, 7);
	T_EQ_INT(parse(HALL "[policy]\ngreen = 24h\nnormal = 0\n"), 0);
	T_EQ_INT(h.policy.weight_s[LANE_GREEN], 86400);
	T_EQ_INT(parse(HALL "[policy]\ngreen = 25h\n"), 7);
	T_CHECK(strstr(err, "line 7") && strstr(err, "from 0s to 24h") && strstr(err, "'25h'"),
	    "%s", err);
	T_EQ_INT(parse(HALL "[policy]\nappt_grace = 15 min\n"), 7);
	T_CHECK(strstr(err, "appt_grace must be a duration"), "%s", err);
	T_EQ_INT(parse(HALL "[policy]\nbackup_threshold = 1.5h\n"), 7);
	/* a count, not a time */
	T_EQ_INT(parse(HALL "[policy]\nmax_overtake = 5m\n"), 7);
}

static void
byte_order_mark_is_not_text(void)
{
	/* Windows Notepad's "UTF-8" starts with EF BB BF */
	T_EQ_INT(parse("\xEF\xBB\xBF" HALL "[service A]\nname = 甲\ndepartment = D\n"), 0);
	T_CHECK(err[0] == '\0', "error: %s", err);
	T_EQ_STR(h.name, "Test");
	T_EQ_INT(h.nsvc, 1);
	/* and the lines are counted as before */
	T_EQ_INT(parse("\xEF\xBB\xBF" HALL "[kitchen]\n"), 6);
	/* only at the very start */
	T_EQ_INT(parse(HALL "[service A]\nname = \xEF\xBB\xBF甲\ndepartment = D\n"), 0);
	T_EQ_STR(h.svc[0].name, "\xEF\xBB\xBF甲");
}

static void
text_not_utf8_is_refused_with_its_line(void)
{
	/* "name = 城东" as GB18030 (what jhctl converts; other clients may send anything) */
	T_EQ_INT(parse(HALL "[service A]\nname = \xB3\xC7\xB6\xAB\ndepartment = D\n"), 7);
	T_CHECK(strstr(err, "line 7: not valid UTF-8 (save the file as UTF-8)"), "%s", err);
}

static int
has_change(json_t *a, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v)
		if (strstr(json_string_value(v), s))
			return 1;
	return 0;
}

static void
diff_reports_what_changed(void)
{
	json_t *changes = json_array();

	T_EQ_INT(hallconf_parse(HALL "[service A]\nname = A\ndepartment = D\n[service B]\n"
	    "name = B\ndepartment = D\n[window 1]\nservices = A\n", &h, err, sizeof err), 0);
	T_EQ_INT(hallconf_parse(HALL "[service A]\nname = A2\ndepartment = D\n[service C]\n"
	    "name = C\ndepartment = D\n[window 1]\nservices = A, C:backup\n[window 2]\n"
	    "services = C\n", &h2, err, sizeof err), 0);
	h2.svc[0].handle_s = 420;
	hallconf_diff(&h, &h2, changes);
	T_CHECK(has_change(changes, "service A renamed"), "rename");
	T_CHECK(has_change(changes, "service A handle: 0s -> 420s"), "handle");
	T_CHECK(has_change(changes, "service B removed"), "removed");
	T_CHECK(has_change(changes, "service C added"), "added");
	T_CHECK(has_change(changes, "window 1 services: A -> A, C:backup"), "duties");
	T_CHECK(has_change(changes, "window 2 added"), "window added");
	json_decref(changes);
	changes = json_array();
	hallconf_diff(&h2, &h2, changes);
	T_EQ_INT(json_array_size(changes), 0);
	json_decref(changes);
}

/* [policy] unserved: issue (the default) or refuse; max_overtake within 0..1000. */
static void
policy_unserved_and_max_overtake(void)
{
	T_EQ_INT(parse(HALL), 0);
	T_EQ_INT(h.unserved_refuse, 0);
	T_EQ_INT(parse(HALL "[policy]\nunserved = refuse\nmax_overtake = 1000\n"), 0);
	T_EQ_INT(h.unserved_refuse, 1);
	T_EQ_INT(h.policy.max_overtake, 1000);
	T_EQ_INT(parse(HALL "[policy]\nunserved = issue\n"), 0);
	T_EQ_INT(h.unserved_refuse, 0);
	T_EQ_INT(parse(HALL "[policy]\nunserved = sometimes\n"), 7);
	T_CHECK(strstr(err, "line 7: unserved must be issue or refuse, not 'sometimes'"), "%s", err);
	T_EQ_INT(parse(HALL "[policy]\nmax_overtake = 1001\n"), 7);
	T_CHECK(strstr(err, "max_overtake must be a whole number from 0 to 1000"), "%s", err);
}

int
main(void)
{
	T_RUN(sample_hall_parses);
	T_RUN(bad_files_are_refused_with_the_line);
	T_RUN(sections_for_other_modules_are_ignored);
	T_RUN(sections_nobody_reads_are_refused);
	T_RUN(prefix_defaults_to_the_code);
	T_RUN(diff_reports_what_changed);
	T_RUN(handling_times_are_read_with_their_units);
	T_RUN(policy_times_take_units);
	T_RUN(byte_order_mark_is_not_text);
	T_RUN(text_not_utf8_is_refused_with_its_line);
	T_RUN(policy_unserved_and_max_overtake);
	return t_done();
}
