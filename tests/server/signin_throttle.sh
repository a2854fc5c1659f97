# signin_throttle.sh — password guessing: after 5 refused sign-ins in 5 minutes a user name, and
# a client address, is locked for 5 minutes: its hellos are refused with limit_reached before
# any password is hashed, and the supervisors see jhd's alert signin_locked. Devices and the
# Unix socket's address are not locked; the lock ends when its window has passed (the test
# clock is moved, not waited for).
source "$(dirname "$0")/common.bash"
proto_setup --test-clock 2026-03-02T10:00:00+08:00

# hello USER PASSWORD [via]: one hello on a connection of its own; prints the answer's code
hello() {
	printf '{"id":1,"op":"hello","role":"supervisor","user":"%s","password":"%s"}\n' "$1" "$2" |
		jhcall --raw ${3:---addr "$JHD_ADDR"} |
		sed -n 's/.*"error":{"code":"\([a-z_]*\)".*/\1/p;s/.*"ok":true.*/ok/p'
}
refused_hashes() { grep -c "hello refused for user $1" "$JHD_LOG"; }
alerts() { q as_monitor alerts '{"op":"status"}'; }

got=$(for i in 1 2 3 4 5; do hello bob wrong; done | tr '\n' ' ')
expect_eq "five wrong passwords are refused" "$got" \
	"unauthenticated unauthenticated unauthenticated unauthenticated unauthenticated "
expect_eq "then the right one is refused too: the user is locked" "$(hello bob pw-bob)" limit_reached
expect_match "the refusal says how long" \
	"$(printf '{"id":1,"op":"hello","role":"supervisor","user":"bob","password":"pw-bob"}\n' |
	jhcall --raw --addr "$JHD_ADDR")" \
	'"limit_reached","message":"too many failed sign-ins; try again in 300 s"'
for i in 1 2 3 4 5; do hello bob wrong >/dev/null; done
expect_eq "locked hellos cost no password check (5 checks, not 11)" "$(refused_hashes bob)" 5
expect_eq "the address is locked too: another user from it is refused" "$(hello root pw-root)" \
	limit_reached
expect_eq "the user is locked from the Unix socket too" \
	"$(hello bob pw-bob "--sock $JHD_SOCK")" limit_reached
expect_eq "the Unix socket's address is not locked" "$(hello root pw-root "--sock $JHD_SOCK")" ok
expect_eq "devices still sign in from a locked address" \
	"$(q as_kiosk ticket.code '{"op":"take","service":"A"}')" A001
al=$(alerts)
expect_match "the supervisors see jhd's alert signin_locked" "$al" \
	'"source":"jhd","kind":"signin_locked","message":"sign-ins refused for 5 min after 5 failures: '
expect_match "it names the user and the address" "$al" 'user bob, address 127.0.0.1|address 127.0.0.1, user bob'

# the window passes: the locks end, the alert is cleared, and counting starts afresh
q as_local now '{"op":"clock","advance_s":301}' >/dev/null
expect_eq "after 5 minutes the user signs in" "$(hello bob pw-bob)" ok
for i in $(seq 30); do alerts | grep -q signin_locked || break; sleep 0.1; done
check "the alert is cleared once no sign-in is locked" \
	bash -c "! grep -q signin_locked <<<'$(alerts)'"

# an address alone: one refusal each for five names (none of them locked) locks the address
got=$(for u in u1 u2 u3 u4 u5; do hello "$u" x; done | tr '\n' ' ')
expect_eq "five names refused once each" "$got" \
	"unauthenticated unauthenticated unauthenticated unauthenticated unauthenticated "
expect_eq "then the address is locked" "$(hello bob pw-bob)" limit_reached
expect_eq "but no name is: bob signs in over the Unix socket" \
	"$(hello bob pw-bob "--sock $JHD_SOCK")" ok
check "jhd is still running" kill -0 "$JHD_PID"
t_finish
