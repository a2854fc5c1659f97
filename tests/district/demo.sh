#!/bin/bash
# demo.sh — `make demo-district` (scripts/demo-district.sh) on a private folder and free ports:
# it starts a PostgreSQL, jhdistrict and two centres' jhd; both centres publish their halls to
# the district (over TLS), C2 is nearer a point beside it, a booking at the district reaches centre C2's
# SQLite copy, and `scripts/demo-district.sh stop` stops every process it started.
source "$(dirname "$0")/common.bash"

chmod 711 "$T_TMP"	# the cluster runs as nobody when the tests run as root
export JH_DEMO_DIR=$T_TMP/dd JH_DEMO_DISTRICT_PORT=0 JH_DEMO_CENTRE_PORT=0 JH_DEMO_PG_PORT=0 JH_DEMO_WEB_PORT=0
t_at_exit "sh '$JH_TOP/scripts/demo-district.sh' stop >/dev/null 2>&1"
out=$(sh "$JH_TOP/scripts/demo-district.sh" </dev/null 2>&1); rc=$?
expect_eq "the district demo starts (exit 0)" "$rc" 0
expect_match "and says where the district is" "$out" 'jhdistrict 127\.0\.0\.1:[0-9]+'
if [ "$rc" != 0 ]; then
	printf '%s\n' "$out" | tail -5 | sed 's/^/# /'
	t_finish
fi
DIST_ADDR=127.0.0.1:$(cat "$JH_DEMO_DIR/district.port")
# the demo's front-end token, in the line jhweb --district-token reads
FE=(--role frontend --device demo --token "$(awk '{print $2}' "$JH_DEMO_DIR/frontends.tokens")")
expect_match "the demo's jhdistrict refuses the citizens' ops without a front end's sign-in" \
	"$(printf '%s\n' '{"op":"centres"}' | "$JH_BIN/jhcall" --addr "$DIST_ADDR" 2>&1)" \
	'"code":"unauthenticated"'
expect_eq "both centres are published at the district" \
	"$(dq centres '{"op":"centres"}' | jq -r '[.[].code] | join(",")')" "C1,C2"
expect_eq "availability from beside C2: C2 first" \
	"$(dq centres '{"op":"availability","service":"B","lat":31.21,"lon":121.47}' | jq -r '[.[].code] | join(",")')" \
	"C2,C1"
slot=$(dq slots.0.start '{"op":"slots","centre":"C2","service":"B"}')
code=$(dist_book 1 C2 B "$slot")
expect_match "a booking at C2" "$code" '^[2-9A-HJ-NP-Z]{8}$'
in_c2() {
	[ "$(sqlite3 "$JH_DEMO_DIR/C2/hall.db" "SELECT state FROM appointments WHERE code = '$code'")" = booked ]
}
for _ in $(seq 100); do in_c2 && break; sleep 0.05; done
check "the booking reaches centre C2's jhd" in_c2
expect_eq "both centres' links to the district are TLS (their jhd logs)" \
	"$(cat "$JH_DEMO_DIR/log/jhd-C1.log" "$JH_DEMO_DIR/log/jhd-C2.log" |
	grep -c 'connected as centre C[12] (TLS)')" 2
expect_eq "and not centre C1's" \
	"$(sqlite3 "$JH_DEMO_DIR/C1/hall.db" "SELECT count(*) FROM appointments WHERE code = '$code'")" 0
# the citizens' side: jhweb's booking pages on the demo's district
WURL=http://127.0.0.1:$(cat "$JH_DEMO_DIR/web.port")
expect_match "the demo says where to book in a browser" "$out" "book in a browser: $WURL/book"
expect_eq "its centres page for service B from beside C2 lists C2, then C1" \
	"$(curl -s "$WURL/book/centres?service=B&lat=31.21&lon=121.47" | grep -o 'Centre C[12]' | uniq | paste -sd,)" \
	"Centre C2,Centre C1"
pids=$(cat "$JH_DEMO_DIR"/pids/*)
pgpid=$(head -1 "$JH_DEMO_DIR/pg/data/postmaster.pid")
out=$(sh "$JH_TOP/scripts/demo-district.sh" stop 2>&1)
expect_match "stop says so" "$out" 'district demo stopped'
alive=""
for p in $pids $pgpid; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
expect_eq "every process it started is gone" "$alive" ""
t_finish
