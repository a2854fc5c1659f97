# rush.bash — the district of the 08:00 release rush for the benches (district_bench.sh,
# tests/web/book_bench.sh): a private PostgreSQL 15 (fsync on), 19 centres' hall files
# (services B, C, D, E, hourly slots 08:00-20:00, 5 days, RUSH_QUOTA places each, default 60)
# imported, and jhdistrict with RUSH_DB_CONNS database connections (default 32; PG_PID: the
# postmaster, for the CPU figures).
#   RUSH_CITIZENS  citizens per way (default 50,000, the issue's rush)
#   RUSH_CLIENTS   threads for the bare and jhdistrict ways (default 64)
#   RUSH_HTTP      HTTP connections to jhweb (default 500)
source "$JH_TOP/tests/district/common.bash"
export DIST_QUOTA=${RUSH_QUOTA:-60}
RUSH_CITIZENS=${RUSH_CITIZENS:-50000}
RUSH_CLIENTS=${RUSH_CLIENTS:-64}
RUSH_HTTP=${RUSH_HTTP:-500}
pg_start
halls=()
for k in $(seq 1 19); do
	# the district hall and 18 street centres, about 2 km apart
	dist_hall "C$k" "Centre $k" "$(awk -v k="$k" 'BEGIN { printf "%.3f", 31.10 + 0.02 * k }')" \
		121.47 >"$T_TMP/c$k.ini"
	halls+=("$T_TMP/c$k.ini")
done
"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "${halls[@]}" >/dev/null || exit 1
dist_start --conns "${RUSH_DB_CONNS:-32}"
PG_PID=$(head -1 "$PG_DIR/data/postmaster.pid")
export JH_BENCH_FRONTEND_TOKEN=$FE_TOKEN	# district_bench signs in as the front end
