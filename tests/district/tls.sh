#!/bin/bash
# tls.sh — jhdistrict on the hall network: plain TCP off loopback refused unless --allow-plain;
# --tls-listen with a certificate from jhctl ca issue; jhcall with the hall CA asks and books
# over TLS, with another CA or without one it is refused; jhweb's district link (--district
# HOST:PORT --district-ca FILE) books through the JSON API over TLS, while jhweb --ca (jhd's
# link) alone leaves a loopback plain district link as it was.
source "$(dirname "$0")/common.bash"

dist_district
dist_ca
for c in C1 C2 C3; do echo "$c $(tok $c)"; done >"$T_TMP/centres.tokens"
echo "tests $FE_TOKEN" >"$T_TMP/frontends.tokens"

# run_dist ARGS...: jhdistrict that must not start; "EXIT-CODE STDERR"
run_dist() {
	local err rc
	err=$(timeout 20 "$JH_BIN/jhdistrict" --db "$PG_CONNINFO" --key-dir "$T_TMP" \
		--port-file "$T_TMP/refused.port" "$@" 2>&1 >/dev/null); rc=$?
	printf '%s %s' "$rc" "$err"
}
# 1. plain TCP off loopback
out=$(run_dist --listen 0.0.0.0:0)
expect_match "--listen 0.0.0.0:0 without --allow-plain is refused (exit 1)" "$out" '^1 '
expect_match "... saying why and what to use" "$out" \
	"--listen 0.0.0.0:0: not a loopback address.*--tls-listen.*--allow-plain"
expect_eq "... and it never listened (no port file)" "$(ls "$T_TMP/refused.port" 2>&1 >/dev/null |
	grep -c 'No such file')" 1
out=$(run_dist --tls-listen 127.0.0.1:0)
expect_match "--tls-listen without --tls-cert/--tls-key is a usage error (exit 2)" "$out" \
	'^2 .*--tls-listen needs --tls-cert FILE and --tls-key FILE'
out=$(run_dist --tls-cert "$CA/jhd.crt")
expect_match "--tls-cert without --tls-listen is a usage error (exit 2)" "$out" \
	'^2 .*go with --tls-listen'
out=$(run_dist --tls-listen 127.0.0.1:0 --tls-cert "$CA/ca.key" --tls-key "$CA/jhd.key")
expect_match "a file that is no certificate is refused (exit 1)" "$out" '^1 .*ca.key'

# 2. --allow-plain: plain TCP on every address, by name
"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" --key-dir "$T_TMP" --listen 0.0.0.0:0 --allow-plain \
	--port-file "$T_TMP/any.port" --centre-tokens "$T_TMP/centres.tokens" \
	--frontend-tokens "$T_TMP/frontends.tokens" \
	2>>"$T_TMP/any.log" &
ANY_PID=$!
t_at_exit 'kill -KILL $ANY_PID 2>/dev/null'
for i in $(seq 1 200); do [ -s "$T_TMP/any.port" ] && break; sleep 0.05; done
expect_eq "--listen 0.0.0.0:0 --allow-plain listens and answers" \
	"$(printf '%s\n' '{"op":"centres"}' | JH_ALLOW_PLAIN=1 "$JH_BIN/jhcall" "${FE[@]}" \
	--addr "127.0.0.1:$(cat "$T_TMP/any.port" 2>/dev/null)" --field centres 2>&1 | jq length)" 3
kill -KILL $ANY_PID 2>/dev/null
wait $ANY_PID 2>/dev/null

# 3. TLS: plain on loopback (the harness's), TLS on 127.0.0.1 too
rm -f "$T_TMP/tport"
dist_start --tls-listen 127.0.0.1:0 --tls-cert "$CA/jhd.crt" --tls-key "$CA/jhd.key" \
	--tls-port-file "$T_TMP/tport"
TLS_PORT=$(cat "$T_TMP/tport" 2>/dev/null)
expect_match "jhdistrict writes its TLS port" "$TLS_PORT" '^[0-9]+$'
expect_match "... and logs it" "$(cat "$T_TMP/jhdistrict.log")" "TLS port $TLS_PORT"
TLS_ADDR=127.0.0.1:$TLS_PORT
# tq FIELD JSON [jhcall args]: one request over TLS with the hall CA
tq() { printf '%s\n' "$2" | "$JH_BIN/jhcall" --addr "$TLS_ADDR" --ca "$CA/ca.crt" "${FE[@]}" --field "$1" \
	"${@:3}"; }
expect_eq "with the hall CA, centres over TLS: the three centres" \
	"$(tq centres '{"op":"centres"}' | jq -r '[.[].code] | sort | join(",")')" "C1,C2,C3"
start=$(tq slots.0.start '{"op":"slots","centre":"C2","service":"B"}')
expect_match "with the hall CA, the slots over TLS" "$start" '^20[0-9-]+T'
code=$(tq booking.code '{"op":"book","centre":"C2","service":"B","start":"'"$start"'","id_number":"'"$(idn 1)"'","name":"Test","mobile":"13800000000"}' 2>&1)
expect_match "with the hall CA, a booking over TLS is answered with its code" "$code" '^[A-Z0-9-]+$'
expect_eq "... and PostgreSQL holds it" \
	"$(psql_q "SELECT centre || ' ' || state FROM bookings WHERE code = '$code'")" "C2 booked"
