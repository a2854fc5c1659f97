# unserved.sh — services that no open window serves: take answers "no_window": true (or, with
# [policy] unserved = refuse, the error not_served); jhd raises its own alert (source jhd,
# kind unserved, one per service) with the count of tickets waiting, updated as it changes, and
# clears it when a window serves the service again or nobody waits for it; closing a window,
# an assign and a transfer raise it too; a check-in is issued anyway, with the notice.
source "$(dirname "$0")/../appt/common.bash"
appt_setup		# the sample hall, every window closed, Monday 2026-11-23 08:00

clock() { as_local <<<"{\"op\":\"clock\",\"advance_s\":$1}" >/dev/null; }
take() { printf '{"op":"take","service":"%s"}\n' "$1" | as_kiosk; }
sup() { printf '%s\n' "$1" | as_super >/dev/null; }
# the D alert in status, or nothing
st_alert() { printf '%s\n' '{"op":"status"}' | as_super | jq -c ".alerts[]|select(.service==\"$1\")"; }

booked=$(book as_kiosk B 09:00 41)	# for the check-in at the end
# from the opening time on only open or paused windows count (before it, every window with the
# duty: tests/server/opening.sh)
clock_to 2026-11-23T09:00:00+08:00

# a supervisor listening for alerts: the events of services D and Q, in order
(printf '%s\n' '{"op":"subscribe","topics":["alerts"]}' |
	as_super --events 1000 --timeout 60000 >"$T_TMP/alerts.out" 2>&1) &
t_at_exit "kill $! 2>/dev/null"
for i in $(seq 100); do grep -q '"topics"' "$T_TMP/alerts.out" 2>/dev/null && break; sleep 0.05; done
seen() {	# seen SERVICE N: the first N alert events of SERVICE, once they have come
	local i
	for i in $(seq 100); do
		[ "$(grep -c "\"service\":\"$1\"" "$T_TMP/alerts.out")" -ge "$2" ] && break
		sleep 0.05
	done
	grep '"event":"alert"' "$T_TMP/alerts.out" | jq -c "select(.alert.service==\"$1\").alert|[.source,.kind,.message,.cleared]" | head -n "$2"
}

ans=$(take D)
expect_match "a take for a service no open window serves carries no_window" "$ans" '^\{"id":[0-9]+,"ok":true,"ticket":\{"id":[0-9]+,"code":"D001".*"eta_s":-1.*\},"no_window":true[,}]'
expect_eq "jhd raises an alert for it at once" "$(seen D 1)" \
	'["jhd","unserved","1 waiting for D, no open window serves D",false]'
clock 60
take D >/dev/null; take D >/dev/null
expect_eq "the count follows the tickets" "$(seen D 3 | tail -n 2)" \
	'["jhd","unserved","2 waiting for D, no open window serves D",false]
["jhd","unserved","3 waiting for D, no open window serves D",false]'
expect_eq "status lists it, since the first ticket" "$(st_alert D)" \
	'{"source":"jhd","kind":"unserved","service":"D","message":"3 waiting for D, no open window serves D","at":"2026-11-23T09:00:00+08:00"}'

sup '{"op":"open","window":"3"}'	# D, E, L:backup
expect_eq "a window that opens for it clears it" "$(seen D 4 | tail -n 1)" \
	'["jhd","unserved","an open window serves D again",true]'
expect_eq "and status no longer lists it" "$(st_alert D)" ""
expect_eq "a take it serves has no no_window" "$(take D | jq -c .no_window)" null
sup '{"op":"pause","window":"3"}'
expect_eq "a paused window still serves it" "$(take D | jq -c .no_window)" null
sup '{"op":"resume","window":"3"}'
sup '{"op":"call_next","window":"3"}'; sup '{"op":"finish","window":"3"}'
sup '{"op":"close","window":"3"}'
expect_eq "closing the last window that serves it raises it again" "$(seen D 5 | tail -n 1)" \
	'["jhd","unserved","4 waiting for D, no open window serves D",false]'

sup '{"op":"open","window":"11"}'	# A, D, G, L, N, P, B:backup, M:backup
sup '{"op":"assign","window":"11","services":["A"]}'
expect_eq "an assign that takes away its last window raises it" "$(seen D 7 | tail -n 2)" \
	'["jhd","unserved","an open window serves D again",true]
["jhd","unserved","4 waiting for D, no open window serves D",false]'

take A >/dev/null
sup '{"op":"call_next","window":"11"}'
sup '{"op":"transfer","window":"11","to_service":"Q"}'
expect_eq "a transfer to a service no open window serves raises it" "$(seen Q 1)" \
	'["jhd","unserved","1 waiting for Q, no open window serves Q",false]'
sup '{"op":"transfer","code":"A001","to_service":"A"}'
expect_eq "once nobody waits for the service, it is cleared" "$(seen Q 2 | tail -n 1)" \
	'["jhd","unserved","nobody waits for Q",true]'
expect_eq "tickets of a service an open window serves raise nothing" \
	"$(grep -c '"service":"A"' "$T_TMP/alerts.out")" 0

jhd_restart || not_ok "jhd restarts"
clock_to 2026-11-23T09:01:00+08:00	# (jhd starts again on --test-clock's 08:00)
expect_eq "after a restart the alert is there again" "$(st_alert D | jq -r .message)" \
	"4 waiting for D, no open window serves D"

# refuse: no ticket for a service no open window serves
sed 's/^\[policy\]$/[policy]\nunserved = refuse/' "$JH_TOP/server/examples/district.ini" >"$T_TMP/refuse.ini"
expect_match "the import says what changed" "$(jhctl import "$T_TMP/refuse.ini")" 'policy unserved: refuse'
sup '{"op":"open","window":"11"}'
expect_eq "unserved = refuse: take answers not_served" "$(take E)" \
	"$(printf '%s' '{"id":2,"ok":false,"error":{"code":"not_served","message":"no open window serves service E"}}')"
expect_eq "and issues nothing" "$(sqlite3 "$JHD_DB" "SELECT count(*) FROM tickets WHERE service = 'E'")" 0
expect_match "a service an open window serves is issued" "$(take D)" '"ok":true,"ticket":\{[^}]*"code":"D006"[^}]*\}[,}]'
sup '{"op":"close","window":"11"}'	# B (and every other service) unserved again
clock_to 2026-11-23T09:05:00+08:00
ans=$(printf '%s\n' '{"op":"checkin","appointment":"'"$booked"'","id_number":"'"$(idn 41)"'"}' | as_kiosk)
expect_match "a booked citizen checking in still gets a ticket, with the notice" "$ans" \
	'"ok":true.*"no_window":true'
expect_match "for the booked service" "$(jq -c .ticket <<<"$ans")" '"code":"B001".*"channel":"appointment"'
expect_match "bad values of unserved are refused at import" \
	"$(sed 's/^unserved = refuse$/unserved = maybe/' "$T_TMP/refuse.ini" >"$T_TMP/bad.ini"; jhctl import "$T_TMP/bad.ini" 2>&1)" \
	"unserved must be issue or refuse, not 'maybe'"
t_finish
