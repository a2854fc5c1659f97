#!/bin/bash
# bridge_ports.sh — jhbridge's command line and serial side without a server: --list-ports,
# --check, configuration errors, displays driven while the server is unreachable, a USB
# adapter that is not plugged in.
. "$(dirname "$0")/../lib/t.sh"
. "$JH_TOP/tests/lib/pty.sh"
B=$JH_BIN/jhbridge
if [ ! -x "$B" ]; then
	not_ok "jhbridge_built: $B missing"
	t_finish
fi

out=$("$B" --list-ports 2>&1); rc=$?
expect_eq list_ports_exits_0 "$rc" 0
expect_match list_ports_prints_ports_or_says_none "$out" '(native|usb|no serial ports found)'

out=$("$B" --config "$JH_TOP/firmware-bridge/examples/bridge.ini" --check 2>&1)
expect_match example_config_checks "$out" '1 buses, 13 displays: ok'

printf '[bridge]\nserver = 127.0.0.1:1\n[bus a]\nport = /dev/null\nprotocol = modbus\nbaud = x\n' \
	>"$T_TMP/bad.ini"
out=$("$B" --config "$T_TMP/bad.ini" --check 2>&1); rc=$?
expect_eq bad_config_exits_1 "$rc" 1
expect_match bad_config_names_file_line_and_key "$out" 'bad.ini: line 6: \[bus a\] baud: want a number'
out=$("$B" --config "$T_TMP/none.ini" 2>&1)
expect_match missing_config_is_named "$out" 'none.ini: cannot open'
out=$("$B" --frobnicate 2>&1); rc=$?
expect_eq unknown_flag_exits_2 "$rc" 2

if ! pty_pair d1; then
	not_ok "pty_pair_starts"
	t_finish
fi
cat >"$T_TMP/b.ini" <<INI
[bridge]
server = 127.0.0.1:1
device = lonely
token = nothing
[bus a]
port = $PTY_d1_A
protocol = modbus
heartbeat_ms = 500
[bus usb]
usb_id = 1234:5678
protocol = modbus
[display strip]
bus = a
address = 7
kind = window
windows = 4
width = 8
welcome = 您好
[display gone]
bus = usb
address = 1
kind = board
INI
LD_PRELOAD=$PTYSHIM "$JH_BIN/jhled-sim" --port "$PTY_d1_B" --unit 7 --quiet >"$T_TMP/sim.log" 2>&1 &
SIM=$!
LD_PRELOAD=$PTYSHIM "$B" --config "$T_TMP/b.ini" --log debug >"$T_TMP/bridge.log" 2>&1 &
BR=$!
t_at_exit 'kill $SIM $BR 2>/dev/null'
for i in $(seq 1 100); do
	grep -q '^MODE=0 LINE1=您好' "$T_TMP/sim.log" && grep -q 'no USB serial port' \
		"$T_TMP/bridge.log" && break
	sleep 0.05
done
check displays_show_welcome_while_the_server_is_unreachable grep -q '^MODE=0 LINE1=您好 ' \
	"$T_TMP/sim.log"
check unreachable_server_is_logged grep -q 'cannot reach the server' "$T_TMP/bridge.log"
check missing_usb_adapter_is_named grep -q 'bus usb: no USB serial port with 1234:5678' \
	"$T_TMP/bridge.log"
for i in $(seq 1 60); do
	grep -q 'display gone .*degraded' "$T_TMP/bridge.log" && break
	sleep 0.05
done
check display_on_a_missing_port_is_degraded grep -q 'display gone (bus usb, address 1): degraded' \
	"$T_TMP/bridge.log"
check display_on_a_present_port_is_online grep -q 'display strip (bus a, address 7): online' \
	"$T_TMP/bridge.log"
kill -TERM "$BR"; wait "$BR"; rc=$?
expect_eq sigterm_stops_cleanly "$rc" 0
t_finish
