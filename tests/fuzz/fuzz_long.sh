#!/bin/sh
# fuzz_long.sh — make fuzz: each harness named on the command line for FUZZ_SECONDS seconds
# (default 600) from its seed corpus, keeping what it learns in $FUZZ_B/corpus/NAME (not in
# the repository: copy a new input into tests/fuzz/corpus/NAME by hand when it is worth
# keeping). A crash stops that harness and leaves its input in $FUZZ_B/crash-NAME-*; the
# command exits non-zero when any harness crashed.
top=$(cd "$(dirname "$0")/../.." && pwd)
fb=${FUZZ_B:-build-fuzz}
secs=${FUZZ_SECONDS:-600}
failed=""
for name in "$@"; do
	mkdir -p "$fb/corpus/$name"
	echo "fuzz_$name: $secs s (corpus $fb/corpus/$name, seeds tests/fuzz/corpus/$name)"
	dict=""
	[ -f "$top/tests/fuzz/$name.dict" ] && dict=-dict=$top/tests/fuzz/$name.dict
	if ! "$fb/fuzz_$name" $dict -max_total_time="$secs" -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix="$fb/crash-$name-" "$fb/corpus/$name" "$top/tests/fuzz/corpus/$name" \
	    2>"$fb/fuzz_$name.log"; then
		failed="$failed $name"
		grep -E 'ERROR|SUMMARY|Test unit written' "$fb/fuzz_$name.log" | head -5
	fi
	grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^Done' "$fb/fuzz_$name.log"
done
if [ -n "$failed" ]; then
	echo "fuzz: crashed:$failed (logs: $fb/fuzz_NAME.log)"
	exit 1
fi
echo "fuzz: no crash in $*"
