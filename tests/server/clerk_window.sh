# clerk_window.sh — one clerk a window: a clerk's hello for a window another clerk's live
# session holds is refused (conflict, held_by); with "takeover": true it succeeds and the
# displaced session gets a `displaced` event, whatever it subscribed to, and answers only
# hello from then on (unauthenticated), without being disconnected; the same user signing in
# again displaces the old session without asking; supervisors neither hold nor are refused.
source "$(dirname "$0")/common.bash"
proto_setup

# open CONN ARGS...: a jhcall whose stdin is the fifo $T_TMP/CONN.in (fd kept open in
# $CONN_FD), output in $T_TMP/CONN.out; send CONN LINE; wait_for CONN REGEX
declare -A FD PID
open() {
	local n=$1; shift
	mkfifo "$T_TMP/$n.in"
	# (without the other fifos' write ends, or they would never see their end)
	( for f in "${FD[@]}"; do eval "exec $f>&-"; done
	  exec "$JH_BIN/jhcall" "$@" <"$T_TMP/$n.in" >"$T_TMP/$n.out" 2>"$T_TMP/$n.err" ) &
	PID[$n]=$!
	t_at_exit "kill ${PID[$n]} 2>/dev/null"
	exec {fd}>"$T_TMP/$n.in"
	FD[$n]=$fd
}
send() { printf '%s\n' "$2" >&"${FD[$1]}"; }
wait_for() {
	local i
	for i in $(seq 100); do grep -qE -- "$2" "$T_TMP/$1.out" 2>/dev/null && return 0; sleep 0.05; done
	return 1
}
finish() { eval "exec ${FD[$1]}>&-"; wait "${PID[$1]}" 2>/dev/null; }
clerk_of() { q as_super "windows.$(($1 - 1)).clerk" '{"op":"status"}'; }
hello() {	# hello USER [EXTRA]: a raw hello of clerk USER at window 2, its answer
	printf '{"id":1,"op":"hello","role":"clerk","user":"%s","password":"pw-%s","window":"2"%s}\n' \
		"$1" "$1" "$2" | jhcall --raw --addr "$JHD_ADDR"
}

open A --addr "$JHD_ADDR" --role clerk --user alice --password pw-alice --window 2
send A '{"op":"ping"}'
wait_for A '"now"' || not_ok "alice signs in at window 2"
expect_eq "alice holds window 2" "$(clerk_of 2)" alice

expect_eq "carol's hello for window 2 is refused with conflict, naming the holder" "$(hello carol)" \
	'{"id":1,"ok":false,"error":{"code":"conflict","message":"window 2 is held by alice","held_by":"alice"}}'
expect_eq "and alice still holds it" "$(clerk_of 2)" alice
expect_match "takeover must be true or false" "$(hello carol ',"takeover":"yes"')" '"code":"bad_request","message":"field .takeover. must be true or false"'
expect_match "a wrong password is still unauthenticated, telling no holder" "$(printf '%s\n' '{"op":"hello","role":"clerk","user":"carol","password":"x","window":"2"}' | jhcall --raw --addr "$JHD_ADDR")" \
	'"code":"unauthenticated","message":"wrong user name or password"\}\}$'

open C --raw --addr "$JHD_ADDR"
send C '{"id":"c1","op":"hello","role":"clerk","user":"carol","password":"pw-carol","window":"2","takeover":true}'
for i in $(seq 100); do [ "$(clerk_of 2)" = carol ] && break; sleep 0.05; done
expect_eq "with takeover carol gets window 2" "$(clerk_of 2)" carol
send A '{"op":"call_next"}'
send A '{"op":"ping"}'
wait_for A '"id":4'
finish A
expect_eq "alice's connection is told, then answered unauthenticated, and stays open" \
	"$(cat "$T_TMP/A.out")" \
	"$(printf '%s\n' '{"id":2,"ok":true,"now":"'"$(sed -n 1p "$T_TMP/A.out" | jq -r .now)"'"}' \
		'{"event":"displaced","window":"2","by":"carol"}' \
		'{"id":3,"ok":false,"error":{"code":"unauthenticated","message":"say hello first"}}' \
		'{"id":4,"ok":false,"error":{"code":"unauthenticated","message":"say hello first"}}')"
expect_eq "alice's connection closing leaves carol at window 2" "$(clerk_of 2)" carol

# the same user again (a console restarted while the old connection lingers): no takeover asked
open D --raw --addr "$JHD_ADDR"
send D '{"id":"d1","op":"hello","role":"clerk","user":"carol","password":"pw-carol","window":"2"}'
send D '{"id":"d2","op":"call_next"}'
for i in $(seq 100); do grep -q displaced "$T_TMP/C.out" 2>/dev/null && break; sleep 0.05; done
send C '{"id":"c2","op":"ping"}'
finish C
expect_match "carol's old connection signed in with takeover" "$(sed -n 1p "$T_TMP/C.out")" '"id":"c1","ok":true.*"window":"2","user":"carol","role":"clerk"'
expect_eq "then is displaced by carol herself, and answers only hello" "$(sed -n '2,3p' "$T_TMP/C.out")" \
	'{"event":"displaced","window":"2","by":"carol"}
{"id":"c2","ok":false,"error":{"code":"unauthenticated","message":"say hello first"}}'
expect_eq "the new session holds window 2, and its old one closing does not clear it" "$(clerk_of 2)" carol

# supervisors neither hold nor are refused; a clerk's hello ignores them
expect_match "a supervisor naming window 2 signs in beside the clerk" \
	"$(printf '%s\n' '{"op":"hello","role":"supervisor","user":"bob","password":"pw-bob","window":"2"}' | jhcall --raw --addr "$JHD_ADDR")" '"ok":true'
open B --raw --addr "$JHD_ADDR"
send B '{"id":"b1","op":"hello","role":"supervisor","user":"bob","password":"pw-bob","window":"3"}'
wait_for B '"b1"'
expect_match "a clerk signs in at a window a supervisor named" \
	"$(printf '%s\n' '{"op":"hello","role":"clerk","user":"alice","password":"pw-alice","window":"3"}' | jhcall --raw --addr "$JHD_ADDR")" '"ok":true'
send B '{"id":"b2","op":"status"}'
wait_for B '"b2"'
finish B
expect_eq "and the supervisor is not displaced" "$(grep -c displaced "$T_TMP/B.out")" 0
send D '{"id":"d3","op":"ping"}'
wait_for D '"d3"'
finish D
expect_match "carol's new session serves on" "$(grep '"d3"' "$T_TMP/D.out")" '"ok":true'
t_finish
