# clock_step.sh — the system clock stepped under a running jhd (real clock, stepped for jhd
# alone by tests/lib/clockshim.c): back over midnight, waiting tickets are not cancelled; forward
# past a slot, bookings are not made no-shows; each step raises the alert clock_step and an
# audit row, and the roll-over and sweep wait until the clock is back or `jhctl clock confirm`,
# also across a jhd restart (on the same boot the clock may still come back; after a reboot
# only the confirmation ends it).
source "$(dirname "$0")/../appt/common.bash"
source "$JH_TOP/tests/lib/clockshim.bash"
# jhd through the shim (step_to moves its clock); jhctl and jhcall as they are
clockshim_bin || { not_ok "the clock shim is built (make)"; t_finish; }
alerts() { printf '%s\n' '{"op":"status"}' | as_monitor --field alerts; }
# wait_alert yes|no: until the alert clock_step is raised (yes) or gone (no), 8 s at most
wait_alert() {
	local i
	for i in $(seq 80); do
		if alerts | grep -q '"clock_step"'; then [ "$1" = yes ] && return 0
		else [ "$1" = no ] && return 0; fi
		sleep 0.1
	done
	return 1
}
state_of() {
	printf '%s\n' '{"op":"appointments","date":"2026-03-03"}' | as_super |
		grep -o '"code":"'"$1"'"[^}]*' | grep -o '"state":"[a-z_]*"' | cut -d'"' -f4
}
ticket_state() { q as_kiosk ticket.state '{"op":"ticket","code":"'"$1"'","day":"2026-03-03"}'; }

step_to 2026-03-03T10:00:00+08:00
proto_setup
expect_eq "jhd runs on the stepped system clock" "$(q as_monitor hall.date '{"op":"status"}')" 2026-03-03
expect_eq "A001 taken" "$(q as_kiosk ticket.code '{"op":"take","service":"A"}')" A001
expect_eq "A002 taken" "$(q as_kiosk ticket.code '{"op":"take","service":"A"}')" A002
bk=$(book as_kiosk B 10:30 31 2026-03-03)
expect_eq "a booking for B 10:30 today" "$(state_of "$bk")" booked

# 1. back nine hours, over midnight, as a wrong NTP answer or a hand with `date -s` would
step_to 2026-03-02T23:59:30+08:00
check "a step back raises the alert clock_step" wait_alert yes
expect_match "the alert says by how much" "$(alerts)" 'stepped -1[01]h[0-9]+m[0-9]+s'
expect_eq "a take after the step goes on with the day's numbers" "$(q as_kiosk ticket.code '{"op":"take","service":"A"}')" A003
sleep 1.2	# a tick or more on the stepped clock
expect_eq "the waiting A002 is not cancelled by a roll-over" "$(ticket_state A002)" waiting
expect_eq "the business day stays 2026-03-03" "$(q as_monitor hall.date '{"op":"status"}')" 2026-03-03
expect_match "the step is in the audit trail, by jhd" "$(jhctl audit)" \
	'jhd \(jhd\) jhd: clock_step system clock: 2026-03-03T10:0[0-9]:[0-9]+\+08:00 -> 2026-03-02T23:59:[0-9]+\+08:00'

# 2. the clock comes back: trusted again without anyone's word
step_to 2026-03-03T10:00:40+08:00
check "the alert clears when the clock is back in step" wait_alert no
expect_eq "A002 still waits" "$(ticket_state A002)" waiting
expect_match "the return is audited" "$(jhctl audit)" 'clock_back system clock: - -> 2026-03-03T10:00'

# 3. forward past the booking's slot end and grace (11:15)
step_to 2026-03-03T12:00:00+08:00
check "a step forward raises the alert clock_step" wait_alert yes
as_kiosk <<<'{"op":"take","service":"B"}' >/dev/null
sleep 1.2
expect_eq "the booking is not made a no-show by the step" "$(state_of "$bk")" booked
expect_eq "a kiosk may not confirm the clock" "$(q as_kiosk error.code '{"op":"clock_confirm"}')" error:forbidden
step_to 2026-03-03T10:01:00+08:00
check "back again: the alert clears" wait_alert no
sleep 1.2
expect_eq "and the booking is still booked (its slot is to come)" "$(state_of "$bk")" booked

# 4. forward over midnight, and a supervisor says the clock is right
step_to 2026-03-04T09:00:00+08:00
check "a step to the next morning raises the alert" wait_alert yes
sleep 1.2
expect_eq "no roll-over before the step is confirmed" "$(ticket_state A002)" waiting
out=$(jhctl clock confirm 2>&1)
expect_match "jhctl clock confirm confirms it" "$out" 'confirmed: 2026-03-04T09:00'
check "the alert clears at the confirmation" wait_alert no
expect_eq "the roll-over runs: A002 is cancelled" "$(ticket_state A002)" cancelled
expect_eq "the business day is 2026-03-04" "$(q as_monitor hall.date '{"op":"status"}')" 2026-03-04
expect_eq "the sweep runs: the passed booking is a no-show" "$(state_of "$bk")" no_show
expect_match "the confirmation is audited with the OS user and the socket" "$(jhctl audit)" \
	"$(id -un) \\(admin\\) admin socket pid [0-9]+: clock_confirm system clock: stepped \\+"