expect_eq "a centre signs in with its token over TLS" \
	"$(printf '%s\n' '{"op":"changes","since":0}' | "$JH_BIN/jhcall" --addr "$TLS_ADDR" \
	--ca "$CA/ca.crt" --role centre --device C2 --token "$(tok C2)" 2>&1 | jq -r '.ok')" true
err=$(printf '%s\n' '{"op":"centres"}' | "$JH_BIN/jhcall" "${FE[@]}" --addr "$TLS_ADDR" \
	--ca "$T_TMP/other/ca.crt" --timeout 5000 2>&1); rc=$?
expect_match "another CA's client is refused (non-zero exit, no answer)" "$rc:$err" \
	'^[1-9][0-9]*:.*'
expect_eq "... and got no centres" "$(grep -c '"centres"' <<<"$err")" 0
err=$(printf '%s\n' '{"op":"centres"}' | JH_ALLOW_PLAIN=1 "$JH_BIN/jhcall" "${FE[@]}" --addr "$TLS_ADDR" \
	--timeout 5000 2>&1); rc=$?
expect_match "plain TCP to the TLS port gets no answer" "$rc" '^[1-9]'
expect_eq "JH_CA alone makes jhcall use TLS to jhdistrict" \
	"$(printf '%s\n' '{"op":"centres"}' | JH_CA="$CA/ca.crt" "$JH_BIN/jhcall" "${FE[@]}" --addr "$TLS_ADDR" \
	--field centres | jq length)" 3

# 4. jhweb's district link over TLS (--district HOST:PORT --district-ca FILE), its JSON API
KEY=ak-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
echo "app $KEY" >"$T_TMP/keys"
chmod 600 "$T_TMP/keys"
"$JH_BIN/jhweb" --listen 127.0.0.1:0 --port-file "$T_TMP/web.port" --server "$T_TMP/no-jhd.sock" \
	--district "$TLS_ADDR" --district-ca "$CA/ca.crt" --channel-keys "$T_TMP/keys" --district-token "$T_TMP/frontends.tokens" --log debug \
	2>>"$T_TMP/jhweb.log" &
WEB_PID=$!
t_at_exit 'kill -KILL $WEB_PID 2>/dev/null'
for i in $(seq 1 200); do [ -s "$T_TMP/web.port" ] && break; sleep 0.05; done
WEB_URL=http://127.0.0.1:$(cat "$T_TMP/web.port" 2>/dev/null)
api() { curl -s -m 20 -H 'Content-Type: application/json' -H "Authorization: Bearer $KEY" \
	--data "$2" "$WEB_URL/api/v1/$1"; }
expect_eq "jhweb --district TLS-ADDR --district-ca FILE: the API's centres come over TLS" \
	"$(api centres '{}' | jq -r '[.centres[].code] | sort | join(",")' 2>&1)" "C1,C2,C3"
a=$(api book '{"centre":"C3","service":"B","start":"'"$(first_slot C3 B 0)"'","id_number":"'"$(idn 2)"'","name":"Web","mobile":"13800000002"}')
c2=$(jq -r '.booking.code // empty' <<<"$a" 2>/dev/null)
expect_eq "jhweb books over its TLS link, and PostgreSQL holds it (channel app)" \
	"$(psql_q "SELECT centre || ' ' || channel FROM bookings WHERE code = '${c2:-none}'")" "C3 app"
kill -KILL $WEB_PID 2>/dev/null
wait $WEB_PID 2>/dev/null
"$JH_BIN/jhweb" --listen 127.0.0.1:0 --port-file "$T_TMP/web2.port" --server "$T_TMP/no-jhd.sock" \
	--district "$TLS_ADDR" --district-ca "$T_TMP/other/ca.crt" --channel-keys "$T_TMP/keys" --district-token "$T_TMP/frontends.tokens" \
	2>>"$T_TMP/jhweb2.log" &
WEB_PID=$!
for i in $(seq 1 200); do [ -s "$T_TMP/web2.port" ] && break; sleep 0.05; done
WEB_URL=http://127.0.0.1:$(cat "$T_TMP/web2.port" 2>/dev/null)
a=$(api centres '{}')
expect_eq "jhweb with another CA gets no centres from the TLS jhdistrict" \
	"$(jq -r '.centres // [] | length' <<<"$a" 2>/dev/null || echo 0)" 0
expect_match "... and its log says the certificate was refused" "$(cat "$T_TMP/jhweb2.log")" \
	"jhdistrict: .*(certificate|verif|CA)"
kill -KILL $WEB_PID 2>/dev/null
wait $WEB_PID 2>/dev/null
# jhweb --ca is jhd's CA only: its plain loopback district link stays plain
"$JH_BIN/jhweb" --listen 127.0.0.1:0 --port-file "$T_TMP/web3.port" --server "$T_TMP/no-jhd.sock" \
	--ca "$CA/ca.crt" --district "$DIST_ADDR" --channel-keys "$T_TMP/keys" --district-token "$T_TMP/frontends.tokens" \
	2>>"$T_TMP/jhweb3.log" &
WEB_PID=$!
for i in $(seq 1 200); do [ -s "$T_TMP/web3.port" ] && break; sleep 0.05; done
WEB_URL=http://127.0.0.1:$(cat "$T_TMP/web3.port" 2>/dev/null)
expect_eq "jhweb --ca FILE --district PLAIN-LOOPBACK-ADDR still gets the centres (plain)" \
	"$(api centres '{}' | jq -r '[.centres[].code] | sort | join(",")' 2>&1)" "C1,C2,C3"
kill -KILL $WEB_PID 2>/dev/null
wait $WEB_PID 2>/dev/null
t_finish
