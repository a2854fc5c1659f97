#!/bin/bash
# sim_seeds.sh — the scheduling targets of docs/SCHEDULING.md on the standard full day, seeds
# 1-5 (JH_SIM_SEEDS for others), each on a hall's first day and on a hall in service (a jhd
# that ran the next seed's day the day before): the ETA range (coverage and width against the
# oracle's), the ETA error against the oracle's, fairness against first come first served,
# and the rebalancing figures. Prints each day's TARGET MET / MISSED lines and a table of the
# figures per seed; exits non-zero only when a day itself fails. Part of make bench.
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
JHSIM=${JH_BUILD:-$JH_TOP/build}/tests/sim/jhsim
START=2026-11-26T09:00:00+08:00
NEXT=2026-11-27T09:00:00+08:00
HALL=$JH_TOP/server/examples/district.ini
SHARE=${JH_SIM_APPT_SHARE:-0.28}
[ -x "$JHSIM" ] || { echo "$JHSIM is missing"; exit 1; }

# one SEED: first day and in service, outputs in $T_TMP/first-SEED and $T_TMP/service-SEED
one() {
	local seed=$1 rc
	JHD_DIR=$T_TMP/jhd-first-$seed
	jhd_start "$HALL" --test-clock "$START" || return 1
	"$JHSIM" --sock "$JHD_SOCK" --start "$START" --seed "$seed" --day full --hall "$HALL" \
		--appt-share "$SHARE" --targets "${JH_SIM_ARGS[@]}" >"$T_TMP/first-$seed"
	rc=$?
	jhd_stop
	JHD_DIR=$T_TMP/jhd-service-$seed
	jhd_start "$HALL" --test-clock "$START" || return 1
	"$JHSIM" --sock "$JHD_SOCK" --start "$START" --seed $((seed + 1)) --day full \
		--hall "$HALL" --appt-share "$SHARE" "${JH_SIM_ARGS[@]}" >"$T_TMP/before-$seed" &&
	"$JHSIM" --sock "$JHD_SOCK" --start "$NEXT" --seed "$seed" --day full --hall "$HALL" \
		--appt-share "$SHARE" --targets "${JH_SIM_ARGS[@]}" >"$T_TMP/service-$seed"
	rc=$((rc | $?))
	jhd_stop
	return $rc
}

# field FILE PATTERN: the first number after PATTERN on the line that has it
field() {
	grep -m1 -o "$2[^0-9-]*[-0-9.]*" "$1" | grep -o '[-0-9.]*$'
}

s=$(date +%s.%N)
rc=0
SEEDS=${JH_SIM_SEEDS:-1 2 3 4 5}
for seed in $SEEDS; do
	one "$seed" || { echo "# seed $seed: a day failed"; rc=1; }
done
for seed in $SEEDS; do
	for kind in first service; do
		echo "## seed $seed, $kind day"
		grep -h '^TARGET MET\|^MISSED\|^not ok\|^eta range\|^eta, oracle\|^eta, all\|^fairness' \
			"$T_TMP/$kind-$seed"
	done
done
echo "## per seed (first day / in service)"
printf '%-4s | %-13s | %-13s | %-11s | %-13s | %-7s\n' seed "range cover %" "width / oracle" \
	"eta median %" "oracle median %" "fifo+bound over"
for seed in $SEEDS; do
	f=$T_TMP/first-$seed; v=$T_TMP/service-$seed
	printf '%-4s | %5s / %5s | %5s / %5s | %4s / %4s | %5s | %3s / %3s\n' "$seed" \
		"$(field "$f" "jhd's coverage")" "$(field "$v" "jhd's coverage")" \
		"$(field "$f" 'ratio')" "$(field "$v" 'ratio')" \
		"$(field "$f" 'eta, all called: *n *[0-9]*, median abs error')" \
		"$(field "$v" 'eta, all called: *n *[0-9]*, median abs error')" \
		"$(field "$f" 'eta, oracle (every arrival known, handling times as expected): median abs error')" \
		"$(field "$f" 'over fifo + bound:')" "$(field "$v" 'over fifo + bound:')"
done
echo "# simulated $(echo "$SEEDS" | wc -w) seeds x 3 full days in $(echo "$(date +%s.%N) - $s" | bc) s"
exit $rc
