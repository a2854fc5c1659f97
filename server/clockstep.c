/* clockstep.c — the clock guard (clock.h) wired into jhd: is the system clock to be trusted
 * for the day roll-over and the no-show sweep, and the alert and audit rows of a step. */
#include <stdio.h>

#include "clock.h"
#include "log.h"
#include "server.h"

int
server_clock_trusted(long long now)
{
	struct clock_guard *g = &srv.clock_guard;
	char step[40], was[40], is[40], msg[400];
	long long expect;
	int rc;

	if (clock_is_test() || srv.clock_step_max <= 0)
		return 1;
	rc = clock_guard_observe(g, now, clock_boot_ms(), srv.clock_step_max);
	if (rc == CLOCK_TRUSTED)
		return 1;
	if (rc == CLOCK_SUSPECT)
		return 0;
	expect = now - g->step;
	clock_iso(expect, was, sizeof was);
	clock_iso(now, is, sizeof is);
	if (rc == CLOCK_BACK) {
		log_warn("the clock agrees with the monotonic clock again (%s): roll-over and "
		    "no-show sweeps resume", is);
		server_own_alert("clock_step", NULL, "the clock is back in step", now, 1);
		server_audit_session(NULL, now, "clock_back", "system clock", NULL, is);
		return 1;
	}
	clock_step_text(g->step, step, sizeof step);
	snprintf(msg, sizeof msg, "the clock stepped %.20s (%.32s, due %.32s): roll-over and "
	    "no-show sweeps wait until it is back or confirmed (jhctl clock confirm)", step, is,
	    was);
	log_warn("%s", msg);
	server_own_alert("clock_step", NULL, msg, now, 0);
	server_audit_session(NULL, now, "clock_step", "system clock", was, is);
	return 0;
}
