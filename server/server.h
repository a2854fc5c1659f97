/* server.h — what the op handlers share: the server's state (queue, store), a request being
 * answered, the session of a connection, and the helpers that queue events and answers until
 * the turn's transaction has committed. */
#ifndef JH_SERVER_H
#define JH_SERVER_H

#include <jansson.h>

#include "clock.h"
#include "errcode.h"
#include "queue.h"

struct conn;
struct store;
struct loop;

/* Subscription topics. */
#define TOPIC_CALLS	0x1
#define TOPIC_TICKETS	0x2
#define TOPIC_WINDOWS	0x4
#define TOPIC_ALERTS	0x8
#define TOPIC_USERS	0x10	/* a user signed out by an admin (monitor, supervisor, admin) */

#define SERVER_MAX_ALERTS 256	/* active alerts raised by devices (the alert op) */
#define SERVER_MAX_SOURCE_ALERTS 16	/* of them by one device (or admin) */
/* and by jhd itself (one unserved alert per service, storage_failed), which devices' alerts
 * cannot crowd out */
#define SERVER_MAX_OWN_ALERTS (HALL_MAX_SERVICES + 8)
#define SERVER_DEFAULT_HELLO_TIMEOUT 10	/* seconds */
#define SERVER_DEFAULT_MIN_PASSWORD 8	/* characters */
/* Each refused hello costs a password hash (~50 ms of the loop): few per connection. */
#define SERVER_MAX_FAILED_HELLOS 3

struct session {
	struct conn *conn;
	unsigned id;
	int authed;
	int role;		/* enum role */
	char who[48];		/* user or device name; "local" for the Unix socket */
	char origin[48];	/* for the audit trail: the peer's address, or "admin socket pid N" */
	char os_user[48];	/* the Unix socket's OS user (SO_PEERCRED), "" on TCP */
	char window[HALL_CODE_LEN];	/* the window a clerk named at hello, "" when none */
	unsigned topics;
	int failed_hellos;	/* the connection is closed after SERVER_MAX_FAILED_HELLOS */
	long long unauth_since;	/* when it connected or lost its sign-in (mono_ms): TCP
				 * sessions not signed in for srv.hello_timeout_s are closed */
	struct session *next;
};

struct alert {
	char source[48];
	char kind[48];
	char service[HALL_CODE_LEN];	/* the service it is about (unserved), "" when none */
	char message[256];
	long long at;
	int own;		/* raised by jhd itself (source "jhd"), not by a device */
};

struct server {
	struct store *store;
	struct queue q;
	struct loop *loop;
	int in_tx;		/* a transaction is open for this turn */
	int tx_failed;		/* a write failed inside it: roll the turn back */
	int fc_stale;		/* the queue changed since the last forecast: forecast again */
	long long fc_now;	/* the clock second the last forecast was made for */
	long long *fc_new;	/* tickets taken since the last forecast, in id order */
	int nfc_new, cap_fc_new;
	int conf_loaded;	/* a hall has been imported */
	struct session *sessions;
	struct alert alerts[SERVER_MAX_ALERTS + SERVER_MAX_OWN_ALERTS];
	int nalerts;
	int unserved_dirty;	/* check the unserved alerts at the end of this turn */
	int unserved_early;	/* they were last checked before the opening time (queue_served) */
	/* waiting tickets per service (not those transferred to one window), for the unserved
	 * alerts: kept up by takes, counted again after anything else (uc_valid 0) */
	int uc[HALL_MAX_SERVICES];
	int uc_valid;
	int hello_timeout_s;	/* jhd --hello-timeout; 0: none */
	int min_password;	/* jhd --min-password: characters a new password has at least */
	char web_addr[48];	/* jhd --web-addr: jhweb's address, not locked by address */
	struct clock_guard clock_guard;	/* the wall clock against the monotonic (state.c) */
	int clock_step_max;	/* jhd --clock-step: seconds of a step that make it suspect; 0:
				 * no guard */
	const char *version;
	const char *db_path;	/* the database file, as given to jhd (for backups) */
	const char *district;	/* the district's HOST:PORT while the hall is a centre of one
				 * (its hall file's [district]; server/district.c), else NULL */
	/* status's answer but its alerts, built at status_now: what the next statuses of the
	 * same turn and second answer while nothing changes (server_status_stale) */
	json_t *status_cache;
	long long status_now;
	long long balance_mark;	/* auto_balance: the last period acted on (0: none yet) */
};

