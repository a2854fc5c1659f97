/* ops_limits.c — the hall's [limits] applied to devices (ratelimit.h): a request over its
 * device's limit is refused with rate_limited and retry_after before it costs anything, and
 * the supervisors get jhd's alert rate_limited naming the devices, raised once when a
 * device's episode starts and cleared once every episode has ended (docs/PROTOCOL.md). */
#include <stdio.h>

#include "auth.h"
#include "errcode.h"
#include "log.h"
#include "net.h"
#include "ratelimit.h"
#include "server.h"

/* The alert lists the devices in an episode; cleared when there is none. */
static void
rate_alert(long long now)
{
	char list[200], msg[256];
	int n = ratelimit_active(now, list, sizeof list);

	if (n > 0) {
		snprintf(msg, sizeof msg, "requests refused over the hall's [limits]: %s", list);
		server_own_alert("rate_limited", NULL, msg, now, 0);
	} else if (server_own_alert_find("rate_limited", NULL)) {
		server_own_alert("rate_limited", NULL, "no device is over its limits any more",
		    now, 1);
	}
}

int
server_rate_check(struct req *r, const char *op)
{
	const struct session *ss = r->ss;
	int cls = ratelimit_class(op), started, limit;
	long long wait;

	/* devices only: people sign in with a password, and their actions are theirs */
	if (cls < 0 || !ss->authed || (ss->role != ROLE_KIOSK && ss->role != ROLE_DISPLAY &&
	    ss->role != ROLE_MONITOR))
		return 0;
	limit = srv.q.conf.limits[cls];
	if ((wait = ratelimit_take(ss->who, cls, limit, r->now, &started)) == 0)
		return 0;
	if (started) {
		log_warn("device %s from %s: over its limit of %d %s %s: refused until it slows "
		    "down", ss->who, net_conn_peer(ss->conn), limit, op, rl_classes[cls].period);
		rate_alert(r->now);
	}
	r->eextra = json_pack("{s:I}", "retry_after", (json_int_t)wait);
	return req_error(r, ERR_RATE_LIMITED, "%s may %s at most %d times %s (the hall's [limits] "
	    "%s); try again in %lld s", ss->who, op, limit, rl_classes[cls].period,
	    rl_classes[cls].key, wait);
}

void
server_rate_tick(long long now)
{
	if (server_own_alert_find("rate_limited", NULL) && ratelimit_active(now, NULL, 0) == 0)
		rate_alert(now);
}
