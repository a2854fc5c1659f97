#!/bin/bash
# pack.sh — the voice pack made at build time (bin/voice) and its builder: every clip jhvoice
# needs is there, in the one format (16 kHz, mono, 16-bit), at the one loudness (-3 dBFS peak;
# the chime -9), trimmed of silence at both ends, and said in one breath; docs/VOICE.md lists
# the same files; the builder makes the same bytes twice and turns recordings into clips; and
# jhvoice refuses a pack missing a clip, by the clip's name; make install puts the pack where
# the installed jhvoice finds it.
. "$(dirname "$0")/../lib/t.sh"
JH_BUILD=${JH_BUILD:-$JH_TOP/build}
PACK=$JH_TOP/bin/voice
MK=$JH_TOP/firmware-bridge/voice/mkpack.sh
SCAN=$JH_BUILD/tests/voice/scan
for p in "$JH_BIN/jhvoice" "$SCAN" "$PACK/chime.wav"; do
	[ -e "$p" ] || { not_ok "pack_prerequisites: $p missing"; t_finish; }
done

list=$(sh "$MK" --list | sort)
expect_eq "the builder and jhvoice name the same clips" "$("$JH_BIN/jhvoice" --list-clips | sort)" \
	"$list"
expect_eq "102 clips: the chime, 43 Mandarin, 58 English" "$(echo "$list" | wc -l)" 102
made=$(cd "$PACK" && find . -name '*.wav' | sed 's|^\./||' | sort)
expect_eq "the pack holds exactly those clips" "$made" "$list"

# format, loudness, trimming, one breath: each clip by soxi and by scan
bad_fmt=""; bad_peak=""; bad_trim=""; bad_seg=""
for c in $list; do
	f=$PACK/$c
	[ "$(soxi -r "$f") $(soxi -c "$f") $(soxi -b "$f") $(soxi -t "$f")" = "16000 1 16 wav" ] ||
		bad_fmt="$bad_fmt $c"
	s=$("$SCAN" --threshold-db -46 --min-gap-ms 250 "$f")
	pk=$(awk '/^peak_db/ {print $2}' <<<"$s")
	want=-3
	[ "$c" = chime.wav ] && want=-9
	awk -v p="$pk" -v w=$want 'BEGIN { exit !(p >= w - 0.1 && p <= w + 0.1) }' ||
		bad_peak="$bad_peak $c($pk)"
	# sound within 10 ms of either end
	awk '/^ms/ {ms = $2} /^seg/ {if (!n++) first = $2; last = $3}
	    END { exit !(first <= 10 && ms - last <= 10) }' <<<"$s" || bad_trim="$bad_trim $c"
	[ "$(awk '/^segments/ {print $2}' <<<"$s")" = 1 ] || bad_seg="$bad_seg $c"
done
expect_eq "every clip is 16000 Hz mono 16-bit WAV" "${bad_fmt# }" ""
expect_eq "every clip peaks at -3 dBFS (the chime at -9)" "${bad_peak# }" ""
expect_eq "every clip is trimmed of silence at both ends" "${bad_trim# }" ""
expect_eq "no clip has a pause of 250 ms or more inside" "${bad_seg# }" ""

missing=""
for c in $list; do
	grep -qF -- "\`$c\`" "$JH_TOP"/docs/VOICE.md 2>/dev/null || missing="$missing $c"
done
expect_eq "docs/VOICE.md lists every clip of the pack" "${missing# }" ""

# The builder: the same bytes again; recordings in any format sox reads become clips.
sh "$MK" "$T_TMP/again" >"$T_TMP/mk.out" 2>&1
expect_eq "the builder makes the same bytes twice" \
	"$(cd "$T_TMP/again" && find . -name '*.wav' | sort | xargs md5sum)" \
	"$(cd "$PACK" && find . -name '*.wav' | sort | xargs md5sum)"
