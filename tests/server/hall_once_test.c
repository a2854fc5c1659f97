/* hall_once_test.c — the hall file read once (hallconf_parse_sections with the appointment and
 * district readers) gives what the three parsers gave reading it each alone: the same hall,
 * slots and [district], the same errors, on the sample hall and on each of its lines dropped,
 * replaced by an unknown key, or given a bad value. And jhd reads it once: its import (the op)
 * and its start-up (the reload from the store, then the district link's first ticks) each
 * parse the text once, counted at libinih's ini_parse_stream, which every reader goes
 * through (linked with --wrap=ini_parse_stream: jhd's calls reach __wrap_ini_parse_stream). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "appt_slots.h"
#include "auth.h"
#include "clock.h"
#include "district.h"
#include "district/dist_conf.h"
#include "hallconf.h"
#include "loop.h"
#include "server.h"
#include "store.h"
#include "turn.h"
#include "t.h"

static long parses;		/* texts libinih has parsed */

int __real_ini_parse_stream(ini_reader reader, void *stream, ini_handler handler, void *user);
int __wrap_ini_parse_stream(ini_reader reader, void *stream, ini_handler handler, void *user);

/* Every parse of an INI text, counted, then libinih's own. */
int
__wrap_ini_parse_stream(ini_reader reader, void *stream, ini_handler handler, void *user)
{
	parses++;
	return __real_ini_parse_stream(reader, stream, handler, user);
}

static char *sample;			/* server/examples/district.ini with DISTRICT */
/* a [district] section (the sample has none), in the middle of the file */
static const char DISTRICT[] = "[district]\nserver = 127.0.0.1:1\ncentre = C1\n"
    "name = East\naddress = 1 Road\ntoken = t0ken\nlat = 31.2\nlon = 121.5\nrelease = 08:00\n";
