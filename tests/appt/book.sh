# book.sh — booking over the protocol against a real jhd: quotas, per-ID limits, cancel and
# re-book, the booking window, malformed ID numbers, roles, phone bookings with jhctl, and a
# database (and WAL, and log) that never holds an ID number in clear.
source "$(dirname "$0")/common.bash"
appt_setup

# B's slots have capacity 12 at a 28% share: 3 places each
expect_eq "slots lists B's 09:00 slot with its quota" \
	"$(q as_kiosk slots.0.start '{"op":"slots","service":"B"}')" "2026-11-23T09:00:00+08:00"
expect_eq "a slot's places are floor(capacity x share)" "$(q as_kiosk slots.0.quota '{"op":"slots","service":"B"}')" 3
expect_eq "the display may read the slots" "$(q as_display slots.0.free '{"op":"slots","service":"B"}')" 3

# book to the quota, and one more
codes=()
for n in 1 2 3; do codes+=("$(book as_kiosk B 09:00 "$n")"); done
check "three IDs book the three places of B 09:00" grep -qE '^[A-HJ-NP-Z2-9]{8} [A-HJ-NP-Z2-9]{8} [A-HJ-NP-Z2-9]{8}$' <<<"${codes[*]}"
expect_eq "the fourth gets quota_exhausted" "$(book as_kiosk B 09:00 4)" "error:quota_exhausted"
ans=$(printf '%s\n' '{"op":"book","service":"B","start":"2026-11-23T09:00:00+08:00","id_number":"'"$(idn 4)"'"}' | as_kiosk)
expect_match "quota_exhausted says how full the slot is" "$ans" 'fully booked \(3 of 3 places\)'
expect_eq "slots counts the places taken" "$(q as_kiosk slots.0.booked '{"op":"slots","service":"B"}'),$(q as_kiosk slots.0.free '{"op":"slots","service":"B"}')" "3,0"
ans=$(printf '%s\n' '{"op":"book","service":"B","start":"2026-11-23T09:30","id_number":"'"$(idn 5)"'"}' | as_kiosk)
expect_match "a kiosk booking is kept with channel kiosk and the masked ID" "$ans" '"channel":"kiosk".*|"id_masked":"'"$(mask 5)"'"'
expect_match "the answer shows the ID masked" "$ans" '"id_masked":"1101\*{10}'

# per-ID limits: one open booking per service, at most 3 in all
expect_eq "one open booking per service" "$(book as_kiosk B 10:00 1)" "error:limit_reached"
ans=$(printf '%s\n' '{"op":"book","service":"B","start":"2026-11-23T10:00:00+08:00","id_number":"'"$(idn 1)"'"}' | as_kiosk)
expect_match "limit_reached names the service" "$ans" 'already holds a booking for service B'
check "the same ID books C" test -n "$(book as_kiosk C 10:00 1 | grep -v error)"
check "and D (three open)" test -n "$(book as_kiosk D 10:00 1 | grep -v error)"
ans=$(printf '%s\n' '{"op":"book","service":"G","start":"2026-11-23T10:00:00+08:00","id_number":"'"$(idn 1)"'"}' | as_kiosk)
expect_match "a fourth open booking is refused" "$ans" '"code":"limit_reached".*3 open bookings'

# cancel and re-book
expect_eq "a kiosk may not cancel by id without the ID number" \
	"$(q as_kiosk appointment.state '{"op":"cancel_booking","appointment":1}')" "error:forbidden"
expect_eq "another's ID number does not cancel" \
	"$(q as_kiosk appointment.state '{"op":"cancel_booking","appointment":"'"${codes[1]}"'","id_number":"'"$(idn 9)"'"}')" "error:forbidden"
expect_eq "a kiosk may not cancel by booking code alone" \
	"$(q as_kiosk appointment.state '{"op":"cancel_booking","appointment":"'"${codes[1]}"'"}')" "error:forbidden"
expect_eq "a kiosk may not cancel by booking code with a null ID number" \
	"$(q as_kiosk appointment.state '{"op":"cancel_booking","appointment":"'"${codes[1]}"'","id_number":null}')" "error:forbidden"
