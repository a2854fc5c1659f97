# accounts.sh — jhctl user passwd|disable|enable|del and device revoke against a real jhd:
# what each changes for sign-ins, that a signed-in session of a disabled or deleted user or a
# revoked device gets the event signed_out and is closed at once, and the audit row of each.
source "$(dirname "$0")/common.bash"
proto_setup
ME=$(id -un)
row() {
	sqlite3 "$JHD_DB" "SELECT who || '|' || role || '|' || before || '|' || after FROM audit
		WHERE action = '$1' AND target = '$2' ORDER BY id DESC LIMIT 1"
}
# signs_in CLIENT...: "ok" when the client signs in and pings, else what it says
signs_in() { printf '{"op":"ping"}\n' | "$@" --field now 2>&1 | sed -E 's/^[0-9]{4}-.*/ok/; s/^jhcall: [^ ]+ //'; }
alice_with() { signs_in jhcall --addr "$JHD_ADDR" --role clerk --user alice --password "$1" --window 1; }
# listen NAME CLIENT...: a signed-in client subscribed to everything, its output in
# $T_TMP/NAME; waits until subscribed
listen() {
	local name=$1 i; shift
	"$@" --events 5 --timeout 20000 >"$T_TMP/$name" 2>&1 <<<'{"op":"subscribe","topics":["calls","tickets","windows","alerts"]}' &
	eval "PID_$name=$!"
	t_at_exit "kill $! 2>/dev/null"
	for i in $(seq 100); do grep -q '"topics"' "$T_TMP/$name" && return 0; sleep 0.05; done
	return 1
}
# gone PID: the client process ended (its connection was closed), within 5 s
gone() { local i; for i in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.05; done; return 1; }

# passwd
printf 'alice-new-pw\n' | jhctl user passwd alice --password-stdin >"$T_TMP/out"
expect_eq "jhctl user passwd" "$(cat "$T_TMP/out")" "user alice: new password set"
expect_eq "the old password is refused" "$(alice_with pw-alice)" "wrong user name or password (unauthenticated)"
expect_eq "the new one signs in" "$(alice_with alice-new-pw)" ok
out=$(printf 'abc\n' | jhctl user passwd alice --password-stdin 2>&1); rc=$?
expect_match "a short password is refused with the policy" "$out" 'at least 4 characters'
expect_eq "and jhctl exits 1" "$rc" 1
out=$(printf 'whatever-pw\n' | jhctl user passwd nobody --password-stdin 2>&1)
expect_match "an unknown user is not_found" "$out" "no user 'nobody' \\(not_found\\)"
out=$(jhctl user passwd alice 2>&1); rc=$?
expect_match "passwd wants --password-stdin" "$out" 'missing --password-stdin'
expect_eq "an argument error exits 2" "$rc" 2
expect_match "passwd is audited, no password in it" "$(row user_passwd 'user alice')" "^$ME\\|admin\\|\\|a new password$"

# the users topic (jhweb's, to end its own sessions): a monitor hears each user signed out
expect_eq "a clerk may not subscribe to users" \
	"$(printf '%s\n' '{"op":"subscribe","topics":["users"]}' | jhcall --addr "$JHD_ADDR" --role clerk \
	    --user alice --password alice-new-pw --window 1 --field error.code)" error:forbidden
as_monitor --events 2 --timeout 20000 >"$T_TMP/users" 2>&1 <<<'{"op":"subscribe","topics":["users"]}' &
PID_users=$!
t_at_exit "kill $PID_users 2>/dev/null"
check "a monitor subscribes to users" bash -c 'for i in $(seq 100); do grep -q "\"topics\"" "$1" && exit 0; sleep 0.05; done; exit 1' _ "$T_TMP/users"

# disable: alice's live session is closed with a reason
listen alice jhcall --addr "$JHD_ADDR" --role clerk --user alice --password alice-new-pw --window 2 ||
	not_ok "alice's console subscribes"
expect_match "jhctl user disable closes her session" "$(jhctl user disable alice)" '^user alice disabled \(1 session closed\)$'
check "her connection is closed" gone "$PID_alice"
expect_match "she got the event signed_out with the reason" "$(cat "$T_TMP/alice")" \
	'"event":"signed_out","reason":"user alice was disabled by local"'
expect_eq "window 2 no longer shows her as its clerk" "$(q as_monitor windows.1.clerk '{"op":"status"}')" null
expect_eq "a disabled user cannot sign in, and is told so" "$(alice_with alice-new-pw)" "user alice is disabled (unauthenticated)"
expect_match "user list marks her" "$(jhctl user list)" 'alice +clerk \(disabled\)'
expect_match "disable is audited" "$(row user_disable 'user alice')" "^$ME\\|admin\\|enabled\\|disabled$"
expect_match "jhctl user enable" "$(jhctl user enable alice)" '^user alice enabled$'
expect_eq "an enabled user signs in again" "$(alice_with alice-new-pw)" ok
expect_match "enable is audited" "$(row user_enable 'user alice')" "^$ME\\|admin\\|disabled\\|enabled$"

