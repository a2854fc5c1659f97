#!/bin/bash
# tls.sh — TLS on the hall network (docs/PROTOCOL.md, "Security"): a hall CA made by jhctl, jhd
# with --tls-listen, clients with --ca. A recording proxy (socat -r/-R) between the clients and
# jhd keeps every byte: over TLS it holds no password, no token and no JSON; the same run over
# plain TCP holds all three (the proxy does record). A client with another CA, or facing a
# certificate for another address, is refused; jhd and the clients keep plain TCP on loopback.
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
	--tls-port-file "$T_TMP/tport"
TLS_PORT=$(cat "$T_TMP/tport" 2>/dev/null)
expect_match "jhd writes its TLS port" "$TLS_PORT" '^[0-9]+$'
PLAIN_PORT=${JHD_ADDR##*:}

# record NAME TARGET: a one-connection proxy on 127.0.0.3 to TARGET, recording both ways into
# $T_TMP/NAME.up and NAME.down; sets PROXY (its address). 1 when it cannot listen.
record() {
	local name=$1 target=$2 port i hex
	for i in $(seq 20); do
		port=$((20000 + RANDOM % 30000))
		rm -f "$T_TMP/$name.up" "$T_TMP/$name.down"
		socat -r "$T_TMP/$name.up" -R "$T_TMP/$name.down" \
			"TCP-LISTEN:$port,bind=127.0.0.3,reuseaddr" "TCP:$target" 2>/dev/null &
		local pid=$!
		t_at_exit "kill $pid 2>/dev/null"
		hex=$(printf '0300007F:%04X' "$port")
		for _ in $(seq 100); do
			if grep -q "$hex 00000000:0000 0A" /proc/net/tcp; then
				PROXY=127.0.0.3:$port
				return 0
			fi
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.02
		done
		kill "$pid" 2>/dev/null
	done
	return 1
}

# session MODE TARGET: a kiosk takes a ticket and alice calls it, each through a recording
# proxy; leaves the answers in $T_TMP/MODE.ticket and MODE.call and both recordings in MODE.rec
session() {
	local mode=$1 target=$2 ca=()
	[ "$mode" = tls ] && ca=(--ca "$CA/ca.crt")
	record "$mode-kiosk" "$target" || { echo "# no proxy" >&2; return 1; }
	echo '{"op":"take","service":"A"}' | jhcall --addr "$PROXY" "${ca[@]}" --role kiosk \
		--device kiosk-1 --token "$KIOSK_TOKEN" --field ticket.code >"$T_TMP/$mode.ticket"
	record "$mode-clerk" "$target" || return 1
	printf '%s\n' '{"op":"open"}' '{"op":"call_next"}' '{"op":"finish"}' |
		jhcall --addr "$PROXY" "${ca[@]}" --role clerk --user alice --password pw-alice \
		--window 1 --field ticket.code >"$T_TMP/$mode.call"
	sleep 0.2	# socat writes its dumps as it forwards; let it see the close
	cat "$T_TMP/$mode-kiosk.up" "$T_TMP/$mode-kiosk.down" "$T_TMP/$mode-clerk.up" \
		"$T_TMP/$mode-clerk.down" >"$T_TMP/$mode.rec" 2>/dev/null
}

# has FILE TEXT: 1 when the recording holds TEXT (bytes, not lines)
has() { if LC_ALL=C grep -q -a -F -- "$2" "$1"; then echo 1; else echo 0; fi; }

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

# a request line of 40,000 bytes (three records and more each way) is read whole and answered
long=$(head -c 30000 /dev/zero | tr '\0' 'x')
got=$(printf '{"id":"%s","op":"ping"}\n' "$long" | jhcall --addr "127.0.0.2:$TLS_PORT" \
	--ca "$CA/ca.crt" --role kiosk --device kiosk-1 --token "$KIOSK_TOKEN" | jq -r '.id | length')
expect_eq "a 30,000-byte id goes over TLS and comes back whole" "$got" 30000

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
	kill "$ppid" 2>/dev/null
	wait "$ppid" 2>/dev/null
fi
t_finish
