#!/bin/bash
# web_bench.sh — jhweb under load (make bench; prints figures, judges none): a real jhd and
# jhweb, JH_WEB_BENCH_N (2000) event streams on /board from one client process
# (build/tests/web/web_bench: one thread, poll), the time from a call_next at jhd to its code
# at the first, median and last stream over JH_WEB_BENCH_CALLS (20) calls, jhweb's RSS and CPU
# (/proc); then requests/s of a ticket page (/t/<token>: one ticket_by_token at jhd each)
# against a static file of the same jhweb (/static/style.css), 8 keep-alive connections,
# JH_WEB_BENCH_SECS (3) s each. jhweb logs at warn (debug would write a line per stream per
# update). The open-file limit is raised for jhweb and the client (ulimit -n).
# First, before any load: /board's first contentful paint in chromium (puppeteer-core,
# tests/web/browser.js: navigation start to the first paint of content, a fresh browser
# context each time, JH_WEB_BENCH_PAINTS (10) loads) against a static page of the same jhweb
# (its 404 page: fixed HTML, the same stylesheet); skipped without node and chromium.
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

# paint: median (min–max) of the loads' first contentful paint, and when the response ended
paint() { # NAME URL
	local a
	a=$(br "$(jq -nc --arg u "$2" --argjson n "${JH_WEB_BENCH_PAINTS:-10}" \
		'{cmd:"paint",url:$u,runs:$n}')")
	jq -r --arg name "$1" 'if .ok then .loads as $l |
		($l | map(.fcp) | sort) as $f | ($l | map(.response) | sort) as $r |
		"paint: \($name): first contentful paint median \($f[($f|length-1)/2|floor]|floor) ms " +
		"(\($f[0]|floor)–\($f[-1]|floor)) over \($l|length) cold loads; response end median " +
		"\($r[($r|length-1)/2|floor]*10|floor/10) ms; \($l[0].bytes) bytes of HTML"
		else "paint: \($name): \(.error)" end' <<<"$a"
}
if command -v node >/dev/null && [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	web_prereqs >/dev/null
	if br_start; then
		br_open warm "$WEB_URL/board" >/dev/null	# chromium's own start-up is not counted
		paint "/board" "$WEB_URL/board"
		paint "static page (jhweb's 404)" "$WEB_URL/no-such-page"
		br '{"cmd":"quit"}' >/dev/null
	else
		echo "paint: chromium did not start"
	fi
else
	echo "paint: skipped (node and chromium are needed)"
fi

"$BENCH" sse "${WEB_URL##*:}" "$N" "$CALLS" "$JHD_ADDR" alice pw-alice 1 "$WEB_PID" || rc=1
"$BENCH" rps "${WEB_URL##*:}" /static/style.css 8 "$SECS" || rc=1
"$BENCH" rps "${WEB_URL##*:}" "/t/$tok" 8 "$SECS" || rc=1
grep -v ' debug: ' "$WEB_LOG" | tail -5 | sed 's/^/# jhweb: /'
web_stop
exit ${rc:-0}
