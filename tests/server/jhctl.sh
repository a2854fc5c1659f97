# jhctl.sh — the admin command line over the Unix socket: import (whole or not at all, with
# the line of the first error; re-import in place reporting changes), users, devices, status.
source "$(dirname "$0")/common.bash"
jhd_start none || { not_ok "jhd starts without a hall"; t_finish; }

out=$(jhctl import "$JH_TOP/server/examples/district.ini")
expect_match "import of the sample hall" "$out" 'imported district.ini: 8 departments, 17 services, 12 windows'
expect_match "the first import says so" "$out" 'first import'

# a bad file: refused whole, with its line
sed 's/^flags = same-day, simple-approval$/flags = same-day, quick/' "$JH_TOP/server/examples/district.ini" >"$T_TMP/bad.ini"
printf '[window 13]\nservices = A\n' >>"$T_TMP/bad.ini"
line=$(grep -n 'quick' "$T_TMP/bad.ini" | head -1 | cut -d: -f1)
out=$(jhctl import "$T_TMP/bad.ini" 2>&1)
rc=$?
check "a bad file makes import fail" test $rc -ne 0
expect_match "the error names the file and line" "$out" "bad.ini:line $line: unknown flag 'quick'"
expect_eq "nothing of a bad file is applied" "$(q as_local windows.12.name '{"op":"status"}')" "(none)"

# re-import with changes
sed -e 's/^name = 婚姻登记 Marriage registration$/name = 婚姻登记 Marriage/' \
    -e '/^\[window 9\]/,/^services/s/^services = N, O$/services = N, O, P:backup/' \
    "$JH_TOP/server/examples/district.ini" >"$T_TMP/new.ini"
printf '[service R]\nname = 新服务 New service\ndepartment = MZ\n' >>"$T_TMP/new.ini"
as_local <<<'{"op":"take","service":"N"}' >/dev/null
out=$(jhctl import "$T_TMP/new.ini")
expect_match "re-import reports a renamed service" "$out" 'service N renamed'
expect_match "re-import reports a new service" "$out" 'service R added'
expect_match "re-import reports changed duties" "$out" 'window 9 services: N, O -> N, O, P:backup'
expect_match "re-import counts the changes" "$out" '3 changes'
expect_eq "waiting tickets survive a re-import" "$(q as_local ticket.service '{"op":"ticket","code":"N001"}')" N
expect_eq "re-importing the same file changes nothing" "$(jhctl import "$T_TMP/new.ini" | tail -1)" "imported new.ini: 8 departments, 18 services, 12 windows; 0 changes"
sed '/^\[service N\]/,/^flags/d' "$T_TMP/new.ini" | sed 's/\bN, //' >"$T_TMP/drop.ini"
out=$(jhctl import "$T_TMP/drop.ini" 2>&1)
expect_match "a service with waiting tickets cannot be removed" "$out" 'service N still has ticket N001'

# users and devices
out=$(printf 's3cret\n' | jhctl user add alice --role clerk --password-stdin)
expect_eq "user add" "$out" "user alice (clerk) created"
out=$(printf 'other\n' | jhctl user add alice --role supervisor --password-stdin 2>&1); rc=$?
expect_match "user add of an existing name is refused" "$rc $out" \
	"^1 jhctl: user_add: user alice exists \(a clerk\); replace it .*--replace\) \(conflict\)"
expect_match "the refused add changed nothing" "$(jhctl user list)" 'alice +clerk'
out=$(printf 'other\n' | jhctl user add alice --role supervisor --password-stdin --replace)
expect_eq "user add --replace updates" "$out" "user alice (supervisor) updated"
out=$(printf 'abc\n' | jhctl user add dora --role clerk --password-stdin 2>&1)
expect_match "a password under --min-password (4 in the tests) is refused" "$out" \
	"at least 4 characters"
