#!/bin/bash
# tevents.sh — the hall's ticket events go up one by one through the centre's outbox: tickets
# taken, called, finished, missed and transferred at centre 2 reach jhdistrict's centre_tickets
# exactly once, with their service, lane, applicant type, channel, window, times and waits and
# without anybody's name; the district's stats show waits and handling per centre and service;
# a batch sent again is taken once; kill -9 of jhd, then of jhdistrict, while a batch is in
# flight (its statement held by a lock at PostgreSQL, so that the kill lands between the write
# and the answer) loses and duplicates nothing; sent rows leave the outbox after 7 days.
source "$(dirname "$0")/common.bash"

dist_district 1
dist_start
{ dist_hall C2 "Centre Two" 31.20 121.47 "$DIST_ADDR"; printf '[limits]\ntakes_per_minute = 0\n'; } \
	>"$T_TMP/c2.ini"
proto_setup "$T_TMP/c2.ini" --test-clock 2026-11-23T09:10:00+08:00
wait_for 10 published C2 || not_ok "centre 2 publishes its hall"

at_district() { psql_q "SELECT count(*) FROM centre_tickets WHERE centre = 'C2'"; }
queued() { sqlite3 "$JHD_DB" "SELECT count(*) FROM district_outbox WHERE kind = 'ticket'"; }
unsent() { sqlite3 "$JHD_DB" "SELECT count(*) FROM district_outbox WHERE sent_at IS NULL"; }
all_up() { [ "$(unsent)" = 0 ] && [ "$(at_district)" = "$(queued)" ]; }
kinds() { psql_q "SELECT string_agg(kind || ':' || n, ' ' ORDER BY kind) FROM (SELECT kind, count(*) AS n FROM centre_tickets WHERE centre = 'C2' GROUP BY kind) x"; }
clerk() { as_clerk 1 >/dev/null; }

# 09:10 three B; 09:15 the first called (waited 300 s), 09:20 finished (handled 300 s) and
# the next called (600 s), 09:22 missed, the third called (720 s), 09:25 sent to service C
# (handled 180 s); 09:40 called again under C (waited 900 s since the transfer), 09:45
# finished (300 s); then one C for an enterprise, issued only
for i in 1 2 3; do echo '{"op":"take","service":"B"}'; done | as_kiosk >/dev/null
clock_to 2026-11-23T09:15:00+08:00
printf '%s\n' '{"op":"open","window":"1"}' '{"op":"call_next","window":"1"}' | clerk
clock_to 2026-11-23T09:20:00+08:00
printf '%s\n' '{"op":"finish","window":"1"}' '{"op":"call_next","window":"1"}' | clerk
clock_to 2026-11-23T09:22:00+08:00
printf '%s\n' '{"op":"no_show","window":"1"}' '{"op":"call_next","window":"1"}' | clerk
clock_to 2026-11-23T09:25:00+08:00
printf '%s\n' '{"op":"transfer","window":"1","to_service":"C"}' | clerk
clock_to 2026-11-23T09:40:00+08:00
printf '%s\n' '{"op":"call_next","window":"1"}' | clerk
clock_to 2026-11-23T09:45:00+08:00
printf '%s\n' '{"op":"finish","window":"1"}' | clerk
echo '{"op":"take","service":"C","applicant":"enterprise"}' | as_kiosk >/dev/null
check "the twelve ticket events reach the district" wait_for 10 all_up
expect_eq "each once: 4 issued, 4 called, 2 finished, 1 no-show, 1 transferred" "$(kinds)" \
	"called:4 finished:2 issued:4 no_show:1 transferred:1"
expect_eq "the outbox holds the same twelve, all sent" "$(queued) $(unsent)" "12 0"
expect_eq "the calls' waits: 300, 600, 720 s, and 900 s since the transfer" \
	"$(psql_q "SELECT string_agg(wait_s::text, ',' ORDER BY at, seq) FROM centre_tickets WHERE kind = 'called'")" \
	"300,600,720,900"
expect_eq "handling: 300 s to a finish, 180 s to the transfer (to service C), 300 s" \
	"$(psql_q "SELECT string_agg(kind || ':' || handle_s || ':' || coalesce(to_target, '-'), ',' ORDER BY at) FROM centre_tickets WHERE handle_s IS NOT NULL")" \
	"finished:300:-,transferred:180:service C,finished:300:-"
expect_eq "what the district keeps of an issue: service, lane, applicant, channel, day, code" \
	"$(psql_q "SELECT service || ' ' || lane || ' ' || applicant || ' ' || channel || ' ' || day || ' ' || ticket FROM centre_tickets WHERE kind = 'issued' AND service = 'C'")" \
	"C normal enterprise walk_in 2026-11-23 C001"
