/* takeover.h — the one hello the client library (server/client) cannot say yet: a clerk's
 * hello with "takeover": true, which signs the window's clerk out of it (they get a
 * "displaced" event). It is said on a connection of its own, closed once answered; the
 * console then says its ordinary hello through the library. */
#ifndef JH_TAKEOVER_H
#define JH_TAKEOVER_H

#include <stddef.h>

/* 0 when the server accepted the hello; -1 with a code ("disconnected", "timeout",
 * "bad_reply" or the server's own) and the message. */
int takeover_hello(const char *addr, const char *role, const char *user, const char *password,
    const char *window, int timeout_ms, char *code, size_t codesz, char *msg, size_t msgsz);

#endif
