#!/bin/sh
# demo-cups.sh — a private cupsd for the demo hall, with two queues whose jobs land as files:
#   jhdemo-pdf      PDF tickets      → DIR/jobs/ticket-*.pdf
#   jhdemo-receipt  ESC/POS tickets  → DIR/jobs/ticket-*.escpos
# Nothing touches the system's own CUPS. Each queue is a raw queue on socket://127.0.0.1:PORT
# with a socat capture behind it (a raw file:// queue writes nothing: see docs/HARDWARE.md).
#   printers/demo-cups.sh start DIR   start (idempotent); prints the settings to use
#   printers/demo-cups.sh stop DIR    stop cupsd and the captures
#   printers/demo-cups.sh env DIR     print "export CUPS_SERVER=..." for a shell
set -e
. "$(dirname "$0")/cupsd-conf.sh"
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
	echo "usage: $0 start|stop|env DIR" >&2
	exit 1
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
sock=$dir/run/cups.sock

stop() {
	for f in "$dir"/pids/*; do
		[ -e "$f" ] || continue
		kill "$(cat "$f")" 2>/dev/null || true
		rm -f "$f"
	done
}

capture() {
	# $1 queue, $2 suffix: a socat listener on a free port; sets $port
	for i in 1 2 3 4 5 6 7 8 9 10; do
		port=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000 + 30000 ))
		socat -u "TCP-LISTEN:$port,bind=127.0.0.1,fork,reuseaddr" \
			"SYSTEM:f=$dir/jobs/ticket-\$(date +%Y%m%d-%H%M%S)-\$\$.$2; cat > \$f.part && mv \$f.part \$f" \
			2>>"$dir/log/socat" &
		echo $! >"$dir/pids/socat-$1"
		sleep 0.2
		if kill -0 "$(cat "$dir/pids/socat-$1")" 2>/dev/null; then
			return 0
		fi
	done
	echo "demo-cups: no free port for the $1 capture" >&2
	return 1
}

case "$cmd" in
stop)
	stop
	echo "demo-cups: stopped"
	exit 0
	;;
env)
	echo "export CUPS_SERVER=$sock"
	exit 0
	;;
start) ;;
*)
	echo "usage: $0 start|stop|env DIR" >&2
	exit 1
	;;
esac

stop
mkdir -p "$dir"/spool/tmp "$dir"/cache "$dir"/state "$dir"/log "$dir"/run "$dir"/jobs "$dir"/pids
chmod 755 "$dir"
cupsd_write_conf "$dir" "$sock" || { cat "$dir/log/t.out" >&2; exit 1; }
rm -f "$sock"
cupsd -f -c "$dir/cupsd.conf" -s "$dir/cups-files.conf" >>"$dir/log/stdout" 2>&1 &
echo $! >"$dir/pids/cupsd"
export CUPS_SERVER=$sock
i=0
until lpstat -r >/dev/null 2>&1; do
	i=$((i + 1))
	if [ $i -gt 100 ]; then
		echo "demo-cups: cupsd did not start; see $dir/log/error_log" >&2
		exit 1
	fi
	sleep 0.05
done
capture jhdemo-pdf pdf
lpadmin -p jhdemo-pdf -E -v "socket://127.0.0.1:$port" -m raw -D "jiaohao demo PDF printer" \
	2>/dev/null
capture jhdemo-receipt escpos
lpadmin -p jhdemo-receipt -E -v "socket://127.0.0.1:$port" -m raw \
	-D "jiaohao demo receipt printer" 2>/dev/null
lpadmin -d jhdemo-pdf 2>/dev/null
echo "demo-cups: cupsd running; export CUPS_SERVER=$sock"
echo "demo-cups: queues jhdemo-pdf (use --format pdf) and jhdemo-receipt (--format escpos)"
echo "demo-cups: tickets land in $dir/jobs"
