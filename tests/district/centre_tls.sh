#!/bin/bash
# centre_tls.sh — a centre's link to the district over TLS ([district] ca, server_name,
# allow_plain; docs/DISTRICT.md): centre 2's jhd reaches jhdistrict's --tls-listen port through
# a recording proxy (socat -r/-R, as tests/server/tls.sh); its hall is published, a booking
# reaches it and the kiosk's check-in goes up through the outbox, 100 bookings made while jhd is
# killed come over after its restart (one answer over 16 KB), and the recording holds no
# centre token, no ID hash, no booking code and no JSON (the same proxy over plain TCP does
# record a centre's token). Another CA, or a certificate naming another address, is refused
# with the reason in jhd's log and jhd's alert district_link; plain TCP to an address off
# loopback is refused the same way unless allow_plain = yes; a good hall file clears the alert.
source "$(dirname "$0")/common.bash"

pg_start
dist_halls
"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "$T_TMP/c1.ini" "$T_TMP/c3.ini" >/dev/null 2>&1 ||
	{ not_ok "import"; t_finish; }
dist_ca
# plain on every address (the non-loopback refusal below needs one), TLS on 127.0.0.1
rm -f "$T_TMP/tport"
dist_start --listen 0.0.0.0:0 --allow-plain --tls-listen 127.0.0.1:0 --tls-cert "$CA/jhd.crt" \
	--tls-key "$CA/jhd.key" --tls-port-file "$T_TMP/tport"
