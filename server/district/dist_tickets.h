/* dist_tickets.h — a centre's ticket events as the district takes them (the ticket_events op,
 * docs/DISTRICT.md): checked and normalised here, stored by jh_ticket_events (dist_sql.c). */
#ifndef JH_DIST_TICKETS_H
#define JH_DIST_TICKETS_H

#include <stddef.h>

#include <jansson.h>

#define DIST_TICKET_EVENTS_MAX	200	/* events in one request at most */

/* Check events, a list of {event_id, kind, at, day, ticket, service, lane?, applicant?,
 * channel?, window?, issued_at, called_at?, wait_s?, handle_s?, to?}, times read in zone tz
 * when they carry no offset. Returns the list as the database takes it (times in UTC, only
 * those fields; a new string: free it), or NULL with why in err (or "out of memory"). */
char *dist_ticket_events_check(const json_t *events, const char *tz, char *err,
    size_t errlen);

#endif
