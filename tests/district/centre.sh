#!/bin/bash
# centre.sh — a centre's jhd in district mode ([district] in its hall file) beside a real
# jhdistrict and PostgreSQL: `jhctl import` publishes the hall's slots to the district; a
# booking made at the district reaches centre 2's jhd within 2 s and checks in at its kiosk
# (by code, and by ID number with the district's key); the check-in goes up through the
# outbox; with jhdistrict killed the kiosk still checks in, and after kill -9 of jhd too the
# outbox catches up once the district is back; a no-show found by jhd's sweep reaches the
# district; a cancel at the district reaches the centre; kill -9 of jhd while it copies a
# burst of bookings loses and duplicates none.
source "$(dirname "$0")/common.bash"

pg_start
dist_halls
"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "$T_TMP/c1.ini" "$T_TMP/c3.ini" >/dev/null 2>&1 ||
	{ not_ok "import"; t_finish; }
dist_start
# centre 2 names the district; its hall is published by jhd at import, not by hand
dist_hall C2 "Centre Two" 31.20 121.47 "$DIST_ADDR" >"$T_TMP/c2.ini"
mkdir -p "$T_TMP/jhd"
install -m 600 "$T_TMP/jiaohao-id.key" "$T_TMP/jhd/jiaohao-id.key"	# one key for the district

# wait_for SECONDS CMD...: poll CMD every 50 ms until it succeeds; prints the time it took
wait_for() {
	local limit=$1 t0 i; shift
	t0=$(date +%s%N)
	for i in $(seq 1 $((limit * 20))); do
		if "$@"; then echo $((($(date +%s%N) - t0) / 1000000)); return 0; fi
		sleep 0.05
	done
	return 1
}
quiet() { "$@" >/dev/null; }
c2_published() { [ "$(dq centres '{"op":"availability","service":"B","centre":"C2"}' | jq length)" = 1 ]; }

# the slot: the first of C2's tomorrow (published by jhd's import below), the test clock there
proto_setup "$T_TMP/c2.ini" --test-clock "$(TZ=Asia/Shanghai date -d 'tomorrow' +%Y-%m-%dT07:30:00+08:00)"
wait_for 5 c2_published >/dev/null
check "jhctl import publishes centre 2's hall to the district" c2_published
slot=$(dq slots.0.start '{"op":"slots","centre":"C2","service":"B","date":"'"$(TZ=Asia/Shanghai date -d tomorrow +%Y-%m-%d)"'"}')
expect_match "the district offers centre 2's slots" "$slot" '^20[0-9-]+T'
clock_to "$(date -d "$slot" +%Y-%m-%dT%H:%M:%S%z | sed 's/\(..\)$/:\1/')"

in_centre() {	# CODE [STATE]: jhd's appointments of the day list CODE (in STATE)
	q as_super appointments '{"op":"appointments"}' |
		jq -e --arg c "$1" --arg s "${2:-}" 'map(select(.code == $c and ($s == "" or .state == $s))) | length == 1' >/dev/null
}
at_district() {	# N CODE STATE: the district has ID N's booking CODE in STATE
	dq bookings '{"op":"my_bookings","id_number":"'"$(idn "$1")"'"}' |
		jq -e --arg c "$2" --arg s "$3" 'map(select(.code == $c and .state == $s)) | length == 1' >/dev/null
}

expect_match "the centre's own book op sends the citizen to the district" \
	"$(printf '%s\n' '{"op":"book","service":"B","start":"'"$slot"'","id_number":"'"$(idn 9)"'"}' | as_super 2>&1)" \
	'"code":"forbidden","message":"this hall is a centre of the district at 127.0.0.1:[0-9]+: book there'
k1=$(dist_book 1 C2 B "$slot")
ms=$(wait_for 2 in_centre "$k1")
check "a booking made at the district reaches centre 2's jhd within 2 s (${ms:-over 2000} ms)" test -n "$ms"
expect_eq "the kiosk checks it in by its code and the ID number (the district's key)" \
	"$(q as_kiosk appointment.state '{"op":"checkin","appointment":"'"$k1"'","id_number":"'"$(idn 1)"'"}')" "checked_in"
check "the check-in reaches the district" quiet wait_for 5 at_district 1 "$k1" checked_in

