/* player.c — the ALSA side of jhvoice: one thread, one PCM, one announcement at a time. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <alsa/asoundlib.h>

#include "log.h"
#include "mono.h"
#include "player.h"

#define PL_BACKOFF_MS		500	/* the first retry; doubles up to retry_max_ms */
#define PL_IDLE_CHECK_MS	2000	/* how often an idle device is asked whether it is there */
#define PL_PROBE_MS		20	/* silence beyond the buffer written to a reopened device */

struct player {
	struct player_cfg cfg;
	char		 pcm_name[128];
	pthread_t	 th;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	/* under mu */
	struct vqueue	 q;
	int		 stop, done;
	char		 fault[256];
	int		 busy;
	long long	 progress;
	unsigned long	 played;
	/* the thread's own */
	snd_pcm_t	*pcm;
	long long	 retry_at;
	int		 backoff_ms;
	long long	 idle_check_at;
};

static void
pl_alsa_error(const char *file, int line, const char *function, int err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	(void)file;
	(void)line;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_debug("alsa: %s: %s%s%s", function, msg, err ? ": " : "", err ? snd_strerror(err) : "");
}

void
player_quiet_alsa(void)
{
	snd_lib_error_set_handler(pl_alsa_error);
}

/* Open and set up the PCM for 16-bit mono at the pack's rate. 0, or a negative ALSA error
 * with why. */
static int
pl_open_pcm(const struct player_cfg *cfg, snd_pcm_t **out, char *why, size_t whylen)
{
	snd_pcm_t *h;
	int r;

	*out = NULL;
	if ((r = snd_pcm_open(&h, cfg->pcm, SND_PCM_STREAM_PLAYBACK, 0)) < 0) {
		snprintf(why, whylen, "pcm %s: cannot open: %s%s", cfg->pcm, snd_strerror(r),
		    r == -ENOENT ? " (no such device: aplay -L lists them)" : "");
		return r;
	}
	/* soft_resample: a plug PCM converts the rate when the card cannot play it */
	if ((r = snd_pcm_set_params(h, SND_PCM_FORMAT_S16, SND_PCM_ACCESS_RW_INTERLEAVED, 1,
	    (unsigned)cfg->rate, 1, (unsigned)cfg->buffer_ms * 1000)) < 0) {
		snprintf(why, whylen, "pcm %s: cannot play 16-bit mono at %d Hz: %s (a plughw: "
		    "device converts)", cfg->pcm, cfg->rate, snd_strerror(r));
		snd_pcm_close(h);
		return r;
	}
	*out = h;
	return 0;
}

/* Write n samples and wait until they are played. 0, 1 when stopped, or a negative ALSA
 * error with why. p (may be NULL) is told of progress and asked whether to stop. */
static int
pl_write(struct player *p, snd_pcm_t *h, const char *name, const int16_t *s, size_t n, int rate,
    char *why, size_t whylen)
{
	snd_pcm_uframes_t chunk = (snd_pcm_uframes_t)(rate / 50);	/* 20 ms */
	size_t off = 0;
	int r, stop = 0;

	if (snd_pcm_state(h) != SND_PCM_STATE_PREPARED && (r = snd_pcm_prepare(h)) < 0) {
		snprintf(why, whylen, "pcm %s: cannot prepare: %s", name, snd_strerror(r));
		return r;
	}
	while (off < n) {
		snd_pcm_uframes_t k = n - off < chunk ? n - off : chunk;
		snd_pcm_sframes_t w = snd_pcm_writei(h, s + off, k);

		if (w == -EAGAIN)
			continue;
		if (w < 0) {
			/* an underrun (the thread was late) or a suspend is recovered; the rest
			 * is the device failing */
			if ((r = snd_pcm_recover(h, (int)w, 1)) < 0) {
				snprintf(why, whylen, "pcm %s: write failed: %s", name,
				    snd_strerror((int)w));
				return r;
			}
			continue;
		}
		off += (size_t)w;
		if (p) {
			pthread_mutex_lock(&p->mu);
			p->progress = mono_ms();
			stop = p->stop;
			pthread_mutex_unlock(&p->mu);
			if (stop) {
				snd_pcm_drop(h);
				return 1;
			}
		}
	}
	if ((r = snd_pcm_drain(h)) < 0) {
		snprintf(why, whylen, "pcm %s: drain failed: %s", name, snd_strerror(r));
		return r;
	}
	return 0;
}

