#!/bin/bash
# ha_failover.sh — the district survives the loss of its database primary: a pg_auto_failover
# formation (monitor, primary, synchronous standby; tests/district/pgaf.bash), jhdistrict on
# the host list with target_session_attrs=read-write, 8 clients booking 288 places, and the
# primary's machine lost (kill -9 of its keeper, postmaster and backends) once 60 bookings are
# acknowledged. Each client asks once and waits for its answer: jhdistrict runs a statement
# whose connection died again on the new primary, under its request key. Afterwards every
# acknowledged booking is on the new primary, none twice, no slot over its quota.
# Prints the failover time (kill to the first booking acknowledged after it) and the counts.
source "$(dirname "$0")/common.bash"
source "$(dirname "$0")/pgaf.bash"

CLIENTS=8
PER_CLIENT=36
export DIST_QUOTA=20	# 12 slots of 20: 240 places for 288 requests

af_start
ok "pg_auto_failover: node 1 primary, node 2 secondary"
expect_match "the primary waits for the standby's commit (synchronous_standby_names)" \
	"$(af_q 1 'SHOW synchronous_standby_names')" '^ANY 1 \(pgautofailover_standby_2\)$'
expect_eq "the standby is in the write quorum (replication-quorum true)" \
	"$(af_mon_q "SELECT replicationquorum FROM pgautofailover.node WHERE nodename = 'node_2'")" t

dist_halls
"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "$T_TMP/c1.ini" "$T_TMP/c2.ini" \
	"$T_TMP/c3.ini" >"$T_TMP/import.log" 2>&1 ||
	{ not_ok "import on the primary: $(tail -3 "$T_TMP/import.log")"; t_finish; }
dist_start
slots=()
for c in C1 C2 C3; do
	for k in 0 1 2 3; do slots+=("$c $(first_slot $c B $k)"); done
done
expect_eq "12 slots to book" "$(printf '%s\n' "${slots[@]}" | awk 'NF == 2' | wc -l)" 12

# client W: its requests one after another, each asked once (request key req-N); the answer
# and the times it was sent and answered (ms) in $T_TMP/ans/N
mkdir -p "$T_TMP/ans"
client() {
	local w=$1 i n a t0
	for i in $(seq 1 $PER_CLIENT); do
		n=$((w * PER_CLIENT + i))
		set -- ${slots[$((n % 12))]}
		t0=$(date +%s%3N)
		a=$(printf '%s\n' '{"op":"book","centre":"'"$1"'","service":"B","start":"'"$2"'","id_number":"'"$(idn "$n")"'","request":"req-'"$n"'"}' |
			"$JH_BIN/jhcall" --addr "$DIST_ADDR" "${FE[@]}" --timeout 60000 2>&1)
		printf '%s %s %s\n' "$t0" "$(date +%s%3N)" "${a:-no answer}" >"$T_TMP/ans/$n"
	done
}
# node 1's processes, its backends for jhdistrict's connections among them, listed before
node1=$(af_node_pids 1)
pids=()
for w in $(seq 0 $((CLIENTS - 1))); do client "$w" & pids+=($!); done
for i in $(seq 1 600); do
	[ "$(cat "$T_TMP"/ans/* 2>/dev/null | grep -c '"ok":true')" -ge 60 ] && break
	sleep 0.05
done
kill_ms=$(date +%s%3N)
kill -KILL $node1 2>/dev/null
acked_before=$(cat "$T_TMP"/ans/* | grep -c '"ok":true')
wait "${pids[@]}"

answers=$(cat "$T_TMP"/ans/* | cut -d' ' -f3-)
expect_eq "all $((CLIENTS * PER_CLIENT)) requests got an answer" "$(ls "$T_TMP/ans" | wc -l)" \
	$((CLIENTS * PER_CLIENT))
expect_eq "every answer is a booking or a full slot, none 'unavailable' or lost" \
	"$(echo "$answers" | jq -r 'if .ok then "ok" else .error.code end' 2>&1 | sort | uniq -c |
		awk '{print $1, $2}' | tr '\n' ' ')" "240 ok 48 quota_exhausted "
check "the monitor made node 2 the primary" af_wait_state 2 wait_primary 30
expect_eq "bookings asked after the kill were acknowledged (by the new primary)" \
	"$(awk -v k="$kill_ms" '$1 > k && /"ok":true/' "$T_TMP"/ans/* | wc -l | awk '{print ($1 > 0)}')" 1
acked=$(echo "$answers" | jq -r 'select(.ok) | .booking.code' | sort)
booked=$(af_q 2 "SELECT code FROM bookings WHERE service = 'B' AND state = 'booked'" | sort)
expect_eq "every acknowledged booking is on the new primary, booked (codes missing)" \
	"$(comm -23 <(echo "$acked") <(echo "$booked") | tr '\n' ' ')" ""
expect_eq "every booking on the new primary was acknowledged to its client (codes not told)" \
	"$(comm -13 <(echo "$acked") <(echo "$booked") | tr '\n' ' ')" ""
expect_eq "no request made two bookings, no ID booked twice" \
	"$(af_q 2 "SELECT count(*), count(DISTINCT request), count(DISTINCT id_hash) FROM bookings WHERE service = 'B'")" \
	"240|240|240"
expect_eq "no slot is over its quota, every counter agrees" \
	"$(af_q 2 "SELECT count(*) FROM slots s WHERE booked > quota OR booked <> (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id AND b.state <> 'cancelled')")" 0
expect_eq "every slot of the burst is full" \
	"$(af_q 2 "SELECT count(*) FROM slots WHERE service = 'B' AND booked = quota")" 12

first_after=$(awk -v k="$kill_ms" '$1 > k && /"ok":true/ { print $2 }' "$T_TMP"/ans/* | sort -n | head -1)
in_flight=$(awk -v k="$kill_ms" '$1 < k && $2 > k' "$T_TMP"/ans/* | wc -l)
echo "# failover: $((first_after - kill_ms)) ms from kill -9 of the primary to the first booking asked and acknowledged after it"
echo "# answers: $(echo "$answers" | grep -c '"ok":true') acknowledged ($acked_before before the kill), $(echo "$answers" | grep -vc '"ok":true') refused (full slot), $in_flight in flight at the kill"
echo "# jhdistrict: $(grep -c 'its statement will run again' "$T_TMP/jhdistrict.log") statements run again after a lost connection; clients asked again: 0 (each asks once)"
t_finish
