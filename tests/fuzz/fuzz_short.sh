#!/bin/bash
# fuzz_short.sh — the short run of every libFuzzer harness (tests/fuzz/fuzz.mk) in make check:
# each from its seed corpus (tests/fuzz/corpus/NAME) for a fixed number of inputs with a fixed
# seed (-runs, -seed=1: the same inputs every time, not a time budget). One case per harness:
# ok when the run ends without a crash, a leak, a sanitizer report or an abort of its checks.
# New inputs go to a temporary folder, never into the repository's corpus.
top=${JH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
fb=${JH_FUZZ_BUILD:-$top/build-fuzz}
# on tmpfs when there is one (fuzz_request commits into a database for every input)
tmp=$(mktemp -d /dev/shm/jhfuzz-short.XXXXXX 2>/dev/null || mktemp -d "${TMPDIR:-/tmp}/jhfuzz-short.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# inputs per harness: the request path costs a database per input (~6 ms), the others less
runs_of() {
	case $1 in
	request) echo 3000 ;;
	*) echo 20000 ;;
	esac
}
for name in ${JH_FUZZ_NAMES:-request hall modbus id web}; do
	bin=$fb/fuzz_$name corpus=$top/tests/fuzz/corpus/$name runs=$(runs_of "$name")
	if [ ! -x "$bin" ]; then
		echo "not ok - fuzz_$name: $bin is not built (make $fb/fuzz_$name)"
		continue
	fi
	if [ -z "$(ls -A "$corpus" 2>/dev/null)" ]; then
		echo "not ok - fuzz_$name: no seed corpus in $corpus"
		continue
	fi
	mkdir -p "$tmp/$name/new"
	dict=""
	[ -f "$top/tests/fuzz/$name.dict" ] && dict=-dict=$top/tests/fuzz/$name.dict
	JH_FUZZ_DIR=$tmp/$name TMPDIR=$tmp/$name "$bin" -runs="$runs" -seed=1 $dict -artifact_prefix="$tmp/$name/" \
		"$tmp/$name/new" "$corpus" >"$tmp/$name/log" 2>&1
	rc=$?
	seeds=$(ls "$corpus" | wc -l)
	if [ "$rc" = 0 ] && grep -q "^Done $runs runs" "$tmp/$name/log"; then
		echo "ok - fuzz_$name: $runs inputs from $seeds seeds, no crash"
	else
		art=$(ls "$tmp/$name" | grep -E '^(crash|leak|timeout|oom)-' | head -1)
		echo "not ok - fuzz_$name: exit $rc${art:+, $art}; input and report below"
		# what broke, and where in our code (the sanitizer's and libFuzzer's frames left out)
		grep -E '^==[0-9]+==ERROR|^SUMMARY|^fuzz_[a-z]+: |^#[0-9]+\s+(NEW|REDUCE|pulse)' \
			"$tmp/$name/log" | tail -4 | sed 's/^/#   /'
		grep -E '^ +#[0-9]+ 0x[0-9a-f]+ in ' "$tmp/$name/log" | grep -vE ' in (__|fuzzer::|abort|raise|_start|main )|libc\.so' |
			head -8 | sed 's/^/#   /'
		if [ -n "$art" ]; then
			mkdir -p "$fb/crashes"
			cp "$tmp/$name/$art" "$fb/crashes/$name-$art"
			echo "#   input kept in $fb/crashes/$name-$art (run: $bin FILE)"
		fi
	fi
done
