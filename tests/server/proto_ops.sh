# proto_ops.sh — every op of the wire protocol against a real jhd over TCP: answers, fields,
# state changes and the events subscribers receive.
source "$(dirname "$0")/common.bash"
proto_setup --test-clock 2026-03-02T10:00:00+08:00

out=$(printf '{"op":"hello","role":"kiosk","device":"kiosk-1","token":"%s"}\n' "$KIOSK_TOKEN" |
	jhcall --raw --addr "$JHD_ADDR")
expect_match "hello answers role, server and proto" "$out" '"ok":true.*"role":"kiosk".*"server":"jhd[^"]*","proto":1'

out=$(echo '{"op":"services"}' | as_kiosk)
expect_match "services lists codes, names, flags and windows" "$out" \
	'"code":"A","name":"社保参保登记 Social insurance enrolment","department":"RS".*"flags":\["same-day","simple-approval"\],"windows":\["1","2","11","12"\]'
expect_eq "services lists the 17 sample services" "$(q as_kiosk services '{"op":"services"}' | grep -o '"code"' | wc -l)" 17
expect_match "services lists departments" "$out" '"departments":\[\{"code":"RS","name":"人力资源和社会保障局 Social Security"\}'

# a subscriber that sees everything from here on
as_display --events 100000 --timeout 60000 >"$T_TMP/events" 2>&1 <<<'{"op":"subscribe","topics":["calls","tickets","windows","alerts"]}' &
SUB=$!
t_at_exit "kill $SUB 2>/dev/null"
for i in $(seq 50); do grep -q '"topics"' "$T_TMP/events" && break; sleep 0.05; done
expect_match "subscribe answers the topics" "$(cat "$T_TMP/events")" '"ok":true,"topics":\["calls","tickets","windows","alerts"\]'

out=$(as_kiosk <<'X'
{"op":"take","service":"A"}
{"op":"take","service":"A","priority":"green","applicant":"enterprise","channel":"appointment"}
{"op":"take","service":"B"}
X
)
expect_match "take gives A001, waiting, with the issue time in the hall's zone" "$(sed -n 1p <<<"$out")" \
	'"code":"A001","service":"A","priority":"normal","state":"waiting","ahead":[0-9]+,"eta_s":-?[0-9]+,"issued_at":"2026-03-02T10:00:00\+08:00","window":null'
expect_match "take numbers per service" "$(sed -n 2p <<<"$out")" '"code":"A002"'
expect_match "take stores priority, applicant and channel" "$(sed -n 2p <<<"$out")" \
	'"priority":"green".*"applicant":"enterprise","channel":"appointment"'
expect_match "take numbers each service from 001" "$(sed -n 3p <<<"$out")" '"code":"B001"'

expect_eq "ticket by code" "$(q as_display ticket.code '{"op":"ticket","code":"A002"}')" A002
expect_eq "ticket by ticket_id" "$(q as_display ticket.code '{"op":"ticket","ticket_id":3}')" B001

expect_eq "status: waiting per service" "$(q as_monitor services.0.waiting '{"op":"status"}')" 2
expect_eq "status: hall date in the hall's zone" "$(q as_monitor hall.date '{"op":"status"}')" 2026-03-02
expect_eq "status: twelve windows" "$(q as_monitor windows '{"op":"status"}' | grep -o '"name"' | wc -l)" 12

out=$(as_clerk 1 <<'X'
{"op":"open","window":"1"}
{"op":"call_next","window":"1"}
{"op":"recall","window":"1"}
{"op":"finish","window":"1"}
{"op":"call_next","window":"1"}
{"op":"no_show","window":"1"}
{"op":"call_next","window":"1"}
{"op":"call_next","window":"1"}
X
)
expect_match "open answers the window" "$(sed -n 1p <<<"$out")" '"window":\{"name":"1","label":"[^"]*","state":"open","services":\["A","B","C"\],"duties":\[\{"service":"A","role":"primary"\}.*"clerk":"alice","current":null,"served_today":0'
expect_match "call_next calls the green ticket first" "$(sed -n 2p <<<"$out")" '"code":"A002".*"state":"called".*"window":"1"'
expect_match "recall counts" "$(sed -n 3p <<<"$out")" '"code":"A002".*"recall":1'
expect_match "finish marks done" "$(sed -n 4p <<<"$out")" '"code":"A002".*"state":"done"'
expect_match "call_next then takes the oldest" "$(sed -n 5p <<<"$out")" '"code":"A001"'
expect_match "no_show marks no_show" "$(sed -n 6p <<<"$out")" '"code":"A001".*"state":"no_show"'
expect_match "call_next serves the window's other services" "$(sed -n 7p <<<"$out")" '"code":"B001"'
expect_match "call_next while serving is a conflict" "$(sed -n 8p <<<"$out")" '"code":"conflict"'
expect_eq "served_today counts finished tickets" "$(q as_monitor windows.0.served_today '{"op":"status"}')" 1

