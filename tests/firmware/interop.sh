# interop.sh — jhled-sim (our display firmware on the host) answers a Modbus RTU master we did
# not write: libmodbus (tests/firmware/mbmaster.c) on the other end of a real pty pair, through
# libserialport. Also: garbage on the line, unit and config changes, a pty that vanishes and
# returns, the PBM output against the golden image.
source "$(dirname "$0")/../lib/t.sh"
source "$JH_TOP/tests/lib/pty.sh"
B=${JH_BUILD:-$JH_TOP/build}
MB=$B/tests/firmware/mbmaster
GOLDEN=$JH_TOP/tests/firmware/golden
OUT=$T_TMP/sim.out

for f in "$JH_BIN/jhled-sim" "$MB" "$PTYSHIM"; do
	[ -x "$f" ] || [ -f "$f" ] || { not_ok "prerequisite_built: $f missing"; t_finish; }
done
if ! pty_pair line; then
	not_ok "pty_pair_created"
	t_finish
fi

# wait_for REGEX [COUNT]: until the sim's stdout has COUNT (default 1) lines matching.
wait_for() {
	local i n
	for i in $(seq 1 250); do
		n=$(grep -cE -- "$1" "$OUT")
		[ "$n" -ge "${2:-1}" ] && return 0
		sleep 0.02
	done
	return 1
}
mb() { "$MB" --port "$PTY_A" "$@"; }

LD_PRELOAD=$PTYSHIM "$JH_BIN/jhled-sim" --port "$PTY_B" --unit 1 --width 64 --height 16 \
	--pbm "$T_TMP/panel.pbm" >"$OUT" 2>"$T_TMP/sim.err" &
SIM=$!
t_at_exit "kill $SIM 2>/dev/null"
check sim_opens_the_pty_through_libserialport wait_for '^READY unit=1 baud=9600 64x16'

expect_eq heartbeat_reads_profile_model_version_and_size "$(mb read-input 0 10)" \
	"OK 0001 5010 0100 0000 0000 0000 0000 0000 0040 0010"
expect_eq full_state_write_is_acknowledged "$(mb write-multi 0 1 1 0 100 0)" "OK"
expect_eq line1_write_is_acknowledged "$(mb write-text 0x10 64 'A001 → 3')" "OK"
expect_eq line2_write_is_acknowledged "$(mb write-text 0x50 64 '请A001号到3号窗口')" "OK"
check state_summary_shows_the_call wait_for '^MODE=1 LINE1=A001 → 3 LINE2=请A001号到3号窗口$'
expect_eq line1_reads_back "$(mb read-holding 0x10 4)" "OK 4130 3031 20e2 8692"
expect_eq cmd_seq_reads_back "$(mb read-holding 0 2)" "OK 0001 0001"
check panel_art_is_printed grep -q '^|.*#.*|$' "$OUT"
sleep 0.1
check pbm_equals_the_golden_image cmp -s "$T_TMP/panel.pbm" "$GOLDEN/calling_arrow_64x16.pbm"

expect_eq illegal_mode_is_exception_3 "$(mb write 1 7)" "EXCEPTION 3"
expect_eq unmapped_register_is_exception_2 "$(mb read-holding 0x0200 1)" "EXCEPTION 2"
expect_eq unknown_function_is_exception_1 "$(mb raw 1 0x41 0 0)" "EXCEPTION 1"
expect_eq too_many_registers_is_exception_3 "$(mb raw 1 3 0 0 0 126)" "EXCEPTION 3"

expect_eq broadcast_is_not_answered "$(mb --unit 0 --timeout-ms 200 write 3 50)" "OK broadcast"
expect_eq broadcast_write_landed "$(mb read-holding 3 1)" "OK 0032"
expect_eq another_unit_gets_no_reply "$(mb --unit 9 --timeout-ms 200 read-holding 0 1)" \
	"ERROR Connection timed out"

mb write 0 7 >/dev/null
mb write 0 7 >/dev/null
mb write-multi 0 7 1 >/dev/null
check new_cmd_seq_acts wait_for '^ACTION SEQ=7 '
expect_eq repeated_cmd_seq_acts_once "$(grep -c '^ACTION SEQ=7 ' "$OUT")" 1
expect_eq last_cmd_seq_applied_in_heartbeat "$(mb read-input 4 1)" "OK 0007"

# Garbage straight onto the line: counted as a bad frame, the next request still answered.
printf '\x01\x03\x00\x00\x00\x01\x00\x00' > "${PTY_A#/dev/../../..}"
sleep 0.1
printf '\x55\xaa\x01' > "${PTY_A#/dev/../../..}"
sleep 0.1
expect_eq garbage_counts_one_bad_crc_and_is_survived "$(mb read-input 7 1)" "OK 0001"

# A new unit id and the key in one write: answered, then only the new address answers.
expect_eq config_write_with_key_is_acknowledged "$(mb write-multi 0x0f00 5 4 0xa55a)" "OK"
expect_eq new_unit_answers "$(mb --unit 5 read-holding 0x0f00 3)" "OK 0005 0004 0000"
expect_eq old_unit_is_silent "$(mb --timeout-ms 200 read-holding 0 1)" "ERROR Connection timed out"

# The pty vanishes (adapter pulled) and comes back at the same path: the sim reopens it.
pty_kill line
sleep 0.3
check sim_survives_a_vanished_port kill -0 $SIM
pty_pair line || not_ok "pty_pair_recreated"
check sim_reopens_the_returned_port wait_for '^READY ' 2
check reopened_port_keeps_the_new_unit grep -q '^READY unit=5 ' "$OUT"
expect_eq state_is_kept_across_the_reopen "$(mb --unit 5 read-holding 1 1)" "OK 0001"

kill $SIM
wait $SIM
expect_eq sim_exits_cleanly_on_sigterm "$?" 0
if grep -qiE 'sanitizer|runtime error' "$T_TMP/sim.err"; then
	not_ok "sim_runs_clean_under_sanitizers: $(head -5 "$T_TMP/sim.err")"
fi
t_finish
