/* bridge.h — jhbridge at run time: the buses and their ports, the hall, the displays' views,
 * and the one poll loop that moves bytes between the server and the serial lines. */
#ifndef JH_BRIDGE_H
#define JH_BRIDGE_H

#include <signal.h>
#include <stddef.h>

#include "config.h"

struct bridge;

/* Build from a checked configuration (kept by pointer: it must outlive the bridge).
 * NULL with err when something cannot be set up. */
struct bridge *bridge_new(const struct cfg *, char *err, size_t errlen);
void bridge_free(struct bridge *);

/* Run until *stop is set. 0. */
int bridge_run(struct bridge *, volatile sig_atomic_t *stop);

#endif
