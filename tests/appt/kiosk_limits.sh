# kiosk_limits.sh — what a kiosk's token may do (issue 18, item 3), against a real jhd with the
# test clock: the hall's [limits] stop one kiosk from booking every place with made-up valid
# ID numbers and from flooding takes (rate_limited with retry_after, one supervisor alert per
# episode naming the device, other kiosks and clerks unaffected); check-in and cancel need the
# booking's ID number (not the sequential id, not the code alone); a monitor sees no booking
# codes. Every figure is read back from jhd.
source "$(dirname "$0")/common.bash"
appt_setup "$JH_TOP/server/examples/district.ini"	# its [limits] as they are
KIOSK2_TOKEN=$(jhd_device kiosk-2 kiosk)
as_kiosk2() { jhcall --addr "$JHD_ADDR" --role kiosk --device kiosk-2 --token "$KIOSK2_TOKEN" "$@"; }

# book_reqs FIRST N SERVICE: N book requests for made-up, valid ID numbers FIRST.. (check digit
# computed), spread over the service's slots in the booking window
book_reqs() {
	local first=$1 n=$2 svc=$3
	q as_kiosk slots "{\"op\":\"slots\",\"service\":\"$svc\"}" | jq -r '.[].start' >"$T_TMP/starts"
	awk -v first="$first" -v n="$n" -v svc="$svc" '
		{ start[NR - 1] = $0 } END {
			split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
			checks = "10X98765432"
			for (i = 0; i < n; i++) {
				body = sprintf("110105198001%02d%03d", 1 + int((first + i) / 999) % 28,
				    (first + i) % 999 + 1)
				s = 0
				for (k = 1; k <= 17; k++) s += substr(body, k, 1) * w[k]
				printf "{\"op\":\"book\",\"service\":\"%s\",\"start\":\"%s\",\"id_number\":\"%s%s\"}\n",
				    svc, start[i % NR], body, substr(checks, s % 11 + 1, 1)
			}
		}' "$T_TMP/starts"
}
appointments_booked() {	# on every day of the window, as the supervisor reads them
	local d total=0
	for d in 23 24 25 26 27 30; do
		total=$((total + $(q as_super counts.booked '{"op":"appointments","date":"2026-11-'"$d"'"}')))
	done
	echo "$total"
}

# the alerts the supervisor hears while the kiosks misbehave
as_super --events 1000 --timeout 60000 >"$T_TMP/alerts" 2>&1 <<<'{"op":"subscribe","topics":["alerts"]}' &
sup=$!
t_at_exit "kill $sup 2>/dev/null"
sleep 0.5

# 1. one kiosk books as many places as the issue's attacker did (1,409) with made-up valid ID
# numbers: stopped at bookings_per_hour (20)
book_reqs 1 1409 B | as_kiosk >"$T_TMP/book.out"
expect_eq "every one of 1,409 bookings gets one answer" "$(wc -l <"$T_TMP/book.out")" 1409
expect_eq "the first 20 are booked (bookings_per_hour = 20)" "$(grep -c '"ok":true' "$T_TMP/book.out")" 20
expect_eq "the other 1,389 are refused with rate_limited" "$(grep -c '"code":"rate_limited"' "$T_TMP/book.out")" 1389
expect_match "rate_limited says when to try again (20 an hour: in 180 s)" \
	"$(grep -m1 rate_limited "$T_TMP/book.out")" '"retry_after":180[,}]'
expect_match "and names the limit" "$(grep -m1 rate_limited "$T_TMP/book.out")" \
	'kiosk-1 may book at most 20 times an hour.*bookings_per_hour'
expect_eq "jhd holds 20 bookings, not the slots' places" "$(appointments_booked)" 20

# 2. 5,000 takes in a burst: 30 tickets (takes_per_minute = 30), the rest refused
yes '{"op":"take","service":"A"}' | head -5000 | as_kiosk >"$T_TMP/take.out"
expect_eq "every one of 5,000 takes gets one answer" "$(wc -l <"$T_TMP/take.out")" 5000
expect_eq "30 tickets are issued" "$(grep -c '"ok":true' "$T_TMP/take.out")" 30
expect_match "then rate_limited, a ticket every 2 s" "$(grep -m1 rate_limited "$T_TMP/take.out")" '"retry_after":2[,}]'
expect_eq "jhd's queue holds the 30 tickets" \
	"$(q as_super services '{"op":"status"}' | jq '[.[] | select(.code == "A") | .waiting] | add')" 30
expect_eq "another kiosk still takes" "$(q as_kiosk2 ticket.code '{"op":"take","service":"A"}')" A031
expect_eq "a clerk at the counter still takes" "$(q 'as_clerk 1' ticket.code '{"op":"take","service":"A"}')" A032

# 3. the supervisors: one alert for the episode, naming the device
alerts=$(q as_super alerts '{"op":"status"}')
expect_match "status shows the alert rate_limited naming kiosk-1 and its ops" \
	"$(jq -c '.[] | select(.kind == "rate_limited")' <<<"$alerts")" '"source":"jhd".*kiosk-1 \(book\)'
