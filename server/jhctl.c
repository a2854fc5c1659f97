/* jhctl.c — the admin command line: talks to jhd over its Unix socket (the socket's file
 * permissions are the credential) to import a hall, manage users and devices, and show the
 * hall's status as a table. */
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ca.h"
#include "csv.h"
#include "jhclient.h"
#include "log.h"
#include "utf8.h"

#define MAX_HALL_FILE (60 * 1024)

static const char *sock;	/* --sock, else $JH_SERVER, else JH_DEFAULT_ADMIN_SOCK */
static struct jhc *conn;	/* connected by the first call: argument errors come first */

/* An argument error of a command: "jhctl CMD: what", a hint, and the exit status 2. */
static int
arg_error(const char *cmd, const char *fmt, ...)
{
	char prog[64], msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(prog, sizeof prog, "jhctl%s%s", cmd ? " " : "", cmd ? cmd : "");
	return jh_arg_error(prog, "%s", msg);
}

/* More arguments than a command takes: names the first one too many. */
static int
too_many(const char *cmd, int argc, char **argv, int max)
{
	return argc > max ? arg_error(cmd, "unexpected argument '%s'", argv[max]) : 0;
}

/* A command's word that is missing: a word that looks like an option does not count. */
static int
missing(int argc, char **argv, int i)
{
	return i >= argc || (argv[i][0] == '-' && argv[i][1] != '\0');
}

/* The connection, made on the first call. */
static void
connect_or_exit(void)
{
	if (!jh_addr_is_unix(sock)) {
		if (getenv(JH_SERVER_ENV) && strcmp(getenv(JH_SERVER_ENV), sock) == 0)
			fprintf(stderr, "jhctl: $" JH_SERVER_ENV " is %s, a TCP address: jhctl "
			    "needs jhd's Unix socket (--sock PATH, or " JH_SERVER_ENV "=PATH)\n",
			    sock);
		else
			fprintf(stderr, "jhctl: --sock wants a socket path, not %s\n", sock);
		exit(2);
	}
	conn = jhc_new(sock, NULL);
	if (!conn || jhc_connect(conn, 5000) < 0) {
		fprintf(stderr, "jhctl: cannot reach jhd at %s: %s\n", sock,
		    conn ? jhc_error(conn) : "out of memory");
		exit(1);
	}
}

static json_t *
call_within(const char *op, json_t *extra, int timeout_ms)
{
	json_t *ans;

	if (!conn)
		connect_or_exit();
	if (!(ans = jhc_op(conn, op, extra, timeout_ms))) {
		fprintf(stderr, "jhctl: %s: %s (%s)\n", op, jhc_error(conn), jhc_error_code(conn));
		exit(1);
	}
	return ans;
}

static json_t *
call(const char *op, json_t *extra)
{
	return call_within(op, extra, 30000);
}

static const char *
str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "-";
}

