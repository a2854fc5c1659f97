/* player.h — the sound device, in a thread of its own: it takes announcements from the queue
 * one at a time and writes them to an ALSA PCM, so that nothing ever overlaps and a device that
 * blocks stalls only this thread. A device that cannot be opened or fails is closed and opened
 * again with back-off (0.5 s doubling to retry_max); the fault is kept for the main thread to
 * report as an alert, and cleared once a write to the reopened device works. */
#ifndef JH_PLAYER_H
#define JH_PLAYER_H

#include <stddef.h>
#include <stdint.h>

#include "vqueue.h"

struct player_cfg {
	const char	*pcm;		/* ALSA PCM name: "default", "plughw:0,0", ... */
	int		 rate;		/* of the pack */
	int		 buffer_ms;
	int		 max_age_ms;
	int		 retry_max_ms;
};

/* What the main thread needs to know, copied under the lock. */
struct player_status {
	char		 fault[256];	/* "" when the device works */
	int		 busy;		/* reading an announcement now */
	long long	 progress;	/* when the device last took samples (ms, monotonic) */
	int		 waiting;	/* announcements queued */
	unsigned long	 played;	/* announcements read whole */
};

struct player;

/* Start the thread (it opens the device at once). NULL with err. cfg's strings are copied. */
struct player *player_start(const struct player_cfg *, char *err, size_t errlen);
/* Stop the thread, waiting up to wait_ms for it (a thread stuck in the driver is left
 * behind), then free what can be freed. */
void player_stop(struct player *, int wait_ms);

/* Queue an announcement (taken). vq_push's result: 0, 1 replaced a waiting one, -1 full (a
 * freed). */
int player_enqueue(struct player *, struct annc *a);
void player_status(struct player *, struct player_status *);

/* Play samples once on pcm, without a thread: open, write, drain, close. 0, or -1 with err. */
int player_play_once(const struct player_cfg *, const int16_t *s, size_t n, char *err,
    size_t errlen);

/* ALSA's own messages go to the log at debug level (not to stderr). */
void player_quiet_alsa(void);

#endif
