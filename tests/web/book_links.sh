#!/bin/bash
# book_links.sh — jhweb's JSON API keeps several ops at jhdistrict at once (--district-links,
# server/web/dpool.c) and every request gets exactly one answer: a real jhdistrict on a private
# PostgreSQL 15 whose slots table a psql session holds locked, so that booking statements wait
# there as long as the test wants (no timing). With 3 links and 6 bookings: 3 statements wait
# at PostgreSQL, never more; jhweb still serves a file meanwhile; once the lock goes, each of
# the 6 gets its own booking. A booking through the pages' form waits the same way (the page
# suspended, rendered once its two ops, book and centres, are answered). kill -9 of jhdistrict with 3 ops in flight and 2 queued: each
# of the 5 gets one 503 answer; the same requests asked again (same request keys) once
# jhdistrict is back are booked once each. An op held past 5 s is answered 503, its link
# closed, and the next request on the pool gets its own answer, not the late one. jhweb
# stopped with bookings and a page waiting answers each once and exits.
source "$(dirname "$0")/../district/common.bash"
source "$JH_TOP/tests/web/lib.sh"

export DIST_QUOTA=50
dist_district
dist_start --conns 4
mkdir -p "$WEB_DIR"
JHD_ADDR=$T_TMP/no-jhd.sock
MONITOR_TOKEN=none
KEY=ak-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
echo "app $KEY" >"$T_TMP/keys"
WEB_ARGS="--district $DIST_ADDR --district-token $T_TMP/frontends.tokens --channel-keys $T_TMP/keys
	--district-links 3"
web_start || { not_ok "jhweb starts"; t_finish; }
t_at_exit 'web_stop'

source "$JH_TOP/tests/web/booking.bash"
SLOTS=()
for k in $(seq 0 9); do SLOTS+=("$(first_slot C2 D "$k")"); done

# 1. six bookings, three links
lock_hold || { not_ok "a psql session locks the slots table"; t_finish; }
BG=()
for n in 1 2 3 4 5 6; do book_bg "$n" "r1-$n"; done
wait_waiting 3
sleep 0.3	# room for a fourth, if jhweb sent more than its links allow
expect_eq "three booking ops wait at PostgreSQL at once: one per link (--district-links 3)" \
	"$(waiting)" 3
expect_eq "meanwhile jhweb serves a file (its loop does not wait for the district)" \
	"$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$WEB_URL/static/book.js")" 200
expect_eq "... and no booking has been answered yet" "$(ls "$T_TMP" | grep -c '^ans\.r1-')" 0
lock_release
wait "${BG[@]}"
ok_own=0
for n in 1 2 3 4 5 6; do
	a=$(cat "$T_TMP/ans.r1-$n")
	[ "$(sed 's/^[0-9]* //' <<<"$a" | jq -r '[.ok, .booking.start, .booking.centre] | join(" ")')" = \
		"true ${SLOTS[$n]} C2" ] && [ "${a%% *}" = 200 ] && ok_own=$((ok_own + 1))
done
expect_eq "the lock gone, each of the 6 requests is answered with its own booking" "$ok_own" 6
expect_eq "PostgreSQL holds the 6 bookings, one per request" \
	"$(psql_q "SELECT count(DISTINCT request) || ' ' || count(*) FROM bookings WHERE request LIKE 'r1-%'")" "6 6"

# 1b. a booking through the pages' form waits the same way: jhweb serves meanwhile
hv() { grep -o "name=\"$1\" value=\"[^\"]*\"" "$T_TMP/form.html" | sed 's/.*value="//; s/"$//'; }
# form_get K: the form of slot K of C2 D (its cookie in $T_TMP/jar, the page in form.html)
form_get() {
	curl -s -c "$T_TMP/jar" -o "$T_TMP/form.html" \
		"$WEB_URL/book/form?centre=C2&service=D&start=$(jq -rn --arg s "${SLOTS[$1]}" '$s|@uri')"
}
# form_book_bg K N OUT: citizen N sends that form in the background; the page lands in
# $T_TMP/OUT.html, its status in $T_TMP/OUT.status; PAGE_PID
form_book_bg() {
	( curl -s -b "$T_TMP/jar" -o "$T_TMP/$3.html" -w '%{http_code}' \
		--data-urlencode "csrf=$(hv csrf)" --data-urlencode "request=$(hv request)" \
		--data-urlencode "centre=C2" --data-urlencode "service=D" \
		--data-urlencode "start=${SLOTS[$1]}" --data-urlencode "id_number=$(idn "$2")" \
		--data-urlencode "name=Citizen $2" --data-urlencode "mobile=138000000$2" \
		"$WEB_URL/book/confirm" >"$T_TMP/$3.status" ) &
	PAGE_PID=$!
}
form_get 7
lock_hold || { not_ok "a psql session locks the slots table for the form"; t_finish; }
form_book_bg 7 7 page
wait_waiting 1
expect_eq "the form's booking waits at PostgreSQL" "$(waiting)" 1
expect_eq "meanwhile jhweb serves a file (the page is suspended, not its loop)" \
	"$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$WEB_URL/static/book.js")" 200
