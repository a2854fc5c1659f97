#!/bin/bash
# book.sh — the district's book across three centres on a private PostgreSQL: centres nearest
# first with free places per day, book, cancel, the per-ID limits counted at every centre,
# check-ins and no-shows from the centres (idempotent by event id; only from the centre signed
# in with its token), the ban after more than 3 no-shows in a month at any centres, the changes
# cursor, and ID numbers never stored.
source "$(dirname "$0")/common.bash"

pg_start
dist_halls
out=$("$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "$T_TMP/c1.ini" "$T_TMP/c2.ini" \
	"$T_TMP/c3.ini" 2>&1)
expect_match "import publishes the three centres' slots" "$out" \
	'c3.ini: centre C3: [0-9]+ slots published'
dist_start

expect_eq "centres lists the three centres" \
	"$(dq centres '{"op":"centres"}' | jq -r '[.[].code] | join(",")')" "C1,C2,C3"

# from a point 1 km north of C2: C2, then C1 (10 km), then C3 (12 km)
near='{"op":"availability","service":"B","lat":31.21,"lon":121.47}'
expect_eq "availability: centres nearest first" \
	"$(dq centres "$near" | jq -r '[.[].code] | join(",")')" "C2,C1,C3"
expect_eq "availability: without a location, by code" \
	"$(dq centres '{"op":"availability","service":"B"}' | jq -r '[.[].code] | join(",")')" \
	"C1,C2,C3"
free_c2() { dq centres "$near" | jq -r '.[] | select(.code == "C2") | .free'; }
free0=$(free_c2)
expect_match "availability: free places per day" "$(dq centres.0.days.0 "$near")" \
	'"date":"20[0-9-]+","free":[0-9]+'

s0=$(first_slot C2 B 0)
s1=$(first_slot C2 B 1)
code=$(dist_book 1 C2 B "$s0")
expect_match "book at C2 answers a booking code" "$code" '^[2-9A-HJ-NP-Z]{8}$'
expect_eq "the booking takes a place at C2" "$(free_c2)" $((free0 - 1))
expect_eq "the slot shows it" "$(dq slots.0.booked '{"op":"slots","centre":"C2","service":"B"}')" 1
expect_eq "the per-service limit counts other centres: B again at C1" \
	"$(dist_book 1 C1 B "$(first_slot C1 B 3)")" "error:limit_reached"
c2=$(dist_book 1 C1 C "$(first_slot C1 C 0)")
c3=$(dist_book 1 C3 D "$(first_slot C3 D 0)")
expect_match "a second and third service at C1 and C3" "$c2 $c3" '^[A-Z0-9]{8} [A-Z0-9]{8}$'
expect_eq "the fourth open booking at any centre is refused (K = 3)" \
	"$(dist_book 1 C2 E "$s1")" "error:limit_reached"
expect_eq "my_bookings lists the three, masked" \
	"$(dq bookings '{"op":"my_bookings","id_number":"'"$(idn 1)"'"}' | jq -r '[.[].id_masked] | unique | join(",")'):$(dq bookings '{"op":"my_bookings","id_number":"'"$(idn 1)"'"}' | jq length)" \
	"$(mask 1):3"
expect_eq "cancel with another's ID number is refused" \
	"$(dq booking.state '{"op":"cancel","code":"'"$code"'","id_number":"'"$(idn 2)"'"}')" \
	"error:not_found"
expect_eq "cancel with the ID number" \
	"$(dq booking.state '{"op":"cancel","code":"'"$code"'","id_number":"'"$(idn 1)"'"}')" "cancelled"
expect_eq "the cancelled place is free again" "$(free_c2)" "$free0"
expect_eq "cancel twice: conflict" \
	"$(dq booking.state '{"op":"cancel","code":"'"$code"'","id_number":"'"$(idn 1)"'"}')" \
	"error:conflict"
expect_match "after the cancel, E can be booked" "$(dist_book 1 C2 E "$s1")" '^[A-Z0-9]{8}$'
expect_match "a malformed ID number is refused with why" \
	"$(printf '%s\n' '{"op":"book","centre":"C2","service":"B","start":"'"$s0"'","id_number":"110105198001010010"}' | "$JH_BIN/jhcall" --addr "$DIST_ADDR" "${FE[@]}" 2>&1)" \
	'"code":"bad_request","message":"malformed ID number: [^"]*check digit'
expect_eq "a slot that is not one: bad_request" \
	"$(dist_book 2 C2 B 2030-01-01T09:00:00+08:00)" "error:bad_request"
expect_eq "an unknown centre: not_found" "$(dist_book 2 C9 B "$s0")" "error:not_found"

expect_eq "a hall published by nobody signed in as its centre is refused" \
	"$(dq slots '{"op":"import","hall":"[hall]\nname = x\n"}')" "error:forbidden"

# the quota: 2 places, the third ID is told the slot is full
dist_book 3 C3 B "$s0" >/dev/null
dist_book 4 C3 B "$s0" >/dev/null
expect_match "a full slot: quota_exhausted with the places" \
	"$(printf '%s\n' '{"op":"book","centre":"C3","service":"B","start":"'"$s0"'","id_number":"'"$(idn 5)"'"}' | "$JH_BIN/jhcall" --addr "$DIST_ADDR" "${FE[@]}" 2>&1)" \
	'"code":"quota_exhausted","message":"the slot is fully booked \(2 of 2 places\)"'

# check-in from a centre; the same event again changes nothing
ev='{"op":"event","centre":"C1","event_id":"c1-ev-1","kind":"checkin","code":"'"$c2"'","at":"2026-12-01T09:00:00+08:00"}'
expect_eq "an event from nobody signed in as the centre is refused" "$(dq result "$ev")" \
	"error:forbidden"
expect_eq "an event for C1 from C2's connection is refused" "$(dqc C2 result "$ev")" \
	"error:forbidden"
expect_match "a wrong token is refused at hello" \
	"$(printf '%s\n' "$ev" | "$JH_BIN/jhcall" --addr "$DIST_ADDR" --role centre --device C1 --token wrong-token-0123456789 2>&1)" \
	'unknown centre or wrong token'
expect_eq "a check-in event from C1" "$(dqc C1 result "$ev")" "checked_in"
expect_eq "the same event again is answered as a duplicate" "$(dqc C1 duplicate "$ev")" "true"
expect_eq "an event of another centre's booking: not_found" \
	"$(dqc C2 result '{"op":"event","centre":"C2","event_id":"x","kind":"checkin","code":"'"$c3"'","at":"2026-12-01T09:00:00+08:00"}')" \
	"error:not_found"

# no-shows at C1, C2, C3 and C3 (ID 7): the fourth bans it everywhere
T=2026-11-20T10:00:00+08:00
i=0
bans=""
for c in C1 C2 C3 C3; do
	i=$((i + 1))
	k=$(dist_book 7 $c B "$(first_slot $c B $((i + 2)))")
	r=$(dqc $c ban.until '{"op":"event","centre":"'$c'","event_id":"ns-'$i'","kind":"no_show","code":"'"$k"'","at":"2026-11-2'$i'T10:00:00+08:00"}')
	dqc $c ban.until '{"op":"event","centre":"'$c'","event_id":"ns-'$i'","kind":"no_show","code":"'"$k"'","at":"2026-11-2'$i'T10:00:00+08:00"}' >/dev/null
	bans="$bans $r"
done
expect_eq "three no-shows do not ban, the fourth does (a repeated event counts once)" \
	"$bans" " (none) (none) (none) 2026-12-24T02:00:00+00:00"
for c in C1 C2 C3; do
	expect_match "the banned ID is refused at $c, with the date" \
		"$(printf '%s\n' '{"op":"book","centre":"'$c'","service":"C","start":"'"$(first_slot $c C 4)"'","id_number":"'"$(idn 7)"'"}' | "$JH_BIN/jhcall" --addr "$DIST_ADDR" "${FE[@]}" 2>&1)" \
		'"code":"blacklisted".*until 2026-12-24'
done

# the changes cursor: C2's bookings only, in order, from where the centre left off
expect_eq "changes for nobody signed in as the centre are refused" \
	"$(dq cursor '{"op":"changes","centre":"C2"}')" "error:forbidden"
all=$(dqc C2 bookings '{"op":"changes","centre":"C2"}')
cur=$(dqc C2 cursor '{"op":"changes"}')
expect_eq "changes: C2's bookings only" "$(echo "$all" | jq -r '[.[].code] | map(select(. == "'"$c2"'")) | length')" 0
expect_match "changes carry the ID hash, not the number" "$all" '"id_hash":"[0-9a-f]{64}"'
k=$(dist_book 8 C2 C "$(first_slot C2 C 0)")
expect_eq "changes since the cursor: the new booking only" \
	"$(dqc C2 bookings '{"op":"changes","centre":"C2","since":'"$cur"'}' | jq -r '[.[].code] | join(",")')" "$k"
dq booking '{"op":"cancel","code":"'"$k"'","id_number":"'"$(idn 8)"'"}' >/dev/null
expect_eq "a cancel comes through the cursor as a change" \
	"$(dqc C2 bookings '{"op":"changes","centre":"C2","since":'"$cur"'}' | jq -r '[.[] | .code + ":" + .state] | join(",")')" \
	"$k:cancelled"

# the database holds no ID number: every column of every table, as text
expect_eq "no ID number anywhere in the database" \
	"$(psql_q "SELECT count(*) FROM (SELECT b::text AS t FROM bookings b UNION ALL SELECT c::text FROM citizens c UNION ALL SELECT n::text FROM noshows n UNION ALL SELECT x::text FROM bans x) a WHERE t LIKE '%$(idn 1)%' OR t LIKE '%$(idn 7)%'")" 0
expect_eq "the slots' counters agree with the bookings" \
	"$(psql_q "SELECT count(*) FROM slots s WHERE booked <> (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id AND state <> 'cancelled')")" 0
expect_eq "a line that is not JSON: bad_request, and the connection goes on" \
	"$(printf 'nope\n{"id":2,"op":"ping"}\n' | "$JH_BIN/jhcall" --addr "$DIST_ADDR" --raw | jq -c '[.ok]' | tr -d '\n')" \
	"[false][true]"
t_finish
