/* cli.c — the command-line conventions every jiaohao program shares (jhcli.h). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jhcli.h"

const char *
jh_server_addr(const char *given, const char *dflt)
{
	const char *e;

	if (given)
		return given;
	if ((e = getenv(JH_SERVER_ENV)) != NULL && *e)
		return e;
	return dflt;
}

int
jh_addr_is_unix(const char *addr)
{
	return strchr(addr, '/') != NULL;
}

int
jh_version(const char *prog)
{
	printf("%s %s\n", prog, JH_VERSION);
	return 0;
}

int
jh_arg_error(const char *prog, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* "jhctl book: missing START", then "see jhctl --help" */
	fprintf(stderr, "%s: %s\nsee %.*s --help\n", prog, msg, (int)strcspn(prog, " "), prog);
	return 2;
}

int
jh_opt_error(const char *prog, int ch, char *const *argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	size_t n;

	if (arg && strncmp(arg, "--", 2) == 0) {
		n = strcspn(arg, "=");
		if (ch == ':')
			return jh_arg_error(prog, "option '%.*s' needs a value", (int)n, arg);
		if (arg[n] == '=' && optopt != 0)
			return jh_arg_error(prog, "option '%.*s' takes no value", (int)n, arg);
		return jh_arg_error(prog, "unknown option '%.*s'", (int)n, arg);
	}
	if (optopt > 0 && optopt < 256 && isgraph(optopt))
		return jh_arg_error(prog, ch == ':' ? "option '-%c' needs a value" :
		    "unknown option '-%c'", optopt);
	return jh_arg_error(prog, "unknown option '%s'", arg ? arg : "?");
}

int
jh_read_token(const char *path, char *out, size_t cap)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	if (!fp)
		return -1;
	if (!fgets(out, (int)cap, fp)) {
		fclose(fp);
		return -1;
	}
	fclose(fp);
	n = strcspn(out, "\r\n");
	out[n] = '\0';
	return n > 0 ? 0 : -1;
}
