#!/bin/sh
# mkpack.sh — builds a voice pack for jhvoice (docs/VOICE.md, "The voice pack").
#   mkpack.sh OUTDIR                 the generated pack: espeak-ng (cmn-latn-pinyin, en-us) and sox
#   mkpack.sh --from DIR OUTDIR      a pack from recordings: DIR holds the same file names in any
#                                    format sox reads (.wav, .flac, ...); missing ones are generated
#   mkpack.sh --list                 the pack's file list, one a line
# Every clip is made 16000 Hz, mono, signed 16-bit WAV, trimmed of leading and trailing silence
# (below -45 dBFS) and normalized to a -3 dBFS peak (the chime to -9 dBFS: a pure tone at the
# speech's peak sounds far louder). The output is the same bytes for the same input.
set -eu
RATE=16000
PEAK=-3
CHIME_PEAK=-9
ZH=cmn-latn-pinyin	# Debian 12's plain cmn voice reads tone numbers as English digits
EN=en-us

# The clips: name, espeak-ng voice, text. Mandarin is written in pinyin with tone numbers, a
# word's syllables joined (the voice pauses between words).
table() {
	cat <<'TABLE'
zh/please	zh	qing3
zh/hao	zh	hao4
zh/to	zh	dao4
zh/window	zh	hao4chuang1kou3
zh/proceed	zh	ban4li3
zh/0	zh	ling2
zh/1	zh	yi1
zh/2	zh	er4
zh/3	zh	san1
zh/4	zh	si4
zh/5	zh	wu3
zh/6	zh	liu4
zh/7	zh	qi1
zh/8	zh	ba1
zh/9	zh	jiu3
zh/ten	zh	shi2
zh/hundred	zh	bai3
en/number	en	Number
en/please-go-to	en	please go to
en/window	en	window
en/0	en	zero
en/1	en	one
en/2	en	two
en/3	en	three
en/4	en	four
en/5	en	five
en/6	en	six
en/7	en	seven
en/8	en	eight
en/9	en	nine
en/10	en	ten
en/11	en	eleven
en/12	en	twelve
en/13	en	thirteen
en/14	en	fourteen
en/15	en	fifteen
en/16	en	sixteen
en/17	en	seventeen
en/18	en	eighteen
en/19	en	nineteen
en/20	en	twenty
en/30	en	thirty
en/40	en	forty
en/50	en	fifty
en/60	en	sixty
en/70	en	seventy
en/80	en	eighty
en/90	en	ninety
en/hundred	en	hundred
TABLE
	# letters: each voice says a capital letter alone as the letter's name (cmn-latn-pinyin
	# the Chinese way: A ei, B bi, ..., W dabuliu)
	for l in A B C D E F G H I J K L M N O P Q R S T U V W X Y Z; do
		printf 'zh/%s\tzh\t%s\n' "$l" "$l"
		printf 'en/%s\ten\t%s\n' "$l" "$l"
	done
}

list() {
	echo chime.wav
	table | cut -f1 | sed 's/$/.wav/'
}

from=""
case "${1:-}" in
--list) list; exit 0 ;;
--from) [ $# -eq 3 ] || { echo "usage: mkpack.sh [--from DIR] OUTDIR | --list" >&2; exit 2; }
	from=$2; shift 2 ;;
esac
[ $# -eq 1 ] || { echo "usage: mkpack.sh [--from DIR] OUTDIR | --list" >&2; exit 2; }
out=$1
for p in sox espeak-ng; do
	command -v $p >/dev/null || { echo "mkpack.sh: $p is missing (apt-get install $p)" >&2; exit 1; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkpack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out/zh" "$out/en"

# fit IN OUT PEAK: 16 kHz mono 16-bit, silence trimmed at both ends, peak normalized; no dither
fit() {
	sox -D "$1" -b 16 -e signed-integer "$2" remix - gain -6 rate $RATE \
		silence 1 0.005 -45d reverse silence 1 0.005 -45d reverse norm "$3"
	[ -s "$2" ] || { echo "mkpack.sh: $1 is silent" >&2; exit 1; }
}

# recorded ("--from"): the first file found under that name, in any format sox reads
recorded() {
	[ -n "$from" ] || return 1
	for f in "$from/$1".*; do
		[ -f "$f" ] && { echo "$f"; return 0; }
	done
	return 1
}

if src=$(recorded chime); then
	fit "$src" "$out/chime.wav" $CHIME_PEAK
else
	# "ding-dong": E5 then C5, each struck and fading away
	sox -D -n -r $RATE -c 1 -b 16 "$tmp/ding.wav" synth 0.55 sine 659.25 fade q 0.005 0.55 0.45
	sox -D -n -r $RATE -c 1 -b 16 "$tmp/dong.wav" synth 0.9 sine 523.25 fade q 0.005 0.9 0.8
	sox -D "$tmp/ding.wav" "$tmp/dong.wav" "$tmp/chime.wav"
	fit "$tmp/chime.wav" "$out/chime.wav" $CHIME_PEAK
fi
table | while IFS='	' read -r name voice text; do
	if src=$(recorded "$name"); then
		fit "$src" "$out/$name.wav" $PEAK
		continue
	fi
	case $voice in zh) v=$ZH ;; *) v=$EN ;; esac
	espeak-ng -v "$v" -w "$tmp/say.wav" "$text"
	fit "$tmp/say.wav" "$out/$name.wav" $PEAK
done
