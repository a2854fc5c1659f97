# pgaf.bash — a private pg_auto_failover formation for the HA tests (source after common.bash):
# a monitor, a primary and a synchronous standby, each a `pg_autoctl ... --run` keeper with its
# own PostgreSQL 15 on a free local port in $T_TMP/af (as user nobody when the tests run as
# root, as common.bash does). The monitor checks health every second so a failover takes
# seconds rather than the defaults' half minute (docs/DISTRICT.md, "High availability").
#   af_start                  monitor, node 1 (primary), node 2 (standby) up; exports
#                             PG_CONNINFO (host list, target_session_attrs=read-write),
#                             AF_PORT1 AF_PORT2 AF_MON; everything is killed at exit
#   af_state                  `pg_autoctl show state` of the formation
#   af_wait_state N STATE SEC node N reaches STATE (primary, secondary, ...) as the monitor sees it
#   af_primary                the number (1 or 2) of the node the monitor calls primary
#   af_node_pids N            node N's keeper, postmaster and backends (kill -9 them all at
#                             once: the machine is lost; walking the tree takes a while)
#   af_q N SQL                one query on node N directly (no host list)
#   af_mon_q SQL              one query on the monitor (schema pgautofailover)
AF_DIR=$T_TMP/af
AF_PIDS=()
AF_SU=nobody	# the clusters' superuser: the user that ran initdb
[ ${#PG_RUN[@]} -gt 0 ] || AF_SU=$(id -un)

_af_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# pg_autoctl keeps its configuration and state under XDG_CONFIG_HOME / XDG_DATA_HOME, by the
# data directory's path: both in the temp dir, never in the user's home
_af() {
	"${PG_RUN[@]}" env HOME="$AF_DIR" XDG_CONFIG_HOME="$AF_DIR/config" \
		XDG_DATA_HOME="$AF_DIR/share" XDG_RUNTIME_DIR="$AF_DIR/run" PGHOST="$AF_DIR/run" PATH="$PG_BIN:/usr/bin:/bin" \
		pg_autoctl "$@"
}

_af_bg() {	# LOG ARGS...: a keeper in the background, in its own process group
	local log=$1
	shift
	setsid "${PG_RUN[@]}" env HOME="$AF_DIR" XDG_CONFIG_HOME="$AF_DIR/config" \
		XDG_DATA_HOME="$AF_DIR/share" XDG_RUNTIME_DIR="$AF_DIR/run" PGHOST="$AF_DIR/run" PATH="$PG_BIN:/usr/bin:/bin" \
		pg_autoctl "$@" >>"$log" 2>&1 &
	AF_PIDS+=($!)
}

_af_stop_all() {
	local p
	for p in "${AF_PIDS[@]}"; do kill -KILL -- "-$p" 2>/dev/null; done
	# postmasters the keepers started live in the keepers' process groups; a standby that
	# pg_autoctl restarted may not: stop every data directory of the formation at once
	for d in "$AF_DIR"/mon "$AF_DIR"/n1 "$AF_DIR"/n2; do
		[ -f "$d/postmaster.pid" ] && kill -KILL "$(head -1 "$d/postmaster.pid")" 2>/dev/null
	done
	return 0
}

af_state() { _af show state --pgdata "$AF_DIR/mon" 2>&1; }

af_wait_state() {	# N STATE SECONDS
	local i
	for i in $(seq 1 $(($3 * 4))); do
		af_state | awk -F'|' -v n="node_$1" -v s="$2" '
			{ gsub(/ /, "") } $1 == n && $6 == s && $7 == s { f = 1 } END { exit !f }' &&
			return 0
		sleep 0.25
	done
	return 1
}

af_primary() {
	af_state | awk -F'|' '{ gsub(/ /, "") } $6 == "primary" && $7 == "primary" { sub(/node_/, "", $1); print $1 }'
}

af_q() {	# N SQL
	local port
	port=$([ "$1" = 1 ] && echo "$AF_PORT1" || echo "$AF_PORT2")
	psql -X -q -A -t -v ON_ERROR_STOP=1 \
		"host=127.0.0.1 port=$port user=jh dbname=district connect_timeout=3" -c "$2"
}

af_mon_q() {	# SQL: one query on the monitor's database
	psql -X -q -A -t -v ON_ERROR_STOP=1 \
		"host=127.0.0.1 port=$AF_MON user=$AF_SU dbname=pg_auto_failover connect_timeout=3" -c "$1"
}

# every process under PID (pg_autoctl renames its processes: no name to find them by)
_af_tree() { local c; echo "$1"; for c in $(ps -o pid= --ppid "$1"); do _af_tree "$c"; done; }

af_node_pids() {	# N: the keeper, the postmaster and every backend of node N now
	local pm
	pm=$(head -1 "$AF_DIR/n$1/postmaster.pid" 2>/dev/null)
	_af_tree "${AF_PIDS[$1]}"
	[ -n "$pm" ] && _af_tree "$pm"
	return 0
}

_af_initdb() {
	"${PG_RUN[@]}" "$PG_BIN/initdb" -D "$1" -A trust -E UTF8 --no-sync >>"$AF_DIR/initdb.log" 2>&1 &&
		printf "unix_socket_directories = '%s'\nlisten_addresses = '127.0.0.1'\n" "$AF_DIR/run" \
			>>"$1/postgresql.conf"
}

af_start() {
	local i n
	command -v pg_autoctl >/dev/null ||
		{ not_ok "pg_autoctl is installed (postgresql-15-auto-failover)"; t_finish; }
	mkdir -p "$AF_DIR/config" "$AF_DIR/share" "$AF_DIR/run"
	chmod 711 "$T_TMP"
	chmod 700 "$AF_DIR/run"
	[ ${#PG_RUN[@]} -gt 0 ] && chown -R nobody "$AF_DIR"
	t_at_exit '_af_stop_all'
	AF_MON=$(_af_port)
	AF_PORT1=$(_af_port)
	AF_PORT2=$(_af_port)
	export AF_MON AF_PORT1 AF_PORT2
	# Debian's PostgreSQL puts its socket in /var/run/postgresql, which nobody may not write:
	# the monitor's and node 1's clusters are made here with a socket in the temp dir (node 2
	# is a base backup of node 1, its postgresql.conf included), pg_autoctl takes them over
	_af_initdb "$AF_DIR/mon" && _af_initdb "$AF_DIR/n1" ||
		{ not_ok "initdb: $(tail -3 "$AF_DIR/initdb.log")"; t_finish; }
	_af create monitor --pgdata "$AF_DIR/mon" --pgport "$AF_MON" --hostname 127.0.0.1 \
		--pgctl "$PG_BIN/pg_ctl" --auth trust --no-ssl >"$AF_DIR/mon.create.log" 2>&1 ||
		{ not_ok "pg_autoctl create monitor: $(tail -3 "$AF_DIR/mon.create.log")"; t_finish; }
	# health checks every second, a node unhealthy after 2 s without its keeper's report, and
	# the standby promoted 2 s after the old primary was told to demote (default 30 s: time
	# for a primary cut off from the network to see it and stop; this one is dead)
	cat >>"$AF_DIR/mon/postgresql.conf" <<EOT
pgautofailover.health_check_period = 1000
pgautofailover.health_check_timeout = 1000
pgautofailover.health_check_max_retries = 1
pgautofailover.health_check_retry_delay = 500
pgautofailover.node_considered_unhealthy_timeout = 2000
pgautofailover.primary_demote_timeout = 2000
EOT
	AF_PIDS=()
	_af_bg "$AF_DIR/mon.log" run --pgdata "$AF_DIR/mon"
	local uri="postgres://autoctl_node@127.0.0.1:$AF_MON/pg_auto_failover?sslmode=disable"
	for i in $(seq 1 120); do
		psql -X -q -A -t "$uri" -c 'select 1' >/dev/null 2>&1 && break
		sleep 0.25
	done
	for n in 1 2; do
		local port
		port=$([ "$n" = 1 ] && echo "$AF_PORT1" || echo "$AF_PORT2")
		_af_bg "$AF_DIR/n$n.log" create postgres --pgdata "$AF_DIR/n$n" --pgport "$port" \
			--hostname 127.0.0.1 --pghost "$AF_DIR/run" \
			--pgctl "$PG_BIN/pg_ctl" --name "node_$n" --monitor "$uri" --auth trust --no-ssl \
			--username jh --dbname district --replication-quorum true --run
		if [ "$n" = 1 ]; then
			af_wait_state 1 single 60 ||
				{ not_ok "node 1 becomes the primary: $(tail -3 "$AF_DIR/n1.log")"; t_finish; }
		fi
	done
	# pg_basebackup waits for a spread checkpoint (minutes): ask node 1 for an immediate one,
	# which hurries the one under way, until node 2 is a standby
	for i in $(seq 1 240); do
		af_wait_state 2 secondary 1 && break
		psql -X -q "host=127.0.0.1 port=$AF_PORT1 dbname=postgres user=$AF_SU" \
			-c CHECKPOINT >>"$AF_DIR/checkpoint.log" 2>&1
	done
	af_wait_state 1 primary 60 && af_wait_state 2 secondary 60 ||
		{ not_ok "node 2 becomes a standby: $(af_state; tail -5 "$AF_DIR/n2.log")"; t_finish; }
	PG_CONNINFO="host=127.0.0.1,127.0.0.1 port=$AF_PORT1,$AF_PORT2 user=jh dbname=district target_session_attrs=read-write connect_timeout=2"
	export PG_CONNINFO
}
