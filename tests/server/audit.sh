# audit.sh — the audit trail of supervisors' and admins' actions in jhd's database: who (user
# and role, or the OS user on the admin socket), from where, what, before -> after; append-
# only (triggers), chained by SHA-256 (`jhctl audit verify` names the first row edited behind
# the triggers' back); the table added to an older database by migration 7.
source "$(dirname "$0")/common.bash"
proto_setup --test-clock 2026-03-02T09:00:00+08:00
ME=$(id -un)
# row ACTION TARGET: "who|role|origin|before|after" of the last such row
row() {
	sqlite3 "$JHD_DB" "SELECT who || '|' || role || '|' || origin || '|' || before || '|' || after
		FROM audit WHERE action = '$1' AND target = '$2' ORDER BY id DESC LIMIT 1"
}

expect_match "the set-up's user_add over the admin socket: the OS user, the socket's pid" \
	"$(row user_add 'user bob')" "^$ME\\|admin\\|admin socket pid [0-9]+\\|\\|role supervisor, a new password$"
expect_match "device_add" "$(row device_add 'device kiosk-1')" "^$ME\\|admin\\|admin socket pid [0-9]+\\|\\|role kiosk, a new token$"
expect_match "the import, with what it changed" "$(row import hall-unlimited.ini)" \
	"^$ME\\|admin\\|admin socket pid [0-9]+\\|no hall\\|17 services, 12 windows; changes: first import"

# a supervisor over TCP (jhcall)
as_super <<<'{"op":"open","window":"1"}' >/dev/null
expect_eq "a supervisor opens window 1" "$(row open 'window 1')" "bob|supervisor|127.0.0.1|closed|open"
as_super <<<'{"op":"pause","window":"1"}' >/dev/null
expect_eq "and pauses it" "$(row pause 'window 1')" "bob|supervisor|127.0.0.1|open|paused"
as_super <<<'{"op":"close","window":"1"}' >/dev/null
expect_eq "and closes it" "$(row close 'window 1')" "bob|supervisor|127.0.0.1|paused|closed"
as_super <<<'{"op":"assign","window":"2","services":["A"],"backup":["B"]}' >/dev/null
expect_eq "assign: the duties before and after" "$(row assign 'window 2')" "bob|supervisor|127.0.0.1|A,B,C:backup|A,B:backup"
code=$(q as_kiosk ticket.code '{"op":"take","service":"A"}')
as_super <<<'{"op":"transfer","code":"'"$code"'","to_service":"B"}' >/dev/null
expect_eq "a waiting ticket moved by a supervisor" "$(row move "ticket $code")" "bob|supervisor|127.0.0.1|waiting for service A|waiting for service B"
as_admin <<<'{"op":"open","window":"4"}' >/dev/null
expect_eq "an admin over TCP" "$(row open 'window 4')" "root|admin|127.0.0.1|closed|open"
# a clerk's own window is not a supervisor's action
as_clerk 3 <<<'{"op":"open"}' >/dev/null
expect_eq "a clerk opening their window is not audited" "$(sqlite3 "$JHD_DB" "SELECT count(*) FROM audit WHERE target = 'window 3'")" 0

# jhctl: role change, clock, backup
printf 'pw-carol-2\n' | jhctl user add carol --role supervisor --password-stdin --replace >/dev/null
expect_match "a role change" "$(row user_role 'user carol')" "^$ME\\|admin\\|admin socket pid [0-9]+\\|role clerk\\|role supervisor, a new password$"
jhctl clock set 2026-03-02T10:30:00+08:00 >/dev/null
expect_match "the clock set, before and after" "$(row clock 'test clock')" \
	"^$ME\\|admin\\|admin socket pid [0-9]+\\|2026-03-02T09:00:00\\+08:00\\|2026-03-02T10:30:00\\+08:00$"
jhctl backup "$T_TMP/copy.db" >/dev/null 2>&1
expect_match "a backup, with its size" "$(row backup "$T_TMP/copy.db")" "^$ME\\|admin\\|admin socket pid [0-9]+\\|\\|[0-9]+ bytes$"
expect_eq "no password or token in the trail" "$(sqlite3 "$JHD_DB" "SELECT count(*) FROM audit WHERE after LIKE '%pw-%' OR before LIKE '%pw-%' OR after LIKE '%$KIOSK_TOKEN%'")" 0

# listing
out=$(jhctl audit)
expect_match "jhctl audit lists the rows" "$out" "bob \\(supervisor\\) 127.0.0.1: assign window 2: A,B,C:backup -> A,B:backup"
expect_eq "jhctl audit --since leaves out the older rows" \
	"$(jhctl audit --since 2026-03-02T10:00:00+08:00 | tail -n +2 | awk '{print $2}' | sort -u)" "2026-03-02T10:30:00+08:00"
expect_eq "a supervisor may list it" "$(q as_super audit.0.action '{"op":"audit"}')" import
expect_eq "a clerk may not" "$(q "as_clerk 1" error.code '{"op":"audit"}')" error:forbidden
expect_eq "a bad since is refused" "$(q as_super error.code '{"op":"audit","since":"yesterday"}')" error:bad_request

