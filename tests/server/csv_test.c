/* csv_test.c — unit tests of the shared CSV fields (server/client/csv.c), which jhctl export,
 * jhdistrict export and jhweb's .csv pages write: a value's text, and quoting by RFC 4180. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "csv.h"
#include "t.h"

/* What jh_csv_fput writes for v, as a string the caller frees. */
static char *
fput_text(const json_t *v, int last)
{
	char *p = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&p, &n);

	if (!f)
		return NULL;
	jh_csv_fput(f, v, last);
	fclose(f);
	return p;
}

/* fput_text for a JSON document, checked against want. */
static void
check_field(const char *json, int last, const char *want)
{
	json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);
	char *got = fput_text(v, last);

	T_CHECK(got && strcmp(got, want) == 0, "%s: expected [%s], got [%s]", json, want,
	    got ? got : "(null)");
	free(got);
	json_decref(v);
}

static void
text_of_strings_numbers_and_null(void)
{
	char buf[32];
	json_t *s = json_string("A,1"), *i = json_integer(-42), *r = json_real(12.34);
	json_t *n = json_null(), *t = json_true();

	T_EQ_STR(jh_csv_text(s, buf, sizeof buf), "A,1");
	T_EQ_STR(jh_csv_text(i, buf, sizeof buf), "-42");
	T_EQ_STR(jh_csv_text(r, buf, sizeof buf), "12.3");
	T_EQ_STR(jh_csv_text(n, buf, sizeof buf), "");
	T_EQ_STR(jh_csv_text(t, buf, sizeof buf), "");
	T_EQ_STR(jh_csv_text(NULL, buf, sizeof buf), "");
	json_decref(s);
	json_decref(i);
	json_decref(r);
	json_decref(t);
}

static void
plain_fields_go_out_as_they_are(void)
{
	check_field("\"A\"", 0, "A,");
	check_field("\"社保 Social security\"", 1, "社保 Social security\n");
	check_field("1234567890123", 0, "1234567890123,");
	check_field("0.26", 1, "0.3\n");
	check_field("null", 0, ",");
	check_field("\"\"", 1, "\n");
}

static void
commas_quotes_and_line_breaks_are_quoted(void)
{
	check_field("\"a,b\"", 0, "\"a,b\",");
	check_field("\"say \\\"hi\\\"\"", 1, "\"say \"\"hi\"\"\"\n");
	check_field("\"\\\"\"", 0, "\"\"\"\",");
	check_field("\"\\\"\\\"x\\\"\"", 0, "\"\"\"\"\"x\"\"\",");
	check_field("\"two\\nlines\"", 0, "\"two\nlines\",");
	check_field("\"cr\\r\"", 1, "\"cr\r\"\n");
}

int
main(void)
{
	T_RUN(text_of_strings_numbers_and_null);
	T_RUN(plain_fields_go_out_as_they_are);
	T_RUN(commas_quotes_and_line_breaks_are_quoted);
	return t_done();
}
