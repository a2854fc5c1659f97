#!/bin/bash
# sim_bench.sh — the hall simulator's standard full day against the real jhd (make bench):
# prints waits per lane, ETA error and window utilisation, and checks the targets (ETA median
# absolute error <= 15% of the true wait; no normal ticket waits more than 1.5x its service's
# mean wait), printing TARGET MET or MISSED for each; exits non-zero only when the day itself
# fails (a lost ticket, a call against the policy). JH_SIM_SEED picks another day.
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
JHSIM=${JH_BUILD:-$JH_TOP/build}/tests/sim/jhsim
START=2026-11-26T09:00:00+08:00
HALL=$JH_TOP/server/examples/district.ini
[ -x "$JHSIM" ] || { echo "$JHSIM is missing"; exit 1; }
jhd_start "$HALL" --test-clock "$START" || { echo "jhd did not start"; exit 1; }
s=$(date +%s.%N)
"$JHSIM" --sock "$JHD_SOCK" --start "$START" --seed "${JH_SIM_SEED:-1}" --day full \
	--hall "$HALL" --targets
rc=$?
echo "# simulated a full day in $(echo "$(date +%s.%N) - $s" | bc) s"
exit $rc
