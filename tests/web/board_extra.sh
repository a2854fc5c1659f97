#!/bin/bash
# board_extra.sh — the board's busiest services, handling times and quieter hours, in a real
# browser (chromium) against a real jhd on the test clock: a fresh hall says "No history yet";
# four weeks of tickets on past days (Mondays quiet at 10, 14 and 16 o'clock, the other
# weekdays at 9, 12 and 15) make the board name a Monday's quiet hours from the Mondays only
# (from every day while there are fewer than two of them), then only the hours still to come,
# then tomorrow's (a Tuesday's) once the day is over; today's tickets of two services in
# different counts rank the busier first, with each one's average handling time in minutes.
# Screenshot: build/web/board_extra.png.
source "$(dirname "$0")/../server/common.bash"
source "$JH_TOP/tests/web/lib.sh"
# Monday, four weeks before "the day" (Monday 2026-03-02)
proto_setup --test-clock 2026-02-02T08:00:00+08:00
web_prereqs
web_start || { not_ok "jhweb starts"; t_finish; }
br_start || { not_ok "chromium starts under puppeteer-core"; t_finish; }
one() {	# one ROLE-FN JSON: a request whose failure is shown (as a comment)
	local a
	a=$(printf '%s\n' "$2" | $1 2>&1)
	case $a in *'"ok":true'*) ;; *) echo "# $2: $a";; esac
}
clock_to() { one as_local '{"op":"clock","set":"'"$1"'"}'; }
quiet="document.querySelector('section.quiet')"
q_is() { # STATE WHEN BASIS DAYS HOURS: the quiet panel's data attributes
	echo "(function(s){return s && s.dataset.state === '$1' && s.dataset.when === '$2' &&
		s.dataset.basis === '$3' && s.dataset.days === '$4' && s.dataset.quiet === '$5'})($quiet)"
}
hot_li="document.querySelectorAll('section.hot li')"
handle() { echo "document.querySelector('tr[data-service=\"$1\"] .handle')"; }

expect_eq "GET /board is 200" "$(br_open b "$WEB_URL/board")" 200
expect_dom "a fresh hall has no quieter hours: No history yet" b \
	"$(q_is none today none 0 '') && $quiet.innerText.includes('暂无历史数据 / No history yet')" 3000
expect_dom "and no busiest services yet" b \
	"document.querySelector('section.hot .none').textContent.includes('None yet')" 1000

# history: 4 weeks of weekdays, tickets taken at 09..16 o'clock (one jhcall for all of it)
mon=(3 0 3 3 3 1 3 1)	# Mondays: quiet at 10, 14, 16
oth=(1 3 3 0 3 3 1 3)	# other weekdays: quiet at 9, 12, 15
history() { # FROM_DAY TO_DAY (days after 2026-02-01, a Sunday): the requests
	local d h n date wd counts
	for d in $(seq "$1" "$2"); do
		date=$(date -d "2026-02-01 +$d days" +%F)
		wd=$(date -d "$date" +%u)
		[ "$wd" -le 5 ] || continue
		if [ "$wd" = 1 ]; then counts=("${mon[@]}"); else counts=("${oth[@]}"); fi
		for h in 0 1 2 3 4 5 6 7; do
			printf '{"op":"clock","set":"%sT%02d:10:00+08:00"}\n' "$date" $((9 + h))
			for n in $(seq 1 "${counts[$h]}"); do echo '{"op":"take","service":"D"}'; done
		done
	done
}
hist_run() {
	local bad
	bad=$(history "$@" | as_local --timeout 20000 | grep -vc '"ok":true')
	[ "$bad" = 0 ] || echo "# history $*: $bad requests failed"
}
hist_run 1 1		# Monday 2026-02-02
clock_to 2026-02-03T08:00:00+08:00
one as_local '{"op":"take","service":"E"}'	# an event: the board refreshes
expect_dom "one Monday of history, on a Tuesday: the quiet hours of every day (the one)" b \
	"$(q_is some today all 1 10,14,16)" 3000
expect_dom "the panel says on what it is based" b \
	"$quiet.querySelector('.basis').textContent === '依据过去 1 个办公日 / From the last 1 working day'" 1000

