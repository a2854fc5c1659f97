# simavr.sh — the real ATmega328P image, run in simavr by bin/jhled-avr with USART0 on a pty,
# answers a libmodbus master, and the image it scans out of its HUB12 pins equals the golden.
source "$(dirname "$0")/../lib/t.sh"
B=${JH_BUILD:-$JH_TOP/build}
MB=$B/tests/firmware/mbmaster
ELF=$B/avr/jhled.elf
GOLDEN=$JH_TOP/tests/firmware/golden
LINK=$T_TMP/avr0
for f in "$JH_BIN/jhled-avr" "$MB" "$ELF"; do
	[ -f "$f" ] || { not_ok "prerequisite_built: $f missing"; t_finish; }
done

"$JH_BIN/jhled-avr" --elf "$ELF" --link "$LINK" --pbm "$T_TMP/panel.pbm" --width 128 \
	--height 32 >"$T_TMP/avr.out" 2>"$T_TMP/avr.err" &
AVR=$!
t_at_exit "kill $AVR 2>/dev/null"
for i in $(seq 1 250); do
	grep -q '^READY' "$T_TMP/avr.out" && break
	sleep 0.02
done
check runner_bridges_the_uart_to_a_pty test -L "$LINK"
# simavr keeps real time only while the firmware idles; on a loaded machine it runs slower, so
# the master waits longer than on a real line, and the first poll is retried as a master retries
# a board that is still booting.
mb() { "$MB" --port "$LINK" --timeout-ms 3000 "$@"; }

# Blank EEPROM: defaults (unit 1, 9600) and the bad-config status bit.
for i in 1 2 3 4 5; do
	hb=$(mb read-input 0 4)
	case "$hb" in OK*) break ;; esac
done
expect_eq avr_heartbeat_reports_profile_and_128x32 "$hb" "OK 0001 5010 0100 0008"
expect_eq avr_panel_size_in_heartbeat "$(mb read-input 8 2)" "OK 0080 0020"
expect_eq avr_full_state_write "$(mb write-multi 0 3 1 0 100 0)" "OK"
expect_eq avr_line1_write "$(mb write-text 0x10 64 'A001 → 3')" "OK"
expect_eq avr_line2_write "$(mb write-text 0x50 64 '请到3号窗口')" "OK"
expect_eq avr_line1_reads_back "$(mb read-holding 0x10 4)" "OK 4130 3031 20e2 8692"
expect_eq avr_cmd_seq_applied "$(mb read-input 4 1)" "OK 0003"
same=no
for i in $(seq 1 250); do
	if cmp -s "$T_TMP/panel.pbm" "$GOLDEN/calling_two_lines_128x32.pbm"; then
		same=yes
		break
	fi
	sleep 0.02
done
expect_eq avr_scanned_image_equals_the_golden "$same" yes
expect_eq avr_illegal_value_is_exception_3 "$(mb write 1 9)" "EXCEPTION 3"
expect_eq avr_unknown_function_is_exception_1 "$(mb raw 1 0x41 0 0)" "EXCEPTION 1"
expect_eq avr_unmapped_register_is_exception_2 "$(mb read-holding 0x0300 1)" "EXCEPTION 2"
printf '\x01\x06\x00\x01\x00\x02\xff\xff' > "$LINK"
sleep 0.1
expect_eq avr_bad_crc_is_counted_and_survived "$(mb read-input 7 1)" "OK 0001"
expect_eq avr_mode_unchanged_by_the_bad_frame "$(mb read-holding 1 1)" "OK 0001"
expect_eq avr_broadcast_is_silent "$(mb --unit 0 --timeout-ms 300 write 3 40)" "OK broadcast"
expect_eq avr_broadcast_landed "$(mb read-holding 3 1)" "OK 0028"

kill $AVR
wait $AVR
expect_eq runner_exits_cleanly "$?" 0
check runner_removes_its_link test ! -e "$LINK"
t_finish
