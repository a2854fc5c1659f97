#!/bin/bash
# outage_bench.sh — how fast a centre's outbox drains after a day-long outage: with jhdistrict
# down, centre 2 plays a day on its test clock (tests/district/outage.bash: 250 tickets an
# hour, 9,000 ticket events); then jhdistrict comes back and jhd sends them, 100 to a request,
# each request one statement (jh_ticket_events) on a private PostgreSQL 15 (fsync on). The
# baseline, in the same run: the same batches as the same statement from psql straight to
# PostgreSQL, for centre C3. Prints both rates and their ratio; asserts only that the drain
# lost and duplicated nothing.
source "$JH_TOP/tests/district/common.bash"
source "$JH_TOP/tests/district/outage.bash"

PER_HOUR=${OUTAGE_BENCH_PER_HOUR:-250}
EVENTS=$((3 * 12 * PER_HOUR))
pg_start
dist_halls
"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "$T_TMP/c1.ini" "$T_TMP/c3.ini" >/dev/null 2>&1 ||
	exit 1
dist_start
outage_centre || exit 1
dist_kill9
outage_day "$PER_HOUR"
[ "$(outbox_unsent)" = "$EVENTS" ] || { echo "the outbox holds $(outbox_unsent), not $EVENTS"; exit 1; }
echo "outbox after the day: $EVENTS events, $((($(outbox_bytes) + 1023) / 1024)) KiB"

dist_restart || exit 1
for i in $(seq 1 3000); do drained && break; sleep 0.02; done
t_end=$(date +%s%N)
drained || { echo "the outbox did not drain in 60 s"; exit 1; }
t_first=$(psql_q "SELECT round(extract(epoch FROM min(received_at)) * 1000000000)::bigint FROM centre_tickets WHERE centre = 'C2'")
drain_ms=$(((t_end - t_first) / 1000000))
dups=$(psql_q "SELECT count(*) - count(DISTINCT event_id) FROM centre_tickets")
[ "$dups" = 0 ] || { echo "$dups duplicates at the district"; exit 1; }

# the baseline: the same batches of 100, the same statement, from psql (one connection)
psql_q "SELECT 'SELECT jh_ticket_events(''C3'', ' || quote_literal(json_agg(json_build_object(
	'event_id', event_id, 'kind', kind, 'at', at, 'day', day, 'ticket', ticket, 'service',
	service, 'lane', lane, 'applicant', applicant, 'channel', channel, 'window', win,
	'issued_at', issued_at, 'called_at', called_at, 'wait_s', wait_s, 'handle_s', handle_s,
	'to', to_target) ORDER BY seq)) || '::json);' FROM (SELECT *, (row_number() OVER
	(ORDER BY seq) - 1) / 100 AS b FROM centre_tickets WHERE centre = 'C2') x GROUP BY b ORDER BY b" \
	>"$T_TMP/bare.sql"
t0=$(date +%s%N)
psql -X -q -A -t -v ON_ERROR_STOP=1 "$PG_CONNINFO" -f "$T_TMP/bare.sql" >/dev/null || exit 1
bare_ms=$((($(date +%s%N) - t0) / 1000000))
[ "$(psql_q "SELECT count(*) FROM centre_tickets WHERE centre = 'C3'")" = "$EVENTS" ] || exit 1

rate() { echo $(($1 * 1000 / ($2 > 0 ? $2 : 1))); }
echo "drain through jhd and jhdistrict: $EVENTS events in $drain_ms ms, $(rate "$EVENTS" "$drain_ms") events/s (from the first batch's arrival; the reconnection backoff not counted)"
echo "baseline, the same statements from psql: $EVENTS events in $bare_ms ms, $(rate "$EVENTS" "$bare_ms") events/s"
echo "drain / baseline rate: $(awk -v a="$bare_ms" -v b="$drain_ms" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