expect_eq "cancel by booking code with the ID number" "$(q as_kiosk appointment.state '{"op":"cancel_booking","appointment":"'"${codes[1]}"'","id_number":"'"$(idn 2)"'"}')" cancelled
expect_eq "cancelling twice is a conflict" "$(q as_kiosk appointment.state '{"op":"cancel_booking","appointment":"'"${codes[1]}"'","id_number":"'"$(idn 2)"'"}')" "error:conflict"
expect_eq "the freed place is bookable again" "$(book as_kiosk B 09:00 4 2026-11-23 appointment.state)" booked
expect_eq "and the slot is full again" "$(book as_kiosk B 09:00 6)" "error:quota_exhausted"
expect_eq "the cancelled ID may book again" "$(book as_kiosk B 10:00 2 2026-11-23 appointment.state)" booked
expect_eq "no such booking code" "$(q as_kiosk appointment.state '{"op":"cancel_booking","appointment":"ZZZZZZZZ","id_number":"'"$(idn 2)"'"}')" "error:not_found"

# the window and the slot grid
expect_eq "a time that is not a slot" "$(book as_kiosk B 09:10 7)" "error:bad_request"
expect_eq "a slot of a past day" "$(book as_kiosk B 09:00 7 2026-11-20)" "error:bad_request"
expect_eq "the 5th working day ahead is bookable" "$(book as_kiosk B 09:00 7 2026-11-30 appointment.state)" booked
ans=$(printf '%s\n' '{"op":"book","service":"B","start":"2026-12-01T09:00:00+08:00","id_number":"'"$(idn 8)"'"}' | as_kiosk)
expect_match "the 6th is beyond the window" "$ans" '"code":"bad_request".*beyond the booking window \(the next 5 working days, until 2026-11-30\)'
expect_eq "a weekend has no slots" "$(book as_kiosk B 09:00 8 2026-11-28)" "error:bad_request"
clock_to 2026-11-23T09:00:01+08:00
expect_eq "a slot that has started cannot be booked" "$(book as_kiosk B 09:00 8)" "error:bad_request"
expect_eq "slots lists only slots not yet started" "$(q as_kiosk slots.0.start '{"op":"slots","service":"B"}')" "2026-11-23T09:30:00+08:00"
expect_eq "a service without slots" "$(q as_kiosk error.code '{"op":"slots","service":"A"}'; true)" "error:not_found"

# malformed ID numbers: bad_request, never echoed
bad=$(idn 11); bad="${bad:0:17}$(( (${bad:17:1} + 1) % 10 ))"
[ "${bad:17:1}" = X ] && bad="${bad:0:17}0"
ans=$(printf '%s\n' '{"op":"book","service":"B","start":"2026-11-23T10:30:00+08:00","id_number":"'"$bad"'"}' | as_kiosk)
expect_match "a wrong check digit is bad_request" "$ans" '"code":"bad_request".*check digit'
check "the error does not echo the ID number" bash -c '! grep -q "$1" <<<"$2"' _ "$bad" "$ans"
expect_eq "17 digits are bad_request" "$(q as_kiosk error.code '{"op":"book","service":"B","start":"2026-11-23T10:30:00+08:00","id_number":"11010519800101001"}'; true)" "error:bad_request"
expect_eq "an impossible birth date is bad_request" "$(q as_kiosk error.code '{"op":"book","service":"B","start":"2026-11-23T10:30:00+08:00","id_number":"110105198002300011"}'; true)" "error:bad_request"

# roles
expect_eq "a display may not book" "$(book as_display B 10:30 12)" "error:forbidden"
expect_eq "a kiosk may not list the day's appointments" "$(q as_kiosk date '{"op":"appointments"}')" "error:forbidden"
expect_eq "a monitor lists today's (7 booked)" "$(q as_monitor counts.booked '{"op":"appointments"}')" 7
expect_eq "a supervisor lists them by service" "$(q as_super counts.cancelled '{"op":"appointments","service":"B"}')" 1
expect_eq "a clerk books at the counter" "$(book 'as_clerk 1' B 10:30 12 2026-11-23 appointment.channel)" counter

