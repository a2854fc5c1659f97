# conn_limits.sh — idle connections cannot stop the hall: with few file descriptors (ulimit -n
# 64) and more idle connections than that from another address, jhd does not spin (its CPU
# time stays low), logs the refusals once per burst, and a well-behaved client is served;
# connections that do not sign in are closed (--hello-timeout); signed-in ones are not.
# The flood comes from conn_flood (bounded: loopback, a few hundred connections, seconds).
source "$(dirname "$0")/common.bash"
FLOOD=$JH_BUILD/tests/server/conn_flood
[ -x "$FLOOD" ] || { not_ok "$FLOOD is built (make)"; t_finish; }
HZ=$(getconf CLK_TCK)
OLD_NOFILE=$(ulimit -Sn)

# jhd's CPU time so far, in clock ticks (utime + stime of /proc/PID/stat)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$JHD_PID/stat"; }
# flood N S: N idle connections from 127.0.0.2 held S seconds; prints conn_flood's report
flood() { "$FLOOD" --from 127.0.0.2 127.0.0.1 "${JHD_ADDR##*:}" "$1" "$2"; }
log_count() { grep -c "$1" "$JHD_LOG"; }
# take_retry: a kiosk's take, tried again while the server is busy shedding a flood
take_retry() {
	local i code
	for i in 1 2 3 4 5 6 7 8 9 10; do
		code=$(q as_kiosk ticket.code '{"op":"take","service":"N"}' 2>/dev/null)
		[ -n "$code" ] && { echo "$code"; return; }
		sleep 0.5
	done
}

# 1. the default limits under a descriptor limit of 64: at most 32 connections, 16 from one
# address; 200 idle connections from 127.0.0.2 are refused past those
ulimit -Sn 64
proto_setup
ulimit -Sn "$OLD_NOFILE"
before=$(cpu_ticks)
flood 200 5 >"$T_TMP/flood1" &
FPID=$!
t_at_exit "kill $FPID 2>/dev/null"
sleep 1.5
expect_eq "during the flood a kiosk's take (from 127.0.0.1) is answered" "$(take_retry)" N001
wait $FPID
after=$(cpu_ticks)
used=$((after - before))
check "jhd does not spin: $used CPU ticks over the 5 s flood (at most $HZ)" test "$used" -le "$HZ"
read -r _ opened _ closed _ told <"$T_TMP/flood1"
check "the flood's connections were opened ($opened)" test "$opened" -ge 150
check "those over the limits were told limit_reached and closed ($told of $closed)" \
	test "$told" -ge 150 -a "$told" -le "$closed"
expect_eq "the refusal is logged once for the burst" "$(log_count 'refusing connections')" 1
check "the limits are in the log" grep -q "at most 32 connections" "$JHD_LOG"
check "no accept error is logged" test "$(log_count 'accept:')" -eq 0

# 2. a --max-conns over what the descriptors allow: accept fails (EMFILE); each such
# connection is accepted on the spare descriptor and closed, and the loop does not spin; the
# idle ones accepted are closed after --hello-timeout 1
JHD_ARGS=(--max-conns 1000 --max-conns-per-addr 0 --hello-timeout 1)
ulimit -Sn 64
jhd_restart || { not_ok "jhd restarts with --max-conns 1000 --hello-timeout 1"; t_finish; }
ulimit -Sn "$OLD_NOFILE"
check "--max-conns over the descriptor limit is warned about" \
	grep -q -- "--max-conns 1000: the descriptor limit" "$JHD_LOG"
before=$(cpu_ticks)
flood 200 6 >"$T_TMP/flood2"
after=$(cpu_ticks)
used=$((after - before))
check "jhd does not spin out of descriptors: $used CPU ticks over the 6 s flood (at most $HZ)" \
	test "$used" -le "$HZ"
read -r _ opened _ closed _ told <"$T_TMP/flood2"
check "the flood's connections were opened ($opened)" test "$opened" -ge 150
expect_eq "every idle connection was closed: refused, or not signed in within 1 s" \
	"$closed" "$opened"
expect_eq "running out of descriptors is logged once for the burst" \
	"$(log_count 'refusing connections: out of file descriptors')" 1
check "closing the idle connections is logged a line per second at most" \
	test "$(log_count 'not signed in within 1 s')" -le 8
expect_eq "after the flood a kiosk's take is answered" "$(take_retry)" N002

# 3. the hello deadline closes a connection that does not sign in; a signed-in one idles on
out=$( (sleep 3; echo '{"id":1,"op":"ping"}') | jhcall --raw --addr "$JHD_ADDR" 2>/dev/null)
expect_eq "a connection that has not signed in within 1 s is closed" "$out" ""
out=$( (sleep 3; echo '{"id":1,"op":"ping"}') | as_kiosk --raw | grep -c '"id":1,"ok":true')
expect_eq "a signed-in connection idle for longer is served" "$out" 1
check "jhd is still running" kill -0 "$JHD_PID"
t_finish