k2=$(dist_book 2 C2 C "$slot")
k3=$(dist_book 3 C2 D "$slot")
wait_for 2 in_centre "$k3" >/dev/null
check "two more bookings reach the centre" in_centre "$k2"
dist_kill9
expect_eq "with jhdistrict down, the kiosk checks in by ID number" \
	"$(q as_kiosk appointment.code '{"op":"checkin","id_number":"'"$(idn 2)"'"}')" "$k2"
expect_eq "the check-in waits in the outbox" \
	"$(sqlite3 "$JHD_DB" "SELECT count(*) FROM district_outbox WHERE sent_at IS NULL AND kind <> 'ticket'")" 1
jhd_kill9
jhd_restart || { not_ok "jhd restarts"; t_finish; }
expect_eq "the outbox survives kill -9 of jhd" \
	"$(sqlite3 "$JHD_DB" "SELECT code FROM district_outbox WHERE sent_at IS NULL AND kind <> 'ticket'")" "$k2"
check "the district's booking is still in the centre's copy after the restart, the district down" \
	in_centre "$k3" booked
dist_restart || { not_ok "jhdistrict restarts"; t_finish; }
check "the outbox catches up once the district is back" quiet wait_for 20 at_district 2 "$k2" checked_in
check "and marks the event sent" quiet wait_for 5 test "$(sqlite3 "$JHD_DB" "SELECT count(*) FROM district_outbox WHERE sent_at IS NULL")" = 0

# the district cancels: the centre's copy follows
k4=$(dist_book 4 C2 E "$slot")
wait_for 5 in_centre "$k4" >/dev/null
dq booking.state '{"op":"cancel","code":"'"$k4"'","id_number":"'"$(idn 4)"'"}' >/dev/null
check "a cancel at the district reaches the centre" quiet wait_for 5 in_centre "$k4" cancelled

# jhd's sweep makes k3 a no-show once its slot ended + grace; the district learns it
clock_to "$(date -d "$slot 2 hours" +%Y-%m-%dT%H:%M:%S%z | sed 's/\(..\)$/:\1/')"
check "the sweep marks the missed booking a no-show at the centre" quiet wait_for 5 in_centre "$k3" no_show
check "the no-show reaches the district" quiet wait_for 5 at_district 3 "$k3" no_show
expect_eq "every event went up once (the district recorded 3 events of C2)" \
	"$(psql_q "SELECT count(*) FROM centre_events WHERE centre = 'C2'")" 3

# kill -9 of jhd while it copies a burst of 30 bookings: after its restart it has each once,
# and its cursor is the district's last change of C2
codes=()
later=()	# B's slots of the two days after tomorrow, where nobody has booked yet
for d in 2 3; do
	later+=($(dq slots '{"op":"slots","centre":"C2","service":"B","date":"'"$(TZ=Asia/Shanghai date -d "$d days" +%Y-%m-%d)"'"}' | jq -r '.[].start'))
done
for n in $(seq 1 30); do
	codes+=("$(dist_book $((600 + n)) C2 B "${later[$(((n - 1) / 2))]}")")
	[ "$n" = 10 ] && jhd_kill9
	[ "$n" = 20 ] && { jhd_restart || { not_ok "jhd restarts"; t_finish; }; }
done
expect_eq "30 bookings made at the district" "$(printf '%s\n' "${codes[@]}" | grep -c '^[A-Z0-9]\{8\}$')" 30
all_copied() {
	[ "$(sqlite3 "$JHD_DB" "SELECT count(*) FROM appointments WHERE code IN ($(printf "'%s'," "${codes[@]}")'')")" = 30 ]
}
check "after kill -9 of jhd mid-copy, every booking reaches it" quiet wait_for 10 all_copied
expect_eq "each once, booked" \
	"$(sqlite3 "$JHD_DB" "SELECT code FROM appointments WHERE state = 'booked' AND code IN ($(printf "'%s'," "${codes[@]}")'')" | sort)" \
	"$(printf '%s\n' "${codes[@]}" | sort)"
expect_eq "jhd's cursor is the district's last change of C2" \
	"$(sqlite3 "$JHD_DB" "SELECT value FROM meta WHERE key LIKE 'district_cursor C2@%'")" \
	"$(psql_q "SELECT seq FROM centres WHERE code = 'C2'")"
t_finish
