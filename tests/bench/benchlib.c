/* benchlib.c — what the server benchmarks share (see benchlib.h). */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "benchlib.h"
#include "jhclient.h"

int
bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
bench_cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

json_t *
bench_op(struct jhc *c, const char *json)
{
	json_error_t je;

	return jhc_request(c, json_loads(json, 0, &je), 10000);
}

double
bench_percentile(double *v, int n, double p)
{
	int k;

	if (n <= 0)
		return 0;
	qsort(v, n, sizeof *v, bench_cmp_double);
	k = (int)(n * p);
	return v[k < n ? k : n - 1];
}

pid_t
bench_start_jhd(const char *bin, const char *db, const char *sock, const char *portfile,
    const char *const *extra, const char *stderr_path, char *addr, size_t addrlen)
{
	pid_t pid = fork();

	if (pid == 0) {
		const char *argv[40] = { "jhd", "--foreground", "--db", db, "--listen", "127.0.0.1:0",
		    "--unix", sock, "--port-file", portfile, "--log-level", "warn" };
		char prog[1300];
		int n = 12;

		for (int i = 0; extra && extra[i] && n < 39; i++)
			argv[n++] = extra[i];
		argv[n] = NULL;
		snprintf(prog, sizeof prog, "%s/jhd", bin);
		if (!freopen(stderr_path ? stderr_path : "/dev/null", "a", stderr))
			_exit(127);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	for (int i = 0; i < 200; i++) {
		FILE *f = fopen(portfile, "r");
		int port = 0;

		if (f) {
			if (fscanf(f, "%d", &port) == 1 && port > 0 && access(sock, F_OK) == 0) {
				fclose(f);
				snprintf(addr, addrlen, "127.0.0.1:%d", port);
				return pid;
			}
			fclose(f);
		}
		usleep(50000);
	}
	kill(pid, SIGKILL);
	return -1;
}

static char tmpdir[1400];

static void
remove_tmpdir(void)
{
	char cmd[1500];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

int
bench_tmpdir(const char *parent, const char *name, char *dir, size_t size)
{
	snprintf(tmpdir, sizeof tmpdir, "%s/%s.XXXXXX", parent, name);
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return -1;
	}
	atexit(remove_tmpdir);
	snprintf(dir, size, "%s", tmpdir);
	return 0;
}

int
bench_setup(const char *name, char *top, size_t ntop, char *bin, size_t nbin, char *dir,
    size_t ndir)
{
	const char *t = getenv("JH_TOP"), *b = getenv("JH_BIN"), *bd = getenv("JH_BUILD");

	snprintf(top, ntop, "%s", t ? t : ".");
	snprintf(bin, nbin, "%s", b ? b : "bin");
	if (bench_tmpdir(bd ? bd : "/tmp", name, dir, ndir) < 0)
		return -1;
	setenv("JH_PWHASH_FAST", "1", 1);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int
bench_run(const char *cmd, char *out, size_t outlen)
{
	FILE *p = popen(cmd, "r");
	size_t n = 0;

	if (!p)
		return -1;
	if (out) {
		n = fread(out, 1, outlen - 1, p);
		out[n] = '\0';
	} else {
		char buf[4096];

		while (fread(buf, 1, sizeof buf, p) > 0)
			;
	}
	return pclose(p);
}

int
bench_connect(const char *addr, const struct jhc_cred *cred, const char *who)
{
	struct jhc *c = jhc_new(addr, cred);
	int fd = -1, one = 1;

	if (!c || jhc_connect(c, 5000) < 0)
		fprintf(stderr, "%s: connect: %s\n", who, c ? jhc_error(c) : "oom");
	else if ((fd = dup(jhc_fd(c))) < 0)
		perror(who);
	jhc_free(c);
	if (fd >= 0) {
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	}
	return fd;
}
