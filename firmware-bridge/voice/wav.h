/* wav.h — the one audio file format of a voice pack: RIFF WAVE, PCM, 16-bit, mono (any rate).
 * Read whole into memory, written back for `jhvoice --say --out`. Pure but for the file I/O. */
#ifndef JH_WAV_H
#define JH_WAV_H

#include <stddef.h>
#include <stdint.h>

struct wav {
	int		 rate;		/* samples a second */
	int16_t		*s;		/* host order */
	size_t		 n;		/* samples */
};

/* Parse a WAV file's bytes into w (w->s malloc'd). 0, or -1 with err saying what is wrong
 * ("not a WAV file", "2 channels: want mono", ...). */
int wav_parse(const void *buf, size_t len, struct wav *w, char *err, size_t errlen);
/* Read and parse the file at path. 0 or -1 with err (which does not repeat the path). */
int wav_load(const char *path, struct wav *w, char *err, size_t errlen);
/* Write n samples at rate as a 44-byte-header WAV file. 0 or -1 (errno set). */
int wav_save(const char *path, const int16_t *s, size_t n, int rate);
void wav_free(struct wav *w);

#endif
