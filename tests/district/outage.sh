#!/bin/bash
# outage.sh — a day-long outage: with jhdistrict down, centre 2 runs a whole day (08:00-20:00 on
# the test clock, 1,440 tickets: 4,320 ticket events); the outbox holds every event (its size is
# printed), jhd's reconnection backs off to 10 s and stays there (its attempts counted from its
# log: no busy loop); then the district comes back and the outbox drains in order, nothing lost
# or duplicated, and the district's figures for the day are the centre's. The drain's rate is
# printed, not asserted (make bench: tests/bench/outage_bench.sh).
source "$(dirname "$0")/common.bash"
source "$(dirname "$0")/outage.bash"

PER_HOUR=120
EVENTS=$((3 * 12 * PER_HOUR))
pg_start
dist_halls
"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "$T_TMP/c1.ini" >/dev/null 2>&1 ||
	{ not_ok "import"; t_finish; }
dist_start
outage_centre || not_ok "centre 2 publishes its hall"

attempts() {	# the reconnection attempts jhd logged since the district went down
	sed -n "$((LOG_FROM + 1)),\$p" "$JHD_LOG" | grep -c 'district 127.0.0.1:[0-9]*: .*trying again in'
}
delays() {	# the delays it logged, in order
	sed -n "$((LOG_FROM + 1)),\$p" "$JHD_LOG" | sed -n 's/.*district 127.0.0.1:[0-9]*: .*trying again in \([0-9]*\) ms/\1/p' | tr '\n' ' '
}
capped_twice() { [ "$(delays | grep -o '10000' | wc -l)" -ge 2 ]; }

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
expect_eq "the district has none of the day's events while down" \
	"$(psql_q "SELECT count(*) FROM centre_tickets")" 0

dist_restart || { not_ok "jhdistrict restarts"; t_finish; }
t1=$(date +%s%N)
check "the outbox drains once the district is back" wait_for 120 drained
drain_ms=$((($(date +%s%N) - t1) / 1000000))
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
