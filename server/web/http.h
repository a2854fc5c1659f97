/* http.h — jhweb's answers (jhweb.c), shared by its page modules: every page is sent with the
 * same security headers (no-store or max-age, nosniff, same-origin referrer, CSP). */
#ifndef JH_WEB_HTTP_H
#define JH_WEB_HTTP_H

#include <stddef.h>

#include <microhttpd.h>

#include "render.h"

/* body (copied) with its type; dynamic: no-store, else max-age=300. cookie: a Set-Cookie
 * value, or NULL. */
enum MHD_Result respond_cookie(struct MHD_Connection *conn, unsigned status, const char *type,
    const char *body, size_t len, int dynamic, const char *cookie);
enum MHD_Result respond(struct MHD_Connection *conn, unsigned status, const char *type,
    const char *body, size_t len, int dynamic);
/* An HTML page from b (freed). */
enum MHD_Result respond_sb(struct MHD_Connection *conn, unsigned status, struct sb *b);
/* 303 to a path of this site, with an optional Set-Cookie. */
enum MHD_Result redirect(struct MHD_Connection *conn, const char *to, const char *cookie);
/* A request whose Origin is another site's: 1. */
int foreign_origin(struct MHD_Connection *conn);

#endif
