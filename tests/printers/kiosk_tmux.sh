# kiosk_tmux.sh — the ncurses kiosk under a real tmux, for shell tests. Source after t.sh and
# jhd.sh (and cupsd.sh when the kiosk prints), once jhd runs.
#   kiosk_start [jhkiosk args...]   device kiosk-tmux (token from jhd), a fixed 100x32 pane,
#       LANG=C.UTF-8; log in $T_TMP/kiosk.err; the pane is killed at exit
#   screen                          the pane's text now (capture-pane -p)
#   wait_for NAME REGEX             ok when the screen matches within 10 s, else not ok + dump
#   wait_gone NAME REGEX            ok when the screen stops matching within 10 s
#   WAIT_S=S wait_for|wait_gone ... within S seconds instead (e.g. less than the kiosk's own
#                                   5 s refresh, to see that an event did it)
#   key KEYS...                     tmux send-keys
#   jhd_req JSON [FIELD]            one request on jhd's admin socket; prints the answer, or
#                                   only FIELD of it (jhcall --field: "error:CODE" when not ok)
#   ticket_field CODE FIELD         a field of today's ticket CODE, read back from jhd
KIOSK=${KIOSK:-$JH_BIN/jhkiosk}
TM="tmux -S $T_TMP/tmux.sock"

kiosk_start() {
	local token
	[ -x "$KIOSK" ] || { echo "# $KIOSK is missing" >&2; return 1; }
	command -v tmux >/dev/null || { echo "# tmux is not installed" >&2; return 1; }
	token=$(jhd_device kiosk-tmux kiosk)
	(umask 077; printf '%s\n' "$token" >"$T_TMP/kiosk.token")
	t_at_exit "$TM kill-server 2>/dev/null"
	$TM -f /dev/null new-session -d -s kiosk -x 100 -y 32 \
		"env LANG=C.UTF-8 TERM=screen CUPS_SERVER=${CUPS_SERVER:-/nonexistent} $KIOSK \
		--server $JHD_ADDR --device kiosk-tmux --token-file $T_TMP/kiosk.token \
		--log-file $T_TMP/kiosk.err $*; sleep 30"
}

screen() { $TM capture-pane -p -t kiosk; }

wait_for() {
	local i
	for i in $(seq 1 $((${WAIT_S:-10} * 20))); do
		if screen | grep -qE -- "$2"; then ok "$1"; return 0; fi
		sleep 0.05
	done
	not_ok "$1: '$2' not on screen:"
	screen | sed 's/^/#   /'
	sed 's/^/#   err: /' "$T_TMP/kiosk.err" 2>/dev/null | tail -20
	return 1
}

wait_gone() {
	local i
	for i in $(seq 1 $((${WAIT_S:-10} * 20))); do
		if ! screen | grep -qE -- "$2"; then ok "$1"; return 0; fi
		sleep 0.05
	done
	not_ok "$1: '$2' still on screen:"
	screen | sed 's/^/#   /'
	return 1
}

key() { $TM send-keys -t kiosk "$@"; }

jhd_req() {
	if [ $# -ge 2 ]; then
		printf '%s\n' "$1" | "$JH_BIN/jhcall" --sock "$JHD_SOCK" --field "$2"
	else
		printf '%s\n' "$1" | "$JH_BIN/jhcall" --sock "$JHD_SOCK"
	fi
}

ticket_field() {
	jhd_req "{\"op\":\"ticket\",\"code\":\"$1\"}" "ticket.$2"
}
