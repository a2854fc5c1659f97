/* turn.c — the loop turn: one transaction for every write read in it (group commit), and
 * what it sends once that is over: each request's one answer, in order, then the events.
 * Every request gets exactly one answer, whatever runs out (SPARE_PENDING, send_fallback). */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "log.h"
#include "net.h"
#include "server.h"
#include "store.h"
#include "turn.h"
#include "wire.h"

struct pending {
	struct session *ss;
	json_t *answer;		/* NULL when it could not be built */
	json_t *id;		/* an answer's request id (a reference; NULL for null) */
	int is_answer;		/* an answer (else an unrequested message such as displaced) */
	int wrote;
	int spare;		/* one of spares[], not allocated */
	int unread;		/* the request could not be read (out of memory): no id */
	unsigned long seq;	/* the request it answers (req_seq) */
	struct pending *next;
};

/* Kept for answers when no memory is left to queue them: the request still gets its one
 * answer (the internal fallback), in order with the others. */
#define SPARE_PENDING 64
static struct pending spares[SPARE_PENDING], *spare_free;
static int spares_ready;

static struct pending *phead, **ptail = &phead;
static json_t *events;		/* [[topic, event, seq], ...] for this turn */
/* The request being answered (0 outside a request), and the objects of answers that could
 * not be built whole since start-up: an op whose answer lost a part is answered internal. */
static unsigned long req_seq, req_next = 1;
static unsigned long build_failures;
/* The invariants: answers are queued in the order of their requests (last_seq), and a turn
 * opens at most one transaction (begins), committed or rolled back at its end. */
static unsigned long last_seq;
static int begins;

int
server_begin(void)
{
	if (srv.in_tx)
		return 0;
	assert(begins == 0);	/* one transaction per turn */
	if (store_begin(srv.store) < 0)
		return -1;
	begins++;
	srv.in_tx = 1;
	srv.tx_failed = 0;
	return 0;
}

void
server_event(unsigned topic, json_t *ev)
{
	if (!events)
		events = json_array();
	if (!ev || !events || json_array_append_new(events, json_pack("[I, o, I]",
	    (json_int_t)topic, ev, (json_int_t)req_seq)) < 0)
		log_warn("an event could not be built (out of memory): not sent");
}

int
server_subscribed(unsigned topic)
{
	for (struct session *ss = srv.sessions; ss; ss = ss->next)
		if (ss->topics & topic)
			return 1;
	return 0;
}

/* Serialize o with its newline into one reused buffer (no allocation per answer); the
 * line stays valid until the next call. NULL when o cannot be serialized. */
static const char *
dump_line(json_t *o, size_t *len)
{
	static char *buf;
	static size_t cap;
	size_t n = json_dumpb(o, buf, cap, JSON_COMPACT);

	if (n == 0)
		return NULL;
	if (n + 1 > cap) {
		size_t nc = cap ? cap : 4096;
		char *nb;

		while (nc < n + 1)
			nc *= 2;
		if (!(nb = jh_realloc(buf, nc)))
			return NULL;
		buf = nb;
		cap = nc;
		if (json_dumpb(o, buf, cap, JSON_COMPACT) != n)
			return NULL;
	}
	buf[n] = '\n';
	*len = n + 1;
	return buf;
}

/* The request id as JSON text into buf without allocating (jansson's dump allocates, and
 * memory may be what ran out): numbers, booleans, null and strings. The length, or 0 when id
 * is of another kind or does not fit. */
static size_t
id_text(json_t *id, char *buf, size_t size)
{
	const unsigned char *p;
	size_t n = 0;
	int k;

	switch (json_typeof(id)) {
	case JSON_INTEGER:
		k = snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
		return k > 0 && (size_t)k < size ? (size_t)k : 0;
	case JSON_REAL:
		k = snprintf(buf, size, "%.17g", json_real_value(id));
		return k > 0 && (size_t)k < size ? (size_t)k : 0;
	case JSON_TRUE:
	case JSON_FALSE:
	case JSON_NULL:
		k = snprintf(buf, size, "%s", json_is_true(id) ? "true" : json_is_false(id) ?
		    "false" : "null");
		return (size_t)k;
	case JSON_STRING:
		break;
	default:
		return 0;
	}
	/* a string: quoted, with " \ and control characters escaped (the rest is valid UTF-8,
	 * checked when the line came in) */
	buf[n++] = '"';
	for (p = (const unsigned char *)json_string_value(id); *p; p++) {
		if (n + 8 >= size)
			return 0;
		if (*p == '"' || *p == '\\') {
			buf[n++] = '\\';
			buf[n++] = (char)*p;
		} else if (*p < 0x20) {
			n += (size_t)snprintf(buf + n, size - n, "\\u%04x", *p);
		} else {
			buf[n++] = (char)*p;
		}
	}
	buf[n++] = '"';
	return n;
}

/* The answer sent when the real one cannot be built or serialized (out of memory, text
 * that is not UTF-8): every request gets exactly one answer, with its id, whatever happens. */
static void
send_fallback(struct session *ss, json_t *id, int unread)
{
	static const char built[] = ",\"ok\":false,\"error\":{\"code\":\"internal\","
	    "\"message\":\"the answer could not be built\"}}\n";
	static const char read[] = ",\"ok\":false,\"error\":{\"code\":\"internal\","
	    "\"message\":\"out of memory: the request could not be read\"}}\n";
	const char *tail = unread ? read : built;
	char buf[NET_MAX_LINE / 4], *ids = NULL;
	size_t n = 4;

	if (id && (n = id_text(id, buf, sizeof buf)) > 0)
		ids = buf;
	else if (id && (ids = json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY)) != NULL)
		n = strlen(ids);
	log_warn("conn %u: %s: sent internal instead", ss->id,
	    unread ? "a request could not be read" : "an answer could not be built");
	if (net_send(ss->conn, "{\"id\":", 6) == 0 &&
	    net_send(ss->conn, ids ? ids : "null", ids ? n : 4) == 0)
		net_send(ss->conn, tail, strlen(tail));
	if (ids != buf)
		free(ids);
}