/* Print s padded with spaces to width columns (CJK characters count two). */
static void
cell(const char *s, int width)
{
	char buf[512];
	size_t n = 0;
	int w;

	/* cut at a character boundary so that the text fits in width columns */
	while (s[n] && n < sizeof buf - 8) {
		size_t k = 1;

		while ((s[n + k] & 0xc0) == 0x80)
			k++;
		memcpy(buf, s, n + k);
		buf[n + k] = '\0';
		if (utf8_width(buf) > width)
			break;
		n += k;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	fputs(buf, stdout);
	for (w = utf8_width(buf); w < width; w++)
		putchar(' ');
	putchar(' ');
}

/* The line (from 1) of byte off of text. */
static int
line_at(const char *text, size_t off)
{
	int line = 1;

	for (size_t i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

/* text[0..n) read as GB18030 (GBK and GB2312 are subsets), in UTF-8: a new NUL-terminated
 * string, or NULL when the bytes are not GB18030 (then *bad, when not NULL, is the offset of
 * the first byte that is not). */
static char *
gb18030_to_utf8(const char *text, size_t n, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t cap = 2 * n + 4, inleft = n, outleft = cap - 1;
	char *out, *in = (char *)text, *o;

	if (cd == (iconv_t)-1 || !(out = malloc(cap))) {
		if (cd != (iconv_t)-1)
			iconv_close(cd);
		if (bad)
			*bad = 0;
		return NULL;
	}
	o = out;
	/* UTF-8 takes at most 3 bytes for GB18030's 2 and 4 for its 4: 2n is room enough */
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1 ||
	    iconv(cd, NULL, NULL, &o, &outleft) == (size_t)-1) {
		if (bad)
			*bad = (size_t)(in - text);
		free(out);
		out = NULL;
	} else
		*o = '\0';
	iconv_close(cd);
	return out;
}

/* The hall file's text as UTF-8, for the JSON string that carries it: a UTF-8 byte order mark
 * is dropped, a file that is not UTF-8 but GB18030 (Windows Notepad's "ANSI" on a Chinese
 * Windows) is converted, anything else is refused with its line. *text may be replaced. */
static int
import_text(const char *path, char **text, size_t *n)
{
	char *t = *text, *u;
	size_t bad = 0;
	int bom = 0;

	if (*n >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) {
		memmove(t, t + 3, *n - 3 + 1);
		*n -= 3;
		bom = 1;
	}
	if (utf8_valid(t, *n, &bad))
		return 0;
	if (bom) {
		fprintf(stderr, "jhctl: %s:line %d: not valid UTF-8 although the file starts as "
		    "UTF-8; save the file as UTF-8\n", path, line_at(t, bad));
		return -1;
	}
	if (!(u = gb18030_to_utf8(t, *n, NULL))) {
		/* the first line that is neither (a file may mix the two: then its first line
		 * that is not UTF-8) */
		const char *line = t, *end = t + *n;
		size_t first = bad;

		while (line < end) {
			const char *nl = memchr(line, '\n', (size_t)(end - line));
			size_t len = nl ? (size_t)(nl - line) : (size_t)(end - line);
			char *v;

			if (!utf8_valid(line, len, NULL)) {
				if (!(v = gb18030_to_utf8(line, len, NULL))) {
					first = (size_t)(line - t);
					break;
				}
				free(v);
			}
			line += len + 1;
		}
		fprintf(stderr, "jhctl: %s:line %d: neither UTF-8 nor GB18030 text; save the file "
		    "as UTF-8\n", path, line_at(t, first));
		return -1;
	}
	fprintf(stderr, "%s: converted from GB18030\n", path);
	free(t);
	*text = u;
	*n = strlen(u);
	return 0;
}

static int
cmd_import(int argc, char **argv)
{
	FILE *f;
	char *text;
	size_t n;
	json_t *ans, *v;
	size_t i;
	const char *base;

	if (missing(argc, argv, 0))
		return arg_error("import", "missing HALL.ini");
	if (argc > 1)
		return too_many("import", argc, argv, 1);
	if (!(f = fopen(argv[0], "r"))) {
		perror(argv[0]);
		return 1;
	}
	text = malloc(MAX_HALL_FILE + 2);
	n = fread(text, 1, MAX_HALL_FILE + 1, f);
	fclose(f);
	if (n > MAX_HALL_FILE) {
		fprintf(stderr, "jhctl: %s: a hall file may be at most %d bytes\n", argv[0],
		    MAX_HALL_FILE);
		free(text);
		return 1;
	}
	text[n] = '\0';
	if (strlen(text) != n) {
		fprintf(stderr, "jhctl: %s: contains a NUL byte\n", argv[0]);
		free(text);
		return 1;
	}
	if (import_text(argv[0], &text, &n) < 0) {
		free(text);
		return 1;
	}
	if (n > MAX_HALL_FILE) {
		fprintf(stderr, "jhctl: %s: a hall file may be at most %d bytes of UTF-8 (%zu "
		    "after conversion)\n", argv[0], MAX_HALL_FILE, n);
		free(text);
		return 1;
	}
	base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	ans = call("import", json_pack("{s:s, s:s}", "text", text, "file", base));
	free(text);
	json_array_foreach(json_object_get(ans, "changes"), i, v)
		printf("%s\n", json_string_value(v));
	printf("imported %s: %lld departments, %lld services, %lld windows; %zu changes\n", base,
	    (long long)json_integer_value(json_object_get(ans, "departments")),
	    (long long)json_integer_value(json_object_get(ans, "services")),
	    (long long)json_integer_value(json_object_get(ans, "windows")),
	    json_array_size(json_object_get(ans, "changes")));
	json_decref(ans);
	return 0;
}

/* The options after `user add NAME` or `device add NAME` (cmd): --role ROLE (roles: the
 * roles for the message), and --password-stdin and --replace when pwstdin is not NULL. 0, or
 * the exit status of an argument error. */
static int
role_arg(const char *cmd, const char *roles, int argc, char **argv, const char **role,
    int *pwstdin, int *replace)
{
	*role = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--role") == 0) {
			if (missing(argc, argv, i + 1))
				return arg_error(cmd, "option '--role' needs a ROLE (%s)", roles);
			*role = argv[++i];
		} else if (strcmp(argv[i], "--password-stdin") == 0 && pwstdin)
			*pwstdin = 1;
		else if (strcmp(argv[i], "--replace") == 0 && replace)
			*replace = 1;
		else if (argv[i][0] == '-')
			return arg_error(cmd, "unknown option '%s'", argv[i]);
		else
			return arg_error(cmd, "unexpected argument '%s'", argv[i]);
	}
	if (!*role)
		return arg_error(cmd, "missing --role ROLE (%s)", roles);
	if (pwstdin && !*pwstdin)
		return arg_error(cmd, "missing --password-stdin (the password is read from "
		    "standard input, never from the command line)");
	return 0;
}

/* `user list` and `device list`: a NAME / ROLE table from op's answer's array key. */
static int
print_names(const char *op, const char *key)
{
	json_t *ans = call(op, NULL), *u;
	size_t i;

	cell("NAME", 20);
	printf("ROLE\n");
	json_array_foreach(json_object_get(ans, key), i, u) {
		cell(str(u, "name"), 20);
		printf("%s%s\n", str(u, "role"), json_is_true(json_object_get(u, "disabled")) ?
		    strcmp(key, "devices") == 0 ? " (revoked)" : " (disabled)" : "");
	}
	json_decref(ans);
	return 0;
}

/* The password on standard input's first line (without its line end): a new string to
 * wipe and free, or NULL (said on stderr). */
static char *
read_password(size_t *cap)
{
	char *pw = NULL;
	ssize_t n;

	*cap = 0;
	if ((n = getline(&pw, cap, stdin)) <= 0) {
		fprintf(stderr, "jhctl: no password on stdin\n");
		free(pw);
		return NULL;
	}
	while (n > 0 && (pw[n - 1] == '\n' || pw[n - 1] == '\r'))
		pw[--n] = '\0';
	return pw;
}

