#!/bin/bash
# kill9.sh — kill -9 of jhdistrict in the middle of a booking burst: clients that got no answer
# ask again with the same request key once it is back; every acknowledged booking is in the
# database, no request made two bookings, no slot is over its quota.
source "$(dirname "$0")/common.bash"

pg_start
dist_halls
"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "$T_TMP/c1.ini" "$T_TMP/c2.ini" \
	"$T_TMP/c3.ini" >/dev/null 2>&1 || { not_ok "import"; t_finish; }
dist_start
mkdir -p "$T_TMP/acks" "$T_TMP/retries"
# 12 slots (quota 2 each) for 96 IDs: 24 bookings at most, the rest quota_exhausted
slots=()
for c in C1 C2 C3; do
	for k in 0 1 2 3; do slots+=("$c $(first_slot $c D $k)"); done
done

# worker W: IDs W*16+1 .. W*16+16, one after another, each until it has an answer
worker() {
	local w=$1 n i a
	for i in $(seq 1 16); do
		n=$((w * 16 + i))
		set -- ${slots[$((n % 12))]}
		while :; do
			a=$(printf '%s\n' '{"op":"book","centre":"'"$1"'","service":"D","start":"'"$2"'","id_number":"'"$(idn "$n")"'","request":"req-'"$n"'"}' |
				"$JH_BIN/jhcall" --addr "$DIST_ADDR" --timeout 10000 2>/dev/null)
			case $a in
			*'"ok":'*) break ;;
			esac
			echo "$n" >>"$T_TMP/retries/$w"
			sleep 0.1
		done
		printf '%s\n' "$a" >"$T_TMP/acks/$n"
	done
}
pids=()
for w in 0 1 2 3 4 5; do worker $w & pids+=($!); done
# kill once a few bookings are in, and again a little later
for kill in 1 2; do
	for i in $(seq 1 200); do
		[ "$(ls "$T_TMP/acks" | wc -l)" -ge $((kill * 20)) ] && break
		sleep 0.02
	done
	dist_kill9
	sleep 0.3
	dist_restart || { not_ok "jhdistrict restarts"; t_finish; }
done
wait "${pids[@]}"

expect_eq "all 96 requests were answered in the end" "$(ls "$T_TMP/acks" | wc -l)" 96
check "some requests lost their answer to the kill and were asked again" \
	test -n "$(cat "$T_TMP"/retries/* 2>/dev/null)"
acked=$(cat "$T_TMP"/acks/* | jq -r 'select(.ok) | .booking.code' | sort)
expect_eq "24 bookings were acknowledged (12 slots of 2 places)" "$(echo "$acked" | grep -c .)" 24
expect_eq "every acknowledged booking is in the database, booked" \
	"$(psql_q "SELECT code FROM bookings WHERE service = 'D' AND state = 'booked' ORDER BY code" | sort)" \
	"$acked"
expect_eq "no request made two bookings" \
	"$(psql_q "SELECT count(*) FROM (SELECT request FROM bookings GROUP BY request HAVING count(*) > 1) x"):$(psql_q "SELECT count(*) FROM bookings WHERE service = 'D'")" \
	"0:24"
expect_eq "the others were told the slot is full" \
	"$(cat "$T_TMP"/acks/* | jq -r 'select(.ok | not) | .error.code' | sort | uniq -c | awk '{print $1, $2}')" \
	"72 quota_exhausted"
expect_eq "no slot is over its quota, every counter agrees" \
	"$(psql_q "SELECT count(*) FROM slots s WHERE booked > quota OR booked <> (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id AND b.state <> 'cancelled')")" 0
# the same request key again answers the booking it made, once more
n=$(grep -l '"ok":true' "$T_TMP"/acks/* | head -1); n=${n##*/}
set -- ${slots[$((n % 12))]}
expect_eq "a request asked again answers its booking (replayed)" \
	"$(printf '%s\n' '{"op":"book","centre":"'"$1"'","service":"D","start":"'"$2"'","id_number":"'"$(idn "$n")"'","request":"req-'"$n"'"}' | "$JH_BIN/jhcall" --addr "$DIST_ADDR" | jq -r '.replayed, .booking.code' | tr '\n' ' ')" \
	"true $(jq -r .booking.code "$T_TMP/acks/$n") "
t_finish
