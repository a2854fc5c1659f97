/* server.c — the one server struct every module of jhd shares (server.h), and the status
 * answer's cache kept in it. */
#include "server.h"

struct server srv;

/* What status costs stays small with a long queue (docs/PROTOCOL.md, status): one pass over
 * the live tickets (the waiting counts, the longest waits, each service's last ETA, and the
 * few tickets any window could call next), the forecast the turn's answers share (run at most
 * once per change and clock second), and sched_pick over those few tickets only. */
void
server_status_stale(void)
{
	json_decref(srv.status_cache);
	srv.status_cache = NULL;
}
