#!/bin/bash
# outage.sh — a day-long outage: with jhdistrict down, centre 2 runs a whole day (08:00-20:00 on
# the test clock, 1,440 tickets: 4,320 ticket events); the outbox holds every event (its size is
# printed), jhd's reconnection backs off to 10 s and stays there (its attempts counted from its
# log at debug level: no busy loop), while its warnings say the loss once, then at most once per
# 10 minutes of the hall's clock with the attempts so far; then the district comes back and the outbox drains in order, nothing lost
# or duplicated, and the district's figures for the day are the centre's. The drain's rate is
# printed, not asserted (make bench: tests/bench/outage_bench.sh). Before that, jhdistrict
# stopped (SIGSTOP) for a while: status's district.connected is true while linked, false while
# it is stopped (also during jhd's reconnections, whose TCP connect succeeds), true again after.
source "$(dirname "$0")/common.bash"
source "$(dirname "$0")/outage.bash"

PER_HOUR=120
EVENTS=$((3 * 12 * PER_HOUR))
pg_start
dist_halls
"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "$T_TMP/c1.ini" >/dev/null 2>&1 ||
	{ not_ok "import"; t_finish; }
dist_start
outage_centre --log-level debug || not_ok "centre 2 publishes its hall"

since() { sed -n "$(($1 + 1)),\$p" "$JHD_LOG"; }	# the log after line $1
attempts() {	# the reconnection attempts jhd logged (debug) since the district went down
	since "$LOG_FROM" | grep -c 'jhd debug: district 127.0.0.1:[0-9]*: .*trying again in'
}
delays() {	# the delays it logged, in order
	since "$LOG_FROM" | sed -n 's/.*jhd debug: district 127.0.0.1:[0-9]*: .*trying again in \([0-9]*\) ms/\1/p' | tr '\n' ' '
}
capped_twice() { [ "$(delays | grep -o '10000' | wc -l)" -ge 2 ]; }
# lines LINE KIND: the lines of one kind after line LINE: losses, reminders, recoveries, warns
lines() {
	case $2 in
	loss) since "$1" | grep -c 'jhd warn: district [^ ]*: the link is down (' ;;
	reminder) since "$1" | grep -c 'jhd warn: district [^ ]*: the link is still down after' ;;
	back) since "$1" | grep -c 'jhd info: district [^ ]*: the link is back after' ;;
	warn) since "$1" | grep -c 'jhd warn: district' ;;
	esac
}
connected() { printf '%s\n' '{"op":"status"}' | as_local | jq -r .district.connected; }
is_connected() { [ "$(connected)" = "$1" ]; }

# jhdistrict stopped (SIGSTOP) a while: district.connected follows the link
check "jhd's status says connected while linked" wait_for 10 is_connected true
STOP_FROM=$(wc -l <"$JHD_LOG")
kill -STOP "$DIST_PID"
check "jhdistrict stopped: connected turns false (its answers are late)" wait_for 15 is_connected false
# sampled across jhd's reconnections: each TCP connect succeeds (the kernel accepts for the
# stopped process), then the sign-in is not answered
wait_for 30 eval '[ "$(since "$STOP_FROM" | grep -c "jhd debug: district.*trying again in")" -ge 2 ]'
seen=$(for _ in $(seq 1 20); do connected; sleep 0.3; done | sort -u | paste -sd' ')
expect_eq "... and stays false while it is stopped, during reconnections too (20 samples)" "$seen" false
kill -CONT "$DIST_PID"
check "jhdistrict continued: connected is true again" wait_for 30 is_connected true
expect_eq "that outage: one warning for the loss, one line for the recovery" \
	"$(lines "$STOP_FROM" loss) $(lines "$STOP_FROM" reminder) $(lines "$STOP_FROM" back)" "1 0 1"

LOG_FROM=$(wc -l <"$JHD_LOG")
dist_kill9
t0=$(date +%s%N)
outage_day "$PER_HOUR"
day_ms=$((($(date +%s%N) - t0) / 1000000))
expect_eq "the day's $EVENTS ticket events wait in the outbox" "$(outbox_unsent)" "$EVENTS"
link() { printf '%s\n' '{"op":"status"}' | as_local | jq -c .district; }
expect_eq "jhd's status shows the link down and the outbox's size" "$(link)" \
	'{"centre":"C2","connected":false,"outbox":'"$EVENTS"'}'
kib=$(( ($(outbox_bytes) + 1023) / 1024 ))
db_kib=$(( ($(stat -c %s "$JHD_DB") + 1023) / 1024 ))
echo "# outbox after the outage day: $EVENTS events, $kib KiB of event ids and bodies; jhd.db $db_kib KiB (the day took $day_ms ms to play)"
wait_for 60 capped_twice
elapsed_s=$((($(date +%s%N) - t0) / 1000000000))
n=$(attempts)
echo "# reconnection attempts during the outage: $n in $elapsed_s s; delays (ms): $(delays)"
expect_match "the backoff doubles from 250 ms to 10 s, then stays at 10 s" "$(delays)" \
	'^250 500 1000 2000 4000 8000 10000 10000 (10000 )*$'