TLS_PORT=$(cat "$T_TMP/tport" 2>/dev/null)
PLAIN_PORT=${DIST_ADDR##*:}

source "$JH_TOP/tests/lib/proxy.bash"
wait_for() {	# SECONDS CMD...: poll CMD every 50 ms until it succeeds
	local i
	for i in $(seq 1 $(($1 * 20))); do "${@:2}" && return 0; sleep 0.05; done
	return 1
}
# hall C2 EXTRA-LINES...: centre 2's hall file, its [district] section with server = and the
# extra lines
hall() {
	local server=$1; shift
	{ dist_hall C2 "Centre Two" 31.20 121.47 "$server"; printf '%s\n' "$@"; } >"$T_TMP/c2.ini"
}
alert() {	# jhd's alert district_link: its message, or nothing
	q as_super alerts '{"op":"status"}' | jq -r '.[] | select(.kind == "district_link") | .message'
}
logged() { grep -c -F -- "$1" "$JHD_LOG"; }
logged_over() { [ "$(logged "$1")" -gt "$2" ]; }	# TEXT N: logged more than N times

record link "127.0.0.1:$TLS_PORT" fork || { not_ok "a recording proxy listens"; t_finish; }
t_at_exit "kill $PROXY_PID 2>/dev/null"
hall "$PROXY" "ca = $CA/ca.crt" "server_name = 127.0.0.1"
mkdir -p "$T_TMP/jhd"
install -m 600 "$T_TMP/jiaohao-id.key" "$T_TMP/jhd/jiaohao-id.key"
proto_setup "$T_TMP/c2.ini" --test-clock "$(TZ=Asia/Shanghai date -d 'tomorrow' +%Y-%m-%dT07:30:00+08:00)"
c2_published() { [ "$(dq centres '{"op":"availability","service":"B","centre":"C2"}' | jq length)" = 1 ]; }
wait_for 10 c2_published
check "over TLS through the proxy, jhd publishes centre 2's hall" c2_published
check "jhd logs the link as TLS" wait_for 5 grep -q "connected as centre C2 (TLS)" "$JHD_LOG"
slot=$(dq slots.0.start '{"op":"slots","centre":"C2","service":"B","date":"'"$(TZ=Asia/Shanghai date -d tomorrow +%Y-%m-%d)"'"}')
clock_to "$(date -d "$slot" +%Y-%m-%dT%H:%M:%S%z | sed 's/\(..\)$/:\1/')"
in_centre() {	# CODE [STATE]
	q as_super appointments '{"op":"appointments"}' |
		jq -e --arg c "$1" --arg s "${2:-}" 'map(select(.code == $c and ($s == "" or .state == $s))) | length == 1' >/dev/null
}
not_in_centre() { ! in_centre "$@"; }
k1=$(dist_book 1 C2 B "$slot")
check "a booking made at the district reaches centre 2 over TLS" wait_for 5 in_centre "$k1"
expect_eq "the kiosk checks it in by ID number" \
	"$(q as_kiosk appointment.code '{"op":"checkin","id_number":"'"$(idn 1)"'"}')" "$k1"
state() { [ "$(psql_q "SELECT state FROM bookings WHERE code = '$1'")" = "$2" ]; }
check "the check-in reaches the district through the outbox over TLS" wait_for 10 state "$k1" checked_in
# the check-in's ticket (a ticket event, sent after the check-in's event) may still be on the way
outbox_empty() { [ "$(sqlite3 "$JHD_DB" "SELECT count(*) FROM district_outbox WHERE sent_at IS NULL")" = 0 ]; }
check "and the outbox has no event left" wait_for 5 outbox_empty
expect_eq "no district_link alert while the link is good" "$(alert)" ""

# 100 bookings while jhd is killed: after its restart they come in one changes answer of over
# 16 KB (several TLS records)
jhd_kill9
for i in $(seq 0 99); do
	svc=$(echo B C D E | cut -d' ' -f$((i % 4 + 1)))
	s=$(first_slot C2 "$svc" $((i / 4 + 1)))
	printf '%s\n' '{"op":"book","centre":"C2","service":"'"$svc"'","start":"'"$s"'","id_number":"'"$(idn $((100 + i)))"'"}'
done | "$JH_BIN/jhcall" --addr "$DIST_ADDR" "${FE[@]}" --raw >"$T_TMP/bulk.ans" 2>&1
expect_eq "100 more bookings at C2 while its jhd is down" "$(grep -c '"booking":' "$T_TMP/bulk.ans")" 100
jhd_restart || { not_ok "jhd restarts"; t_finish; }
copied() {
	[ "$(sqlite3 "$JHD_DB" "SELECT count(*) FROM appointments WHERE booked_by = 'district'")" = \
		"$(psql_q "SELECT count(*) FROM bookings WHERE centre = 'C2'")" ]
}
check "after kill -9 and a restart, jhd copies all 101 over TLS" wait_for 15 copied
expect_match "... the 100 new ones in one changes answer (over 16 KB: several TLS records)" \
	"$(grep "booking changes copied" "$JHD_LOG")" "district: 100 booking changes copied"
hash=$(psql_q "SELECT id_hash FROM bookings WHERE code = '$k1'")
cat "$T_TMP/link.up" "$T_TMP/link.down" >"$T_TMP/link.rec" 2>/dev/null
expect_match "the proxy recorded the centre's TLS link (over 2 KB)" \
	"$(stat -c %s "$T_TMP/link.rec" 2>&1)" '^[0-9]{4,}$'
expect_eq "its first byte is a TLS handshake record (0x16)" \
	"$(head -c1 "$T_TMP/link.up" 2>/dev/null | od -An -tx1 | tr -d ' ')" 16
expect_eq "the recording holds no centre token" "$(has "$T_TMP/link.rec" "$(tok C2)")" 0
expect_match "the ID hash is known (64 hex)" "$hash" '^[0-9a-f]{64}$'
expect_eq "the recording holds no ID hash" "$(has "$T_TMP/link.rec" "$hash")" 0
leaked=0
for h in $(psql_q "SELECT id_hash FROM bookings WHERE centre = 'C2'"); do
	leaked=$((leaked + $(has "$T_TMP/link.rec" "$h")))
done
expect_eq "nor any of the 101 bookings' ID hashes" "$leaked" 0
expect_eq "nor the booking's code" "$(has "$T_TMP/link.rec" "$k1")" 0
expect_eq "nor JSON (\"op\")" "$(has "$T_TMP/link.rec" '"op"')" 0
kill "$PROXY_PID" 2>/dev/null
wait "$PROXY_PID" 2>/dev/null
# the control: the same proxy on jhdistrict's plain port records a centre's sign-in
record plain "127.0.0.1:$PLAIN_PORT" fork || { not_ok "a second recording proxy listens"; t_finish; }
printf '%s\n' '{"op":"changes","since":0}' | "$JH_BIN/jhcall" --addr "$PROXY" --role centre \
	--device C2 --token "$(tok C2)" >/dev/null 2>&1
kill "$PROXY_PID" 2>/dev/null
wait "$PROXY_PID" 2>/dev/null
expect_eq "the control: over plain TCP the same proxy records the centre's token" \
	"$(has "$T_TMP/plain.up" "$(tok C2)")" 1

# refusals, each with its reason in the log and the alert
record link2 "127.0.0.1:$TLS_PORT" fork || { not_ok "a recording proxy listens"; t_finish; }
t_at_exit "kill $PROXY_PID 2>/dev/null"
n0=$(logged "certificate is refused")
hall "$PROXY" "ca = $T_TMP/other/ca.crt" "server_name = 127.0.0.1"
jhctl import "$T_TMP/c2.ini" >/dev/null
check "another CA: jhd's log says the district's certificate is refused" \
	wait_for 10 logged_over "certificate is refused for 127.0.0.1" "$n0"
expect_match "... and jhd raises the alert district_link with the reason" "$(alert)" \
	"certificate is refused for 127.0.0.1 \(hall CA\).*issuer is unknown"
k2=$(dist_book 2 C2 C "$slot")
sleep 1
check "... and no booking reaches the centre over the refused link" not_in_centre "$k2"
hall "$PROXY" "ca = $CA/ca.crt"
jhctl import "$T_TMP/c2.ini" >/dev/null
check "without server_name, a certificate that does not name the proxy's 127.0.0.3 is refused" \
	wait_for 10 grep -q "certificate is refused for 127.0.0.3" "$JHD_LOG"
hall "$PROXY" "ca = $T_TMP/no-such-ca.crt"
jhctl import "$T_TMP/c2.ini" >/dev/null
check "a CA file that cannot be read: said in the log" \
	wait_for 10 grep -q "hall CA $T_TMP/no-such-ca.crt" "$JHD_LOG"
expect_match "... and in the alert" "$(alert)" "no-such-ca.crt"

# plain TCP off loopback
ADDR=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -v -e '^127\.' -e ':' | head -1)
expect_match "this machine has an address off loopback (for the plain-TCP rule)" "$ADDR" \
	'^[0-9.]+$'
