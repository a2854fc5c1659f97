# clockshim.bash — jhd on a system clock moved for it alone (tests/lib/clockshim.c, built by
# make), for the tests of what jhd does when its real clock steps or passes a time of day.
# Source after t.sh and jhd.sh, before jhd_start:
#   clockshim_bin       JH_BIN becomes $T_TMP/bin, whose jhd runs through the shim (jhctl and
#                       jhcall are the real ones); 1 when the shim is not built
#   step_to ISO         jhd's system clock reads ISO from now on (and runs on from there)
clockshim_bin() {
	local shim=${JH_BUILD:-$JH_TOP/build}/tests/lib/libclockshim.so real=$JH_BIN p
	if [ ! -f "$shim" ]; then
		echo "# the clock shim is not built: $shim is missing (make)" >&2
		return 1
	fi
	JH_BIN=$T_TMP/bin
	mkdir -p "$JH_BIN"
	printf '#!/bin/bash\nexport LD_PRELOAD=%s JH_CLOCKSHIM=%s ASAN_OPTIONS=verify_asan_link_order=0:${ASAN_OPTIONS:-}\nexec "%s/jhd" "$@"\n' \
		"$shim" "$T_TMP/offset" "$real" >"$JH_BIN/jhd"
	chmod +x "$JH_BIN/jhd"
	for p in jhctl jhcall; do ln -s "$real/$p" "$JH_BIN/$p"; done
}
step_to() {
	echo $(( $(date -d "$1" +%s) - $(date +%s) )) >"$T_TMP/offset.new"
	mv "$T_TMP/offset.new" "$T_TMP/offset"
}
