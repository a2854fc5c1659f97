# common.bash — a private district for the tests: a PostgreSQL 15 cluster in $T_TMP (initdb,
# pg_ctl; run as user nobody when the tests run as root, since PostgreSQL refuses root), three
# centres' hall files (C1, C2, C3 at known places) and a jhdistrict on an ephemeral port.
#   pg_start                  cluster up; exports PG_PORT PG_CONNINFO; stopped at exit
#   dist_halls                writes $T_TMP/c1.ini c2.ini c3.ini (services B, C, D, E, hourly
#                             slots 08:00-20:00 every day, quota $DIST_QUOTA, default 2)
#   dist_ca                   a hall CA in $T_TMP/ca (CA, its ca.crt) with jhd.crt/jhd.key for
#                             127.0.0.1, and another CA in $T_TMP/other
#   dist_start [args...]      jhdistrict (log $T_TMP/jhdistrict.log); exports DIST_ADDR DIST_PID
#   dist_kill9, dist_restart  SIGKILL it; start it again on the same port
#   dq FIELD JSON             one request to jhdistrict, one field of the answer (jhcall --field),
#                             signed in as the front end "tests" ("${FE[@]}": jhcall's sign-in;
#                             every jhdistrict of the tests runs with --frontend-tokens)
#   dqc CENTRE FIELD JSON     the same signed in as the centre (its token: tok_CENTRE; every
#                             jhdistrict of the tests runs with --centre-tokens for C1..C3)
#   psql_q SQL                one query, unaligned, no headers
#   burst_start SERVICE       96 IDs book the 12 first slots of SERVICE (C1..C3, quota 2) from
#                             6 workers, each asking again (same request key) until answered;
#                             answers in $T_TMP/acks-SERVICE/N, retries in $T_TMP/retries-SERVICE
#   burst_wait_acks SERVICE N wait until N answers are in
#   idn N, mask N             valid resident ID numbers (tests/appt/common.bash)
#   wait_for SECONDS CMD...   poll CMD every 50 ms until it succeeds (1 when it never does)
#   published CENTRE          the district offers service B at CENTRE (its hall is published)
source "$(dirname "${BASH_SOURCE[0]}")/../appt/common.bash"

PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR=$T_TMP/pg
PG_RUN=()
if [ "$(id -u)" = 0 ]; then
	PG_RUN=(runuser -u nobody --)
fi

