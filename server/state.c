/* state.c — the server's state kept in step: the business-day roll-over (on a trusted
 * clock, clockstep.c), and reloading everything from the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "district.h"
#include "fault.h"
#include "log.h"
#include "server.h"
#include "store.h"

void
server_day_check(long long now)
{
	struct queue *q = &srv.q;
	char day[16];
	int ncancel = 0;

	/* a clock stepped back over midnight is not a new day, nor one stepped forward */
	if (!server_clock_trusted(now))
		return;
	clock_day(now, day, sizeof day);
	if (strcmp(day, q->day) == 0)
		return;
	/* nor is an earlier date (a step back confirmed, or one made while jhd was down): the
	 * business day stays until the clock reaches a later one */
	if (q->day[0] && strcmp(day, q->day) < 0) {
		static char told[16];

		if (strcmp(told, day) != 0)
			log_warn("the clock's date %s is before the business day %s: no roll-over",
			    day, q->day);
		snprintf(told, sizeof told, "%s", day);
		return;
	}
	if (server_begin() < 0)
		return;		/* tried again at the next write or tick */
	srv.uc_valid = 0;
	for (int i = 0; i < q->nt;) {
		struct ticket *t = &q->t[i];

		if (t->state != TS_WAITING || strcmp(t->day, day) == 0) {
			i++;
			continue;
		}
		t->state = TS_CANCELLED;
		t->finished_at = now;
		if (store_ticket_update(srv.store, q, t) < 0 ||
		    store_event(srv.store, q, now, t, "cancel", "jhd", -1, "day roll-over") < 0) {
			srv.tx_failed = 1;
			return;
		}
		server_ticket_changed(t);
		queue_remove(q, t->id);
		ncancel++;
	}
	server_forecast_stale();
	if (q->day[0])
		log_info("day roll-over %s -> %s: %d waiting tickets cancelled", q->day, day,
		    ncancel);
	snprintf(q->day, sizeof q->day, "%.10s", day);
	for (int s = 0; s < q->conf.nsvc; s++)
		q->svc[s].seq = store_max_seq(srv.store, day, q->conf.svc[s].code);
	for (int w = 0; w < q->conf.nwin; w++)
		q->win[w].served_today = 0;
	if (store_meta_set(srv.store, "day", day) < 0)
		srv.tx_failed = 1;
}

void
server_hall_readers(struct hall_section_reader *rd)
{
	rd[0] = appt_server_hall_reader();
	rd[1] = district_hall_reader();
}

/* The hall file's sections other than the hall's own (the hall is the store's tables, which
 * assign changes too): the appointments' and [district], read from its stored text in one
 * reading, or, after an import, as the import's reading of the file imported found them. */
static int
hall_sections(const char *imported)
{
	static struct hall_conf h;	/* the hall's own sections, read and left: large */
	struct hall_section_reader rd[SERVER_HALL_READERS];
	char *text = NULL, err[512];
	int failed = 0;

	if (!imported) {
		text = store_hall_source(srv.store, &failed);
		if (failed)
			return -1;
		server_hall_readers(rd);
		if (text && hallconf_parse_sections(text, &h, err, sizeof err, rd,
		    SERVER_HALL_READERS) != 0)
			log_error("the stored hall file: %s", err);	/* a hand-edited database */
	}
	appt_server_adopt(imported || text);
	district_adopt(imported ? imported : text);
	jh_free(text);
	return 0;
}

int
server_reload(void)
{
	return server_reload_imported(NULL);
}

int
server_reload_imported(const char *imported)
{
	static struct hall_conf h;	/* large: not on the stack */
	static char clerks[HALL_MAX_WINDOWS][40], names[HALL_MAX_WINDOWS][HALL_CODE_LEN];
	int rc, nclerk = 0;
	char day[16] = "";

	for (int w = 0; w < srv.q.conf.nwin; w++)
		if (srv.q.win[w].clerk[0]) {
			snprintf(clerks[nclerk], sizeof clerks[0], "%s", srv.q.win[w].clerk);
			snprintf(names[nclerk], sizeof names[0], "%s", srv.q.conf.win[w].name);
			nclerk++;
		}
	if ((rc = store_load_conf(srv.store, &h)) < 0)
		return -1;
	srv.conf_loaded = rc;
	queue_free(&srv.q);
	queue_init(&srv.q, &h);
	srv.fc_stale = 1;
	srv.unserved_dirty = 1;
	srv.uc_valid = 0;
	clock_set_tz(h.tz);
	if (hall_sections(imported) < 0)
		return -1;
	for (int i = 0; i < nclerk; i++) {
		int w = hallconf_window(&h, names[i]);

		if (w >= 0)
			snprintf(srv.q.win[w].clerk, sizeof srv.q.win[w].clerk, "%.39s", clerks[i]);
	}
	/* the business day the stored counters belong to; the roll-over check moves it on */
	if (store_meta_get(srv.store, "day", day, sizeof day) <= 0) {
		/* kept from now on: a clock set back while jhd is down does not move it back
		 * (server_day_check) */
		clock_day(clock_now(), day, sizeof day);
		if (store_meta_set(srv.store, "day", day) < 0)
			log_warn("cannot keep the business day %s: %s", day, store_error(srv.store));
	}
	snprintf(srv.q.day, sizeof srv.q.day, "%.10s", day);
	if (store_load_window_states(srv.store, &srv.q) < 0 || store_load_live(srv.store,
	    &srv.q) < 0)
		return -1;	/* (the ETAs tickets were given come with them: store_load_live) */
	server_balance_load();
	return 0;
}
