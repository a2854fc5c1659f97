#!/bin/sh
# demo-district.sh — a district demo (called by `make demo-district`): a private PostgreSQL 15
# cluster, jhdistrict on it, and two centres' jhd (the sample hall, each with a [district]
# section: C1 and C2, the fifth working day opening at 08:00), publishing their halls to the
# district and copying its bookings over TLS (a hall CA made by jhctl ca, the centres'
# [district] ca). No tmux: the programs run in the background, their logs
# in DIR/log. The single hall of `make demo` stays as it was, without PostgreSQL.
#   scripts/demo-district.sh        start (stops an earlier one first)
#   scripts/demo-district.sh stop   stop everything it started
# Settings:
#   JH_DEMO_DIR            where everything lives (/tmp/jiaohao-district-demo)
#   JH_DEMO_DISTRICT_PORT  jhdistrict's TCP port (7979; its TLS port: +1; 0 picks free ones)
#   JH_DEMO_CENTRE_PORT    the first centre's jhd port (7881; the second: +1; 0: free ones)
#   JH_DEMO_PG_PORT        PostgreSQL's port (54329; 0: a free one)
#   JH_DEMO_WEB_PORT       jhweb's port for the citizens' booking pages (8090; 0: a free one)
# PostgreSQL refuses to run as root: as root, the cluster runs as user nobody.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. "$top/scripts/demo-pids.sh"
D=${JH_DEMO_DIR:-/tmp/jiaohao-district-demo}
DPORT=${JH_DEMO_DISTRICT_PORT:-7979}
CPORT=${JH_DEMO_CENTRE_PORT:-7881}
PGPORT=${JH_DEMO_PG_PORT:-54329}
WPORT=${JH_DEMO_WEB_PORT:-8090}
PG_BIN=/usr/lib/postgresql/15/bin
AS_PG=""
[ "$(id -u)" = 0 ] && AS_PG="runuser -u nobody --"

stop() {
	if [ -f "$D/pg/data/postmaster.pid" ]; then
		$AS_PG "$PG_BIN/pg_ctl" -D "$D/pg/data" -m fast -w stop >/dev/null 2>&1 || true
	fi
	stop_pids "$D"
}

fail() {
	echo "demo-district: $1; see $D/log" >&2
	stop
	exit 1
}

