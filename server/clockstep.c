/* clockstep.c — the clock guard (clock.h) wired into jhd: is the system clock to be trusted
 * for the day roll-over and the no-show sweep, and the alert and audit rows of a step. */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "server.h"
#include "store.h"

#define HELD_KEY "clock_held"	/* meta: "REF_REAL REF_MONO_MS STEP BOOT_ID", "" when not held */

/* This boot's id (the kernel's random boot_id): CLOCK_BOOTTIME readings of another boot
 * cannot be compared. "" when unreadable. */
static void
boot_id(char *buf, int size)
{
	FILE *fp = fopen("/proc/sys/kernel/random/boot_id", "r");

	buf[0] = '\0';
	if (fp) {
		if (!fgets(buf, size, fp))
			buf[0] = '\0';
		fclose(fp);
	}
	buf[strcspn(buf, "\n")] = '\0';
}

int
server_clock_save(void)
{
	struct clock_guard *g = &srv.clock_guard;
	char val[160] = "", boot[64];

	if (g->suspect) {
		boot_id(boot, sizeof boot);
		snprintf(val, sizeof val, "%lld %lld %lld %s", g->ref_real, g->blind ? -1 :
		    g->ref_mono, g->step, boot);
	}
	if (store_meta_set(srv.store, HELD_KEY, val) < 0) {
		log_warn("the clock guard's state could not be saved: a restart would forget it");
		return -1;
	}
	return 0;
}

void
server_clock_load(long long now)
{
	struct clock_guard *g = &srv.clock_guard;
	char val[160], boot[64], was_boot[64] = "", step[40], msg[300];
	long long ref_real, ref_mono, by;

	if (clock_is_test() || srv.clock_step_max <= 0 ||
	    store_meta_get(srv.store, HELD_KEY, val, sizeof val) != 1 ||
	    sscanf(val, "%lld %lld %lld %63s", &ref_real, &ref_mono, &by, was_boot) < 3)
		return;
	boot_id(boot, sizeof boot);
	g->have = g->suspect = 1;
	g->ref_real = ref_real;
	g->step = by;
	/* the same boot: the reference carried forward by CLOCK_BOOTTIME is still good */
	g->blind = ref_mono < 0 || strcmp(boot, was_boot) != 0 || ref_mono > clock_boot_ms();
	g->ref_mono = g->blind ? 0 : ref_mono;
	clock_step_text(by, step, sizeof step);
	snprintf(msg, sizeof msg, "the clock stepped %.20s before jhd stopped%s: roll-over and "
	    "no-show sweeps wait until it is %sconfirmed (jhctl clock confirm)", step,
	    g->blind ? " and the machine restarted since" : "", g->blind ? "" : "back or ");
	log_warn("%s", msg);
	server_own_alert("clock_step", NULL, msg, now, 0);
	if (g->blind)
		server_clock_save();	/* no usable reference any more */
}

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
		server_clock_save();
		return 1;
	}
	clock_step_text(g->step, step, sizeof step);
	snprintf(msg, sizeof msg, "the clock stepped %.20s (%.32s, due %.32s): roll-over and "
	    "no-show sweeps wait until it is back or confirmed (jhctl clock confirm)", step, is,
	    was);
	log_warn("%s", msg);
	server_own_alert("clock_step", NULL, msg, now, 0);
	server_audit_session(NULL, now, "clock_step", "system clock", was, is);
	server_clock_save();	/* held across a restart too */
	return 0;
}
