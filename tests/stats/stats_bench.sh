#!/bin/bash
# stats_bench.sh — stats over a year of tickets (JH_STATS_N, default 1,000,000) generated
# straight into a jhd database, timed through the real jhd: prints the figures and the
# verdict against the target (< 200 ms); exits 0 when it ran, even if the target is missed.
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
BENCH=${JH_BUILD:-$JH_TOP/build}/tests/stats/stats_bench
N=${JH_STATS_N:-1000000}
[ -x "$BENCH" ] || { echo "$BENCH is missing"; exit 1; }
jhd_start || { echo "jhd did not start"; exit 1; }
jhd_stop
s=$(date +%s.%N)
"$BENCH" gen "$JHD_DB" "$N" || exit 1
echo "# generated in $(echo "$(date +%s.%N) - $s" | bc) s; database $(du -m "$JHD_DB" | cut -f1) MB"
jhd_restart || { echo "jhd did not restart"; exit 1; }
"$BENCH" time "$JHD_SOCK" "$N" || exit 1
echo "# jhd resident memory after the queries: $(ps -o rss= -p "$JHD_PID" | awk '{printf "%d MB", $1 / 1024}')"