expect_eq "a call names its window" \
	"$(psql_q "SELECT string_agg(DISTINCT win, ',') FROM centre_tickets WHERE kind = 'called'")" 1
expect_eq "no names go up (not the clerk's, nor the kiosk's)" \
	"$(sqlite3 "$JHD_DB" "SELECT count(*) FROM district_outbox WHERE body LIKE '%alice%' OR body LIKE '%kiosk-1%'") $(psql_q "SELECT count(*) FROM centre_tickets t WHERE row_to_json(t)::text LIKE '%alice%'")" \
	"0 0"
tstat() {	# BY KEY: the row KEY's ticket figures
	dq rows '{"op":"stats","from":"2026-11-01","to":"2026-11-30","by":"'"$1"'"}' |
		jq -r --arg k "$2" '.[] | select(.key == $k) | .tickets | "\(.issued)/\(.called)/\(.finished)/\(.no_show)/\(.transferred) wait \(.wait_avg_s)/\(.wait_p90_s) handle \(.handle_avg_s)"'
}
expect_eq "stats by centre: C2's tickets, mean and p90 wait, mean handling" "$(tstat centre C2)" \
	"4/4/2/1/1 wait 630/846 handle 300"
expect_eq "stats by service: C's one call waited 900 s, was handled in 300 s" \
	"$(tstat service C)" "1/1/1/0/0 wait 900/900 handle 300"
expect_eq "stats by applicant type (from the tickets)" "$(tstat applicant enterprise)" \
	"1/0/0/0/0 wait null/null handle null"
csv=$("$JH_BIN/jhdistrict" --db "$PG_CONNINFO" export 2026-11-01 2026-11-30 service)
expect_eq "export: the tickets' columns" "$(sed -n 1p <<<"$csv")" \
	"service,bookings,open,checked_in,no_show,cancelled,previous,change_pct,walk_in_taken,walk_in_called,walk_in_finished,walk_in_no_show,tickets_issued,tickets_called,tickets_finished,tickets_no_show,tickets_transferred,tickets_wait_avg_s,tickets_wait_p90_s,tickets_handle_avg_s"
expect_eq "export: service C's row" "$(sed -n 3p <<<"$csv")" "C,0,0,0,0,0,,,0,0,0,0,1,1,1,0,0,900,900,300"

# the same event sent again (a retry after a lost answer) is taken once
ev=$(psql_q "SELECT json_build_object('event_id', event_id, 'kind', kind, 'at', at, 'day', day, 'ticket', ticket, 'service', service, 'issued_at', issued_at) FROM centre_tickets WHERE kind = 'issued' LIMIT 1")
expect_eq "a ticket event sent again: taken, none new" \
	"$(dqc C2 new '{"op":"ticket_events","events":['"$ev"']}') $(at_district)" "0 12"
expect_eq "ticket events from nobody signed in as the centre: forbidden" \
	"$(dq new '{"op":"ticket_events","centre":"C2","events":['"$ev"']}')" "error:forbidden"
dqm() {	# JSON: the error message of the centre C2's request
	printf '%s\n' "$1" | "$JH_BIN/jhcall" --addr "$DIST_ADDR" --role centre --device C2 \
		--token "$(tok C2)" | jq -r .error.message
}
expect_eq "an unknown kind: bad_request" \
	"$(dqm '{"op":"ticket_events","events":[{"event_id":"x","kind":"eaten","at":"2026-11-23T09:00:00+08:00","day":"2026-11-23","ticket":"B1","service":"B","issued_at":"2026-11-23T09:00:00+08:00"}]}')" \
	"ticket event 1: 'kind' must be issued, called, finished, no_show or transferred"
expect_eq "a negative wait: bad_request" \
	"$(dqc C2 error.code '{"op":"ticket_events","events":[{"event_id":"x","kind":"called","at":"2026-11-23T09:00:00+08:00","day":"2026-11-23","ticket":"B1","service":"B","issued_at":"2026-11-23T09:00:00+08:00","wait_s":-5}]}')" \
	"error:bad_request"
expect_eq "no events: bad_request" "$(dqc C2 error.code '{"op":"ticket_events","events":[]}')" \
	"error:bad_request"

