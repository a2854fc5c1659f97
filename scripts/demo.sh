#!/bin/bash
# demo.sh — starts a whole demo hall in one tmux session (called by `make demo`):
#   jhd on 127.0.0.1:7878 with the sample district hall, two clerk consoles and a supervisor
#   console, a kiosk printing PDF tickets through a private cupsd, and two window strips plus a
#   hall board (jhled-sim on pseudo-terminals) driven by jhbridge.
#   scripts/demo.sh          start (stops an earlier demo first) and attach when on a terminal
#   scripts/demo.sh stop     stop everything the demo started
# Everything lives under $JH_DEMO_DIR (default /tmp/jiaohao-demo); the pty links under /tmp/jhdemo
# are the paths named in firmware-bridge/examples/demo.ini.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
D=${JH_DEMO_DIR:-/tmp/jiaohao-demo}
PTY=/tmp/jhdemo
ADDR=127.0.0.1:7878
SESSION=jiaohao-demo
TMUX_CMD="tmux -L jiaohao-demo"
SHIM=$top/build/tests/lib/libptyshim.so

stop() {
	$TMUX_CMD kill-server 2>/dev/null || true
	if [ -d "$D/cups" ]; then
		sh printers/demo-cups.sh stop "$D/cups" >/dev/null 2>&1 || true
	fi
	for f in "$D"/pids/*; do
		[ -e "$f" ] || continue
		kill "$(cat "$f")" 2>/dev/null || true
		rm -f "$f"
	done
}

if [ "${1:-}" = stop ]; then
	stop
	echo "demo stopped (files kept in $D)"
	exit 0
fi

for p in jhd jhctl jhcall jhterm jhkiosk jhbridge jhled-sim; do
	[ -x "bin/$p" ] || { echo "demo: bin/$p is missing: run 'make' first" >&2; exit 1; }
done
[ -f "$SHIM" ] || { echo "demo: $SHIM is missing: run 'make' first" >&2; exit 1; }

stop
rm -rf "$D" "$PTY"
mkdir -p "$D/pids" "$D/log" "$PTY"

if (exec 3<>/dev/tcp/127.0.0.1/7878) 2>/dev/null; then
	echo "demo: something already listens on $ADDR; stop it first" >&2
	exit 1
fi

# 1. The server, the hall, people and devices.
bin/jhd --foreground --db "$D/hall.db" --listen "$ADDR" --unix "$D/jhd.sock" >"$D/log/jhd.out" 2>"$D/log/jhd.log" &
echo $! >"$D/pids/jhd"
for _ in $(seq 50); do [ -S "$D/jhd.sock" ] && break; sleep 0.1; done
[ -S "$D/jhd.sock" ] || { echo "demo: jhd did not start; see $D/log/jhd.log" >&2; exit 1; }
export JH_SOCK=$D/jhd.sock
bin/jhctl import server/examples/district.ini >"$D/log/import.txt"
for u in alice:clerk bob:clerk carol:supervisor; do
	printf 'demo\n' | bin/jhctl user add "${u%%:*}" --role "${u##*:}" --password-stdin >/dev/null
done
printf 'demo\n' >"$D/password"
chmod 600 "$D/password"
bin/jhctl device add kiosk-1 --role kiosk | awk 'END {print $NF}' >"$D/kiosk.token"
bin/jhctl device add demo-bridge --role display | awk 'END {print $NF}' >"$D/bridge.token"
chmod 600 "$D/kiosk.token" "$D/bridge.token"
printf '%s\n' '{"op":"open","window":"1"}' '{"op":"open","window":"2"}' |
	bin/jhcall --sock "$JH_SOCK" >/dev/null

# 2. A private cupsd whose PDF queue writes tickets into a folder.
sh printers/demo-cups.sh start "$D/cups" >"$D/log/cups.txt"
CUPS_ENV=$(sh printers/demo-cups.sh env "$D/cups")

# 3. Serial lines: one pty pair per display.
for p in w1 w2 board; do
	socat "pty,raw,echo=0,link=$PTY/$p.a" "pty,raw,echo=0,link=$PTY/$p.b" >/dev/null 2>>"$D/log/socat.log" &
	echo $! >"$D/pids/socat-$p"
done
for _ in $(seq 50); do [ -e "$PTY/board.b" ] && [ -e "$PTY/w2.b" ] && break; sleep 0.1; done

sim() { # unit width height pty
	echo "LD_PRELOAD=$SHIM bin/jhled-sim --port /dev/../../..$PTY/$4.b --unit $1 --width $2 --height $3"
}

# 4. The consoles, the kiosk and the displays, in one tmux session.
T="$TMUX_CMD"
$T new-session -d -s $SESSION -n hall -x 200 -y 50 \
	"bin/jhterm --supervisor --server $ADDR --user carol --password-file $D/password"
$T split-window -t $SESSION:hall -h \
	"bin/jhterm --clerk --server $ADDR --user alice --window 1 --password-file $D/password"
$T split-window -t $SESSION:hall.1 -v \
	"bin/jhterm --clerk --lang zh_CN --server $ADDR --user bob --window 2 --password-file $D/password"
$T new-window -t $SESSION -n kiosk \
	"$CUPS_ENV; bin/jhkiosk --server $ADDR --device kiosk-1 --token-file $D/kiosk.token --printer jhdemo-pdf --format pdf --log-file $D/log/kiosk.log"
$T new-window -t $SESSION -n displays "$(sim 1 64 16 w1)"
$T split-window -t $SESSION:displays -v "$(sim 2 64 16 w2)"
$T split-window -t $SESSION:displays -v "$(sim 20 192 32 board)"
$T split-window -t $SESSION:displays -v \
	"LD_PRELOAD=$SHIM bin/jhbridge --config firmware-bridge/examples/demo.ini --token-file $D/bridge.token 2>&1 | tee $D/log/bridge.log"
$T select-layout -t $SESSION:displays even-vertical
$T new-window -t $SESSION -n server "tail -f $D/log/jhd.log"
$T select-window -t $SESSION:hall

cat <<EOF
jiaohao demo hall is running.
  server      jhd on $ADDR, Unix socket $D/jhd.sock, database $D/hall.db
  people      clerks alice (window 1), bob (window 2), supervisor carol; password: demo
  kiosk       tmux window "kiosk"; PDF tickets land in $D/cups/jobs/
  displays    tmux window "displays": strips for windows 1 and 2, the hall board, jhbridge
  attach      $TMUX_CMD attach -t $SESSION      (Ctrl-b n: next tmux window)
  by hand     JH_SOCK=$D/jhd.sock bin/jhctl status
              echo '{"op":"take","service":"A"}' | bin/jhcall --sock $D/jhd.sock
  stop        scripts/demo.sh stop
EOF
if [ -t 0 ] && [ -t 1 ] && [ -z "${TMUX:-}" ]; then
	exec $TMUX_CMD attach -t $SESSION
fi
