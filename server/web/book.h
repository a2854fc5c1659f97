/* book.h — the citizens' booking pages (/book...) and the channels' JSON API (/api/v1/...)
 * of jhweb, over jhdistrict's protocol (docs/WEB.md, "Booking"). Off unless book_init is
 * given a district. */
#ifndef JH_WEB_BOOK_H
#define JH_WEB_BOOK_H

#include <stddef.h>

#include <jansson.h>
#include <microhttpd.h>

/* district: jhdistrict's HOST:PORT; streets: a file of "LAT LON NAME" lines (NULL: none);
 * keys: a file of "CHANNEL KEY" lines (NULL: the API refuses every request); tz: the zone the
 * pages show times in; ca: the hall CA (jhweb --district-ca): the link speaks TLS, jhdistrict checked
 * against it (NULL: $JH_CA; neither: plain TCP, loopback only unless JH_ALLOW_PLAIN=1);
 * front: a file whose line "NAME TOKEN" signs jhweb in at jhdistrict as that front end
 * (jhweb --district-token; NULL: no sign-in, and jhdistrict refuses the citizens' ops). 0, or
 * -1 with a message on stderr. */
int book_init(const char *district, const char *streets, const char *keys, const char *tz,
    const char *ca, const char *front);
/* The links to jhdistrict and the most ops waiting for one (jhweb --district-links,
 * --district-queue; 0: the defaults; before book_init). */
void book_links(int n, int maxq);
int book_enabled(void);
/* Before MHD stops: every request (page or API) waiting for jhdistrict is answered (503). */
void book_stop(void);
void book_free(void);
/* jhdistrict's stats op (docs/DISTRICT.md) over [from, to] by by, from a book_page render: its
 * rows (new reference), or NULL (no district, unreachable, refused, or not answered yet: then
 * book_held() is 1). */
json_t *book_district_stats(const char *from, const char *to, const char *by);

/* A page that asks jhdistrict (through book_district_stats or the booking pages' ops): render
 * makes it with the answers had so far; when one it asked for is still at jhdistrict
 * (book_held()), it responds nothing and returns MHD_YES: the request is suspended and
 * rendered again from the start once the answer is in (or not: 5 s at most). *state as for
 * book_api. */
typedef enum MHD_Result (*book_render_fn)(struct MHD_Connection *conn, const void *arg);
enum MHD_Result book_page(struct MHD_Connection *conn, void **state, book_render_fn render,
    const void *arg);
int book_held(void);

/* url begins with /book or /api/; body: the request's body (POST), len its length. */
/* The pages: rendered again each time an op they asked for has been answered, the request
 * suspended meanwhile (*state as for book_api). */
enum MHD_Result book_get(struct MHD_Connection *conn, const char *url, void **state);
enum MHD_Result book_post(struct MHD_Connection *conn, const char *url, const char *body,
    size_t len, void **state);
/* The API: the request is suspended while its op is at jhdistrict (dpool.h) and answered when
 * MHD calls again (*state: the op, NULL at first and once answered); book_api_gone(*state)
 * when the request ends before (MHD's completion). */
enum MHD_Result book_api(struct MHD_Connection *conn, const char *url, const char *body,
    size_t len, void **state);
void book_api_gone(void *state);

#endif
