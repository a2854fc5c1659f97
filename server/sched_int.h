/* sched_int.h — what the policy (sched.c) shares with the forecast (sched_forecast.c) and
 * nobody else: not part of the scheduler's interface (sched.h). */
#ifndef JH_SCHED_INT_H
#define JH_SCHED_INT_H

#include "sched.h"

/* -1: the window does not serve the service; 0: primary; 1: backup (primary wins when a
 * service is listed twice). */
int sched_duty_role(const struct sched_duty *duty, int nduty, int service);

/* Place of t[i] in its service's queue at now, by score order. */
int sched_queue_place(const struct sched_policy *p, const struct sched_ticket *t, int nt, int i,
    long long now);

#endif
