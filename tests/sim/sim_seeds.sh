#!/bin/bash
# sim_seeds.sh — the scheduling targets of docs/SCHEDULING.md on the standard full day, seeds
# 1-5 (JH_SIM_SEEDS for others): each seed's day on a hall's first day (with the oracle and the
# 1,024-replay best possible forecast), on a hall in service (a jhd that ran the next seed's
# day the day before), with a supervisor who follows jhd's rebalancing suggestion every 10
# minutes, and with jhd's own auto_balance. The same citizens and handling times in every
# variant (the generator's seed). Prints each day's TARGET MET / MISSED lines and a table of the
# four figures per seed; exits non-zero only when a day itself fails (its checks). make bench.
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
JHSIM=${JH_BUILD:-$JH_TOP/build}/tests/sim/jhsim
START=2026-11-26T09:00:00+08:00
NEXT=2026-11-27T09:00:00+08:00
HALL=$JH_TOP/server/examples/district.ini
AUTO=$T_TMP/auto.ini
SHARE=${JH_SIM_APPT_SHARE:-0.28}
[ -x "$JHSIM" ] || { echo "$JHSIM is missing"; exit 1; }
sed 's/^\[policy\]$/[policy]\nauto_balance = on\nauto_balance_every = 10m/' "$HALL" >"$AUTO"

# sim NAME HALL jhsim-args...: a fresh jhd, one full day, its output in $T_TMP/NAME
sim() {
	local name=$1 hall=$2 rc; shift 2
	JHD_DIR=$T_TMP/jhd-$name
	jhd_start "$hall" --test-clock "$START" || return 1
	"$JHSIM" --sock "$JHD_SOCK" --start "$START" --day full --hall "$hall" \
		--appt-share "$SHARE" "$@" >"$T_TMP/$name"
	rc=$?
	jhd_stop
	return $rc
}

# one SEED: the four days
one() {
	local seed=$1 rc
	sim "first-$seed" "$HALL" --seed "$seed" --targets
	rc=$?
	JHD_DIR=$T_TMP/jhd-service-$seed
	jhd_start "$HALL" --test-clock "$START" || return 1
	"$JHSIM" --sock "$JHD_SOCK" --start "$START" --seed $((seed + 1)) --day full \
		--hall "$HALL" --appt-share "$SHARE" >"$T_TMP/before-$seed" &&
	"$JHSIM" --sock "$JHD_SOCK" --start "$NEXT" --seed "$seed" --day full --hall "$HALL" \
		--appt-share "$SHARE" --targets >"$T_TMP/service-$seed"
	rc=$((rc | $?))
	jhd_stop
	sim "supervisor-$seed" "$HALL" --seed "$seed" --balance supervisor || rc=1
	sim "auto-$seed" "$AUTO" --seed "$seed" --balance auto || rc=1
	return $rc
}

# field FILE PATTERN: the first number after PATTERN on the first line that has it
field() {
	grep -m1 -o -- "$2[^0-9-]*[-0-9.]*" "$1" | grep -o -- '[-0-9.]*$'
}

s=$(date +%s.%N)
rc=0
SEEDS=${JH_SIM_SEEDS:-1 2 3 4 5}
for seed in $SEEDS; do
	one "$seed" || { echo "# seed $seed: a day failed"; rc=1; }
done
for seed in $SEEDS; do
	for kind in first service supervisor auto; do
		echo "## seed $seed, $kind"
		grep -h '^TARGET MET\|^MISSED\|^not ok\|^eta range\|^eta, oracle\|^eta, all\|^balance\|against first' \
			"$T_TMP/$kind-$seed"
	done