clock_to 2026-11-23T08:01:00+08:00
expect_eq "a minute later the kiosk takes again" "$(q as_kiosk ticket.code '{"op":"take","service":"A"}')" A033
expect_eq "the supervisor heard of it once, not for each of 6,359 refusals" \
	"$(grep -c '"kind":"rate_limited".*"cleared":false' "$T_TMP/alerts")" 1
check "the log names the device and its address once" \
	test "$(grep -c 'device kiosk-1 from 127.0.0.1: over its limit' "$JHD_LOG")" = 1
clock_to 2026-11-23T08:03:00+08:00	# quiet for RL_QUIET_S: the episode is over
for i in $(seq 1 40); do
	[ -z "$(q as_super alerts '{"op":"status"}' | jq -c '.[] | select(.kind == "rate_limited")')" ] && break
	sleep 0.1
done
expect_eq "once the kiosk is quiet the alert is cleared" \
	"$(q as_super alerts '{"op":"status"}' | jq -c '.[] | select(.kind == "rate_limited")')" ""
expect_eq "with one event" "$(grep -c '"kind":"rate_limited".*"cleared":true' "$T_TMP/alerts")" 1

# 4. check-in and cancel need the booking's ID number
code1=$(q as_super appointments.0.code '{"op":"appointments"}')
id1=$(q as_super appointments.0.id '{"op":"appointments"}')
num1=$(book_reqs 1 1 B | jq -r .id_number)	# the first made-up number booked the first place
clock_to 2026-11-23T08:30:00+08:00
ans=$(printf '%s\n' '{"op":"checkin","appointment":'"$id1"'}' | as_kiosk)
expect_match "a kiosk's check-in by sequential appointment id is refused" "$ans" '"code":"forbidden"'
check "and tells no booking code" test -z "$(grep -F "$code1" <<<"$ans")"
expect_match "by id with the ID number: refused too (ids are sequential)" \
	"$(printf '%s\n' '{"op":"checkin","appointment":'"$id1"',"id_number":"'"$num1"'"}' | as_kiosk)" '"code":"forbidden"'
expect_match "check-in by booking code alone is refused" \
	"$(printf '%s\n' '{"op":"checkin","appointment":"'"$code1"'"}' | as_kiosk)" '"code":"forbidden".*ID number'
expect_match "by code with another's ID number: refused" \
	"$(printf '%s\n' '{"op":"checkin","appointment":"'"$code1"'","id_number":"'"$(idn 777)"'"}' | as_kiosk)" '"code":"forbidden".*does not match'
expect_match "cancel by booking code without the ID number is refused" \
	"$(printf '%s\n' '{"op":"cancel_booking","appointment":"'"$code1"'"}' | as_kiosk)" '"code":"forbidden"'
expect_eq "the booking is still booked in jhd" \
	"$(q as_super appointments '{"op":"appointments"}' | jq -r '.[] | select(.code == "'"$code1"'") | .state')" booked
expect_eq "its code and ID number check it in" \
	"$(q as_kiosk appointment.state '{"op":"checkin","appointment":"'"$code1"'","id_number":"'"$num1"'"}')" checked_in
code2=$(q as_super appointments.1.code '{"op":"appointments"}')
num2=$(book_reqs 2 1 B | jq -r .id_number)
expect_eq "its code and ID number cancel it" \
	"$(q as_kiosk appointment.state '{"op":"cancel_booking","appointment":"'"$code2"'","id_number":"'"$num2"'"}')" cancelled

# 5. a monitor (jhweb, a screen) lists the appointments without their codes
mon=$(q as_monitor appointments '{"op":"appointments"}')
expect_eq "a monitor sees today's appointments" "$(jq length <<<"$mon")" "$(q as_super counts '{"op":"appointments"}' | jq 'add')"
expect_eq "but no booking code" "$(jq '[.[] | select(has("code"))] | length' <<<"$mon")" 0
check "nor any code anywhere in the answer" test -z "$(printf '%s\n' '{"op":"appointments"}' | as_monitor | grep -F "$code1")"
expect_match "the supervisor sees them" "$(q as_super appointments '{"op":"appointments"}')" "\"code\":\"$code1\""

# 6. the limits are the hall file's
{ cat "$JH_TOP/server/examples/district.ini"; } | sed 's/^takes_per_minute = 30$/takes_per_minute = 3/' >"$T_TMP/hall.ini"
expect_match "an import reports a changed limit" "$(jhctl import "$T_TMP/hall.ini" 2>&1)" 'limits takes_per_minute: 30 -> 3'
clock_to 2026-11-23T08:40:00+08:00
yes '{"op":"take","service":"C"}' | head -10 | as_kiosk2 >"$T_TMP/take2.out"
expect_eq "takes_per_minute = 3: three tickets" "$(grep -c '"ok":true' "$T_TMP/take2.out")" 3
sed 's/^takes_per_minute = 30$/takes_per_minute = many/' "$JH_TOP/server/examples/district.ini" >"$T_TMP/bad.ini"
expect_match "a bad limit is refused with its line" "$(jhctl import "$T_TMP/bad.ini" 2>&1)" \
	'line [0-9]+: takes_per_minute must be a whole number from 0 to 100000'
t_finish
