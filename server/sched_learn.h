/* sched_learn.h — how the hall learns its handling times for the forecast: a running mean
 * per service (and per window and service) with a bounded memory, and a window's own mean
 * shrunk towards its service's (docs/SCHEDULING.md, section 3, "Learning the handling
 * times"). Pure: no I/O, no clock. */
#ifndef JH_SCHED_LEARN_H
#define JH_SCHED_LEARN_H

#include "sched.h"

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

/* Today's bookings as expected arrivals (docs/SCHEDULING.md, section 3, "Bookings as
 * arrivals"). How the hall's holders turn up, learnt from its past days: early_s, the median
 * of slot start minus check-in time (negative: after the start), and show, the share of
 * bookings not cancelled that were checked in. */
struct sched_show {
	double early_s;
	double show;
};

/* The prior (the hall file's [appointments] expect_early and expect_show, by default 0 and
 * 90%) counts as this many bookings. */
#define SCHED_SHOW_PRIOR_N 20.0

/* From the past days' outcomes: early[0..nearly) the checked-in holders' slot start minus
 * check-in (seconds, any order; sorted in place), noshow the bookings never checked in. Each
 * figure is the prior pulled towards the hall's by its count: (n x hall + k x prior) / (n + k),
 * k = prior_n, the hall's earliness its median. */
void sched_show_learn(long long *early, int nearly, int noshow, const struct sched_show *prior,
    double prior_n, struct sched_show *out);

/* One booking not checked in yet. */
struct sched_booking {
	int service;
	long long slot_start, slot_end;
};

/* The arrivals expected from b[0..n) (in order of slot start) at now, into out (room for n):
 * each holder expected at slot_start - early_s, only while that is not before now (one whose
 * typical time has passed is late or will not come); of each service's bookings so kept, the
 * share sh->show (a running sum per service: the k-th is kept when round(k x show) grows).
 * Lane appointment, the slot, issued_at the expected time; ids 0 (the forecast numbers them).
 * nservices bounds the services (others skipped). Returns how many, or -1 when out of
 * memory. */
int sched_expect_bookings(const struct sched_booking *b, int n, int nservices,
    const struct sched_show *sh, long long now, struct sched_ticket *out);

#endif
