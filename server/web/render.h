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
/* v as one CSV field, quoted when it needs it (csv.h), with nothing after it. */
void sb_csv(struct sb *b, const json_t *v);
/* tpl with each %s replaced by the next string argument escaped as by sb_esc (NULL: nothing)
 * and %% by %; tpl's other characters are copied as they are. */
void sb_escf(struct sb *b, const char *tpl, ...) __attribute__((format(printf, 2, 3)));
/* The string (never NULL; "" when empty), owned by b. */
const char *sb_str(struct sb *b);
void sb_free(struct sb *b);

/* What the board shows. status: jhd's status answer (NULL when never had); hours: the rows
 * of stats by hour for today (NULL: no chart); calls: the latest calls, newest first, each
 * {code, window, recall}; online: jhweb is connected to jhd now; services: the stats answer
 * by service for today with its hot list (rows, hot.by_volume; NULL: not read, no panel and
 * no handling times); history: the rows of stats by [day, hour] over the past 4 weeks (NULL:
 * not read, no quieter-hours panel). */
struct board_view {
	const json_t *status;
	const json_t *hours;
	const json_t *calls;
	int online;
	const json_t *services;
	const json_t *history;
};

/* Quieter hours to come (quiet.c): from history (rows of stats by [day, hour], issued), the
 * hall's business day today ("2026-03-02"), jhd's time now (ISO 8601, the hall's zone) and
 * its opening hours ("09:00-17:00"). The hours still to come today (two at least), else
 * tomorrow's; the days averaged are those of the same weekday in the history when there are
 * two or more, else every day that took tickets; the quietest hours (at most QUIET_MAX,
 * never all of them), each at least 20% under the mean of those hours. Returns q->state. */
#define QUIET_MAX 3
enum { QUIET_NONE, QUIET_FLAT, QUIET_SOME };
struct quiet {
	int state;		/* QUIET_NONE: no history; QUIET_FLAT: no hour is quieter */
	int tomorrow;		/* the hours are tomorrow's (today's are over) */
	int weekday;		/* the day's, 0 Sunday .. 6 Saturday */
	int same_weekday;	/* averaged over that weekday's days only */
	int ndays;		/* days averaged */
	int open, close;	/* opening hours, minutes of the day */
	int first, last;	/* the hours of the day they span */
	int n, hour[QUIET_MAX];	/* the quiet hours, in the order of the day */
	double avg[24];		/* tickets taken per hour, averaged */
};
int quiet_hours(struct quiet *q, const json_t *history, const char *today, const char *now,
    const char *hours);

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
 * "HH:00", issued, served}), over the hall's hours "HH:MM-HH:MM" (may be NULL); label: its
 * aria-label. */
void render_hour_chart(struct sb *b, const json_t *rows, const char *hours, const char *label);

/* A page's head up to the reconnect banner: <body class=klass>. */
void render_head(struct sb *b, const char *title, const char *klass);
/* o's string member key, or "" (never NULL). */
const char *render_str(const json_t *o, const char *key);
/* The name of service code among services ([{code, name}]), or NULL. */
const char *render_service_name(const json_t *services, const char *code);

/* ---- /stats (render_stats.c) ---- */

/* The keys shown as tables, in order (the stats op's keys but hour and day). */
#define STATS_NKEYS 7
extern const char *const stats_keys[STATS_NKEYS];

/* What /stats shows: the range [from, to] (dates), the same range a week earlier, the
 * signed-in user, status's services (names) and hall (hours), and the stats op's rows: by
 * hour, by day (totals and ETA error per day) and by each of stats_keys, for the range (cur)
 * and the week before (prev). A NULL rows pointer: that op failed. */
struct stats_view {
	const char *from, *to, *prev_from, *prev_to, *user;
	const json_t *services, *hall;
	const json_t *hours, *days, *prev_days;
	const json_t *cur[STATS_NKEYS], *prev[STATS_NKEYS];
	const char *error;	/* the range was refused (shown above the form), or NULL */
	const char *district;	/* the "全区 District" section's HTML (render_dstats.c), or NULL */
};
void render_stats_page(struct sb *b, const struct stats_view *v);

/* ---- the district's figures on /stats (render_dstats.c) ---- */

/* The by choices of the district section: jhdistrict's stats keys but day. by_ok: by is one. */
extern const char *const dstats_keys[];
int dstats_by_ok(const char *by);
/* The "全区 District" section: the form (from, to, by) and jhdistrict's stats rows (NULL: the
 * op failed), with a link to the same as CSV (/stats/district.csv). */
void render_dstats(struct sb *b, const char *from, const char *to, const char *by,
    const json_t *rows);
/* The same rows as CSV, byte for byte what jhdistrict export FROM TO BY writes. */
void render_dstats_csv(struct sb *b, const char *by, const json_t *rows);

/* The sign-in page: message (may be NULL) above the form; cls: "error" or "". */
void render_login_page(struct sb *b, const char *message);
/* A plain page: title and a paragraph (both Chinese / English, escaped here). */
void render_plain(struct sb *b, const char *title, const char *text);

/* The rows of a stats answer as CSV, exactly as jhctl export --csv prints them: keys is the
 * "by" list. */
void render_stats_csv(struct sb *b, const json_t *keys, const json_t *rows);

#endif
