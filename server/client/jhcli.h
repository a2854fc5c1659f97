/* jhcli.h — what every jiaohao program's command line shares: the version, the server's
 * default addresses and the environment variable that names it, and one way to report an
 * argument error. Macros only need this header; the functions are in libjhclient (cli.c). */
#ifndef JH_CLI_H
#define JH_CLI_H

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
/* Whether an address names a Unix socket (contains '/') rather than HOST:PORT. */
int jh_addr_is_unix(const char *addr);

/* A device's token from the first line of a file (jhctl device add prints it once): 0, or
 * -1 when the file cannot be read or its first line is empty. */
int jh_read_token(const char *path, char *out, size_t cap);

/* --version: prints "PROG 0.1" on stdout; returns 0, the exit status. */
int jh_version(const char *prog);

/* An argument error: "PROG: <message>" and then "see PROG --help" on stderr. Returns 2, the
 * exit status of a usage error. PROG may name a command too ("jhctl book"): the hint names
 * the program only. */
int jh_arg_error(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for getopt_long's answers '?' (an unknown option) and ':' (an option without its
 * value; optstring must start with ':'), naming the option as it was written. */
int jh_opt_error(const char *prog, int ch, char *const *argv);

#endif
