# avr_size.sh — the display firmware built for the ATmega328P fits the chip: flash <= 32 KiB,
# static RAM <= 2 KiB with room left for the stack; and the build-time font generator refuses
# bad glyph lists clearly. The ELF is built by `make check` (target firmware-avr).
source "$(dirname "$0")/../lib/t.sh"
B=${JH_BUILD:-$JH_TOP/build}
ELF=$B/avr/jhled.elf
STACK_RESERVE=384	# bytes the deepest call chain plus interrupts need, measured generously

if [ ! -f "$ELF" ]; then
	not_ok "avr_image_exists: $ELF missing (make firmware-avr)"
	t_finish
fi
check avr_image_is_for_the_atmega328p bash -c "file '$ELF' | grep -q 'Atmel AVR'"
sizes=$(avr-size -A "$ELF")
sec() { echo "$sizes" | awk -v s="$1" '$1 == s { print $2 }'; }
text=$(sec .text); data=$(sec .data); bss=$(sec .bss); noinit=$(sec .noinit)
text=${text:-0}; data=${data:-0}; bss=${bss:-0}; noinit=${noinit:-0}
flash=$((text + data))
ram=$((data + bss + noinit))
echo "# flash $flash bytes, static RAM $ram bytes"
if [ "$flash" -gt 0 ] && [ "$flash" -le 32768 ]; then ok "flash_fits_32_kib ($flash)"
else not_ok "flash_fits_32_kib: $flash bytes"; fi
if [ "$ram" -gt 0 ] && [ "$ram" -le 2048 ]; then ok "ram_fits_2_kib ($ram)"
else not_ok "ram_fits_2_kib: $ram bytes"; fi
if [ $((ram + STACK_RESERVE)) -le 2048 ]; then ok "ram_leaves_stack_room ($((2048 - ram)) free)"
else not_ok "ram_leaves_stack_room: only $((2048 - ram)) bytes for the stack"; fi
check avr_image_holds_the_hanzi_font bash -c "avr-nm '$ELF' | grep -q ' font_bits$'"
check avr_image_uses_no_malloc bash -c "! avr-nm '$ELF' | grep -qw malloc"

# fontgen: a character Unifont lacks, and a list that is not UTF-8, fail with a reason.
GEN=$B/firmware-bridge/firmware/fontgen
HEX=/usr/share/unifont/unifont.hex
printf '\xf0\x9f\x98\x80\n' > "$T_TMP/astral.txt"
printf '\xe8\xaf\n' > "$T_TMP/bad.txt"
printf '# comment \xff ignored\n\xe8\xaf\xb7\n' > "$T_TMP/good.txt"
out=$("$GEN" "$HEX" "$T_TMP/astral.txt" "$T_TMP/o.c" 2>&1); rc=$?
expect_match fontgen_refuses_characters_outside_the_bmp "rc=$rc $out" 'rc=1 .*outside the BMP'
out=$("$GEN" "$HEX" "$T_TMP/bad.txt" "$T_TMP/o.c" 2>&1); rc=$?
expect_match fontgen_refuses_malformed_utf8 "rc=$rc $out" 'rc=1 .*not UTF-8'
grep -v '^8BF7:' "$HEX" > "$T_TMP/short.hex"
out=$("$GEN" "$T_TMP/short.hex" "$T_TMP/good.txt" "$T_TMP/o.c" 2>&1); rc=$?
expect_match fontgen_names_a_glyph_unifont_lacks "rc=$rc $out" 'rc=1 .*U\+8BF7 is not in'
"$GEN" "$HEX" "$T_TMP/good.txt" "$T_TMP/o.c" 2>&1
expect_eq fontgen_writes_ascii_plus_the_list "$(grep -c '/\* U+' "$T_TMP/o.c")" 96
t_finish
