# proxy.bash — TCP proxies for the tests (socat): one records the bytes a link carries (over
# TLS no token, password or JSON may be seen), one rewrites what a server sends (a jhd that
# plays an older one).
#   record NAME TARGET [fork]  see below
#   rewrite NAME TARGET JQ     see below
#   has FILE TEXT              1 when the recording FILE holds TEXT (bytes, not lines), else 0

# _proxy FORK SECOND [socat options...]: socat OPTIONS listening on a free port of 127.0.0.3
# (for one connection, or for every one with FORK ",fork"), to the address SECOND; sets PROXY
# and PROXY_PID. 1 when it cannot listen.
_proxy() {
	local fork=$1 second=$2 port i hex
	shift 2
	for i in $(seq 20); do
		port=$((20000 + RANDOM % 30000))
		hex=$(printf '0300007F:%04X' "$port")
		grep -q "$hex 00000000:0000 0A" /proc/net/tcp && continue	# taken
		socat "$@" "TCP-LISTEN:$port,bind=127.0.0.3,reuseaddr$fork" "$second" >/dev/null 2>&1 &
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

# record NAME TARGET [fork]: a proxy on 127.0.0.3 to TARGET (for one connection, or for every
# one with fork), recording both ways into $T_TMP/NAME.up and NAME.down; sets PROXY (its
# address) and PROXY_PID (the caller stops it: from a $(...) the exit trap would not).
# 1 when it cannot listen.
record() {
	rm -f "$T_TMP/$1.up" "$T_TMP/$1.down"
	_proxy "${3:+,fork}" "TCP:$2" -r "$T_TMP/$1.up" -R "$T_TMP/$1.down"
}

# rewrite NAME TARGET JQ: a proxy on 127.0.0.3 to TARGET (plain TCP, a line of JSON per
# message) for every connection, each line TARGET sends (answers and events) passed through
# jq -c JQ, what the client sends untouched; e.g. a jhd whose status lacks a field, as an
# older one. Sets PROXY and PROXY_PID; stopped at exit. 1 when it cannot listen.
rewrite() {
	local run=$T_TMP/$1.rewrite.sh
	printf '%s\n' "$3" >"$T_TMP/$1.jq"
	printf '#!/bin/sh\nsocat - "TCP:%s" | jq -c --unbuffered -f "%s"\n' "$2" "$T_TMP/$1.jq" >"$run"
	chmod +x "$run"
	_proxy ,fork "EXEC:$run" || return 1
	t_at_exit "kill $PROXY_PID 2>/dev/null"
}

# has FILE TEXT: 1 when the recording holds TEXT (bytes, not lines)
has() { if LC_ALL=C grep -q -a -F -- "$2" "$1"; then echo 1; else echo 0; fi; }
