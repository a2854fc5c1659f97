/* wire.h — the protocol's objects as JSON (wire.c): pure functions of the values given. */
#ifndef JH_WIRE_H
#define JH_WIRE_H

#include <jansson.h>

#include "queue.h"

/* A ticket object, ahead and eta_s 0 (the ETA cache fills those of waiting tickets, eta.h).
 * New reference, or NULL when out of memory. */
json_t *wire_ticket(const struct queue *q, const struct ticket *t);
/* Window w of q with its current ticket. New reference, or NULL when out of memory. */
json_t *wire_window(const struct queue *q, int w);
/* The error answer {"id":id,"ok":false,"error":{"code":err_code(code),"message":msg}} (code an
 * enum err; id NULL: null;
 * msg made valid UTF-8 and cut to 1 KiB). New reference, or NULL when out of memory. */
json_t *wire_error(json_t *id, int code, const char *msg);

#endif
