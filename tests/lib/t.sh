# t.sh — shell test helpers, sourced by tests/*/*.sh. One "ok"/"not ok" line per case.
JH_TOP=${JH_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
JH_BIN=${JH_BIN:-$JH_TOP/bin}
T_FAILED=0
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; T_FAILED=$((T_FAILED + 1)); }
# check NAME COMMAND...: runs the command, reports the case.
check() {
	local name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: expected '$3', got '$2'"; fi
}
# expect_match NAME TEXT REGEX (grep -E)
expect_match() {
	if printf '%s' "$2" | grep -qE -- "$3"; then ok "$1"
	else not_ok "$1: '$3' not found in: $(printf '%s' "$2" | head -c 600)"; fi
}
# A private temporary directory removed at exit (EXIT traps may chain through t_at_exit).
T_TMP=$(mktemp -d /tmp/jhtest.XXXXXX)
T_EXIT_CMDS=""
t_at_exit() { T_EXIT_CMDS="$1; $T_EXIT_CMDS"; }
trap 'eval "$T_EXIT_CMDS"; rm -rf "$T_TMP"' EXIT
t_finish() { exit $((T_FAILED > 0)); }