hall "$ADDR:$PLAIN_PORT"
jhctl import "$T_TMP/c2.ini" >/dev/null
check "plain TCP to $ADDR (not loopback) without allow_plain: refused in the log" \
	wait_for 10 grep -q "district $ADDR:$PLAIN_PORT: not a loopback address" "$JHD_LOG"
expect_match "... and in the alert" "$(alert)" "not a loopback address.*allow_plain = yes"
check "... and the booking still does not reach the centre" not_in_centre "$k2"
hall "$ADDR:$PLAIN_PORT" "allow_plain = yes"
jhctl import "$T_TMP/c2.ini" >/dev/null
check "with allow_plain = yes the plain link to $ADDR comes up" \
	wait_for 10 grep -q "district $ADDR:$PLAIN_PORT: connected as centre C2$" "$JHD_LOG"
check "... the waiting booking reaches the centre" wait_for 5 in_centre "$k2"
expect_eq "... and the alert is cleared" "$(alert)" ""
hall "$PROXY" "ca = $CA/ca.crt" "server_name = 127.0.0.1" "allow_plain = no"
jhctl import "$T_TMP/c2.ini" >/dev/null
check "back on TLS (allow_plain = no has no say over TLS)" \
	wait_for 10 logged_over "connected as centre C2 (TLS)" 1
t_finish
