/* sched_balance.h — the rebalancing suggestion: which open window should also serve which
 * service as a backup, chosen by the forecast (docs/SCHEDULING.md, section 6). Pure: no I/O,
 * no clock. jhd gives it in status ("suggestion") and, with [policy] auto_balance, applies it
 * itself. */
#ifndef JH_SCHED_BALANCE_H
#define JH_SCHED_BALANCE_H

#include "sched.h"

#define SCHED_BALANCE_MIN_GAIN	0.05	/* a change must lower the cost by 5% at least */
#define SCHED_BALANCE_MAX	6	/* backup duties a window may have (auto_balance_max) */

struct sched_balance {
	int window, service;	/* the window to give the service as a backup */
	long long wait_s;	/* that service's longest expected whole wait (waited + eta) */
	long long others_s;	/* the median of the other services' */
};

/* Of every backup duty (service s < nsvc_real not served by an open window that has fewer than
 * max_added backup duties), the one whose forecast (sched_forecast over w, handle_s, t, now,
 * as for eta_s) most lowers the sum, over the waiting normal tickets, of the square of their
 * expected whole wait (waited so far + eta), when it lowers it by at least min_gain of it: the
 * long waits count most, and a backup that would delay a window's own citizens more than it
 * helps others is not chosen; nor is service s at window k when refused (NULL: none) has
 * refused[k * nsvc_real + s] set (a supervisor undid it). 1 and *out, 0 when none is worth it, -1 out of memory. w's duty
 * pointers are borrowed and put back. */
int sched_balance_best(const struct sched_policy *p, struct sched_window *w, int nw,
    const double *handle_s, int nservices, int nsvc_real, const struct sched_ticket *t, int nt,
    long long now, int max_added, double min_gain, const unsigned char *refused,
    struct sched_balance *out);

#endif
