#!/bin/bash
# kill9.sh — kill -9 of jhdistrict, then the database cutting its connections, in the middle of
# booking bursts: clients that got no answer
# ask again with the same request key once it is back; every acknowledged booking is in the
# database, no request made two bookings, no slot is over its quota.
source "$(dirname "$0")/common.bash"

dist_district
dist_start
burst_start D
# kill once a few bookings are in, and again a little later
for kill in 1 2; do
	burst_wait_acks D $((kill * 20))
	dist_kill9
	sleep 0.3
	dist_restart || { not_ok "jhdistrict restarts"; t_finish; }
done
wait "${BURST_PIDS[@]}"
acks=$T_TMP/acks-D

expect_eq "all 96 requests were answered in the end" "$(ls "$acks" | wc -l)" 96
check "some requests lost their answer to the kill and were asked again" \
	test -s "$T_TMP/retries-D"
acked=$(cat "$acks"/* | jq -r 'select(.ok) | .booking.code' | sort)
expect_eq "24 bookings were acknowledged (12 slots of 2 places)" "$(echo "$acked" | grep -c .)" 24
expect_eq "every acknowledged booking is in the database, booked" \
	"$(psql_q "SELECT code FROM bookings WHERE service = 'D' AND state = 'booked'" | sort)" \
	"$acked"
expect_eq "no request made two bookings" \
	"$(psql_q "SELECT count(*) FROM bookings WHERE service = 'D'")" 24
expect_eq "the others were told the slot is full" \
	"$(cat "$acks"/* | jq -r 'select(.ok | not) | .error.code' | sort | uniq -c | awk '{print $1, $2}')" \
	"72 quota_exhausted"
expect_eq "no slot is over its quota, every counter agrees" \
	"$(psql_q "SELECT count(*) FROM slots s WHERE booked > quota OR booked <> (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id AND b.state <> 'cancelled')")" 0
# the same request key again answers the booking it made, once more
n=$(grep -l '"ok":true' "$acks"/* | head -1); n=${n##*/}
set -- ${BURST_SLOTS[$((n % 12))]}
expect_eq "a request asked again answers its booking (replayed)" \
	"$(printf '%s\n' '{"op":"book","centre":"'"$1"'","service":"D","start":"'"$2"'","id_number":"'"$(idn "$n")"'","request":"req-D-'"$n"'"}' | "$JH_BIN/jhcall" --addr "$DIST_ADDR" "${FE[@]}" | jq -r '.replayed, .booking.code' | tr '\n' ' ')" \
	"true $(jq -r .booking.code "$acks/$n") "

# the database cuts jhdistrict's connections in a burst (pg_terminate_backend), every 50 ms
# until a cut caught a statement in flight: it runs again on a new connection, and every client
# gets its one answer. A psql session holds the slots table for 2 s (EXCLUSIVE: the booking
# statements' row locks wait for it), so the first bookings are in flight when the cuts come
# (without it, a burst that ended first left nothing to cut: 1 run in 3 under SAN=1).
psql -X -q -A -t "$PG_CONNINFO" -c "BEGIN; LOCK TABLE slots IN EXCLUSIVE MODE; SELECT pg_sleep(2); COMMIT" >/dev/null &
lock_pid=$!
for i in $(seq 1 100); do
	[ "$(psql_q "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'slots' AND l.mode = 'ExclusiveLock' AND l.granted")" = 1 ] && break
	sleep 0.02
done
burst_start E
sleep 0.3
for cut in $(seq 1 60); do
	psql_q "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name <> 'psql'" >/dev/null
	grep -q 'its statement will run again' "$T_TMP/jhdistrict.log" && break
	sleep 0.05
done
wait "$lock_pid"
wait "${BURST_PIDS[@]}"
acks=$T_TMP/acks-E
expect_eq "with connections cut: 96 answers, none of them an error but a full slot" \
	"$(cat "$acks"/* | jq -r 'if .ok then "ok" else .error.code end' | sort | uniq -c | awk '{print $1, $2}' | tr '\n' ' ')" \
	"24 ok 72 quota_exhausted "
check "the cut connections' statements ran again (jhdistrict's log)" \
	grep -q 'its statement will run again' "$T_TMP/jhdistrict.log"
expect_eq "every acknowledged booking of the burst is in the database, once" \
	"$(psql_q "SELECT code FROM bookings WHERE service = 'E'" | sort)" \
	"$(cat "$acks"/* | jq -r 'select(.ok) | .booking.code' | sort)"
expect_eq "no slot is over its quota after the cuts" \
	"$(psql_q "SELECT count(*) FROM slots s WHERE booked > quota OR booked <> (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id AND b.state <> 'cancelled')")" 0
t_finish