/* Under mu: the device failed (or is still missing) at now. */
static void
pl_fault(struct player *p, const char *why, long long now)
{
	if (strcmp(p->fault, why) != 0)
		log_warn("%s; trying again in %.1f s (then up to every %d s)", why,
		    p->backoff_ms / 1000.0, p->cfg.retry_max_ms / 1000);
	else
		log_debug("%s; trying again in %.1f s", why, p->backoff_ms / 1000.0);
	snprintf(p->fault, sizeof p->fault, "%s", why);
	p->retry_at = now + p->backoff_ms;
	p->backoff_ms *= 2;
	if (p->backoff_ms > p->cfg.retry_max_ms)
		p->backoff_ms = p->cfg.retry_max_ms;
}

/* Without mu: (re)open the device. After a fault it must also play a short silence, longer
 * than its buffer so that it really reaches the device, before the fault is cleared. */
static void
pl_open(struct player *p)
{
	char why[256];
	snd_pcm_t *h;
	int faulted, r;

	pthread_mutex_lock(&p->mu);
	faulted = p->fault[0] != '\0';
	pthread_mutex_unlock(&p->mu);
	r = pl_open_pcm(&p->cfg, &h, why, sizeof why);
	if (r == 0 && faulted) {
		size_t n = (size_t)p->cfg.rate * (size_t)(p->cfg.buffer_ms + PL_PROBE_MS) / 1000;
		int16_t *zero = calloc(n, sizeof *zero);

		if (!zero)
			snprintf(why, sizeof why, "out of memory");
		r = zero ? pl_write(NULL, h, p->cfg.pcm, zero, n, p->cfg.rate, why, sizeof why) :
		    -ENOMEM;
		free(zero);
		if (r < 0) {
			snd_pcm_close(h);
			h = NULL;
		}
	}
	pthread_mutex_lock(&p->mu);
	if (r < 0)
		pl_fault(p, why, mono_ms());
	else {
		p->pcm = h;
		p->backoff_ms = PL_BACKOFF_MS;
		p->idle_check_at = mono_ms() + PL_IDLE_CHECK_MS;
		if (faulted)
			log_info("pcm %s: playing works again", p->cfg.pcm);
		else
			log_info("pcm %s: open, 16-bit mono at %d Hz", p->cfg.pcm, p->cfg.rate);
		p->fault[0] = '\0';
	}
	pthread_mutex_unlock(&p->mu);
}

/* Without mu: close the failed device. */
static void
pl_close(struct player *p)
{
	if (p->pcm) {
		snd_pcm_close(p->pcm);
		p->pcm = NULL;
	}
}

static void
pl_log_dropped(struct annc *list, long long now, int max_age_ms)
{
	for (struct annc *a = list; a; a = a->next)
		log_warn("dropped %s for window %s%s: %.1f s old, more than max_age %d s",
		    a->code, a->window, a->recall ? " (recall)" : "", (now - a->at) / 1000.0,
		    max_age_ms / 1000);
}

/* Under mu: sleep until until (ms, monotonic) or a signal. */
static void
pl_wait(struct player *p, long long until)
{
	struct timespec ts;

	ts.tv_sec = until / 1000;
	ts.tv_nsec = (until % 1000) * 1000000;
	pthread_cond_timedwait(&p->cv, &p->mu, &ts);
}

