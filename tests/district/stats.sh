#!/bin/bash
# stats.sh — district statistics: the stats op by centre, service, department, channel,
# applicant, day and week (with the week before and the change), across a month's end, counting
# bookings, check-ins, no-shows and cancels at every centre; `jhdistrict export` as CSV.
# jhdistrict on a test clock: Friday 2026-11-27, the window runs to Wednesday 2 December.
source "$(dirname "$0")/common.bash"

T=2026-11-27T07:00:00+08:00
pg_start
dist_halls
"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" --test-clock "$T" import "$T_TMP/c1.ini" \
	"$T_TMP/c2.ini" "$T_TMP/c3.ini" >/dev/null 2>&1 || not_ok "import"
dist_start --test-clock "$T"

bk() {	# N CENTRE SERVICE DATE CHANNEL [APPLICANT]: the booking's code
	local s
	s=$(dq slots.0.start '{"op":"slots","centre":"'"$2"'","service":"'"$3"'","date":"'"$4"'"}')
	dq booking.code '{"op":"book","centre":"'"$2"'","service":"'"$3"'","start":"'"$s"'","id_number":"'"$(idn "$1")"'","channel":"'"$5"'","applicant":"'"${6:-individual}"'"}'
}
k1=$(bk 1 C1 B 2026-11-28 web)
k2=$(bk 2 C1 B 2026-11-28 wechat enterprise)
k3=$(bk 3 C2 C 2026-11-30 web)
bk 4 C2 B 2026-12-01 app >/dev/null
bk 5 C3 D 2026-12-02 web >/dev/null
bk 6 C3 B 2026-12-01 web >/dev/null
dqc C1 result '{"op":"event","event_id":"e1","kind":"checkin","code":"'"$k1"'","at":"2026-11-28T09:00:00+08:00"}' >/dev/null
dqc C1 result '{"op":"event","event_id":"e2","kind":"no_show","code":"'"$k2"'","at":"2026-11-28T10:00:00+08:00"}' >/dev/null
dq booking.state '{"op":"cancel","code":"'"$k3"'","id_number":"'"$(idn 3)"'"}' >/dev/null
expect_eq "six bookings were made" "$(psql_q 'SELECT count(*) FROM bookings')" 6

st() {	# BY [FROM TO]: rows as key:bookings/open/checked_in/no_show/cancelled
	dq rows '{"op":"stats","from":"'"${2:-2026-11-01}"'","to":"'"${3:-2026-12-31}"'","by":"'"$1"'"}' |
		jq -r '[.[] | "\(.key):\(.bookings)/\(.open)/\(.checked_in)/\(.no_show)/\(.cancelled)"] | join(" ")'
}
expect_eq "stats by centre: bookings, open, check-ins, no-shows, cancels" "$(st centre)" \
	"C1:2/0/1/1/0 C2:2/1/0/0/1 C3:2/2/0/0/0"
expect_eq "stats by service" "$(st service)" "B:4/2/1/1/0 C:1/0/0/0/1 D:1/1/0/0/0"
expect_eq "stats by department (from the hall files)" "$(st department)" "RS:6/3/1/1/1"
expect_eq "stats by channel" "$(st channel)" "app:1/1/0/0/0 web:4/2/1/0/1 wechat:1/0/0/1/0"
expect_eq "stats by applicant type" "$(st applicant)" \
	"enterprise:1/0/0/1/0 individual:5/3/1/0/1"
expect_eq "stats by day, across the month's end" "$(st day)" \
	"2026-11-28:2/0/1/1/0 2026-11-30:1/0/0/0/1 2026-12-01:2/2/0/0/0 2026-12-02:1/1/0/0/0"
expect_eq "stats by week, with the week before and the change" \
	"$(dq rows '{"op":"stats","from":"2026-11-01","to":"2026-12-31","by":"week"}' | jq -r '[.[] | "\(.key):\(.bookings):\(.previous):\(.change_pct)"] | join(" ")')" \
	"2026-11-23:2:0:null 2026-11-30:4:2:100"
expect_eq "stats from 1 December only" "$(st centre 2026-12-01 2026-12-31)" \
	"C2:1/1/0/0/0 C3:2/2/0/0/0"
expect_eq "stats by something unknown: bad_request" \
	"$(dq rows '{"op":"stats","from":"2026-11-01","to":"2026-12-31","by":"colour"}')" "error:bad_request"
expect_eq "stats with to before from: bad_request" \
	"$(dq rows '{"op":"stats","from":"2026-12-01","to":"2026-11-01"}')" "error:bad_request"

csv=$("$JH_BIN/jhdistrict" --db "$PG_CONNINFO" export 2026-11-01 2026-12-31 week 2>&1)
expect_eq "export: CSV by week" "$csv" "week,bookings,open,checked_in,no_show,cancelled,previous,change_pct,walk_in_taken,walk_in_called,walk_in_finished,walk_in_no_show,tickets_issued,tickets_called,tickets_finished,tickets_no_show,tickets_transferred,tickets_wait_avg_s,tickets_wait_p90_s,tickets_handle_avg_s
2026-11-23,2,0,1,1,0,0,,0,0,0,0,0,0,0,0,0,,,
2026-11-30,4,3,0,0,1,2,100.0,0,0,0,0,0,0,0,0,0,,,"
expect_eq "export by centre (default)" \
	"$("$JH_BIN/jhdistrict" --db "$PG_CONNINFO" export 2026-11-01 2026-12-31 | sed -n 2p)" \
	"C1,2,0,1,1,0,,,0,0,0,0,0,0,0,0,0,,,"
bad=$("$JH_BIN/jhdistrict" --db "$PG_CONNINFO" export 2026-13-01 2026-12-31 2>&1)
rc=$?
expect_match "export with a bad date: usage error" "$rc ${bad%%$'\n'*}" \
	"^2 jhdistrict: export: 'from' and 'to' are dates YYYY-MM-DD"
t_finish
