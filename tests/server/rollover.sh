# rollover.sh — the business day under the test clock: codes restart per service each day in
# the hall's time zone, and tickets still waiting at the roll-over are cancelled with an event.
source "$(dirname "$0")/common.bash"
proto_setup --test-clock 2026-03-02T16:50:00+08:00

as_display --events 100000 --timeout 60000 >"$T_TMP/events" 2>&1 <<<'{"op":"subscribe","topics":["tickets"]}' &
SUB=$!
t_at_exit "kill $SUB 2>/dev/null"
for i in $(seq 50); do grep -q '"topics"' "$T_TMP/events" && break; sleep 0.05; done

expect_eq "first ticket of the day" "$(q as_kiosk ticket.code '{"op":"take","service":"A"}')" A001
expect_eq "second ticket" "$(q as_kiosk ticket.code '{"op":"take","service":"A"}')" A002
as_super <<<'{"op":"open","window":"1"}' >/dev/null
expect_eq "A001 is called before closing" "$(q as_super ticket.code '{"op":"call_next","window":"1"}')" A001

expect_eq "the clock moves to the next morning" "$(q as_local now '{"op":"clock","set":"2026-03-03T08:00:00+08:00"}')" 2026-03-03T08:00:00+08:00
expect_eq "a ticket left waiting is cancelled at the roll-over" "$(q as_kiosk ticket.state '{"op":"ticket","code":"A002","day":"2026-03-02"}')" cancelled
expect_eq "a called ticket stays with its window" "$(q as_kiosk ticket.state '{"op":"ticket","code":"A001","day":"2026-03-02"}')" called
expect_eq "the roll-over is in the event log" "$(sqlite3 "$JHD_DB" "SELECT what || ':' || detail FROM ticket_events WHERE ticket = 2 ORDER BY id DESC LIMIT 1")" "cancel:day roll-over"
expect_eq "codes restart the next day" "$(q as_kiosk ticket.code '{"op":"take","service":"A"}')" A001
expect_eq "status shows the new date" "$(q as_monitor hall.date '{"op":"status"}')" 2026-03-03
expect_eq "a code names today's ticket" "$(q as_kiosk ticket.issued_at '{"op":"ticket","code":"A001"}')" 2026-03-03T08:00:00+08:00

# midnight is the hall's (UTC+8), not UTC's
as_local <<<'{"op":"clock","set":"2026-03-03T23:59:59+08:00"}' >/dev/null
expect_eq "a ticket at 23:59:59 local" "$(q as_kiosk ticket.code '{"op":"take","service":"B"}')" B001
as_local <<<'{"op":"clock","advance_s":1}' >/dev/null
expect_eq "one second later (15:00 UTC) the day has rolled over" "$(q as_monitor hall.date '{"op":"status"}')" 2026-03-04
expect_eq "and B restarts at 001" "$(q as_kiosk ticket.code '{"op":"take","service":"B"}')" B001

as_kiosk <<<'{"op":"take","service":"C"}' >/dev/null
for i in $(seq 100); do grep -q '"code":"C001"' "$T_TMP/events" && break; sleep 0.05; done
kill $SUB 2>/dev/null
expect_match "subscribers get a ticket event for the cancellation" "$(cat "$T_TMP/events")" \
	'"event":"ticket","ticket":\{"id":2,"code":"A002"[^}]*"state":"cancelled"'

# a roll-over that happened while the server was down is done at start
jhd_stop
JHD_ARGS=(--test-clock 2026-03-05T09:00:00+08:00)
jhd_restart || { not_ok "jhd restarts"; t_finish; }
expect_eq "waiting tickets of a past day are cancelled at start" "$(q as_kiosk ticket.state '{"op":"ticket","code":"C001","day":"2026-03-04"}')" cancelled
expect_eq "and numbering starts again" "$(q as_kiosk ticket.code '{"op":"take","service":"C"}')" C001
t_finish
