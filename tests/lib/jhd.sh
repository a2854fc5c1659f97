# jhd.sh — start and drive a private jhd for shell tests. Source after t.sh.
#   jhd_start [HALL.ini|none] [extra jhd args...]   temp db under $T_TMP, TCP on an ephemeral
#       port, Unix socket $T_TMP/jhd.sock; imports the hall (default: the sample hall
#       server/examples/district.ini with its [limits] lifted, so that tests that load jhd from
#       one kiosk are not refused; tests/appt/kiosk_limits.sh imports the sample hall as it is.
#       "none" imports nothing); exports JHD_ADDR JHD_SOCK JHD_PID JHD_DB JHD_LOG; killed at exit.
#   jhd_hall_unlimited OUT                      writes the sample hall with [limits] all 0
#   jhd_hall_opening OUT HH:MM                  the same, opening at HH:MM (not 09:00); 1 when
#       the sample hall's opening time could not be changed
#   jhd_hall_o_q OUT                            the same, but service O in no window's duties
#       and Q only window 5's backup; 1 when the sample hall could not be changed so
#       (JHD_ADDR and JHD_SOCK are this harness's names; no program reads them. Programs take
#       their options, else JH_SERVER: tests name the server with an option.)
#   jhd_stop          SIGTERM and wait          jhd_kill9     SIGKILL and wait
#   jhd_restart       start again on the same db, TCP port and socket (no import)
#   jhd_user NAME ROLE PASSWORD                 create or update a user (jhd runs with
#       --min-password 4: the tests' passwords are shorter than jhd's default minimum, 8)
#   jhd_device NAME ROLE                        prints the new device token
#   jhd_fsize_bin DIR KIB                       DIR as a JH_BIN whose jhd runs under a soft
#       file-size limit of KIB KiB with SIGXFSZ ignored (writes past it fail, as on a full
#       disk; prlimit can lift it); jhctl and jhcall are the real ones
#   jhctl ARGS...                               bin/jhctl --sock $JHD_SOCK ARGS...
#   jhcall ARGS...                              bin/jhcall (see server/jhcall.c)
# Passwords are hashed with libsodium's minimum limits in tests (JH_PWHASH_FAST=1) so that
# creating users stays fast; production uses the interactive limits.
JH_TOP=${JH_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
JH_BIN=${JH_BIN:-$JH_TOP/bin}
export JH_PWHASH_FAST=1
JHD_DIR=${JHD_DIR:-$T_TMP/jhd}
JHD_PID=""
JHD_ARGS=()

_jhd_launch() {
	# $1: listen address; rest: extra args
	local listen=$1; shift
	rm -f "$JHD_DIR/port"
	# the tests' passwords are short (pw-bob): jhd's minimum is 8 characters
	"$JH_BIN/jhd" --db "$JHD_DB" --listen "$listen" --port-file "$JHD_DIR/port" \
		--unix "$JHD_SOCK" --foreground --min-password 4 "$@" 2>>"$JHD_LOG" &
	JHD_PID=$!
	export JHD_PID
	local i
	for i in $(seq 1 200); do
		if [ -s "$JHD_DIR/port" ] && [ -S "$JHD_SOCK" ]; then
			JHD_ADDR=127.0.0.1:$(cat "$JHD_DIR/port")
			export JHD_ADDR
			return 0
		fi
		if ! kill -0 "$JHD_PID" 2>/dev/null; then
			echo "# jhd exited at start; log:" >&2
			tail -20 "$JHD_LOG" | sed 's/^/#   /' >&2
			JHD_PID=""
			return 1
		fi
		sleep 0.05
	done
	echo "# jhd did not become ready in 10 s" >&2
	return 1
}

jhd_hall_unlimited() {
	sed '/^\[limits\]/,/^\[/ s/^\([a-z_]*\) = [0-9]*$/\1 = 0/' \
		"$JH_TOP/server/examples/district.ini" >"$1"
}

jhd_hall_opening() {
	jhd_hall_unlimited "$1" &&
		sed -i "s/^open = 09:00\$/open = $2/" "$1" && grep -q "^open = $2\$" "$1"
}

jhd_hall_o_q() {
	jhd_hall_unlimited "$1" &&
		sed -i -e 's/^services = N, O$/services = N/' \
			-e 's/^services = P, Q, G:backup$/services = P, G:backup/' \
			-e 's/^services = C, E, H, J, K, O, Q, /services = C, E, H, J, K, /' "$1" &&
		[ "$(grep -cE '^services = .*\<[OQ]\>' "$1")" = 1 ] &&
		grep -q '^services = G, F:backup, Q:backup$' "$1"
}

jhd_start() {
	local hall="$T_TMP/hall-unlimited.ini"
	jhd_hall_unlimited "$hall"
	if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
		[ -n "$1" ] && hall=$1
		shift
	fi
	[ -x "$JH_BIN/jhd" ] || { echo "# $JH_BIN/jhd is missing (make bin/jhd)" >&2; return 1; }
	mkdir -p "$JHD_DIR"
	JHD_DB=$JHD_DIR/jhd.db
	JHD_SOCK=$JHD_DIR/jhd.sock
	JHD_LOG=$JHD_DIR/jhd.log
	export JHD_DB JHD_SOCK JHD_LOG
	JHD_ARGS=("$@")
	t_at_exit 'jhd_kill9 >/dev/null 2>&1'
	_jhd_launch 127.0.0.1:0 "$@" || return 1
	if [ "$hall" != none ]; then
		jhctl import "$hall" >/dev/null || { echo "# jhctl import $hall failed" >&2; return 1; }
	fi
	return 0
}

jhd_stop() {
	[ -n "$JHD_PID" ] || return 0
	kill -TERM "$JHD_PID" 2>/dev/null
	wait "$JHD_PID" 2>/dev/null
	local rc=$?
	JHD_PID=""
	return $rc
}

jhd_kill9() {
	[ -n "$JHD_PID" ] || return 0
	kill -KILL "$JHD_PID" 2>/dev/null
	wait "$JHD_PID" 2>/dev/null
	JHD_PID=""
	return 0
}

jhd_restart() {
	local port=${JHD_ADDR##*:}
	jhd_stop
	local i
	# the port is normally free at once (SO_REUSEADDR); retry briefly in case it is not
	for i in 1 2 3 4 5 6 7 8 9 10; do
		_jhd_launch "127.0.0.1:$port" "${JHD_ARGS[@]}" && return 0
		sleep 0.2
	done
	return 1
}

jhd_fsize_bin() {
	local dir=$1 kib=$2 p
	mkdir -p "$dir"
	printf '#!/bin/bash\ntrap "" XFSZ\nulimit -S -f %s\nexec "%s/jhd" "$@"\n' "$kib" \
		"$JH_BIN" >"$dir/jhd"
	chmod +x "$dir/jhd"
	for p in jhctl jhcall; do ln -sf "$JH_BIN/$p" "$dir/$p"; done
}

jhctl() {
	"$JH_BIN/jhctl" --sock "$JHD_SOCK" "$@"
}

jhcall() {
	"$JH_BIN/jhcall" "$@"
}

jhd_user() {
	printf '%s\n' "$3" | jhctl user add "$1" --role "$2" --password-stdin --replace >/dev/null
}

jhd_device() {
	jhctl device add "$1" --role "$2" | tail -1 | awk '{print $NF}'
}
