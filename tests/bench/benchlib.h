/* benchlib.h — what the benchmarks share (take_bench, attack_bench, tls_bench, jhbridge's
 * bench_calls, jhvoice's bench_voice): sorting and percentiles, one request as JSON text, a private jhd started on an ephemeral port, and commands
 * run through the shell. */
#ifndef JH_BENCHLIB_H
#define JH_BENCHLIB_H

#include <stddef.h>
#include <sys/types.h>

int bench_cmp_double(const void *a, const void *b);
int bench_cmp_ll(const void *a, const void *b);
/* One request written as JSON text, through the client library (10 s): its answer, or NULL. */
struct jhc;
struct json_t;
struct json_t *bench_op(struct jhc *c, const char *json);
/* The p-th percentile (0..1) of n values, sorted here in place; 0 when n is 0. */
double bench_percentile(double *v, int n, double p);
/* Start bin/jhd in the foreground on db, TCP 127.0.0.1:0 and the Unix socket sock, with the
 * extra arguments (NULL-terminated, may be NULL), its log to stderr_path (NULL: /dev/null);
 * addr gets "127.0.0.1:PORT" once it listens. Its pid, or -1 (killed) when it did not start
 * within 10 s. */
pid_t bench_start_jhd(const char *bin, const char *db, const char *sock, const char *portfile,
    const char *const *extra, const char *stderr_path, char *addr, size_t addrlen);
/* Make a temporary directory under parent named NAME.XXXXXX into dir (size bytes), removed
 * (with what it holds) at exit. 0, or -1 with a message. */
int bench_tmpdir(const char *parent, const char *name, char *dir, size_t size);
/* What a bench of a real jhd starts with: top (JH_TOP, else "."), bin (JH_BIN, else "bin"),
 * dir a temporary directory NAME.XXXXXX under JH_BUILD (else /tmp: the build tree is on the
 * file system a hall's database would be on), removed at exit; the fast password hashing
 * (JH_PWHASH_FAST) and SIGPIPE ignored. 0, or -1 with a message. */
int bench_setup(const char *name, char *top, size_t ntop, char *bin, size_t nbin, char *dir,
    size_t ndir);
/* Run cmd with the shell; its standard output into out (outlen bytes, may be NULL: read and
 * dropped). Its exit status as pclose gives it, or -1. */
int bench_run(const char *cmd, char *out, size_t outlen);
/* A TCP connection to addr that has said hello with cred through the client library, handed
 * over (non-blocking, TCP_NODELAY) as a plain descriptor; -1 with a message on failure. */
struct jhc_cred;
int bench_connect(const char *addr, const struct jhc_cred *cred, const char *who);

#endif
