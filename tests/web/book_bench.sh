#!/bin/bash
# book_bench.sh — the 08:00 rush over HTTP: 50,000 citizens from 500 keep-alive connections
# booking 19 centres' places through jhweb's JSON API (a channel key) → jhdistrict →
# PostgreSQL, against the same plan run directly on PostgreSQL and through jhdistrict alone
# (64 clients each) in the same run; every answer and the database checked after each way
# (tests/bench/rush.bash, tests/bench/district_bench.c; docs/DISTRICT.md, "Speed").
source "$JH_TOP/tests/bench/rush.bash"
KEY=bench-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
echo "app $KEY" >"$T_TMP/keys"
rm -f "$T_TMP/web.port"
"$JH_BIN/jhweb" --listen 127.0.0.1:0 --port-file "$T_TMP/web.port" --server "$T_TMP/no-jhd" \
	--log warn --district "$DIST_ADDR" --district-token "$T_TMP/frontends.tokens" \
	--channel-keys "$T_TMP/keys" $RUSH_WEB_ARGS 2>"$T_TMP/jhweb.log" &
WEB_PID=$!
t_at_exit 'kill $WEB_PID 2>/dev/null'
for i in $(seq 1 100); do [ -s "$T_TMP/web.port" ] && break; sleep 0.05; done
[ -s "$T_TMP/web.port" ] || { echo "jhweb did not start"; exit 1; }
export JH_BENCH_PIDS="jhweb:$WEB_PID jhdistrict:$DIST_PID PostgreSQL:+$PG_PID"
"$JH_BUILD/tests/bench/district_bench" "$PG_CONNINFO" "$DIST_ADDR" "$RUSH_CLIENTS" "$RUSH_CITIZENS" \
	"127.0.0.1:$(cat "$T_TMP/web.port")" "$KEY" "$RUSH_HTTP"
