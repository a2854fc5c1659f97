/* jhctl.c — the admin command line: talks to jhd over its Unix socket (the socket's file
 * permissions are the credential) to import a hall, manage users and devices, and show the
 * hall's status as a table. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jhclient.h"
#include "utf8.h"

#define DEFAULT_SOCK "/run/jiaohao/jhd.sock"
#define MAX_HALL_FILE (60 * 1024)

static struct jhc *conn;

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: jhctl [--sock PATH] COMMAND\n"
	    "  import HALL.ini                       import or re-import a hall\n"
	    "  user add NAME --role ROLE --password-stdin   (clerk, supervisor, admin)\n"
	    "  user list\n"
	    "  device add NAME --role ROLE           (kiosk, display, monitor): prints the token\n"
	    "  device list\n"
	    "  status                                the hall now, as a table\n"
	    "  clock set ISO8601 | clock advance SECONDS   (jhd --test-clock only)\n"
	    "  book SERVICE START ID_NUMBER          book a slot for a phone caller (ID_NUMBER -:\n"
	    "                                        read it from standard input)\n"
	    "  cancel CODE                           cancel a booking (its code or id)\n"
	    "  ban list [--all] | ban lift BAN [--reason TEXT]   no-show bans\n"
	    "  export --from DATE --to DATE [--by KEY[,KEY...]] [--csv]   statistics as CSV\n"
	    "                                        (keys: hour, day, service, department,\n"
	    "                                        window, clerk, channel, applicant, priority)\n"
	    "  backup FILE                           copy the live database to FILE (a new file)\n"
	    "                                        and check the copy\n"
	    "The socket is --sock, else $JH_SOCK, else " DEFAULT_SOCK ".\n");
}

static json_t *
call_within(const char *op, json_t *extra, int timeout_ms)
{
	json_t *ans = jhc_op(conn, op, extra, timeout_ms);

	if (!ans) {
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

static int
cmd_import(int argc, char **argv)
{
	FILE *f;
	char *text;
	size_t n;
	json_t *ans, *v;
	size_t i;
	const char *base;

	if (argc != 1) {
		usage(stderr);
		return 2;
	}
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

static const char *
role_arg(int argc, char **argv, int *pwstdin)
{
	const char *role = NULL;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
			role = argv[++i];
		else if (strcmp(argv[i], "--password-stdin") == 0 && pwstdin)
			*pwstdin = 1;
		else
			return NULL;
	}
	return role;
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
		printf("%s\n", str(u, "role"));
	}
	json_decref(ans);
	return 0;
}

static int
cmd_user(int argc, char **argv)
{
	if (argc == 1 && strcmp(argv[0], "list") == 0)
		return print_names("user_list", "users");
	if (argc >= 2 && strcmp(argv[0], "add") == 0) {
		int pwstdin = 0;
		const char *role = role_arg(argc - 2, argv + 2, &pwstdin);
		char *pw = NULL;
		size_t cap = 0;
		ssize_t n;
		json_t *ans;

		if (!role || !pwstdin) {
			fprintf(stderr, "jhctl: user add NAME --role ROLE --password-stdin\n");
			return 2;
		}
		if ((n = getline(&pw, &cap, stdin)) <= 0) {
			fprintf(stderr, "jhctl: no password on stdin\n");
			free(pw);
			return 1;
		}
		while (n > 0 && (pw[n - 1] == '\n' || pw[n - 1] == '\r'))
			pw[--n] = '\0';
		ans = call("user_add", json_pack("{s:s, s:s, s:s}", "name", argv[1], "role", role,
		    "password", pw));
		memset(pw, 0, cap);
		free(pw);
		printf("user %s (%s) %s\n", argv[1], role,
		    json_is_true(json_object_get(ans, "created")) ? "created" : "updated");
		json_decref(ans);
		return 0;
	}
	usage(stderr);
	return 2;
}

static int
cmd_device(int argc, char **argv)
{
	if (argc == 1 && strcmp(argv[0], "list") == 0)
		return print_names("device_list", "devices");
	if (argc >= 2 && strcmp(argv[0], "add") == 0) {
		const char *role = role_arg(argc - 2, argv + 2, NULL);
		json_t *ans;

		if (!role) {
			fprintf(stderr, "jhctl: device add NAME --role ROLE\n");
			return 2;
		}
		ans = call("device_add", json_pack("{s:s, s:s}", "name", argv[1], "role", role));
		printf("device %s (%s) %s; its token (shown once): %s\n", argv[1], role,
		    json_is_true(json_object_get(ans, "created")) ? "created" : "given a new token",
		    str(ans, "token"));
		json_decref(ans);
		return 0;
	}
	usage(stderr);
	return 2;
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
cmd_status(void)
{
	json_t *ans = call("status", NULL), *hall = json_object_get(ans, "hall"), *v, *x;
	size_t i, j;
	char buf[64], list[256];

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

static int
cmd_clock(int argc, char **argv)
{
	json_t *ans;

	if (argc == 2 && strcmp(argv[0], "set") == 0)
		ans = call("clock", json_pack("{s:s}", "set", argv[1]));
	else if (argc == 2 && strcmp(argv[0], "advance") == 0)
		ans = call("clock", json_pack("{s:I}", "advance_s", (json_int_t)atoll(argv[1])));
	else {
		usage(stderr);
		return 2;
	}
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

	if (argc != 3) {
		usage(stderr);
		return 2;
	}
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

	if (argc != 1) {
		usage(stderr);
		return 2;
	}
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
 * folder is not ours), checks the copy and says what it holds. */
