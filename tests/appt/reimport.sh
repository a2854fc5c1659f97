# reimport.sh — re-importing the hall file against a real jhd with bookings: a slot that holds
# live bookings cannot be removed or changed (conflict naming the slot and the booking codes,
# never an ID number; the bookings stay), the change report lists the slot changes, and a slot
# outside the hall's opening hours is refused with its line.
source "$(dirname "$0")/common.bash"
sample=$JH_TOP/server/examples/district.ini
appt_setup "$sample"	# as it is: the change reports compare against it
# slots_b SED-SCRIPT: the sample with SED-SCRIPT applied to [slots B] only (to stdout)
slots_b() { sed "/^\[slots B\]/,/^\[/{$1}" "$sample"; }
state() { q as_super appointment.state '{"op":"cancel_booking","appointment":"'"$1"'"}'; }

# two citizens book B at 09:00 tomorrow, one at 09:30
c1=$(book as_kiosk B 09:00 1 2026-11-24)
c2=$(book as_kiosk B 09:00 2 2026-11-24)
c3=$(book as_kiosk B 09:30 3 2026-11-24)
check "three bookings of B tomorrow morning" grep -qE '^[A-HJ-NP-Z2-9]{8} [A-HJ-NP-Z2-9]{8} [A-HJ-NP-Z2-9]{8}$' <<<"$c1 $c2 $c3"
count_b() { q as_super counts.booked '{"op":"appointments","date":"2026-11-24","service":"B"}'; }
expect_eq "(the supervisor sees them)" "$(count_b)" 3

# without B's morning slots: refused, naming the first slot and its codes
slots_b '/^mon-fri 09:00-12:00 every 30m capacity 12$/d' >"$T_TMP/nomorning.ini"
out=$(jhctl import "$T_TMP/nomorning.ini" 2>&1)
rc=$?
check "removing slots with live bookings makes import fail" test $rc -ne 0
expect_match "it is a conflict naming the slot, its bookings and their codes" "$out" \
	"slot 2026-11-24 09:00 of service B has 2 live bookings \(codes $c1, $c2\); the new file removes it \(and 1 more slot with 1 live booking\); cancel the bookings first or keep the slots \(conflict\)"
leak=0
for n in 1 2 3; do grep -qF "$(idn "$n")" <<<"$out" && leak=1; done
expect_eq "no ID number in the refusal" "$leak" 0
expect_eq "the bookings stay" "$(count_b)" 3
expect_eq "and so do the slots" "$(q as_kiosk slots.0.start '{"op":"slots","service":"B","from":"2026-11-24"}')" \
	"2026-11-24T09:00:00+08:00"

# the whole [slots B] section gone, the slots made longer, the day made a holiday: the same
sed '/^\[slots B\]/,/^\[slots C\]/{/^\[slots C\]/!d}' "$sample" >"$T_TMP/noslotsb.ini"
expect_match "without [slots B]: conflict" "$(jhctl import "$T_TMP/noslotsb.ini" 2>&1)" \
	"slot 2026-11-24 09:00 of service B has 2 live bookings .*the new file removes it.*\(conflict\)"
slots_b 's/^mon-fri 09:00-12:00 every 30m capacity 12$/mon-fri 09:00-12:00 every 1h capacity 12/' \
	>"$T_TMP/hourly.ini"
expect_match "hour-long slots instead of half-hours: conflict, saying what the slot would become" \
	"$(jhctl import "$T_TMP/hourly.ini" 2>&1)" \
	"slot 2026-11-24 09:00 of service B has 2 live bookings \(codes [^)]*\); the new file makes it 09:00-10:00 .*\(conflict\)"
sed 's/^holidays = 2026-10-01, /holidays = 2026-11-24, 2026-10-01, /' "$sample" >"$T_TMP/holiday.ini"
expect_match "the booked day made a holiday: conflict" "$(jhctl import "$T_TMP/holiday.ini" 2>&1)" \
	"slot 2026-11-24 09:00 of service B has 2 live bookings.*\(conflict\)"
expect_eq "after all that the bookings stay booked" "$(count_b)" 3

# fewer places than bookings: allowed (the bookings are kept), and the report says so
slots_b 's/^mon-fri 09:00-12:00 every 30m capacity 12$/mon-fri 09:00-12:00 every 30m quota 1/' \
	>"$T_TMP/quota1.ini"
out=$(jhctl import "$T_TMP/quota1.ini" 2>&1)
expect_match "a smaller quota is reported as a slot change" "$out" \
	"slots of service B: mon-fri 09:00-12:00 every 30m capacity 12 -> quota 1"
expect_match "and the slot kept over its places is named" "$out" \
	"slot 2026-11-24 09:00 of service B keeps its 2 bookings over its new 1 place$"
expect_match "two changes" "$out" "; 2 changes$"
expect_eq "the bookings stay" "$(count_b)" 3

# the change report lists slot changes that touch no booking
jhctl import "$sample" >/dev/null
{
	sed -e '/^\[slots B\]/,/^\[/{s/^mon-fri 13:30-17:00 every 30m capacity 12$/mon-fri 13:30-17:00 every 30m quota 2\nsat 09:00-11:00 every 1h quota 2/}' \
		-e '/^\[slots C\]/,/^\[/{/^mon-fri 13:30-16:30 every 1h capacity 8$/d}' \
		-e '/^\[slots P\]/,/^\[/{/^\[slots P\]/d;/^mon-fri/d}' \
		-e 's/^holidays = 2026-10-01, /holidays = 2026-12-31, 2026-10-01, /' "$sample"
	printf '[slots N]\nshare = 50%%\n'
} >"$T_TMP/changed.ini"
out=$(jhctl import "$T_TMP/changed.ini" 2>&1)
expect_match "a slot line whose places change" "$out" \
	"^slots of service B: mon-fri 13:30-17:00 every 30m capacity 12 -> quota 2$"
