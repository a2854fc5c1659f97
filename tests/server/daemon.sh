# daemon.sh — jhd without --foreground: the command returns once the server listens (exit 0),
# the server runs on in its own session with the log where stderr was sent, and SIGTERM stops
# it; a start-up failure is the command's own exit status and message, with nothing left
# running.
source "$JH_TOP/tests/lib/t.sh"

D=$T_TMP/d
mkdir -p "$D"
t_at_exit 'pkill -TERM -f "jhd --db $D/" 2>/dev/null'
timeout 20 "$JH_BIN/jhd" --db "$D/hall.db" --listen 127.0.0.1:0 --unix "$D/jhd.sock" \
	--port-file "$D/port" 2>"$D/log" </dev/null
rc=$?
expect_eq "jhd goes into the background and the command exits 0" "$rc" 0
# the command returned after the server was ready: no waiting needed
expect_eq "the port file is there when the command returns" "$([ -s "$D/port" ] && echo yes)" yes
out=$("$JH_BIN/jhcall" --sock "$D/jhd.sock" <<<'{"op":"services"}' 2>&1)
expect_match "the background server answers at once" "$out" '"ok":true'
pid=$(pgrep -f "jhd --db $D/hall.db" | head -n 1)
expect_match "the server runs on" "$pid" '^[0-9]+$'
if [ -n "$pid" ]; then
	expect_eq "in a session of its own" "$(ps -o sid= -p "$pid" | tr -d ' ')" "$pid"
	expect_eq "stdin from /dev/null" "$(readlink "/proc/$pid/fd/0")" /dev/null
	expect_match "its log goes where stderr was sent" "$(cat "$D/log")" \
		"jhd info: jhd [0-9.]+ ready: pid $pid,"
	kill -TERM "$pid"
	for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
	expect_eq "SIGTERM stops it" "$(kill -0 "$pid" 2>/dev/null && echo running || echo gone)" gone
	expect_match "and it says so" "$(cat "$D/log")" 'jhd info: stopped'
fi

# a failure at start-up: the command's exit status and message, nothing left behind
# (only this test's servers: others may come and go on the machine meanwhile)
mine() { pgrep -c -f -- "jhd --db $D/"; }
before=$(mine)
err=$(timeout 20 "$JH_BIN/jhd" --db "$D/nodir/x.db" --listen 127.0.0.1:0 2>&1 </dev/null)
rc=$?
expect_eq "a database it cannot open fails the command (exit 1)" "$rc" 1
expect_match "with the reason" "$err" 'jhd.*database: .*nodir/x.db'
# (192.0.2.1 is TEST-NET-1: no interface has it, so even root cannot bind it)
timeout 20 "$JH_BIN/jhd" --db "$D/b.db" --listen 192.0.2.1:7878 2>"$D/err1" </dev/null
rc=$?
expect_eq "an address it cannot bind fails the command" "$rc" 1
expect_match "with the reason" "$(cat "$D/err1")" 'cannot listen on 192.0.2.1:7878'
expect_eq "no server is left running after a failed start" "$(mine)" "$before"
t_finish
