/* render.h — jhweb's pages as HTML, rendered on the server from jhd's answers (pure: no I/O).
 * Every page is a whole document whose live part (<main id="live">) is also sent alone, as an
 * SSE event, whenever it changes; /static/app.js swaps it in. Text is Chinese first, English
 * second. Nothing personal is shown: no names (clerks included), ID numbers or booking codes. */
#ifndef JH_WEB_RENDER_H
#define JH_WEB_RENDER_H

#include <stddef.h>

#include <jansson.h>

/* A growing string. */
struct sb {
	char *p;
	size_t n, cap;
	int oom;
};

void sb_add(struct sb *b, const char *s);
void sb_addn(struct sb *b, const char *s, size_t n);
void sb_printf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s escaped for HTML text and attribute values. */
void sb_esc(struct sb *b, const char *s);
/* The string (never NULL; "" when empty), owned by b. */
const char *sb_str(struct sb *b);
void sb_free(struct sb *b);

/* What the board shows. status: jhd's status answer (NULL when never had); hours: the rows
 * of stats by hour for today (NULL: no chart); calls: the latest calls, newest first, each
 * {code, window, recall}; online: jhweb is connected to jhd now. */
struct board_view {
	const json_t *status;
	const json_t *hours;
	const json_t *calls;
	int online;
};

/* The live part of the board, one line. */
void render_board_live(struct sb *b, const struct board_view *v);
/* The board page; events_url: where its SSE stream is. */
void render_board_page(struct sb *b, const struct board_view *v);

/* The live part of a ticket page: ticket is jhd's ticket object, services the status services
 * (for the service's name; may be NULL); ticket NULL: no longer valid; online as above. */
void render_ticket_live(struct sb *b, const json_t *ticket, const json_t *services, int online);
void render_ticket_page(struct sb *b, const char *token, const json_t *ticket,
    const json_t *services, int online);

/* The plain pages: 404 and "try again" (jhd unreachable). */
void render_not_found(struct sb *b);
void render_unavailable(struct sb *b);

/* The SVG bar chart of tickets taken and finished by hour: rows of stats by hour ({key
 * "HH:00", issued, served}), over the hall's hours "HH:MM-HH:MM" (may be NULL). */
void render_hour_chart(struct sb *b, const json_t *rows, const char *hours);

#endif
