# early_eta.sh — a ticket taken before the windows open is told the wait that counts the time
# until the hall's opening time (docs/SCHEDULING.md, "Before the windows open"), and the ETA and
# range its take was answered with are stored with it: after a kill -9 of jhd between the take
# and the call, the call event still carries them and `stats` counts the ticket.
source "$(dirname "$0")/../server/common.bash"
HALL=$T_TMP/hall-0830.ini
jhd_hall_opening "$HALL" 08:30 || { not_ok "the test hall opens at 08:30"; t_finish; }
proto_setup "$HALL" --test-clock 2026-03-02T07:50:00+08:00

# fig JSON: "eta_s eta_lo_s eta_hi_s" of the ticket in an answer
fig() { jq -r '.ticket | "\(.eta_s) \(.eta_lo_s) \(.eta_hi_s)"' <<<"$1"; }

# every window closed, 40 minutes before opening
a=$(as_kiosk <<<'{"op":"take","service":"A"}')
read -r eta lo hi <<<"$(fig "$a")"
code=$(jq -r .ticket.code <<<"$a")
expect_match "a take at 07:50 is answered with a wait of at least 40 min (eta_s $eta)" \
	"$eta" '^(2[4-9][0-9][0-9]|[3-9][0-9]{3}|[0-9]{5,})$'
[ "${lo:--1}" -ge 2400 ] && [ "${hi:--1}" -ge "$lo" ] &&
	ok "its range starts at the opening time at the earliest ($lo-$hi s)" ||
	not_ok "its range starts at the opening time at the earliest: $lo-$hi s"
expect_eq "the ticket op says the same figures" \
	"$(fig "$(as_display <<<'{"op":"ticket","code":"'"$code"'"}')")" "$eta $lo $hi"
b=$(as_kiosk <<<'{"op":"take","service":"A"}')
read -r eta2 lo2 hi2 <<<"$(fig "$b")"
[ "${eta2:--1}" -ge 2400 ] && [ "${lo2:--1}" -ge 2400 ] &&
	ok "the next ticket of A waits for the opening too ($eta2 s, $lo2-$hi2 s)" ||
	not_ok "the next ticket of A waits for the opening too: $eta2 s, $lo2-$hi2 s"

# kill -9 between the take and the call: what each was told is kept with it
jhd_kill9
jhd_restart || { not_ok "jhd restarts after kill -9"; t_finish; }
expect_eq "after the restart the ticket still waits" \
	"$(q as_display ticket.state '{"op":"ticket","code":"'"$code"'"}')" waiting
as_local <<<'{"op":"clock","advance_s":2400}' >/dev/null
out=$(as_clerk 1 <<<'{"op":"open","window":"1"}')
expect_match "window 1 opens at 08:30" "$out" '"state":"open"'
out=$(as_clerk 1 <<<'{"op":"call_next"}')
expect_match "its call at 08:30 calls it" "$out" "\"code\":\"$code\""
expect_eq "the call event records the ETA and range given at the take, across the kill -9" \
	"$(sqlite3 "$JHD_DB" "SELECT detail FROM ticket_events WHERE what = 'call' AND ticket = (SELECT id FROM tickets WHERE code = '$code')")" \
	"eta $eta range $lo $hi"
as_clerk 1 <<<'{"op":"finish"}' >/dev/null
s=$(as_super <<<'{"op":"stats","from":"2026-03-02","to":"2026-03-03"}')
expect_eq "stats counts its ETA and its range" \
	"$(jq -r '[.. | objects | select(has("etas")) | .etas, .eta_ranges] | .[0:2] | join(" ")' <<<"$s")" "1 1"

# the second ticket's first call records its figures; transferred to B, its second leg was
# promised nothing: called again after another kill -9, its call event carries no ETA
code2=$(jq -r .ticket.code <<<"$b")
out=$(as_clerk 1 <<<'{"op":"call_next"}')
expect_match "the next call at window 1 calls the second ticket" "$out" "\"code\":\"$code2\""
expect_match "which is transferred to service B" \
	"$(as_clerk 1 <<<'{"op":"transfer","window":"1","to_service":"B"}')" '"ok":true'
jhd_kill9
jhd_restart || { not_ok "jhd restarts after the second kill -9"; t_finish; }
out=$(as_clerk 1 <<<'{"op":"call_next"}')
expect_match "its second leg is called" "$out" "\"code\":\"$code2\""
expect_eq "its two calls: the ETA given on the first only" \
	"$(sqlite3 "$JHD_DB" "SELECT coalesce(detail, '-') FROM ticket_events WHERE what = 'call' AND ticket = (SELECT id FROM tickets WHERE code = '$code2') ORDER BY id" | tr '\n' ' ')" \
	"eta $eta2 range $lo2 $hi2 - "
t_finish
