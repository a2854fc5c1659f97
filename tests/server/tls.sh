#!/bin/bash
# tls.sh — TLS on the hall network (docs/PROTOCOL.md, "Security"): a hall CA made by jhctl, jhd
# with --tls-listen, clients with --ca. A recording proxy (socat -r/-R) between the clients and
# jhd keeps every byte: over TLS it holds no password, no token and no JSON; the same run over
# plain TCP holds all three (the proxy does record); the same for jhweb's connections. A client
# with another CA, or facing a certificate for another address, is refused with the reason;
# jhterm (in tmux), jhkiosk, events, long lines, a stalled handshake and 1,000 pipelined
# answers read late by OpenSSL all go over TLS; jhd and the clients keep plain TCP on loopback.
source "$(dirname "$0")/common.bash"

CA=$T_TMP/ca
mkdir -p "$CA" "$T_TMP/other"
out=$("$JH_BIN/jhctl" ca init --dir "$CA" 2>&1); rc=$?
expect_eq "jhctl ca init makes a hall CA (exit 0)" "$rc" 0
expect_match "and names its files" "$out" "$CA/ca.crt.*$CA/ca.key"
expect_eq "the CA's key is 0600" "$(stat -c %a "$CA/ca.key" 2>&1)" 600
err=$("$JH_BIN/jhctl" ca init --dir "$CA" 2>&1); rc=$?
expect_eq "jhctl ca init never replaces a CA (exit 1)" "$rc" 1
expect_match "and says why" "$err" "ca.key exists already"
out=$("$JH_BIN/jhctl" ca issue --dir "$CA" --server 127.0.0.2 --server 127.0.0.3 \
	--server jhd.hall.test 2>&1); rc=$?
expect_eq "jhctl ca issue makes jhd's certificate (exit 0)" "$rc" 0
expect_eq "jhd's key is 0600" "$(stat -c %a "$CA/jhd.key" 2>&1)" 600
err=$("$JH_BIN/jhctl" ca issue --dir "$CA" 2>&1); rc=$?
expect_eq "jhctl ca issue without --server is a usage error (exit 2)" "$rc" 2
"$JH_BIN/jhctl" ca init --dir "$T_TMP/other" >/dev/null 2>&1

# jhd: plain TCP on 127.0.0.1 (the harness's), TLS on 127.0.0.2
proto_setup --tls-listen 127.0.0.2:0 --tls-cert "$CA/jhd.crt" --tls-key "$CA/jhd.key" \
	--tls-port-file "$T_TMP/tport" --hello-timeout 3
