/* cli.c — the command-line conventions every jiaohao program shares (jhcli.h). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jhcli.h"
#include "log.h"

const char *
jh_env_or(const char *v, const char *env, const char *dflt)
{
	const char *e;

	if (v)
		return v;
	if ((e = getenv(env)) != NULL && *e)
		return e;
	return dflt;
}

const char *
jh_server_addr(const char *given, const char *dflt)
{
	return jh_env_or(given, JH_SERVER_ENV, dflt);
}

const char *
jh_server(const char *given)
{
	return jh_server_addr(given, JH_DEFAULT_SERVER);
}

int
jh_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
jh_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap)
		return -1;
	memcpy(dst, src, n + 1);
	return 0;
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
jh_arg_common(const char *prog, const char *a, void (*usage)(FILE *f))
{
	if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(a, "--version") == 0)
		return jh_version(prog);
	return jh_arg_error(prog, a[0] == '-' ? "unknown option '%s'" : "unexpected argument '%s'",
	    a);
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

int
jh_conn_settle(const char *prog, const struct jh_conn_opts *o, char *server, size_t ssz,
    char *ca, size_t csz, char *device, size_t dsz, char *token, size_t tsz)
{
	if (o->server || !server[0])
		snprintf(server, ssz, "%s", jh_server(o->server));
	if (o->ca)
		snprintf(ca, csz, "%s", o->ca);
	if (o->device)
		snprintf(device, dsz, "%s", o->device);
	if (o->token)
		snprintf(token, tsz, "%s", o->token);
	if (o->token_file && jh_read_token(o->token_file, token, tsz) < 0) {
		fprintf(stderr, "%s: %s: cannot read a token\n", prog, o->token_file);
		return 1;
	}
	return 0;
}

int
jh_log_level_arg(const char *prog, const char *s, int *lvl)
{
	int l = log_level_parse(s);

	if (l < 0)
		return jh_arg_error(prog, "unknown log level '%s' (debug, info, warn, error, quiet)",
		    s);
	*lvl = l;
	return 0;
}

int
jh_log_settle(const char *prog, const char *given, const char *file_level)
{
	const char *level = given ? given : file_level;
	int lvl = log_level_parse(level);

	if (lvl < 0) {
		fprintf(stderr, "%s: unknown log level '%s'\n", prog, level);
		return 1;
	}
	log_init(prog, (enum log_level)lvl);
	return 0;
}

volatile sig_atomic_t jh_stop;

static void
on_stop(int sig)
{
	(void)sig;
	jh_stop = 1;
}

void
jh_on_signals(void (*handler)(int), int hup)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (hup)
		sigaction(SIGHUP, &sa, NULL);
}

void
jh_stop_on_signals(void)
{
	jh_on_signals(on_stop, 0);
	signal(SIGPIPE, SIG_IGN);
}

int
jh_valopt_take(const char *prog, const struct jh_valopt *opts, int argc, char **argv, int *i)
{
	for (const struct jh_valopt *o = opts; o->name; o++) {
		if (strcmp(argv[*i], o->name) != 0)
			continue;
		if (*i + 1 >= argc) {
			jh_arg_error(prog, "option '%s' needs a value", o->name);
			return -1;
		}
		*o->var = argv[++*i];
		return 1;
	}
	return 0;
}

const char *
jh_valopt_next(const char *prog, const struct jh_valopt *opts, int argc, char **argv, int *i)
{
	for (; *i < argc; ++*i) {
		int r = jh_valopt_take(prog, opts, argc, argv, i);

		if (r == 0)
			return argv[*i];
		if (r < 0) {
			*i = -1;
			return NULL;
		}
	}
	return NULL;
}

int
jh_int_arg(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

int
jh_intopt_take(const char *prog, const struct jh_intopt *opts, int ch, const char *arg)
{
	for (; opts->ch; opts++) {
		if (opts->ch != ch)
			continue;
		if (jh_int_arg(arg, opts->lo, opts->hi, opts->out) < 0) {
			jh_arg_error(prog, "%s %s: %s %ld..%ld", opts->name, arg, opts->unit, opts->lo,
			    opts->hi);
			return -1;
		}
		return 1;
	}
	return 0;
}

int
jh_name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}
