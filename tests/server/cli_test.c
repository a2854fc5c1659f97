/* cli_test.c — unit tests of the shared command-line helpers (server/client/cli.c): whole
 * numbers in a range, the table of whole-number options, a name's index and the walk past the
 * value options. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "jhcli.h"
#include "t.h"

static void
int_arg_takes_only_whole_numbers_in_range(void)
{
	int v = -7;

	T_EQ_INT(jh_int_arg("42", 0, 100, &v), 0);
	T_EQ_INT(v, 42);
	T_EQ_INT(jh_int_arg("0", 0, 100, &v), 0);
	T_EQ_INT(v, 0);
	T_EQ_INT(jh_int_arg("100", 0, 100, &v), 0);
	T_EQ_INT(v, 100);
	v = 5;
	T_EQ_INT(jh_int_arg("101", 0, 100, &v), -1);
	T_EQ_INT(jh_int_arg("-1", 0, 100, &v), -1);
	T_EQ_INT(jh_int_arg("", 0, 100, &v), -1);
	T_EQ_INT(jh_int_arg("12x", 0, 100, &v), -1);
	T_EQ_INT(jh_int_arg("99999999999999999999", 0, INT_MAX, &v), -1);
	T_EQ_INT(v, 5);		/* untouched by a refusal */
}

static void
intopt_table_fills_its_row_and_refuses_out_of_range(void)
{
	int a = -1, b = -1;
	const struct jh_intopt opts[] = {
		{ 'A', "--alpha", 0, 10, "a number", &a },
		{ 'B', "--beta", 1, 5, "seconds,", &b },
		{ 0, NULL, 0, 0, NULL, NULL }
	};
	int saved = dup(2);
	FILE *devnull = fopen("/dev/null", "w");

	T_EQ_INT(jh_intopt_take("t", opts, 'A', "7"), 1);
	T_EQ_INT(a, 7);
	T_EQ_INT(b, -1);
	T_EQ_INT(jh_intopt_take("t", opts, 'x', "7"), 0);
	/* the refusal prints on stderr: hide it */
	fflush(stderr);
	if (devnull)
		dup2(fileno(devnull), 2);
	T_EQ_INT(jh_intopt_take("t", opts, 'B', "0"), -1);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	if (devnull)
		fclose(devnull);
	T_EQ_INT(b, -1);
}

static void
name_index_finds_names_and_refuses_others(void)
{
	static const char *const names[] = { "open", "paused", "closed" };

	T_EQ_INT(jh_name_index(names, 3, "open"), 0);
	T_EQ_INT(jh_name_index(names, 3, "closed"), 2);
	T_EQ_INT(jh_name_index(names, 2, "closed"), -1);
	T_EQ_INT(jh_name_index(names, 3, "Open"), -1);
	T_EQ_INT(jh_name_index(names, 3, NULL), -1);
}

static void
valopt_next_skips_value_options_and_stops_on_a_missing_value(void)
{
	const char *cfg = NULL, *log = NULL, *a;
	const struct jh_valopt vo[] = { { "--config", &cfg }, { "--log", &log }, { NULL, NULL } };
	char *argv1[] = { "p", "--config", "c.ini", "--check", "--log", "debug", "x", NULL };
	char *argv2[] = { "p", "--check", "--log", NULL };
	const char *seen[4];
	int i, n = 0, saved, nul;

	for (i = 1; (a = jh_valopt_next("p", vo, 7, argv1, &i)) != NULL; i++)
		if (n < 4)
			seen[n++] = a;
	T_EQ_INT(i, 7);
	T_EQ_INT(n, 2);
	T_EQ_STR(n > 0 ? seen[0] : "", "--check");
	T_EQ_STR(n > 1 ? seen[1] : "", "x");
	T_EQ_STR(cfg ? cfg : "", "c.ini");
	T_EQ_STR(log ? log : "", "debug");

	n = 0;
	saved = dup(2);
	nul = open("/dev/null", O_WRONLY);
	fflush(stderr);
	dup2(nul, 2);
	for (i = 1; (a = jh_valopt_next("p", vo, 3, argv2, &i)) != NULL; i++)
		n++;
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(nul);
	T_EQ_INT(n, 1);
	T_EQ_INT(i, -1);
}

static int usage_calls;
static FILE *usage_to;

static void
count_usage(FILE *f)
{
	usage_calls++;
	usage_to = f;
}

/* jh_arg_common(a) with stderr caught: the exit status, and what it printed there. */
static int
arg_common(const char *a, char *err, size_t errsz)
{
	int saved = dup(2), rc;
	FILE *tmp = tmpfile();
	size_t n = 0;

	fflush(stderr);
	if (tmp)
		dup2(fileno(tmp), 2);
	rc = jh_arg_common("p", a, count_usage);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	if (tmp) {
		rewind(tmp);
		n = fread(err, 1, errsz - 1, tmp);
		fclose(tmp);
	}
	err[n] = '\0';
	return rc;
}

static void
arg_common_answers_help_and_refuses_the_rest(void)
{
	char err[256];

	T_EQ_INT(arg_common("--help", err, sizeof err), 0);
	T_EQ_INT(usage_calls, 1);
	T_CHECK(usage_to == stdout, "the usage goes to stdout");
	T_EQ_STR(err, "");
	T_EQ_INT(arg_common("-h", err, sizeof err), 0);
	T_EQ_INT(usage_calls, 2);
	T_EQ_INT(arg_common("--frob", err, sizeof err), 2);
	T_EQ_STR(err, "p: unknown option '--frob'\nsee p --help\n");
	T_EQ_INT(arg_common("stray", err, sizeof err), 2);
	T_EQ_STR(err, "p: unexpected argument 'stray'\nsee p --help\n");
	T_EQ_INT(arg_common("--helpme", err, sizeof err), 2);
	T_EQ_INT(usage_calls, 2);
}

int
main(void)
{
	T_RUN(int_arg_takes_only_whole_numbers_in_range);
	T_RUN(intopt_table_fills_its_row_and_refuses_out_of_range);
	T_RUN(name_index_finds_names_and_refuses_others);
	T_RUN(valopt_next_skips_value_options_and_stops_on_a_missing_value);
	T_RUN(arg_common_answers_help_and_refuses_the_rest);
	return t_done();
}
