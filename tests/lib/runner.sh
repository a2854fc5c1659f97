#!/bin/sh
# Runs every test program given on the command line and counts their results.
# A test program prints one line per case: "ok - NAME" or "not ok - NAME: why".
# A program that exits non-zero without a "not ok" line, that prints no "ok" line at all,
# or that runs past its time limit counts as one failure: nothing is skipped silently. So does
# a shell test in which bash itself reports a broken line (a command not found, a syntax
# error): the cases around such a line may pass while the line's own check never ran.
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
export JH_TOP="$top" JH_BIN="$top/bin" JH_BUILD="$top/$BUILD"
logs="$top/$BUILD/test-logs"
mkdir -p "$logs"
limit=${JH_TEST_TIMEOUT:-300}
pass=0
fail=0
for t in "$@"; do
	name=$(echo "$t" | sed 's|/|_|g')
	log="$logs/$name.log"
	start=$(date +%s)
	case "$t" in
	*.sh) timeout -k 5 "$limit" bash "$t" >"$log" 2>&1 ;;
	*) timeout -k 5 "$limit" "$t" >"$log" 2>&1 ;;
	esac
	rc=$?
	end=$(date +%s)
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	extra=""
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		f=$((f + 1)); extra=" (timed out after ${limit}s)"
	elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1; extra=" (exited $rc with no failed case)"
	elif [ "$p" = 0 ] && [ "$f" = 0 ]; then
		f=1; extra=" (reported no case)"
	elif broken=$(grep -E '^[^ ]+\.(sh|bash): line [0-9]+: .*(command not found|syntax error|bad substitution)' "$log"); then
		f=$((f + 1)); extra=" (bash: $(echo "$broken" | head -1))"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" = 0 ]; then
		printf 'PASS %-52s %3d ok  %3ds\n' "$t" "$p" $((end - start))
	else
		printf 'FAIL %-52s %3d ok %3d failed%s  %ds  log: %s\n' "$t" "$p" "$f" "$extra" \
			$((end - start)) "$log"
		grep '^not ok ' "$log" | head -20 | sed 's/^/     /'
		if [ -n "$extra" ]; then tail -15 "$log" | sed 's/^/     | /'; fi
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
