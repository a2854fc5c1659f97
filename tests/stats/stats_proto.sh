# stats_proto.sh — the stats op through the protocol: a known small day (two clerks, a
# transfer, a no-show, two hours) and the exact figures it must give, by each key and by a
# list of keys; hot services; time ranges; roles and bad input; figures rebuilt from the log
# after a restart, warmed from the log before any request. Definitions: docs/STATISTICS.md.
source "$(dirname "$0")/../server/common.bash"
proto_setup --test-clock 2026-03-02T09:00:00+08:00

clock() { as_local <<<"{\"op\":\"clock\",\"set\":\"$1\"}" >/dev/null; }
alice() { as_clerk 1 <<<"{\"op\":\"$1\",\"window\":\"1\"$2}" >/dev/null; }
bob() { as_super <<<"{\"op\":\"$1\",\"window\":\"2\"$2}" >/dev/null; }
clerk1() { as_clerk 1 "$@"; }
stats() { printf '%s\n' "$1" | as_super --field "${2:-rows}" | jq -c "${3:-.}"; }

# The day. 09:00 A001, A002 (enterprise), B001 taken; windows 1 (alice) and 2 (bob) open.
as_kiosk >/dev/null <<'X'
{"op":"take","service":"A"}
{"op":"take","service":"A","applicant":"enterprise"}
{"op":"take","service":"B"}
X
alice open; bob open
clock 2026-03-02T09:01:00+08:00; alice call_next	# A001: waited 60 s
clock 2026-03-02T09:06:00+08:00; alice finish		# handled 300 s
bob call_next						# A002: waited 360 s
clock 2026-03-02T09:08:00+08:00; bob no_show		# not a handling time
alice call_next						# B001: waited 480 s
clock 2026-03-02T09:11:00+08:00; alice transfer ',"to_service":"C"'	# waits again from 09:11
clock 2026-03-02T10:00:00+08:00
as_kiosk >/dev/null <<<'{"op":"take","service":"A"}'	# A003
bob call_next						# B001 (now C): waited 2940 s since 09:11
clock 2026-03-02T10:04:00+08:00; bob finish		# handled 240 s
alice call_next						# A003: waited 240 s
clock 2026-03-02T10:05:40+08:00; alice finish		# handled 100 s

DAY='"from":"2026-03-02","to":"2026-03-02"'
F='{key,issued,served,no_show,transferred,avg_wait_s,median_wait_s,p90_wait_s,max_wait_s,avg_handle_s,p90_handle_s}'
expect_eq "by service: issued, served, no-shows, transfers and exact wait and handling figures" \
	"$(stats "{\"op\":\"stats\",$DAY,\"by\":\"service\"}" rows "[.[]|$F]")" \
	'[{"key":"A","issued":3,"served":2,"no_show":1,"transferred":0,"avg_wait_s":220,"median_wait_s":240,"p90_wait_s":360,"max_wait_s":360,"avg_handle_s":200,"p90_handle_s":300},{"key":"B","issued":1,"served":0,"no_show":0,"transferred":1,"avg_wait_s":480,"median_wait_s":480,"p90_wait_s":480,"max_wait_s":480,"avg_handle_s":null,"p90_handle_s":null},{"key":"C","issued":0,"served":1,"no_show":0,"transferred":0,"avg_wait_s":2940,"median_wait_s":2940,"p90_wait_s":2940,"max_wait_s":2940,"avg_handle_s":240,"p90_handle_s":240}]'
expect_eq "by hour: local hours, issues by issue time, legs by call time" \
	"$(stats "{\"op\":\"stats\",$DAY,\"by\":\"hour\"}" rows "[.[]|$F]")" \
	'[{"key":"09:00","issued":3,"served":1,"no_show":1,"transferred":1,"avg_wait_s":300,"median_wait_s":360,"p90_wait_s":480,"max_wait_s":480,"avg_handle_s":300,"p90_handle_s":300},{"key":"10:00","issued":1,"served":2,"no_show":0,"transferred":0,"avg_wait_s":1590,"median_wait_s":240,"p90_wait_s":2940,"max_wait_s":2940,"avg_handle_s":170,"p90_handle_s":240}]'
expect_eq "by clerk: legs per clerk; issues have no clerk (key null)" \
	"$(stats "{\"op\":\"stats\",$DAY,\"by\":\"clerk\"}" rows '[.[]|[.key,.issued,.served,.no_show,.transferred,.avg_wait_s]]')" \
	'[["alice",0,2,0,1,260],["bob",0,1,1,0,1650],[null,4,0,0,0,null]]'
expect_eq "by window" \
	"$(stats "{\"op\":\"stats\",$DAY,\"by\":\"window\"}" rows '[.[]|[.key,.served,.no_show,.transferred]]')" \
	'[["1",2,0,1],["2",1,1,0],[null,0,0,0]]'
