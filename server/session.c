/* session.c — clerks and their windows across sessions: who holds a window, leaving it, and
 * being displaced by a takeover; sessions signed out when their user or device is disabled. */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "clock.h"
#include "log.h"
#include "mono.h"
#include "net.h"
#include "server.h"
#include "turn.h"

int
server_clerk_holds(const struct session *ss, const char *window)
{
	return ss->authed && ss->role == ROLE_CLERK && ss->window[0] &&
	    strcmp(ss->window, window) == 0 && net_conn_alive(ss->conn);
}

void
server_clerk_leave(struct session *ss)
{
	int w, still = 0;

	if (ss->role != ROLE_CLERK || !ss->window[0])
		return;
	w = hallconf_window(&srv.q.conf, ss->window);
	for (struct session *o = srv.sessions; o; o = o->next)
		if (o != ss && o->role == ROLE_CLERK && strcmp(o->window, ss->window) == 0 &&
		    strcmp(o->who, ss->who) == 0)
			still = 1;
	if (w >= 0 && !still && strcmp(srv.q.win[w].clerk, ss->who) == 0) {
		srv.q.win[w].clerk[0] = '\0';
		server_window_changed(w);
	}
	ss->window[0] = '\0';
}

void
server_displace(struct session *ss, const char *by)
{
	log_info("conn %u: clerk %s displaced from window %s by %s", ss->id, ss->who,
	    ss->window, by);
	/* after the answers it is owed, in order, like one of them */
	turn_message(ss, json_pack("{s:s, s:s, s:s}", "event", "displaced", "window",
	    ss->window, "by", by));
	ss->authed = 0;
	ss->window[0] = '\0';
	ss->topics = 0;
	ss->unauth_since = mono_ms();	/* signs in again in time, or is closed */
}

int
server_sign_out(const char *name, int device, int roles, const char *why)
{
	int n = 0;

	for (struct session *ss = srv.sessions; ss; ss = ss->next) {
		/* (the admin socket's own sessions are "local", not a user of that name) */
		if (!ss->authed || !net_conn_alive(ss->conn) || strcmp(ss->who, name) != 0 ||
		    auth_role_is_person(ss->role) == device || !(roles & (1 << ss->role)) ||
		    (ss->os_user[0] && strcmp(ss->who, "local") == 0))
			continue;
		log_info("conn %u: %s %s signed out: %s", ss->id, auth_role_name(ss->role), name,
		    why);
		/* after the answers it is owed, like displaced; then the connection closes */
		turn_message(ss, json_pack("{s:s, s:s}", "event", "signed_out", "reason", why));
		server_clerk_leave(ss);
		ss->authed = 0;
		ss->topics = 0;
		net_close_after_flush(ss->conn);
		n++;
	}
	/* jhweb ends its own sessions of that user (they are not jhd's) */
	if (!device)
		server_event(TOPIC_USERS, json_pack("{s:s, s:s, s:s}", "event",
		    "user_signed_out", "user", name, "reason", why));
	return n;
}
