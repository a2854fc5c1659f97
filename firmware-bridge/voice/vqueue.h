/* vqueue.h — the announcements waiting to be read, in order: a recall goes ahead of the plain
 * calls waiting (after earlier recalls), and an announcement older than max_age is dropped
 * rather than read late. Pure: the clock is passed in; not locked (player.c locks it). */
#ifndef JH_VQUEUE_H
#define JH_VQUEUE_H

#include <stddef.h>
#include <stdint.h>

#define VQ_CODE_MAX	16
#define VQ_WINDOW_MAX	32
#define VQ_MAX		64	/* waiting; more are refused */

struct annc {
	char		 code[VQ_CODE_MAX];
	char		 window[VQ_WINDOW_MAX];
	int		 recall;	/* the ticket's recall count: 0 for the first call */
	long long	 at;		/* when the call arrived (ms, monotonic) */
	int16_t		*pcm;		/* the whole announcement, rendered */
	size_t		 n;		/* samples */
	struct annc	*next;
};

struct vqueue {
	struct annc	*head;
	int		 n;
};

/* A new announcement (pcm is taken, freed by annc_free). NULL when out of memory. */
struct annc *annc_new(const char *code, const char *window, int recall, long long at,
    int16_t *pcm, size_t n);
void annc_free(struct annc *);
/* Free a list linked by next. */
void annc_free_list(struct annc *);

void vq_init(struct vqueue *);
void vq_clear(struct vqueue *);

/* Queue a; a recall goes ahead of every plain call. A recall of the ticket that waits at the
 * same window already takes that one's place (it is read once, early). Returns 0, 1 when it
 * replaced one, or -1 when the queue is full (a is not queued). */
int vq_push(struct vqueue *, struct annc *a);
/* Put a back at the head (its reading failed and will be tried again). */
void vq_push_front(struct vqueue *, struct annc *a);

/* Unlink every announcement older than max_age_ms at now; returns them as a list (the
 * caller logs and frees them). */
struct annc *vq_prune(struct vqueue *, long long now, long long max_age_ms);
/* The next announcement to read (unlinked), or NULL. Prune first. */
struct annc *vq_pop(struct vqueue *);

#endif
