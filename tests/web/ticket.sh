#!/bin/bash
# ticket.sh — /t/<token> in a real browser (chromium, a phone's 390×844) against a real jhd and
# jhweb: a ticket checked in from an appointment goes waiting → called ("请到 1 号窗口 / Please
# go to window 1" over the whole screen, within 1 s of the call) → finished; another ends as a
# no-show; a waiting ticket's page shows the range of its wait (before the opening, from the
# opening time on); a wrong or malformed token is a plain 404; no page shows the ID number (nor its
# masked form), the booking code or a clerk's name. Screenshots: build/web/ticket-*.png.
source "$(dirname "$0")/../appt/common.bash"
source "$JH_TOP/tests/web/lib.sh"
appt_setup
web_prereqs
web_start || { not_ok "jhweb starts"; t_finish; }
br_start || { not_ok "chromium starts under puppeteer-core"; t_finish; }
as_clerk1() { as_clerk 1 "$@"; }
one() {	# one ROLE-FN JSON: a request whose failure is shown (as a comment)
	local a
	a=$(printf '%s\n' "$2" | $1 2>&1)
	case $a in *'"ok":true'*) ;; *) echo "# $2: $a";; esac
}
state="(document.querySelector('.ticket')||{}).getAttribute && document.querySelector('.ticket').getAttribute('data-state')"
text="document.body.innerText"
privacy() {	# privacy NAME PAGE
	local html
	html=$(br_eval "$2" "document.documentElement.outerHTML")
	case $html in
	*"$ID"*|*"$(mask 31)"*|*"$BOOKING"*|*alice*) not_ok "$1: $(printf '%s' "$html" | head -c 300)";;
	*) ok "$1";;
	esac
}

# an appointment, checked in early: the ticket of a person with an ID number and a booking code
ID=$(idn 31)
BOOKING=$(book as_kiosk B 09:00 31)
clock_to 2026-11-23T08:50:00+08:00
ans=$(printf '%s\n' '{"op":"checkin","appointment":"'"$BOOKING"'","id_number":"'"$(idn 31)"'"}' | as_kiosk)
code=$(jq -r .ticket.code <<<"$ans")
tok=$(q as_kiosk token '{"op":"ticket_token","code":"'"$code"'"}')
expect_match "the check-in gives a ticket and ticket_token its token" "$code $tok" '^B[0-9]{3} [A-Za-z0-9_-]{32}$'

expect_eq "GET /t/<token> is 200" "$(br_open p "$WEB_URL/t/$tok" 390 844)" 200
expect_dom "the ticket page shows the code and the service" p \
	"$text.includes('$code') && $text.includes('社保卡办理')" 2000
expect_dom "it is waiting, with how many are ahead and the expected wait" p \
	"$state === 'waiting' && $text.includes('前面还有') && $text.includes('ahead of you') && $text.includes('预计等候')" 2000
# checked in at 08:50, every window closed, the hall opening at 09:00: the wait counts the 10
# minutes until then (docs/SCHEDULING.md, "Before the windows open")
expect_dom "before the opening its wait starts at the opening time (约 A–B 分钟, A >= 10)" p \
	"(function(m){return m !== null && +m[1] >= 10})(/约 (\\d+)–\\d+ 分钟/.exec($text))" 2000
expect_dom "and no notice that no window serves it (windows 1 and 2, closed, have B as a duty)" p \
	"!$text.includes('暂无窗口') && !$text.includes('no window')" 2000
expect_dom "the live stream is open" p "document.documentElement.getAttribute('data-updates')" 3000
privacy "the waiting page shows no ID number, booking code nor name" p
br_shot p "$WEB_SHOTS/ticket-waiting.png"

one as_super '{"op":"assign","window":"1","services":["B"]}'
one as_clerk1 '{"op":"open"}'
one as_clerk1 '{"op":"call_next"}'	# the appointment lane first
expect_dom "called: within 1 s the page says which window" p \
	"$state === 'called' && $text.includes('请到 1 号窗口') && $text.includes('Please go to window 1')" 1000
expect_dom "and fills the screen" p \
	"(function(r){return r.left <= 0 && r.top <= 0 && r.width >= innerWidth && r.height >= innerHeight})(document.querySelector('.ticket.called').getBoundingClientRect())" 1000
br_shot p "$WEB_SHOTS/ticket-called.png"
privacy "the called page shows no ID number, booking code nor name" p
one as_clerk1 '{"op":"finish"}'
expect_dom "finished: the page says so within 1 s" p \
	"$state === 'done' && $text.includes('办理完毕') && $text.includes('Finished')" 1000

# a no-show
tok2=$(q as_kiosk token '{"op":"take","service":"B"}')
expect_eq "a second ticket's page" "$(br_open p2 "$WEB_URL/t/$tok2" 390 844)" 200
expect_dom "waits first" p2 "$state === 'waiting'" 2000
expect_dom "its expected wait is the range jhd gives (约 A–B 分钟 / about A–B min)" p2 \
	"/约 \\d+–\\d+ 分钟/.test($text) && /about \\d+–\\d+ min/.test($text)" 2000
one as_clerk1 '{"op":"call_next"}'
expect_dom "is called" p2 "$state === 'called'" 1000
one as_clerk1 '{"op":"no_show"}'
expect_dom "no-show: the page says it was missed" p2 \
	"$state === 'no_show' && $text.includes('已过号') && $text.includes('Missed')" 1000

# wrong tokens
bad=${tok:0:31}$([ "${tok: -1}" = A ] && echo B || echo A)
expect_eq "a wrong token is 404" "$(br_open x "$WEB_URL/t/$bad" 390 844)" 404
expect_dom "with a plain not-found page" x "$text.includes('未找到') && $text.includes('Not found')" 1000
expect_eq "a malformed token is 404" "$(br_open x "$WEB_URL/t/..%2fboard" 390 844)" 404
expect_eq "a wrong token's stream is 404 too" \
	"$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "$WEB_URL/t/$bad/events")" 404
expect_eq "an unknown page is 404" "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "$WEB_URL/nope")" 404
br '{"cmd":"quit"}' >/dev/null
t_finish