static int
cmd_backup(int argc, char **argv)
{
	char path[PATH_MAX], cwd[PATH_MAX];
	json_t *ans, *b;

	if (argc != 1 || !*argv[0]) {
		usage(stderr);
		return 2;
	}
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
	return 0;
}

/* One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
static void
csv_field(json_t *v, int last)
{
	char num[32];
	const char *t = num;

	if (json_is_string(v))
		t = json_string_value(v);
	else if (json_is_integer(v))
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(num, sizeof num, "%.1f", json_real_value(v));
	else
		num[0] = '\0';		/* null: no figure */
	if (strpbrk(t, ",\"\r\n")) {
		putchar('"');
		for (; *t; t++) {
			if (*t == '"')
				putchar('"');
			putchar(*t);
		}
		putchar('"');
	} else
		fputs(t, stdout);
	putchar(last ? '\n' : ',');
}

/* jhctl export: the stats op's rows as CSV, one column per key, then the figures. */
static int
cmd_export(int argc, char **argv)
{
	static const char *const cols[] = { "issued", "served", "no_show", "transferred",
	    "cancelled", "waits", "avg_wait_s", "median_wait_s", "p90_wait_s", "max_wait_s",
	    "avg_handle_s", "p90_handle_s", "etas", "eta_error_median_pct", "eta_bias_pct" };
	const int ncol = (int)(sizeof cols / sizeof cols[0]);
	const char *from = NULL, *to = NULL, *by = "service";
	json_t *keys = json_array(), *ans, *row;
	char buf[256], *tok, *save;
	size_t i;

	for (int a = 0; a < argc; a++) {
		if (strcmp(argv[a], "--csv") == 0)
			continue;
		if (a + 1 < argc && strcmp(argv[a], "--from") == 0)
			from = argv[++a];
		else if (a + 1 < argc && strcmp(argv[a], "--to") == 0)
			to = argv[++a];
		else if (a + 1 < argc && strcmp(argv[a], "--by") == 0)
			by = argv[++a];
		else {
			usage(stderr);
			return 2;
		}
	}
	if (!from || !to) {
		fprintf(stderr, "jhctl: export needs --from and --to\n");
		return 2;
	}
	snprintf(buf, sizeof buf, "%s", by);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		json_array_append_new(keys, json_string(tok));
	ans = call("stats", json_pack("{s:s, s:s, s:O, s:i}", "from", from, "to", to, "by", keys,
	    "top", 0));
	json_array_foreach(keys, i, row)
		csv_field(row, 0);
	for (int c = 0; c < ncol; c++)
		printf("%s%c", cols[c], c == ncol - 1 ? '\n' : ',');
	json_array_foreach(json_object_get(ans, "rows"), i, row) {
		json_t *key = json_object_get(row, "key");
		size_t k;
		json_t *kv;

		json_array_foreach(key, k, kv)
			csv_field(kv, 0);
		for (int c = 0; c < ncol; c++)
			csv_field(json_object_get(row, cols[c]), c == ncol - 1);
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

	if (argc >= 1 && strcmp(argv[0], "list") == 0 && argc <= 2) {
		int all = argc == 2 && strcmp(argv[1], "--all") == 0;

		if (argc == 2 && !all) {
			usage(stderr);
			return 2;
		}
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
	if (argc >= 2 && strcmp(argv[0], "lift") == 0) {
		const char *reason = NULL;
		char *end;
		long long id = strtoll(argv[1], &end, 10);

		if (*end || id <= 0) {
			fprintf(stderr, "jhctl: ban lift: '%s' is not a ban number (see ban list)\n",
			    argv[1]);
			return 2;
		}
		for (int k = 2; k < argc; k++) {
			if (strcmp(argv[k], "--reason") == 0 && k + 1 < argc)
				reason = argv[++k];
			else {
				usage(stderr);
				return 2;
			}
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
	usage(stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	const char *sock = getenv("JH_SOCK");
	int i = 1, rc;

	if (!sock || !*sock)
		sock = DEFAULT_SOCK;
	while (i + 1 < argc && strcmp(argv[i], "--sock") == 0) {	/* the last one counts */
		sock = argv[i + 1];
		i += 2;
	}
	if (i >= argc || strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
		usage(i >= argc ? stderr : stdout);
		return i >= argc ? 2 : 0;
	}
	if (!strchr(sock, '/')) {
		fprintf(stderr, "jhctl: --sock wants a socket path, not %s\n", sock);
		return 2;
	}
	conn = jhc_new(sock, NULL);
	if (!conn || jhc_connect(conn, 5000) < 0) {
		fprintf(stderr, "jhctl: cannot reach jhd at %s: %s\n", sock,
		    conn ? jhc_error(conn) : "out of memory");
		return 1;
	}
	if (strcmp(argv[i], "import") == 0)
		rc = cmd_import(argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "user") == 0)
		rc = cmd_user(argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "device") == 0)
		rc = cmd_device(argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "status") == 0 && argc - i == 1)
		rc = cmd_status();
	else if (strcmp(argv[i], "clock") == 0)
		rc = cmd_clock(argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "book") == 0)
		rc = cmd_book(argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "cancel") == 0)
		rc = cmd_cancel(argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "ban") == 0)
		rc = cmd_ban(argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "export") == 0)
		rc = cmd_export(argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "backup") == 0)
		rc = cmd_backup(argc - i - 1, argv + i + 1);
	else {
		usage(stderr);
		rc = 2;
	}
	jhc_free(conn);
	return rc;
}