pg_start() {
	local i
	for t in initdb pg_ctl postgres; do
		[ -x "$PG_BIN/$t" ] || { not_ok "PostgreSQL 15 is installed ($PG_BIN/$t)"; t_finish; }
	done
	mkdir -p "$PG_DIR"
	chmod 711 "$T_TMP"
	[ ${#PG_RUN[@]} -gt 0 ] && chown nobody "$PG_DIR"
	"${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U jh -E UTF8 --no-sync \
		>"$T_TMP/initdb.log" 2>&1 || { not_ok "initdb: $(tail -3 "$T_TMP/initdb.log")"; t_finish; }
	# a free port: the kernel's pick for a socket just closed
	PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	"${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 30 \
		-o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200" \
		start >/dev/null || { not_ok "pg_ctl start: $(tail -3 "$PG_DIR/log")"; t_finish; }
	t_at_exit '"${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1'
	PG_CONNINFO="host=127.0.0.1 port=$PG_PORT user=jh dbname=postgres target_session_attrs=read-write connect_timeout=5"
	export PG_PORT PG_CONNINFO
}

psql_q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$PG_CONNINFO" -c "$1"; }

# dist_hall CODE NAME LAT LON [DISTRICT-ADDR]: a centre's hall file on stdout
dist_hall() {
	cat <<EOT
[hall]
name = $2
timezone = Asia/Shanghai
open = 08:00
close = 20:00

[department RS]
name = 人力资源和社会保障局 Social Security

[service B]
department = RS
name = 社保卡办理 Social security card
flags = appointment
[service C]
department = RS
name = 退休审批 Retirement approval
flags = appointment
[service D]
department = RS
name = 食品经营许可 Food business licence
flags = appointment
[service E]
department = RS
name = 药品零售许可 Pharmacy licence
flags = appointment

[window 1]
services = B, C, D, E

[appointments]
days = 5
week = mon-sun

[slots B]
daily 08:00-20:00 every 1h quota ${DIST_QUOTA:-2}
[slots C]
daily 08:00-20:00 every 1h quota ${DIST_QUOTA:-2}
[slots D]
daily 08:00-20:00 every 1h quota ${DIST_QUOTA:-2}
[slots E]
daily 08:00-20:00 every 1h quota ${DIST_QUOTA:-2}

[district]
centre = $1
token = $(tok "$1")
address = $1 street 1
lat = $3
lon = $4
EOT
	[ -n "$5" ] && echo "server = $5"
	return 0
}

# A private PostgreSQL holding the centres of dist_halls numbered by the arguments (default: all
# three), imported; a failed import is a failed case and the end of the test.
dist_district() {
	local n files=()
	pg_start
	dist_halls
	for n in ${*:-1 2 3}; do files+=("$T_TMP/c$n.ini"); done
	"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "${files[@]}" >/dev/null 2>&1 ||
		{ not_ok "jhdistrict imports ${#files[@]} centres"; t_finish; }
}

# three centres on a line of longitude, about 11 km apart: C1 north, C2 middle, C3 south
dist_halls() {
	dist_hall C1 "Centre One" 31.30 121.47 "$1" >"$T_TMP/c1.ini"
	dist_hall C2 "Centre Two" 31.20 121.47 "$1" >"$T_TMP/c2.ini"
	dist_hall C3 "Centre Three" 31.10 121.47 "$1" >"$T_TMP/c3.ini"
}

dist_ca() {
	CA=$T_TMP/ca
	mkdir -p "$CA" "$T_TMP/other"
	"$JH_BIN/jhctl" ca init --dir "$CA" >/dev/null 2>&1 &&
		"$JH_BIN/jhctl" ca issue --dir "$CA" --server 127.0.0.1 >/dev/null 2>&1 &&
		"$JH_BIN/jhctl" ca init --dir "$T_TMP/other" >/dev/null 2>&1 ||
		{ not_ok "jhctl ca init/issue make a hall CA and a certificate"; t_finish; }
}

tok() { printf 'token-of-%s-0123456789' "$1"; }
FE_TOKEN=frontend-token-of-the-tests-0123456789
FE=(--role frontend --device tests --token "$FE_TOKEN")
DIST_ARGS=()
_dist_launch() {
	rm -f "$T_TMP/dist.port"
	[ -f "$T_TMP/centres.tokens" ] ||
		for c in C1 C2 C3; do echo "$c $(tok $c)"; done >"$T_TMP/centres.tokens"
	echo "tests $FE_TOKEN" >"$T_TMP/frontends.tokens"
	"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" --listen "$1" --port-file "$T_TMP/dist.port" \
		--key-dir "$T_TMP" --centre-tokens "$T_TMP/centres.tokens" \
		--frontend-tokens "$T_TMP/frontends.tokens" "${DIST_ARGS[@]}" \
		2>>"$T_TMP/jhdistrict.log" &
	DIST_PID=$!
	local i
	for i in $(seq 1 200); do
		if [ -s "$T_TMP/dist.port" ]; then
			DIST_ADDR=127.0.0.1:$(cat "$T_TMP/dist.port")
			export DIST_ADDR DIST_PID
			return 0
		fi
		kill -0 "$DIST_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "# jhdistrict did not start; log:" >&2
	tail -20 "$T_TMP/jhdistrict.log" | sed 's/^/#   /' >&2
	return 1
}

dist_start() {
	[ -x "$JH_BIN/jhdistrict" ] || { not_ok "$JH_BIN/jhdistrict is built"; t_finish; }
	DIST_ARGS=("$@")
	t_at_exit 'dist_kill9'
	_dist_launch 127.0.0.1:0 || { not_ok "jhdistrict starts"; t_finish; }
}
dist_kill9() {
	[ -n "$DIST_PID" ] || return 0
	kill -KILL "$DIST_PID" 2>/dev/null
	wait "$DIST_PID" 2>/dev/null
	DIST_PID=""
	return 0
}
dist_restart() { _dist_launch "$DIST_ADDR"; }

wait_for() {
	local i limit=$1; shift
	for i in $(seq 1 $((limit * 20))); do "$@" && return 0; sleep 0.05; done
	return 1
}
published() {
	[ "$(dq centres '{"op":"availability","service":"B","centre":"'"$1"'"}' | jq length)" = 1 ]
}

dq() { printf '%s\n' "$2" | "$JH_BIN/jhcall" --addr "$DIST_ADDR" "${FE[@]}" --field "$1"; }
dqc() {
	printf '%s\n' "$3" | "$JH_BIN/jhcall" --addr "$DIST_ADDR" --role centre --device "$1" \
		--token "$(tok "$1")" --field "$2"
}
# dist_book N CENTRE SERVICE START [FIELD]: ID number N books; prints FIELD (booking.code)
dist_book() {
	dq "${5:-booking.code}" '{"op":"book","centre":"'"$2"'","service":"'"$3"'","start":"'"$4"'","id_number":"'"$(idn "$1")"'","name":"Test","mobile":"13800000000"}'
}
# first_slot CENTRE SERVICE [N]: the start of the N-th (0-based) free slot of the service
first_slot() {
	dq "slots.${3:-0}.start" '{"op":"slots","centre":"'"$1"'","service":"'"$2"'"}'
}

BURST_SLOTS=()
BURST_PIDS=()
_burst_worker() {	# SERVICE W
	local svc=$1 w=$2 n i a
	for i in $(seq 1 16); do
		n=$((w * 16 + i))
		set -- ${BURST_SLOTS[$((n % 12))]}
		while :; do
			a=$(printf '%s\n' '{"op":"book","centre":"'"$1"'","service":"'"$svc"'","start":"'"$2"'","id_number":"'"$(idn "$n")"'","request":"req-'"$svc-$n"'"}' |
				"$JH_BIN/jhcall" --addr "$DIST_ADDR" "${FE[@]}" --timeout 10000 2>/dev/null)
			case $a in
			*'"code":"unavailable"'*) ;;	# no database for 30 s: ask again
			*'"ok":'*) break ;;
			esac
			echo "$n" >>"$T_TMP/retries-$svc"
			sleep 0.1
		done
		printf '%s\n' "$a" >"$T_TMP/acks-$svc/$n"
	done
}
burst_start() {
	local c k w
	BURST_SLOTS=()
	for c in C1 C2 C3; do
		for k in 0 1 2 3; do BURST_SLOTS+=("$c $(first_slot $c "$1" $k)"); done
	done
	mkdir -p "$T_TMP/acks-$1"
	BURST_PIDS=()
	for w in 0 1 2 3 4 5; do _burst_worker "$1" $w & BURST_PIDS+=($!); done
}
burst_wait_acks() {
	local i
	for i in $(seq 1 400); do
		[ "$(ls "$T_TMP/acks-$1" | wc -l)" -ge "$2" ] && return 0
		sleep 0.02
	done
}