extern struct server srv;

struct authq_job;

/* One request being answered. */
struct req {
	struct session *ss;
	json_t *msg;		/* the request object (borrowed) */
	long long now;
	json_t *ans;		/* fields of the answer, besides id and ok */
	int err;		/* enum err (errcode.h), set by req_error; 0 none */
	char emsg[300];
	json_t *eextra;		/* more fields for the error object (owned), or NULL */
	int fc_kept;		/* the op told the forecast what it changed (server_forecast_taken):
				 * the queue is not marked stale after it */
	const struct authq_job *pw;	/* hello: the finished password check, or NULL */
};

/* An op's return: its answer comes later (a hello waiting for its password check). */
#define REQ_DEFER 1

/* Fail the request with an error of the one vocabulary (enum err, errcode.h) and a message for
 * people. Returns -1. */
int req_error(struct req *r, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fields: 0 and *out set (NULL when absent and optional), or -1 with a bad_request error. */
int req_str(struct req *r, const char *key, int required, const char **out);
int req_int(struct req *r, const char *key, int required, long long *out, int *present);
int req_bool(struct req *r, const char *key, int *out);
/* The window named by the request (or the clerk's own window when the field is left out):
 * an index, or -1 with not_found/forbidden/bad_request set. */
int req_window(struct req *r);

/* Ensure the turn's transaction is open (called before the first write of a turn). 0/-1. */
int server_begin(void);
/* Queue an event for subscribers of topic; sent after commit. ev is stolen. */
void server_event(unsigned topic, json_t *ev);
/* Clerks and their windows. server_clerk_holds: ss is a live clerk session signed in at
 * window. server_clerk_leave: ss's clerk leaves its window (its connection closes, or it signs
 * in anew): the window's clerk is cleared unless another live session of the same user is
 * still there. server_displace: ss loses its clerk session to user `by` (takeover, or the
 * same user signing in again): it gets the event {"event":"displaced","window":W,"by":by}
 * whatever it subscribed to, then answers only hello (unauthenticated; not disconnected). */
int server_clerk_holds(const struct session *ss, const char *window);
void server_clerk_leave(struct session *ss);
void server_displace(struct session *ss, const char *by);

/* Ticket and window objects for answers and events. A waiting ticket's ahead/eta_s are
 * filled once per turn, after commit, from one forecast. */
json_t *server_ticket_json(const struct ticket *t);
json_t *server_window_json(int w);
/* The queue changed in a way the cheap estimate for new tickets cannot follow (a call, a
 * window, a priority ticket...): the next answer runs the full forecast. */
void server_forecast_stale(void);
/* Make every waiting ticket's fc_eta and fc_ahead the forecast at now (the one the turn's
 * answers share: nothing is simulated again while the queue and the clock second are the
 * same; tickets taken since are placed on top). 0, or -1 when out of memory. */
int server_forecast_fresh(long long now);
/* Who puts today's expected arrivals (bookings not checked in yet) into the queue before each
 * full forecast: set by ops_appt.c when its store opens (appt_server_expect), NULL when it
 * closes. The ETA cache sits below the ops and calls this hook, never up into them. */
void server_forecast_expect(int (*fill)(long long now));
/* Ticket id was just taken (the queue's newest): the next forecast may place it on top of the
 * last one (queue_forecast_append) instead of simulating the whole queue. Sets r->fc_kept. */
void server_forecast_taken(struct req *r, long long id);
/* 1 when some session subscribes to topic: events nobody reads are not built. */
int server_subscribed(unsigned topic);

/* Issue ticket t now (the caller sets svc, lane, applicant, channel and any slot): within
 * the hall's hours, the service's next code, stored with its take event (detail may be NULL),
 * in the live queue, and its ticket event. 0, or -1 with the request's error set (closed,
 * internal). The forecast is the caller's to mark. */
int server_issue(struct req *r, struct ticket *t, const char *detail);

/* Emit the ticket and window events that follow a change. */
void server_ticket_changed(const struct ticket *t);
void server_window_changed(int w);

/* balance.c: rebalancing (docs/SCHEDULING.md, section 6). Per service at now: tickets
 * waiting, the oldest's wait, the expected wait (-1: no open window serves it; needs a fresh
 * forecast). */
void server_service_waits(long long now, int *waiting, long long *longest, long long *eta);
struct sched_balance;
/* The suggestion status gives: 1 and *out, or 0 (nothing to suggest). */
int server_balance_suggest(long long now, struct sched_balance *out);
/* With [policy] auto_balance = on, once per auto_balance_every: apply the suggestion. */
void server_balance_tick(long long now);
/* A person assigned window w: a backup duty auto_balance added to it and that is gone is not
 * suggested again today; the auto_balance alerts are cleared. */
void server_balance_assigned(long long now, int w);
/* At start-up and reload: today's auto_balance changes and undos, from the event log. */
void server_balance_load(void);
/* Roll the business day over when the hall's local date has changed (cancels the waiting
 * tickets of past days). */
void server_day_check(long long now);
/* 1 when the wall clock (at now) can be trusted for the day roll-over and the no-show
 * sweep: always with the test clock; else no step of more than srv.clock_step_max seconds
 * since the last trusted reading (a step raises the alert clock_step and writes an audit
 * row; it is trusted again when the clock comes back, or by op clock_confirm). */
int server_clock_trusted(long long now);
/* A step held when jhd stopped (the store's meta clock_held) holds again at start-up: on the
 * same boot against the same reference (the clock may still come back), after a reboot until
 * clock_confirm. server_clock_save writes the guard's state (held or not): 0 or -1. */
void server_clock_load(long long now);
int server_clock_save(void);
#define SERVER_DEFAULT_CLOCK_STEP 60	/* seconds */
int op_clock_confirm(struct req *r);
/* Re-read the whole state from the store (after a failed commit or an import). */
int server_reload(void);
/* server_reload after an import, whose one reading of text (hallconf_parse_sections with the
 * readers of server_hall_readers) read the file's other sections already. */
int server_reload_imported(const char *text);
/* The readers of the hall file's sections that are not the hall's own, for its one reading:
 * the appointments' and [district]'s; rd has room for SERVER_HALL_READERS. */
#define SERVER_HALL_READERS 2
void server_hall_readers(struct hall_section_reader *rd);

/* The audit trail (ops_audit.c over store.c, docs/PROTOCOL.md "Audit trail"): one row of
 * what the request's session did, in the turn's transaction (rolled back with it). Who is
 * the user or device, or the OS user on the admin socket; target, before and after may be
 * NULL, and are cut at AUDIT_TEXT_MAX bytes. server_audit: 0, or -1 with an internal error
 * set on r. server_audit_session: the same for a session outside a request (a finished
 * backup), ss NULL for jhd itself; 0 or -1. */
int server_audit(struct req *r, const char *action, const char *target, const char *before,
    const char *after);
int server_audit_session(const struct session *ss, long long at, const char *action,
    const char *target, const char *before, const char *after);
/* Close the sessions signed in as a user (device 0) or device (1) that was just disabled,
 * deleted or revoked, in one of the roles of the mask (R_*, auth.h): each gets
 * {"event":"signed_out","reason":why} whatever it subscribed to, then its connection closes.
 * Returns how many. */
int server_sign_out(const char *name, int device, int roles, const char *why);

/* Op handlers (ops_*.c). */
int op_hello(struct req *r);
int op_services(struct req *r);
int op_status(struct req *r);
/* Something status shows may have changed: its next answer is built anew. Called for every
 * write op, ticket and window change, tick and turn end. */
void server_status_stale(void);
int op_ticket(struct req *r);
int op_subscribe(struct req *r);
int op_alert(struct req *r);
/* Raise (or refresh) or clear the alert (source, kind): kept for status, and an `alert`
 * event; *out (may be NULL) gets the alert object (a reference). 0, or -1 when
 * SERVER_MAX_ALERTS are active, or SERVER_MAX_SOURCE_ALERTS of this source. */
int server_alert(const char *source, const char *kind, const char *message, long long at,
    int clear, json_t **out);
/* jhd's own alerts (source "jhd"), one per kind and service (service NULL or "" when none):
 * raise or refresh (keeping when it was first raised), or clear. server_own_alert_find: the
 * active one, or NULL. */
void server_own_alert(const char *kind, const char *service, const char *message,
    long long at, int clear);
const struct alert *server_own_alert_find(const char *kind, const char *service);
/* Raise, update or clear the unserved alerts (alerts.c): for each service that no open or
 * paused window serves (before the opening time: no window at all, queue_served), "N waiting
 * for D, no open window serves D" while N > 0 tickets wait for it; cleared when a window
 * serves it again or nobody waits. Run at the end of every turn that changed state (after its
 * commit), at the turn that passes the opening time, and at start-up. */
void server_unserved_alerts(long long now);
/* Once a second: clear the alert signin_locked once no sign-in is locked (ops_read.c). */
void server_signin_locks_tick(long long now);
/* The hall's [limits] (ops_limits.c): 0 when the request of this op may go ahead, else -1
 * with rate_limited (and retry_after) set, the alert rate_limited raised when a device's
 * episode starts. server_rate_tick, once a second, clears it once every episode is over. */
int server_rate_check(struct req *r, const char *op);
void server_rate_tick(long long now);
int op_ping(struct req *r);
int op_take(struct req *r);
int op_call_next(struct req *r);
int op_recall(struct req *r);
int op_finish(struct req *r);
int op_no_show(struct req *r);
int op_transfer(struct req *r);
int op_pause(struct req *r);
int op_resume(struct req *r);
int op_open(struct req *r);
int op_close(struct req *r);
int op_assign(struct req *r);
int op_import(struct req *r);
int op_user_add(struct req *r);
int op_user_list(struct req *r);
int op_device_add(struct req *r);
int op_device_list(struct req *r);
int op_clock(struct req *r);
int op_user_passwd(struct req *r);
int op_user_disable(struct req *r);
int op_user_enable(struct req *r);
int op_user_del(struct req *r);
int op_device_revoke(struct req *r);
int op_audit(struct req *r);
int op_audit_verify(struct req *r);
int op_backup(struct req *r);
/* Statistics (ops_stats.c over stats.c, docs/STATISTICS.md). */
int op_stats(struct req *r);
/* Warm the statistics digest from the event log, one bounded chunk (a few ms) per call,
 * outside a turn's transaction; 1 while more remains (call again after the next turn). */
int stats_warm_step(void);
/* Ticket-page tokens for jhweb (ops_web.c, docs/WEB.md); take answers with its token. */
int op_ticket_by_token(struct req *r);
int op_ticket_token(struct req *r);
int op_take_token(struct req *r);

/* Appointments (ops_appt.c over the appt_*.c modules, docs/APPOINTMENTS.md): the ops slots,
 * book, cancel_booking, checkin, appointments, bans and ban_lift; the hall file's appointment
 * sections; the no-show sweep, run at start-up and each new minute of the clock. */
int op_slots(struct req *r);
int op_book(struct req *r);
int op_cancel_booking(struct req *r);
int op_checkin(struct req *r);
int op_appointments(struct req *r);
int op_bans(struct req *r);
int op_ban_lift(struct req *r);
int appt_server_open(const char *db_path, char *err, size_t errlen);
void appt_server_close(void);
/* Import: the reader that takes the file's appointment sections, in the one reading of the
 * file (hallconf_parse_sections), as the hall being imported; once the file is read, check
 * them against conf (its services, its hours); then refuse it (-1, the conflict in err) when a
 * live booking's slot would be gone or changed, and append to changes what it changes. */
struct hall_section_reader appt_server_hall_reader(void);
int appt_server_check_hall(const struct hall_conf *conf, char *err, size_t errlen);
int appt_server_check_bookings(long long now, json_t *changes, char *err, size_t errlen);
void appt_server_diff(json_t *changes);
/* After a reading of a hall file with appt_server_hall_reader (the import's, or the stored
 * file's when the hall is reloaded; have_text 0: no file stored): the appointments offered are
 * the sections it read, checked against srv.q.conf, or none (logged) when they are wrong. */
void appt_server_adopt(int have_text);
void appt_server_tick(long long now);
/* Today's bookings not checked in yet, as the arrivals the forecast expects
 * (queue_set_expected; docs/SCHEDULING.md, "Bookings as arrivals"), with how the holders
 * turn up learnt from the last 28 days before today. 0, or -1 when the store or memory
 * fails (the forecast then expects none). */
int appt_server_expect(long long now);

#endif
