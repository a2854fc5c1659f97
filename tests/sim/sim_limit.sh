#!/bin/bash
# sim_limit.sh — how far adding backup duties can take target 4a (docs/SCHEDULING.md, section
# 6, "How far adding backup duties can go"): each seed's full day (seeds 1-5, JH_SIM_SEEDS for
# others) on the sample hall as it is, and on the same hall with every window given every
# other service as a backup duty from the opening (the most any rebalancing that only adds
# backups could ever do), the same citizens and handling times in both. Prints the normal
# lane's p90 wait and the count over 1.5x the service's day mean, and the p90's change against
# the sample hall measured in the same run. make bench.
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
JHSIM=${JH_BUILD:-$JH_TOP/build}/tests/sim/jhsim
START=2026-11-26T09:00:00+08:00
HALL=$JH_TOP/server/examples/district.ini
ALL=$T_TMP/allbackup.ini
[ -x "$JHSIM" ] || { echo "$JHSIM is missing"; exit 1; }

# every [service X] code, then each window's "services =" line with the others as backups
codes=$(sed -n 's/^\[service \([A-Za-z0-9]*\)\]$/\1/p' "$HALL")
awk -v codes="$codes" '
	BEGIN { n = split(codes, c, /[ \n]+/) }
	/^services = / {
		line = $0; sub(/^services = /, "", line)
		m = split(line, d, /, */); delete have
		for (i = 1; i <= m; i++) { x = d[i]; sub(/:.*/, "", x); have[x] = 1 }
		for (i = 1; i <= n; i++) if (c[i] != "" && !(c[i] in have)) line = line ", " c[i] ":backup"
		print "services = " line; next
	}
	{ print }' "$HALL" >"$ALL"
nb=$(grep -o ':backup' "$ALL" | wc -l)
nb0=$(grep -o ':backup' "$HALL" | wc -l)
[ "$nb" -gt "$nb0" ] || { echo "the derived hall has no more backup duties ($nb0 -> $nb)"; exit 1; }
echo "# backup duties: sample hall $nb0, every window with every service $nb"

# day NAME HALL SEED: one full day, its output in $T_TMP/NAME
day() {
	JHD_DIR=$T_TMP/jhd-$1
	jhd_start "$2" --test-clock "$START" || return 1
	"$JHSIM" --sock "$JHD_SOCK" --start "$START" --day full --hall "$2" --appt-share 0.28 \
		--seed "$3" >"$T_TMP/$1"
	local rc=$?
	jhd_stop
	return $rc
}
field() {
	grep -m1 -o -- "$2[^0-9-]*[-0-9.]*" "$1" | grep -o -- '[-0-9.]*$'
}

rc=0
for seed in ${JH_SIM_SEEDS:-1 2 3 4 5}; do
	day "fixed-$seed" "$HALL" "$seed" || rc=1
	day "all-$seed" "$ALL" "$seed" || rc=1
	a=$(field "$T_TMP/fixed-$seed" 'normal p90 wait'); b=$(field "$T_TMP/all-$seed" 'normal p90 wait')
	[ -n "$a" ] && [ -n "$b" ] || { echo "# seed $seed: a day gave no figure"; rc=1; continue; }
	echo "seed $seed: normal p90 wait $a min on the sample hall, $b min with every service" \
		"a backup everywhere ($(printf '%+.1f' "$(echo "scale=4; 100 * ($b - $a) / $a" | bc)")%; the 25% target" \
		"is <= $(echo "scale=2; 0.75 * $a" | bc)); over 1.5x the service's day mean" \
		"$(field "$T_TMP/fixed-$seed" "service's day mean:") -> $(field "$T_TMP/all-$seed" "service's day mean:")"
done
exit $rc