# wait_file FILE PIDFILE: up to 10 s for FILE, while the process lives
wait_file() {
	for _ in $(seq 100); do
		[ -s "$1" ] && return 0
		kill -0 "$(cat "$2")" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

if [ "${1:-}" = stop ]; then
	stop
	echo "district demo stopped (files kept in $D)"
	exit 0
fi
for p in jhd jhctl jhcall jhdistrict; do
	[ -x "bin/$p" ] || { echo "demo-district: bin/$p is missing: run 'make' first" >&2; exit 1; }
done
for p in initdb pg_ctl postgres; do
	[ -x "$PG_BIN/$p" ] || { echo "demo-district: $PG_BIN/$p is missing: scripts/deps.sh" \
		"installs postgresql-15" >&2; exit 1; }
done

stop
rm -rf "$D"
mkdir -p "$D/pids" "$D/log" "$D/pg"
chmod 711 "$D"

# 1. PostgreSQL, private to the demo
[ -n "$AS_PG" ] && chown nobody "$D/pg"
[ "$PGPORT" = 0 ] && PGPORT=$(free_port)
$AS_PG "$PG_BIN/initdb" -D "$D/pg/data" -A trust -U jh -E UTF8 --no-sync >"$D/log/initdb.log" 2>&1 ||
	fail "initdb failed"
$AS_PG "$PG_BIN/pg_ctl" -D "$D/pg/data" -l "$D/pg/log" -w -t 30 \
	-o "-p $PGPORT -k $D/pg -c listen_addresses=127.0.0.1" start >/dev/null ||
	fail "PostgreSQL did not start (port $PGPORT in use?)"
DB="host=127.0.0.1 port=$PGPORT user=jh dbname=postgres"

# 2. jhdistrict, with a token per centre and one for the front end (jhweb, or jhcall here)
for c in C1 C2; do
	echo "$c $(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
done >"$D/centres.tokens"
echo "demo $(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')" >"$D/frontends.tokens"
chmod 600 "$D/centres.tokens" "$D/frontends.tokens"
FE_TOKEN=$(awk '{print $2}' "$D/frontends.tokens")
# the hall CA and jhdistrict's certificate: the centres' link goes over TLS
mkdir -p "$D/ca"
bin/jhctl ca init --dir "$D/ca" >"$D/log/ca.txt" 2>&1 &&
	bin/jhctl ca issue --dir "$D/ca" --server 127.0.0.1 >>"$D/log/ca.txt" 2>&1 ||
	fail "jhctl ca init/issue failed"
TPORT=0
[ "$DPORT" != 0 ] && TPORT=$((DPORT + 1))
bin/jhdistrict --db "$DB" --listen "127.0.0.1:$DPORT" --port-file "$D/district.port" \
	--tls-listen "127.0.0.1:$TPORT" --tls-cert "$D/ca/jhd.crt" --tls-key "$D/ca/jhd.key" \
	--tls-port-file "$D/district.tport" \
	--key-dir "$D" --centre-tokens "$D/centres.tokens" \
	--frontend-tokens "$D/frontends.tokens" >"$D/log/jhdistrict.out" \
	2>"$D/log/jhdistrict.log" &
echo $! >"$D/pids/jhdistrict"
wait_file "$D/district.port" "$D/pids/jhdistrict" || fail "jhdistrict did not start"
DADDR=127.0.0.1:$(cat "$D/district.port")
TADDR=127.0.0.1:$(cat "$D/district.tport")

# 3. two centres: the sample hall with a [district] section each, the district's ID key
i=0
for c in C1 C2; do
	i=$((i + 1))
	mkdir -p "$D/$c"
	install -m 600 "$D/jiaohao-id.key" "$D/$c/jiaohao-id.key"
	{
		cat server/examples/district.ini
		printf '\n[district]\nserver = %s\nca = %s\ncentre = %s\ntoken = %s\n' "$TADDR" \
			"$D/ca/ca.crt" "$c" \
			"$(awk -v c="$c" '$1 == c {print $2}' "$D/centres.tokens")"
		printf 'name = Centre %s\naddress = %s street %d\n' "$c" "$c" "$i"
		printf 'lat = %s\nlon = 121.47\nrelease = 08:00\n' "$([ $c = C1 ] && echo 31.30 || echo 31.20)"
	} >"$D/$c/hall.ini"
	port=0
	[ "$CPORT" != 0 ] && port=$((CPORT + i - 1))
	bin/jhd --foreground --db "$D/$c/hall.db" --listen "127.0.0.1:$port" \
		--port-file "$D/$c/port" --unix "$D/$c/jhd.sock" --min-password 4 \
		>"$D/log/jhd-$c.out" 2>"$D/log/jhd-$c.log" &
	echo $! >"$D/pids/jhd-$c"
	wait_file "$D/$c/port" "$D/pids/jhd-$c" || fail "centre $c's jhd did not start"
	for _ in $(seq 50); do [ -S "$D/$c/jhd.sock" ] && break; sleep 0.1; done
	bin/jhctl --sock "$D/$c/jhd.sock" import "$D/$c/hall.ini" >"$D/log/import-$c.txt" ||
		fail "centre $c: jhctl import failed"
	for u in alice:clerk carol:supervisor; do
		printf 'demo\n' | bin/jhctl --sock "$D/$c/jhd.sock" user add "${u%%:*}" \
			--role "${u##*:}" --password-stdin >/dev/null
	done
	bin/jhctl --sock "$D/$c/jhd.sock" device add kiosk-1 --role kiosk |
		awk 'END {print $NF}' >"$D/$c/kiosk.token"
done

# 4. both halls published at the district
published() {
	printf '{"op":"centres"}\n' | bin/jhcall --addr "$DADDR" --role frontend --device demo \
		--token "$FE_TOKEN" --field centres 2>/dev/null |
		tr ',' '\n' | grep -c '"code":"C[12]"' || true
}
for _ in $(seq 100); do
	[ "$(published)" = 2 ] && break
	sleep 0.1
done
[ "$(published)" = 2 ] || fail "the centres did not publish their halls to the district"

# 5. jhweb: the citizens' booking pages on the district (signed in as the front end "demo"),
#    and centre C2's board (a monitor device of C2's jhd)
bin/jhctl --sock "$D/C2/jhd.sock" device add demo-web --role monitor |
	awk 'END {print $NF}' >"$D/web.token" || fail "cannot enrol jhweb at centre C2"
chmod 600 "$D/web.token"
bin/jhweb --listen "127.0.0.1:$WPORT" --port-file "$D/web.port" --server "$D/C2/jhd.sock" \
	--device demo-web --token-file "$D/web.token" --district "$DADDR" \
	--district-token "$D/frontends.tokens" >"$D/log/jhweb.out" 2>"$D/log/jhweb.log" &
echo $! >"$D/pids/jhweb"
wait_file "$D/web.port" "$D/pids/jhweb" || fail "jhweb did not start"
WURL=http://127.0.0.1:$(cat "$D/web.port")

cat <<EOT
jiaohao district demo is running in $D:
  book in a browser: $WURL/book (centre C2's board: $WURL/board)
  PostgreSQL 127.0.0.1:$PGPORT (user jh), jhdistrict $DADDR (TLS $TADDR, the hall CA
  $D/ca/ca.crt: the centres' link)
  centre C1: jhd 127.0.0.1:$(cat "$D/C1/port"), centre C2: jhd 127.0.0.1:$(cat "$D/C2/port")
  users alice (clerk) and carol (supervisor), password "demo", at each centre
  the front end's sign-in at jhdistrict: $D/frontends.tokens (jhweb --district-token FILE)
Try:
  FE="--role frontend --device demo --token $FE_TOKEN"
  echo '{"op":"availability","service":"B","lat":31.21,"lon":121.47}' | bin/jhcall --addr $DADDR \$FE
  echo '{"op":"stats","from":"$(date +%Y-%m-01)","to":"$(date +%Y-12-31)"}' | bin/jhcall --addr $DADDR \$FE
  bin/jhdistrict --db "$DB" export $(date +%Y-%m-01) $(date +%Y-12-31) service
Stop it: make demo-district-stop (scripts/demo-district.sh stop)
EOT