expect_eq "... and the page has not been answered yet" "$(cat "$T_TMP/page.status" 2>/dev/null)" ""
lock_release
wait "$PAGE_PID"
code=$(psql_q "SELECT code FROM bookings WHERE request = '$(hv request)'")
expect_eq "the lock gone, the page says booked, with the code PostgreSQL holds" \
	"$(cat "$T_TMP/page.status") $(grep -c "data-code=\"$code\"" "$T_TMP/page.html")" "200 1"
expect_match "... and the centre's name (the page's second op, centres)" \
	"$(cat "$T_TMP/page.html")" "Centre Two"
expect_eq "one booking for the form's request" \
	"$(psql_q "SELECT count(*) FROM bookings WHERE request = '$(hv request)'")" 1

# 2. kill -9 of jhdistrict with ops in flight and queued
lock_hold || { not_ok "a psql session locks the slots table again"; t_finish; }
BG=()
for n in 11 12 13 14 15; do book_bg "$n" "r2-$n"; done
wait_waiting 3
dist_kill9
wait "${BG[@]}"
got=$(for n in 11 12 13 14 15; do cut -c1-3 "$T_TMP/ans.r2-$n"; done | sort | uniq -c | tr -s ' ')
expect_eq "jhdistrict killed: each of the 5 requests (3 in flight, 2 queued) gets one 503" \
	"$got" " 5 503"
expect_eq "... saying the district is unavailable" \
	"$(cat "$T_TMP"/ans.r2-* | grep -c '"code":"unavailable"')" 5
lock_release
dist_restart || { not_ok "jhdistrict starts again"; t_finish; }
BG=()
for n in 11 12 13 14 15; do book_bg "$n" "r2-$n"; done
wait "${BG[@]}"
expect_eq "asked again with the same request keys, all 5 are booked" \
	"$(for n in 11 12 13 14 15; do sed 's/^[0-9]* //' "$T_TMP/ans.r2-$n" | jq -r .ok; done |
		grep -c true)" 5
expect_eq "... once each (statements cut by the kill did not book twice)" \
	"$(psql_q "SELECT count(DISTINCT request) || ' ' || count(*) FROM bookings WHERE request LIKE 'r2-%'")" "5 5"

# 3. an op that is not answered in 5 s
lock_hold || { not_ok "a psql session locks the slots table a third time"; t_finish; }
BG=()
book_bg 21 r3-21
wait "${BG[@]}"
expect_match "a booking held past 5 s is answered 503 unavailable" "$(cat "$T_TMP/ans.r3-21")" \
	'^503 .*"unavailable"'
lock_release
BG=()
book_bg 22 r3-22
wait "${BG[@]}"
expect_eq "the next request gets its own answer (not the late one of the closed link)" \
	"$(sed 's/^[0-9]* //' "$T_TMP/ans.r3-22" | jq -r '[.ok, .booking.start] | join(" ")')" \
	"true ${SLOTS[2]}"
expect_eq "jhweb is still up" "$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/static/book.js")" 200

# 4. jhweb stopped (SIGTERM) with bookings waiting: each is answered once, then it exits
form_get 3
lock_hold || { not_ok "a psql session locks the slots table a fourth time"; t_finish; }
BG=()
for n in 31 32; do book_bg "$n" "r4-$n"; done
form_book_bg 3 33 page4
BG+=("$PAGE_PID")
wait_waiting 3
web_stop
expect_eq "jhweb stopped with 2 API bookings and a form's booking waiting: it exits 0" "$?" 0
wait "${BG[@]}"
expect_eq "... each API booking got one answer, 503 unavailable" \
	"$(cat "$T_TMP"/ans.r4-* | grep -c '^503 .*"unavailable"')" 2
expect_eq "... and the form's page one answer, 503" "$(cat "$T_TMP/page4.status")" 503
lock_release
t_finish
