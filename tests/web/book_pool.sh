#!/bin/bash
# book_pool.sh — the limits of jhweb's pool of links to jhdistrict (server/web/dpool.c), from the
# user's side: a real jhd (the staff's sign-in), a real jhdistrict on a private PostgreSQL 15,
# jhweb with one link and a queue of 2 (--district-links 1 --district-queue 2).
# 1. The queue's cap and the 5 s deadline: a psql session holds the slots table; one API
#    booking waits at PostgreSQL on the link, two wait in the queue, the next is refused at
#    once (503 unavailable, "too many requests"); 5 s on, the booking in flight (its link
#    closed) and the two queued (never sent) are answered 503 unavailable: four requests,
#    four answers. The lock gone, the next booking is answered with its own booking.
# 2. /stats's district section goes through the pool: jhdistrict stopped (SIGSTOP), /stats
#    and /stats/district.csv wait for it suspended while jhweb answers /board and the hall's
#    /stats.csv (from jhd); jhdistrict continued, both are answered with the district's rows.
#    Stopped past 5 s, /stats is answered with the section saying the figures cannot be read.
source "$(dirname "$0")/../district/common.bash"
source "$JH_TOP/tests/web/lib.sh"

export DIST_QUOTA=50
dist_district
dist_start --conns 4
proto_setup ""
mkdir -p "$WEB_DIR"
KEY=ak-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
echo "app $KEY" >"$T_TMP/keys"
WEB_ARGS="--district $DIST_ADDR --district-token $T_TMP/frontends.tokens --channel-keys $T_TMP/keys
	--district-links 1 --district-queue 2"
web_start || { not_ok "jhweb starts"; t_finish; }
t_at_exit 'web_stop'
t_at_exit 'kill -CONT "$DIST_PID" 2>/dev/null'
source "$JH_TOP/tests/web/booking.bash"
SLOTS=()
for k in $(seq 0 9); do SLOTS+=("$(first_slot C2 D "$k")"); done

answered() { ls "$T_TMP" | grep -c '^ans\.q-'; }
answers_at_least() { [ "$(answered)" -ge "$1" ]; }
full='too many requests are waiting'

# 1. the queue's cap, then the deadline
lock_hold || { not_ok "a psql session locks the slots table"; t_finish; }
BG=()
book_bg 1 q-1
wait_waiting 1 || { not_ok "the first booking waits at PostgreSQL";
	{ cat "$T_TMP"/ans.q-* 2>/dev/null; grep -v 'GET\|POST' "$WEB_LOG" | tail; tail "$T_TMP/jhdistrict.log"; } | sed 's/^/# /'; }
for n in 2 3 4; do book_bg "$n" "q-$n"; done
check "one link busy and 2 queued: a third queued request is answered at once" \
	wait_for 10 answers_at_least 1
first=$(cat "$T_TMP"/ans.q-*)
expect_eq "... only it (the others wait)" "$(answered)" 1
expect_eq "... 503, code unavailable, the queue full" \
	"$(sed 's/^\([0-9]*\) .*/\1/' <<<"$first") $(sed 's/^[0-9]* //' <<<"$first" | jq -r .error.code) $(grep -c "$full" <<<"$first")" \
	"503 unavailable 1"
wait "${BG[@]}"
expect_eq "the lock still held, the booking in flight and the 2 queued are answered 503 unavailable after 5 s: 4 requests, 4 answers" \
	"$(cat "$T_TMP"/ans.q-* | grep -c '^503 .*"code":"unavailable"') $(cat "$T_TMP"/ans.q-* | wc -l)" "4 4"
expect_eq "... one of them the queue's refusal" "$(cat "$T_TMP"/ans.q-* | grep -c "$full")" 1
check "jhweb closed the link of the op not answered in time" \
	grep -q 'no answer in time: the link is closed' "$WEB_LOG"
lock_release
nobody_waits() { [ "$(waiting)" = 0 ]; }
wait_for 10 nobody_waits
# a queued op sent on a new link just before its own deadline may be done after its 503 (as
# the one in flight): asked again with its request key, the caller gets that booking
expect_eq "no request was booked twice" \
	"$(psql_q "SELECT count(*) FROM (SELECT request FROM bookings WHERE request LIKE 'q-%' GROUP BY request HAVING count(*) > 1) d")" 0
