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
out=$(printf 'other\n' | jhctl user add alice --role supervisor --password-stdin)
expect_eq "user add again updates" "$out" "user alice (supervisor) updated"
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
t_finish