# del, by an admin over TCP: carol's session closes, she cannot come back
listen carol jhcall --addr "$JHD_ADDR" --role clerk --user carol --password pw-carol --window 3 ||
	not_ok "carol's console subscribes"
expect_eq "an admin deletes carol over TCP" "$(q as_admin sessions_closed '{"op":"user_del","name":"carol"}')" 1
check "her connection is closed" gone "$PID_carol"
expect_match "with the reason" "$(cat "$T_TMP/carol")" '"reason":"user carol was deleted by root"'
expect_eq "a deleted user cannot sign in" "$(signs_in jhcall --addr "$JHD_ADDR" --role clerk --user carol --password pw-carol --window 3)" "wrong user name or password (unauthenticated)"
check "user list no longer has her" bash -c '! "$1" --sock "$2" user list | grep -q carol' _ "$JH_BIN/jhctl" "$JHD_SOCK"
expect_eq "del is audited with the admin and its address" "$(row user_del 'user carol')" "root|admin|role clerk|deleted"
expect_eq "deleting her again: not_found" "$(q as_admin error.code '{"op":"user_del","name":"carol"}')" error:not_found
check "the monitor got both events and ended" gone "$PID_users"
expect_match "user_signed_out for alice, disabled" "$(cat "$T_TMP/users")" \
	'"event":"user_signed_out","user":"alice","reason":"user alice was disabled by local"'
expect_match "and for carol, deleted" "$(cat "$T_TMP/users")" \
	'"event":"user_signed_out","user":"carol","reason":"user carol was deleted by root"'
expect_eq "a supervisor may not disable users" "$(q as_super error.code '{"op":"user_disable","name":"alice"}')" error:forbidden

# a lower role: bob's supervisor session ends, a clerk's sign-in works
listen bob jhcall --addr "$JHD_ADDR" --role supervisor --user bob --password pw-bob ||
	not_ok "bob's supervisor console subscribes"
out=$(printf 'pw-bob\n' | jhctl user add bob --role clerk --password-stdin --replace)
expect_eq "jhctl user add --replace to a lower role closes the higher session" "$out" \
	"user bob (clerk) updated (1 session in a higher role closed)"
check "bob's supervisor connection is closed" gone "$PID_bob"
expect_match "with the reason" "$(cat "$T_TMP/bob")" '"reason":"user bob is now a clerk \(by local\)"'
expect_eq "he signs in as a clerk" "$(signs_in jhcall --addr "$JHD_ADDR" --role clerk --user bob --password pw-bob --window 4)" ok
expect_match "the role change is audited" "$(row user_role 'user bob')" "^$ME\\|admin\\|role supervisor\\|role clerk, a new password$"

# device revoke: the kiosk's session closes, its token stops working at once
listen kiosk jhcall --addr "$JHD_ADDR" --role kiosk --device kiosk-1 --token "$KIOSK_TOKEN" ||
	not_ok "the kiosk subscribes"
expect_match "jhctl device revoke" "$(jhctl device revoke kiosk-1)" '^device kiosk-1: token revoked \(1 session closed\)$'
check "the kiosk's connection is closed" gone "$PID_kiosk"
expect_match "with the reason" "$(cat "$T_TMP/kiosk")" '"event":"signed_out","reason":"device kiosk-1 was revoked by local"'
expect_eq "the revoked token is refused at once" "$(signs_in as_kiosk)" "device kiosk-1: its token is revoked (unauthenticated)"
expect_match "device list marks it" "$(jhctl device list)" 'kiosk-1 +kiosk \(revoked\)'
expect_match "revoke is audited" "$(row device_revoke 'device kiosk-1')" "^$ME\\|admin\\|enabled\\|revoked$"
expect_eq "the display is untouched" "$(signs_in as_display)" ok
KIOSK_TOKEN=$(jhd_device kiosk-1 kiosk)
expect_eq "device add gives it a new token that works" "$(q as_kiosk ticket.code '{"op":"take","service":"A"}')" A001
expect_match "re-enrolment is audited" "$(row device_token 'device kiosk-1')" "^$ME\\|admin\\|\\|role kiosk, a new token$"
out=$(jhctl device revoke nothing 2>&1)
expect_match "revoking an unknown device: not_found" "$out" "no device 'nothing'"
expect_match "the trail verifies" "$(jhctl audit verify)" intact
t_finish