/* `user disable|enable|del NAME`, `device revoke NAME`: one op on a name. */
static int
name_op(const char *cmd, const char *op, int argc, char **argv, const char *done)
{
	json_t *ans;
	long long n;

	if (missing(argc, argv, 1))
		return arg_error(cmd, "missing NAME");
	if (argc > 2)
		return too_many(cmd, argc - 1, argv + 1, 1);
	ans = call(op, json_pack("{s:s}", "name", argv[1]));
	n = json_integer_value(json_object_get(ans, "sessions_closed"));
	printf("%s %s%s", strncmp(cmd, "device", 6) == 0 ? "device" : "user", argv[1], done);
	if (n > 0)
		printf(" (%lld session%s closed)", n, n == 1 ? "" : "s");
	printf("\n");
	json_decref(ans);
	return 0;
}

static int
cmd_user(int argc, char **argv)
{
	if (missing(argc, argv, 0))
		return arg_error("user", "missing add, passwd, disable, enable, del or list");
	if (strcmp(argv[0], "list") == 0)
		return argc > 1 ? too_many("user list", argc, argv, 1) :
		    print_names("user_list", "users");
	if (strcmp(argv[0], "add") == 0) {
		int pwstdin = 0, replace = 0, rc;
		const char *role;
		char *pw;
		size_t cap;
		json_t *ans;

		if (missing(argc, argv, 1))
			return arg_error("user add", "missing NAME");
		if ((rc = role_arg("user add", "clerk, supervisor or admin", argc - 2, argv + 2,
		    &role, &pwstdin, &replace)) != 0)
			return rc;
		if (!(pw = read_password(&cap)))
			return 1;
		ans = call("user_add", json_pack("{s:s, s:s, s:s, s:b}", "name", argv[1], "role",
		    role, "password", pw, "replace", replace));
		memset(pw, 0, cap);
		free(pw);
		{
			long long n = json_integer_value(json_object_get(ans, "sessions_closed"));

			printf("user %s (%s) %s", argv[1], role,
			    json_is_true(json_object_get(ans, "created")) ? "created" : "updated");
			if (n > 0)
				printf(" (%lld session%s in a higher role closed)", n,
				    n == 1 ? "" : "s");
			printf("\n");
		}
		json_decref(ans);
		return 0;
	}
	if (strcmp(argv[0], "passwd") == 0) {
		char *pw;
		size_t cap;
		json_t *ans;

		if (missing(argc, argv, 1))
			return arg_error("user passwd", "missing NAME");
		if (argc < 3 || strcmp(argv[2], "--password-stdin") != 0)
			return argc < 3 ? arg_error("user passwd", "missing --password-stdin (the "
			    "password is read from standard input, never from the command line)") :
			    arg_error("user passwd", "unexpected argument '%s'", argv[2]);
		if (argc > 3)
			return too_many("user passwd", argc - 2, argv + 2, 1);
		if (!(pw = read_password(&cap)))
			return 1;
		ans = call("user_passwd", json_pack("{s:s, s:s}", "name", argv[1], "password", pw));
		memset(pw, 0, cap);
		free(pw);
		printf("user %s: new password set\n", argv[1]);
		json_decref(ans);
		return 0;
	}
	if (strcmp(argv[0], "disable") == 0)
		return name_op("user disable", "user_disable", argc, argv, " disabled");
	if (strcmp(argv[0], "enable") == 0)
		return name_op("user enable", "user_enable", argc, argv, " enabled");
	if (strcmp(argv[0], "del") == 0)
		return name_op("user del", "user_del", argc, argv, " deleted");
	return arg_error("user", "unknown subcommand '%s' (add, passwd, disable, enable, del or "
	    "list)", argv[0]);
}

static int
cmd_device(int argc, char **argv)
{
	if (missing(argc, argv, 0))
		return arg_error("device", "missing add, revoke or list");
	if (strcmp(argv[0], "list") == 0)
		return argc > 1 ? too_many("device list", argc, argv, 1) :
		    print_names("device_list", "devices");
	if (strcmp(argv[0], "add") == 0) {
		const char *role;
		json_t *ans;
		int rc;

		if (missing(argc, argv, 1))
			return arg_error("device add", "missing NAME");
		if ((rc = role_arg("device add", "kiosk, display or monitor", argc - 2, argv + 2,
		    &role, NULL, NULL)) != 0)
			return rc;
		ans = call("device_add", json_pack("{s:s, s:s}", "name", argv[1], "role", role));
		printf("device %s (%s) %s; its token (shown once): %s\n", argv[1], role,
		    json_is_true(json_object_get(ans, "created")) ? "created" : "given a new token",
		    str(ans, "token"));
		json_decref(ans);
		return 0;
	}
	if (strcmp(argv[0], "revoke") == 0)
		return name_op("device revoke", "device_revoke", argc, argv,
		    ": token revoked");
	return arg_error("device", "unknown subcommand '%s' (add, revoke or list)", argv[0]);
}

