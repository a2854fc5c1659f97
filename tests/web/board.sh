#!/bin/bash
# board.sh — /board in a real browser (chromium, 1920×1080) against a real jhd and jhweb: calls,
# windows, waiting counts and the hour chart follow jhd within 1 s (the DOM is polled with a
# deadline); a dropped stream shows the banner and the board recovers by itself after jhweb
# restarts and after jhd restarts; no clerk's name on the page. Screenshot: build/web/board.png.
source "$(dirname "$0")/../server/common.bash"
source "$JH_TOP/tests/web/lib.sh"
proto_setup --test-clock 2026-03-02T10:00:00+08:00
web_prereqs
web_start || { not_ok "jhweb starts"; t_finish; }
br_start || { not_ok "chromium starts under puppeteer-core"; t_finish; }
as_clerk1() { as_clerk 1 "$@"; }
one() {	# one ROLE-FN JSON: a request whose failure is shown (as a comment)
	local a
	a=$(printf '%s\n' "$2" | $1 2>&1)
	case $a in *'"ok":true'*) ;; *) echo "# $2: $a";; esac
}
latest="(document.querySelector('.call.latest .code')||{}).textContent"
svc_waiting() { echo "(document.querySelector('tr[data-service=\"$1\"] .waiting')||{}).textContent"; }
banner_up="!document.getElementById('banner').hidden"

expect_eq "GET /board is 200" "$(br_open b "$WEB_URL/board")" 200
expect_dom "the board shows the hall's name" b \
	"document.querySelector('h1').textContent.startsWith('城东区政务服务中心')" 2000
expect_dom "the live stream delivers the board" b \
	"document.documentElement.getAttribute('data-updates')" 3000
expect_dom "a window starts closed" b \
	"document.querySelector('tr[data-window=\"1\"]').classList.contains('closed')" 1000

one as_kiosk '{"op":"take","service":"A"}'
one as_kiosk '{"op":"take","service":"A"}'
one as_kiosk '{"op":"take","service":"B"}'
expect_dom "waiting counts reach the board within 1 s" b \
	"$(svc_waiting A) === '2' && $(svc_waiting B) === '1'" 1000
one as_clerk1 '{"op":"open"}'
expect_dom "a window opened shows open within 1 s" b \
	"document.querySelector('tr[data-window=\"1\"]').classList.contains('open')" 1000
expect_dom "a service with an open window has an expected wait" b \
	"document.querySelector('tr[data-service=\"A\"] .eta').textContent.includes('分钟')" 1000
expect_eq "jhd calls A001" "$(q as_clerk1 ticket.code '{"op":"call_next"}')" A001
expect_dom "call_next shows on the open board within 1 s" b "$latest === 'A001'" 1000
expect_dom "the new call stands out" b \
	"document.querySelector('.call.latest').classList.contains('flash')" 1000
expect_dom "the window shows whom it serves" b \
	"document.querySelector('tr[data-window=\"1\"] .serving').textContent === 'A001'" 1000
one as_super '{"op":"open","window":"2"}'
one as_super '{"op":"pause","window":"2"}'
expect_dom "a paused window shows paused" b \
	"document.querySelector('tr[data-window=\"2\"]').classList.contains('paused')" 1000
one as_clerk1 '{"op":"finish"}'
# the chart reads stats at most every 5 s
expect_dom "the hour chart counts today's tickets taken and finished" b \
	"(function(g){return g && g.getAttribute('data-issued') === '3' && g.getAttribute('data-served') === '1'})(document.querySelector('svg.chart g.hour[data-hour=\"10\"]'))" 7000
# alice stays signed in at window 1 (status names her there) while the board is read
as_clerk 1 --events 1 --timeout 30000 <<<'{"op":"ping"}' >/dev/null 2>&1 &
SIGNED=$!
t_at_exit "kill $SIGNED 2>/dev/null"
for i in $(seq 100); do
	[ "$(q as_monitor windows.0.clerk '{"op":"status"}')" = alice ] && break
	sleep 0.05
done
expect_dom "the board follows a clerk signing in" b "document.documentElement.getAttribute('data-updates') > 1" 1000
br_shot b "$WEB_SHOTS/board.png"
text=$(br_eval b "document.documentElement.outerHTML")
kill $SIGNED 2>/dev/null
case $text in
*alice*) not_ok "the board names no clerk";;
*) ok "the board names no clerk";;
esac

# idle: the stream is suspended, jhweb sleeps in poll (a busy loop would burn 3 s of CPU here)
cpu() { awk '{print $14 + $15}' "/proc/$WEB_PID/stat"; }
c0=$(cpu); sleep 3; c1=$(cpu)
if [ $((c1 - c0)) -le 5 ]; then ok "an idle jhweb with an open board uses no CPU ($((c1 - c0)) ticks in 3 s)"
else not_ok "an idle jhweb with an open board uses no CPU: $((c1 - c0)) ticks in 3 s"; fi

# jhweb restarts: the banner shows, the browser reconnects by itself
web_stop
expect_dom "a dropped stream shows the banner" b "$banner_up" 3000
web_restart || { not_ok "jhweb restarts"; t_finish; }
expect_dom "the board reconnects by itself after jhweb restarts" b "!($banner_up)" 5000
expect_eq "jhd calls A002" "$(q as_clerk1 ticket.code '{"op":"call_next"}')" A002
expect_dom "and follows calls again within 1 s" b "$latest === 'A002'" 1000

# jhd restarts: jhweb says it lost jhd, reconnects by itself, the board follows again
jhd_stop
expect_dom "the board says jhd cannot be reached" b "!!document.querySelector('.offline')" 3000
jhd_restart || { not_ok "jhd restarts"; t_finish; }
expect_dom "the board recovers after jhd restarts" b "!document.querySelector('.offline')" 8000
one as_clerk1 '{"op":"finish"}'
expect_eq "jhd calls B001" "$(q as_clerk1 ticket.code '{"op":"call_next"}')" B001
expect_dom "and follows calls again within 1 s" b "$latest === 'B001'" 1000
br '{"cmd":"quit"}' >/dev/null
t_finish
