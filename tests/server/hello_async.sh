# hello_async.sh — password checks run off the event loop (server/authq.c): while a person's
# hello waits for a slow check, every other client is served, and the connection that sent
# the hello gets its answers in order. The user's hash is stored with libsodium's MODERATE
# limits (256 MiB, ~0.35 s a check here) so that the check outlasts the other requests by far.
# The assertions are about order (which answer came first), never about durations.
source "$(dirname "$0")/common.bash"
# the server's own hashes (the users below, and its stand-in for unknown names) at the
# interactive limits of production, not the tests' minimum: see the unknown-name case
export JH_PWHASH_FAST=0
proto_setup

# password "slow-pw", hashed with crypto_pwhash_str at OPSLIMIT/MEMLIMIT_MODERATE
SLOW='$argon2id$v=19$m=262144,t=3,p=1$r9lrBDGpy+tRrzjnwzQASA$3Bq9soUCxRjC9Q0iU5YdnOSJBW5SwFCD0xeWTgp/PVA'
sqlite3 "$JHD_DB" "INSERT INTO users (name, role, pwhash, created_at) VALUES ('slow', 'supervisor', '$SLOW', 0)"

# ns: nanoseconds now
ns() { date +%s%N; }
# five_takes SERVICE: five takes by the kiosk, one after the other; sets TAKES (how many were
# answered ok) and T_TAKES (when the last answer came)
five_takes() {
	local i out
	TAKES=0
	for i in 1 2 3 4 5; do
		out=$(as_kiosk <<<'{"op":"take","service":"'"$1"'"}')
		[[ $out == *'"ok":true'* ]] && TAKES=$((TAKES + 1))
	done
	T_TAKES=$(ns)
}

# the slow hello starts; five kiosk takes, one after the other, must all be answered before it
(jhcall --addr "$JHD_ADDR" --role supervisor --user slow --password slow-pw \
	<<<'{"op":"status"}' >"$T_TMP/slow.out" 2>&1; ns >"$T_TMP/slow.done") &
SLOWPID=$!
sleep 0.05	# the client connects and writes its hello at once; the check takes ~0.35 s
five_takes A
wait $SLOWPID
expect_eq "five takes are answered while the slow hello waits for its check" "$TAKES" 5
expect_match "the slow hello then succeeds" "$(cat "$T_TMP/slow.out")" '"ok":true.*"hall"'
t_slow=$(cat "$T_TMP/slow.done" 2>/dev/null || echo 0)
expect_eq "the takes were all answered before the slow hello's answer" \
	"$([ "$T_TAKES" -lt "$t_slow" ] && echo before || echo after)" before

# wrong passwords against the slow hash (what somebody guessing would send): five takes are
# answered before the first of them is refused, and each is refused
(for i in 1 2; do
	jhcall --addr "$JHD_ADDR" --role supervisor --user slow --password wrong \
		<<<'{"op":"status"}' 2>&1
	ns >"$T_TMP/wrong.done.$i"
done >"$T_TMP/wrong.out") &
WPID=$!
sleep 0.05
five_takes B
wait $WPID
expect_eq "five takes are answered while a wrong password is being checked" "$TAKES" 5
expect_eq "all of them before it is refused" \
	"$([ "$T_TAKES" -lt "$(cat "$T_TMP/wrong.done.1")" ] && echo before || echo after)" before
expect_eq "each wrong password is refused" \
	"$(grep -c 'wrong user name or password (unauthenticated)' "$T_TMP/wrong.out")" 2

# an unknown user name goes through the same check as a wrong password (against a stand-in
# hash), so its refusal does not come sooner than a check queued before it: an attacker
# cannot tell by the answer's speed which names exist. Connection 3 sends a wrong password
# for the slow hash, then connection 4 an unknown name; once 4's refusal is read, 3's must
# already be there: the worker checks in order, and 4's check against the stand-in (made at
# the interactive limits, tens of ms) ends turns after 3's answer was written
exec 3<>"/dev/tcp/${JHD_ADDR%:*}/${JHD_ADDR##*:}"
exec 4<>"/dev/tcp/${JHD_ADDR%:*}/${JHD_ADDR##*:}"
printf '%s\n' '{"id":1,"op":"hello","role":"supervisor","user":"slow","password":"wrong"}' >&3
sleep 0.05	# its check (~0.35 s) is under way
printf '%s\n' '{"id":1,"op":"hello","role":"supervisor","user":"nobody-here","password":"x"}' >&4
IFS= read -r -t 20 unknown <&4
read -t 0 <&3 && first=there || first=missing
IFS= read -r -t 20 wrong <&3
exec 3>&- 4>&-
expect_match "an unknown user is refused as a wrong password is" "$unknown" \
	'"ok":false.*"code":"unauthenticated".*wrong user name or password'
expect_match "the wrong password before it is refused too" "$wrong" '"ok":false.*"unauthenticated"'
expect_eq "the unknown name's refusal comes only after the check queued before it" "$first" there

# one connection that sends its hello and two requests in one write: the requests wait for
# the check and are answered after the hello, in order, as the signed-in supervisor
exec 3<>"/dev/tcp/${JHD_ADDR%:*}/${JHD_ADDR##*:}"
printf '%s\n%s\n%s\n' '{"id":1,"op":"hello","role":"supervisor","user":"slow","password":"slow-pw"}' \
	'{"id":2,"op":"status"}' '{"id":3,"op":"services"}' >&3
answers=""
for i in 1 2 3; do
	IFS= read -r -t 20 line <&3 || break
	answers+="$(sed -E 's/^\{"id":([0-9]+),"ok":(true|false).*/\1:\2/' <<<"$line") "
done
exec 3>&-
expect_eq "pipelined after a slow hello: answered in order, signed in" "$answers" "1:true 2:true 3:true "

# the same from a client that shuts its sending side right after its lines (socat on end of
# input): the server still answers both before it closes
out=$(printf '%s\n%s\n' '{"id":1,"op":"hello","role":"supervisor","user":"slow","password":"slow-pw"}' \
	'{"id":2,"op":"ping"}' | timeout 20 socat -t 10 - "TCP:$JHD_ADDR" |
	sed -E 's/^\{"id":([0-9]+),"ok":(true|false).*/\1:\2/' | tr '\n' ' ')
expect_eq "a half-closed client gets its slow hello's answer and the next one" "$out" "1:true 2:true "

# a connection that goes away while its check runs: nothing is answered, nothing breaks
(printf '%s\n' '{"id":1,"op":"hello","role":"supervisor","user":"slow","password":"slow-pw"}' \
	>"/dev/tcp/${JHD_ADDR%:*}/${JHD_ADDR##*:}") 2>/dev/null
sleep 0.5
expect_match "the server goes on after a client left during its check" \
	"$(as_kiosk <<<'{"op":"take","service":"C"}')" '"ok":true'
t_finish
