#!/bin/bash
# stats_bench.sh — stats over a year of tickets (JH_STATS_N, default 1,000,000) generated
# straight into a jhd database, timed through the real jhd: the warm-up after a start (jhd
# reads the event log in chunks between loop turns: how long a client waits behind it, and
# the first stats answer while it runs), then, after a second start once the warm-up has
# ended, the first and warm answers and the verdict against the target (< 200 ms); exits 0
# when it ran, even if the target is missed.
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

# 1. right after a start: clients during the warm-up, and a stats request that finishes it
jhd_restart || { echo "jhd did not restart"; exit 1; }
"$BENCH" during "$JHD_SOCK" 500 || exit 1
# 2. a start, left alone until the warm-up has read the whole log
from=$(($(wc -l <"$JHD_LOG") + 1))
jhd_restart || { echo "jhd did not restart"; exit 1; }
for i in $(seq 1 600); do
	tail -n +"$from" "$JHD_LOG" | grep -q 'stats: warm-up read' && break
	sleep 0.1
done
line=$(tail -n +"$from" "$JHD_LOG" | grep -o 'stats: warm-up read.*')
[ -n "$line" ] || { echo "jhd did not log the end of its warm-up in 60 s"; exit 1; }
echo "# jhd: $line"
"$BENCH" time "$JHD_SOCK" "$N" || exit 1
echo "# jhd resident memory after the queries: $(ps -o rss= -p "$JHD_PID" | awk '{printf "%d MB", $1 / 1024}')"
