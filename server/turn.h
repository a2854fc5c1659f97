/* turn.h — the loop turn (turn.c): its transaction, and the answers and events it sends once
 * the transaction is over. The ops queue through server.h (server_begin, server_event); this
 * is what the dispatcher and the modules below it use. */
#ifndef JH_TURN_H
#define JH_TURN_H

#include <stddef.h>

#include <jansson.h>

struct session;

/* Queue the answer to the request of the given id (NULL for null; a reference is taken);
 * answer (stolen) may be NULL when it could not be built: the internal fallback is sent in
 * its place. wrote: the request wrote (its answer becomes internal if the turn is rolled
 * back). Sent at turn_send_answers, in the order queued. */
void turn_answer(struct session *ss, json_t *id, json_t *answer, int wrote);
/* Queue the answer to a line that could not be parsed for want of memory: internal, id null
 * (the id is in the part that could not be read). */
void turn_unread(struct session *ss);
/* Queue an unrequested message (displaced) among ss's answers; msg stolen. */
void turn_message(struct session *ss, json_t *msg);
/* A request starts (its answers, events and objects are tagged with its number) or ends.
 * turn_request_begin returns turn_build_failures(): more after the op than before, and a
 * part of its answer could not be built. */
unsigned long turn_request_begin(void);
void turn_request_end(void);
unsigned long turn_seq(void);
void turn_build_failed(void);
unsigned long turn_build_failures(void);
/* The answers and events of the requests for which has(seq) is 1 cannot be right (their
 * tickets' figures are missing): the answers become the fallback, the events are not sent. */
void turn_withdraw(int (*has)(unsigned long seq));
/* ss is going: nothing queued is sent to it. */
void turn_forget(const struct session *ss);
/* End the turn's transaction: 1 committed, 0 none was open, -1 rolled back (why filled). */
int turn_commit(char *why, size_t size);
/* Send the queued answers and messages (failed: the turn was rolled back, the answers of
 * requests that wrote become internal). */
void turn_send_answers(int failed);
void turn_drop_events(void);
/* Send the turn's events to their subscribers, then forget them. */
void turn_send_events(void);

#endif