# a name with a newline and a terminal escape reaches the table as it is, the terminal escaped
evil=$T_TMP/$'evil\n\e[2Jx.ini'
cp "$JH_TOP/server/examples/district.ini" "$evil"
jhctl import "$evil" >/dev/null 2>&1
expect_eq "the imported file's name is kept whole" "$(sqlite3 "$JHD_DB" "SELECT count(*) FROM audit WHERE action = 'import' AND target LIKE 'evil' || char(10) || '%'")" 1
out=$(jhctl audit | tail -1)
expect_match "jhctl audit shows it escaped, on one line" "$out" 'import evil\\n\\x1b\[2Jx\.ini: 17 services'

# append-only, tamper-evident
out=$(jhctl audit verify); rc=$?
expect_match "verify: intact" "$out" '^audit trail intact: [0-9]+ rows$'
expect_eq "verify exits 0" "$rc" 0
msg=$(sqlite3 "$JHD_DB" "UPDATE audit SET after = 'open' WHERE action = 'assign'" 2>&1)
expect_match "an UPDATE is refused by the trigger" "$msg" 'audit is append-only'
msg=$(sqlite3 "$JHD_DB" "DELETE FROM audit" 2>&1)
expect_match "a DELETE is refused by the trigger" "$msg" 'audit is append-only'
n=$(sqlite3 "$JHD_DB" "SELECT id FROM audit WHERE action = 'assign'")
sqlite3 "$JHD_DB" "DROP TRIGGER audit_no_update; UPDATE audit SET after = 'A,B,C' WHERE id = $n"
out=$(jhctl audit verify); rc=$?
expect_eq "verify after an edit behind the trigger's back exits 1" "$rc" 1
expect_match "and names the edited row" "$out" "^audit trail broken at row $n: row $n was changed"
sqlite3 "$JHD_DB" "UPDATE audit SET after = 'A,B:backup' WHERE id = $n"
expect_match "put back, it is intact again" "$(jhctl audit verify)" intact

# a trail longer than jhd checks in one call (5,000 rows): jhctl goes on until the end, and an
# edit in the second chunk is found there
for i in $(seq 2600); do echo '{"op":"open","window":"6"}'; echo '{"op":"close","window":"6"}'; done |
	as_super --timeout 60000 | grep -vc '"ok":true' >"$T_TMP/bad"
expect_eq "5,200 window changes by a supervisor" "$(cat "$T_TMP/bad")" 0
n=$(sqlite3 "$JHD_DB" "SELECT count(*) FROM audit")
expect_match "verify reads them all, a chunk a call" "$(jhctl audit verify)" "^audit trail intact: $n rows$"
expect_eq "one call checks 5,000 rows and says where to go on" \
	"$(printf '{"op":"audit_verify"}\n' | jhcall --sock "$JHD_SOCK" --field done)" false
was=$(sqlite3 "$JHD_DB" "SELECT before FROM audit WHERE id = 5100")
sqlite3 "$JHD_DB" "UPDATE audit SET before = 'paused' WHERE id = 5100"
out=$(jhctl audit verify); rc=$?
expect_match "an edit in the second chunk is named" "$out" '^audit trail broken at row 5100: row 5100 was changed'
expect_eq "and verify exits 1" "$rc" 1
sqlite3 "$JHD_DB" "UPDATE audit SET before = '$was' WHERE id = 5100"
expect_eq "after_id without prev is refused" \
	"$(printf '{"op":"audit_verify","after_id":5}\n' | jhcall --sock "$JHD_SOCK" --field error.code)" error:bad_request
expect_eq "and prev without after_id" \
	"$(printf '{"op":"audit_verify","prev":"%064d"}\n' 0 | jhcall --sock "$JHD_SOCK" --field error.code)" error:bad_request

# migration: a database of schema 6 gets the table, the users keep their place
jhd_stop
sqlite3 "$JHD_DB" "DROP TABLE audit; ALTER TABLE users DROP COLUMN disabled;
	ALTER TABLE devices DROP COLUMN disabled; DELETE FROM meta WHERE key = 'audit_head';
	ALTER TABLE tickets DROP COLUMN eta_s; ALTER TABLE tickets DROP COLUMN eta_lo_s;
	ALTER TABLE tickets DROP COLUMN eta_hi_s; PRAGMA user_version = 6"
jhd_restart || { not_ok "jhd restarts on a schema 6 database"; t_finish; }
expect_eq "migrated through schema 7 to the latest, 10" "$(sqlite3 "$JHD_DB" 'PRAGMA user_version')" 10
expect_match "the log says so" "$(cat "$JHD_LOG")" 'migrated to schema version 7'
as_super <<<'{"op":"open","window":"1"}' >/dev/null
expect_eq "the migrated trail starts at row 1" "$(sqlite3 "$JHD_DB" "SELECT id || ' ' || action FROM audit")" "1 open"
expect_match "and verifies" "$(jhctl audit verify)" 'intact: 1 rows'
t_finish