expect_match "a slot line added" "$out" "^slots of service B added: sat 09:00-11:00 every 1h quota 2$"
expect_match "a slot line removed" "$out" "^slots of service C removed: mon-fri 13:30-16:30 every 1h capacity 8$"
expect_match "a [slots] section removed" "$out" "^slots of service P removed$"
expect_match "a service's share" "$out" "^slots of service N share: the hall's -> 50%$"
expect_match "a holiday added" "$out" "^appointments holidays added: 2026-12-31$"
expect_match "six changes, not 0" "$out" "; 6 changes$"
out=$(jhctl import "$sample")
expect_match "and back: each the other way" "$out" "^slots of service P added: mon-fri 09:00-12:00 every 1h capacity 8$"
expect_match "(six again)" "$out" "; 6 changes$"
expect_match "the same file again: 0 changes" "$(jhctl import "$sample")" "; 0 changes$"

# bookings that are no longer live do not hold their slot: cancelled, or past slot end + grace
expect_eq "cancel the 09:30 booking" "$(state "$c3")" cancelled
expect_match "with only the 09:00 slot's bookings the refusal names no more slots" \
	"$(jhctl import "$T_TMP/nomorning.ini" 2>&1)" "the new file removes it; cancel the bookings first or keep the slot \(conflict\)"
clock_to 2026-11-24T09:44:59+08:00
expect_match "a booking still live at slot end + grace (09:30 + 15m)" \
	"$(jhctl import "$T_TMP/nomorning.ini" 2>&1)" "has 2 live bookings.*\(conflict\)"
clock_to 2026-11-24T09:45:01+08:00
out=$(jhctl import "$T_TMP/nomorning.ini" 2>&1)
expect_match "past it, they are no-shows: the slots may go" "$out" \
	"slots of service B removed: mon-fri 09:00-12:00 every 30m capacity 12"
jhctl import "$sample" >/dev/null

# slots outside the hall's opening hours (09:00-17:00)
slots_b 's/^mon-fri 09:00-12:00 every 30m capacity 12$/mon-fri 07:00-12:00 every 30m capacity 12/' \
	>"$T_TMP/early.ini"
line=$(grep -n '^mon-fri 07:00-12:00' "$T_TMP/early.ini" | cut -d: -f1)
expect_match "a slot before opening is refused with its line" "$(jhctl import "$T_TMP/early.ini" 2>&1)" \
	"early.ini:line $line: slot 07:00 is outside the hall's hours 09:00-17:00 \(bad_request\)"
slots_b 's/^mon-fri 13:30-17:00 every 30m capacity 12$/mon-fri 13:30-17:30 every 30m capacity 12/' \
	>"$T_TMP/late.ini"
line=$(grep -n '^mon-fri 13:30-17:30' "$T_TMP/late.ini" | cut -d: -f1)
expect_match "a slot after closing too" "$(jhctl import "$T_TMP/late.ini" 2>&1)" \
	"late.ini:line $line: slot 17:00 is outside the hall's hours 09:00-17:00 \(bad_request\)"
slots_b 's/^mon-fri 13:30-17:00 every 30m capacity 12$/mon-fri 13:30-14:30 every 30m capacity 12\nmon-fri 16:30-17:30 every 1h capacity 12/' \
	>"$T_TMP/over.ini"
line=$(grep -n '^mon-fri 16:30-17:30' "$T_TMP/over.ini" | cut -d: -f1)
expect_match "a slot that runs past closing is named with its end" "$(jhctl import "$T_TMP/over.ini" 2>&1)" \
	"over.ini:line $line: slot 16:30-17:30 is outside the hall's hours 09:00-17:00"
sed 's/^close = 17:00$/close = 16:00/' "$sample" >"$T_TMP/close16.ini"
line=$(grep -n '^mon-fri 13:30-17:00 every 30m capacity 12$' "$T_TMP/close16.ini" | head -1 | cut -d: -f1)
expect_match "closing earlier than the slots: refused at the first slot line it cuts" \
	"$(jhctl import "$T_TMP/close16.ini" 2>&1)" \
	"close16.ini:line $line: slot 16:00 is outside the hall's hours 09:00-16:00"
expect_eq "none of these was applied" "$(q as_kiosk hall.hours '{"op":"status"}')" "09:00-17:00"

# a slot with many bookings: the refusal shows six codes and counts the rest
slots_b 's/^mon-fri 09:00-12:00 every 30m capacity 12$/mon-fri 09:00-12:00 every 30m quota 10/' \
	>"$T_TMP/quota10.ini"
jhctl import "$T_TMP/quota10.ini" >/dev/null
codes=()
for n in $(seq 11 18); do codes+=("$(book as_kiosk B 10:00 "$n" 2026-11-25)"); done
slots_b 's/^mon-fri 09:00-12:00 every 30m capacity 12$/mon-fri 09:00-10:00 every 30m quota 10/' \
	>"$T_TMP/short.ini"
expect_match "eight bookings: six codes and 2 more" "$(jhctl import "$T_TMP/short.ini" 2>&1)" \
	"slot 2026-11-25 10:00 of service B has 8 live bookings \(codes ${codes[0]}, ${codes[1]}, ${codes[2]}, ${codes[3]}, ${codes[4]}, ${codes[5]} and 2 more\); the new file removes it; cancel"
t_finish
