#!/bin/bash
# bench_latency.sh — call-to-display latency through jhd → jhbridge → pty → jhled-sim, 1,000
# calls, p50/p99 beside the frames' wire time at 9600 baud (target p99 <= 1.2 x wire + 5 ms).
. "$(dirname "$0")/../lib/t.sh"
. "$JH_TOP/tests/lib/pty.sh"
. "$JH_TOP/tests/lib/jhd.sh"
JH_BUILD=${JH_BUILD:-$JH_TOP/build}
CALLS=${JH_BENCH_CALLS:-1000}
jhd_start || { echo "bench: jhd did not start"; exit 1; }
pty_pair w1 || exit 1
tok=$(jhd_device bench-bridge display)
cat >"$T_TMP/bridge.ini" <<INI
[bridge]
server = $JHD_ADDR
device = bench-bridge
token = $tok
log = warn
[bus strip]
port = $PTY_w1_A
baud = 9600
framing = 8N1
protocol = modbus
[display win1]
bus = strip
address = 1
kind = window
windows = 1
width = 8
INI
mkfifo "$T_TMP/sim.fifo"
LD_PRELOAD=$PTYSHIM "$JH_BIN/jhled-sim" --port "$PTY_w1_B" --unit 1 --quiet \
	>"$T_TMP/sim.fifo" 2>"$T_TMP/sim.err" &
SIM=$!
LD_PRELOAD=$PTYSHIM "$JH_BIN/jhbridge" --config "$T_TMP/bridge.ini" 2>"$T_TMP/bridge.log" &
BR=$!
t_at_exit 'kill $SIM $BR 2>/dev/null'
"$JH_BUILD/tests/bridge/bench_calls" --sock "$JHD_SOCK" --fifo "$T_TMP/sim.fifo" --calls "$CALLS" \
	--window 1 --baud 9600 --bits 10 --width 8 --unit 1
rc=$?
[ $rc = 0 ] || { echo "# bridge log:"; tail -20 "$T_TMP/bridge.log"; }
exit $rc
