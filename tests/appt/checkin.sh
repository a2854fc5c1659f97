# checkin.sh — check-in against a real jhd with the test clock: too early, early (waits for
# its slot), on time, late (a normal ticket), missed; by ID number and by booking code; the
# ticket carries its slot and jhkiosk prints it; a due appointment is called before older
# walk-ins.
source "$(dirname "$0")/common.bash"
appt_setup

c31=$(book as_kiosk B 09:00 31); c32=$(book as_kiosk B 09:00 32); c33=$(book as_kiosk B 09:00 33)
c34=$(book as_kiosk B 10:00 34); c35=$(book as_kiosk B 10:00 35)
c36=$(book as_kiosk B 09:00 36 2026-11-24)
checkin_id() { printf '%s\n' '{"op":"checkin","id_number":"'"$(idn "$1")"'"}' | as_kiosk; }
# checkin_code CODE N: by booking code with the ID number idn N (a kiosk needs both)
checkin_code() { printf '%s\n' '{"op":"checkin","appointment":"'"$1"'","id_number":"'"$(idn "$2")"'"}' | as_kiosk; }

ans=$(checkin_id 34)
expect_match "more than an hour before the slot is too early" "$ans" '"code":"conflict".*too early: check-in opens at 2026-11-23T09:00:00\+08:00'
expect_match "a booking of another day: none today by ID number" "$(checkin_id 36)" '"code":"not_found"'
expect_match "by code: not today" "$(checkin_code "$c36" 36)" '"code":"conflict".*not today'
expect_match "an unknown ID number has no booking" "$(checkin_id 99)" '"code":"not_found"'
expect_eq "a display may not check in" "$(q as_display ticket '{"op":"checkin","appointment":"'"$c31"'"}')" "error:forbidden"

# walk-ins before the appointment holder arrives
clock_to 2026-11-23T08:40:00+08:00
for i in 1 2 3; do as_kiosk <<<'{"op":"take","service":"B"}' >/dev/null; done

# early, through jhkiosk: a ticket that prints its slot
clock_to 2026-11-23T08:50:00+08:00
printf '%s' "$KIOSK_TOKEN" >"$T_TMP/token"
out=$("$JH_BIN/jhkiosk" --server "$JHD_ADDR" --device kiosk-1 --token-file "$T_TMP/token" \
	--format escpos --no-print --output "$T_TMP/ticket.bin" --checkin "$(idn 31)" 2>&1)
expect_match "jhkiosk checks in by ID number" "$out" '^ticket B004 not printing'
needle=$(printf '\xd4\xa4\xd4\xbc\xca\xb1\xb6\xce 09:00-09:30')	# 预约时段 in GB18030
check "the printed ticket carries the slot line" grep -qaF "$needle" "$T_TMP/ticket.bin"
t=$(printf '%s\n' '{"op":"ticket","code":"B004"}' | as_kiosk)
expect_match "an early check-in gets priority appointment" "$t" '"priority":"appointment"'
expect_match "through the appointment channel" "$t" '"channel":"appointment"'
expect_match "with its slot" "$t" '"slot":"09:00-09:30","slot_start":"2026-11-23T09:00:00\+08:00","slot_end":"2026-11-23T09:30:00\+08:00"'
ans=$(checkin_id 31)
expect_match "checking in twice is a conflict" "$ans" '"code":"conflict".*already checked in'
expect_match "the appointment records the lane and the ticket" \
	"$(printf '%s\n' '{"op":"appointments"}' | as_super | grep -o '"code":"'"$c31"'"[^}]*')" '"state":"checked_in".*"ticket_id":4,"lane":"early"'

# before its slot the appointment waits like a normal ticket; once due it goes first
clock_to 2026-11-23T08:55:00+08:00
as_clerk 1 <<<'{"op":"open"}' >/dev/null
expect_eq "before the slot, the oldest walk-in is called" "$(q 'as_clerk 1' ticket.code '{"op":"call_next"}')" B001
as_clerk 1 <<<'{"op":"finish"}' >/dev/null
clock_to 2026-11-23T09:05:00+08:00
expect_eq "a due appointment is called before older walk-ins" "$(q 'as_clerk 1' ticket.code '{"op":"call_next"}')" B004
as_clerk 1 <<<'{"op":"finish"}' >/dev/null

# on time, by booking code
clock_to 2026-11-23T09:10:00+08:00
ans=$(checkin_code "$c32" 32)
expect_match "on time: lane on_time" "$ans" '"lane":"on_time"'
expect_match "on time: priority appointment" "$ans" '"ticket":\{[^}]*"priority":"appointment"'
# late: after start + grace, a normal ticket
clock_to 2026-11-23T09:20:00+08:00
ans=$(checkin_id 33)
expect_match "late: lane late" "$ans" '"lane":"late"'
expect_match "late: a normal ticket, not refused" "$ans" '"ticket":\{[^}]*"priority":"normal"'
# missed: after end + grace
clock_to 2026-11-23T10:45:01+08:00
ans=$(checkin_id 35)
expect_match "after slot end + grace: missed" "$ans" '"code":"conflict".*was missed; please take a normal ticket'
expect_eq "the day's count" "$(printf '%s\n' '{"op":"appointments"}' | as_super | grep -o '"counts":{[^}]*}')" \
	'"counts":{"booked":0,"checked_in":3,"no_show":2,"cancelled":0}'
t_finish
