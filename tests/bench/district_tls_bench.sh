#!/bin/bash
# district_tls_bench.sh — TLS against plain TCP on one jhdistrict (a private PostgreSQL 15 with
# fsync on, three centres with 50 places an hour per service): district_tls_bench's front-end
# sign-ins and bookings from 1 and 8 front ends, both modes in the same run. Then: no slot over
# its quota.
source "$JH_TOP/tests/district/common.bash"
export DIST_QUOTA=50
pg_start
dist_halls
"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "$T_TMP/c1.ini" "$T_TMP/c2.ini" \
	"$T_TMP/c3.ini" >/dev/null || exit 1
dist_ca
rm -f "$T_TMP/tport"
dist_start --conns 4 --tls-listen 127.0.0.1:0 --tls-cert "$CA/jhd.crt" --tls-key "$CA/jhd.key" \
	--tls-port-file "$T_TMP/tport"
"$JH_BUILD/tests/bench/district_tls_bench" "$DIST_ADDR" "127.0.0.1:$(cat "$T_TMP/tport")" \
	"$CA/ca.crt" "$FE_TOKEN" || exit 1
over=$(psql_q "SELECT count(*) FROM slots WHERE booked > quota")
echo "slots over their quota: $over"
[ "$over" = 0 ]