TLS_PORT=$(cat "$T_TMP/tport" 2>/dev/null)
expect_match "jhd writes its TLS port" "$TLS_PORT" '^[0-9]+$'
PLAIN_PORT=${JHD_ADDR##*:}

source "$JH_TOP/tests/lib/proxy.bash"

# proxy_done: a one-connection proxy ends with its connection (socat has written its dumps
# then); stopped after 5 s all the same
proxy_done() {
	for _ in $(seq 250); do kill -0 "$PROXY_PID" 2>/dev/null || break; sleep 0.02; done
	kill "$PROXY_PID" 2>/dev/null
	wait "$PROXY_PID" 2>/dev/null
}

# session MODE TARGET: a kiosk takes a ticket and alice calls it, each through a recording
# proxy; leaves the answers in $T_TMP/MODE.ticket and MODE.call and both recordings in MODE.rec
session() {
	local mode=$1 target=$2 ca=()
	[ "$mode" = tls ] && ca=(--ca "$CA/ca.crt")
	record "$mode-kiosk" "$target" || { echo "# no proxy" >&2; return 1; }
	echo '{"op":"take","service":"A"}' | jhcall --addr "$PROXY" "${ca[@]}" --role kiosk \
		--device kiosk-1 --token "$KIOSK_TOKEN" --field ticket.code >"$T_TMP/$mode.ticket"
	proxy_done
	record "$mode-clerk" "$target" || return 1
	printf '%s\n' '{"op":"open"}' '{"op":"call_next"}' '{"op":"finish"}' |
		jhcall --addr "$PROXY" "${ca[@]}" --role clerk --user alice --password pw-alice \
		--window 1 --field ticket.code >"$T_TMP/$mode.call"
	proxy_done
	cat "$T_TMP/$mode-kiosk.up" "$T_TMP/$mode-kiosk.down" "$T_TMP/$mode-clerk.up" \
		"$T_TMP/$mode-clerk.down" >"$T_TMP/$mode.rec" 2>/dev/null
}


session tls "127.0.0.2:$TLS_PORT"
expect_match "over TLS through the proxy a kiosk takes a ticket" "$(cat "$T_TMP/tls.ticket")" \
	'^A[0-9]{3}$'
expect_eq "and alice signs in with her password and calls it" \
	"$(sed -n 2p "$T_TMP/tls.call")" "$(cat "$T_TMP/tls.ticket")"
expect_match "the proxy recorded the TLS sessions (over 1 KB)" \
	"$(stat -c %s "$T_TMP/tls.rec" 2>&1)" '^[0-9]{4,}$'
expect_eq "the kiosk's first byte is a TLS handshake record (0x16)" \
	"$(head -c1 "$T_TMP/tls-kiosk.up" 2>/dev/null | od -An -tx1 | tr -d ' ')" 16
expect_eq "the TLS recording holds no password" "$(has "$T_TMP/tls.rec" pw-alice)" 0
expect_eq "the TLS recording holds no device token" "$(has "$T_TMP/tls.rec" "$KIOSK_TOKEN")" 0
expect_eq "the TLS recording holds no JSON (\"op\")" "$(has "$T_TMP/tls.rec" '"op"')" 0
expect_eq "nor the ticket's code" "$(has "$T_TMP/tls.rec" "\"$(cat "$T_TMP/tls.ticket")\"")" 0

session plain "127.0.0.1:$PLAIN_PORT"
expect_match "over plain TCP through the same proxy the kiosk takes a ticket" \
	"$(cat "$T_TMP/plain.ticket")" '^A[0-9]{3}$'
expect_eq "the plain recording holds alice's password" "$(has "$T_TMP/plain.rec" pw-alice)" 1
expect_eq "the plain recording holds the kiosk's token" \
	"$(has "$T_TMP/plain.rec" "$KIOSK_TOKEN")" 1
expect_eq "the plain recording holds JSON (\"op\")" "$(has "$T_TMP/plain.rec" '"op"')" 1

# jhweb over TLS: its monitor connection and a supervisor's sign-in from the browser
# web MODE: jhweb through a recording proxy (MODE tls or plain); prints the sign-in's status
web() {
	local mode=$1 target ca=() i
	if [ "$mode" = tls ]; then target=127.0.0.2:$TLS_PORT; ca=(--ca "$CA/ca.crt")
	else target=127.0.0.1:$PLAIN_PORT; fi
	record "web-$mode" "$target" fork || return 1
	rm -f "$T_TMP/web.port"
	"$JH_BIN/jhweb" --listen 127.0.0.1:0 --port-file "$T_TMP/web.port" --server "$PROXY" \
		"${ca[@]}" --device monitor-1 --token "$MONITOR_TOKEN" >/dev/null \
		2>>"$T_TMP/web-$mode.log" &
	local wpid=$!
	for i in $(seq 200); do [ -s "$T_TMP/web.port" ] && break; sleep 0.05; done
	for i in $(seq 100); do
		grep -q "connected to jhd" "$T_TMP/web-$mode.log" && break
		sleep 0.05
	done
	curl -s --max-time 10 -o /dev/null -w '%{http_code}' --data 'user=bob&password=pw-bob' \
		"http://127.0.0.1:$(cat "$T_TMP/web.port")/login"
	kill "$wpid" "$PROXY_PID" 2>/dev/null
	wait "$wpid" "$PROXY_PID" 2>/dev/null
	cat "$T_TMP/web-$mode.up" "$T_TMP/web-$mode.down" >"$T_TMP/web-$mode.rec" 2>/dev/null
}
expect_eq "a supervisor signs in at jhweb, which reaches jhd over TLS (303)" "$(web tls)" 303
expect_eq "the recording of jhweb's TLS connections holds no password" \
	"$(has "$T_TMP/web-tls.rec" pw-bob)" 0
