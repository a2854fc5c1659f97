# opening.sh — before the hall's opening time a service is served when some window has it among
# its duties (primary or backup, whatever the window's state: the forecast takes every window to
# open at the opening time, docs/SCHEDULING.md "Before the windows open"): its take carries no
# no_window, status says served, jhd raises no unserved alert; a service no window has among its
# duties gets the notice and the alert as after the opening. From the opening time on, only open
# or paused windows count, and the alert appears at that minute without a new take.
source "$(dirname "$0")/../appt/common.bash"
HALL=$T_TMP/hall.ini
# the sample hall, but O in no window's duties and Q only a backup duty (of window 5)
jhd_hall_o_q "$HALL" ||
	{ not_ok "the test hall has O in no window and Q as window 5's backup only"; t_finish; }
appt_setup "$HALL"	# Monday 08:00; the hall opens at 09:00

take() { printf '{"op":"take","service":"%s"}\n' "$1" | as_kiosk; }
sup() { printf '%s\n' "$1" | as_super >/dev/null; }
# the services of jhd's unserved alerts in status, sorted, on one line
unserved() { q as_super alerts '{"op":"status"}' | jq -r '[.[]|select(.kind=="unserved")|.service]|sort|join(" ")'; }
served() { q as_kiosk services '{"op":"status"}' | jq -r ".[]|select(.code==\"$1\")|.served"; }

# every window closed, an hour before the opening
a=$(take A)
expect_eq "a take at 08:00 of a service windows have as duty carries no no_window" \
	"$(jq -c .no_window <<<"$a")" null
expect_eq "and is told the hour until the opening, as before" "$(jq -r .ticket.eta_s <<<"$a")" 3600
[ "$(jq -r .ticket.eta_lo_s <<<"$a")" -ge 3600 ] 2>/dev/null &&
	ok "its range starts at the opening time ($(jq -r '"\(.ticket.eta_lo_s)-\(.ticket.eta_hi_s)"' <<<"$a") s)" ||
	not_ok "its range starts at the opening time: $(jq -c .ticket <<<"$a")"
expect_eq "a service that is only a backup duty counts too" "$(take Q | jq -c .no_window)" null
o=$(take O)
expect_eq "a service no window has among its duties carries no_window before the opening" \
	"$(jq -c .no_window <<<"$o")" true
expect_eq "and no wait" "$(jq -r .ticket.eta_s <<<"$o")" -1
expect_eq "status: A is served before the opening" "$(served A)" true
expect_eq "status: O is not" "$(served O)" false
# what jhweb's service table shows (a wait, or "暂无窗口办理" for -1)
expect_eq "status: A's wait counts from the opening, O has none" \
	"$(q as_kiosk services '{"op":"status"}' | jq -r '[.[]|select(.code=="A" or .code=="O")|.eta_s >= 3600]|join(" ")')" \
	"true false"
expect_eq "the only unserved alert before the opening is O's" "$(unserved)" O

# a window a supervisor opened, then closed for the day, still counts before the opening (the
# forecast takes it to open at the opening time)
sup '{"op":"open","window":"3"}'
sup '{"op":"close","window":"3"}'
d=$(take D)
expect_eq "a take of D after window 3 was opened and closed at 08:00: no no_window" \
	"$(jq -c .no_window <<<"$d")" null
expect_eq "its wait still counts from the opening" "$(jq -r .ticket.eta_s <<<"$d")" 3600
expect_eq "and no alert for D" "$(unserved)" O

# a booked citizen checking in before the opening
code=$(book as_kiosk B 09:00 41)
c=$(printf '%s\n' '{"op":"checkin","appointment":"'"$code"'","id_number":"'"$(idn 41)"'"}' | as_kiosk)
expect_match "a check-in at 08:00 is issued" "$c" '"ok":true.*"code":"B001"'
expect_eq "without no_window" "$(jq -c .no_window <<<"$c")" null

# kill -9 before the opening: the tickets are there, and still no alert but O's
jhd_kill9
jhd_restart || { not_ok "jhd restarts after kill -9"; t_finish; }
expect_eq "after kill -9 the five tickets wait" \
	"$(sqlite3 "$JHD_DB" "SELECT count(*) FROM tickets WHERE state = 'waiting'")" 5
expect_eq "and the alerts are the same: O's alone" "$(unserved)" O

# a supervisor listening for alerts across the opening
(printf '%s\n' '{"op":"subscribe","topics":["alerts"]}' |
	as_super --events 1000 --timeout 60000 >"$T_TMP/alerts.out" 2>&1) &
t_at_exit "kill $! 2>/dev/null"
for i in $(seq 100); do grep -q '"topics"' "$T_TMP/alerts.out" 2>/dev/null && break; sleep 0.05; done
as_local <<<'{"op":"clock","set":"2026-11-23T08:59:59+08:00"}' >/dev/null
expect_eq "at 08:59:59 nothing has changed" "$(unserved)" O
as_local <<<'{"op":"clock","set":"2026-11-23T09:00:00+08:00"}' >/dev/null
expect_eq "at 09:00 with no window open, every service with someone waiting is alerted" \
	"$(unserved)" "A B D O Q"
for i in $(seq 100); do [ "$(grep -c '"event":"alert"' "$T_TMP/alerts.out")" -ge 4 ] && break; sleep 0.05; done
expect_eq "the supervisors hear it without a new take" \
	"$(grep '"event":"alert"' "$T_TMP/alerts.out" | jq -r .alert.message | sort | tr '\n' '|')" \
	"1 waiting for A, no open window serves A|1 waiting for B, no open window serves B|1 waiting for D, no open window serves D|1 waiting for Q, no open window serves Q|"
expect_eq "status: A is no longer served" "$(served A)" false
expect_eq "a take at 09:00 carries no_window again" "$(take A | jq -c .no_window)" true
sup '{"op":"open","window":"1"}'
expect_eq "window 1 opening clears A's and B's" "$(unserved)" "D O Q"

# unserved = refuse: before the opening a take of a service windows have is issued; one that no
# window has is refused
sed 's/^\[policy\]$/[policy]\nunserved = refuse/' "$HALL" >"$T_TMP/refuse.ini"
expect_match "the import says what changed" "$(jhctl import "$T_TMP/refuse.ini")" 'policy unserved: refuse'
as_local <<<'{"op":"clock","set":"2026-11-24T08:00:00+08:00"}' >/dev/null	# the next day
expect_match "unserved = refuse, 08:00: a take of E is issued" "$(take E)" '"ok":true,"ticket":\{[^}]*"code":"E001"'
expect_match "a take of O is refused not_served" "$(take O)" '"code":"not_served","message":"no open window serves service O"'
as_local <<<'{"op":"clock","set":"2026-11-24T09:00:00+08:00"}' >/dev/null
expect_match "at 09:00 a take of E is refused" "$(take E)" '"code":"not_served"'
t_finish