out=$(printf '密码密码\n' | jhctl user add dora --role clerk --password-stdin 2>&1)
expect_eq "the minimum counts characters, not bytes" "$out" "user dora (clerk) created"
expect_match "user list" "$(jhctl user list)" 'alice +supervisor'
out=$(printf 'x\n' | jhctl user add bad/name --role clerk --password-stdin 2>&1)
expect_match "user names are checked" "$out" 'bad_request'
out=$(printf 'x\n' | jhctl user add dev --role kiosk --password-stdin 2>&1)
expect_match "a user's role is a person's" "$out" 'clerk, supervisor or admin'
out=$(jhctl device add kiosk-1 --role kiosk)
tok=${out##* }
check "device add prints a 64-hex-digit token as the last word" grep -qE '^[0-9a-f]{64}$' <<<"$tok"
expect_eq "the token works" "$(jhcall --addr "$JHD_ADDR" --role kiosk --device kiosk-1 --token "$tok" --field role <<<'{"op":"hello","role":"kiosk","device":"kiosk-1","token":"'"$tok"'"}')" kiosk
expect_match "device list" "$(jhctl device list)" 'kiosk-1 +kiosk'
out=$(jhctl device add d2 --role admin 2>&1)
expect_match "a device's role is a device's" "$out" 'kiosk, display or monitor'

# status, aligned though names are Chinese
out=$(jhctl status)
expect_match "status shows the hall" "$out" '城东区政务服务中心'
expect_match "status shows waiting tickets" "$out" '^N +婚姻登记 Marriage +1 '
bad=0
while IFS= read -r l; do
	tail=$(sed -E 's/^.*[^ ] +([0-9]+ +[0-9-]+[hm0-9s]* +.*)$/\1/' <<<"$l")
	w=$(( $(printf '%s\n' "$l" | LC_ALL=C.UTF-8 wc -L) - $(printf '%s\n' "$tail" | LC_ALL=C.UTF-8 wc -L) ))
	[ "$w" = 42 ] || { bad=1; echo "# misaligned ($w): $l"; }
done < <(grep -E '^[A-R] ' <<<"$out")
expect_eq "status columns line up with Chinese names" "$bad" 0
expect_match "status lists windows and duties" "$out" '12 +closed +- +- +0 +C,E,H,J,K,O,Q,A\(b\),L\(b\),I\(b\)'

out=$(jhctl --sock "$T_TMP/nothing.sock" status 2>&1)
expect_match "a missing socket is reported" "$out" 'cannot reach jhd'
out=$(JH_SERVER=$JHD_SOCK "$JH_BIN/jhctl" user list)
expect_match "JH_SERVER names the socket" "$out" 'alice'
out=$(JH_SERVER=$T_TMP/nothing.sock "$JH_BIN/jhctl" --sock "$JHD_SOCK" user list)
expect_match "--sock wins over JH_SERVER" "$out" 'alice'
out=$(JH_SERVER=$JHD_ADDR "$JH_BIN/jhctl" user list 2>&1); rc=$?
expect_eq "a TCP JH_SERVER is refused: jhctl needs the Unix socket" "$rc" 2
expect_match "and says so" "$out" "JH_SERVER is $JHD_ADDR, a TCP address"
expect_eq "jhcall speaks to JH_SERVER too" \
	"$(JH_SERVER=$JHD_SOCK "$JH_BIN/jhcall" --field role <<<'{"op":"hello"}')" admin

# backup into /tmp or /var/tmp: a note, since jhd.service gives jhd a private /tmp
note="note: jhd may run with a private /tmp (PrivateTmp=yes in jhd.service); the file is in jhd's /tmp"
jhctl backup "$T_TMP/b1.db" >"$T_TMP/out" 2>"$T_TMP/err"; rc=$?
expect_eq "a backup into /tmp succeeds" "$rc" 0
expect_match "and says where it went" "$(cat "$T_TMP/out")" "^backup $T_TMP/b1.db: .*checked\$"
expect_eq "with a note on stderr about jhd's private /tmp" "$(cat "$T_TMP/err")" "jhctl: $note"
vt=$(mktemp -d /var/tmp/jhtest.XXXXXX)
t_at_exit "rm -rf '$vt'"
expect_eq "the same note for /var/tmp" "$(jhctl backup "$vt/b2.db" 2>&1 >/dev/null)" "jhctl: $note"
# a folder outside /tmp and /var/tmp, wherever the tree is (a clone may sit under /tmp)
bd=$(mktemp -d /dev/shm/jhtest-backup.XXXXXX 2>/dev/null || mktemp -d "$HOME/jhtest-backup.XXXXXX")
t_at_exit "rm -rf '$bd'"
out=$(jhctl backup "$bd/b3.db" 2>&1); rc=$?
expect_eq "a backup elsewhere succeeds" "$rc" 0
expect_eq "with no note" "$(grep -c 'note:' <<<"$out")" 0
# (That the note's "not visible from here" branch fires for a jhd in a mount namespace of its
# own was checked by hand: a chrooted process, as on a fresh-machine run, cannot make one.)
t_finish