done
FB="backups as jhd serves them"
echo "## per seed: 1 range (coverage %, median width / the oracle's for that coverage, with its central and its shortest intervals; first day | in service)"
echo "##           2 ETA median error % (first day | in service | oracle)"
echo "##           3 normal tickets over FIFO wait + head-start bound, over 1.5x FIFO + 5 min, worst excess (min)"
echo "##           4 normal p90 wait (min) and normal tickets over 1.5x their service's day mean: fixed -> supervisor | auto_balance"
for seed in $SEEDS; do
	f=$T_TMP/first-$seed; v=$T_TMP/service-$seed; p=$T_TMP/supervisor-$seed; a=$T_TMP/auto-$seed
	echo "seed $seed | 1: $(field "$f" "jhd's coverage")% $(field "$f" 'ratio')x (shortest: $(field "$f" 'jhd cuts its range.*ratio')x) | $(field "$v" "jhd's coverage")% $(field "$v" 'ratio')x (shortest: $(field "$v" 'jhd cuts its range.*ratio')x)" \
		"| 2: $(field "$f" 'eta, all called: *n *[0-9]*, median abs error') | $(field "$v" 'eta, all called: *n *[0-9]*, median abs error') | $(field "$f" 'handling times as expected): median abs error')" \
		"| 3: $(grep -h "served on the hall's windows, $FB: " "$f" | grep -o 'over fifo + bound: [0-9]*\|over 1.5x fifo + 5 min: [0-9]*\|worst [-+0-9.]*' | grep -o '[-+0-9.]*$' | tr '\n' ' ')" \
		"| 4: $(field "$f" 'normal p90 wait') -> $(field "$p" 'normal p90 wait') | $(field "$a" 'normal p90 wait') min;" \
		"$(field "$f" "service's day mean:") -> $(field "$p" "service's day mean:") | $(field "$a" "service's day mean:")"
done
# the targets, from the figures above (a missed target is a figure to report, not a failed run)
verdict() {	# verdict OK TEXT
	if [ "$1" = 1 ]; then echo "TARGET MET: $2"; else echo "MISSED: $2"; fi
}
svc_sum=0 orc_sum=0 n=0
for seed in $SEEDS; do
	f=$T_TMP/first-$seed; v=$T_TMP/service-$seed; p=$T_TMP/supervisor-$seed; a=$T_TMP/auto-$seed
	for kind in first service; do
		k=$T_TMP/$kind-$seed
		c=$(field "$k" "jhd's coverage"); r=$(field "$k" 'ratio')
		verdict "$(echo "$c >= 75 && $c <= 85" | bc)" "seed $seed, $kind day: range coverage 75-85%: $c%"
		verdict "$(echo "$r <= 1.25" | bc)" \
			"seed $seed, $kind day: range median width <= 1.25x the oracle's: ${r}x"
	done
	svc_sum=$(echo "$svc_sum + $(field "$v" 'eta, all called: *n *[0-9]*, median abs error')" | bc)
	orc_sum=$(echo "$orc_sum + $(field "$f" 'handling times as expected): median abs error')" | bc)
	n=$((n + 1))
	o=$(grep -h "served on the hall's windows, $FB: " "$f" | grep -o 'over fifo + bound: [0-9]*' | grep -o '[0-9]*$')
	verdict "$([ "$o" = 0 ] && echo 1)" "seed $seed: no normal ticket over its FIFO wait + the head-start bound: $o"
	b=$(field "$f" 'normal p90 wait'); bc_=$(field "$f" "service's day mean:")
	for m in p a; do
		k=$(eval echo "\$$m"); x=$(field "$k" 'normal p90 wait'); y=$(field "$k" "service's day mean:")
		who=$([ $m = p ] && echo supervisor || echo auto_balance)
		verdict "$(echo "$x <= 0.75 * $b" | bc)" \
			"seed $seed, $who: normal p90 wait >= 25% lower: $b -> $x min"
		verdict "$(echo "2 * $y <= $bc_" | bc)" \
			"seed $seed, $who: normal tickets over 1.5x their service's day mean halved: $bc_ -> $y"
	done
done
gap=$(echo "scale=2; ($svc_sum - $orc_sum) / $n" | bc)
verdict "$(echo "$gap <= 2.0" | bc)" "in service, mean median ETA error within 2.0 points of the oracle's: $(echo "scale=1; $svc_sum / $n" | bc)% vs $(echo "scale=1; $orc_sum / $n" | bc)% ($gap points)"
echo "# simulated $(echo "$SEEDS" | wc -w) seeds x 5 full days in $(echo "$(date +%s.%N) - $s" | bc) s"
exit $rc
