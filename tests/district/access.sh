#!/bin/bash
# access.sh — who may send the citizens' ops and stats to jhdistrict (docs/DISTRICT.md,
# "Access"): only a connection signed in as a front end (hello role frontend, device NAME, the
# token of NAME's line in --frontend-tokens). Each op family unsigned is refused
# unauthenticated; a centre's connection may not send them, nor may its token sign in as a
# front end unless the operator gave it a front-end line; a wrong token or an unknown name
# is refused at hello; a bad --frontend-tokens file stops jhdistrict; jhweb without
# --district-token cannot book, with it it can.
source "$(dirname "$0")/common.bash"

dist_district
# C3's code and token also as a front end's line: an operator's choice, allowed
for c in C1 C2 C3; do echo "$c $(tok $c)"; done >"$T_TMP/centres.tokens"
printf '%s\n' "# front ends" "tests $FE_TOKEN" "C3 $(tok C3)" >"$T_TMP/frontends.tokens.all"
dist_start --frontend-tokens "$T_TMP/frontends.tokens.all"	# the last one given counts

slot=$(first_slot C2 B 0)
expect_match "signed in as a front end, slots are answered" "$slot" '^20[0-9-]+T'
ID=$(idn 1)
# the op families, one request each
ops=(
	'{"op":"centres"}'
	'{"op":"availability","service":"B"}'
	'{"op":"slots","centre":"C2","service":"B"}'
	'{"op":"book","centre":"C2","service":"B","start":"'"$slot"'","id_number":"'"$ID"'"}'
	'{"op":"cancel","code":"ABCDEFGH","id_number":"'"$ID"'"}'
	'{"op":"my_bookings","id_number":"'"$ID"'"}'
	'{"op":"stats","from":"2026-01-01","to":"2026-12-31"}'
)
# codes ARGS...: each op on one connection with the jhcall sign-in ARGS; their error codes
# (or ok), one line
codes() {
	printf '%s\n' "${ops[@]}" | "$JH_BIN/jhcall" --addr "$DIST_ADDR" --raw "$@" 2>&1 |
		jq -r 'select(.id != "hello") | if .ok then "ok" else .error.code end' | tr '\n' ' '
}
U7="unauthenticated unauthenticated unauthenticated unauthenticated unauthenticated unauthenticated unauthenticated "
expect_eq "unsigned: centres, availability, slots, book, cancel, my_bookings, stats refused" \
	"$(codes)" "$U7"
expect_eq "... and the refused book took no place" \
	"$(psql_q "SELECT count(*) FROM bookings")" 0
expect_eq "signed in as centre C1: the same ops refused" \
	"$(codes --role centre --device C1 --token "$(tok C1)")" "$U7"
expect_match "... saying a centre's connection may not send them" \
	"$(printf '%s\n' '{"op":"centres"}' | "$JH_BIN/jhcall" --addr "$DIST_ADDR" --role centre \
	--device C1 --token "$(tok C1)" 2>&1)" "a centre's connection may not send it"
expect_match "C1's code and token as a front end: refused at hello (no front-end line)" \
	"$(printf '%s\n' '{"op":"centres"}' | "$JH_BIN/jhcall" --addr "$DIST_ADDR" --role frontend \
	--device C1 --token "$(tok C1)" 2>&1)" 'unknown front end or wrong token \(unauthenticated\)'
expect_match "a wrong front-end token: refused at hello" \
	"$(printf '%s\n' '{"op":"centres"}' | "$JH_BIN/jhcall" --addr "$DIST_ADDR" --role frontend \
	--device tests --token wrong-token-0123456789abc 2>&1)" 'unauthenticated'
expect_match "an unknown front end: refused at hello" \
	"$(printf '%s\n' '{"op":"centres"}' | "$JH_BIN/jhcall" --addr "$DIST_ADDR" --role frontend \
	--device nobody --token "$FE_TOKEN" 2>&1)" 'unauthenticated'
expect_eq "a refused hello leaves the connection unsigned (raw: hello, then centres)" \
	"$(printf '%s\n' '{"id":1,"op":"hello","role":"frontend","device":"tests","token":"nope-0123456789abcdef"}' \
	'{"id":2,"op":"centres"}' | "$JH_BIN/jhcall" --addr "$DIST_ADDR" --raw 2>&1 |
	jq -r '.error.code' | tr '\n' ' ')" "unauthenticated unauthenticated "