t0=$(date +%s.%N)
hist_run 2 26		# Tuesday 2026-02-03 .. Friday 2026-02-27
echo "# 4 weeks of history (340 tickets) in $(echo "$(date +%s.%N) - $t0" | bc) s"
expect_eq "the history is in jhd (340 tickets of D)" "$(q as_monitor rows.0.issued \
	'{"op":"stats","from":"2026-02-02","to":"2026-03-01","by":"service","top":0}')" 340

# the day: Monday 2026-03-02
clock_to 2026-03-02T09:00:00+08:00
as_clerk1() { as_clerk 1 "$@"; }
one as_clerk1 '{"op":"open"}'
for s in B B A B A; do one as_kiosk '{"op":"take","service":"'$s'"}'; done
expect_dom "on a Monday, the quiet hours of the last 4 Mondays (not of every day: 9, 12, 15)" b \
	"$(q_is some today weekday 4 10,14,16)" 3000
expect_dom "named in Chinese and English" b \
	"$quiet.querySelector('.qh').textContent === '建议 10:00–11:00、14:00–15:00、16:00–17:00 前来 Quieter: 10–11, 14–15, 16–17'" 1000
expect_dom "from the last 4 Mondays" b \
	"$quiet.querySelector('.basis').textContent === '依据过去 4 个星期一 / From the last 4 Mondays'" 1000

# handling: B001 4 min, B002 6 min (B: 5 min on average), A001 2 min
for step in 240 360 120; do
	one as_clerk1 '{"op":"call_next"}'
	one as_local '{"op":"clock","advance_s":'$step'}'
	one as_clerk1 '{"op":"finish"}'
done
expect_eq "jhd's average handling time of B" "$(q as_monitor rows.1.avg_handle_s \
	'{"op":"stats","from":"2026-03-02","to":"2026-03-02","by":"service","top":0}')" 300
# today's stats by service are read with the hour chart, at most every 5 s
expect_dom "B's average handling time today: 5 min" b \
	"$(handle B).dataset.handleS === '300' && $(handle B).textContent === '5 分钟 5 min'" 7000
expect_dom "A's: 2 min" b \
	"$(handle A).dataset.handleS === '120' && $(handle A).textContent === '2 分钟 2 min'" 1000
expect_dom "a service with nothing finished today shows none" b "$(handle C).textContent === '—'" 1000
expect_dom "the busiest service (B, 3 taken) is first, A (2) second" b \
	"(function(l){return l.length === 2 && l[0].dataset.service === 'B' && l[0].dataset.issued === '3' &&
		l[1].dataset.service === 'A' && l[1].dataset.issued === '2'})($hot_li)" 1000
expect_dom "each with its name, rank and count" b \
	"$hot_li[0].textContent === '1 社保卡办理 Social security card 3 张 3 taken'" 1000
br_shot b "$WEB_SHOTS/board_extra.png"

# later in the day: only the hours still to come
clock_to 2026-03-02T13:30:00+08:00
one as_kiosk '{"op":"take","service":"C"}'
expect_dom "at 13:30, the quiet hours still to come (14, 16; 13 is under way)" b \
	"$(q_is some today weekday 4 14,16)" 3000
# the day is over (16:00 was the last hour to start): tomorrow's, a Tuesday's
clock_to 2026-03-02T16:30:00+08:00
one as_kiosk '{"op":"take","service":"C"}'
expect_dom "at 16:30, tomorrow's quiet hours, from the last 4 Tuesdays" b \
	"$(q_is some tomorrow weekday 4 09,12,15)" 3000
expect_dom "said so" b \
	"$quiet.querySelector('.qh').textContent === '明天建议 09:00–10:00、12:00–13:00、15:00–16:00 前来 Tomorrow, quieter: 9–10, 12–13, 15–16'" 1000

br '{"cmd":"quit"}' >/dev/null
if web_stop; then ok "jhweb exits 0 when stopped"; else not_ok "jhweb exits 0 when stopped (a leak under SAN=1?)"; fi
t_finish
