/* log_test.c — unit tests of the shared logging module (server/client/log.c): the errno
 * variants add errno's text as it was at the call, and every line is escaped (no newline,
 * control or bad byte from client text reaches the log as it is). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "t.h"

/* The message part ("...: <message>") of the one line fn wrote to stderr. */
static char last[8192];

static const char *
line_of(void (*fn)(void *), void *arg)
{
	FILE *f = tmpfile();
	int saved = dup(2);
	char *msg;
	size_t n;

	last[0] = '\0';
	if (f == NULL || saved < 0)
		return last;
	fflush(stderr);
	dup2(fileno(f), 2);
	fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	n = fread(last, 1, sizeof last - 1, f);
	last[n] = '\0';
	fclose(f);
	/* "TIME PROG LEVEL: message\n": keep the level and the message */
	if ((msg = strstr(last, " logtest ")) != NULL)
		memmove(last, msg + 9, strlen(msg + 9) + 1);
	return last;
}

static void
warn_enoent(void *arg)
{
	errno = ENOENT;
	log_warn_errno("%s: cannot open", (const char *)arg);
}

static void
error_eacces(void *arg)
{
	errno = EACCES;
	log_error_errno("listen");
}

static void
warn_plain(void *arg)
{
	errno = ENOENT;
	log_warn("%s", (const char *)arg);
}

static void
errno_variants_append_the_error_text(void)
{
	char want[256];

	snprintf(want, sizeof want, "warn: /no/such: cannot open: %s\n", strerror(ENOENT));
	T_EQ_STR(line_of(warn_enoent, "/no/such"), want);
	snprintf(want, sizeof want, "error: listen: %s\n", strerror(EACCES));
	T_EQ_STR(line_of(error_eacces, NULL), want);
	T_EQ_STR(line_of(warn_plain, "plain"), "warn: plain\n");	/* no errno without _errno */
}

static void
client_text_is_escaped_in_every_variant(void)
{
	/* a forged second line, a tab, a terminal's CSI (C1 U+009B), a bad byte, and 叫 */
	const char *evil = "bob\n2026-01-01T00:00:00Z jhd error: forged\t\xc2\x9b" "2J\xff 叫";
	char want[512];

	T_EQ_STR(line_of(warn_plain, (void *)evil),
	    "warn: bob\\n2026-01-01T00:00:00Z jhd error: forged\\t\\xc2\\x9b2J\\xff 叫\n");
	snprintf(want, sizeof want, "warn: bob\\n2026-01-01T00:00:00Z jhd error: forged\\t"
	    "\\xc2\\x9b2J\\xff 叫: cannot open: %s\n", strerror(ENOENT));
	T_EQ_STR(line_of(warn_enoent, (void *)evil), want);
}

int
main(void)
{
	log_init("logtest", LOG_DEBUG);
	T_RUN(errno_variants_append_the_error_text);
	T_RUN(client_text_is_escaped_in_every_variant);
	return t_done();
}
