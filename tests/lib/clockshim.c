/* clockshim.c — test-only LD_PRELOAD shim: steps the system clock of one process, as an
 * admin's `date -s` or an NTP step would, without touching the machine's clock.
 *
 * Interface: built as $(BUILD)/tests/lib/libclockshim.so by server/server.mk; load with
 * LD_PRELOAD=$JH_BUILD/tests/lib/libclockshim.so and JH_CLOCKSHIM=FILE. FILE holds a whole
 * number of seconds (may be negative) added to CLOCK_REALTIME (clock_gettime and
 * time); it is read at every call, so a test steps the clock by rewriting it (write a new
 * file and rename it over FILE). A missing or unreadable file adds nothing. CLOCK_MONOTONIC
 * and every other clock are left alone: that difference is what jhd's clock guard sees. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef int (*gettime_fn)(clockid_t, struct timespec *);

static long long
clockshim_offset(void)
{
	const char *path = getenv("JH_CLOCKSHIM");
	char buf[32];
	ssize_t n;
	int fd;

	if (path == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtoll(buf, NULL, 10);
}

int
clock_gettime(clockid_t id, struct timespec *ts)
{
	static gettime_fn real;
	int rc;

	if (real == NULL)
		real = (gettime_fn)dlsym(RTLD_NEXT, "clock_gettime");
	rc = real(id, ts);
	if (rc == 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE))
		ts->tv_sec += clockshim_offset();
	return rc;
}

time_t
time(time_t *t)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (t)
		*t = ts.tv_sec;
	return ts.tv_sec;
}
