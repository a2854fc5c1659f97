# faults.bash — the sweep over fault points that tests/server/faults.sh and
# tests/district/faults.sh share. Source after t.sh. The caller defines
#   run NAME VAR=VALUE...  one run with the fault the variables give (JH_FAULT_ALLOC,
#                          JH_FAULT_STEP); sets RUN_DIR (whose "count" file has the faults
#                          injected as its sixth field) and RUN_WHY ("" when every check held)
# and sets W (a burst's width, in allocations) and TAG (a prefix for the runs' names).
#   fault_sweep LABEL PROMISE KIND POINTS...
#                          a run with a KIND fault (alloc, burst, busy, ioerr) at each point;
#                          one case: "LABEL KIND fault at each of N points: PROMISE", or the
#                          number that failed and the first one's reason. A run into which no
#                          fault was injected fails too: the point was past the run's end.
fault_sweep() {
	local label=$1 promise=$2 kind=$3 n f fails=0 first=""
	shift 3
	for n in "$@"; do
		case $kind in
		alloc) run "${TAG}a$n" JH_FAULT_ALLOC="$n" ;;
		burst) run "${TAG}w$n" JH_FAULT_ALLOC="$n:$W" ;;
		busy) run "${TAG}b$n" JH_FAULT_STEP="$n:busy" ;;
		ioerr) run "${TAG}i$n" JH_FAULT_STEP="$n:ioerr" ;;
		esac
		if [ -z "$RUN_WHY" ]; then
			read -r _ _ _ _ _ f <"$RUN_DIR/count"
			[ "${f:-0}" -ge 1 ] || RUN_WHY="no fault was injected"
		fi
		if [ -n "$RUN_WHY" ]; then
			fails=$((fails + 1))
			[ -z "$first" ] && first="N=$n: $RUN_WHY"
		fi
	done
	if [ $fails = 0 ]; then
		ok "$label$kind fault at each of $# points: $promise"
	else
		not_ok "$label$kind fault at each of $# points: $fails failed, first $first"
	fi
}
