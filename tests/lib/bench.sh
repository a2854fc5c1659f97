#!/bin/sh
# Runs every benchmark given on the command line; each prints its own figures.
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
export JH_TOP="$top" JH_BIN="$top/bin" JH_BUILD="$top/$BUILD"
rc=0
for b in "$@"; do
	echo "== $b"
	case "$b" in
	*.sh) bash "$b" || rc=1 ;;
	*) "$b" || rc=1 ;;
	esac
done
exit $rc
