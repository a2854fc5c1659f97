#!/bin/bash
# integration.sh — jhd + jhbridge + two jhled-sim displays on pty pairs: a window strip (unit 1,
# window 1) and a hall board (unit 20). Calls show on the right display and on the board; the
# bridge survives garbage on the line, a display that stops answering and comes back, a pty
# that closes and reopens, a server restart, and its own SIGKILL and restart — each time the
# right state ends up shown.
. "$(dirname "$0")/../lib/t.sh"
. "$JH_TOP/tests/lib/pty.sh"
. "$JH_TOP/tests/lib/jhd.sh"

for p in jhd jhcall jhbridge jhled-sim; do
	if [ ! -x "$JH_BIN/$p" ]; then
		not_ok "integration_prerequisites: $JH_BIN/$p missing"
		t_finish
	fi
done
if ! jhd_start; then
	not_ok "jhd_starts: $(tail -5 "$JHD_LOG" 2>/dev/null)"
	t_finish
fi
if ! pty_pair w1 || ! pty_pair bd; then
	not_ok "pty_pairs_start"
	t_finish
fi
tok=$(jhd_device bridge-1 display)

cat >"$T_TMP/bridge.ini" <<INI
[bridge]
server = $JHD_ADDR
device = bridge-1
token = $tok
log = debug

[bus strip]
port = $PTY_w1_A
protocol = modbus
reply_timeout_ms = 200
heartbeat_ms = 1000
offline_after = 2

[bus hall]
port = $PTY_bd_A
protocol = modbus
reply_timeout_ms = 200
heartbeat_ms = 1000
offline_after = 2

[display win1]
bus = strip
address = 1
kind = window
windows = 1
width = 8

[display board]
bus = hall
address = 20
kind = board
lines = 2
width = 24
INI

S1=""; S2=""; BR=""
start_s1() {
	LD_PRELOAD=$PTYSHIM "$JH_BIN/jhled-sim" --port "$PTY_w1_B" --unit 1 --width 64 \
		--height 16 --quiet >>"$T_TMP/s1.log" 2>&1 &
	S1=$!
}
start_s2() {
	LD_PRELOAD=$PTYSHIM "$JH_BIN/jhled-sim" --port "$PTY_bd_B" --unit 20 --width 192 \
		--height 32 --quiet >>"$T_TMP/s2.log" 2>&1 &
	S2=$!
}
t_at_exit 'kill $S1 $S2 $BR 2>/dev/null'
start_s1
start_s2
LD_PRELOAD=$PTYSHIM "$JH_BIN/jhbridge" --config "$T_TMP/bridge.ini" >"$T_TMP/bridge.log" 2>&1 &
BR=$!

# op JSON...: run requests as admin over the Unix socket; prints the answers.
op() { printf '%s\n' "$@" | "$JH_BIN/jhcall" --sock "$JHD_SOCK"; }
# shown FILE: the last state line a display printed.
shown() { grep '^MODE=' "$1" | tail -1; }
# wait_shown FILE WANT [SECONDS]: until the display's last state is WANT.
wait_shown() {
	local i
	for i in $(seq 1 $((${3:-5} * 20))); do
		[ "$(shown "$1")" = "$2" ] && return 0
		sleep 0.05
	done
	return 1
}
# expect_shown NAME FILE WANT [SECONDS]
expect_shown() {
	if wait_shown "$2" "$3" "$4"; then ok "$1"
	else not_ok "$1: expected '$3', display shows '$(shown "$2")'"; fi
}
alerts() { op '{"op":"status"}' | grep -o '"alerts":\[[^]]*\]'; }
wait_alert() {	# wait_alert REGEX SECONDS
	local i
	for i in $(seq 1 $(($2 * 10))); do
		alerts | grep -qE "$1" && return 0
		sleep 0.1
	done
	return 1
}
call() {	# call WINDOW: finish the current ticket there, call the next
	op "{\"op\":\"finish\",\"window\":\"$1\"}" "{\"op\":\"call_next\",\"window\":\"$1\"}" \
		>>"$T_TMP/calls.log"
}

for i in 1 2 3 4 5 6 7 8; do op '{"op":"take","service":"A"}' >/dev/null; done
op '{"op":"open","window":"1"}' '{"op":"open","window":"2"}' >/dev/null

expect_shown bridge_shows_idle_welcome_on_the_board "$T_TMP/s2.log" \
	"MODE=0 LINE1=欢迎光临 LINE2="
expect_shown open_window_strip_shows_welcome "$T_TMP/s1.log" "MODE=0 LINE1=欢迎光临 LINE2="

call 1
expect_shown call_shows_on_its_window_strip "$T_TMP/s1.log" "MODE=1 LINE1=A001 → 1 LINE2="
expect_shown call_shows_on_the_hall_board "$T_TMP/s2.log" \
	"MODE=1 LINE1=请A001号到1号窗口 LINE2="

call 2
expect_shown hall_board_lists_the_newest_call_first "$T_TMP/s2.log" \
	"MODE=1 LINE1=请A002号到2号窗口 LINE2=请A001号到1号窗口"
expect_eq call_at_window_2_leaves_strip_1_alone "$(shown "$T_TMP/s1.log")" \
	"MODE=1 LINE1=A001 → 1 LINE2="

