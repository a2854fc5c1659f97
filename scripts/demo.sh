#!/bin/sh
# demo.sh — starts a whole demo hall in one tmux session (called by `make demo`):
#   jhd on 127.0.0.1:7878 with the sample district hall, two clerk consoles and a supervisor
#   console, a kiosk printing PDF tickets through a private cupsd, two window strips and a hall
#   board (jhled-sim on pseudo-terminals) driven by jhbridge, jhvoice reading the calls out
#   into DIR/speaker.raw (the demo has no sound card), and jhweb serving the hall's web pages.
#   scripts/demo.sh          start (stops an earlier demo first) and attach when on a terminal
#   scripts/demo.sh stop     stop everything the demo started
# Settings (the defaults are those of `make demo`):
#   JH_DEMO_DIR   where everything lives: database, logs, ptys, cupsd (/tmp/jiaohao-demo)
#   JH_DEMO_PORT  jhd's TCP port (7878; 0 picks a free one)
#   JH_DEMO_WEB_PORT  jhweb's port for the board and the ticket pages (8080; 0: a free one)
#   JH_DEMO_TMUX  the tmux server's socket name, tmux -L NAME (jiaohao-demo)
# The tmux panes are laid out first, with a placeholder in each, and each program is started
# in its pane only then (respawn-pane): it starts at its final size, never resized under it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. "$top/scripts/demo-pids.sh"
D=${JH_DEMO_DIR:-/tmp/jiaohao-demo}
PORT=${JH_DEMO_PORT:-7878}
WEB_PORT=${JH_DEMO_WEB_PORT:-8080}
T="tmux -L ${JH_DEMO_TMUX:-jiaohao-demo}"
SESSION=jiaohao-demo
PTY=$D/pty
SHIM=${JH_BUILD:-$top/build}/tests/lib/libptyshim.so	# JH_BUILD: as the tests set it
W=200	# the session's size before anyone attaches (tmux then takes the terminal's)
H=50

stop() {
	$T kill-server 2>/dev/null || true
	if [ -d "$D/cups" ]; then
		sh printers/demo-cups.sh stop "$D/cups" >/dev/null 2>&1 || true
	fi
	stop_pids "$D"
}

if [ "${1:-}" = stop ]; then
	stop
	echo "demo stopped (files kept in $D)"
	exit 0
fi

for p in jhd jhctl jhcall jhterm jhkiosk jhbridge jhled-sim jhweb jhvoice; do
	[ -x "bin/$p" ] || { echo "demo: bin/$p is missing: run 'make' first" >&2; exit 1; }
done
[ -f "$SHIM" ] || { echo "demo: $SHIM is missing: run 'make' first" >&2; exit 1; }

stop
rm -rf "$D"
mkdir -p "$D/pids" "$D/log" "$PTY"

# 1. The server, the hall, people and devices.
# the demo's password is "demo", shorter than jhd's default minimum (8 characters)
bin/jhd --foreground --db "$D/hall.db" --listen "127.0.0.1:$PORT" --port-file "$D/port" \
	--unix "$D/jhd.sock" --min-password 4 --web-addr 127.0.0.1 >"$D/log/jhd.out" 2>"$D/log/jhd.log" &
echo $! >"$D/pids/jhd"
for _ in $(seq 100); do
	[ -S "$D/jhd.sock" ] && [ -s "$D/port" ] && break
	kill -0 "$(cat "$D/pids/jhd")" 2>/dev/null || break
	sleep 0.1
done
if ! [ -S "$D/jhd.sock" ] || ! [ -s "$D/port" ]; then
	echo "demo: jhd did not start (is something else listening on 127.0.0.1:$PORT?);" \
		"see $D/log/jhd.log:" >&2
	tail -3 "$D/log/jhd.log" >&2
	stop
	exit 1
fi
ADDR=127.0.0.1:$(cat "$D/port")
# every client's address (jhctl and jhcall here; the programs in tmux are given theirs)
JH_SERVER=$D/jhd.sock
export JH_SERVER
bin/jhctl import server/examples/district.ini >"$D/log/import.txt"
for u in alice:clerk bob:clerk carol:supervisor; do
	printf 'demo\n' | bin/jhctl user add "${u%%:*}" --role "${u##*:}" --password-stdin >/dev/null
done
printf 'demo\n' >"$D/password"
chmod 600 "$D/password"
bin/jhctl device add kiosk-1 --role kiosk | awk 'END {print $NF}' >"$D/kiosk.token"
bin/jhctl device add demo-bridge --role display | awk 'END {print $NF}' >"$D/bridge.token"
bin/jhctl device add demo-web --role monitor | awk 'END {print $NF}' >"$D/web.token"
bin/jhctl device add demo-voice --role display | awk 'END {print $NF}' >"$D/voice.token"
chmod 600 "$D/kiosk.token" "$D/bridge.token" "$D/web.token" "$D/voice.token"
printf '%s\n' '{"op":"open","window":"1"}' '{"op":"open","window":"2"}' | bin/jhcall >/dev/null

# 2. A private cupsd whose PDF queue writes tickets into a folder.
sh printers/demo-cups.sh start "$D/cups" >"$D/log/cups.txt"
CUPS_ENV=$(sh printers/demo-cups.sh env "$D/cups")

# 3. Serial lines: one pty pair per display; the bridge's file is demo.ini with our ptys.
for p in w1 w2 board; do
	socat "pty,raw,echo=0,link=$PTY/$p.a" "pty,raw,echo=0,link=$PTY/$p.b" \
		>/dev/null 2>>"$D/log/socat.log" &
	echo $! >"$D/pids/socat-$p"
