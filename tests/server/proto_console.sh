# proto_console.sh — what the consoles rely on: status lists the next waiting tickets in the
# scheduler's order (per service and per window), and a supervisor moves a waiting ticket to
# another service keeping its issue time, while a clerk may move only its own called ticket.
source "$(dirname "$0")/common.bash"
proto_setup --test-clock 2026-03-02T10:00:00+08:00

# K is served by windows 6 and 12 (primary); J too. Index 10 is K, 9 is J; window 6 is index 5.
k1=$(q as_kiosk ticket.code '{"op":"take","service":"K"}')
as_local <<<'{"op":"clock","advance_s":60}' >/dev/null
k2=$(q as_kiosk ticket.code '{"op":"take","service":"K","priority":"green"}')
k3=$(q as_kiosk ticket.code '{"op":"take","service":"K"}')
expect_eq "three K tickets taken" "$k1 $k2 $k3" "K001 K002 K003"

st=$(echo '{"op":"status"}' | as_monitor)
expect_eq "status next: a green ticket taken after a normal one comes first" \
	"$(q as_monitor services.10.next.0.code '{"op":"status"}') $(q as_monitor services.10.next.1.code '{"op":"status"}') $(q as_monitor services.10.next.2.code '{"op":"status"}')" \
	"K002 K001 K003"
expect_match "status next gives priority and waited_s" "$st" \
	'"code":"K","name":"[^"]*","waiting":3,[^{]*"next":\[\{"id":[0-9]+,"code":"K002","service":"K","priority":"green","issued_at":"2026-03-02T10:01:00\+08:00","waited_s":0\},\{[^}]*"code":"K001"[^}]*"waited_s":60\}'
expect_eq "status next is empty for a service nobody waits for" \
	"$(q as_monitor services.0.next '{"op":"status"}')" "[]"
expect_eq "window next is what call_next would pick" \
	"$(q as_monitor windows.5.next.code '{"op":"status"}')" "K002"
expect_eq "window queue lists its next tickets in call order" \
	"$(q as_monitor windows.5.queue.1.code '{"op":"status"}')" "K001"
expect_eq "window next is null when none of its services has anyone waiting" \
	"$(q as_monitor windows.0.next '{"op":"status"}')" "null"
got=$(as_clerk 6 <<'X'
{"op":"open","window":"6"}
{"op":"call_next","window":"6"}
X
)
expect_match "call_next calls the window's listed next" "$(sed -n 2p <<<"$got")" '"code":"K002"'

# --- moving a waiting ticket ----------------------------------------------------------------
out=$(echo '{"op":"transfer","code":"K003","to_service":"A"}' | as_clerk 6)
expect_match "a clerk may not move a waiting ticket" "$out" '"code":"forbidden"'
out=$(echo '{"op":"transfer","code":"K001","to_service":"J"}' | as_super)
expect_match "a supervisor moves a waiting ticket to another service" "$out" \
	'"ok":true,"ticket":\{[^}]*"code":"K001","service":"J"[^}]*"state":"waiting"'
expect_match "the moved ticket keeps its issue time" "$out" '"issued_at":"2026-03-02T10:00:00\+08:00"'
expect_eq "the moved ticket is listed under its new service" \
	"$(q as_monitor services.9.next.0.code '{"op":"status"}')" "K001"
expect_eq "and no longer under its old one" \
	"$(q as_monitor services.10.next.0.code '{"op":"status"}')" "K003"
out=$(echo '{"op":"transfer","code":"K001","to_service":"J"}' | as_super)
expect_match "moving a ticket where it already waits is a conflict" "$out" '"code":"conflict"'
out=$(echo '{"op":"transfer","code":"Z999","to_service":"J"}' | as_super)
expect_match "moving an unknown ticket is not_found" "$out" '"code":"not_found"'
out=$(echo '{"op":"transfer","code":"K003","to_service":"ZZ"}' | as_super)
expect_match "moving to an unknown service is not_found" "$out" '"code":"not_found"'
out=$(echo '{"op":"transfer","code":"K003"}' | as_super)
expect_match "moving without a destination is bad_request" "$out" '"code":"bad_request"'
out=$(echo '{"op":"transfer","ticket_id":3,"to_window":"9"}' | as_super)
expect_match "a waiting ticket named by ticket_id moves to one window" "$out" \
	'"code":"K003".*"state":"waiting".*"to_window":"9"'

# a clerk names its own called ticket by code: the ordinary transfer
out=$(echo '{"op":"transfer","code":"K002","to_service":"H"}' | as_clerk 6)
expect_match "a clerk transfers its own called ticket named by code" "$out" \
	'"ok":true,"ticket":\{[^}]*"code":"K002","service":"H"[^}]*"state":"waiting"'
as_clerk 6 <<<'{"op":"call_next","window":"6"}' >/dev/null
out=$(echo '{"op":"transfer","code":"K002","to_service":"K"}' | as_clerk 12)
expect_match "a clerk may not transfer another window's called ticket" "$out" '"code":"forbidden"'
rows=$(sqlite3 "$JHD_DB" "SELECT what || ' ' || detail FROM ticket_events WHERE what = 'move' ORDER BY id" 2>&1)
expect_match "the move is in ticket_events with where from and to" "$rows" \
	'^move waiting: from service K to service J'
t_finish
