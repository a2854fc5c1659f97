# handle.sh — a service's expected handling time from the hall file (`handle = 12m`): re-import
# reports it; before any ticket of the service has been finished, ETAs use it instead of the
# 5-minute guess; once one has, the measurement moves it, also after a restart; the ETAs given
# survive the re-import.
source "$(dirname "$0")/common.bash"
proto_setup "" --test-clock 2026-11-23T10:00:00+08:00

# window 1 open, alone for service A; three tickets: the third waits for two handlings
as_clerk 1 <<<'{"op":"open"}' >/dev/null
eta3() { q as_kiosk ticket.eta_s '{"op":"take","service":"A"}'; }
as_kiosk <<<'{"op":"take","service":"A"}' >/dev/null
given2=$(as_kiosk --field ticket <<<'{"op":"take","service":"A"}' |
	jq -r '"eta \(.eta_s) range \(.eta_lo_s) \(.eta_hi_s)"')	# A002: what it is told
expect_eq "without a handling time in the hall file, the guess is 5 min a ticket" "$(eta3)" 600

sed '/^\[service A\]/a handle = 12m' "$JH_TOP/server/examples/district.ini" >"$T_TMP/hall.ini"
expect_match "re-import reports the handling time" "$(jhctl import "$T_TMP/hall.ini")" \
	'service A handle: 0s -> 720s'
expect_eq "with handle = 12m, the next A waits for three handlings of 12 min" "$(eta3)" 2160
expect_eq "the waiting tickets' ETAs follow (the second: one handling)" \
	"$(q as_kiosk ticket.eta_s '{"op":"ticket","code":"A002"}')" 720

# a measurement counts against the hall file's figure as 4 (A's mean (4 x 12 + 2) / 5 = 10
# min); window 1's own mean, one handling of 2 min, is shrunk towards A's by 10 handlings'
# worth: A001 called, finished after 2 min (test clock)
as_clerk 1 <<<'{"op":"call_next"}' >/dev/null
as_local <<<'{"op":"clock","advance_s":120}' >/dev/null 2>&1
as_clerk 1 <<<'{"op":"finish"}' >/dev/null
expect_eq "after a 2-minute handling, A at window 1 is expected to take (120 + 10 x 600) / 11 s" \
	"$(q as_kiosk ticket.eta_s '{"op":"ticket","code":"A003"}')" 556

# what A002 was told at its take (5 min and its range, before the re-import) is what its call
# records for the statistics: a re-import keeps the ETAs and ranges given
as_clerk 1 <<<'{"op":"call_next"}' >/dev/null
expect_eq "A002's call records the ETA it was given before the re-import" \
	"$(sqlite3 "$JHD_DB" "SELECT e.detail FROM ticket_events e JOIN tickets t ON t.id = e.ticket WHERE t.code = 'A002' AND e.what = 'call'")" "$given2"
expect_eq "which was 5 min" "${given2%% range*}" 'eta 300'

# A003 waits for A002's whole handling at window 1 (just called); a restart replays the
# finished tickets through the same learner, so it is told the same
expect_eq "A003 waits for one handling at window 1" \
	"$(q as_kiosk ticket.eta_s '{"op":"ticket","code":"A003"}')" 556
jhd_restart
expect_eq "after a restart, the same: the handling means are replayed from the log" \
	"$(q as_kiosk ticket.eta_s '{"op":"ticket","code":"A003"}')" 556

# a bad value is refused with its line
sed '/^\[service B\]/a handle = 2 minutes' "$JH_TOP/server/examples/district.ini" >"$T_TMP/bad.ini"
line=$(grep -n '^handle = 2 minutes' "$T_TMP/bad.ini" | cut -d: -f1)
expect_match "a bad handling time is refused with its line" "$(jhctl import "$T_TMP/bad.ini" 2>&1)" \
	"line $line: handle '2 minutes': a handling time from 30s to 4h"
t_finish
