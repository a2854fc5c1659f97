# backup.sh — jhctl backup: the server copies its live database to a new file in a worker
# thread (server/backup.c), checks the copy, and says what it holds; the hall is served
# meanwhile; the copy is what was committed when it began, and a server started on it goes on
# from there, bookings included (with the ID key kept beside it; without it, the ID numbers
# are no longer recognised). Bad paths and other roles get specific errors; a copy cut short
# (file-size limit) is refused and removed. Order assertions, no durations. Test clock:
# Monday 2026-11-23 08:00.
source "$(dirname "$0")/../appt/common.bash"
appt_setup

# a phone booking for 10:00, made before the backup
code41=$(book as_kiosk B 10:00 41)
expect_match "a booking is made before the backup" "$code41" '^[A-Z0-9]+$'

# twelve tickets of A, three called and one of those finished
{ for i in $(seq 12); do echo '{"op":"take","service":"A"}'; done; } | as_kiosk >/dev/null
{ echo '{"op":"open"}'; for i in 1 2 3; do echo '{"op":"call_next"}'; done
  echo '{"op":"finish"}'; } | as_clerk 1 >/dev/null
live_tickets=$(sqlite3 "$JHD_DB" "SELECT count(*) FROM tickets")
live_events=$(sqlite3 "$JHD_DB" "SELECT count(*) FROM ticket_events")
expect_eq "the live database holds the twelve tickets" "$live_tickets" 12

out=$(jhctl backup "$T_TMP/copy.db" 2>&1); rc=$?
expect_eq "jhctl backup exits 0" "$rc" 0
expect_match "it says where, how big, and what the copy holds" "$out" \
	"^backup $T_TMP/copy.db: [0-9]+ bytes, 12 tickets, $live_events events, checked\$"
expect_eq "the copy passes SQLite's integrity check" \
	"$(sqlite3 "$T_TMP/copy.db" 'PRAGMA integrity_check')" ok
expect_eq "the copy holds the same tickets, states and all" \
	"$(sqlite3 "$T_TMP/copy.db" 'SELECT code, state FROM tickets ORDER BY id' | md5sum)" \
	"$(sqlite3 "$JHD_DB" 'SELECT code, state FROM tickets ORDER BY id' | md5sum)"
expect_eq "no side files are left next to it" "$(ls "$T_TMP" | grep -c '^copy\.db-')" 0
expect_eq "the copy is readable by its owner only" "$(stat -c %a "$T_TMP/copy.db")" 600

# a relative path is taken from jhctl's folder, not the server's
out=$(cd "$T_TMP" && jhctl backup rel.db 2>&1)
expect_match "a relative path is made absolute by jhctl" "$out" "^backup $T_TMP/rel.db: "

# errors: an existing file is never overwritten; a missing folder; a relative path sent raw;
# roles other than admin
out=$(jhctl backup "$T_TMP/copy.db" 2>&1); rc=$?
expect_eq "an existing file: jhctl exits 1" "$rc" 1
expect_match "with conflict and the reason" "$out" 'copy.db: File exists \(conflict\)'
expect_eq "and the file is untouched" "$(sqlite3 "$T_TMP/copy.db" 'SELECT count(*) FROM tickets')" 12
out=$(jhctl backup "$T_TMP/no/such/dir/x.db" 2>&1)
expect_match "a folder that does not exist: bad_request" "$out" \
	'x.db: No such file or directory \(bad_request\)'
expect_match "a relative path sent over the wire: bad_request" \
	"$(as_local <<<'{"op":"backup","path":"x.db"}')" '"code":"bad_request".*absolute'
expect_match "no path: bad_request" "$(as_local <<<'{"op":"backup"}')" '"code":"bad_request"'
expect_match "a kiosk may not back up" \
	"$(as_kiosk <<<'{"op":"backup","path":"'"$T_TMP"'/k.db"}')" '"code":"forbidden"'
expect_match "nor a supervisor" \
	"$(as_super <<<'{"op":"backup","path":"'"$T_TMP"'/s.db"}')" '"code":"forbidden"'
expect_eq "and they made no file" "$(ls "$T_TMP"/k.db "$T_TMP"/s.db 2>/dev/null | wc -l)" 0

# the hall is served while a backup runs: 64 MiB of padding make the copy outlast a take by
# far. Connection 3 (admin) asks for a backup; connection 4 (the kiosk) then takes a ticket;
# once the take's answer is read, the backup's must not be there yet
sqlite3 "$JHD_DB" "CREATE TABLE pad(b BLOB); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL
	SELECT x + 1 FROM c WHERE x < 64) INSERT INTO pad SELECT randomblob(1048576) FROM c"
