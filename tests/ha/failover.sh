#!/bin/bash
# failover.sh (make check-ha) — the district on PostgreSQL with automatic failover
# (pg_auto_failover: a monitor, a primary and a synchronous standby on local ports, run as
# nobody in a temporary directory): kill -9 of the primary in the middle of a booking burst;
# booking resumes on the new primary through jhdistrict's host list
# (target_session_attrs=read-write), every acknowledged booking is there, no slot is over its
# quota. Prints the failover time. Slow (a minute or two): its own target, not make check.
source "$(dirname "$0")/../district/common.bash"

command -v pg_autoctl >/dev/null ||
	{ not_ok "pg_autoctl is installed (pg-auto-failover-cli, postgresql-15-auto-failover)"; t_finish; }
HA=$T_TMP/ha
mkdir -p "$HA"
chmod 711 "$T_TMP"
[ ${#PG_RUN[@]} -gt 0 ] && chown nobody "$HA"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PM=$(free_port); P1=$(free_port); P2=$(free_port)
# as nobody, with pg_autoctl's state in the temporary directory
ha() {
	"${PG_RUN[@]}" env XDG_CONFIG_HOME="$HA/cfg" XDG_DATA_HOME="$HA/data" \
		XDG_RUNTIME_DIR="$HA/run" PGHOST="$HA" PATH="$PG_BIN:/usr/bin:/bin" "$@"
}
ha mkdir -p "$HA/cfg" "$HA/data" "$HA/run"
for n in monitor node1 node2; do
	ha "$PG_BIN/initdb" -D "$HA/$n" -A trust --no-sync >/dev/null ||
		{ not_ok "initdb $n"; t_finish; }
	# sockets here, not in /var/run/postgresql; checkpoints at once (a standby's base backup
	# waits for one)
	printf "unix_socket_directories = '%s'\ncheckpoint_completion_target = 0\n" "$HA" |
		ha tee -a "$HA/$n/postgresql.conf" >/dev/null
done
PIDS=()
# a process and all its descendants (pg_autoctl retitles its processes: no name to find them by)
tree() { local c; echo "$1"; for c in $(ps -o pid= --ppid "$1"); do tree "$c"; done; }
# at exit: every process of the cluster (each has XDG_CONFIG_HOME in $HA), and the postmasters
ha_cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -KILL $(tree "$p") 2>/dev/null; done
	for p in $(pgrep -u nobody); do
		{ tr '\0' '\n' <"/proc/$p/environ"; } 2>/dev/null | grep -qx "XDG_CONFIG_HOME=$HA/cfg" &&
			kill -KILL "$p" 2>/dev/null
	done
	for p in "$HA"/*/postmaster.pid; do [ -f "$p" ] && kill -KILL "$(head -1 "$p")" 2>/dev/null; done
	return 0
}
t_at_exit ha_cleanup
ha pg_autoctl create monitor --pgdata "$HA/monitor" --pgport "$PM" --hostname 127.0.0.1 \
	--auth trust --no-ssl --run >"$HA/monitor.log" 2>&1 &
PIDS+=($!)
state() { ha pg_autoctl show state --pgdata "$HA/monitor" 2>/dev/null; }
wait_state() {	# SECONDS REGEX
	local i
	for i in $(seq 1 "$1"); do state | grep -qE "$2" && return 0; sleep 1; done
	return 1
}
wait_state 60 'Name' || { not_ok "the monitor starts: $(tail -3 "$HA/monitor.log")"; t_finish; }
# quicker health checks than the defaults (5 s period, 20 s timeout)
psql -X -q -h "$HA" -p "$PM" -U nobody pg_auto_failover -c \
	"ALTER SYSTEM SET pgautofailover.health_check_period = 1000" -c \
	"ALTER SYSTEM SET pgautofailover.health_check_timeout = 1000" -c \
	"ALTER SYSTEM SET pgautofailover.health_check_max_retries = 1" -c \
	"ALTER SYSTEM SET pgautofailover.health_check_retry_delay = 500" -c \
	"ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = 3000" -c \
	"SELECT pg_reload_conf()" >/dev/null
MON="postgres://autoctl_node@127.0.0.1:$PM/pg_auto_failover?sslmode=disable"
node() {	# N PORT
	ha pg_autoctl create postgres --pgdata "$HA/node$1" --pgport "$2" --hostname 127.0.0.1 \
		--auth trust --no-ssl --monitor "$MON" --pg-hba-lan --dbname district \
		--name "node$1" --run >"$HA/node$1.log" 2>&1 &
	PIDS+=($!)
}
node 1 "$P1"
wait_state 60 'node1 .*single' || { not_ok "node1 starts: $(tail -3 "$HA/node1.log")"; t_finish; }
rm -rf "$HA/node2"	# made by the base backup from node1
node 2 "$P2"
wait_state 120 'node2 .*\| +secondary +\| +secondary' ||
	{ not_ok "node2 becomes a standby: $(tail -3 "$HA/node2.log")"; t_finish; }
wait_state 30 'node1 .*\| +primary +\| +primary' || { not_ok "node1 becomes primary"; t_finish; }
ok "a monitor, a primary and a standby run"
expect_match "the standby is synchronous" \
	"$(psql -X -A -t -h 127.0.0.1 -p "$P1" -U nobody district -c 'SHOW synchronous_standby_names')" \
	'pgautofailover_standby_'

PG_CONNINFO="host=127.0.0.1,127.0.0.1 port=$P1,$P2 user=nobody dbname=district target_session_attrs=read-write connect_timeout=2"
dist_halls
"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "$T_TMP/c1.ini" "$T_TMP/c2.ini" \
	"$T_TMP/c3.ini" >/dev/null || { not_ok "import into the primary"; t_finish; }
dist_start

burst_start D
burst_wait_acks D 25
# kill -9 node1: its pg_autoctl processes first (or they start Postgres again), then the
# postmaster
t_kill=$(date +%s%N)
kill -KILL $(tree "${PIDS[1]}")
kill -KILL "$(head -1 "$HA/node1/postmaster.pid")"
t_up=""
for i in $(seq 1 600); do
	state | grep -qE 'node2 .*\| +(wait_primary|primary) +\|' && { t_up=$(date +%s%N); break; }
	sleep 0.2
done
check "the monitor promotes node2" test -n "$t_up"
echo "# failover: node2 is primary $(( (${t_up:-$t_kill} - t_kill) / 1000000 )) ms after the kill of node1"
# the burst ends once booking resumes (at most 3 minutes)
for i in $(seq 1 900); do
	alive=0
	for p in "${BURST_PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
	[ $alive = 0 ] && break
	sleep 0.2
done
[ $alive = 1 ] && kill "${BURST_PIDS[@]}" 2>/dev/null
echo "# the burst ended $(( ($(date +%s%N) - t_kill) / 1000000 )) ms after the kill"
acks=$T_TMP/acks-D
expect_eq "every request of the burst was answered" "$(ls "$acks" | wc -l)" 96
expect_eq "the answers: 24 bookings, the others told the slot is full" \
	"$(cat "$acks"/* | jq -r 'if .ok then "ok" else .error.code end' | sort | uniq -c | awk '{print $1, $2}' | tr '\n' ' ')" \
	"24 ok 72 quota_exhausted "
new="host=127.0.0.1 port=$P2 user=nobody dbname=district"
expect_eq "node2 is the primary now" \
	"$(psql -X -A -t "$new" -c 'SELECT pg_is_in_recovery()')" "f"
expect_eq "every acknowledged booking is on the new primary" \
	"$(psql -X -A -t "$new" -c "SELECT code FROM bookings WHERE service = 'D'" | sort)" \
	"$(cat "$acks"/* | jq -r 'select(.ok) | .booking.code' | sort)"
expect_eq "no slot is over its quota on the new primary" \
	"$(psql -X -A -t "$new" -c "SELECT count(*) FROM slots s WHERE booked > quota OR booked <> (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id AND b.state <> 'cancelled')")" 0
check "jhdistrict reconnected to the new primary" grep -q "connected to 127.0.0.1:$P2" "$T_TMP/jhdistrict.log"
expect_match "booking goes on after the failover" "$(dist_book 500 C2 B "$(first_slot C2 B 0)")" '^[A-Z0-9]{8}$'
t_finish
