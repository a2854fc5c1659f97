/* balance.c — jhd's rebalancing: the suggestion status gives (the backup duty that the
 * forecast says most shortens the normal lane's long waits: queue_balance), and, with
 * [policy] auto_balance = on, applying it itself once a period: a backup duty added, saved,
 * logged as an assign event by "auto_balance", and told to the supervisors as an alert
 * (docs/SCHEDULING.md, section 6). */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "sched_balance.h"
#include "server.h"
#include "store.h"

void
server_service_waits(long long now, int *waiting, long long *longest, long long *eta)
{
	const struct queue *q = &srv.q;
	const struct hall_conf *h = &q->conf;
	int last[HALL_MAX_SERVICES] = { 0 };
	long long early = queue_opens_at(q, now) - now;	/* > 0: before the opening time */

	for (int s = 0; s < h->nsvc; s++)
		waiting[s] = 0, longest[s] = 0;
	for (int i = 0; i < q->nt; i++) {
		const struct ticket *t = &q->t[i];

		if (t->state != TS_WAITING || t->svc < 0 || t->svc >= h->nsvc)
			continue;
		waiting[t->svc]++;
		if (now - t->issued_at > longest[t->svc])
			longest[t->svc] = now - t->issued_at;
		if (t->fc_eta > last[t->svc])
			last[t->svc] = t->fc_eta;
	}
	/* a service's expected wait: its last ticket's forecast and one more handling; before
	 * the opening time, with no window of it open, from the opening time at its windows */
	for (int s = 0; s < h->nsvc; s++) {
		int nopen = queue_open_windows(q, s, 0);
		long long from = 0;

		if (nopen == 0 && early > 0) {
			nopen = queue_open_windows(q, s, 1);
			from = early;
		}
		eta[s] = nopen == 0 ? -1 : waiting[s] == 0 ? from :
		    (last[s] > from ? last[s] : from) + (long long)(q->svc[s].handle.mean / nopen);
	}
}

/* when auto_balance added each backup duty (by window and service; 0: not), and when a person
 * took one it added away again: not suggested again that day */
static long long added[HALL_MAX_WINDOWS][HALL_MAX_SERVICES];
static long long undone[HALL_MAX_WINDOWS][HALL_MAX_SERVICES];

static int
same_day(long long a, long long b)
{
	char x[16], y[16];

	return a > 0 && b > 0 && strcmp(clock_day(a, x, sizeof x), clock_day(b, y, sizeof y)) == 0;
}

/* today's undos as sched_balance_best reads them */
static const unsigned char *
refused(long long now)
{
	static unsigned char flat[HALL_MAX_WINDOWS * HALL_MAX_SERVICES];
	const struct hall_conf *h = &srv.q.conf;

	for (int w = 0; w < h->nwin; w++)
		for (int s = 0; s < h->nsvc; s++)
			flat[w * h->nsvc + s] = same_day(undone[w][s], now);
	return flat;
}

/* the last suggestion status gave, and when (-1: ask the forecast again) */
static long long at = -1;
static struct sched_balance last;
static int have;

int
server_balance_suggest(long long now, struct sched_balance *out)
{
	/* a forecast per window and service: status (polled every second by boards) asks at
	 * most once a minute; a supervisor acts on it every few minutes */
	if (at < 0 || now / 60 != at / 60 || now < at) {
		have = queue_balance(&srv.q, now, srv.q.conf.balance_max, SCHED_BALANCE_MIN_GAIN,
		    refused(now), &last) == 1;
		at = now;
	}
	if (have)
		*out = last;
	return have;
}

/* The window's duties as the assign op and the hall file write them: "A,B,F:backup". */
static void
duty_text(const struct hall_conf *h, int w, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int k = 0; k < h->win[w].nduty && n < size; k++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s%s", k ? "," : "",
		    h->svc[h->win[w].duty[k].service].code, h->win[w].duty[k].backup ?
		    ":backup" : "");
}