got=$(codes "${FE[@]}")
expect_match "signed in as the front end: every op answered (cancel of no booking: not_found)" \
	"$got" '^ok ok ok ok not_found ok ok $'
expect_eq "... the booking is in PostgreSQL" "$(psql_q "SELECT count(*) FROM bookings")" 1
expect_eq "C3's token given a front-end line by the operator: signed in as front end C3" \
	"$(printf '%s\n' '{"op":"centres"}' | "$JH_BIN/jhcall" --addr "$DIST_ADDR" --role frontend \
	--device C3 --token "$(tok C3)" --field centres 2>&1 | jq length)" 3
expect_eq "ping and hello stay open to anyone" \
	"$(printf '%s\n' '{"op":"ping"}' | "$JH_BIN/jhcall" --addr "$DIST_ADDR" --field ok 2>&1)" true
expect_match "jhdistrict logs the refused front end's sign-in" "$(cat "$T_TMP/jhdistrict.log")" \
	"a frontend's sign-in refused"

# a bad --frontend-tokens file stops jhdistrict with the line
echo "tests short" >"$T_TMP/bad.tokens"
err=$(timeout 20 "$JH_BIN/jhdistrict" --db "$PG_CONNINFO" --key-dir "$T_TMP" --listen 127.0.0.1:0 \
	--frontend-tokens "$T_TMP/bad.tokens" 2>&1 >/dev/null); rc=$?
expect_eq "a --frontend-tokens line with a short token stops jhdistrict (exit 1)" "$rc" 1
expect_match "... naming the file and line" "$err" "bad.tokens: line 1: expected NAME TOKEN"

# jhweb: without --district-token its API cannot book; with it, it can
KEY=ak-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
echo "app $KEY" >"$T_TMP/keys"
chmod 600 "$T_TMP/keys"
# web NAME ARGS...: jhweb on a free port (its URL in WEB_URL, pid WEB_PID)
web() {
	local name=$1 i; shift
	rm -f "$T_TMP/$name.port"
	"$JH_BIN/jhweb" --listen 127.0.0.1:0 --port-file "$T_TMP/$name.port" \
		--server "$T_TMP/no-jhd.sock" --district "$DIST_ADDR" --channel-keys "$T_TMP/keys" \
		"$@" 2>>"$T_TMP/$name.log" &
	WEB_PID=$!
	t_at_exit "kill -KILL $WEB_PID 2>/dev/null"
	for i in $(seq 1 200); do [ -s "$T_TMP/$name.port" ] && break; sleep 0.05; done
	WEB_URL=http://127.0.0.1:$(cat "$T_TMP/$name.port" 2>/dev/null)
}
api() { curl -s -m 20 -H 'Content-Type: application/json' -H "Authorization: Bearer $KEY" \
	--data "$2" "$WEB_URL/api/v1/$1"; }
book2='{"centre":"C1","service":"B","start":"'"$(first_slot C1 B 0)"'","id_number":"'"$(idn 2)"'"}'
web unsigned
a=$(api book "$book2")
expect_eq "jhweb without --district-token: its API books nothing" \
	"$(psql_q "SELECT count(*) FROM bookings WHERE centre = 'C1'")" 0
expect_match "... and answers an error, not a booking" "$a" '"error"'
expect_match "... and its log says why" "$(cat "$T_TMP/unsigned.log")" "without --district-token"
kill $WEB_PID 2>/dev/null
wait $WEB_PID 2>/dev/null
web signed --district-token "$T_TMP/frontends.tokens"
code=$(api book "$book2" | jq -r '.booking.code // empty' 2>/dev/null)
expect_eq "jhweb --district-token FILE (the line 'tests TOKEN'): its API books" \
	"$(psql_q "SELECT count(*) FROM bookings WHERE code = '${code:-none}'")" 1
kill $WEB_PID 2>/dev/null
wait $WEB_PID 2>/dev/null
echo "nothing-here" >"$T_TMP/bad.line"
err=$("$JH_BIN/jhweb" --listen 127.0.0.1:0 --server "$T_TMP/no-jhd.sock" --district "$DIST_ADDR" \
	--district-token "$T_TMP/bad.line" 2>&1); rc=$?
expect_eq "jhweb --district-token FILE without a NAME TOKEN line does not start (exit 1)" "$rc" 1
expect_match "... saying what the file needs" "$err" 'not a line "NAME TOKEN"'
t_finish
