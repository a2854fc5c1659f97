#!/bin/bash
# release.sh — slots open on a schedule: a centre whose [district] says release = 08:00 opens
# the last working day of its booking window (here the fifth after today) at 08:00 today; a
# booking before then is refused not_open with opens_at, availability and slots show the day as
# not yet open with the time, the days before it are open, and a centre without release is
# all open. jhdistrict runs on a test clock (--test-clock).
source "$(dirname "$0")/common.bash"

T7=2026-11-23T07:00:00+08:00	# Monday; the window is 23 .. 28 November (mon-sun, 5 days)
pg_start
dist_halls
echo "release = 08:00" >>"$T_TMP/c1.ini"
out=$("$JH_BIN/jhdistrict" --db "$PG_CONNINFO" --test-clock "$T7" import "$T_TMP/c1.ini" \
	"$T_TMP/c2.ini" 2>&1)
expect_match "import of a hall with release = 08:00" "$out" 'c1.ini: centre C1: [0-9]+ slots'
dist_start --test-clock "$T7"

slot_on() {	# CENTRE DATE: the first slot of service B that day
	dq slots.0.start '{"op":"slots","centre":"'"$1"'","service":"B","date":"'"$2"'"}'
}
book_raw() {	# N CENTRE START
	printf '%s\n' '{"op":"book","centre":"'"$2"'","service":"B","start":"'"$3"'","id_number":"'"$(idn "$1")"'"}' |
		"$JH_BIN/jhcall" --addr "$DIST_ADDR" "${FE[@]}" 2>&1
}
d5=$(slot_on C1 2026-11-28)
d4=$(slot_on C1 2026-11-27)
expect_match "the fifth day's slots are published" "$d5" '^2026-11-28T'
a=$(book_raw 1 C1 "$d5")
expect_match "a booking on the fifth day before 08:00: not_open" "$a" '"code":"not_open"'
expect_match "not_open names when the day opens" "$a" \
	'"opens_at":"2026-11-23T00:00:00\+00:00".*open for booking at 2026-11-23 08:00'
expect_match "the fourth day is open" "$(book_raw 2 C1 "$d4")" '"ok":true.*"state":"booked"'
expect_match "a centre without release: its fifth day is open" \
	"$(book_raw 3 C2 "$(slot_on C2 2026-11-28)")" '"ok":true'
days=$(dq centres.0.days '{"op":"availability","service":"B","centre":"C1"}')
expect_eq "availability: the fifth day is not yet open, with the time" \
	"$(echo "$days" | jq -r '.[] | select(.date == "2026-11-28") | "\(.open) \(.opens_at)"')" \
	"false 2026-11-23T00:00:00+00:00"
expect_eq "availability: the fourth day is open" \
	"$(echo "$days" | jq -r '.[] | select(.date == "2026-11-27") | "\(.open) \(.opens_at)"')" \
	"true null"
expect_eq "slots: the fifth day's slots say when they open" \
	"$(dq slots.0 '{"op":"slots","centre":"C1","service":"B","date":"2026-11-28"}' | jq -r '"\(.open) \(.opens_at)"')" \
	"false 2026-11-23T00:00:00+00:00"
expect_eq "nothing was booked on the fifth day at C1" \
	"$(psql_q "SELECT count(*) FROM bookings WHERE centre = 'C1' AND start_at >= '2026-11-28T00:00:00+08:00'")" 0

# 08:00:01 the same day: open
dist_kill9
DIST_ARGS=(--test-clock 2026-11-23T08:00:01+08:00)
dist_restart || not_ok "jhdistrict restarts"
expect_match "at 08:00 the fifth day books" "$(book_raw 1 C1 "$d5")" '"ok":true'
expect_eq "availability: the fifth day is open at 08:00" \
	"$(dq centres.0.days '{"op":"availability","service":"B","centre":"C1"}' | jq -r '.[] | select(.date == "2026-11-28") | .open')" true

# the next day, published again before 08:00: the 28th is the fourth day (open), the 29th not
dist_kill9
T=2026-11-24T07:30:00+08:00
"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" --test-clock "$T" import "$T_TMP/c1.ini" >/dev/null 2>&1
DIST_ARGS=(--test-clock "$T")
dist_restart || not_ok "jhdistrict restarts"
expect_match "the next day before 08:00: the 28th is open" \
	"$(book_raw 4 C1 "$(slot_on C1 2026-11-28)")" '"ok":true'
expect_match "the next day before 08:00: the 29th opens at 08:00 that day" \
	"$(book_raw 5 C1 "$(slot_on C1 2026-11-29)")" '"code":"not_open".*"opens_at":"2026-11-24T00:00:00\+00:00"'

sed 's/^release = 08:00$/release = 8 o.clock/' "$T_TMP/c1.ini" >"$T_TMP/bad.ini"
expect_match "a malformed release is refused at import" \
	"$("$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "$T_TMP/bad.ini" 2>&1)" \
	'release: not a time of day HH:MM'
t_finish