done
for _ in $(seq 50); do
	[ -e "$PTY/w1.b" ] && [ -e "$PTY/w2.b" ] && [ -e "$PTY/board.b" ] && break
	sleep 0.1
done
sed "s|/tmp/jhdemo/|$PTY/|" firmware-bridge/examples/demo.ini >"$D/bridge.ini"

sim() { # unit width height pty
	echo "LD_PRELOAD=$SHIM bin/jhled-sim --port /dev/../../..$PTY/$4.b --unit $1 --width $2 --height $3"
}

# 4. The layout, every pane holding a placeholder; then each program in its pane.
#    hall      supervisor (left half) | clerk alice over clerk bob (right half)
#    kiosk     the kiosk
#    displays  strip of window 1 | strip of window 2 (22 rows: a 64x16 panel's art, its
#              frame and the state line), jhbridge's log under them
#    board     the hall board (192x32: 35 rows)
#    server    jhd's log
#    voice     jhvoice's log; the announcements land in DIR/speaker.raw (16 kHz mono)
#    web       jhweb's log (the board and the ticket pages, in a browser)
HOLD="sleep 1000000"
pane() { # the id of the pane a tmux command just made (-P)
	$T "$@" -P -F '#{pane_id}' "$HOLD"
}
super=$(pane new-session -d -s $SESSION -n hall -x $W -y $H)
alice=$(pane split-window -t "$super" -h -l $((W / 2)))
bob=$(pane split-window -t "$alice" -v -l $((H / 2)))
kiosk=$(pane new-window -t $SESSION -n kiosk)
w1=$(pane new-window -t $SESSION -n displays)
bridge=$(pane split-window -t "$w1" -v -l $((H - 23)))
w2=$(pane split-window -t "$w1" -h -l $((W / 2)))
board=$(pane new-window -t $SESSION -n board)
server=$(pane new-window -t $SESSION -n server)
voice=$(pane new-window -t $SESSION -n voice)
web=$(pane new-window -t $SESSION -n web)

run() { # pane command
	$T respawn-pane -k -t "$1" "$2"
}
run "$super" "bin/jhterm --supervisor --server $ADDR --user carol --password-file $D/password"
run "$alice" "bin/jhterm --clerk --server $ADDR --user alice --window 1 --password-file $D/password"
run "$bob" "bin/jhterm --clerk --lang zh_CN --server $ADDR --user bob --window 2 --password-file $D/password"

run "$w1" "$(sim 1 64 16 w1)"
run "$w2" "$(sim 2 64 16 w2)"
run "$board" "$(sim 20 192 32 board)"
run "$bridge" "LD_PRELOAD=$SHIM bin/jhbridge --config $D/bridge.ini --server $ADDR --token-file $D/bridge.token 2>&1 | tee $D/log/bridge.log"
run "$server" "tail -f $D/log/jhd.log"
run "$voice" "bin/jhvoice --config firmware-bridge/voice/examples/demo.ini --server $ADDR --pack bin/voice --token-file $D/voice.token --pcm file:FILE=$D/speaker.raw,FORMAT=raw 2>&1 | tee $D/log/voice.log"
run "$web" "bin/jhweb --listen 127.0.0.1:$WEB_PORT --port-file $D/web.port --server $ADDR --device demo-web --token-file $D/web.token 2>&1 | tee $D/log/web.log"
for _ in $(seq 50); do [ -s "$D/web.port" ] && break; sleep 0.1; done
WEB=http://127.0.0.1:$(cat "$D/web.port" 2>/dev/null || echo "$WEB_PORT")
# the kiosk's tickets carry a QR code of their own page on this jhweb
run "$kiosk" "$CUPS_ENV; bin/jhkiosk --server $ADDR --device kiosk-1 --token-file $D/kiosk.token --printer jhdemo-pdf --format pdf --status-url $WEB/t/ --log-file $D/log/kiosk.log"
$T select-window -t $SESSION:hall
$T select-pane -t "$super"

# how to stop this demo: with the settings it was started with
STOP=scripts/demo.sh
[ -z "${JH_DEMO_TMUX:-}" ] || STOP="JH_DEMO_TMUX=$JH_DEMO_TMUX $STOP"
[ -z "${JH_DEMO_DIR:-}" ] || STOP="JH_DEMO_DIR=$JH_DEMO_DIR $STOP"
cat <<EOF
jiaohao demo hall is running.
  server      jhd on $ADDR, Unix socket $D/jhd.sock, database $D/hall.db
  people      clerks alice (window 1), bob (window 2), supervisor carol; password: demo
  kiosk       tmux window "kiosk"; PDF tickets land in $D/cups/jobs/
  displays    tmux window "displays": strips for windows 1 and 2, jhbridge; "board": the hall board
  voice       tmux window "voice": jhvoice; what the speakers would play lands in
              $D/speaker.raw; to listen:
              sox -t raw -r 16000 -e signed -b 16 -c 1 $D/speaker.raw speaker.wav
  web         $WEB/board  (the hall's big screen, live); a ticket's own page is
              $WEB/t/TOKEN, with the "token" of take's answer
  attach      $T attach -t $SESSION      (Ctrl-b n: next tmux window)
  by hand     export JH_SERVER=$D/jhd.sock
              bin/jhctl status
              echo '{"op":"take","service":"A"}' | bin/jhcall
  stop        $STOP stop
EOF
if [ -t 0 ] && [ -t 1 ] && [ -z "${TMUX:-}" ]; then
	exec $T attach -t $SESSION
fi