static void
duration(long long s, char *buf, size_t size)
{
	if (s < 0)
		snprintf(buf, size, "-");
	else if (s < 3600)
		snprintf(buf, size, "%lldm%02llds", s / 60, s % 60);
	else
		snprintf(buf, size, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
}

static int
cmd_status(int argc, char **argv)
{
	json_t *ans, *hall, *v, *x;
	size_t i, j;
	char buf[64], list[256];

	if (argc > 0)
		return too_many("status", argc, argv, 0);
	ans = call("status", NULL);
	hall = json_object_get(ans, "hall");
	printf("%s   %s   %s\n\n", str(hall, "name"), str(hall, "date"), str(ans, "now"));
	cell("SVC", 4); cell("NAME", 36); cell("WAIT", 5); cell("LONGEST", 8); cell("ETA", 8);
	printf("OPEN WINDOWS\n");
	json_array_foreach(json_object_get(ans, "services"), i, v) {
		size_t n = 0;

		cell(str(v, "code"), 4);
		cell(str(v, "name"), 36);
		snprintf(buf, sizeof buf, "%lld",
		    (long long)json_integer_value(json_object_get(v, "waiting")));
		cell(buf, 5);
		duration(json_integer_value(json_object_get(v, "longest_wait_s")), buf, sizeof buf);
		cell(buf, 8);
		duration(json_integer_value(json_object_get(v, "eta_s")), buf, sizeof buf);
		cell(buf, 8);
		list[0] = '\0';
		json_array_foreach(json_object_get(v, "windows"), j, x)
			n += snprintf(list + n, n < sizeof list ? sizeof list - n : 0, "%s%s",
			    j ? "," : "", json_string_value(x));
		printf("%s\n", list[0] ? list : "-");
	}
	printf("\n");
	cell("WIN", 4); cell("STATE", 7); cell("CLERK", 12); cell("CURRENT", 8); cell("DONE", 5);
	printf("SERVICES\n");
	json_array_foreach(json_object_get(ans, "windows"), i, v) {
		json_t *cur = json_object_get(v, "current");
		size_t n = 0;

		cell(str(v, "name"), 4);
		cell(str(v, "state"), 7);
		cell(json_is_string(json_object_get(v, "clerk")) ? str(v, "clerk") : "-", 12);
		cell(json_is_object(cur) ? str(cur, "code") : "-", 8);
		snprintf(buf, sizeof buf, "%lld",
		    (long long)json_integer_value(json_object_get(v, "served_today")));
		cell(buf, 5);
		list[0] = '\0';
		json_array_foreach(json_object_get(v, "duties"), j, x)
			n += snprintf(list + n, n < sizeof list ? sizeof list - n : 0, "%s%s%s",
			    j ? "," : "", str(x, "service"),
			    strcmp(str(x, "role"), "backup") == 0 ? "(b)" : "");
		printf("%s\n", list);
	}
	if (json_array_size(json_object_get(ans, "alerts"))) {
		printf("\nALERTS\n");
		json_array_foreach(json_object_get(ans, "alerts"), i, v)
			printf("%s %s %s: %s\n", str(v, "at"), str(v, "source"), str(v, "kind"),
			    str(v, "message"));
	}
	json_decref(ans);
	return 0;
}

/* jhd's op table with each op's counters since start-up (the op op_stats). */
static int
cmd_ops(int argc, char **argv)
{
	json_t *ans, *v;
	size_t i;
	char buf[32];

	if (argc > 0)
		return too_many("ops", argc, argv, 0);
	ans = call("op_stats", NULL);
	cell("OP", 16); cell("CALLS", 9); cell("ERRORS", 9); cell("MEAN_US", 9); cell("WRITES", 7);
	printf("ROLES\n");
	json_array_foreach(json_object_get(ans, "ops"), i, v) {
		long long calls = json_integer_value(json_object_get(v, "calls"));
		long long us = json_integer_value(json_object_get(v, "us"));
		json_t *x;
		size_t j;

		cell(str(v, "op"), 16);
		snprintf(buf, sizeof buf, "%lld", calls);
		cell(buf, 9);
		snprintf(buf, sizeof buf, "%lld",
		    (long long)json_integer_value(json_object_get(v, "errors")));
		cell(buf, 9);
		snprintf(buf, sizeof buf, "%lld", calls ? (us + calls / 2) / calls : 0);
		cell(buf, 9);
		cell(json_is_true(json_object_get(v, "writes")) ? "yes" : "no", 7);
		json_array_foreach(json_object_get(v, "roles"), j, x)
			printf("%s%s", j ? "," : "", json_string_value(x));
		printf("\n");
	}
	json_decref(ans);
	return 0;
}

static int
cmd_clock(int argc, char **argv)
{
	json_t *ans;
	char *end;
	long long s;

	if (missing(argc, argv, 0))
		return arg_error("clock", "missing set, advance or confirm");
	if (strcmp(argv[0], "confirm") == 0) {
		if (argc > 1)
			return too_many("clock confirm", argc - 1, argv + 1, 0);
		ans = call("clock_confirm", NULL);
		printf("the clock's step (%+llds) is confirmed: %s\n",
		    (long long)json_integer_value(json_object_get(ans, "step_s")), str(ans, "now"));
		json_decref(ans);
		return 0;
	}
	if (strcmp(argv[0], "set") == 0) {
		if (argc < 2)
			return arg_error("clock set", "missing ISO8601");
		if (argc > 2)
			return too_many("clock set", argc - 1, argv + 1, 1);
		ans = call("clock", json_pack("{s:s}", "set", argv[1]));
	} else if (strcmp(argv[0], "advance") == 0) {
		if (argc < 2)
			return arg_error("clock advance", "missing SECONDS");
		if (argc > 2)
			return too_many("clock advance", argc - 1, argv + 1, 1);
		s = strtoll(argv[1], &end, 10);
		if (end == argv[1] || *end)
			return arg_error("clock advance", "'%s' is not a number of seconds",
			    argv[1]);
		ans = call("clock", json_pack("{s:I}", "advance_s", (json_int_t)s));
	} else
		return arg_error("clock", "unknown subcommand '%s' (set, advance or confirm)",
		    argv[0]);
	printf("%s\n", str(ans, "now"));
	json_decref(ans);
	return 0;
}

/* "09:00" of an ISO 8601 time, or the text itself when it has no time. */
static const char *
hhmm(const char *iso, char buf[6])
{
	if (strlen(iso) < 16 || iso[10] != 'T')
		return iso;
	snprintf(buf, 6, "%.5s", iso + 11);
	return buf;
}

static void
print_appointment(const char *what, json_t *a)
{
	char b1[6], b2[6];
	const char *start = str(a, "start");

	printf("%s %s: service %s %.10s %s-%s, %s, %s (%s)\n", what, str(a, "code"),
	    str(a, "service"), start, hhmm(start, b1), hhmm(str(a, "end"), b2), str(a, "state"),
	    str(a, "id_masked"), str(a, "channel"));
}

/* Appointments on behalf of a phone caller: the ID number from the command line, or from
 * standard input when given as "-" (it then stays out of the process list). */
static int
cmd_book(int argc, char **argv)
{
	char line[64];
	const char *id;
	json_t *ans;
	size_t n;
	static const char *const words[] = { "SERVICE", "START", "ID_NUMBER" };

	for (int k = 0; k < 3; k++)
		if (k >= argc)
			return arg_error("book", "missing %s", words[k]);
	if (argc > 3)
		return too_many("book", argc, argv, 3);
	id = argv[2];
	if (strcmp(id, "-") == 0) {
		if (!fgets(line, sizeof line, stdin)) {
			fprintf(stderr, "jhctl: book: no ID number on standard input\n");
			return 1;
		}
		n = strcspn(line, "\r\n");
		line[n] = '\0';
		id = line;
	}
	ans = call("book", json_pack("{s:s, s:s, s:s, s:s}", "service", argv[0], "start",
	    argv[1], "id_number", id, "channel", "phone"));
	print_appointment("booked", json_object_get(ans, "appointment"));
	json_decref(ans);
	return 0;
}

static int
cmd_cancel(int argc, char **argv)
{
	json_t *ans, *which;

	if (missing(argc, argv, 0))
		return arg_error("cancel", "missing CODE");
	if (argc > 1)
		return too_many("cancel", argc, argv, 1);
	if (strspn(argv[0], "0123456789") == strlen(argv[0]))
		which = json_integer(atoll(argv[0]));
	else
		which = json_string(argv[0]);
	ans = call("cancel_booking", json_pack("{s:o}", "appointment", which));
	print_appointment("cancelled", json_object_get(ans, "appointment"));
	json_decref(ans);
	return 0;
}

/* backup FILE: the server copies its database to FILE (made absolute here: the server's
 * folder is not ours), checks the copy and says what it holds; a note when FILE is in a /tmp
 * that may be jhd's own. */
static int
cmd_backup(int argc, char **argv)
{
	char path[PATH_MAX], cwd[PATH_MAX];
	json_t *ans, *b;

	if (argc < 1 || !*argv[0])
		return arg_error("backup", "missing FILE");
	if (argc > 1)
		return too_many("backup", argc, argv, 1);
	if (argv[0][0] == '/')
		snprintf(path, sizeof path, "%s", argv[0]);
	else if (getcwd(cwd, sizeof cwd) == NULL ||
	    snprintf(path, sizeof path, "%s/%s", cwd, argv[0]) >= (int)sizeof path) {
		fprintf(stderr, "jhctl: backup: cannot make %s an absolute path\n", argv[0]);
		return 1;
	}
	ans = call_within("backup", json_pack("{s:s}", "path", path), 60 * 60 * 1000);
	b = json_object_get(ans, "backup");
	printf("backup %s: %lld bytes, %lld tickets, %lld events, checked\n", str(b, "path"),
	    (long long)json_integer_value(json_object_get(b, "bytes")),
	    (long long)json_integer_value(json_object_get(b, "tickets")),
	    (long long)json_integer_value(json_object_get(b, "events")));
	json_decref(ans);
	/* jhd.service runs jhd with PrivateTmp=yes: its /tmp and /var/tmp are its own, so a
	 * copy written there is not in the /tmp of anyone else (and goes when jhd stops) */
	fflush(stdout);		/* the note after the line it is about */
	if (strncmp(path, "/tmp/", 5) == 0 || strncmp(path, "/var/tmp/", 9) == 0)
		fprintf(stderr, "jhctl: note: jhd may run with a private /tmp (PrivateTmp=yes in "
		    "jhd.service); the file is in jhd's /tmp%s\n", access(path, F_OK) == 0 ? "" :
		    ", and it is not visible from here: back up into a folder such as "
		    "/var/backups/jiaohao");
	return 0;
}

/* jhctl export: the stats op's rows as CSV, one column per key, then the figures. */
static int
cmd_export(int argc, char **argv)
{
	static const char *const cols[] = { "issued", "served", "no_show", "transferred",
	    "cancelled", "waits", "avg_wait_s", "median_wait_s", "p90_wait_s", "max_wait_s",
	    "avg_handle_s", "p90_handle_s", "etas", "eta_error_median_pct", "eta_bias_pct",
	    "eta_ranges", "eta_range_coverage_pct", "eta_range_width_median_s" };
	const int ncol = (int)(sizeof cols / sizeof cols[0]);
	const char *from = NULL, *to = NULL, *by = "service";
	json_t *keys, *ans, *row;
	char buf[256], *tok, *save;
	size_t i;

	for (int a = 0; a < argc; a++) {
		const char *o = argv[a];

		if (strcmp(o, "--csv") == 0)
			continue;
		if (strcmp(o, "--from") != 0 && strcmp(o, "--to") != 0 && strcmp(o, "--by") != 0)
			return arg_error("export", o[0] == '-' ? "unknown option '%s'" :
			    "unexpected argument '%s'", o);
		if (missing(argc, argv, a + 1))
			return arg_error("export", "option '%s' needs a %s", o,
			    strcmp(o, "--by") == 0 ? "KEY" : "DATE");
		if (strcmp(o, "--from") == 0)
			from = argv[++a];
		else if (strcmp(o, "--to") == 0)
			to = argv[++a];
		else
			by = argv[++a];
	}
	if (!from)
		return arg_error("export", "missing --from DATE");
	if (!to)
		return arg_error("export", "missing --to DATE");
	keys = json_array();
	snprintf(buf, sizeof buf, "%s", by);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		json_array_append_new(keys, json_string(tok));
	ans = call("stats", json_pack("{s:s, s:s, s:O, s:i}", "from", from, "to", to, "by", keys,
	    "top", 0));
	json_array_foreach(keys, i, row)
		jh_csv_fput(stdout, row, 0);
	for (int c = 0; c < ncol; c++)
		printf("%s%c", cols[c], c == ncol - 1 ? '\n' : ',');
	json_array_foreach(json_object_get(ans, "rows"), i, row) {
		json_t *key = json_object_get(row, "key");
		size_t k;
		json_t *kv;

		json_array_foreach(key, k, kv)
			jh_csv_fput(stdout, kv, 0);
		for (int c = 0; c < ncol; c++)
			jh_csv_fput(stdout, json_object_get(row, cols[c]), c == ncol - 1);
	}
	json_decref(ans);
	json_decref(keys);
	return 0;
}

static int
cmd_ban(int argc, char **argv)
{
	json_t *ans, *b, *extra;
	size_t i;

	if (missing(argc, argv, 0))
		return arg_error("ban", "missing list or lift");
	if (strcmp(argv[0], "list") == 0) {
		int all = argc >= 2 && strcmp(argv[1], "--all") == 0;

		if (argc > 1 + all)
			return arg_error("ban list", argv[1 + all][0] == '-' ?
			    "unknown option '%s'" : "unexpected argument '%s'", argv[1 + all]);
		ans = call("bans", json_pack("{s:b}", "all", all));
		printf("%-6s %-18s %-10s %-10s %-8s %s\n", "BAN", "ID", "SINCE", "UNTIL",
		    "NO-SHOWS", "STATE");
		json_array_foreach(json_object_get(ans, "bans"), i, b) {
			const char *state = json_is_true(json_object_get(b, "active")) ? "in force" :
			    json_object_get(b, "lifted_at") ? "lifted" : "ended";

			printf("%-6lld %-18s %-10.10s %-10s %-8lld %s%s%s\n",
			    (long long)json_integer_value(json_object_get(b, "id")),
			    str(b, "id_masked"), str(b, "since"), str(b, "until_date"),
			    (long long)json_integer_value(json_object_get(b, "no_shows")), state,
			    json_object_get(b, "lifted_by") ? " by " : "",
			    json_object_get(b, "lifted_by") ? str(b, "lifted_by") : "");
		}
		json_decref(ans);
		return 0;
	}
	if (strcmp(argv[0], "lift") == 0) {
		const char *reason = NULL;
		char *end;
		long long id;

		if (missing(argc, argv, 1))
			return arg_error("ban lift", "missing BAN (a number from ban list)");
		id = strtoll(argv[1], &end, 10);
		if (*end || id <= 0)
			return arg_error("ban lift", "'%s' is not a ban number (see ban list)",
			    argv[1]);
		for (int k = 2; k < argc; k++) {
			if (strcmp(argv[k], "--reason") != 0)
				return arg_error("ban lift", argv[k][0] == '-' ? "unknown option '%s'" :
				    "unexpected argument '%s'", argv[k]);
			if (k + 1 >= argc)
				return arg_error("ban lift", "option '--reason' needs a TEXT");
			reason = argv[++k];
		}
		extra = json_pack("{s:I}", "ban", (json_int_t)id);
		if (reason)
			json_object_set_new(extra, "reason", json_string(reason));
		ans = call("ban_lift", extra);
		b = json_object_get(ans, "ban");
		printf("ban %lld lifted: %s may book again\n",
		    (long long)json_integer_value(json_object_get(b, "id")), str(b, "id_masked"));
		json_decref(ans);
		return 0;
	}
	return arg_error("ban", "unknown subcommand '%s' (list or lift)", argv[0]);
}

/* `audit verify`: jhd checks a chunk of the chain a call, going on where its answer says,
 * until done (exit 0) or broken (exit 1, naming the first broken row). */
static int
audit_verify(void)
{
	long long total = 0;
	json_t *req = NULL, *ans;

	for (;;) {
		ans = call("audit_verify", req);
		total += json_integer_value(json_object_get(ans, "rows"));
		if (!json_is_true(json_object_get(ans, "intact"))) {
			printf("audit trail broken at row %lld: %s\n",
			    (long long)json_integer_value(json_object_get(ans, "broken_row")),
			    str(ans, "why"));
			json_decref(ans);
			return 1;
		}
		if (json_is_true(json_object_get(ans, "done")))
			break;
		req = json_pack("{s:O, s:O}", "after_id", json_object_get(ans, "after_id"), "prev",
		    json_object_get(ans, "prev"));
		json_decref(ans);
	}
	json_decref(ans);
	printf("audit trail intact: %lld rows\n", total);
	return 0;
}

/* `audit [--since TIME]`: the trail as a table; `audit verify`: the chain recomputed by jhd,
 * exit 1 naming the first broken row. */
static int
cmd_audit(int argc, char **argv)
{
	const char *since = NULL;
	long long after = 0;
	json_t *ans, *rows, *v;
	size_t i;

	if (argc > 0 && strcmp(argv[0], "verify") == 0)
		return argc > 1 ? too_many("audit verify", argc - 1, argv + 1, 0) : audit_verify();
	for (int k = 0; k < argc; k++) {
		if (strcmp(argv[k], "--since") == 0) {
			if (missing(argc, argv, k + 1))
				return arg_error("audit", "option '--since' needs a TIME (ISO 8601)");
			since = argv[++k];
		} else if (argv[k][0] == '-')
			return arg_error("audit", "unknown option '%s'", argv[k]);
		else
			return arg_error("audit", "unexpected argument '%s'", argv[k]);
	}
	printf("ID    AT                         WHO (ROLE) FROM: ACTION TARGET: BEFORE -> AFTER\n");
	do {
		json_t *req = json_pack("{s:I}", "after_id", (json_int_t)after);

		if (since)
			json_object_set_new(req, "since", json_string(since));
		ans = call("audit", req);
		rows = json_object_get(ans, "audit");
		json_array_foreach(rows, i, v) {
			/* what clients wrote (a ban's reason, names) reaches the terminal escaped */
			static const char *const keys[] = { "who", "role", "origin", "action",
			    "target", "before", "after" };
			char f[7][1024];

			for (size_t k = 0; k < 7; k++)
				log_escape(f[k], sizeof f[k], *str(v, keys[k]) ? str(v, keys[k]) :
				    "-");
			after = json_integer_value(json_object_get(v, "id"));
			printf("%-5lld %-26s %s (%s) %s: %s %s: %s -> %s\n", after, str(v, "at"),
			    f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
		}
		i = json_array_size(rows);
		json_decref(ans);
	} while (i >= 1000);
	return 0;
}

/* ca init | ca issue: the hall CA's files (ca.c), no server involved. */
static int
cmd_ca(int argc, char **argv)
{
	const char *dir = CA_DEFAULT_DIR, *name = "jiaohao hall CA", *out = "jhd";
	const char *names[16];
	int nnames = 0, days = -1, replace = 0, init, i;
	char err[600], *end;

	if (missing(argc, argv, 0))
		return arg_error("ca", "missing init or issue");
	if (!(init = strcmp(argv[0], "init") == 0) && strcmp(argv[0], "issue") != 0)
		return arg_error("ca", "unknown subcommand '%s' (init or issue)", argv[0]);
	for (i = 1; i < argc; i++) {
		const char *o = argv[i];
		int has = i + 1 < argc;

		if (strcmp(o, "--replace") == 0 && !init) {
			replace = 1;
			continue;
		}
		if (strcmp(o, "--dir") && strcmp(o, "--days") && strcmp(o, init ? "--name" :
		    "--server") && (init || strcmp(o, "--out")))
			return arg_error("ca", "unknown option '%s'", o);
		if (!has)
			return arg_error("ca", "option '%s' needs a value", o);
		if (strcmp(o, "--dir") == 0)
			dir = argv[++i];
		else if (strcmp(o, "--name") == 0)
			name = argv[++i];
		else if (strcmp(o, "--out") == 0) {
			out = argv[++i];
			if (!*out || strchr(out, '/'))
				return arg_error("ca", "--out %s: a file name in --dir, no '/'", out);
		} else if (strcmp(o, "--days") == 0) {
			long v = strtol(argv[++i], &end, 10);

			if (end == argv[i] || *end || v < 1 || v > 36500)
				return arg_error("ca", "--days %s: a number of days, 1..36500", argv[i]);
			days = (int)v;
		} else {
			if (nnames == (int)(sizeof names / sizeof names[0]))
				return arg_error("ca", "at most %zu --server names",
				    sizeof names / sizeof names[0]);
			if (!*argv[i + 1] || strlen(argv[i + 1]) > 253)
				return arg_error("ca", "--server '%s': a host name or an IP address",
				    argv[i + 1]);
			names[nnames++] = argv[++i];
		}
	}
	if (init) {
		if (ca_init(dir, name, days > 0 ? days : CA_DEFAULT_DAYS, err, sizeof err) < 0) {
			fprintf(stderr, "jhctl ca init: %s\n", err);
			return 1;
		}
		printf("hall CA \"%s\": %s/ca.crt (give it to every client: --ca or $JH_CA), "
		    "%s/ca.key (0600: keep it off the network)\n", name, dir, dir);
		return 0;
	}
	if (nnames == 0)
		return arg_error("ca", "issue: missing --server NAME|IP (the name or address the "
		    "clients dial)");
	if (ca_issue(dir, out, names, nnames, days > 0 ? days : CA_SERVER_DAYS, replace, err,
	    sizeof err) < 0) {
		fprintf(stderr, "jhctl ca issue: %s\n", err);
		return 1;
	}
	printf("server certificate for");
	for (i = 0; i < nnames; i++)
		printf(" %s", names[i]);
	printf(": %s/%s.crt, %s/%s.key (0600; jhd --tls-cert, --tls-key)\n", dir, out, dir, out);
	return 0;
}

/* The commands: a row each, with its lines of the usage. */
static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} commands[] = {
	{ "import", cmd_import,
	    "import HALL.ini                       import or re-import a hall" },
	{ "user", cmd_user,
	    "user add NAME --role ROLE --password-stdin [--replace]   (clerk, supervisor, admin)\n"
	    "user passwd NAME --password-stdin     set a new password\n"
	    "user disable NAME | user enable NAME  refuse (and sign out) or allow a user\n"
	    "user del NAME                         delete a user (and sign them out)\n"
	    "user list" },
	{ "device", cmd_device,
	    "device add NAME --role ROLE           (kiosk, display, monitor): prints the token\n"
	    "device revoke NAME                    the token stops working (device add: anew)\n"
	    "device list" },
	{ "status", cmd_status,
	    "status                                the hall now, as a table" },
	{ "ops", cmd_ops,
	    "ops                                   every op: who may call it, calls, errors and\n"
	    "                                      mean time since jhd started" },
	{ "clock", cmd_clock,
	    "clock set ISO8601 | clock advance SECONDS   (jhd --test-clock only)\n"
	    "clock confirm                         the system clock's step is right: roll over\n"
	    "                                      and sweep no-shows by it" },
	{ "audit", cmd_audit,
	    "audit [--since ISO8601] | audit verify   the audit trail; verify its hash chain" },
	{ "book", cmd_book,
	    "book SERVICE START ID_NUMBER          book a slot for a phone caller (ID_NUMBER -:\n"
	    "                                      read it from standard input)" },
	{ "cancel", cmd_cancel,
	    "cancel CODE                           cancel a booking (its code or id)" },
	{ "ban", cmd_ban,
	    "ban list [--all] | ban lift BAN [--reason TEXT]   no-show bans" },
	{ "export", cmd_export,
	    "export --from DATE --to DATE [--by KEY[,KEY...]] [--csv]   statistics as CSV\n"
	    "                                      (keys: hour, day, service, department,\n"
	    "                                      window, clerk, channel, applicant, priority)" },
	{ "backup", cmd_backup,
	    "backup FILE                           copy the live database to FILE (a new file)\n"
	    "                                      and check the copy" },
	{ "ca", cmd_ca,
	    "ca init [--dir DIR] [--name NAME] [--days N]   a hall CA: DIR/ca.crt, DIR/ca.key\n"
	    "                                      (DIR: " CA_DEFAULT_DIR "; no server needed)\n"
	    "ca issue --server NAME|IP [--server ...] [--dir DIR] [--out NAME] [--days N]\n"
	    "         [--replace]                  jhd's TLS certificate: DIR/jhd.crt, jhd.key" },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void
usage(FILE *f)
{
	fprintf(f, "usage: jhctl [--sock PATH] COMMAND | --help | --version\n");
	for (size_t k = 0; k < NCOMMANDS; k++) {
		const char *u = commands[k].usage;

		while (*u) {
			size_t n = strcspn(u, "\n");

			fprintf(f, "  %.*s\n", (int)n, u);
			u += n + (u[n] == '\n');
		}
	}
	fprintf(f, "The socket is --sock, else $" JH_SERVER_ENV " (a path), else "
	    JH_DEFAULT_ADMIN_SOCK ".\n");
}

/* Edits (insert, delete, change, swap two neighbours) from a to b, counting to 3 at most. */
static int
edits(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int d[16][16];

	if (la >= 16 || lb >= 16)
		return 3;
	for (size_t i = 0; i <= la; i++)
		for (size_t j = 0; j <= lb; j++) {
			int v;

			if (i == 0 || j == 0) {
				d[i][j] = (int)(i + j);
				continue;
			}
			v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb] < 3 ? d[la][lb] : 3;
}

int
main(int argc, char **argv)
{
	const struct command *cmd = NULL;
	int i, rc, best = 3;
	const char *near = NULL;

	/* options come before the command */
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "--sock") == 0) {	/* the last one counts */
			if (i + 1 >= argc)
				return arg_error(NULL, "option '--sock' needs a PATH");
			sock = argv[++i];
		} else if (strncmp(argv[i], "--sock=", 7) == 0)
			sock = argv[i] + 7;
		else
			return jh_arg_common("jhctl", argv[i], usage);
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	for (size_t k = 0; k < NCOMMANDS; k++) {
		int e = edits(argv[i], commands[k].name);

		if (e == 0)
			cmd = &commands[k];
		else if (e < best) {
			best = e;
			near = commands[k].name;
		}
	}
	if (!cmd) {
		if (near)
			return arg_error(NULL, "unknown command '%s' (did you mean '%s'?)", argv[i],
			    near);
		return arg_error(NULL, "unknown command '%s'", argv[i]);
	}
	if (i + 1 < argc && (strcmp(argv[i + 1], "--help") == 0 || strcmp(argv[i + 1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (!sock)
		sock = jh_server_addr(NULL, JH_DEFAULT_ADMIN_SOCK);
	rc = cmd->run(argc - i - 1, argv + i + 1);
	jhc_free(conn);
	return rc;
}
