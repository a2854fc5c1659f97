# hall_encoding.sh — hall files as Windows Notepad saves them: GB18030 ("ANSI" on a Chinese
# Windows) is converted to UTF-8 by jhctl import, which says so; a UTF-8 byte order mark is
# skipped, by jhctl and by jhd itself (the import op may come from other clients); bytes that
# are neither UTF-8 nor GB18030 are refused with their line.
source "$(dirname "$0")/common.bash"
jhd_start none || { not_ok "jhd starts without a hall"; t_finish; }
sample=$JH_TOP/server/examples/district.ini
hall_name() { q as_local hall.name '{"op":"status"}'; }
svc_name() { q as_local services.0.name '{"op":"status"}'; }

# GB18030, made from the sample by iconv
iconv -f UTF-8 -t GB18030 "$sample" >"$T_TMP/gb.ini"
check "the GB18030 copy is not UTF-8 (so the test tests something)" \
	bash -c '! iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1' _ "$T_TMP/gb.ini"
out=$(jhctl import "$T_TMP/gb.ini" 2>"$T_TMP/gb.err")
expect_match "a GB18030 hall file is imported" "$out" \
	'imported gb.ini: 8 departments, 17 services, 12 windows'
expect_eq "jhctl says on stderr that it converted it" "$(cat "$T_TMP/gb.err")" \
	"$T_TMP/gb.ini: converted from GB18030"
expect_eq "its Chinese text arrives as it was written" "$(hall_name)" \
	"城东区政务服务中心 Chengdong District Service Centre"
expect_eq "the services' names too" "$(svc_name)" "社保参保登记 Social insurance enrolment"
expect_match "the UTF-8 sample is then the same hall: 0 changes" "$(jhctl import "$sample")" \
	'; 0 changes$'
out=$(jhctl import "$sample" 2>&1 >/dev/null)
expect_eq "a UTF-8 file is sent as it is, without a word" "$out" ""

# an error in a converted file is reported with the line of the file as saved
sed 's/^flags = same-day, simple-approval$/flags = same-day, quick/' "$sample" |
	iconv -f UTF-8 -t GB18030 >"$T_TMP/gbbad.ini"
line=$(grep -an 'quick' "$T_TMP/gbbad.ini" | head -1 | cut -d: -f1)
expect_match "a bad converted file: the server's error names its line" \
	"$(jhctl import "$T_TMP/gbbad.ini" 2>&1)" "gbbad.ini:line $line: unknown flag 'quick'"

# a UTF-8 byte order mark, through jhctl (right before "[hall]", as Notepad puts it)
sed -e '1,3d' -e 's/^name = 城东区政务服务中心 Chengdong District Service Centre$/name = 城东 BOM hall/' \
	"$sample" >"$T_TMP/plain.ini"
check "(the file starts with the section)" test "$(head -1 "$T_TMP/plain.ini")" = "[hall]"
{ printf '\357\273\277'; cat "$T_TMP/plain.ini"; } >"$T_TMP/bom.ini"
out=$(jhctl import "$T_TMP/bom.ini" 2>&1)
expect_match "a file with a UTF-8 byte order mark is imported by jhctl" "$out" \
	'hall name: 城东 BOM hall'
expect_eq "the hall name does not start with the mark" "$(hall_name)" "城东 BOM hall"
check "jhctl does not call it converted" bash -c '! grep -q converted <<<"$1"' _ "$out"

# ... and sent by another client with the mark in the JSON string: jhd skips it
jhctl import "$sample" >/dev/null
text=$(jq -Rs . <"$T_TMP/bom.ini")
ans=$(printf '{"op":"import","file":"bom.ini","text":%s}\n' "$text" | as_local)
expect_match "jhd itself skips a byte order mark" "$ans" '"ok":true.*"hall name: 城东 BOM hall"'
expect_eq "there too the name is clean" "$(hall_name)" "城东 BOM hall"
ans=$(printf '{"op":"import","file":"bom.ini","text":"\\ufeff[hall]\\nname = x\\n[kitchen]\\n"}\n' | as_local)
expect_match "and counts lines as in the file" "$ans" '"bad_request".*bom.ini:line 3: unknown section'

# bytes that are neither UTF-8 nor GB18030: refused by jhctl with their line, nothing sent
jhctl import "$sample" >/dev/null
awk 'NR == 5 { print "name = 城东 \377 hall"; next } { print }' "$sample" >"$T_TMP/neither.ini"
out=$(jhctl import "$T_TMP/neither.ini" 2>&1)
rc=$?
check "a file of neither encoding makes import fail" test $rc -ne 0
expect_match "it is refused with its line and what to do" "$out" \
	"neither.ini:line 5: neither UTF-8 nor GB18030 text; save the file as UTF-8"
check "not the JSON library's complaint" bash -c '! grep -q "missing field" <<<"$1"' _ "$out"
expect_eq "nothing of it is applied" "$(hall_name)" \
	"城东区政务服务中心 Chengdong District Service Centre"
# GB18030 throughout but one bad byte: the line of the bad byte, not of the first Chinese
iconv -f UTF-8 -t GB18030 "$sample" |
	awk 'NR == 40 { print $0 " \200"; next } { print }' >"$T_TMP/gbneither.ini"
expect_match "a GB18030 file with a stray byte: that byte's line" \
	"$(jhctl import "$T_TMP/gbneither.ini" 2>&1)" "gbneither.ini:line 40: neither UTF-8 nor GB18030"
# a byte order mark says UTF-8: then GB18030 is not guessed
{ printf '\357\273\277'; cat "$T_TMP/gb.ini"; } >"$T_TMP/bomgb.ini"
line=$(LC_ALL=C grep -an -m1 $'[\x80-\xff]' "$T_TMP/gb.ini" | cut -d: -f1)
expect_match "a file marked UTF-8 that is not is refused with its line" \
	"$(jhctl import "$T_TMP/bomgb.ini" 2>&1)" "bomgb.ini:line $line: not valid UTF-8 .*save the file as UTF-8"
t_finish
