# lib.sh — jhweb and a real browser for the shell tests of tests/web. Source after
# tests/server/common.bash (or tests/appt/common.bash) and its *_setup.
#   web_prereqs                 skip-or-fail checks; installs tests/web/node_modules (npm ci)
#   web_start / web_stop / web_restart   bin/jhweb on an ephemeral port (kept across restarts)
#       as monitor-1 ($MONITOR_TOKEN), log level $WEB_LOG_LEVEL (debug), with $WEB_ARGS
#       (word-split) added; exports WEB_URL,
#       WEB_PID, WEB_LOG
#   br_start                    chromium under tests/web/browser.js (a coprocess)
#   br JSON                     one command; prints the answer (a JSON line)
#   br_open PAGE URL [W H]      prints the HTTP status
#   br_eval PAGE JS             prints the value (JSON)
#   br_wait PAGE JS MS          0 when JS became truthy within MS ms (the page's DOM polled)
#   br_shot PAGE FILE
WEB_DIR=$T_TMP/web
WEB_PID=""
WEB_PORT=0
WEB_SHOTS=${JH_BUILD:-$JH_TOP/build}/web

web_prereqs() {
	local p
	for p in jhd jhcall jhctl jhweb; do
		if [ ! -x "$JH_BIN/$p" ]; then
			not_ok "web_prerequisites: $JH_BIN/$p missing (make)"
			t_finish
		fi
	done
	if ! command -v node >/dev/null || ! [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
		not_ok "web_prerequisites: node and chromium are needed (scripts/deps.sh)"
		t_finish
	fi
	if [ ! -d "$JH_TOP/tests/web/node_modules/puppeteer-core" ]; then
		echo "# npm ci --prefix tests/web" >&2
		if ! npm ci --prefix "$JH_TOP/tests/web" --no-audit --no-fund >&2; then
			not_ok "web_prerequisites: npm ci --prefix tests/web failed"
			t_finish
		fi
	fi
	mkdir -p "$WEB_DIR" "$WEB_SHOTS"
}

web_start() {
	WEB_LOG=$WEB_DIR/jhweb.log
	rm -f "$WEB_DIR/port"
	"$JH_BIN/jhweb" --listen "127.0.0.1:$WEB_PORT" --port-file "$WEB_DIR/port" \
		--server "$JHD_ADDR" --device monitor-1 --token "$MONITOR_TOKEN" --log "${WEB_LOG_LEVEL:-debug}" \
		$WEB_ARGS 2>>"$WEB_LOG" &
	WEB_PID=$!
	local i
	for i in $(seq 1 100); do
		if [ -s "$WEB_DIR/port" ]; then
			WEB_PORT=$(cat "$WEB_DIR/port")
			WEB_URL=http://127.0.0.1:$WEB_PORT
			export WEB_URL WEB_PID WEB_LOG
			return 0
		fi
		kill -0 "$WEB_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "# jhweb did not start; log:" >&2
	tail -5 "$WEB_LOG" | sed 's/^/#   /' >&2
	return 1
}

web_stop() {
	[ -n "$WEB_PID" ] || return 0
	kill -TERM "$WEB_PID" 2>/dev/null
	wait "$WEB_PID" 2>/dev/null
	local rc=$?
	WEB_PID=""
	return $rc
}

web_restart() {
	web_stop
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		web_start && return 0
		sleep 0.2
	done
	return 1
}

br_start() {
	coproc BR { exec node "$JH_TOP/tests/web/browser.js" 2>>"$WEB_DIR/browser.log"; }
	t_at_exit 'kill $BR_PID 2>/dev/null; kill $WEB_PID 2>/dev/null'
	# plain descriptors: a coprocess's are closed in subshells ($(br ...))
	exec {BR_TO}>&"${BR[1]}" {BR_FROM}<&"${BR[0]}"
	local line
	if ! read -r -t 60 line <&"$BR_FROM" || [ "$(jq -r .ok <<<"$line")" != true ]; then
		echo "# the browser did not start: $line $(tail -5 "$WEB_DIR/browser.log")" >&2
		return 1
	fi
	echo "# $(jq -r .version <<<"$line")"
}

br() {
	local line
	printf '%s\n' "$1" >&"$BR_TO"
	read -r -t 90 line <&"$BR_FROM" || line='{"ok":false,"error":"no answer"}'
	printf '%s\n' "$line"
}
br_open() {
	br "$(jq -nc --arg p "$1" --arg u "$2" --argjson w "${3:-1920}" --argjson h "${4:-1080}" \
		'{cmd:"open",page:$p,url:$u,width:$w,height:$h}')" | jq -r '.status // .error'
}
br_eval() {
	br "$(jq -nc --arg p "$1" --arg j "$2" '{cmd:"eval",page:$p,js:$j}')" | jq -c '.value'
}
br_wait() {
	local a
	a=$(br "$(jq -nc --arg p "$1" --arg j "$2" --argjson ms "$3" \
		'{cmd:"wait",page:$p,js:$j,ms:$ms}')")
	BR_LAST=$(jq -c '.value' <<<"$a")
	[ "$(jq -r .ok <<<"$a")" = true ]
}
br_shot() {
	br "$(jq -nc --arg p "$1" --arg f "$2" '{cmd:"shot",page:$p,file:$f}')" >/dev/null
}
# expect_dom NAME PAGE JS MS: a case passes when JS becomes truthy within MS ms
expect_dom() {
	if br_wait "$2" "$3" "$4"; then ok "$1"; return; fi
	not_ok "$1: after $4 ms, $3 was $BR_LAST"
	tail -25 "$WEB_LOG" | sed 's/^/#   jhweb: /'
	br_eval "$2" "document.getElementById('live').innerText.slice(0, 400)" | sed 's/^/#   page: /'
}
