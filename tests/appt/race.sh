# race.sh — the last places of a slot raced for over sockets: many kiosk connections, each
# signed in and waiting, send their book at the same moment; exactly `quota` win and the
# rest get quota_exhausted; one ID racing for several slots of a service wins one.
source "$(dirname "$0")/common.bash"
appt_setup
N=24

# race NAME: run "$N" clients; client i sends the request printed by req_$NAME i
race() {
	local name=$1 i pids=()
	rm -f "$T_TMP/go"
	for i in $(seq 1 "$N"); do
		{ while [ ! -e "$T_TMP/go" ]; do sleep 0.01; done; "req_$name" "$i"; } |
			as_kiosk --field appointment.state >"$T_TMP/$name.$i" 2>&1 &
		pids+=($!)
	done
	sleep 0.3	# let them connect and say hello; the race is the same without
	touch "$T_TMP/go"
	wait "${pids[@]}"
	cat "$T_TMP/$name".* | sort | uniq -c | awk '{print $2 "=" $1}' | paste -sd' '
}

req_last() { printf '%s\n' '{"op":"book","service":"B","start":"2026-11-23T09:00:00+08:00","id_number":"'"$(idn $((100 + $1)))"'"}'; }
expect_eq "$N clients race for the 3 places of a slot: exactly 3 win" "$(race last)" "booked=3 error:quota_exhausted=$((N - 3))"
expect_eq "the slot counts 3 places taken" "$(q as_kiosk slots.0.booked '{"op":"slots","service":"B"}')" 3
expect_eq "the day lists 3 bookings" "$(q as_super counts.booked '{"op":"appointments"}')" 3

# one ID, many slots of one service at once: one open booking per service
req_same() {	# G on Tuesday and Wednesday: 12 slots a day, from 09:00 and from 13:30
	local k=$((($1 - 1) % 12)) min
	[ "$k" -lt 6 ] && min=$((540 + 30 * k)) || min=$((810 + 30 * (k - 6)))
	printf '{"op":"book","service":"G","start":"2026-11-%dT%02d:%02d:00+08:00","id_number":"%s"}\n' \
		$((24 + ($1 - 1) / 12)) $((min / 60)) $((min % 60)) "$(idn 200)"
}
expect_eq "one ID racing for $N slots of one service wins one" "$(race same)" "booked=1 error:limit_reached=$((N - 1))"
t_finish