expect_eq "nor jhweb's token" "$(has "$T_TMP/web-tls.rec" "$MONITOR_TOKEN")" 0
expect_eq "nor JSON" "$(has "$T_TMP/web-tls.rec" '"op"')" 0
expect_eq "the same sign-in with jhweb on plain TCP (303)" "$(web plain)" 303
expect_eq "there the recording holds the password" "$(has "$T_TMP/web-plain.rec" pw-bob)" 1

# refusals, each with its reason
err=$(echo '{"op":"ping"}' | jhcall --addr "127.0.0.2:$TLS_PORT" --ca "$T_TMP/other/ca.crt" \
	--role clerk --user alice --password pw-alice --window 1 2>&1); rc=$?
expect_eq "a client trusting another CA is refused (exit 1)" "$rc" 1
expect_match "with the reason" "$err" "certificate is refused for 127.0.0.2.*issuer is unknown"
# 127.0.0.4 forwards to jhd's TLS port: the certificate names 127.0.0.2, .3 and jhd.hall.test
port4=$((20000 + RANDOM % 30000))
socat "TCP-LISTEN:$port4,bind=127.0.0.4,reuseaddr" "TCP:127.0.0.2:$TLS_PORT" 2>/dev/null &
fwd=$!
t_at_exit "kill $fwd 2>/dev/null"
for _ in $(seq 100); do
	grep -q "$(printf '0400007F:%04X' "$port4") 00000000:0000 0A" /proc/net/tcp && break
	sleep 0.02
done
err=$(echo '{"op":"ping"}' | jhcall --addr "127.0.0.4:$port4" --ca "$CA/ca.crt" --role kiosk \
	--device kiosk-1 --token "$KIOSK_TOKEN" 2>&1); rc=$?
expect_eq "a certificate for other names than the one dialled is refused (exit 1)" "$rc" 1
expect_match "with the reason" "$err" "refused for 127.0.0.4.*name in the certificate does not match"
err=$(echo '{"op":"ping"}' | jhcall --addr "127.0.0.2:$TLS_PORT" --role kiosk --device kiosk-1 \
	--token "$KIOSK_TOKEN" 2>&1); rc=$?
expect_eq "a plain client on the TLS port is refused (exit 1)" "$rc" 1
expect_match "and told to use the hall CA" "$err" "this port speaks TLS.*--ca"
err=$(echo '{"op":"ping"}' | JH_CA="$T_TMP/nothere.crt" jhcall --addr "127.0.0.2:$TLS_PORT" \
	--role kiosk --device kiosk-1 --token "$KIOSK_TOKEN" 2>&1); rc=$?
expect_match "JH_CA naming a missing file is an error that names it" "$rc:$err" \
	"^1:.*nothere.crt"
out=$(echo '{"op":"ping"}' | JH_CA="$CA/ca.crt" jhcall --addr "127.0.0.2:$TLS_PORT" \
	--role kiosk --device kiosk-1 --token "$KIOSK_TOKEN" --field ok 2>&1)
expect_eq "JH_CA alone makes a client use TLS" "$out" true

# the kiosk program itself over TLS (one ticket, no printer)
printf '%s\n' "$KIOSK_TOKEN" >"$T_TMP/kiosk.token"
out=$("$JH_BIN/jhkiosk" --server "127.0.0.2:$TLS_PORT" --ca "$CA/ca.crt" --device kiosk-1 \
	--token-file "$T_TMP/kiosk.token" --take C --no-print --output "$T_TMP/kiosk.out" 2>&1)
