/* dispatch.h — connects the network layer to the op table (see dispatch.c). */
#ifndef JH_DISPATCH_H
#define JH_DISPATCH_H

void dispatch_init(void);
/* After each loop turn: commit the turn's writes, then send answers and events. */
void dispatch_turn_end(void);
void dispatch_shutdown(void);
/* Once a second: close the TCP connections that have not signed in within
 * srv.hello_timeout_s seconds of connecting (or of losing their sign-in). */
void dispatch_tick(void);

#endif