exec 3<>"/dev/tcp/${JHD_ADDR%:*}/${JHD_ADDR##*:}"
printf '%s\n' '{"id":1,"op":"hello","role":"admin","user":"root","password":"pw-root"}' >&3
IFS= read -r -t 20 hello <&3
expect_match "the admin signs in" "$hello" '"ok":true'
printf '%s\n' '{"id":2,"op":"backup","path":"'"$T_TMP"'/big.db"}' >&3
exec 4<>"/dev/tcp/${JHD_ADDR%:*}/${JHD_ADDR##*:}"
printf '%s\n%s\n' '{"id":1,"op":"hello","role":"kiosk","device":"kiosk-1","token":"'"$KIOSK_TOKEN"'"}' \
	'{"id":2,"op":"take","service":"B"}' >&4
IFS= read -r -t 20 a <&4
IFS= read -r -t 20 take <&4
read -t 0 <&3 && backup_state=answered || backup_state=running
IFS= read -r -t 120 big <&3
exec 3>&- 4>&-
expect_match "a take during the backup is answered" "$take" '"ok":true.*"code":"B001"'
expect_eq "before the backup is" "$backup_state" running
expect_match "then the backup is answered, with the take's ticket or without it" "$big" \
	'"ok":true.*"backup":\{.*"tickets":1[23][,}]'
expect_eq "the big copy passes the integrity check" \
	"$(sqlite3 "$T_TMP/big.db" 'PRAGMA quick_check')" ok
expect_eq "and holds the padding" "$(sqlite3 "$T_TMP/big.db" 'SELECT count(*) FROM pad')" 64

# a copy that cannot be written whole (jhd under a 16 MiB file-size limit, SIGXFSZ ignored,
# as on a disk that fills during the copy): internal, with the reason, and no file left
jhd_fsize_bin "$T_TMP/lbin" 16384
jhd_stop
JH_BIN_REAL=$JH_BIN JH_BIN=$T_TMP/lbin
if jhd_restart; then
	out=$(as_local <<<'{"op":"backup","path":"'"$T_TMP"'/cut.db"}')
	expect_match "a copy cut short: internal, saying why" "$out" \
		'"code":"internal","message":"copy failed: disk I/O error'
	expect_eq "and no file is left" "$(ls "$T_TMP" | grep -c '^cut\.db')" 0
	jhd_stop
else
	not_ok "jhd starts under the file-size limit"
fi
JH_BIN=$JH_BIN_REAL
jhd_restart || not_ok "jhd starts again"

# restore: tickets taken after the backup are not in it; a server started on the copy goes
# on from the copy (the next A is A013, not A015), and its booking checks in by ID number
{ echo '{"op":"take","service":"A"}'; echo '{"op":"take","service":"A"}'; } | as_kiosk >/dev/null
restore() {	# restore COPY: jhd on a fresh copy of COPY, in the same folder (the key beside it)
	jhd_stop
	rm -f "$JHD_DB" "$JHD_DB-wal" "$JHD_DB-shm"
	cp "$1" "$JHD_DB"
	jhd_restart
}
checkin41() { printf '%s\n' '{"op":"checkin","id_number":"'"$(idn 41)"'"}' | as_kiosk; }
if restore "$T_TMP/copy.db"; then
	expect_match "a server started on the copy takes the next number after the copy's" \
		"$(as_kiosk <<<'{"op":"take","service":"A"}')" '"code":"A013"'
	expect_match "and still has the called tickets at window 1" \
		"$(as_local <<<'{"op":"status"}')" '"name":"1".*"state":"open"'
	clock_to 2026-11-23T09:30:00+08:00
	expect_match "the booking made before the backup checks in by ID number" "$(checkin41)" \
		'"ok":true.*"priority":"appointment"'
else
	not_ok "jhd starts on the restored copy"
fi
# the same copy restored without the ID key (jiaohao-id.key beside the database): the
# server makes a new key, and the booking's ID number no longer matches
mv "$JHD_DIR/jiaohao-id.key" "$T_TMP/id.key"
if restore "$T_TMP/copy.db"; then
	clock_to 2026-11-23T09:30:00+08:00
	expect_match "without the key, the ID number is not recognised (why the key is kept apart)" \
		"$(checkin41)" '"code":"not_found"'
	expect_match "the booking code still works at the help desk (staff check it in by code)" \
		"$(printf '%s\n' '{"op":"checkin","appointment":"'"$code41"'"}' | as_super)" '"ok":true'
else
	not_ok "jhd starts on the restored copy without its key"
fi
grep "copied and checked" "$JHD_LOG" | sed "s/^/# /"
t_finish
