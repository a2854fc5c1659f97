#!/bin/bash
# book_bench.sh — bookings through jhweb's JSON API (HTTP, a channel key) → jhdistrict →
# PostgreSQL, against the same booking statement run directly on PostgreSQL and through
# jhdistrict alone, in the same run (district_bench: 64 clients, 4,000 bookings each way, new
# IDs, slots round robin; a private PostgreSQL 15 with fsync on, three centres with 50 places
# an hour per service). Then: no slot over its quota.
source "$JH_TOP/tests/district/common.bash"
export DIST_QUOTA=50
pg_start
dist_halls
"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "$T_TMP/c1.ini" "$T_TMP/c2.ini" \
	"$T_TMP/c3.ini" >/dev/null || exit 1
dist_start --conns 4
export JH_BENCH_FRONTEND_TOKEN=$FE_TOKEN	# district_bench signs in as the front end
KEY=bench-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
echo "app $KEY" >"$T_TMP/keys"
rm -f "$T_TMP/web.port"
"$JH_BIN/jhweb" --listen 127.0.0.1:0 --port-file "$T_TMP/web.port" --server "$T_TMP/no-jhd" \
	--log warn --district "$DIST_ADDR" --district-token "$T_TMP/frontends.tokens" --channel-keys "$T_TMP/keys" 2>"$T_TMP/jhweb.log" &
WEB_PID=$!
t_at_exit 'kill $WEB_PID 2>/dev/null'
for i in $(seq 1 100); do [ -s "$T_TMP/web.port" ] && break; sleep 0.05; done
[ -s "$T_TMP/web.port" ] || { echo "jhweb did not start"; exit 1; }
"$JH_BUILD/tests/bench/district_bench" "$PG_CONNINFO" "$DIST_ADDR" 64 4000 \
	"127.0.0.1:$(cat "$T_TMP/web.port")" "$KEY" || exit 1
over=$(psql_q "SELECT count(*) FROM slots WHERE booked > quota")
echo "slots over their quota: $over"
[ "$over" = 0 ]