expect_eq "by department (A and B are RS, C ...)" \
	"$(stats "{\"op\":\"stats\",$DAY,\"by\":\"department\"}" rows '[.[]|[.key,.issued,.served]]')" \
	"$(sqlite3 "$JHD_DB" "SELECT department FROM services WHERE code IN ('A','C') ORDER BY code" | tr '\n' ' ' | awk '{ if ($1 == $2) printf "[[\"%s\",4,3]]", $1; else printf "[[\"%s\",4,2],[\"%s\",0,1]]", $1, $2 }')"
expect_eq "by applicant" \
	"$(stats "{\"op\":\"stats\",$DAY,\"by\":\"applicant\"}" rows '[.[]|[.key,.issued,.served,.no_show]]')" \
	'[["enterprise",1,0,1],["individual",3,3,0]]'
expect_eq "by channel and by day" \
	"$(stats "{\"op\":\"stats\",$DAY,\"by\":\"channel\"}" rows '[.[]|[.key,.issued]]') $(stats "{\"op\":\"stats\",$DAY,\"by\":\"day\"}" rows '[.[]|[.key,.issued,.served]]')" \
	'[["walk_in",4]] [["2026-03-02",4,3]]'
expect_eq "by a list of keys: keys are arrays, rows in key order" \
	"$(stats "{\"op\":\"stats\",$DAY,\"by\":[\"service\",\"hour\"]}" rows '[.[]|[.key,.issued,.served,.avg_wait_s]]')" \
	'[[["A","09:00"],2,1,210],[["A","10:00"],1,1,240],[["B","09:00"],1,0,480],[["C","10:00"],0,1,2940]]'
expect_eq "hot services by volume and by mean wait" \
	"$(stats "{\"op\":\"stats\",$DAY,\"top\":2}" hot)" \
	'{"by_volume":[{"service":"A","issued":3},{"service":"B","issued":1}],"by_wait":[{"service":"C","avg_wait_s":2940,"waits":1},{"service":"B","avg_wait_s":480,"waits":1}]}'
expect_eq "an ISO time range keeps only what happened in it" \
	"$(stats '{"op":"stats","from":"2026-03-02T10:00","to":"2026-03-02T11:00"}' rows '[.[]|[.key,.issued,.served]]')" \
	'[["A",1,1],["C",0,1]]'
expect_eq "a range with an offset is that instant" \
	"$(stats '{"op":"stats","from":"2026-03-02T01:00:00Z","to":"2026-03-02T02:00:00Z","by":"hour"}' rows '[.[]|[.key,.issued]]')" \
	'[["09:00",3]]'
expect_eq "the answer echoes the range in the hall's zone" \
	"$(printf '%s\n' "{\"op\":\"stats\",$DAY}" | as_super | jq -c '[.from,.to]')" \
	'["2026-03-02T00:00:00+08:00","2026-03-03T00:00:00+08:00"]'
expect_eq "another day is empty" "$(stats '{"op":"stats","from":"2026-03-03","to":"2026-03-03"}')" '[]'

expect_eq "a monitor may read statistics" "$(q as_monitor rows.0.key "{\"op\":\"stats\",$DAY}")" A
expect_eq "a clerk may not" "$(q clerk1 rows "{\"op\":\"stats\",$DAY}")" error:forbidden
expect_eq "a kiosk may not" "$(q as_kiosk rows "{\"op\":\"stats\",$DAY}")" error:forbidden
expect_eq "from is required" "$(q as_super rows '{"op":"stats","to":"2026-03-02"}')" error:bad_request
expect_eq "a malformed date is refused" "$(q as_super rows '{"op":"stats","from":"2026-13-02","to":"2026-03-02"}')" error:bad_request
expect_eq "to before from is refused" "$(q as_super rows '{"op":"stats","from":"2026-03-03","to":"2026-03-01"}')" error:bad_request
expect_eq "an unknown key is refused" "$(q as_super rows "{\"op\":\"stats\",$DAY,\"by\":\"colour\"}")" error:bad_request
expect_eq "a key named twice is refused" "$(q as_super rows "{\"op\":\"stats\",$DAY,\"by\":[\"hour\",\"hour\"]}")" error:bad_request
expect_eq "more than four keys are refused" "$(q as_super rows "{\"op\":\"stats\",$DAY,\"by\":[\"hour\",\"day\",\"service\",\"window\",\"clerk\"]}")" error:bad_request
expect_eq "top out of range is refused" "$(q as_super rows "{\"op\":\"stats\",$DAY,\"top\":51}")" error:bad_request