expect_match "jhkiosk --ca takes a ticket over TLS" "$out" '^ticket C[0-9]{3} '
out=$("$JH_BIN/jhkiosk" --server "127.0.0.2:$TLS_PORT" --ca "$T_TMP/other/ca.crt" \
	--device kiosk-1 --token-file "$T_TMP/kiosk.token" --take C --no-print 2>&1); rc=$?
expect_match "and with another CA it says why it cannot" "$rc:$out" \
	"^[1-9]:.*certificate is refused for 127.0.0.2"

# the clerk console over TLS, in tmux: signs in, sees a ticket arrive live, calls it
TMUX_SOCK=$T_TMP/tmux.sock
tm() { tmux -S "$TMUX_SOCK" -f /dev/null "$@"; }
t_at_exit 'tmux -S "$TMUX_SOCK" kill-server >/dev/null 2>&1'
# until the pane shows REGEX (10 s); 0 or 1
pane_has() {
	for _ in $(seq 100); do
		tm capture-pane -p -t term 2>/dev/null | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
echo pw-alice >"$T_TMP/alice.pw"
tm new-session -d -s term -x 100 -y 30 env -u LC_ALL -u LANGUAGE LANG=C.UTF-8 TZ=UTC \
	"$JH_BIN/jhterm" --clerk --server "127.0.0.2:$TLS_PORT" --ca "$CA/ca.crt" --user alice \
	--window 2 --password-file "$T_TMP/alice.pw" \; set-option -t term remain-on-exit on
if pane_has 'Window 2 · alice'; then ok "jhterm --ca signs alice in over TLS"
else not_ok "jhterm --ca signs alice in over TLS: $(tm capture-pane -p -t term | head -5)"; fi
tm send-keys -t term o
pane_has 'Window 2 · alice · open'
code=$(echo '{"op":"take","service":"B"}' | as_kiosk --field ticket.code)
if pane_has "^ $code "; then ok "the ticket taken elsewhere appears on it live (an event over TLS)"
else not_ok "the ticket $code appears on jhterm live: $(tm capture-pane -p -t term | tail -8)"; fi
tm send-keys -t term c
if pane_has 'Called [A-C][0-9]{3}\.'; then ok "and jhterm calls the next ticket over TLS"
else not_ok "jhterm calls the next ticket: $(tm capture-pane -p -t term | tail -4)"; fi

# events over TLS: a display subscribed through TLS sees the call
printf '%s\n' '{"op":"subscribe","topics":["calls"]}' | jhcall --addr "127.0.0.2:$TLS_PORT" \
	--ca "$CA/ca.crt" --role display --device display-1 --token "$DISPLAY_TOKEN" --events 1 \
	--timeout 10000 >"$T_TMP/events" 2>&1 &
evpid=$!
for _ in $(seq 200); do [ -s "$T_TMP/events" ] && break; sleep 0.02; done
echo '{"op":"take","service":"A"}' | as_kiosk >/dev/null
echo '{"op":"call_next"}' | as_clerk 1 >/dev/null
wait "$evpid"
expect_match "a display subscribed over TLS gets the call event" "$(cat "$T_TMP/events")" \
	'"event":"call'

# a long answer over TLS (several records): status with a hundred tickets waiting
for i in $(seq 100); do echo '{"op":"take","service":"B"}'; done | as_kiosk >/dev/null
plain_status=$(echo '{"op":"status"}' | as_super --field ok)
n=$(printf '%s\n' '{"op":"status"}' '{"op":"status"}' '{"op":"ping"}' | jhcall \
	--addr "127.0.0.2:$TLS_PORT" --ca "$CA/ca.crt" --role supervisor --user bob \
	--password pw-bob | wc -c)
expect_match "a hundred tickets' status twice and a ping over TLS are answered in full" \
	"$plain_status:$n" '^true:[0-9]{4,}$'

# a client that stops in the middle of its handshake holds nothing up, and is closed by the
# hello deadline (--hello-timeout 3)
exec 7<>"/dev/tcp/127.0.0.2/$TLS_PORT"
printf '\x16\x03\x01\x02' >&7	# the start of a ClientHello record, then nothing
out=$(echo '{"op":"ping"}' | jhcall --addr "127.0.0.2:$TLS_PORT" --ca "$CA/ca.crt" --role kiosk \
	--device kiosk-1 --token "$KIOSK_TOKEN" --field ok 2>&1)
expect_eq "while a handshake is stalled, another TLS client is served" "$out" true
timeout 20 cat <&7 >/dev/null; rc=$?
exec 7<&-
expect_eq "the stalled handshake is closed by the hello deadline" "$rc" 0
expect_match "and jhd says so" "$(cat "$JHD_LOG")" \
	"closed [0-9]+ connections? not signed in within 3 s"

# a request line of 40,000 bytes (three records and more each way) is read whole and answered
long=$(head -c 30000 /dev/zero | tr '\0' 'x')
got=$(printf '{"id":"%s","op":"ping"}\n' "$long" | jhcall --addr "127.0.0.2:$TLS_PORT" \
	--ca "$CA/ca.crt" --role kiosk --device kiosk-1 --token "$KIOSK_TOKEN" | jq -r '.id | length')
expect_eq "a 30,000-byte id goes over TLS and comes back whole" "$got" 30000

# another TLS stack (socat's OpenSSL, checking the certificate against the hall CA) pipelines
# 1,000 status requests and reads the ~9 MB of answers only 4 s later, more than the sockets
# hold: jhd's sends meet a full socket (GNUTLS_E_AGAIN, the same record offered again) and its
# reading stops and resumes (past 256 KiB unread); every answer arrives, whole, in order
{ printf '{"id":0,"op":"hello","role":"kiosk","device":"kiosk-1","token":"%s"}\n' "$KIOSK_TOKEN"
  for i in $(seq 1000); do echo "{\"id\":$i,\"op\":\"status\"}"; done; } |
	timeout 60 socat -t 50 - "OPENSSL:127.0.0.2:$TLS_PORT,cafile=$CA/ca.crt,verify=1,rcvbuf=8192" \
	2>"$T_TMP/ossl.err" |
	{ sleep 4; cat; } >"$T_TMP/ossl.out"
expect_eq "1,000 pipelined answers read late over TLS (OpenSSL): all ok, ids in order" \
	"$(jq -r 'select(.ok == true) | .id' "$T_TMP/ossl.out" 2>&1 | tr '\n' ' ')" \
	"$(seq -s ' ' 0 1000) "

# the certificate's end: logged at start, and warned of within 30 days
expect_match "jhd logs until when its certificate is valid" "$(cat "$JHD_LOG")" \
	"TLS on 127.0.0.2:0 \(port $TLS_PORT\), certificate .*jhd.crt valid until 20[0-9]{2}-"
expect_eq "a certificate far from its end raises no alert" "$(echo '{"op":"status"}' |
	as_local | jq -r '[.alerts[]? | select(.kind == "tls_cert_expiring")] | length')" 0