mkdir -p "$T_TMP/rec/zh"
# a "recording": 44.1 kHz stereo FLAC, half a second of silence each side, too quiet
sox -n -r 44100 -c 2 "$T_TMP/rec/zh/please.flac" synth 0.5 sine 300 vol 0.1 pad 0.5 0.5
sh "$MK" --from "$T_TMP/rec" "$T_TMP/fromrec" >"$T_TMP/mk2.out" 2>&1
expect_eq "mkpack.sh --from exits 0" "$?" 0
f=$T_TMP/fromrec/zh/please.wav
expect_eq "a recording becomes a 16 kHz mono 16-bit clip" \
	"$(soxi -r "$f") $(soxi -c "$f") $(soxi -b "$f")" "16000 1 16"
expect_match "trimmed to its sound and normalized to -3 dBFS" \
	"$(soxi -D "$f") $("$SCAN" "$f" | awk '/^peak_db/ {print $2}')" '^0\.(49|50|51)[0-9]* -(2\.9|3\.0)'
check "clips not recorded are generated" cmp "$T_TMP/fromrec/zh/proceed.wav" "$PACK/zh/proceed.wav"

# A pack missing a clip is refused at start, naming the clip.
cp -r "$PACK" "$T_TMP/holed"
rm "$T_TMP/holed/zh/7.wav"
out=$("$JH_BIN/jhvoice" --pack "$T_TMP/holed" --check 2>&1)
expect_eq "jhvoice --check refuses a pack missing a clip" "$?" 1
expect_match "and names it" "$out" "zh/7.wav: cannot open"
out=$(timeout 10 "$JH_BIN/jhvoice" --pack "$T_TMP/holed" --server 127.0.0.1:9 --pcm null 2>&1)
expect_eq "jhvoice will not start on it" "$?" 1
expect_match "naming the clip" "$out" "pack .*holed: zh/7.wav: cannot open"
sox "$PACK/zh/7.wav" -r 22050 "$T_TMP/holed/zh/7.wav"
out=$("$JH_BIN/jhvoice" --pack "$T_TMP/holed" --check 2>&1)
expect_match "nor a clip at another rate" "$out" "zh/7.wav: 22050 Hz, but the pack is 16000 Hz"
printf '[voice]\nlanguages = en\n' >"$T_TMP/en.ini"
out=$("$JH_BIN/jhvoice" --pack "$T_TMP/holed" --check --config "$T_TMP/en.ini" 2>&1)
expect_match "English alone does not need the Mandarin clips" "$out" "languages en: ok"

# make install: the pack where the installed jhvoice looks by default, the builder, the example
# and the unit, whose command line names options jhvoice has.
san=0
[ -f "$JH_TOP/bin/.flavour-build-san" ] && san=1
R=$T_TMP/root
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$JH_TOP" SAN=$san install DESTDIR="$R" \
	PREFIX=/opt/jh >"$T_TMP/install.out" 2>&1
expect_eq "make install exits 0" "$?" 0
expect_match "the installed jhvoice finds the installed pack" \
	"$("$R/opt/jh/bin/jhvoice" --check 2>&1)" "pack $R/opt/jh/share/jiaohao/voice \(102 clips"
check "the pack's builder is installed" test -x "$R/opt/jh/share/jiaohao/voice-mkpack.sh"
quiet() { "$@" >/dev/null 2>&1; }
check "the example configuration is installed and loads" \
	quiet "$R/opt/jh/bin/jhvoice" --config "$R/opt/jh/share/jiaohao/examples/voice.ini" --check
u=$R/opt/jh/lib/systemd/system/jhvoice.service
cmd=$(sed -n 's/^ExecStart=//p' "$u" 2>/dev/null)
expect_eq "jhvoice.service starts the installed jhvoice" "${cmd%% *}" /opt/jh/bin/jhvoice
help=$("$JH_BIN/jhvoice" --help 2>&1)
for o in $(grep -o -- '--[a-z-]*' <<<"$cmd"); do
	expect_match "jhvoice.service: $o is an option of jhvoice" "$help" "(^|[[ ])$o([] =]|\$)"
done
expect_eq "jhvoice.service may use the sound card" \
	"$(sed -n 's/^SupplementaryGroups=//p' "$u" 2>/dev/null)" audio
t_finish
