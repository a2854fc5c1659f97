/* sink.c — a sound card for the voice tests. ALSA's file plugin pipes the samples a PCM plays
 * into it ("|exec sink ..."); it takes them at the device's pace (rate x speed, 20 ms at a
 * time, with a one-page pipe so that the player blocks as it would on a card) and appends them
 * to a file. While the --hold file exists it takes nothing (a stalled device).
 *   sink --out FILE [--rate 16000] [--speed 1] [--hold FILE] [--pid FILE]
 * Ends at end of input. */
#define _GNU_SOURCE	/* F_SETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
sleep_s(double s)
{
	struct timespec ts;

	if (s <= 0)
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

int
main(int argc, char **argv)
{
	const char *out = NULL, *hold = NULL, *pidfile = NULL;
	int rate = 16000, fd;
	double speed = 1, bps, due = 0;
	char buf[65536];

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--out"))
			out = argv[i + 1];
		else if (!strcmp(argv[i], "--rate"))
			rate = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--speed"))
			speed = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--hold"))
			hold = argv[i + 1];
		else if (!strcmp(argv[i], "--pid"))
			pidfile = argv[i + 1];
	}
	if (!out || rate <= 0 || speed <= 0) {
		fprintf(stderr, "usage: sink --out FILE [--rate HZ] [--speed X] [--hold FILE] "
		    "[--pid FILE]\n");
		return 2;
	}
	if (pidfile) {
		FILE *fp = fopen(pidfile, "w");

		if (fp) {
			fprintf(fp, "%ld\n", (long)getpid());
			fclose(fp);
		}
	}
	if ((fd = open(out, O_WRONLY | O_CREAT | O_APPEND, 0644)) < 0) {
		perror(out);
		return 1;
	}
	fcntl(0, F_SETPIPE_SZ, 4096);	/* a card's buffer, not 64 KiB of pipe */
	bps = rate * 2.0 * speed;
	for (;;) {
		size_t chunk = (size_t)(rate * 2 / 50) & ~(size_t)1;	/* 20 ms */
		ssize_t n;

		while (hold && access(hold, F_OK) == 0) {
			sleep_s(0.01);
			due = 0;
		}
		if ((n = read(0, buf, chunk)) < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		if (n == 0)
			return 0;
		/* held while waiting for input: this chunk waits too */
		while (hold && access(hold, F_OK) == 0) {
			sleep_s(0.01);
			due = 0;
		}
		if (write(fd, buf, (size_t)n) != n)
			return 1;
		/* the device plays it: the next chunk is taken once this one is played */
		if (due == 0 || now_s() > due + 0.1)
			due = now_s();
		due += n / bps;
		sleep_s(due - now_s());
	}
}