mkdir -p "$T_TMP/short"
"$JH_BIN/jhctl" ca issue --dir "$CA" --out short --server 127.0.0.2 --days 3 >/dev/null
"$JH_BIN/jhd" --db "$T_TMP/short/h.db" --tls-listen 127.0.0.2:0 --foreground \
	--tls-cert "$CA/short.crt" --tls-key "$CA/short.key" --unix "$T_TMP/short/s" \
	2>"$T_TMP/short/log" &
spid=$!
t_at_exit "kill $spid 2>/dev/null"
for _ in $(seq 100); do
	alerts=$(echo '{"op":"status"}' | jhcall --sock "$T_TMP/short/s" 2>/dev/null |
		jq -r '.alerts[]? | select(.kind == "tls_cert_expiring") | .message')
	[ -n "$alerts" ] && break
	sleep 0.1
done
kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null
expect_match "jhd warns of a certificate that ends within 30 days" "$(cat "$T_TMP/short/log")" \
	"warn: --tls-cert .*short.crt expires in [23] days .*jhctl ca issue --replace"
expect_match "and raises the alert tls_cert_expiring for supervisors" "$alerts" \
	"^jhd's TLS certificate ends on 20[0-9-]+ [0-9:]+ UTC: TLS clients will refuse it; jhctl ca issue --replace"