void
server_balance_tick(long long now)
{
	struct hall_conf *h = &srv.q.conf;
	struct sched_balance sg;
	struct hall_window *hw;
	char was[400], detail[512], msg[640];
	long long mark;

	if (!h->balance_on || h->balance_every_s <= 0 || !srv.conf_loaded)
		return;
	mark = now - now % h->balance_every_s;
	if (mark <= srv.balance_mark)
		return;
	srv.balance_mark = mark;
	if (queue_balance(&srv.q, now, h->balance_max, SCHED_BALANCE_MIN_GAIN, refused(now),
	    &sg) != 1)
		return;
	hw = &h->win[sg.window];
	if (hw->nduty >= HALL_MAX_DUTIES)
		return;
	duty_text(h, sg.window, was, sizeof was);
	hw->duty[hw->nduty].service = sg.service;
	hw->duty[hw->nduty].backup = 1;
	hw->nduty++;
	duty_text(h, sg.window, detail, sizeof detail);
	if (store_save_conf(srv.store, h, NULL) < 0 || store_event(srv.store, &srv.q, now, NULL,
	    "assign", "auto_balance", sg.window, detail) < 0) {
		hw->nduty--;
		log_warn("auto_balance: the database refused window %s's change", hw->name);
		return;
	}
	log_info("window %s assigned %s by auto_balance (%s waits %lld min, others %lld min)",
	    hw->name, detail, h->svc[sg.service].code, sg.wait_s / 60, sg.others_s / 60);
	snprintf(msg, sizeof msg, "window %s now also serves %s as a backup (%s waits %lld min, "
	    "others %lld min); undo: assign %s %s", hw->name, h->svc[sg.service].code,
	    h->svc[sg.service].code, sg.wait_s / 60, sg.others_s / 60, hw->name, was);
	server_own_alert("auto_balance", h->svc[sg.service].code, msg, now, 0);
	added[sg.window][sg.service] = now;
	server_window_changed(sg.window);
	server_status_stale();
	at = -1;
}

/* A person gave window w the services kept[]: what auto_balance added and is gone stays gone
 * today. */
static void
note_assign(int w, const unsigned char *kept, long long t)
{
	for (int s = 0; s < srv.q.conf.nsvc; s++)
		if (same_day(added[w][s], t) && !kept[s]) {
			undone[w][s] = t;
			added[w][s] = 0;
		}
}

/* One assign event of the log, replayed (server_balance_load). */
static void
replay_assign(void *arg, long long t, const char *who, const char *window, const char *detail)
{
	const struct hall_conf *h = &srv.q.conf;
	unsigned char kept[HALL_MAX_SERVICES] = { 0 };
	char buf[512], *tok, *save;
	int w = window ? hallconf_window(h, window) : -1, s = -1;

	if (w < 0 || !who || !detail)
		return;
	snprintf(buf, sizeof buf, "%s", detail);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(tok, ':');

		if (colon)
			*colon = '\0';
		if ((s = hallconf_service(h, tok)) >= 0)
			kept[s] = 1;
	}
	if (strcmp(who, "auto_balance") == 0) {
		if (s >= 0)	/* it appends the service it adds */
			added[w][s] = t;
	} else
		note_assign(w, kept, t);
}

void
server_balance_load(void)
{
	memset(added, 0, sizeof added);
	memset(undone, 0, sizeof undone);
	at = -1;
	/* every assign of the log (a few a day), each with its time: what counts is decided at
	 * use (the same day), for at start-up the clock may not be the hall's yet (a test clock
	 * is set after) */
	if (store_each_event(srv.store, "assign", 0, replay_assign, NULL) < 0)
		log_warn("auto_balance: today's changes could not be read back");
}

void
server_balance_assigned(long long now, int w)
{
	const struct hall_window *hw = &srv.q.conf.win[w];
	unsigned char kept[HALL_MAX_SERVICES] = { 0 };

	/* a person assigned a window: what auto_balance added and is gone stays gone today, and
	 * the auto_balance notes are answered */
	at = -1;
	for (int k = 0; k < hw->nduty; k++)
		kept[hw->duty[k].service] = 1;
	note_assign(w, kept, now);
	for (int i = srv.nalerts - 1; i >= 0; i--)
		if (srv.alerts[i].own && strcmp(srv.alerts[i].kind, "auto_balance") == 0)
			server_own_alert("auto_balance", srv.alerts[i].service, "", now, 1);
}
