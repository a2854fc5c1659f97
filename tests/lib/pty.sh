# pty.sh — pseudo-terminal pairs for serial tests, sourced by bash tests after tests/lib/t.sh.
#
# Interface (stable; used by tests/firmware and tests/bridge):
#   pty_pair NAME   start `socat` joining two ptys (NAME must match [A-Za-z0-9_]+). Sets
#                   PTY_A, PTY_B    the two ends as paths libserialport accepts:
#                                   /dev/../../..$T_TMP/pty/NAME.a (a symlink to /dev/pts/N; the
#                                   /dev/../../.. prefix makes sp_get_port_by_name's sysfs probe pass)
#                   PTY_PID         socat's pid (killed at exit through t_at_exit)
#                   PTY_NAME_A, PTY_NAME_B, PTY_NAME_PID   the same, per pair (e.g. PTY_uart0_A)
#                   Returns non-zero (and prints why) if socat or the shim is missing.
#                   Calling it again for a NAME that was killed recreates the pair at the same paths.
#   pty_kill NAME   stop that pair's socat: both ptys vanish (a "pulled USB adapter").
#   PTYSHIM         path of the LD_PRELOAD shim (tests/lib/ptyshim.c) that makes sp_open work on
#                   ptys: run serial programs as  LD_PRELOAD=$PTYSHIM bin/prog --port "$PTY_A" &
#   ASAN_OPTIONS    gets verify_asan_link_order=0 appended, so SAN=1 binaries accept the preload.
# Closing and reopening either end is fine: socat keeps the pair alive; bytes written while the
# other end is closed are queued by the kernel (flush them with sp_flush after opening).

JH_BUILD=${JH_BUILD:-$JH_TOP/build}
PTYSHIM=$JH_BUILD/tests/lib/libptyshim.so
export PTYSHIM
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
PTY_DIR=${T_TMP:-$(mktemp -d /tmp/jhpty.XXXXXX)}/pty
mkdir -p "$PTY_DIR"

pty_pair() {
	local name=$1 i pid
	case "$name" in
	''|*[!A-Za-z0-9_]*) echo "pty_pair: bad pair name '$name'" >&2; return 2 ;;
	esac
	if [ ! -f "$PTYSHIM" ]; then
		echo "pty_pair: $PTYSHIM missing (make $PTYSHIM)" >&2
		return 1
	fi
	if ! command -v socat >/dev/null; then
		echo "pty_pair: socat not installed" >&2
		return 1
	fi
	rm -f "$PTY_DIR/$name.a" "$PTY_DIR/$name.b"
	socat -d -d "pty,raw,echo=0,link=$PTY_DIR/$name.a" "pty,raw,echo=0,link=$PTY_DIR/$name.b" \
		>"$PTY_DIR/$name.log" 2>&1 &
	pid=$!
	t_at_exit "kill $pid 2>/dev/null"
	for i in $(seq 1 250); do
		if [ -L "$PTY_DIR/$name.a" ] && [ -L "$PTY_DIR/$name.b" ] &&
		    grep -q 'starting data transfer loop' "$PTY_DIR/$name.log"; then
			PTY_A="/dev/../../..$PTY_DIR/$name.a"
			PTY_B="/dev/../../..$PTY_DIR/$name.b"
			PTY_PID=$pid
			printf -v "PTY_${name}_A" '%s' "$PTY_A"
			printf -v "PTY_${name}_B" '%s' "$PTY_B"
			printf -v "PTY_${name}_PID" '%s' "$pid"
			return 0
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "pty_pair: socat exited: $(cat "$PTY_DIR/$name.log")" >&2
			return 1
		fi
		sleep 0.02
	done
	echo "pty_pair: socat gave no ptys within 5 s" >&2
	kill "$pid" 2>/dev/null
	return 1
}

pty_kill() {
	local name=$1 var pid i
	var="PTY_${name}_PID"
	pid=${!var}
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	for i in $(seq 1 250); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.02
	done
	wait "$pid" 2>/dev/null
	rm -f "$PTY_DIR/$name.a" "$PTY_DIR/$name.b"
	printf -v "$var" '%s' ""
	return 0
}