# a burst: 150 tickets taken, called and finished (450 events) with jhdistrict down
burst() {	# HH: 150 takes at HH:00, called and finished at HH:30
	local i
	clock_to "2026-11-23T$1:00:00+08:00"
	for i in $(seq 1 150); do echo '{"op":"take","service":"D"}'; done | as_kiosk >/dev/null
	clock_to "2026-11-23T$1:30:00+08:00"
	for i in $(seq 1 150); do
		echo '{"op":"call_next","window":"1","service":"D"}'; echo '{"op":"finish","window":"1"}'
	done | clerk
}
lock_table() {	# a psql session holds centre_tickets (writes wait) until unlock_table
	PGAPPNAME=jhlock psql -X -q -A -t "$PG_CONNINFO" -c "BEGIN; LOCK TABLE centre_tickets IN EXCLUSIVE MODE; SELECT pg_sleep(60); COMMIT" >/dev/null 2>&1 &
	LOCK_PID=$!
	wait_for 5 locked
}
unlock_table() {
	psql_q "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'jhlock'" >/dev/null
	wait "$LOCK_PID"
}
locked() { [ "$(psql_q "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'centre_tickets' AND l.mode = 'ExclusiveLock' AND l.granted")" = 1 ]; }
in_flight() { [ "$(psql_q "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%jh_ticket_events(%' AND wait_event_type = 'Lock'")" -ge 1 ]; }
dups() { sqlite3 "$JHD_DB" "SELECT count(*) FROM district_outbox WHERE result = 'duplicate'"; }

# mid_batch HOUR WHO: the table locked, the burst at HOUR; once a batch is in flight there,
# kill -9 of WHO (jhd or dist: jhdistrict), the lock released (the batch is written, its
# answer lost), WHO restarted; the outbox drains
mid_batch() {
	lock_table || not_ok "a psql session locks centre_tickets"
	burst "$1"
	check "a batch of the burst at $1:00 is in flight, held at PostgreSQL" wait_for 20 in_flight
	expect_eq "its 450 ticket events wait in the outbox" "$(unsent)" 450
	"$2_kill9"
	unlock_table
	"$2_restart" || { not_ok "$2 restarts"; t_finish; }
	check "after kill -9 of $2 mid-batch the outbox drains" wait_for 30 all_up
}
mid_batch 10 jhd
d1=$(dups)
check "the batch jhd sent again was taken once (outbox rows answered 'duplicate': $d1)" \
	test "$d1" -ge 1 -a "$d1" -le 100
expect_eq "every event once at the district: 462" \
	"$(psql_q "SELECT count(*) || ' ' || count(DISTINCT event_id) FROM centre_tickets WHERE centre = 'C2'")" "462 462"
mid_batch 12 dist
d2=$(dups)
check "the batch jhdistrict never answered was sent again, taken once ($((d2 - d1)) rows 'duplicate')" \
	test "$d2" -gt "$d1"
expect_eq "every event once at the district: 912" \
	"$(psql_q "SELECT count(*) || ' ' || count(DISTINCT event_id) FROM centre_tickets WHERE centre = 'C2'")" "912 912"
expect_eq "the district has exactly the outbox's event ids" \
	"$(psql_q "SELECT event_id FROM centre_tickets WHERE centre = 'C2' ORDER BY event_id COLLATE \"C\"")" \
	"$(sqlite3 "$JHD_DB" "SELECT event_id FROM district_outbox WHERE kind = 'ticket'" | LC_ALL=C sort)"
expect_eq "the bursts' 300 tickets: issued, called and finished once each" "$(kinds)" \
	"called:304 finished:302 issued:304 no_show:1 transferred:1"

# a row nobody can read (its body not JSON) is set aside, not sent; the events after it go up
sqlite3 "$JHD_DB" ".timeout 5000" "INSERT INTO district_outbox (event_id, kind, code, at, body) VALUES ('bad-1', 'ticket', 'X001', 0, 'not json')"
echo '{"op":"take","service":"B"}' | as_kiosk >/dev/null
up_to() { [ "$(at_district)" = "$1" ] && [ "$(unsent)" = 0 ]; }
check "after an unreadable outbox row the next ticket event goes up (913 at the district)" \
	wait_for 10 up_to 913
expect_eq "the unreadable row is marked, not sent" \
	"$(sqlite3 "$JHD_DB" "SELECT result FROM district_outbox WHERE event_id = 'bad-1'")" "unreadable: not sent"

# a week later the sent rows leave the outbox (kept 7 days); new events still go up
clock_to 2026-12-01T10:00:00+08:00
pruned() { [ "$(sqlite3 "$JHD_DB" "SELECT count(*) FROM district_outbox")" = 0 ]; }
check "sent outbox rows older than 7 days are deleted" wait_for 10 pruned
echo '{"op":"take","service":"B"}' | as_kiosk >/dev/null
check "and the next ticket event goes up (914 at the district)" wait_for 10 up_to 914
t_finish
