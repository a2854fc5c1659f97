# opening_tick.sh — the opening time passing on jhd's own clock (the real clock, moved for jhd
# alone by tests/lib/clockshim.c) raises the unserved alert of a service with someone waiting
# and no open window, even when no turn writes anything then: after a clock step jhd holds its
# minute sweeps, so only the once-a-second tick is left to notice it (tests/server/opening.sh
# moves the test clock instead).
source "$(dirname "$0")/../appt/common.bash"
source "$JH_TOP/tests/lib/clockshim.bash"
clockshim_bin || { not_ok "the clock shim is built (make)"; t_finish; }
alerts() { q as_monitor alerts '{"op":"status"}'; }
unserved() { alerts | jq -r '[.[]|select(.kind=="unserved")|.service]|sort|join(" ")'; }

step_to 2026-11-23T08:50:00+08:00
proto_setup
expect_eq "jhd's clock is before the opening" "$(q as_monitor now '{"op":"status"}' | cut -c1-15)" \
	2026-11-23T08:5
expect_eq "a take of A before the opening carries no no_window" \
	"$(printf '%s\n' '{"op":"take","service":"A"}' | as_kiosk | jq -c '[.ticket.code, .no_window]')" \
	'["A001",null]'
expect_eq "and raises no alert" "$(unserved)" ""
# the clock stepped to just before the opening: jhd holds its minute sweeps until the step is
# confirmed, so no turn writes anything from here
step_to 2026-11-23T08:59:56+08:00
for i in $(seq 100); do
	alerts | grep -q '"clock_step"' && break
	sleep 0.1
done
expect_eq "jhd saw the step (alert clock_step)" \
	"$(alerts | jq -r '[.[]|select(.kind=="clock_step")]|length')" 1
expect_eq "still no unserved alert before 09:00" "$(unserved)" ""
for i in $(seq 150); do
	[ "$(unserved)" = A ] && break
	sleep 0.1
done
expect_eq "past 09:00 on jhd's clock, with no window open, A's alert is raised" "$(unserved)" A
expect_match "at the opening minute" \
	"$(alerts | jq -r '.[]|select(.kind=="unserved")|"\(.message) \(.at)"')" \
	'^1 waiting for A, no open window serves A 2026-11-23T09:00:0[0-9]\+08:00$'
t_finish
