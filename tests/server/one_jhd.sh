# one_jhd.sh — one jhd per database: a second one on the same database refuses to start (its
# command fails, in the background or the foreground) with a message naming the first one's
# pid and the lock, leaves nothing running, and the first one serves on; once the first has
# stopped (SIGTERM or kill -9), a new one starts on the same database.
source "$JH_TOP/tests/lib/t.sh"

D=$T_TMP/d
mkdir -p "$D"
t_at_exit 'pkill -KILL -f "jhd --db $D/" 2>/dev/null'
start_bg() {	# start_bg PORTFILE SOCKET: jhd in the background on $D/hall.db
	timeout 20 "$JH_BIN/jhd" --db "$D/hall.db" --listen 127.0.0.1:0 --unix "$2" \
		--port-file "$1" 2>>"$D/log" </dev/null
}
running() { pgrep -f "jhd --db $D/hall.db" | sort -n | tr '\n' ' '; }

start_bg "$D/port1" "$D/s1"
expect_eq "the first jhd starts" "$?" 0
pid=$(running | tr -d ' ')
expect_match "and runs" "$pid" '^[0-9]+$'
expect_eq "its lock file holds its pid" "$(cat "$D/hall.db.lock" 2>/dev/null)" "$pid"

# (stderr to a file: were it a pipe, a second jhd that wrongly ran on would hold it open)
timeout 20 "$JH_BIN/jhd" --db "$D/hall.db" --listen 127.0.0.1:0 --unix "$D/s2" \
	--port-file "$D/port2" 2>"$D/err2" </dev/null
rc=$?
err=$(cat "$D/err2")
expect_eq "a second jhd on the same database fails its command (exit 1)" "$rc" 1
expect_match "naming the database, the other jhd's pid and the lock" "$err" \
	"jhd error: $D/hall.db is in use by another jhd \(pid $pid; lock $D/hall.db.lock\)"
expect_eq "and leaves nothing running" "$(running)" "$pid "
pkill -KILL -f "jhd --db $D/hall.db --listen 127.0.0.1:0 --unix $D/s2" 2>/dev/null
expect_eq "nor a port file" "$([ -e "$D/port2" ] && echo there || echo none)" none
timeout 5 "$JH_BIN/jhd" --db "$D/hall.db" --listen 127.0.0.1:0 --foreground 2>"$D/err3" </dev/null
rc=$?
err=$(cat "$D/err3")
expect_eq "in the foreground too" "$rc:$(grep -c "in use by another jhd (pid $pid;" <<<"$err")" 1:1
expect_match "the first one still serves" \
	"$("$JH_BIN/jhcall" --sock "$D/s1" <<<'{"op":"services"}' 2>&1)" '"ok":true'
expect_eq "and its lock file still holds its pid" "$(cat "$D/hall.db.lock")" "$pid"

# stopped: the lock goes with the process, the file stays and stops nobody
kill -TERM "$pid"
for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
start_bg "$D/port3" "$D/s3"
expect_eq "after SIGTERM a new jhd starts on the same database" "$?" 0
pid2=$(running | tr -d ' ')
expect_match "with its own pid in the lock file" "$(cat "$D/hall.db.lock")" "^$pid2\$"
kill -KILL "$pid2"
for i in $(seq 100); do kill -0 "$pid2" 2>/dev/null || break; sleep 0.05; done
start_bg "$D/port4" "$D/s4"
expect_eq "after kill -9 too" "$?" 0
pid3=$(running | tr -d ' ')
expect_match "which serves" "$("$JH_BIN/jhcall" --sock "$D/s4" <<<'{"op":"services"}' 2>&1)" '"ok":true'
[ -n "$pid3" ] && kill -TERM $pid3
t_finish
