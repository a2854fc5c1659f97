/* jhcli.h — what every jiaohao program's command line shares: the version, the server's
 * default addresses and the environment variable that names it, and one way to report an
 * argument error. Macros only need this header; the functions are in libjhclient (cli.c). */
#ifndef JH_CLI_H
#define JH_CLI_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

/* The version of every program: "jhctl --version" prints "jhctl 0.1". */
#define JH_VERSION "0.1"

/* Where jhd listens by default (jhd --listen) and where its clients look for it. */
#define JH_DEFAULT_SERVER "127.0.0.1:7878"
/* Where jhdistrict listens by default (jhdistrict --listen; [district] server in a hall file). */
#define JH_DEFAULT_DISTRICT "127.0.0.1:7979"
/* The admin socket of an installed jhd (jhd.service: --unix), jhctl's default. */
#define JH_DEFAULT_ADMIN_SOCK "/run/jiaohao/jhd.sock"
/* The environment variable every client reads for the server: HOST:PORT, or the path of
 * jhd's Unix socket when it contains a '/'. */
#define JH_SERVER_ENV "JH_SERVER"

/* The server's address: given (a command-line option) when not NULL, else $JH_SERVER when
 * set and not empty, else dflt. */
const char *jh_server_addr(const char *given, const char *dflt);
/* The same with JH_DEFAULT_SERVER: where every client but jhctl looks for jhd. */
const char *jh_server(const char *given);
/* v when not NULL, else the environment variable env when set and not empty, else dflt. */
const char *jh_env_or(const char *v, const char *env, const char *dflt);
/* Copy src into dst (cap bytes with its NUL) when it fits: 0, or -1 (dst untouched). */
int jh_copy(char *dst, size_t cap, const char *src);
/* The value of a hexadecimal digit (0-9, a-f, A-F), or -1. */
int jh_hexval(int c);

/* Whether an address names a Unix socket (contains '/') rather than HOST:PORT. */
int jh_addr_is_unix(const char *addr);

/* A device's token from the first line of a file (jhctl device add prints it once): 0, or
 * -1 when the file cannot be read or its first line is empty. */
int jh_read_token(const char *path, char *out, size_t cap);

/* A device program's connection (jhbridge, jhvoice): the command line's options over what
 * its configuration file set in server, ca, device and token (of ssz, csz, dsz, tsz bytes).
 * server: the option, else the file's, else $JH_SERVER, else JH_DEFAULT_SERVER; ca (the hall
 * CA, for TLS): the option, else the file's (else the client library reads $JH_CA); device:
 * the option, else the file's; token: the option, else the first line of token_file when
 * given, else the file's. 0, or 1 (the exit status) after "PROG: FILE: cannot read a token"
 * on stderr. */
struct jh_conn_opts {
	const char *server, *ca, *device, *token, *token_file;	/* NULL: not given */
};
int jh_conn_settle(const char *prog, const struct jh_conn_opts *o, char *server, size_t ssz,
    char *ca, size_t csz, char *device, size_t dsz, char *token, size_t tsz);
/* Their options, as rows of a struct jh_valopt table (below): --server, --ca, --device,
 * --token, --token-file into the struct jh_conn_opts o. */
#define JH_CONN_VALOPTS(o) \
	{ "--server", &(o).server }, { "--ca", &(o).ca }, { "--device", &(o).device }, \
	{ "--token", &(o).token }, { "--token-file", &(o).token_file }
/* A log level given on the command line: 0 and *lvl (an enum log_level), or 2 (the exit
 * status) after "PROG: unknown log level 'X' (debug, info, warn, error, quiet)" and the hint
 * (jh_arg_error). */
int jh_log_level_arg(const char *prog, const char *s, int *lvl);
/* The log level: given (an option), else the file's; then log_init(prog, it). 0, or 1 (the
 * exit status) after "PROG: unknown log level 'X'" on stderr. */
int jh_log_settle(const char *prog, const char *given, const char *file_level);

/* After jh_stop_on_signals, SIGINT and SIGTERM set jh_stop (a main loop ends when it is set)
 * and SIGPIPE is ignored (a write to a closed socket fails with EPIPE instead). */
extern volatile sig_atomic_t jh_stop;
void jh_stop_on_signals(void);
/* A program's own handler for SIGINT and SIGTERM, and for SIGHUP too when hup (a terminal
 * program, whose terminal may go away). No SA_RESTART: a blocking call they interrupt fails
 * with EINTR, so the loop around it sees what the handler set. SIGPIPE is left as it is. */
void jh_on_signals(void (*handler)(int), int hup);

/* The options that take a value, for a program that reads its arguments in order: name
 * ("--config") and where the value goes. A table ends with a NULL name. */
struct jh_valopt {
	const char *name;
	const char **var;
};
/* When argv[*i] names an option of opts: its value (the next argument) into *var, *i on to
 * it; 1. 0 when argv[*i] is none of them. -1 when the value is missing, after
 * "PROG: option '--X' needs a value" (jh_arg_error): the caller exits with 2. */
int jh_valopt_take(const char *prog, const struct jh_valopt *opts, int argc, char **argv,
    int *i);
/* The walk over a program's arguments: from argv[*i] on, the value options of opts are taken
 * (jh_valopt_take) and the next other argument is returned, *i at it; NULL at the end, or
 * with *i = -1 after the error of an option without its value (the caller exits with 2).
 *   for (i = 1; (a = jh_valopt_next(prog, opts, argc, argv, &i)) != NULL; i++) ... */
const char *jh_valopt_next(const char *prog, const struct jh_valopt *opts, int argc,
    char **argv, int *i);

/* The index of s among names[0..n-1], or -1 (also when s is NULL). */
int jh_name_index(const char *const *names, int n, const char *s);

/* A whole number lo..hi written in decimal (s, all of it): 0 and *out, or -1. */
int jh_int_arg(const char *s, long lo, long hi, int *out);

/* The options that take a whole number, for getopt_long: its letter, its name ("--clock-step")
 * and the range, what the number counts (for the error: "seconds," or "a number") and where it
 * goes. A table ends with a 0 letter. */
struct jh_intopt {
	int		 ch;
	const char	*name;
	long		 lo, hi;
	const char	*unit;
	int		*out;
};
/* When ch is one of opts: arg into its *out; 1. 0 when ch is none of them. -1 when arg is not
 * a number in its range, after "PROG: --NAME ARG: UNIT LO..HI" (jh_arg_error). */
int jh_intopt_take(const char *prog, const struct jh_intopt *opts, int ch, const char *arg);

/* --version: prints "PROG 0.1" on stdout; returns 0, the exit status. */
int jh_version(const char *prog);

/* For a program that reads its arguments in order: the answer to an argument a that none of
 * its own options took. "--help" or "-h": usage(stdout); "--version": jh_version; anything
 * else is refused, "PROG: unknown option 'A'" (or "unexpected argument 'A'" when A does not
 * start with '-') and the hint (jh_arg_error). Returns the exit status: 0, or 2. */
int jh_arg_common(const char *prog, const char *a, void (*usage)(FILE *f));

/* An argument error: "PROG: <message>" and then "see PROG --help" on stderr. Returns 2, the
 * exit status of a usage error. PROG may name a command too ("jhctl book"): the hint names
 * the program only. */
int jh_arg_error(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for getopt_long's answers '?' (an unknown option) and ':' (an option without its
 * value; optstring must start with ':'), naming the option as it was written. */
int jh_opt_error(const char *prog, int ch, char *const *argv);

#endif
