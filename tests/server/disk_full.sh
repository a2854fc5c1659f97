# disk_full.sh — the database cannot grow (jhd runs under a 1 MiB file-size limit, SIGXFSZ
# ignored: writes past it fail as on a full disk): takes are refused with `internal`, nothing
# acknowledged is lost, reads go on, supervisors get a storage_failed alert; once there is room
# again (the limit lifted with prlimit, as when space is freed) the next take continues the
# numbering and the alert is cleared; after kill -9 every acknowledged ticket is there and no
# refused one is.
source "$(dirname "$0")/common.bash"
command -v prlimit >/dev/null || { not_ok "prlimit (util-linux) is installed"; t_finish; }

# jhd through a wrapper that sets the limit (the soft one: it can be raised again)
jhd_fsize_bin "$T_TMP/bin" 1024
REAL_BIN=$JH_BIN
JH_BIN=$T_TMP/bin
proto_setup
# jhd_start's pid is the wrapper's, which exec'ed jhd
expect_match "jhd runs under the limit" "$(grep -i 'max file size' /proc/$JHD_PID/limits)" \
	'Max file size +1048576 +unlimited'

# a supervisor listening for alerts (window 1 serves A: no unserved alert comes between)
as_super >/dev/null <<<'{"op":"open","window":"1"}'
(printf '%s\n' '{"op":"subscribe","topics":["alerts"]}' |
	as_super --events 2 --timeout 60000 >"$T_TMP/alerts.out" 2>&1) &
SUB=$!
sleep 0.3

acked=0 refused=""
for i in $(seq 200); do
	out=$( { for j in $(seq 20); do echo '{"op":"take","service":"A"}'; done; } | as_kiosk)
	acked=$((acked + $(grep -c '"ok":true' <<<"$out")))
	if grep -q '"ok":false' <<<"$out"; then
		refused=$(grep '"ok":false' <<<"$out" | head -1)
		break
	fi
done
check "takes are refused once the database cannot grow (after $acked were taken)" test -n "$refused"
expect_match "with internal: nothing was done" "$refused" \
	'"code":"internal","message":"the change could not be saved; nothing was done"'
st=$(as_super <<<'{"op":"status"}')
expect_match "reads go on: status answers" "$st" '"ok":true'
expect_match "and lists the storage alert" "$st" \
	'"source":"jhd","kind":"storage_failed","message":"the database cannot save changes \('
expect_eq "the acknowledged tickets are all waiting" \
	"$(q as_super services.0.waiting '{"op":"status"}')" "$acked"

# room again
prlimit --pid "$JHD_PID" --fsize=unlimited:unlimited
next=$(printf 'A%03d' $((acked + 1)))
expect_match "once there is room, the next take continues the numbering ($next)" \
	"$(as_kiosk <<<'{"op":"take","service":"A"}')" "\"ok\":true.*\"code\":\"$next\""
acked=$((acked + 1))
expect_eq "the alert is cleared" "$(as_super <<<'{"op":"status"}' | grep -c storage_failed)" 0
wait $SUB
alerts=$(grep '"event":"alert"' "$T_TMP/alerts.out")
expect_match "the supervisor heard of the failure, once" "$(head -1 <<<"$alerts")" \
	'"kind":"storage_failed".*"cleared":false'
expect_match "then of its end" "$(sed -n 2p <<<"$alerts")" \
	'"kind":"storage_failed","message":"changes are saved again".*"cleared":true'

# kill -9, start again without the limit: every acknowledged ticket, no refused one
jhd_kill9
JH_BIN=$REAL_BIN
expect_eq "the database passes its integrity check" \
	"$(sqlite3 "$JHD_DB" 'PRAGMA integrity_check')" ok
if jhd_restart; then
	expect_eq "after kill -9, exactly the acknowledged tickets are there" \
		"$(q as_super services.0.waiting '{"op":"status"}')" "$acked"
	expect_match "and the numbering goes on from the last" \
		"$(as_kiosk <<<'{"op":"take","service":"A"}')" "\"code\":\"$(printf 'A%03d' $((acked + 1)))\""
else
	not_ok "jhd starts again"
fi
t_finish