BG=()
book_bg 5 q-5
wait "${BG[@]}"
expect_eq "the link recovers: the next booking is answered with its own booking" \
	"$(cut -d' ' -f1 "$T_TMP/ans.q-5") $(cut -d' ' -f2- "$T_TMP/ans.q-5" | jq -r '[.ok, .booking.start] | join(" ")')" \
	"200 true ${SLOTS[5]}" ||
	{ cat "$T_TMP/ans.q-5"; grep -v 'GET\|POST' "$WEB_LOG" | tail; tail "$T_TMP/jhdistrict.log"; } | sed 's/^/# /' 

# 2. /stats's district section through the pool
JAR=$WEB_DIR/jar
expect_eq "the staff sign in (jhd)" "$(curl -s --max-time 10 -c "$JAR" -o /dev/null -w '%{http_code}' \
	--data 'user=bob&password=pw-bob' "$WEB_URL/login")" 303
FROM=$(date -u -d "-1 day" +%F)
TO=$(date -u -d "+40 days" +%F)
# get_bg PATH OUT: the signed-in staff GET PATH in the background: $T_TMP/OUT.body, OUT.status
get_bg() {
	( curl -s -b "$JAR" -o "$T_TMP/$2.body" -w '%{http_code}' "$WEB_URL$1" >"$T_TMP/$2.tmp" &&
	  mv "$T_TMP/$2.tmp" "$T_TMP/$2.status" ) &
	BG+=($!)
}
status_of() { cat "$T_TMP/$1.status" 2>/dev/null; }
# the link connected first: jhweb connects to jhdistrict in its loop, waiting (at most 5 s)
expect_eq "/stats with jhdistrict up" \
	"$(curl -s -b "$JAR" -o /dev/null -w '%{http_code}' "$WEB_URL/stats?from=$FROM&to=$TO&dby=centre")" 200
kill -STOP "$DIST_PID"
BG=()
get_bg "/stats?from=$FROM&to=$TO&dby=centre" stats1
get_bg "/stats/district.csv?from=$FROM&to=$TO&by=centre" csv1
sleep 0.3	# both at jhweb (a test of order, not of time: see below)
expect_eq "jhdistrict stopped: meanwhile jhweb answers /board" \
	"$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 "$WEB_URL/board")" 200
expect_eq "... and the hall's /stats.csv (jhd's figures)" \
	"$(curl -s -b "$JAR" -o /dev/null -w '%{http_code}' --max-time 20 "$WEB_URL/stats.csv?from=$FROM&to=$TO&by=service")" 200
expect_eq "... while /stats and /stats/district.csv wait for the district (not answered yet)" \
	"$(status_of stats1)/$(status_of csv1)" "/"
kill -CONT "$DIST_PID"
wait "${BG[@]}"
keys=$(dq rows '{"op":"stats","from":"'"$FROM"'","to":"'"$TO"'","by":"centre"}' | jq -r '.[].key' | sort)
expect_eq "jhdistrict continued: /stats is answered with the district's rows (its stats op's)" \
	"$(status_of stats1) $(grep -c 'data-by="centre"' "$T_TMP/stats1.body") $(grep -o 'data-key="[^"]*"' "$T_TMP/stats1.body" | sed 's/data-key="//; s/"$//' | sort -u | paste -sd,)" \
	"200 1 $(paste -sd, <<<"$keys")"
expect_eq "... and the CSV with its rows (a header and one per key)" \
	"$(status_of csv1) $(wc -l <"$T_TMP/csv1.body")" "200 $(($(wc -l <<<"$keys") + 1))"
kill -STOP "$DIST_PID"
BG=()
get_bg "/stats?from=$FROM&to=$TO&dby=centre" stats2
wait "${BG[@]}"
expect_eq "jhdistrict stopped past 5 s: /stats is answered, its district section unreadable" \
	"$(status_of stats2) $(grep -c "district's statistics cannot be read" "$T_TMP/stats2.body")" "200 1"
kill -CONT "$DIST_PID"
BG=()
get_bg "/stats?from=$FROM&to=$TO&dby=centre" stats3
wait "${BG[@]}"
expect_eq "jhdistrict continued: the next /stats has the district's rows again" \
	"$(status_of stats3) $(grep -c 'data-by="centre"' "$T_TMP/stats3.body")" "200 1"
t_finish
