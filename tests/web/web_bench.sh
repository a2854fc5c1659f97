#!/bin/bash
# web_bench.sh — jhweb under load (make bench; prints figures, judges none): a real jhd and
# jhweb, JH_WEB_BENCH_N (2000) event streams on /board from one client process
# (build/tests/web/web_bench: one thread, poll), the time from a call_next at jhd to its code
# at the first, median and last stream over JH_WEB_BENCH_CALLS (20) calls, jhweb's RSS and CPU
# (/proc); then requests/s of a ticket page (/t/<token>: one ticket_by_token at jhd each)
# against a static file of the same jhweb (/static/style.css), 8 keep-alive connections,
# JH_WEB_BENCH_SECS (3) s each. jhweb logs at warn (debug would write a line per stream per
# update). The open-file limit is raised for jhweb and the client (ulimit -n).
source "$JH_TOP/tests/server/common.bash"
source "$JH_TOP/tests/web/lib.sh"
BENCH=${JH_BUILD:-$JH_TOP/build}/tests/web/web_bench
N=${JH_WEB_BENCH_N:-2000}
CALLS=${JH_WEB_BENCH_CALLS:-20}
SECS=${JH_WEB_BENCH_SECS:-3}
[ -x "$BENCH" ] || { echo "$BENCH is missing (make bench builds it)"; exit 1; }
ulimit -n $((N + 1024)) 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "# open-file limit $(ulimit -n); $(nproc) cores"
proto_setup --test-clock 2026-03-02T10:00:00+08:00
mkdir -p "$WEB_DIR"
WEB_LOG_LEVEL=warn
web_start || { echo "jhweb did not start"; exit 1; }
for i in $(seq 1 $((CALLS + 2))); do as_kiosk <<<'{"op":"take","service":"A"}' >/dev/null; done
tok=$(q as_kiosk token '{"op":"take","service":"B"}')

"$BENCH" sse "${WEB_URL##*:}" "$N" "$CALLS" "$JHD_ADDR" alice pw-alice 1 "$WEB_PID" || rc=1
"$BENCH" rps "${WEB_URL##*:}" /static/style.css 8 "$SECS" || rc=1
"$BENCH" rps "${WEB_URL##*:}" "/t/$tok" 8 "$SECS" || rc=1
grep -v ' debug: ' "$WEB_LOG" | tail -5 | sed 's/^/# jhweb: /'
web_stop
exit ${rc:-0}