# plain TCP stays on loopback
ip=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9.]+$' | grep -v '^127\.' | head -1)
err=$(timeout 20 "$JH_BIN/jhd" --db "$T_TMP/p.db" --listen 0.0.0.0:0 --foreground 2>&1); rc=$?
expect_eq "jhd refuses plain TCP on 0.0.0.0 (exit 1)" "$rc" 1
expect_match "and says what to do" "$err" "not a loopback address.*--tls-listen.*--allow-plain"
err=$(timeout 20 "$JH_BIN/jhd" --db "$T_TMP/p.db" --tls-listen 127.0.0.2:0 --foreground 2>&1)
rc=$?
expect_eq "--tls-listen without a certificate is a usage error (exit 2)" "$rc:$err" \
	"2:jhd: --tls-listen needs --tls-cert FILE and --tls-key FILE (jhctl ca issue makes them)
see jhd --help"
if [ -z "$ip" ]; then
	not_ok "this machine has an address that is not loopback (hostname -I): none"
else
	"$JH_BIN/jhd" --db "$T_TMP/p.db" --listen "$ip:0" --allow-plain --port-file "$T_TMP/pport" \
		--foreground 2>"$T_TMP/p.log" &
	ppid=$!
	t_at_exit "kill $ppid 2>/dev/null"
	for _ in $(seq 200); do [ -s "$T_TMP/pport" ] && break; sleep 0.05; done
	pport=$(cat "$T_TMP/pport" 2>/dev/null)
	expect_match "with --allow-plain jhd listens on $ip" "$pport" '^[0-9]+$'
	err=$(echo '{"op":"ping"}' | jhcall --addr "$ip:$pport" --role kiosk --device k \
		--token t 2>&1); rc=$?
	expect_eq "a client does not send credentials in the clear to $ip (exit 1)" "$rc" 1
	expect_match "and says why" "$err" "not a loopback address.*JH_ALLOW_PLAIN=1"
	out=$(echo '{"op":"ping"}' | JH_ALLOW_PLAIN=1 jhcall --addr "$ip:$pport" --role kiosk \
		--device k --token t --field ok 2>&1)
	expect_eq "JH_ALLOW_PLAIN=1 lets it (the server refuses the unknown device)" "$out" \
		"jhcall: $ip:$pport: unknown device, wrong token or role (unauthenticated)"
	# jhweb without a CA does not pass a supervisor's password on to that jhd either
	rm -f "$T_TMP/web.port"
	"$JH_BIN/jhweb" --listen 127.0.0.1:0 --port-file "$T_TMP/web.port" --server "$ip:$pport" \
		--device monitor-1 --token "$MONITOR_TOKEN" >/dev/null 2>"$T_TMP/web-far.log" &
	wpid=$!
	for _ in $(seq 200); do [ -s "$T_TMP/web.port" ] && break; sleep 0.05; done
	code=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' \
		--data 'user=bob&password=pw-bob' "http://127.0.0.1:$(cat "$T_TMP/web.port")/login")
	kill "$wpid" 2>/dev/null
	wait "$wpid" 2>/dev/null
	expect_match "jhweb without a CA refuses to send a password to $ip (5xx)" "$code" '^5[0-9][0-9]$'
	expect_match "and logs why" "$(cat "$T_TMP/web-far.log")" \
		"sign-in of bob: jhd at $ip:$pport is not on loopback and no hall CA"
	kill "$ppid" 2>/dev/null
	wait "$ppid" 2>/dev/null
fi
t_finish