# phone bookings with jhctl
out=$(jhctl book N 2026-11-24T14:00 "$(idn 13)")
expect_match "jhctl books for a phone caller" "$out" "^booked [A-Z2-9]{8}: service N 2026-11-24 14:00-14:30, booked, $(mask 13 | sed 's/\*/\\*/g') \(phone\)$"
code=$(awk '{print $2}' <<<"$out" | tr -d :)
out=$(idn 14 | jhctl book N 2026-11-24T14:00 -)
expect_match "jhctl book reads the ID number from stdin with -" "$out" '^booked .*\(phone\)$'
expect_match "jhctl cancel" "$(jhctl cancel "$code")" "^cancelled $code: .*cancelled"
out=$(jhctl book N 2026-11-24T14:00 "$bad" 2>&1)
expect_match "jhctl book reports a malformed ID number" "$out" 'bad_request'

# the hall file's appointment sections are checked at import, whole or not at all
sed 's/^mon-fri 09:00-12:00 every 30m capacity 12$/mon-fri 09:00-11:45 every 30m capacity 12/' \
	"$JH_TOP/server/examples/district.ini" >"$T_TMP/bad-slots.ini"
line=$(grep -n '11:45 every' "$T_TMP/bad-slots.ini" | cut -d: -f1)
out=$(jhctl import "$T_TMP/bad-slots.ini" 2>&1)
expect_match "a slot range that is not whole slots is refused with its line" "$out" "bad-slots.ini:line $line: .*bad_request"
printf '[slots A]\nmon-fri 09:00-10:00 every 30m quota 2\n' | cat "$JH_TOP/server/examples/district.ini" - >"$T_TMP/a-slots.ini"
expect_match "slots for a service without the appointment flag are refused" \
	"$(jhctl import "$T_TMP/a-slots.ini" 2>&1)" "\[slots A\]: service A has no flag 'appointment'"
printf '[slots Z]\nmon-fri 09:00-10:00 every 30m quota 2\n' | cat "$JH_TOP/server/examples/district.ini" - >"$T_TMP/z-slots.ini"
expect_match "slots for an unknown service are refused" "$(jhctl import "$T_TMP/z-slots.ini" 2>&1)" "\[slots Z\]: no such service"
expect_eq "a refused import leaves the slots as they were" "$(q as_kiosk slots.0.quota '{"op":"slots","service":"B"}')" 3
sed 's/^\[slots N\]$/[slots N]\nshare = 50%/; s/^mon-fri 09:00-12:00 every 30m quota 3$/mon-fri 09:00-12:00 every 30m capacity 10/' \
	"$JH_TOP/server/examples/district.ini" >"$T_TMP/n50.ini"
jhctl import "$T_TMP/n50.ini" >/dev/null
expect_eq "a re-import changes the slots at once (N: 50% of 10)" "$(q as_kiosk slots.0.quota '{"op":"slots","service":"N","from":"2026-11-24"}')" 5
jhctl import "$JH_TOP/server/examples/district.ini" >/dev/null

# privacy: no ID number in clear in the database, its WAL or the log
ids=(); for n in 1 2 3 4 5 6 7 8 11 12 13 14; do ids+=("$(idn "$n")"); done
ids+=("$bad")
leaks=0
for f in "$JHD_DB" "$JHD_DB-wal" "$JHD_LOG"; do
	for id in "${ids[@]}"; do grep -aqF "$id" "$f" 2>/dev/null && leaks=$((leaks + 1)); done
done
check "the WAL exists while jhd runs" test -s "$JHD_DB-wal"
check "the masked form is what is stored (the scan can see)" bash -c 'cat "$1" "$1-wal" | grep -aqF "$2"' _ "$JHD_DB" "$(mask 1)"
expect_eq "no ID number in clear in the database, the WAL or the log" "$leaks" 0
jhd_stop
leaks=0
for id in "${ids[@]}"; do grep -aqF "$id" "$JHD_DB" && leaks=$((leaks + 1)); done
expect_eq "nor after a checkpoint at shutdown" "$leaks" 0
check "the hashing key is private to jhd (mode 0600)" test "$(stat -c %a "$(dirname "$JHD_DB")/jiaohao-id.key")" = 600
t_finish
