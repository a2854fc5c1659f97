#!/bin/bash
# race.sh — clients racing at the district, through two jhdistricts on one database: 24 IDs
# for the last 2 places of a slot get exactly 2 bookings; one ID racing for 24 slots of one
# service gets exactly one; the slot's counter agrees with its bookings.
source "$(dirname "$0")/common.bash"

dist_district
dist_start
A=$DIST_ADDR
APID=$DIST_PID
DIST_PID=""
dist_start		# a second jhdistrict on the same database
B=$DIST_ADDR
t_at_exit "kill -KILL $APID 2>/dev/null"

slot=$(first_slot C2 B 0)
pids=()
race_book() {	# N ADDR CENTRE SERVICE START OUT
	printf '%s\n' '{"op":"book","centre":"'"$3"'","service":"'"$4"'","start":"'"$5"'","id_number":"'"$(idn "$1")"'"}' |
		"$JH_BIN/jhcall" --addr "$2" "${FE[@]}" --timeout 20000 --field booking.code >"$6" 2>/dev/null
}
for n in $(seq 1 24); do
	race_book "$n" "$([ $((n % 2)) = 0 ] && echo "$A" || echo "$B")" C2 B "$slot" \
		"$T_TMP/r1.$n" &
	pids+=($!)
done
wait "${pids[@]}"
won=$(cat "$T_TMP"/r1.* | grep -c '^[A-Z0-9]\{8\}$')
full=$(cat "$T_TMP"/r1.* | grep -c '^error:quota_exhausted$')
expect_eq "24 IDs racing for 2 places: 2 bookings, 22 told the slot is full" "$won/$full" "2/22"
expect_eq "the database holds 2 bookings of the slot" \
	"$(psql_q "SELECT count(*) FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE s.centre = 'C2' AND s.service = 'B' AND s.start_at = '$slot'")" 2
expect_eq "the slot's counter says 2 of 2" \
	"$(psql_q "SELECT booked || '/' || quota FROM slots WHERE centre = 'C2' AND service = 'B' AND start_at = '$slot'")" \
	"2/2"

# one ID, 24 different slots of service C at three centres, at once
i=0
pids=()
for c in C1 C2 C3; do
	for k in $(seq 0 7); do
		i=$((i + 1))
		race_book 100 "$([ $((i % 2)) = 0 ] && echo "$A" || echo "$B")" $c C \
			"$(first_slot $c C $k)" "$T_TMP/r2.$i" &
		pids+=($!)
	done
done
wait "${pids[@]}"
expect_eq "one ID racing for 24 slots of a service: exactly one booking" \
	"$(cat "$T_TMP"/r2.* | grep -c '^[A-Z0-9]\{8\}$')/$(cat "$T_TMP"/r2.* | grep -c '^error:limit_reached$')" "1/23"
expect_eq "the database holds one open booking of C for the ID" \
	"$(psql_q "SELECT count(*) FROM bookings WHERE service = 'C' AND id_masked = '$(mask 100)'")" 1
expect_eq "no slot is over its quota" "$(psql_q "SELECT count(*) FROM slots WHERE booked > quota")" 0
t_finish