out=$(as_clerk 1 <<<'{"op":"transfer","window":"1","to_service":"G"}')
expect_match "transfer to a service: waiting again under the new service, same code and issue time" "$out" \
	'"code":"B001","service":"G","priority":"normal","state":"waiting".*"issued_at":"2026-03-02T10:00:00\+08:00","window":null'
as_local <<<'{"op":"clock","advance_s":600}' >/dev/null
out=$(as_kiosk <<<'{"op":"take","service":"A"}')
expect_match "ticket numbering continues after calls" "$out" '"code":"A003".*"issued_at":"2026-03-02T10:10:00\+08:00"'
out=$(as_clerk 1 <<'X'
{"op":"call_next","window":"1"}
{"op":"transfer","window":"1","to_window":"9"}
X
)
expect_match "transfer to a window pins the ticket to it" "$(sed -n 2p <<<"$out")" '"code":"A003","service":"A".*"state":"waiting".*"to_window":"9"'
expect_eq "a pinned ticket is not called by another window" "$(q as_super ticket '{"op":"call_next","window":"2"}')" "error:closed"
out=$(as_super <<'X'
{"op":"open","window":"2"}
{"op":"call_next","window":"2"}
{"op":"open","window":"9"}
{"op":"call_next","window":"9"}
X
)
expect_match "another window does not take the pinned ticket" "$(sed -n 2p <<<"$out")" '"ticket":null'
expect_match "the named window calls the transferred ticket" "$(sed -n 4p <<<"$out")" '"code":"A003".*"window":"9"'

out=$(as_super <<'X'
{"op":"pause","window":"2"}
{"op":"call_next","window":"2"}
{"op":"resume","window":"2"}
{"op":"close","window":"9"}
{"op":"finish","window":"9"}
{"op":"close","window":"9"}
{"op":"resume","window":"9"}
X
)
expect_match "pause" "$(sed -n 1p <<<"$out")" '"state":"paused"'
expect_match "a paused window calls nobody (conflict)" "$(sed -n 2p <<<"$out")" '"code":"conflict"'
expect_match "resume" "$(sed -n 3p <<<"$out")" '"state":"open"'
expect_match "close while serving is a conflict" "$(sed -n 4p <<<"$out")" '"code":"conflict"'
expect_match "close" "$(sed -n 6p <<<"$out")" '"state":"closed"'
expect_match "resume a closed window is a conflict" "$(sed -n 7p <<<"$out")" '"code":"conflict"'

out=$(as_super <<<'{"op":"assign","window":"2","services":["D","E"],"backup":["L"]}')
expect_match "assign sets services and backup duties" "$out" \
	'"services":\["D","E","L"\],"duties":\[\{"service":"D","role":"primary"\},\{"service":"E","role":"primary"\},\{"service":"L","role":"backup"\}\]'
expect_match "services reflects the assignment" "$(echo '{"op":"services"}' | as_kiosk)" '"code":"D"[^}]*"windows":\["2","3",'

out=$(as_kiosk <<'X'
{"op":"alert","kind":"printer_media_empty","message":"paper out"}
X
)
expect_match "alert is stamped with its source" "$out" '"alert":\{"source":"kiosk-1","kind":"printer_media_empty","message":"paper out","at":"2026-03-02T10:10:00\+08:00","cleared":false\}'
expect_match "status lists active alerts" "$(q as_monitor alerts '{"op":"status"}')" '"source":"kiosk-1","kind":"printer_media_empty"'
as_kiosk <<<'{"op":"alert","kind":"printer_media_empty","clear":true}' >/dev/null
expect_eq "a cleared alert leaves status" "$(q as_monitor alerts '{"op":"status"}' | jq -c '[.[]|select(.source!="jhd")]')" "[]"

