#!/bin/bash
# tickets.sh — the hall's walk-in tickets go up to the district: a centre's jhd in district
# mode sends each closed hour's counts per service (taken, called, finished, no-show) once the
# hour is over; the district keeps one set per centre and hour (sent again: the same figures),
# and its stats show walk-in volume per centre, service and day beside the bookings. With
# jhdistrict down the hours wait and go up when it is back; quiet hours send nothing.
source "$(dirname "$0")/common.bash"

dist_district 1
dist_start
dist_hall C2 "Centre Two" 31.20 121.47 "$DIST_ADDR" >"$T_TMP/c2.ini"
proto_setup "$T_TMP/c2.ini" --test-clock 2026-11-23T09:10:00+08:00
wait_for 10 published C2 || not_ok "centre 2 publishes its hall"

walk_in() {	# BY KEY: the walk-in counts of the row KEY, taken/called/finished/no_show
	dq rows '{"op":"stats","from":"2026-11-01","to":"2026-11-30","by":"'"$1"'"}' |
		jq -r --arg k "$2" '.[] | select(.key == $k) | .walk_in | "\(.taken)/\(.called)/\(.finished)/\(.no_show)"'
}
has_walk_in() { [ "$(walk_in centre C2)" = "$1" ]; }

# hour 09: 5 tickets of B, 2 of C; 3 called, 1 finished, 1 missed
{ for i in 1 2 3 4 5; do echo '{"op":"take","service":"B"}'; done
  echo '{"op":"take","service":"C"}'; echo '{"op":"take","service":"C"}'; } | as_kiosk >/dev/null
{ echo '{"op":"open"}'; echo '{"op":"call_next"}'; echo '{"op":"finish"}'
  echo '{"op":"call_next"}'; echo '{"op":"no_show"}'; echo '{"op":"call_next"}'; } |
	as_clerk 1 >/dev/null
expect_eq "the centre holds the seven tickets" "$(sqlite3 "$JHD_DB" "SELECT count(*) FROM tickets")" 7
expect_eq "an hour not yet over is not sent" \
	"$(psql_q "SELECT count(*) FROM centre_hours WHERE centre = 'C2'")" 0
q as_local now '{"op":"clock","set":"2026-11-23T10:00:05+08:00"}' >/dev/null
check "once the hour is over its counts reach the district" wait_for 10 has_walk_in 7/3/1/1
expect_eq "stats by day: the walk-ins of 23 November" "$(walk_in day 2026-11-23)" 7/3/1/1
expect_eq "stats by service: B and C" "$(walk_in service B) $(walk_in service C)" \
	"5/3/1/1 2/0/0/0"
expect_eq "stats by centre: only the centre with figures (C1 has neither bookings nor tickets)" \
	"$(dq rows '{"op":"stats","from":"2026-11-01","to":"2026-11-30"}' | jq -r '[.[].key] | join(",")')" C2
expect_eq "the district keeps one row per service of the hour" \
	"$(psql_q "SELECT string_agg(service || ':' || taken, ',' ORDER BY service) FROM centre_hours WHERE centre = 'C2'")" \
	"B:5,C:2"

# the same hour sent again (a retry after a lost answer): the same figures, not twice
again='{"op":"tickets","hour":"2026-11-23T09:00:00+08:00","services":[{"service":"B","taken":5,"called":3,"finished":1,"no_show":1},{"service":"C","taken":2,"called":0,"finished":0,"no_show":0}]}'
expect_eq "the hour sent again is taken" "$(dqc C2 services "$again")" 2
expect_eq "and counted once" "$(walk_in centre C2)" 7/3/1/1
expect_eq "tickets from nobody signed in as the centre: forbidden" "$(dq services "$again")" \
	"error:forbidden"
expect_eq "tickets with a negative count: bad_request" \
	"$(dqc C2 services '{"op":"tickets","hour":"2026-11-23T09:00:00+08:00","services":[{"service":"B","taken":-1,"called":0,"finished":0,"no_show":0}]}')" \
	"error:bad_request"
expect_eq "tickets for a time that is not an hour's start: bad_request" \
	"$(dqc C2 services '{"op":"tickets","hour":"2026-11-23T09:30:00+08:00","services":[]}')" \
	"error:bad_request"
expect_eq "export by centre carries the walk-ins (and the same tickets' events, waits of 0 s)" \
	"$("$JH_BIN/jhdistrict" --db "$PG_CONNINFO" export 2026-11-01 2026-11-30 | sed -n 2p)" \
	"C2,0,0,0,0,0,,,7,3,1,1,7,3,1,1,0,0,0,0"

# jhdistrict down: hour 10 (2 more tickets) and quiet hour 11 wait, then go up
dist_kill9
echo '{"op":"take","service":"B"}' | as_kiosk >/dev/null
echo '{"op":"take","service":"B"}' | as_kiosk >/dev/null
q as_local now '{"op":"clock","set":"2026-11-23T12:00:05+08:00"}' >/dev/null
sleep 0.5
dist_restart || { not_ok "jhdistrict restarts"; t_finish; }
check "with the district back, the waiting hour goes up" wait_for 20 has_walk_in 9/3/1/1
expect_eq "the hours the district holds for C2: 09 and 10 (the quiet 11 sent nothing)" \
	"$(psql_q "SELECT string_agg(DISTINCT to_char(hour AT TIME ZONE 'Asia/Shanghai', 'HH24'), ',') FROM centre_hours WHERE centre = 'C2'")" \
	"09,10"
t_finish
