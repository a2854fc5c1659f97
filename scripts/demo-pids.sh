# demo-pids.sh — sourced by scripts/demo.sh and scripts/demo-district.sh (POSIX sh).
# stop_pids DIR: send SIGTERM to every process whose pid is in a file of DIR/pids (removing
# the files) and wait (5 s at most) until they are gone: a new demo reuses the ports and the
# folder.
stop_pids() {
	pids=""
	for f in "$1"/pids/*; do
		[ -e "$f" ] || continue
		pids="$pids $(cat "$f")"
		rm -f "$f"
	done
	[ -n "$pids" ] || return 0
	kill $pids 2>/dev/null || true
	for p in $pids; do
		for _ in $(seq 50); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
	done
}