static void
send_pending(struct pending *p)
{
	size_t n;
	const char *s = p->answer ? dump_line(p->answer, &n) : NULL;

	if (s)
		net_send(p->ss->conn, s, n);
	else if (p->is_answer)
		send_fallback(p->ss, p->id, p->unread);
	else
		log_warn("conn %u: a message could not be built", p->ss->id);
}

/* Queue the answer to the request of the given id (NULL for null); answer may be NULL (could
 * not be built): the fallback is sent then (unread: the one saying the request could not be
 * read). */
static void
queue_msg(struct session *ss, json_t *id, json_t *answer, int wrote, int is_answer, int unread)
{
	struct pending *p = jh_calloc(1, sizeof *p);

	if (!spares_ready) {
		for (int i = 0; i < SPARE_PENDING; i++) {
			spares[i].next = spare_free;
			spare_free = &spares[i];
		}
		spares_ready = 1;
	}
	if (!p && is_answer && spare_free) {
		/* a kept one: the fallback, in its place among the turn's answers */
		p = spare_free;
		spare_free = p->next;
		memset(p, 0, sizeof *p);
		p->spare = 1;
		json_decref(answer);
		answer = NULL;
	}
	if (!p) {
		/* no room at all (SPARE_PENDING answers already lost theirs this turn): the
		 * fallback now, out of turn (an answer out of order beats none) */
		if (is_answer)
			send_fallback(ss, id, unread);
		else
			log_warn("conn %u: a message could not be queued (out of memory)", ss->id);
		json_decref(answer);
		return;
	}
	p->seq = req_seq;
	/* (seq 0: an answer outside a request, a finished backup) */
	assert(p->seq == 0 || p->seq >= last_seq);
	if (p->seq)
		last_seq = p->seq;
	p->ss = ss;
	p->answer = answer;
	p->id = id ? json_incref(id) : NULL;
	p->is_answer = is_answer;
	p->wrote = wrote;
	p->unread = unread;
	*ptail = p;
	ptail = &p->next;
}

void
turn_answer(struct session *ss, json_t *id, json_t *answer, int wrote)
{
	queue_msg(ss, id, answer, wrote, 1, 0);
}

void
turn_unread(struct session *ss)
{
	queue_msg(ss, NULL, NULL, 0, 1, 1);
}

void
turn_message(struct session *ss, json_t *msg)
{
	queue_msg(ss, NULL, msg, 0, 0, 0);
}

unsigned long
turn_request_begin(void)
{
	req_seq = req_next++;
	return build_failures;
}

void
turn_request_end(void)
{
	req_seq = 0;
}

unsigned long
turn_seq(void)
{
	return req_seq;
}

void
turn_build_failed(void)
{
	build_failures++;
}

unsigned long
turn_build_failures(void)
{
	return build_failures;
}

void
turn_withdraw(int (*has)(unsigned long seq))
{
	size_t i;
	json_t *e;

	for (struct pending *p = phead; p; p = p->next)
		if (p->is_answer && p->answer && has(p->seq)) {
			json_decref(p->answer);
			p->answer = NULL;
		}
	json_array_foreach(events, i, e)
		if (has((unsigned long)json_integer_value(json_array_get(e, 2))))
			json_array_set(e, 1, json_null());
}

void
turn_forget(const struct session *ss)
{
	for (struct pending *p = phead; p; p = p->next)
		if (p->ss == ss)
			p->ss = NULL;
}

int
turn_commit(char *why, size_t size)
{
	int rc = 1;

	begins = 0;
	if (!srv.in_tx)
		return 0;
	if (srv.tx_failed || store_commit(srv.store) < 0) {
		snprintf(why, size, "%s", store_error(srv.store));
		log_error("turn rolled back: %s", why);
		store_rollback(srv.store);
		rc = -1;
	}
	srv.in_tx = 0;
	srv.tx_failed = 0;
	return rc;
}

void
turn_send_answers(int failed)
{
	struct pending *p, *n;

	for (p = phead; p; p = n) {
		n = p->next;
		if (p->ss && net_conn_alive(p->ss->conn)) {
			if (failed && p->wrote) {
				json_t *e = wire_error(p->id, ERR_INTERNAL,
				    "the change could not be saved; nothing was done");

				json_decref(p->answer);
				p->answer = e;
			}
			send_pending(p);
		}
		json_decref(p->answer);
		json_decref(p->id);
		if (p->spare) {
			p->next = spare_free;
			spare_free = p;
		} else {
			free(p);
		}
	}
	phead = NULL;
	ptail = &phead;
}

void
turn_drop_events(void)
{
	json_decref(events);
	events = NULL;
}

void
turn_send_events(void)
{
	size_t i;
	json_t *e;

	json_array_foreach(events, i, e) {
		unsigned topic = (unsigned)json_integer_value(json_array_get(e, 0));
		json_t *ev = json_array_get(e, 1);
		struct session *ss, *next;
		size_t len;
		const char *line;

		/* (null: one turn_withdraw withdrew) */
		if (json_is_null(ev) || !server_subscribed(topic) ||
		    !(line = dump_line(ev, &len)))
			continue;
		/* a subscriber over its output cap is dropped (and freed) by net_send */
		for (ss = srv.sessions; ss; ss = next) {
			next = ss->next;
			if ((ss->topics & topic) && net_conn_alive(ss->conn))
				net_send(ss->conn, line, len);
		}
	}
	turn_drop_events();
}