static void *
pl_main(void *arg)
{
	struct player *p = arg;
	struct annc *a, *old;
	char why[256];
	long long now;
	int r;

	pthread_mutex_lock(&p->mu);
	while (!p->stop) {
		now = mono_ms();
		if ((old = vq_prune(&p->q, now, p->cfg.max_age_ms)) != NULL) {
			pthread_mutex_unlock(&p->mu);
			pl_log_dropped(old, now, p->cfg.max_age_ms);
			annc_free_list(old);
			pthread_mutex_lock(&p->mu);
			continue;
		}
		if (!p->pcm) {
			if (now < p->retry_at) {
				pl_wait(p, p->retry_at);
				continue;
			}
			pthread_mutex_unlock(&p->mu);
			pl_open(p);
			pthread_mutex_lock(&p->mu);
			continue;
		}
		if ((a = vq_pop(&p->q)) != NULL) {
			int waiting = p->q.n;

			p->busy = 1;
			p->progress = now;
			pthread_mutex_unlock(&p->mu);
			log_info("announce %s at window %s%s: %.2f s, %d waiting", a->code, a->window,
			    a->recall ? " (recall)" : "", (double)a->n / p->cfg.rate, waiting);
			r = pl_write(p, p->pcm, p->cfg.pcm, a->pcm, a->n, p->cfg.rate, why,
			    sizeof why);
			if (r < 0)
				pl_close(p);
			pthread_mutex_lock(&p->mu);
			p->busy = 0;
			if (r == 0) {
				p->played++;
				annc_free(a);
			} else if (r > 0)
				annc_free(a);	/* stopping */
			else {
				/* read it again from the start once the device is back, if it
				 * is not too old by then */
				log_warn("%s at window %s%s was cut off; it is read again when the "
				    "device is back", a->code, a->window, a->recall ? " (recall)" : "");
				vq_push_front(&p->q, a);
				p->backoff_ms = PL_BACKOFF_MS;
				pl_fault(p, why, mono_ms());
			}
			continue;
		}
		if (now >= p->idle_check_at) {
			snd_pcm_state_t st = snd_pcm_state(p->pcm);

			p->idle_check_at = now + PL_IDLE_CHECK_MS;
			if (st == SND_PCM_STATE_DISCONNECTED) {
				snprintf(why, sizeof why, "pcm %s: the device is gone", p->cfg.pcm);
				pthread_mutex_unlock(&p->mu);
				pl_close(p);
				pthread_mutex_lock(&p->mu);
				p->backoff_ms = PL_BACKOFF_MS;
				pl_fault(p, why, mono_ms());
				continue;
			}
		}
		pl_wait(p, p->idle_check_at);
	}
	pthread_mutex_unlock(&p->mu);
	pl_close(p);
	pthread_mutex_lock(&p->mu);
	p->done = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct player *
player_start(const struct player_cfg *cfg, char *err, size_t errlen)
{
	struct player *p = calloc(1, sizeof *p);
	pthread_condattr_t ca;

	if (!p) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	p->cfg = *cfg;
	snprintf(p->pcm_name, sizeof p->pcm_name, "%s", cfg->pcm);
	p->cfg.pcm = p->pcm_name;
	p->backoff_ms = PL_BACKOFF_MS;
	vq_init(&p->q);
	pthread_mutex_init(&p->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cv, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&p->th, NULL, pl_main, p) != 0) {
		snprintf(err, errlen, "cannot start the player thread");
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
		free(p);
		return NULL;
	}
	return p;
}

void
player_stop(struct player *p, int wait_ms)
{
	long long until = mono_ms() + wait_ms;
	int done;

	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->cv);
	while (!p->done && mono_ms() < until)
		pl_wait(p, until);
	done = p->done;
	pthread_mutex_unlock(&p->mu);
	if (!done) {
		/* stuck in the driver: leave it; the process is about to end */
		log_warn("pcm %s: the player is stuck in the device; leaving it", p->cfg.pcm);
		pthread_detach(p->th);
		return;
	}
	pthread_join(p->th, NULL);
	vq_clear(&p->q);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
}

int
player_enqueue(struct player *p, struct annc *a)
{
	int r;

	pthread_mutex_lock(&p->mu);
	r = vq_push(&p->q, a);
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	if (r < 0)
		annc_free(a);
	return r;
}

void
player_status(struct player *p, struct player_status *st)
{
	pthread_mutex_lock(&p->mu);
	snprintf(st->fault, sizeof st->fault, "%s", p->fault);
	st->busy = p->busy;
	st->progress = p->progress;
	st->waiting = p->q.n;
	st->played = p->played;
	pthread_mutex_unlock(&p->mu);
}

int
player_play_once(const struct player_cfg *cfg, const int16_t *s, size_t n, char *err,
    size_t errlen)
{
	snd_pcm_t *h;
	int r;

	if (pl_open_pcm(cfg, &h, err, errlen) < 0)
		return -1;
	r = pl_write(NULL, h, cfg->pcm, s, n, cfg->rate, err, errlen);
	snd_pcm_close(h);
	return r < 0 ? -1 : 0;
}