expect_eq "jhctl export writes the rows as CSV, a column per key" \
	"$(jhctl export --from 2026-03-02 --to 2026-03-02 --by service,hour --csv)" \
	"service,hour,issued,served,no_show,transferred,cancelled,waits,avg_wait_s,median_wait_s,p90_wait_s,max_wait_s,avg_handle_s,p90_handle_s,etas,eta_error_median_pct,eta_bias_pct,eta_ranges,eta_range_coverage_pct,eta_range_width_median_s
A,09:00,2,1,1,0,0,2,210,60,360,360,300,300,0,,,0,,
A,10:00,1,1,0,0,0,1,240,240,240,240,100,100,1,100.0,-100.0,1,0.0,48
B,09:00,1,0,0,1,0,1,480,480,480,480,,,0,,,0,,
C,10:00,0,1,0,0,0,1,2940,2940,2940,2940,240,240,0,,,0,,"
expect_eq "jhctl export's waits column is the stats rows' waits" \
	"$(jhctl export --from 2026-03-02 --to 2026-03-02 --by service --csv | awk -F, 'NR > 1 { print $1 ":" $7 }' | tr '\n' ' ')" \
	"$(stats "{\"op\":\"stats\",$DAY,\"by\":\"service\"}" rows '.[]|"\(.key):\(.waits)"' | tr -d '"' | tr '\n' ' ')"
# ETA errors: the 09:00 tickets were taken before any window opened (no ETA given); A003,
# taken at 10:00 with two windows idle, was told 0 s and waited 240 s: -100%
expect_eq "ETA error: only tickets given an ETA count, relative to their wait" \
	"$(stats "{\"op\":\"stats\",$DAY,\"by\":\"service\"}" rows '[.[]|[.key,.etas,.eta_error_median_pct,.eta_bias_pct]]')" \
	'[["A",1,100,-100],["B",0,null,null],["C",0,null,null]]'
expect_eq "the call event carries the ETA the ticket was given" \
	"$(sqlite3 "$JHD_DB" "SELECT e.detail FROM ticket_events e JOIN tickets t ON t.id = e.ticket WHERE t.code = 'A003' AND e.what = 'call'")" 'eta 0 range 0 48'	# nothing learnt yet: the prior, 0.5-1.8 x (eta + 60 s) - 60 s
expect_eq "jhctl export refuses an unknown key" "$(jhctl export --from 2026-03-02 --to 2026-03-02 --by colour 2>&1 >/dev/null | grep -c bad_request)" 1

# the ETA recorded is the one the citizen was told at the take, not a later refresh: A004
# and A005 go to the two idle windows, A006 is told when one of them will be free; both are
# called, and a minute later A006 is told a minute less; then it is called
as_kiosk >/dev/null <<<'{"op":"take","service":"A"}'
as_kiosk >/dev/null <<<'{"op":"take","service":"A"}'
given=$(printf '%s\n' '{"op":"take","service":"A"}' | as_kiosk --field ticket | jq -r '"\(.eta_s) range \(.eta_lo_s) \(.eta_hi_s)"')
told=${given%% *}
alice call_next; bob call_next
clock 2026-03-02T10:06:40+08:00
later=$(q as_kiosk ticket.eta_s '{"op":"ticket","code":"A006"}')
expect_eq "A006 is told a minute less a minute later" "$later" "$((told - 60))"
alice finish; alice call_next
expect_eq "its call records what it was told at the take" \
	"$(sqlite3 "$JHD_DB" "SELECT e.detail FROM ticket_events e JOIN tickets t ON t.id = e.ticket WHERE t.code = 'A006' AND e.what = 'call'")" "eta $given"

# new events are read on the next stats; a restart rebuilds the same figures from the log
as_kiosk >/dev/null <<<'{"op":"take","service":"B"}'
expect_eq "a new ticket is counted at once" "$(stats "{\"op\":\"stats\",$DAY}" rows '[.[]|select(.key=="B")|.issued]')" '[2]'
before=$(stats "{\"op\":\"stats\",$DAY,\"by\":[\"clerk\",\"service\"]}")
from=$(($(wc -l <"$JHD_LOG") + 1))
jhd_restart || not_ok "jhd restarts"
# the warm-up reads the log between loop turns, before anyone asks for statistics
for i in $(seq 1 100); do
	tail -n +"$from" "$JHD_LOG" | grep -q 'stats: warm-up' && break
	sleep 0.05
done
expect_match "after a restart jhd warms the digest from the whole event log unasked" \
	"$(tail -n +"$from" "$JHD_LOG" | grep 'stats: warm-up')" \
	"stats: warm-up read $(sqlite3 "$JHD_DB" 'SELECT count(*) FROM ticket_events') events in"
expect_eq "after a restart the figures are rebuilt from the event log" \
	"$(stats "{\"op\":\"stats\",$DAY,\"by\":[\"clerk\",\"service\"]}")" "$before"
t_finish