expect_eq "confirming again: nothing to confirm" "$(printf '%s\n' '{"op":"clock_confirm"}' | as_super --field error.code)" error:conflict

# 5. back over midnight, confirmed: an earlier date never rolls the business day back
expect_eq "a ticket of 2026-03-04" "$(q as_kiosk ticket.code '{"op":"take","service":"A"}')" A001
step_to 2026-03-03T23:59:00+08:00
check "a step back to the evening before raises the alert" wait_alert yes
expect_match "confirmed" "$(jhctl clock confirm)" 'step \(-'
sleep 1.2
expect_eq "the business day stays 2026-03-04" "$(q as_monitor hall.date '{"op":"status"}')" 2026-03-04
expect_eq "its waiting ticket is not cancelled" "$(q as_kiosk ticket.state '{"op":"ticket","code":"A001","day":"2026-03-04"}')" waiting
expect_match "the log says why" "$(cat "$JHD_LOG")" 'the clock.s date 2026-03-03 is before the business day 2026-03-04: no roll-over'

# 6. a restart on a clock set back while jhd was down: no evidence of a step, no roll-back
jhd_stop
step_to 2026-03-03T20:00:00+08:00
jhd_restart || { not_ok "jhd restarts"; t_finish; }
expect_eq "after a restart behind the business day: still 2026-03-04" "$(q as_monitor hall.date '{"op":"status"}')" 2026-03-04
expect_eq "and the ticket still waits" "$(q as_kiosk ticket.state '{"op":"ticket","code":"A001","day":"2026-03-04"}')" waiting

# 7. a step held when jhd restarts holds again (the store's meta clock_held)
held() { sqlite3 "$JHD_DB" "SELECT value FROM meta WHERE key = 'clock_held'"; }
step_to 2026-03-05T09:00:00+08:00
check "a step to two days later raises the alert" wait_alert yes
expect_match "the held step is in the store" "$(held)" '^[0-9]+ [0-9]+ [0-9]+ '
jhd_stop
jhd_restart || { not_ok "jhd restarts during the step"; t_finish; }
check "after the restart the alert is raised again" wait_alert yes
expect_match "and says why" "$(alerts)" 'before jhd stopped'
sleep 1.2
expect_eq "no roll-over after the restart: still 2026-03-04" "$(q as_monitor hall.date '{"op":"status"}')" 2026-03-04
expect_eq "and A001 still waits" "$(q as_kiosk ticket.state '{"op":"ticket","code":"A001","day":"2026-03-04"}')" waiting
step_to 2026-03-03T20:01:00+08:00
check "the clock comes back (the same boot's reference): the alert clears" wait_alert no
expect_eq "and the store no longer holds it" "$(held)" ""
step_to 2026-03-05T09:05:00+08:00
check "forward again: held" wait_alert yes
jhd_stop
jhd_restart || { not_ok "jhd restarts again"; t_finish; }
check "held after the second restart" wait_alert yes
expect_match "confirmed by jhctl clock confirm" "$(jhctl clock confirm 2>&1)" 'confirmed: 2026-03-05T09:0'
expect_eq "the roll-over runs: the business day is 2026-03-05" "$(q as_monitor hall.date '{"op":"status"}')" 2026-03-05
expect_eq "A001 of 2026-03-04 is cancelled" "$(q as_kiosk ticket.state '{"op":"ticket","code":"A001","day":"2026-03-04"}')" cancelled
expect_eq "the store no longer holds a step" "$(held)" ""
jhd_stop
jhd_restart || { not_ok "jhd restarts after the confirmation"; t_finish; }
sleep 1.2
check "no alert after a restart once confirmed" wait_alert no
# 8. held across a reboot (another boot_id in the store): the clock's return cannot be told
# from the boot clock, so only a confirmation ends it
step_to 2026-03-06T09:00:00+08:00
check "a step forward again" wait_alert yes
jhd_stop
sqlite3 "$JHD_DB" "UPDATE meta SET value = substr(value, 1, instr(value || ' ', ' ') - 1) || ' 1 86000 other-boot' WHERE key = 'clock_held'"
step_to 2026-03-05T09:10:00+08:00
jhd_restart || { not_ok "jhd restarts as after a reboot"; t_finish; }
check "after a reboot a held step holds, the clock back or not" wait_alert yes
expect_match "the alert says the machine restarted" "$(alerts)" 'the machine restarted since'
expect_match "confirmed" "$(jhctl clock confirm 2>&1)" 'confirmed: 2026-03-05T09:1'
check "and the alert clears" wait_alert no
expect_match "the audit trail is intact" "$(jhctl audit verify)" 'intact'
t_finish
