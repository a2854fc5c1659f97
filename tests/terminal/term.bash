# term.bash — the tmux harness of the jhterm tests (sourced after tests/lib/t.sh): jhterm on a
# private tmux socket at a fixed size, keys sent with send-keys, the screen read with
# capture-pane -p.
#   start_term NAME COLS ROWS LANG [ENV=VALUE...] -- jhterm args...
#   screen NAME                  the screen's text now
#   wait_for NAME REGEX [TENTHS] until the screen matches (default 10 s); the last capture in LAST
#   expect_screen CASE NAME REGEX [TENTHS]   ok, or not ok with the last screen; 1 when not ok
#   dump                         LAST, indented as a comment
#   keys NAME KEYS...            tmux send-keys
TMUX_SOCK=$T_TMP/tmux.sock
tm() { tmux -S "$TMUX_SOCK" -f /dev/null "$@"; }
t_at_exit 'tmux -S "$TMUX_SOCK" kill-server >/dev/null 2>&1'

start_term() {
	local name=$1 cols=$2 rows=$3 lang=$4; shift 4
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	tm new-session -d -s "$name" -x "$cols" -y "$rows" \
		env -u LC_ALL -u LANGUAGE -u LC_MESSAGES LANG="$lang" "${envs[@]}" \
		"$JH_BIN/jhterm" "$@" \; set-option -t "$name" remain-on-exit on
}
screen() { tm capture-pane -p -t "$1"; }
wait_for() {
	local i
	for i in $(seq 1 "${3:-100}"); do
		LAST=$(screen "$1")
		printf '%s' "$LAST" | grep -qE -- "$2" && return 0
		sleep 0.1
	done
	return 1
}
dump() { printf '%s\n' "$LAST" | sed 's/^/#   |/'; }
expect_screen() {
	if wait_for "$2" "$3" "$4"; then ok "$1"
	else not_ok "$1: /$3/ not on the screen of $2"; dump; return 1; fi
}
keys() { local n=$1; shift; tm send-keys -t "$n" "$@"; }