# Garbage both ways: into the bridge (as if from a display) and into the displays.
head -c 400 /dev/urandom >"${PTY_w1_B#/dev/../../..}"
head -c 400 /dev/urandom >"${PTY_bd_A#/dev/../../..}"
printf '\x01\x10\x00\x10garbage\xff\xfe' >"${PTY_w1_A#/dev/../../..}"
call 1
expect_shown garbage_on_the_line_then_call_shows_on_strip "$T_TMP/s1.log" \
	"MODE=1 LINE1=A003 → 1 LINE2="
expect_shown garbage_on_the_line_then_call_shows_on_board "$T_TMP/s2.log" \
	"MODE=1 LINE1=请A003号到1号窗口 LINE2=请A002号到2号窗口"

# A display that stops answering (its controller dies), a call meanwhile, and it comes back.
kill "$S1"; wait "$S1" 2>/dev/null
if wait_alert '"source":"bridge-1","kind":"display_(degraded|offline)"[^}]*win1' 10; then
	ok silent_display_raises_an_alert
else
	not_ok "silent_display_raises_an_alert: alerts: $(alerts)"
fi
check silent_display_goes_offline wait_alert '"kind":"display_offline"[^}]*win1' 10
call 1
expect_shown board_shows_calls_while_a_strip_is_dead "$T_TMP/s2.log" \
	"MODE=1 LINE1=请A004号到1号窗口 LINE2=请A003号到1号窗口"
: >"$T_TMP/s1.log"
start_s1	# a fresh controller: blank registers until the bridge repaints it
expect_shown returning_display_gets_the_full_state "$T_TMP/s1.log" \
	"MODE=1 LINE1=A004 → 1 LINE2=" 10
if wait_alert '^"alerts":\[\]$' 10; then ok alert_clears_when_the_display_is_back
else not_ok "alert_clears_when_the_display_is_back: $(alerts)"; fi

# The hall board's pty closes (adapter pulled) and comes back.
pty_kill bd
sleep 0.5
call 2
sleep 0.5
pty_pair bd
kill -0 "$S2" 2>/dev/null || { : >"$T_TMP/s2.log"; start_s2; }
expect_shown board_pty_reopened_shows_calls_made_while_gone "$T_TMP/s2.log" \
	"MODE=1 LINE1=请A005号到2号窗口 LINE2=请A004号到1号窗口" 10
check bridge_logged_the_lost_port grep -q "bus hall: port .* failed or disappeared" \
	"$T_TMP/bridge.log"

# Server restart while the strip is dead: the bridge reconnects, re-syncs, tells the new server
# about the dead display again, and repaints the strip when it returns.
kill "$S1"; wait "$S1" 2>/dev/null
check dead_strip_alerted_before_restart wait_alert '"kind":"display_offline"[^}]*win1' 10
jhd_restart
for i in $(seq 1 100); do
	[ "$(grep -c 'connected to the server' "$T_TMP/bridge.log")" -ge 2 ] && break
	sleep 0.1
done
expect_eq bridge_reconnects_after_server_restart \
	"$(grep -c 'connected to the server' "$T_TMP/bridge.log")" 2
check alert_is_raised_again_on_the_restarted_server \
	wait_alert '"kind":"display_offline"[^}]*win1' 10
: >"$T_TMP/s1.log"
start_s1
expect_shown strip_keeps_its_call_across_server_restart "$T_TMP/s1.log" \
	"MODE=1 LINE1=A004 → 1 LINE2=" 10
call 1
expect_shown call_after_server_restart_shows "$T_TMP/s1.log" "MODE=1 LINE1=A006 → 1 LINE2="
expect_shown call_after_server_restart_on_board "$T_TMP/s2.log" \
	"MODE=1 LINE1=请A006号到1号窗口 LINE2=请A005号到2号窗口"
op '{"op":"pause","window":"1"}' >/dev/null
expect_shown paused_window_shows_paused "$T_TMP/s1.log" "MODE=2 LINE1=暂停服务 LINE2="

# The bridge itself killed (SIGKILL) and started again: a call made while it was gone shows
# on the board, the paused strip stays paused.
kill -9 "$BR"; wait "$BR" 2>/dev/null
call 2
LD_PRELOAD=$PTYSHIM "$JH_BIN/jhbridge" --config "$T_TMP/bridge.ini" >>"$T_TMP/bridge.log" 2>&1 &
BR=$!
expect_shown restarted_bridge_shows_the_call_made_while_it_was_gone "$T_TMP/s2.log" \
	"MODE=1 LINE1=请A007号到2号窗口 LINE2=请A006号到1号窗口" 10
expect_shown restarted_bridge_keeps_the_paused_strip_paused "$T_TMP/s1.log" \
	"MODE=2 LINE1=暂停服务 LINE2="
call 2
expect_shown restarted_bridge_shows_the_next_call "$T_TMP/s2.log" \
	"MODE=1 LINE1=请A008号到2号窗口 LINE2=请A007号到2号窗口"
check bridge_still_running kill -0 "$BR"
if [ "$T_FAILED" -gt 0 ]; then
	echo "# bridge log:"; tail -40 "$T_TMP/bridge.log" | sed 's/^/#   /'
	echo "# calls:"; sed 's/^/#   /' "$T_TMP/calls.log" | cut -c1-200
fi
t_finish
