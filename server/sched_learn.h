/* sched_learn.h — how the hall learns its handling times for the forecast: a running mean
 * per service (and per window and service) with a bounded memory, and a window's own mean
 * shrunk towards its service's (docs/SCHEDULING.md, section 3, "Learning the handling
 * times"). Pure: no I/O, no clock. */
#ifndef JH_SCHED_LEARN_H
#define JH_SCHED_LEARN_H

/* A mean of the newest samples: each sample weighs 1/n while fewer than `memory` have been
 * seen (the plain average), then 1/memory (an exponential moving average that remembers
 * about `memory` samples). A starting value (the hall file's figure) counts as `n` samples
 * given to sched_mean_start; with n 0 the first sample replaces it. */
struct sched_mean {
	double mean;
	double n;	/* samples the mean stands for (at most the memory) */
};

void sched_mean_start(struct sched_mean *m, double value, double n);
void sched_mean_add(struct sched_mean *m, double x, double memory);

/* own's mean pulled towards pooled's by k samples' worth: (n own + k pooled) / (n + k); a
 * window that has seen a few tickets of a service is mostly its service's mean. With k 0,
 * own's mean (pooled's while own has no sample). */
double sched_mean_shrunk(const struct sched_mean *own, double pooled, double k);

#endif
