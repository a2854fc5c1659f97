# proxy.bash — a recording TCP proxy for the tests (socat -r/-R), to look at the bytes a
# link carries: over TLS no token, password or JSON may be seen.
#   record NAME TARGET [fork]  see below
#   has FILE TEXT              1 when the recording FILE holds TEXT (bytes, not lines), else 0

# record NAME TARGET [fork]: a proxy on 127.0.0.3 to TARGET (for one connection, or for every
# one with fork), recording both ways into $T_TMP/NAME.up and NAME.down; sets PROXY (its
# address) and PROXY_PID (the caller stops it: from a $(...) the exit trap would not).
# 1 when it cannot listen.
record() {
	local name=$1 target=$2 fork=${3:+,fork} port i hex
	for i in $(seq 20); do
		port=$((20000 + RANDOM % 30000))
		hex=$(printf '0300007F:%04X' "$port")
		grep -q "$hex 00000000:0000 0A" /proc/net/tcp && continue	# taken
		rm -f "$T_TMP/$name.up" "$T_TMP/$name.down"
		socat -r "$T_TMP/$name.up" -R "$T_TMP/$name.down" \
			"TCP-LISTEN:$port,bind=127.0.0.3,reuseaddr$fork" "TCP:$target" >/dev/null 2>&1 &
		PROXY_PID=$!
		for _ in $(seq 100); do
			kill -0 "$PROXY_PID" 2>/dev/null || break
			if grep -q "$hex 00000000:0000 0A" /proc/net/tcp; then
				PROXY=127.0.0.3:$port
				return 0
			fi
			sleep 0.02
		done
		kill "$PROXY_PID" 2>/dev/null
	done
	return 1
}

# has FILE TEXT: 1 when the recording holds TEXT (bytes, not lines)
has() { if LC_ALL=C grep -q -a -F -- "$2" "$1"; then echo 1; else echo 0; fi; }
