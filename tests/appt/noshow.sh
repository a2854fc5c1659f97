# noshow.sh — no-shows and bans against a real jhd with the test clock: slots that passed
# while the server was down, the loop's no-show timer, the 4th no-show in 30 days bans (with
# the ban's end in the error), bans listed and lifted with jhctl (audit record), bans expire.
source "$(dirname "$0")/common.bash"
appt_setup

# state of the appointment with this code, as a supervisor lists the day (a read: no sweep)
state_of() {
	printf '%s\n' '{"op":"appointments","date":"2026-11-23"}' | as_super |
		grep -o '"code":"'"$1"'"[^}]*' | grep -o '"state":"[a-z_]*"' | cut -d'"' -f4
}
# the masked IDs of the bans in force, sorted
banned() { printf '%s\n' '{"op":"bans"}' | as_super | grep -o '"id_masked":"[^"]*"' | cut -d'"' -f4 | sort | paste -sd,; }

# a slot that passes while jhd is down
down=$(book as_kiosk B 11:00 20)
expect_eq "booked B 11:00" "$(state_of "$down")" booked
jhd_stop
JHD_ARGS=(--test-clock 2026-11-23T12:00:00+08:00)
jhd_restart || { not_ok "jhd restarts"; t_finish; }
expect_eq "a slot that passed while jhd was down is a no-show at once" "$(state_of "$down")" no_show
check "the start-up sweep ran before jhd was ready" \
	bash -c 'grep -n "appointments: 1 no-shows" "$1" | tail -1 | cut -d: -f1 | { read a; b=$(grep -n "ready" "$1" | tail -1 | cut -d: -f1); [ -n "$a" ] && [ "$a" -lt "$b" ]; }' _ "$JHD_LOG"

# four no-shows of 21 and 22 on one afternoon; 23 once, to watch the timer
c21=$(book as_kiosk B 13:30 21); c22=$(book as_kiosk B 13:30 22); c23=$(book as_kiosk B 13:30 23)
clock_to 2026-11-23T14:15:01+08:00
s=booked
for i in $(seq 1 50); do s=$(state_of "$c23"); [ "$s" = no_show ] && break; sleep 0.1; done
expect_eq "the loop's timer marks a no-show after slot end + grace" "$s" no_show
expect_eq "the others of that slot too" "$(state_of "$c21"),$(state_of "$c22")" no_show,no_show
n=1
for at in 14:30 15:30 16:30; do
	a=$(book as_kiosk B "$at" 21 2026-11-23 appointment.state); b=$(book as_kiosk B "$at" 22 2026-11-23 appointment.state)
	expect_eq "after $n no-shows the ID still books ($at)" "$a,$b" booked,booked
	n=$((n + 1))
	h=${at%:*}; clock_to "2026-11-23T$((h + 1)):15:01+08:00"
done
ans=$(printf '%s\n' '{"op":"book","service":"B","start":"2026-11-24T09:00:00+08:00","id_number":"'"$(idn 21)"'"}' | as_kiosk)
expect_match "the 4th no-show in 30 days bans: blacklisted" "$ans" '"code":"blacklisted"'
expect_match "the error says until when (ISO time)" "$ans" '"until":"2026-12-23T17:15:00\+08:00"'
expect_match "and the date the ban ends" "$ans" '"until_date":"2026-12-23"'
expect_match "and the message says it too" "$ans" 'may not book until 2026-12-23'
expect_eq "a banned ID is refused for every service" "$(book as_kiosk N 09:00 22 2026-11-24)" "error:blacklisted"
expect_eq "a kiosk may not list bans" "$(q as_kiosk bans '{"op":"bans"}')" "error:forbidden"
expect_eq "a supervisor lists the bans in force" "$(banned)" "$(mask 21),$(mask 22)"
expect_eq "a ban counts the no-shows that earned it" "$(q as_super bans.0.no_shows '{"op":"bans"}')" 4
out=$(jhctl ban list)
expect_match "jhctl ban list shows the masked ID in force" "$out" "$(mask 21 | sed 's/\*/\\*/g') +2026-11-23 2026-12-23 4 +in force"
ban22=$(printf '%s\n' '{"op":"bans"}' | as_super | grep -o '{"id":[0-9]*,"id_masked":"[^"]*"' |
	grep -F "$(mask 22)" | cut -d: -f2 | cut -d, -f1)

# lift one ban, with an audit record
out=$(jhctl ban lift "$ban22" --reason "hospital certificate shown")
expect_match "jhctl ban lift" "$out" "^ban $ban22 lifted: $(mask 22 | sed 's/\*/\\*/g') may book again"
expect_eq "a lifted ban is no longer in force" "$(banned)" "$(mask 21)"
expect_eq "the lifted ID books again" "$(book as_kiosk B 09:00 22 2026-11-24 appointment.state)" booked
expect_match "jhctl ban list --all shows who lifted it" "$(jhctl ban list --all)" "lifted by local"
expect_match "the lift is in jhd's audit trail: OS user, admin socket, before and after" \
	"$(jhctl audit)" "$(id -un) \\(admin\\) admin socket pid [0-9]+: ban_lift ban $ban22: in force until [0-9-]+ -> lifted: hospital certificate shown"
expect_eq "lifting it again is not_found" "$(q as_super ban.id '{"op":"ban_lift","ban":'"$ban22"'}')" "error:not_found"
audit=$(sqlite3 "$JHD_DB" "SELECT count(*) FROM ban_audit WHERE reason = 'hospital certificate shown' AND actor = 'local'" 2>&1)
expect_eq "the lift is in the audit table with its reason and who" "$audit" 1
ans=$(printf '%s\n' '{"op":"ban_lift","id_number":"'"$(idn 21)"'","reason":"x"}' | as_kiosk)
expect_match "a kiosk may not lift a ban" "$ans" forbidden

# the ban ends by itself
clock_to 2026-12-23T17:14:00+08:00
expect_eq "the ban holds until its end" "$(book as_kiosk B 09:00 21 2026-12-24)" "error:blacklisted"
clock_to 2026-12-23T17:15:01+08:00
expect_eq "and ends by itself" "$(book as_kiosk B 09:00 21 2026-12-24 appointment.state)" booked
expect_eq "an ended ban is not listed as in force" "$(q as_super bans.0.id '{"op":"bans"}')" "(none)"
t_finish
