/* jhctl.c — the admin command line: talks to jhd over its Unix socket (the socket's file
 * permissions are the credential) to import a hall, manage users and devices, and show the
 * hall's status as a table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	    "The socket is --sock, else $JH_SOCK, else " DEFAULT_SOCK ".\n");
}

static json_t *
call(const char *op, json_t *extra)
{
	json_t *ans = jhc_op(conn, op, extra, 30000);

	if (!ans) {
		fprintf(stderr, "jhctl: %s: %s (%s)\n", op, jhc_error(conn), jhc_error_code(conn));
		exit(1);
	}
	return ans;
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

static int
cmd_user(int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "list") == 0 && argc == 1) {
		json_t *ans = call("user_list", NULL), *u;
		size_t i;

		cell("NAME", 20);
		printf("ROLE\n");
		json_array_foreach(json_object_get(ans, "users"), i, u) {
			cell(str(u, "name"), 20);
			printf("%s\n", str(u, "role"));
		}
		json_decref(ans);
		return 0;
	}
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
	if (argc == 1 && strcmp(argv[0], "list") == 0) {
		json_t *ans = call("device_list", NULL), *u;
		size_t i;

		cell("NAME", 20);
		printf("ROLE\n");
		json_array_foreach(json_object_get(ans, "devices"), i, u) {
			cell(str(u, "name"), 20);
			printf("%s\n", str(u, "role"));
		}
		json_decref(ans);
		return 0;
	}
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
	else {
		usage(stderr);
		rc = 2;
	}
	jhc_free(conn);
	return rc;
}
