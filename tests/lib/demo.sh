#!/bin/bash
# demo.sh — `make demo` (scripts/demo.sh) started without a terminal, on a private tmux socket,
# folder and TCP port: it does not attach; each program starts in a pane of its final size, so
# the supervisor console is drawn once for its width (its header, with the clock at the end,
# on the first line and nowhere else: a console drawn for the window's width before the split
# wraps the clock onto the next line), the clerk consoles and the kiosk are up, and each
# display pane holds a whole panel (a strip's 16 rows, the board's 32, inside their frame).
# Then `scripts/demo.sh stop` stops it all.
source "$(dirname "$0")/t.sh"
for c in tmux socat cupsd; do
	command -v "$c" >/dev/null || [ -x "/usr/sbin/$c" ] ||
		{ not_ok "${c}_is_installed"; t_finish; }
done

# the demo's cupsd runs its queue's filter as user lp, who must reach the jobs folder (the
# test's private folder is 0700; /tmp/jiaohao-demo, the demo's own, is 0755)
chmod 711 "$T_TMP"
export JH_DEMO_DIR=$T_TMP/demo JH_DEMO_PORT=0 JH_DEMO_WEB_PORT=0 JH_DEMO_TMUX=jhtest-demo-$$
# SAN=1: the pty shim is preloaded before the ASan runtime (as tests/lib/pty.sh allows)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
T="tmux -L $JH_DEMO_TMUX"
t_at_exit "sh '$JH_TOP/scripts/demo.sh' stop >/dev/null 2>&1"

out=$(sh "$JH_TOP/scripts/demo.sh" </dev/null 2>&1); rc=$?
expect_eq "the demo starts without a terminal (exit 0)" "$rc" 0
expect_match "and says how to reach it" "$out" 'jiaohao demo hall is running'
if [ "$rc" != 0 ]; then
	tail -20 "$JH_DEMO_DIR"/log/*.log 2>/dev/null | sed 's/^/# /'
	t_finish
fi
expect_eq "it does not attach" "$($T list-clients 2>/dev/null | wc -l)" 0
expect_eq "its tmux windows" "$($T list-windows -t jiaohao-demo -F '#W' | tr '\n' ' ')" \
	"hall kiosk displays board server voice web "

pane() { $T capture-pane -p -t "jiaohao-demo:$1"; }
# wait_for PANE REGEX: up to 30 s for the pane to show it
wait_for() {
	for _ in $(seq 150); do
		pane "$1" | grep -qE -- "$2" && return 0
		sleep 0.2
	done
	return 1
}
check "the supervisor console signs in" wait_for hall.0 'Logged in as carol'
check "alice's clerk console signs in" wait_for hall.1 'Logged in as alice'
check "bob's clerk console signs in (in Chinese)" wait_for hall.2 '已登录：bob'
check "the kiosk shows its departments" wait_for kiosk.0 'Choose a department'
sleep 2	# the consoles' clock redraws the header every second

# the supervisor console: drawn once, for its own width
sup=$(pane hall.0)
width=$($T display-message -p -t jiaohao-demo:hall.0 '#{pane_width}')
expect_match "its header is the first line" "$(head -1 <<<"$sup")" '^ Supervisor · .* [0-9]{2}:[0-9]{2}:[0-9]{2}$'
expect_eq "the header appears once" "$(grep -c 'Supervisor · ' <<<"$sup")" 1
expect_eq "the clock appears once, on the header line" \
	"$(grep -nE '[0-9]{2}:[0-9]{2}:[0-9]{2}' <<<"$sup" | cut -d: -f1 | tr '\n' ' ')" "1 "
expect_match "the second line is whole" "$(sed -n 2p <<<"$sup")" '^(No alerts\.|[^0-9])'
expect_eq "the windows table's header appears once" "$(grep -c ' Win State ' <<<"$sup")" 1
widest=$(while IFS= read -r l; do printf '%s\n' "$l" | LC_ALL=C.UTF-8 wc -L; done <<<"$sup" |
	sort -n | tail -1)
check "no line is wider than the pane ($widest <= $width)" test "$widest" -le "$width"

# display panes: the last frame drawn is whole (top border, ROWS rows, bottom border)
whole_frame() {	# PANE ROWS COLUMNS
	pane "$1" | awk -v rows="$2" -v cols="$3" '
		/^\+-+\+$/ { if (in_frame && n == rows && length($0) == cols + 2) good = 1
			     else good = 0
			     in_frame = !in_frame || n == rows ? 1 : 0; n = 0; next }
		/^\|/ { if (in_frame) n++; next }
		END { exit !good }'
}
check "the strip of window 1 shows its whole 64x16 panel" wait_for displays.0 '^\+-{64}\+$'
check "window 1's panel is whole in its pane" whole_frame displays.0 16 64
check "window 2's panel is whole in its pane" whole_frame displays.1 16 64
check "the hall board shows its whole 192x32 panel" whole_frame board.0 32 192
check "jhbridge drives the three displays" wait_for displays.2 'display win2 .*: online'

# the README's tour, through the screens a person uses. 1: at the kiosk, department 1,
# service 1, normal: ticket A001; the PDF comes out of the demo's cupsd and its QR address
# opens the ticket's own page on the demo's jhweb
url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+/board' <<<"$out" | head -1)
check "the demo names the board's address" test -n "$url"
$T send-keys -t jiaohao-demo:kiosk.0 1
wait_for kiosk.0 '社保参保登记' && $T send-keys -t jiaohao-demo:kiosk.0 1
wait_for kiosk.0 '普通' && $T send-keys -t jiaohao-demo:kiosk.0 1
check "the kiosk shows ticket A001" wait_for kiosk.0 'A001'
pdf_out() {
	for _ in $(seq 100); do
		ls "$JH_DEMO_DIR"/cups/jobs/ticket-*.pdf >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	return 1
}
check "the kiosk's ticket is printed through the demo's cupsd" pdf_out
pdf=$(ls "$JH_DEMO_DIR"/cups/jobs/ticket-*.pdf 2>/dev/null | head -1)
qr=$(pdftotext -enc UTF-8 "$pdf" - 2>/dev/null | grep -o 'http://127\.0\.0\.1:[0-9]*/t/[A-Za-z0-9_-]*')
expect_match "its QR code is the ticket's page on the demo's jhweb" "$qr" "^${url%/board}/t/"
check "that page shows the ticket A001" bash -c "curl -fsS --max-time 2 '$qr' | grep -q A001"

