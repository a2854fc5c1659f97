#!/bin/bash
# district_bench.sh — the district's booking rate on this machine: a private PostgreSQL 15
# (fsync on, as in production), three centres with 50 places an hour per service, and
# district_bench: the booking statement run directly on PostgreSQL (the baseline) against the
# same bookings through jhdistrict, 16 clients each. Then: no slot over its quota.
source "$JH_TOP/tests/district/common.bash"
export DIST_QUOTA=50
pg_start
dist_halls
"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "$T_TMP/c1.ini" "$T_TMP/c2.ini" \
	"$T_TMP/c3.ini" >/dev/null || exit 1
dist_start --conns 4
export JH_BENCH_FRONTEND_TOKEN=$FE_TOKEN	# district_bench signs in as the front end
"$JH_BUILD/tests/bench/district_bench" "$PG_CONNINFO" "$DIST_ADDR" 16 4000 || exit 1
over=$(psql_q "SELECT count(*) FROM slots WHERE booked > quota")
echo "slots over their quota: $over"
[ "$over" = 0 ]
