#!/bin/bash
# district_bench.sh — the 08:00 rush at jhdistrict (tests/bench/rush.bash: 19 centres, a
# private PostgreSQL with fsync on): district_bench's plan of 50,000 citizens run directly on
# PostgreSQL (the baseline) and through jhdistrict, 64 clients each, every answer and the
# database checked after each (tests/bench/district_bench.c). The jhweb way: book_bench.sh.
source "$JH_TOP/tests/bench/rush.bash"
JH_BENCH_PIDS="jhdistrict:$DIST_PID PostgreSQL:+$PG_PID" "$JH_BUILD/tests/bench/district_bench" "$PG_CONNINFO" \
	"$DIST_ADDR" "$RUSH_CLIENTS" "$RUSH_CITIZENS"