# 2: F1 in alice's console (window 1) calls it: the consoles, the speaker, the board and the
# ticket's page all follow
$T send-keys -t jiaohao-demo:hall.1 F1
check "alice's console lists A001" wait_for hall.1 'A001'
check "a call shows on the supervisor console" wait_for hall.0 '^>?1 +open +alice +A001'

# the call is read out: the announcement lands in the demo's speaker file (16 kHz mono S16),
# at least its chime and the Mandarin part (5 s), and it is not silence
spoken() {
	for _ in $(seq 150); do
		[ "$(stat -c %s "$JH_DEMO_DIR/speaker.raw" 2>/dev/null || echo 0)" -ge 160000 ] &&
			return 0
		sleep 0.2
	done
	return 1
}
check "the call is read out into the demo's speaker file" spoken
check "and what was read is not silence" bash -c "od -An -v -td2 -w2 '$JH_DEMO_DIR/speaker.raw' |
	awk '\$1 > 3000 || \$1 < -3000 { n++ } END { exit !(n > 100) }'"

page_has() {	# URL TEXT: the page shows TEXT within 10 s
	for _ in $(seq 50); do
		curl -fsS --max-time 2 "$1" 2>/dev/null | grep -qF -- "$2" && return 0
		sleep 0.2
	done
	return 1
}
check "the board at that address shows the call" page_has "$url" 'A001'
check "the ticket's page sends its citizen to window 1" page_has "$qr" 'window 1'

# stop
jhd_pid=$(cat "$JH_DEMO_DIR/pids/jhd")
out=$(sh "$JH_TOP/scripts/demo.sh" stop 2>&1); rc=$?
expect_eq "scripts/demo.sh stop exits 0" "$rc" 0
check "the tmux server is gone" bash -c "! $T list-sessions >/dev/null 2>&1"
check "jhd is stopped" bash -c "! kill -0 $jhd_pid 2>/dev/null"
t_finish