static struct hall_conf *h1, *h2;
static struct appt_hall *a1, *a2;
static struct dist_conf *d1, *d2;
static int nhall_err, nappt_err, ndist_err, nsame;

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	if ((buf = calloc(1, (size_t)n + 1)) && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* Read text both ways and compare everything a caller uses; label names the variant. */
static void
compare(const char *text, const char *label)
{
	char e1[512], e2[512], ea1[512] = "", ea2[512] = "", ed1[512] = "", ed2[512] = "";
	struct appt_hall_reader ar;
	struct dist_conf_reader dr;
	struct hall_section_reader rd[2] = {
		{ appt_hall_reader_key, &ar }, { dist_conf_reader_key, &dr } };
	int r1, r2, ra1, ra2, rd1, rd2;

	memset(h1, 0, sizeof *h1);
	memset(h2, 0, sizeof *h2);
	r1 = hallconf_parse(text, h1, e1, sizeof e1);
	appt_hall_reader_init(&ar, a2);
	dist_conf_reader_init(&dr, d2);
	r2 = hallconf_parse_sections(text, h2, e2, sizeof e2, rd, 2);
	T_CHECK(r1 == r2 && strcmp(e1, e2) == 0, "%s: hall %d '%s' read once %d '%s'", label, r1,
	    e1, r2, e2);
	if (r1 != 0) {
		nhall_err++;
		return;	/* the callers stop at the hall's error */
	}
	T_CHECK(memcmp(h1, h2, sizeof *h1) == 0, "%s: the hall read once differs", label);
	appt_hall_init(a1);
	ra1 = appt_hall_load_string(a1, text, ea1, sizeof ea1);
	ra2 = appt_hall_reader_done(&ar, ea2, sizeof ea2);
	T_CHECK(ra1 == ra2 && strcmp(ea1, ea2) == 0, "%s: slots %d '%s' read once %d '%s'", label,
	    ra1, ea1, ra2, ea2);
	if (ra1 == 0)
		T_CHECK(memcmp(a1, a2, sizeof *a1) == 0, "%s: the slots read once differ", label);
	else
		nappt_err++;
	rd1 = dist_conf_parse(text, d1, ed1, sizeof ed1);
	rd2 = dist_conf_reader_done(&dr, ed2, sizeof ed2);
	T_CHECK(rd1 == rd2 && strcmp(ed1, ed2) == 0, "%s: district %d '%s' read once %d '%s'",
	    label, rd1, ed1, rd2, ed2);
	if (rd1 == 0)
		T_CHECK(memcmp(d1, d2, sizeof *d1) == 0, "%s: [district] read once differs", label);
	else
		ndist_err++;
	nsame++;
}

static void
the_sample_reads_the_same(void)
{
	T_CHECK(sample != NULL, "server/examples/district.ini cannot be read (or has no "
	    "[appointments])");
	if (!sample)
		return;
	compare(sample, "sample");
	T_EQ_INT(nsame, 1);
	T_CHECK(a2->nservice > 0 && d2->present, "the sample has slots and a [district]");
}

/* Each line of the sample dropped, replaced by an unknown key, or its value made bad. */
static void
each_line_changed_reads_the_same(void)
{
	size_t n = sample ? strlen(sample) : 0;
	char *text = malloc(n + 64), label[64];
	int line = 1;

	T_CHECK(sample && text, "the sample and room for its variants");
	if (!sample || !text) {
		free(text);
		return;
	}
	nhall_err = nappt_err = ndist_err = nsame = 0;
	for (const char *p = sample; *p; line++) {
		const char *eol = strchr(p, '\n');
		size_t before = (size_t)(p - sample), len = eol ? (size_t)(eol - p) + 1 : strlen(p);
		const char *eq = memchr(p, '=', len);
		static const char *const repl[3] = { "", "bogus = 1\n", NULL };

		for (int v = 0; v < 3; v++) {
			size_t m = before;

			memcpy(text, sample, before);
			if (v < 2) {
				memcpy(text + m, repl[v], strlen(repl[v]));
				m += strlen(repl[v]);
			} else if (eq) {
				size_t k = (size_t)(eq - p) + 1;

				memcpy(text + m, p, k);
				m += k;
				memcpy(text + m, " 99:99x\n", 8);
				m += 8;
			} else {
				continue;
			}
			strcpy(text + m, p + len);
			snprintf(label, sizeof label, "line %d %s", line,
			    v == 0 ? "dropped" : v == 1 ? "unknown key" : "bad value");
			compare(text, label);
		}
		p += len;
	}
	free(text);
	printf("# %d variants read alike; errors: %d hall, %d slots, %d district\n",
	    nhall_err + nsame, nhall_err, nappt_err, ndist_err);
	/* the variants reach each module's errors, not only the hall's */
	T_CHECK(nhall_err > 0 && nappt_err > 0 && ndist_err > 0, "errors of every module: %d %d %d",
	    nhall_err, nappt_err, ndist_err);
}

static char dir[] = "/tmp/jh-hall-once.XXXXXX";
static char db[64];

static void
stop(void *arg)
{
	loop_stop(arg);
}

/* What jhd does after each turn: its timers run, the district link's among them (it used to
 * read [district] again there). Whether the hall is then a centre of the district at
 * 127.0.0.1:1 (nothing listens there: the link keeps trying). */
static int
ticks(void)
{
	struct loop *l = loop_new();
	char err[256];
	int centre;

	T_CHECK(l != NULL, "a loop");
	if (!l)
		return 0;
	T_CHECK(district_start(l, err, sizeof err) == 0, "district_start: %s", err);
	loop_every(l, 700, stop, l);	/* the link's 200 ms tick runs three times */
	loop_run(l);
	centre = srv.district && strcmp(srv.district, "127.0.0.1:1") == 0;
	district_stop();
	loop_free(l);
	return centre;
}

/* jhd opening its database as at start-up: the store, the hall and what it says, the key. */
static int
start_up(void)
{
	char err[256];

	if (!(srv.store = store_open(db, err, sizeof err))) {
		T_CHECK(0, "store_open: %s", err);
		return -1;
	}
	T_CHECK(server_reload() == 0, "server_reload");
	T_CHECK(appt_server_open(db, err, sizeof err) == 0, "appt_server_open: %s", err);
	return 0;
}

static void
shut_down(void)
{
	appt_server_close();
	queue_free(&srv.q);
	store_close(srv.store);
	srv.store = NULL;
}

/* A request msg of the admin's (session ss) in r, as dispatch.c makes it for its op. */
static void
admin_req(struct session *ss, struct req *r, json_t *msg)
{
	memset(ss, 0, sizeof *ss);
	ss->authed = 1;
	ss->role = ROLE_ADMIN;
	snprintf(ss->who, sizeof ss->who, "admin");
	memset(r, 0, sizeof *r);
	r->ss = ss;
	r->msg = msg;
	r->ans = json_object();
	r->now = clock_now();
}

/* An admin's import of the sample, through the op, committed. */
static void
jhd_imports_the_file_reading_it_once(void)
{
	struct session ss;
	struct req r;
	long before;
	char why[128] = "";
	int centre;

	T_CHECK(sample != NULL, "the sample");
	if (!sample || start_up() < 0)
		return;
	admin_req(&ss, &r, json_pack("{s:s, s:s, s:s}", "op", "import", "text", sample, "file",
	    "sample.ini"));
	before = parses;
	turn_request_begin();
	T_CHECK(server_begin() == 0, "a transaction");
	T_CHECK(op_import(&r) == 0, "import: %s", r.emsg);
	turn_request_end();
	T_CHECK(turn_commit(why, sizeof why) == 1, "commit: %s", why);
	centre = ticks();
	printf("# import: the hall text parsed %ld times\n", parses - before);
	T_EQ_INT(parses - before, 1);
	T_CHECK(centre, "the import made the hall a centre of its district");
	json_decref(r.msg);
	json_decref(r.ans);
	shut_down();
}

/* jhd started again on that database: the hall, its slots and [district] from the store. */
static void
jhd_starts_reading_the_stored_file_once(void)
{
	struct session ss;
	struct req r;
	long before = parses;
	int centre;

	if (start_up() < 0)
		return;
	centre = ticks();
	printf("# start-up: the hall text parsed %ld times\n", parses - before);
	T_EQ_INT(parses - before, 1);
	T_CHECK(centre, "the stored [district] made the hall a centre");
	admin_req(&ss, &r, json_pack("{s:s, s:s}", "op", "slots", "service", "B"));
	T_CHECK(op_slots(&r) == 0 && json_array_size(json_object_get(r.ans, "slots")) > 0,
	    "the stored slots are offered: %s", r.emsg);
	json_decref(r.msg);
	json_decref(r.ans);
	shut_down();
}

int
main(void)
{
	const char *top = getenv("JH_TOP");
	char path[4096];

	snprintf(path, sizeof path, "%s/server/examples/district.ini", top ? top : ".");
	if ((sample = slurp(path)) != NULL) {
		/* DISTRICT before [appointments]: sections of every module, interleaved */
		char *at = strstr(sample, "\n[appointments]"), *s;

		if (at && (s = malloc(strlen(sample) + sizeof DISTRICT + 1))) {
			size_t k = (size_t)(at - sample) + 1;

			memcpy(s, sample, k);
			strcpy(s + k, DISTRICT);
			strcat(s, at + 1);
			free(sample);
			sample = s;
		} else {
			free(sample);
			sample = NULL;
		}
	}
	h1 = calloc(1, sizeof *h1);
	h2 = calloc(1, sizeof *h2);
	a1 = calloc(1, sizeof *a1);
	a2 = calloc(1, sizeof *a2);
	d1 = calloc(1, sizeof *d1);
	d2 = calloc(1, sizeof *d2);
	if (!h1 || !h2 || !a1 || !a2 || !d1 || !d2) {
		printf("not ok - memory for the test\n");
		return 1;
	}
	T_RUN(the_sample_reads_the_same);
	T_RUN(each_line_changed_reads_the_same);
	if (!mkdtemp(dir)) {
		printf("not ok - a temporary directory\n");
		return 1;
	}
	snprintf(db, sizeof db, "%s/jh.db", dir);
	auth_init();
	/* a time on a working day of the sample's hall, its slots ahead */
	clock_test_start(1795053600);	/* 2026-11-19T10:00:00+08:00, a Thursday */
	T_RUN(jhd_imports_the_file_reading_it_once);
	T_RUN(jhd_starts_reading_the_stored_file_once);
	{
		char cmd[128];

		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		(void)!system(cmd);
	}
	free(sample);
	free(h1);
	free(h2);
	free(a1);
	free(a2);
	free(d1);
	free(d2);
	return t_done();
}
