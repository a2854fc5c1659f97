/* events.c — the ticket and window events that follow a change (topics tickets, windows),
 * built only when somebody subscribes. */
#include "server.h"

void
server_ticket_changed(const struct ticket *t)
{
	server_status_stale();
	if (!server_subscribed(TOPIC_TICKETS))
		return;
	server_event(TOPIC_TICKETS, json_pack("{s:s, s:o}", "event", "ticket", "ticket",
	    server_ticket_json(t)));
}

void
server_window_changed(int w)
{
	server_status_stale();
	if (!server_subscribed(TOPIC_WINDOWS))
		return;
	server_event(TOPIC_WINDOWS, json_pack("{s:s, s:o}", "event", "window", "window",
	    server_window_json(w)));
}
