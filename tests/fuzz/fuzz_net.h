/* fuzz_net.h — the connections of the request-line harness: net.h's API over memory instead
 * of sockets (fuzz_net.c), so that jhd's dispatcher gets its lines from the fuzzer and its
 * answers land in a buffer per connection. */
#ifndef JH_FUZZ_NET_H
#define JH_FUZZ_NET_H

#include <stddef.h>

struct conn;

/* A new connection: Unix (jhctl's socket: admin without hello) or TCP from peer. The
 * dispatcher's open handler has run. NULL when out of memory. */
struct conn *fuzz_conn_open(int is_unix, const char *peer);
/* Hand one line (without its newline; a NUL is put after it) to the dispatcher, as the real
 * framing does. 0, or -1 when the connection is closed or held (the line is not read). */
int fuzz_conn_line(struct conn *c, char *line, size_t len);
/* The bytes sent to the connection since the last fuzz_conn_clear. */
const char *fuzz_conn_output(const struct conn *c, size_t *len);
void fuzz_conn_clear(struct conn *c);
/* 1 once net_conn_yield was called (and clears it): the rest waits for a later turn. */
int fuzz_conn_yielded(struct conn *c);
/* 1 once it is closed, or to be closed once its answers are out (three refused hellos). */
int fuzz_conn_gone(const struct conn *c);
/* The end of a turn, after dispatch_turn_end: connections closed after their answers go. */
void fuzz_net_turn_end(void);
/* Close it now (the dispatcher's close handler runs) and free it. */
void fuzz_conn_free(struct conn *c);

#endif
