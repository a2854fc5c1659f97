# kill9.sh — durability: four writers take tickets concurrently while jhd is killed with
# SIGKILL; after a restart every acknowledged ticket is there and numbering continues with
# no repeat. Also: SIGTERM shuts down cleanly.
source "$(dirname "$0")/common.bash"
proto_setup

# each writer takes tickets of one service as fast as it can, one connection, logging every
# acknowledged code
writer() {
	local svc=$1
	for i in $(seq 5000); do echo "{\"op\":\"take\",\"service\":\"$svc\"}"; done |
		as_kiosk --field ticket.code --timeout 3000 >"$T_TMP/acked.$svc" 2>/dev/null
}
for s in A D G L; do writer $s & done
sleep 0.4
jhd_kill9
wait
acked=$(cat "$T_TMP"/acked.* | grep -E '^[A-Z][0-9]{3,}$' | sort)
n=$(printf '%s\n' "$acked" | grep -c .)
check "the writers had tickets acknowledged before the kill ($n)" test "$n" -gt 20
jhd_restart || { not_ok "jhd restarts on the same database"; t_finish; }
stored=$(sqlite3 "$JHD_DB" "SELECT code FROM tickets ORDER BY code")
missing=$(comm -23 <(printf '%s\n' "$acked") <(printf '%s\n' "$stored" | sort))
expect_eq "every acknowledged ticket is in the database after kill -9" "$missing" ""
for s in A D G L; do
	last=$(sqlite3 "$JHD_DB" "SELECT coalesce(max(seq), 0) FROM tickets WHERE issued_service = '$s'")
	next=$(q as_kiosk ticket.code "{\"op\":\"take\",\"service\":\"$s\"}")
	expect_eq "numbering of $s continues after the last stored ticket" "$next" "$(printf '%s%03d' $s $((last + 1)))"
done
dups=$(sqlite3 "$JHD_DB" "SELECT code FROM tickets GROUP BY day, code HAVING count(*) > 1")
expect_eq "no code was issued twice" "$dups" ""
expect_eq "the restarted server answers on the same TCP port" "$(q as_kiosk ok '{"op":"ping"}')" true

jhd_stop
rc=$?
expect_eq "SIGTERM: clean exit status" "$rc" 0
expect_match "SIGTERM: logs its shutdown" "$(tail -3 "$JHD_LOG")" 'jhd info: stopped'
check "SIGTERM: the Unix socket is removed" test ! -e "$JHD_SOCK"
expect_eq "SIGTERM: the database is consistent" "$(sqlite3 "$JHD_DB" 'PRAGMA integrity_check')" ok
t_finish
