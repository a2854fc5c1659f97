#!/bin/bash
# dstats.sh — the "全区 District" section of jhweb's /stats (docs/WEB.md) against a real jhd
# (sign-in) and a real jhdistrict on a private PostgreSQL 15 with three centres: a booking made
# at C1 and checked in (the centre's event) is in C1's row, and C1's ticket events (issued,
# called after 240 s) in its tickets columns; every figure of every row, by
# centre, channel and week (previous week, change %), is what jhdistrict's stats op answers;
# the CSV download carries the same rows; an unknown grouping is 400; without sign-in /stats
# goes to /login and the CSV is 401, and neither shows a figure. Over curl with a session cookie.
source "$(dirname "$0")/../district/common.bash"
source "$JH_TOP/tests/web/lib.sh"

dist_district
dist_start
proto_setup ""
web_prereqs
WEB_ARGS="--district $DIST_ADDR --district-token $T_TMP/frontends.tokens"
web_start || { not_ok "jhweb starts"; t_finish; }
JAR=$WEB_DIR/jar

# a booking at C1, checked in there; another at C2 by the app, still open
s1=$(first_slot C1 B)
k1=$(dist_book 1 C1 B "$s1")
s2=$(first_slot C2 C)
dq booking.code '{"op":"book","centre":"C2","service":"C","start":"'"$s2"'","id_number":"'"$(idn 2)"'","channel":"app"}' >/dev/null
ev=$(dqc C1 result '{"op":"event","event_id":"e1","kind":"checkin","code":"'"$k1"'","at":"'"$s1"'"}')
expect_eq "the centre's check-in is taken" "$ev" "checked_in"
FROM=$(date -u -d "-1 day" +%F)
TO=$(date -u -d "+40 days" +%F)
# C1's ticket events of today (as a centre's jhd sends them): one ticket issued and called
now=$(date -u +%FT%H:%M:%SZ)
tev() { printf '{"event_id":"%s","kind":"%s","at":"%s","day":"%s","ticket":"B001","service":"B","issued_at":"%s"%s}' "$1" "$2" "$now" "$(date -u +%F)" "$now" "$3"; }
expect_eq "C1's two ticket events are taken" \
	"$(dqc C1 new '{"op":"ticket_events","events":['"$(tev w1 issued)"','"$(tev w2 called ',"wait_s":240')"']}')" 2

# want BY: jhdistrict's rows as "key:bookings/open/checked_in/no_show/cancelled[/previous/change]"
want() {
	dq rows '{"op":"stats","from":"'"$FROM"'","to":"'"$TO"'","by":"'"$1"'"}' | jq -r --arg by "$1" \
		'[.[] | "\(.key):\(.bookings)/\(.open)/\(.checked_in)/\(.no_show)/\(.cancelled)" +
		 (if $by == "week" then "/\(.previous // "")/\(.change_pct // "")" else "" end)] | join(" ")'
}
# got HTML BY: the same from the page's district table
got() {
	python3 -c '
import html.parser, sys
by = sys.argv[1]
class P(html.parser.HTMLParser):
	def __init__(s):
		super().__init__(); s.on = False; s.rows = []; s.cell = None; s.col = None
	def handle_starttag(s, t, a):
		a = dict(a)
		if t == "table" and a.get("data-by") == by: s.on = True
		if s.on and t == "tr" and "data-key" in a: s.rows.append({"key": a["data-key"]})
		if s.on and t == "td" and "data-col" in a: s.col = a["data-col"]; s.cell = ""
	def handle_endtag(s, t):
		if t == "table": s.on = False
		if t == "td" and s.col: s.rows[-1][s.col] = s.cell; s.col = None
	def handle_data(s, d):
		if s.col: s.cell += d
p = P(); p.feed(sys.stdin.read())
cols = ["bookings", "open", "checked_in", "no_show", "cancelled"] + (["previous", "change_pct"] if by == "week" else [])
print(" ".join(r["key"] + ":" + "/".join(r.get(c, "?") for c in cols) for r in p.rows))
' "$1"
}
page() { curl -s --max-time 10 -b "$JAR" "$WEB_URL/stats?from=$FROM&to=$TO&dby=$1"; }

# not signed in
r=$(curl -s --max-time 10 -o "$T_TMP/anon" -w '%{http_code} %{redirect_url}' "$WEB_URL/stats?from=$FROM&to=$TO&dby=centre")
expect_eq "/stats without sign-in goes to /login" "$r" "303 $WEB_URL/login"
expect_eq "... and shows no district figure" "$(grep -c 'data-by=' "$T_TMP/anon")" 0
r=$(curl -s --max-time 10 -o "$T_TMP/anon.csv" -w '%{http_code}' "$WEB_URL/stats/district.csv?from=$FROM&to=$TO&by=centre")
expect_eq "/stats/district.csv without sign-in is 401, no figures" "$r $(grep -c ',' "$T_TMP/anon.csv")" "401 0"

r=$(curl -s --max-time 10 -c "$JAR" -o /dev/null -w '%{http_code}' --data 'user=bob&password=pw-bob' "$WEB_URL/login")
expect_eq "a supervisor signs in" "$r" 303

page centre >"$T_TMP/centre.html"
c1=$(dq rows '{"op":"stats","from":"'"$FROM"'","to":"'"$TO"'","by":"centre"}' |
	jq -r '.[] | select(.key == "C1") | "\(.bookings) \(.checked_in)"')
expect_eq "jhdistrict counts the booking checked in at C1" "$c1" "1 1"
expect_eq "the page's C1 row: the booking, checked in" \
	"$(got centre <"$T_TMP/centre.html" | tr ' ' '\n' | grep '^C1:')" "$(want centre | tr ' ' '\n' | grep '^C1:')"
expect_eq "by centre: every row as jhdistrict's stats op" "$(got centre <"$T_TMP/centre.html")" "$(want centre)"
expect_eq "the page's C1 row: its ticket events, the call's wait (columns without a figure hidden)" \
	"$(sed 's/<tr /\n<tr /g' "$T_TMP/centre.html" | grep 'data-by="centre"\|data-key="C1"' | grep 'data-key="C1"' | grep -o 'tickets_[a-z0-9_]*">[0-9]*' | tr '\n' ' ')" \
	'tickets_issued">1 tickets_called">1 tickets_wait_avg_s">240 tickets_wait_p90_s">240 '
expect_match "the section is titled 全区 District" "$(cat "$T_TMP/centre.html")" '全区 <small>District'
expect_eq "by channel: every row as jhdistrict's stats op" "$(page channel | got channel)" "$(want channel)"
expect_eq "by week: previous week and change %" "$(page week | got week)" "$(want week)"

csv=$(curl -s --max-time 10 -b "$JAR" "$WEB_URL/stats/district.csv?from=$FROM&to=$TO&by=centre")
wcsv=$("$JH_BIN/jhdistrict" --db "$PG_CONNINFO" export "$FROM" "$TO" centre)
expect_eq "the CSV download is what jhdistrict export writes" "$csv" "$wcsv"
expect_eq "an unknown grouping is 400" \
	"$(curl -s --max-time 10 -b "$JAR" -o /dev/null -w '%{http_code}' "$WEB_URL/stats?from=$FROM&to=$TO&dby=clerk")" 400
expect_eq "the CSV of an unknown grouping is 400" \
	"$(curl -s --max-time 10 -b "$JAR" -o /dev/null -w '%{http_code}' "$WEB_URL/stats/district.csv?by=x&from=$FROM&to=$TO")" 400

web_stop
expect_eq "jhweb exits 0" "$?" 0
t_finish