expect_eq "ping answers the server's time" "$(q as_display now '{"op":"ping"}')" "2026-03-02T10:10:00+08:00"
expect_eq "clock set moves the test clock" "$(q as_local now '{"op":"clock","set":"2026-03-02T15:00:00+08:00"}')" "2026-03-02T15:00:00+08:00"

as_kiosk <<<'{"op":"take","service":"C"}' >/dev/null
as_local <<<'{"op":"clock","advance_s":10}' >/dev/null
as_kiosk <<<'{"op":"take","service":"C"}' >/dev/null
expect_eq "ticket ahead counts earlier tickets of the service" "$(q as_display ticket.ahead '{"op":"ticket","code":"C002"}')" 1

# ticket by code once the (day, code) index is gone: finished tickets come from the database
# (through the day's unique index), live ones from memory; a code is only ever one day's
lookup() { q as_display "$1" "{\"op\":\"ticket\",$2}"; }
expect_eq "ticket by code finds a finished ticket without day" "$(lookup ticket.state '"code":"A002"')" done
expect_eq "ticket by code and day finds a finished ticket" \
	"$(lookup ticket.state '"code":"A002","day":"2026-03-02"')" done
expect_eq "ticket by code finds a no-show without day" "$(lookup ticket.state '"code":"A001"')" no_show
expect_eq "ticket by code and day finds a no-show" \
	"$(lookup ticket.state '"code":"A001","day":"2026-03-02"')" no_show
expect_eq "ticket by code finds a ticket finished at another window" \
	"$(lookup ticket.window '"code":"A003"')" 9
expect_eq "ticket by code finds a live ticket" "$(lookup ticket.state '"code":"C001"')" waiting
expect_eq "ticket by code and day finds a live ticket" \
	"$(lookup ticket.state '"code":"C001","day":"2026-03-02"')" waiting
expect_eq "ticket by code finds a transferred ticket under its new service" \
	"$(lookup ticket.service '"code":"B001"')" G
expect_eq "ticket by an unknown code is not_found" "$(lookup ticket '"code":"A999"')" error:not_found
expect_eq "ticket by an unknown code and day is not_found" \
	"$(lookup ticket '"code":"A999","day":"2026-03-02"')" error:not_found
expect_eq "ticket by code on a day it was not issued is not_found" \
	"$(lookup ticket '"code":"A002","day":"2026-03-01"')" error:not_found

as_kiosk <<<'{"op":"alert","kind":"printer_end_of_test","message":"marker"}' >/dev/null
for i in $(seq 100); do grep -q end_of_test "$T_TMP/events" && break; sleep 0.05; done
kill $SUB 2>/dev/null
ev=$(cat "$T_TMP/events")
expect_match "event ticket on take" "$ev" '"event":"ticket","ticket":\{"id":1,"code":"A001".*"state":"waiting"'
expect_match "event window on open" "$ev" '"event":"window","window":\{"name":"1".*"state":"open"'
expect_match "event call with the window and recall 0" "$ev" '"event":"call","ticket":\{[^}]*"code":"A002"[^}]*\},"window":"1","recall":0'
expect_match "event call on recall with the count" "$ev" '"event":"call","ticket":\{[^}]*"code":"A002"[^}]*\},"window":"1","recall":1'
expect_match "event ticket on finish" "$ev" '"event":"ticket","ticket":\{[^}]*"code":"A002"[^}]*"state":"done"'
expect_match "transfer: event for the first leg" "$ev" '"event":"ticket","ticket":\{[^}]*"code":"B001","service":"B"[^}]*"state":"transferred"'
expect_match "transfer: event for the second leg" "$ev" '"event":"ticket","ticket":\{[^}]*"code":"B001","service":"G"[^}]*"state":"waiting"'

ev_db=$(sqlite3 "$JHD_DB" "SELECT what || ':' || coalesce(window,'-') || ':' || service || ':' || state || ':' || lane || ':' || channel || ':' || applicant || ':' || who FROM ticket_events WHERE ticket = 3 ORDER BY id" | tr '\n' ' ')
expect_eq "ticket_events records who, what, window, service, lane, channel, applicant" "$ev_db" \
	"take:-:B:waiting:normal:walk_in:individual:kiosk-1 call:1:B:called:normal:walk_in:individual:alice transfer:1:B:transferred:normal:walk_in:individual:alice requeue:-:G:waiting:normal:walk_in:individual:alice "
t_finish
