#!/bin/bash
# sim_bench.sh — the hall simulator's standard full day against the real jhd (make bench),
# twice with the same seed: without appointments (--appt-off: the citizens who would book
# come as walk-ins, i.e. share 0) and with the standard share (28% of the citizens of the
# services with slots book one). Prints waits per lane, ETA error (the server's, the policy's
# with the true means, and the oracle floor), window utilisation, the appointment holders'
# wait after max(check-in, slot start), and the walk-ins' waits in both days; checks the
# targets (appointment holders' median < 5 min; ETA median absolute error <= 15% of the true
# wait; no normal ticket waits more than 1.5x its service's mean wait), printing TARGET MET
# or MISSED for each; exits non-zero only when a day itself fails (a lost ticket, a call
# against the policy, a booking or check-in refused). Then the day with appointments once
# more on a hall in service (a jhd that ran another day before it), for its ETA error.
# JH_SIM_SEED picks another day, JH_SIM_APPT_SHARE another share.
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
JHSIM=${JH_BUILD:-$JH_TOP/build}/tests/sim/jhsim
START=2026-11-26T09:00:00+08:00
HALL=$JH_TOP/server/examples/district.ini
SHARE=${JH_SIM_APPT_SHARE:-0.28}
[ -x "$JHSIM" ] || { echo "$JHSIM is missing"; exit 1; }

day() {	# day NAME jhsim-args...: a fresh jhd, one full day, its output in $T_TMP/NAME
	local name=$1; shift
	JHD_DIR=$T_TMP/jhd-$name
	jhd_start "$HALL" --test-clock "$START" || { echo "jhd did not start"; return 1; }
	"$JHSIM" --sock "$JHD_SOCK" --start "$START" --seed "${JH_SIM_SEED:-1}" --day full \
		--hall "$HALL" --appt-share "$SHARE" "$@" >"$T_TMP/$name"
	local rc=$?
	jhd_stop
	return $rc
}

# The same day on a hall in service: a jhd that ran another day (the next seed) the day
# before, so that it starts with handling averages and spread learnt from that day.
in_service() {
	local seed=${JH_SIM_SEED:-1}
	JHD_DIR=$T_TMP/jhd-in-service
	jhd_start "$HALL" --test-clock "$START" || { echo "jhd did not start"; return 1; }
	"$JHSIM" --sock "$JHD_SOCK" --start "$START" --seed $((seed + 1)) --day full \
		--hall "$HALL" --appt-share "$SHARE" >"$T_TMP/day-before" &&
	"$JHSIM" --sock "$JHD_SOCK" --start "$NEXT" --seed "$seed" --day full \
		--hall "$HALL" --appt-share "$SHARE" >"$T_TMP/in-service"
	local rc=$?
	jhd_stop
	return $rc
}
NEXT=2026-11-27T09:00:00+08:00	# the next working day

s=$(date +%s.%N)
day without --appt-off; rc1=$?
day with --targets; rc2=$?
in_service; rc3=$?
echo "## the day without appointments (the same citizens all walk in)"
cat "$T_TMP/without"
echo "## the day with appointments (share $SHARE)"
cat "$T_TMP/with"
echo "## walk-ins (the citizens who do not book), without and with appointments"
grep -h '^walk-ins who do not book' "$T_TMP/without" "$T_TMP/with"
echo "## the day with appointments on a hall in service (jhd ran seed $((${JH_SIM_SEED:-1} + 1))'s day the day before)"
grep -h '^eta, all called\|^eta, waited\|^not ok' "$T_TMP/in-service"
echo "# simulated four full days in $(echo "$(date +%s.%N) - $s" | bc) s"
[ "$rc1" = 0 ] && [ "$rc2" = 0 ] && [ "$rc3" = 0 ]
