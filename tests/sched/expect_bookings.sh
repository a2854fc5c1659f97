# expect_bookings.sh — today's bookings not checked in yet are arrivals the forecast expects
# (docs/SCHEDULING.md, "Bookings as arrivals"): a holder due at the slot start is called before
# the walk-ins still waiting then, so their ETA grows by a handling per booking; one expected
# after a walk-in's call changes nothing for it; a cancelled booking is expected no more, a
# checked-in holder is counted once (as the ticket it got); after a kill -9 the bookings are
# read again from the store; the hall file's prior (expect_show, expect_early) applies at a
# re-import; once its expected time has passed, a booking is expected no more.
source "$(dirname "$0")/../appt/common.bash"
appt_setup
clock_to 2026-11-23T09:24:00+08:00

# eta CODE: the ticket's eta_s now
eta() { q as_display ticket.eta_s '{"op":"ticket","code":"'"$1"'"}'; }

expect_match "window 1 (A, B, C) opens" "$(as_clerk 1 <<<'{"op":"open","window":"1"}')" '"state":"open"'
as_kiosk <<<'{"op":"take","service":"C"}' >/dev/null
expect_match "it calls a C ticket and is busy with it" \
	"$(as_clerk 1 <<<'{"op":"call_next"}')" '"code":"C001"'
x1=$(q as_kiosk ticket.code '{"op":"take","service":"B"}')
x2=$(q as_kiosk ticket.code '{"op":"take","service":"B"}')
x3=$(q as_kiosk ticket.code '{"op":"take","service":"B"}')
e1=$(eta "$x1"); e2=$(eta "$x2"); e3=$(eta "$x3")
hb=$((e2 - e1))
[ "$e1" -gt 0 ] && [ "$e1" -lt 360 ] && [ "$hb" -gt 0 ] && [ $((e3 - e2)) -eq "$hb" ] &&
	ok "three B walk-ins at 09:24 wait behind C001: $e1, $e2, $e3 s (a B handling $hb s)" ||
	not_ok "three B walk-ins at 09:24 wait behind C001: $e1, $e2, $e3 s"

# two holders of the 09:30 slot, expected at its start (no past days: the prior, earliness
# 0, nine in ten come: both of the first two), due then: called before X2 and X3
b1=$(book as_kiosk B 09:30 41); b2=$(book as_kiosk B 09:30 42)
expect_match "two bookings of B 09:30 are taken" "$b1 $b2" '^[A-Z0-9]{8} [A-Z0-9]{8}$'
expect_eq "the walk-in called before 09:30 waits as long as before" "$(eta "$x1")" "$e1"
expect_eq "the second walk-in now waits two B handlings longer" "$(eta "$x2")" "$((e2 + 2 * hb))"
expect_eq "and the third too" "$(eta "$x3")" "$((e3 + 2 * hb))"
expect_eq "a take answers with the bookings counted" \
	"$(q as_kiosk ticket.eta_s '{"op":"take","service":"B"}')" "$((e3 + 3 * hb))"
book as_kiosk D 09:30 43 >/dev/null
expect_eq "a booking of another service changes nothing for B" "$(eta "$x2")" "$((e2 + 2 * hb))"

expect_match "one B booking is cancelled" \
	"$(as_admin <<<'{"op":"cancel_booking","appointment":"'"$b2"'"}')" '"state":"cancelled"'
expect_eq "a cancelled booking is expected no more" "$(eta "$x2")" "$((e2 + hb))"
expect_match "the other holder checks in early" \
	"$(as_kiosk <<<'{"op":"checkin","appointment":"'"$b1"'","id_number":"'"$(idn 41)"'"}')" \
	'"priority":"appointment"'
expect_eq "a holder who checked in counts once, as the ticket it got" "$(eta "$x2")" \
	"$((e2 + hb))"

# a new booking, then kill -9: read again from the store at the restart
b4=$(book as_kiosk B 09:30 44)
expect_eq "a third booking is expected" "$(eta "$x2")" "$((e2 + 2 * hb))"
jhd_kill9
jhd_restart || { not_ok "jhd restarts after kill -9"; t_finish; }
clock_to 2026-11-23T09:24:00+08:00
expect_eq "after kill -9 the booking is still expected" "$(eta "$x2")" "$((e2 + 2 * hb))"

# the hall file's prior ([appointments] expect_show, expect_early), taken at a re-import
b5=$(book as_kiosk B 09:30 45)
expect_eq "a fourth booking: two holders expected" "$(eta "$x2")" "$((e2 + 3 * hb))"
jhd_hall_unlimited "$T_TMP/hall.ini"
sed 's/^\[appointments\]$/[appointments]\nexpect_show = 50%/' "$T_TMP/hall.ini" >"$T_TMP/show50.ini"
sed 's/^\[appointments\]$/[appointments]\nexpect_early = 10m/' "$T_TMP/hall.ini" >"$T_TMP/early10.ini"
jhctl import "$T_TMP/show50.ini" >/dev/null
expect_eq "with expect_show = 50% one of the two is expected" "$(eta "$x2")" "$((e2 + 2 * hb))"
jhctl import "$T_TMP/early10.ini" >/dev/null
expect_eq "with expect_early = 10m they were expected at 09:20: no more" "$(eta "$x2")" \
	"$((e2 + hb))"
jhctl import "$T_TMP/hall.ini" >/dev/null
expect_eq "with the default prior both again" "$(eta "$x2")" "$((e2 + 3 * hb))"

# at 09:30 the unchecked bookings b4 and b5 are expected now (and due): X1 waits behind the
# three holders; a second later their expected time has passed (late, or not coming): behind one
clock_to 2026-11-23T09:30:00+08:00
a=$(eta "$x1")
[ "$a" -ge $((3 * hb)) ] && ok "at 09:30 the first walk-in waits behind the three holders ($a s)" ||
	not_ok "at 09:30 the first walk-in waits behind the three holders: $a s"
as_local <<<'{"op":"clock","advance_s":1}' >/dev/null
b=$(eta "$x1")
# (C001's rest is then a quarter of its mean or a second less: one B handling less, within 1 s)
[ "$b" -le $((a - 2 * hb)) ] && [ "$b" -ge $((a - 2 * hb - 1)) ] &&
	ok "a second later the unchecked bookings are expected no more ($b s)" ||
	not_ok "a second later the unchecked bookings are expected no more: $b s, not $((a - 2 * hb)) (at 09:30 $a s)"
: "$b4" "$b5"
t_finish
