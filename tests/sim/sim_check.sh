#!/bin/bash
# sim_check.sh — the hall simulator's short day against the real jhd (make check): no ticket
# lost, every ticket ends done or no_show, every call is the one the policy picks (lanes
# ordered), the oracle replay gives every wait back, and the same seed gives the same day
# twice. Half the citizens of services with slots book one (--appt-share 0.5, so that the
# short day has holders who come early, on time, late and never): every booking accepted,
# every check-in in the lane its time gives, every checked-in ticket final, the no-shows
# recorded by the server for those who never came.
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
JHSIM=${JH_BUILD:-$JH_TOP/build}/tests/sim/jhsim
START=2026-11-26T09:00:00+08:00
HALL=$JH_TOP/server/examples/district.ini

if [ ! -x "$JHSIM" ]; then
	not_ok "sim_jhsim_is_built: $JHSIM is missing (make $JHSIM)"
	t_finish
fi

# run_day SEED OUT: a fresh jhd on the sample hall, one short day; jhsim's ok/not ok lines
# go to OUT.
run_day() {
	JHD_DIR=$T_TMP/jhd-$2
	if ! jhd_start "$HALL" --test-clock "$START"; then
		not_ok "sim_jhd_starts_with_a_test_clock: see $JHD_LOG"
		return 1
	fi
	timeout -k 5 120 "$JHSIM" --sock "$JHD_SOCK" --start "$START" --seed "$1" --day short \
		--hall "$HALL" --appt-share 0.5 >"$T_TMP/$2" 2>"$T_TMP/$2.err"
	local rc=$?
	jhd_stop
	return $rc
}

run_day 7 first
rc=$?
grep -E '^(ok|not ok) ' "$T_TMP/first"
expect_eq "sim_short_day_exits_cleanly" "$rc" 0
if [ "$rc" != 0 ]; then
	sed 's/^/# /' "$T_TMP/first" "$T_TMP/first.err" | head -40
fi
expect_match "sim_short_day_takes_tickets" "$(cat "$T_TMP/first")" \
	'^# day ends [0-9]+ min after opening; [1-9][0-9]* tickets taken'
expect_match "sim_short_day_has_holders_early_on_time_late_and_never" \
	"$(grep '^appointments:' "$T_TMP/first")" \
	'booked \([1-9][0-9]* early, [1-9][0-9]* on time, [1-9][0-9]* late, [1-9][0-9]* never came\)'
sed -n '/^lane/,/^utilisation/p; /^appointment/p; /^walk-ins/p' "$T_TMP/first" | sed 's/^/# /'

run_day 7 second
expect_eq "sim_same_seed_gives_the_same_day" \
	"$(grep -v '^ok\|^not ok' "$T_TMP/second" | md5sum)" \
	"$(grep -v '^ok\|^not ok' "$T_TMP/first" | md5sum)"
t_finish
