/* served.h — whether a service has someone to serve it, read from jhd's status, for every
 * client that marks services nobody serves (the kiosk's "暂不受理", jhterm's "no open window"):
 * one reading of jhd's answer and one fallback rule for a jhd that does not say. */
#ifndef JH_SERVED_H
#define JH_SERVED_H

#include <jansson.h>

/* jhd's own word on one service object of a status answer ("served", docs/PROTOCOL.md): 1
 * served, 0 not, -1 this jhd does not say (it is older than the field). Before the hall's
 * opening time jhd counts every window that has the service among its duties, whatever its
 * state; from the opening on, the open and paused ones. */
int jhc_status_served(const json_t *svc);

/* For a jhd that does not say: does a window in this state ("open", "paused", "closed")
 * serve its duties now? An open or paused one (a clerk on a short break) does, as that jhd's
 * [policy] unserved counts. 1 or 0; NULL is 0. */
int jhc_window_serves(const char *state);

#endif
