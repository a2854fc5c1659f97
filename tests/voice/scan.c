/* scan.c — what is in a sound, for the voice tests: its length, its peak, and its speech
 * segments (runs of samples above a threshold, split where the sound stays below it for at
 * least a minimum gap).
 *   scan [--rate 16000] [--threshold-db -40] [--min-gap-ms 250] FILE
 * FILE is a WAV file (RIFF) or raw signed 16-bit little-endian mono at --rate. Prints
 *   samples N / ms N / peak N / peak_db X / segments N / then "seg START_MS END_MS" a line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wav.h"

int
main(int argc, char **argv)
{
	const char *path = NULL;
	double thr_db = -40;
	int rate = 16000, min_gap_ms = 250, thr, peak = 0, nseg = 0;
	long long last = -1, start = -1, (*seg)[2] = NULL;
	struct wav w;
	char err[256];
	FILE *fp;
	size_t cap = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--rate") && i + 1 < argc)
			rate = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--threshold-db") && i + 1 < argc)
			thr_db = atof(argv[++i]);
		else if (!strcmp(argv[i], "--min-gap-ms") && i + 1 < argc)
			min_gap_ms = atoi(argv[++i]);
		else
			path = argv[i];
	}
	if (!path || rate <= 0) {
		fprintf(stderr, "usage: scan [--rate HZ] [--threshold-db DB] [--min-gap-ms MS] "
		    "FILE\n");
		return 2;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		return 1;
	}
	{
		unsigned char *buf = NULL;
		size_t len = 0, got;

		do {
			if (len + 65536 > cap) {
				cap = cap ? 2 * cap : 1 << 20;
				if ((buf = realloc(buf, cap)) == NULL)
					return 1;
			}
			got = fread(buf + len, 1, 65536, fp);
			len += got;
		} while (got > 0);
		fclose(fp);
		if (len >= 12 && !memcmp(buf, "RIFF", 4)) {
			if (wav_parse(buf, len, &w, err, sizeof err) < 0) {
				fprintf(stderr, "%s: %s\n", path, err);
				return 1;
			}
			rate = w.rate;
		} else {
			w.n = len / 2;
			w.rate = rate;
			if ((w.s = malloc(w.n * 2 + 2)) == NULL)
				return 1;
			for (size_t i = 0; i < w.n; i++)
				w.s[i] = (int16_t)(buf[2 * i] | buf[2 * i + 1] << 8);
		}
		free(buf);
	}
	thr = (int)(32768.0 * pow(10.0, thr_db / 20.0));
	cap = 0;
	for (size_t i = 0; i < w.n; i++) {
		int a = abs((int)w.s[i]);

		if (a > peak)
			peak = a;
		if (a <= thr)
			continue;
		if (start < 0 || (long long)i - last > (long long)min_gap_ms * rate / 1000) {
			if (start >= 0) {
				seg[nseg - 1][1] = last;
			}
			if ((size_t)nseg == cap) {
				cap = cap ? 2 * cap : 64;
				if ((seg = realloc(seg, cap * sizeof *seg)) == NULL)
					return 1;
			}
			seg[nseg][0] = (long long)i;
			nseg++;
			start = (long long)i;
		}
		last = (long long)i;
	}
	if (nseg)
		seg[nseg - 1][1] = last;
	printf("samples %zu\nms %lld\npeak %d\npeak_db %.2f\nsegments %d\n", w.n,
	    (long long)w.n * 1000 / rate, peak, peak ? 20 * log10(peak / 32768.0) : -999.0, nseg);
	for (int i = 0; i < nseg; i++)
		printf("seg %lld %lld\n", seg[i][0] * 1000 / rate, (seg[i][1] + 1) * 1000 / rate);
	free(seg);
	free(w.s);
	return 0;
}