check "no busy loop: $n attempts in $elapsed_s s, at most 7 + 1 per 10 s" \
	test "$n" -le $((7 + elapsed_s / 10 + 1))
w=$(lines "$LOG_FROM" warn)
echo "# warnings over the outage day (07:50-19:20 on the hall's clock): $w for $n attempts"
expect_eq "the loss is one warning" "$(lines "$LOG_FROM" loss)" 1
check "the reminders: at most one per 10 minutes of the hall's clock (690 min: 69)" \
	test "$(lines "$LOG_FROM" reminder)" -le 69
# 20 minutes later on the hall's clock, the next attempt logs a reminder with the count
M=$(wc -l <"$JHD_LOG")
q as_local now '{"op":"clock","set":"'"${OUTAGE_DAY}T19:40:00+08:00"'"}' >/dev/null
reminded() { [ "$(lines "$M" reminder)" -ge 1 ]; }
check "the hall's clock 20 min on: the next attempt logs a reminder" wait_for 15 reminded
expect_eq "... one, with the attempts so far (all but the loss's line)" \
	"$(lines "$M" reminder) $(since "$M" | sed -n 's/.*still down after \([0-9]*\) attempts.*/\1/p')" \
	"1 $(($(attempts) - 1))"
M=$(wc -l <"$JHD_LOG")
attempted() { [ "$(since "$M" | grep -c 'jhd debug: district.*trying again in')" -ge 1 ]; }
check "the attempt after it (the hall's clock still) ..." wait_for 15 attempted
expect_eq "... logs no warning" "$(lines "$M" warn)" 0
expect_eq "the district has none of the day's events while down" \
	"$(psql_q "SELECT count(*) FROM centre_tickets")" 0

dist_restart || { not_ok "jhdistrict restarts"; t_finish; }
t1=$(date +%s%N)
check "the outbox drains once the district is back" wait_for 120 drained
drain_ms=$((($(date +%s%N) - t1) / 1000000))
expect_eq "the recovery is one line" "$(lines "$LOG_FROM" back)" 1
expect_eq "jhd's status shows the link up, the outbox empty" "$(link)" \
	'{"centre":"C2","connected":true,"outbox":0}'
span=$(psql_q "SELECT round(extract(epoch FROM max(received_at) - min(received_at)) * 1000) FROM centre_tickets WHERE centre = 'C2'")
echo "# drain: $EVENTS events $drain_ms ms after jhdistrict's restart (reconnect backoff included); sending took $span ms: $((EVENTS * 1000 / (span > 0 ? span : 1))) events/s"
expect_eq "every event once: $EVENTS rows, $EVENTS event ids" \
	"$(psql_q "SELECT count(*) || ' ' || count(DISTINCT event_id) FROM centre_tickets WHERE centre = 'C2'")" \
	"$EVENTS $EVENTS"
expect_eq "in the outbox's order (the district's arrival order is jhd's row order)" \
	"$(psql_q "SELECT md5(string_agg(event_id, ',' ORDER BY seq)) FROM centre_tickets WHERE centre = 'C2'")" \
	"$(sqlite3 "$JHD_DB" "SELECT event_id FROM district_outbox WHERE kind = 'ticket' ORDER BY id" | paste -sd, | tr -d '\n' | md5sum | cut -d' ' -f1)"
expect_eq "none was a duplicate on the way" \
	"$(sqlite3 "$JHD_DB" "SELECT count(*) FROM district_outbox WHERE result <> 'ok'")" 0
day() {
	dq rows '{"op":"stats","from":"'"$OUTAGE_DAY"'","to":"'"$OUTAGE_DAY"'","by":"day"}' |
		jq -r '.[0].tickets | "\(.issued)/\(.called)/\(.finished)/\(.no_show) wait \(.wait_avg_s)"'
}
expect_eq "the district's figures for the day: the centre's $((12 * PER_HOUR)) tickets, waits of 20 min" \
	"$(day)" "$((12 * PER_HOUR))/$((12 * PER_HOUR))/$((12 * PER_HOUR * 9 / 10))/$((12 * PER_HOUR / 10)) wait 1200"
hours_in() {	# the hourly walk-in counts of the day reached the district too
	[ "$(dq rows '{"op":"stats","from":"'"$OUTAGE_DAY"'","to":"'"$OUTAGE_DAY"'","by":"day"}' | jq -r '.[0].walk_in.taken')" = $((11 * PER_HOUR)) ]
}
check "and the hourly walk-in counts of its closed hours (08-18)" wait_for 30 hours_in
t_finish
