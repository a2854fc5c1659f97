#!/bin/bash
# voice.sh — jhd + jhvoice, with real audio and no sound card: the PCM is ALSA's file plugin
# piping into tests/voice/sink, which takes the samples at a card's pace (8 x faster) and
# keeps them. What the speakers would have played is checked byte for byte against jhvoice's
# own rendering of each announcement, and apart from it with the pack's clip lengths and an
# analysis of the sound: a call, five calls in one go, a recall jumping the queue, the device
# dying in the middle of an announcement, a stalled device, a missing device (the alert, the
# server restarted meanwhile, the alert cleared when it comes back), max_age, a quiet period,
# and the demo's configuration writing into a file.
. "$(dirname "$0")/../lib/t.sh"
. "$JH_TOP/tests/lib/jhd.sh"
JH_BUILD=${JH_BUILD:-$JH_TOP/build}
SINK=$JH_BUILD/tests/voice/sink
SCAN=$JH_BUILD/tests/voice/scan
PACK=$JH_TOP/bin/voice
SPEED=8
for p in "$JH_BIN/jhd" "$JH_BIN/jhcall" "$JH_BIN/jhvoice" "$SINK" "$SCAN" "$PACK/chime.wav"; do
	if [ ! -e "$p" ]; then
		not_ok "voice_prerequisites: $p missing"
		t_finish
	fi
done
if ! jhd_start; then
	not_ok "jhd_starts: $(tail -5 "$JHD_LOG" 2>/dev/null)"
	t_finish
fi
tok=$(jhd_device voice-1 display)
V=$T_TMP/voice
mkdir -p "$V"
VP=""
t_at_exit 'kill $VP 2>/dev/null'

# The test's ALSA configuration: pcm.jhtest, or nothing ("missing": no such device).
asound() {
	if [ "${1:-}" = missing ]; then
		: >"$V/asound.conf.new"
	else
		cat >"$V/asound.conf.new" <<A
pcm.jhtest {
	type file
	slave.pcm "null"
	file "|exec $SINK --out $V/out.raw --speed $SPEED --hold $V/hold --pid $V/sink.pid"
	format "raw"
}
A
	fi
	mv "$V/asound.conf.new" "$V/asound.conf"	# a new inode: alsa-lib reads it again
}

# voice_start [INI LINES...]: jhvoice on a fresh output, its log in $V/voice.log.
voice_start() {
	voice_stop
	rm -f "$V/out.raw" "$V/exp.raw" "$V/hold"
	: >"$V/exp.raw"
	{
		printf '[voice]\nserver = %s\ndevice = voice-1\ntoken = %s\npcm = jhtest\n' \
			"$JHD_ADDR" "$tok"
		printf 'pack = %s\nlog = debug\nretry_max = 1\nstall = 3\n' "$PACK"
		printf 'word_gap_ms = 60\nchime_gap_ms = 300\nlang_gap_ms = 700\ntail_ms = 800\n'
		printf '%s\n' "$@"
	} >"$V/voice.ini"
	: >"$V/voice.log"
	ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:$V/asound.conf "$JH_BIN/jhvoice" \
		--config "$V/voice.ini" 2>>"$V/voice.log" &
	VP=$!
	wait_log 'connected to the server' 1 10
}
voice_stop() {
	[ -n "$VP" ] || return 0
	kill "$VP" 2>/dev/null
	wait "$VP" 2>/dev/null
	VP=""
	cat "$V/voice.log" >>"$V/voice.all"
}
# wait_log REGEX COUNT SECONDS: until jhvoice's log has COUNT lines matching.
wait_log() {
	local i
	for i in $(seq 1 $(($3 * 20))); do
		[ "$(grep -cE -- "$1" "$V/voice.log")" -ge "$2" ] && return 0
		sleep 0.05
	done
	return 1
}
op() { printf '%s\n' "$@" | "$JH_BIN/jhcall" --sock "$JHD_SOCK"; }
take() { op "{\"op\":\"take\",\"service\":\"$1\"}" | jq -r .ticket.code; }
# call W...: at each window, finish what it serves and call the next, all in one request
# batch (one turn of the server); prints the codes called.
call() {
	local reqs=() w
	for w in "$@"; do
		reqs+=("{\"op\":\"finish\",\"window\":\"$w\"}" "{\"op\":\"call_next\",\"window\":\"$w\"}")
	done
	op "${reqs[@]}" | jq -r 'select(.ticket.state == "called") | .ticket.code'
}
# expect CODE WINDOW: its announcement, as jhvoice renders it, is next in the output.
expect() {
	"$JH_BIN/jhvoice" --config "$V/voice.ini" --say "$1" "$2" --out "$V/one.wav" &&
		tail -c +45 "$V/one.wav" >>"$V/exp.raw"
}
size() { stat -c %s "$1" 2>/dev/null || echo 0; }
# wait_out SECONDS: until the output is as long as expected.
wait_out() {
	local i
	for i in $(seq 1 $(($1 * 20))); do
		[ "$(size "$V/out.raw")" -ge "$(size "$V/exp.raw")" ] && return 0
		sleep 0.05
	done
	return 1
}
# played NAME: the output is exactly what was expected, so far.
played() {
	wait_out 30
	if cmp -s "$V/out.raw" "$V/exp.raw"; then ok "$1"
	else not_ok "$1: the output ($(size "$V/out.raw") bytes) is not the expected $(size \
		"$V/exp.raw") bytes: $(cmp "$V/out.raw" "$V/exp.raw" 2>&1 | head -1)"; fi
}
# ends_with: the output ends with the announcement rendered last ($V/one.wav), within 20 s.
ends_with() {
	local i e=$(($(size "$V/one.wav") - 44))
	for i in $(seq 1 400); do
		cmp -s <(tail -c $e "$V/out.raw") <(tail -c +45 "$V/one.wav") && return 0
		sleep 0.05
	done
	return 1
}
alerts() { op '{"op":"status"}' | jq -c '[.alerts[] | select(.source == "voice-1")]'; }
wait_alert() {	# wait_alert REGEX SECONDS
	local i
	for i in $(seq 1 $(($2 * 10))); do
		alerts | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
samples() { soxi -s "$PACK/$1.wav"; }
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d <= 50 && d >= -50) }'; }

for i in 1 2 3 4 5 6; do op "{\"op\":\"open\",\"window\":\"$i\"}" >/dev/null; done
asound

# 1. One call: exactly the chime, then Mandarin, then English.
voice_start
take A >/dev/null
c=$(call 1)
expect_eq "window 1 calls A001" "$c" A001
expect A001 1
played "a call is read out: the announcement jhvoice renders, and nothing else"

zh="zh/please zh/A zh/0 zh/0 zh/1 zh/hao zh/to zh/1 zh/window zh/proceed"
en="en/number en/A en/0 en/0 en/1 en/please-go-to en/window en/1"
ms_of() {	# the clips' length in ms, with word gaps of 60 ms between them
	local n=0 k=0 c
	for c in "$@"; do n=$((n + $(samples "$c"))); k=$((k + 1)); done
	echo $((n / 16 + 60 * (k - 1)))
}
chime=$(($(samples chime) / 16))
zh_ms=$(ms_of $zh)
en_ms=$(ms_of $en)
want=$((chime + 300 + zh_ms + 700 + en_ms + 800))
s=$("$SCAN" --rate 16000 --threshold-db -40 --min-gap-ms 250 "$V/out.raw")
got=$(awk '/^ms/ {print $2}' <<<"$s")
if near "$got" "$want"; then ok "its length is the sum of its clips and gaps ($got ms, ±50)"
else not_ok "its length is the sum of its clips and gaps: $got ms, want $want ms ±50"; fi
expect_eq "three speech segments: chime, Mandarin, English" "$(awk '/^segments/ {print $2}' <<<"$s")" 3
pk=$(sox -t raw -r 16000 -e signed -b 16 -c 1 "$V/out.raw" -n stats 2>&1 | awk '/Pk lev dB/ {print $4}')
if awk -v p="$pk" 'BEGIN { exit !(p < -1) }'; then ok "no clipping: peak $pk dBFS (sox stats)"
else not_ok "no clipping: peak $pk dBFS"; fi
read -r z0 z1 <<<"$(awk '/^seg / && ++n == 2 {print $2, $3}' <<<"$s")"
read -r e0 e1 <<<"$(awk '/^seg / && ++n == 3 {print $2, $3}' <<<"$s")"
if near "$z0" $((chime + 300)) && near $((z1 - z0)) "$zh_ms" &&
    near "$e0" $((chime + 300 + zh_ms + 700)) && near $((e1 - e0)) "$en_ms"; then
	ok "Mandarin ($zh_ms ms) before English ($en_ms ms)"
else
	not_ok "Mandarin before English: segments at $z0-$z1 and $e0-$e1 ms; want Mandarin" \
		"$zh_ms ms at $((chime + 300)), English $en_ms ms at $((chime + 300 + zh_ms + 700))"
fi

# 2. Five calls in one turn of the server: five announcements, in order, whole, one after the
# other (queued behind each other at the device's pace).
base=$(size "$V/out.raw")
for s in A D F G H; do take $s >/dev/null; done
codes=$(call 2 3 4 5 6 | tr '\n' ' ')
expect_eq "five windows call at once" "$codes" "A002 D001 F001 G001 H001 "
w=2
for c in $codes; do expect "$c" $w; w=$((w + 1)); done
played "five calls in one go: five announcements in order, none overlapping"
tail -c +$((base + 1)) "$V/out.raw" >"$V/five.raw"
expect_eq "fifteen speech segments in them" \
	"$("$SCAN" --min-gap-ms 250 "$V/five.raw" | awk '/^segments/ {print $2}')" 15

# 3. A recall jumps the queue: while window 1's call is being read (the device held), windows
# 2 and 3 call and window 1 recalls; the recall is read next, before the other two.
for s in A A D; do take $s >/dev/null; done
touch "$V/hold"
c1=$(call 1)
wait_log "announce $c1 at window 1: " 1 10
read -r c2 c3 <<<"$(call 2 3 | tr '\n' ' ')"
op '{"op":"recall","window":"1"}' >/dev/null
wait_log "queued $c1 at window 1 \(recall\)" 1 10
rm -f "$V/hold"
expect "$c1" 1; expect "$c1" 1; expect "$c2" 2; expect "$c3" 3
played "a recall is read again, ahead of the calls waiting"
check "the log says it was the recall" wait_log "announce $c1 at window 1 \(recall\)" 1 10

# 4. The device dies in the middle of an announcement: the alert is raised, the device is
# opened again, the alert cleared, and the announcement read again from its start.
take A >/dev/null
base=$(size "$V/out.raw")
touch "$V/hold"
c=$(call 1)
wait_log "announce $c at window 1: " 1 10
kill -9 "$(cat "$V/sink.pid")"
rm -f "$V/hold"
check "a failing device raises audio_offline" \
	wait_log 'alert audio_offline raised: pcm jhtest: write failed' 1 10
check "and clears it once it plays again" wait_log 'alert audio_offline cleared' 1 10
check "the announcement cut off is begun again" wait_log "announce $c at window 1: " 2 10
expect "$c" 1
check "the announcement cut off is read again whole" ends_with
total=$(size "$V/out.raw"); e=$(($(size "$V/one.wav") - 44))
# before it since the failure: silence only (the reopened device's test)
expect_eq "with nothing but silence before it" \
	"$(tail -c +$((base + 1)) "$V/out.raw" | head -c $((total - base - e)) | tr -d '\0' | wc -c)" 0
cp "$V/out.raw" "$V/exp.raw"

# 5. A device that stops taking sound (stalled) raises the alert while it is stalled.
take A >/dev/null
touch "$V/hold"
c=$(call 1)
check "a stalled device raises audio_offline" wait_alert '"kind":"audio_offline","message":"pcm jhtest: stalled' 10
sleep 2
rm -f "$V/hold"
check "which clears when it takes sound again" wait_alert '^\[\]$' 10
expect_eq "raised once while stalled, not again every second" \
	"$(grep -c 'alert audio_offline raised: pcm jhtest: stalled' "$V/voice.log")" 1
expect "$c" 1
played "and the announcement is read whole"

# 6. A missing device: the alert (raised again on a restarted server), the call kept, the
# alert cleared when the device appears, the call read.
asound missing
voice_start
check "a missing device raises audio_offline" \
	wait_alert '"kind":"audio_offline","message":"pcm jhtest: cannot open' 10
jhd_restart
check "raised again on a restarted server" \
	wait_alert '"kind":"audio_offline","message":"pcm jhtest: cannot open' 10
take A >/dev/null
wait_log 'connected to the server' 2 10
c=$(call 1)
check "a call made meanwhile ($c) is queued" wait_log "queued $c at window 1" 1 10
asound
check "the alert clears when the device is there" wait_alert '^\[\]$' 10
expect "$c" 1
check "the call made while it was missing is read once it is there" ends_with

# 7. max_age: a call that waited longer is dropped (logged), the ones after it are read.
voice_start 'max_age = 5' 'stall = 60'
for s in A A D; do take $s >/dev/null; done
touch "$V/hold"
c1=$(call 1)
wait_log "announce $c1 at window 1: " 1 10
c2=$(call 2)
sleep 7
c3=$(call 3)
rm -f "$V/hold"
expect "$c1" 1; expect "$c3" 3
played "an announcement older than max_age is not read; the next one is"
check "the log says why" wait_log "dropped $c2 for window 2: [0-9.]+ s old, more than max_age 5 s" 1 5

# 8. A quiet period: no announcement, a log line.
from=$(date -d '-2 min' +%H:%M); to=$(date -d '+3 min' +%H:%M)
voice_start "quiet = $from-$to"
take A >/dev/null
c=$(call 1)
check "in a quiet period a call is not announced (logged)" \
	wait_log "quiet period $from-$to: $c at window 1 not announced" 1 10
sleep 0.5
expect_eq "and nothing is played" "$(size "$V/out.raw")" 0

# 9. The demo's way (no sound card): the example demo.ini and ALSA's built-in file PCM; the
# call lands in the file.
voice_stop
"$JH_BIN/jhvoice" --config "$JH_TOP/firmware-bridge/voice/examples/demo.ini" --server "$JHD_ADDR" \
	--device voice-1 --token "$tok" --pcm "file:FILE=$V/speaker.raw,FORMAT=raw" \
	2>"$V/voice.log" &
VP=$!
wait_log 'connected to the server' 1 10
take A >/dev/null
c=$(call 1)
"$JH_BIN/jhvoice" --config "$JH_TOP/firmware-bridge/voice/examples/demo.ini" --say "$c" 1 \
	--out "$V/one.wav"
for i in $(seq 1 100); do
	[ "$(size "$V/speaker.raw")" -ge $(($(size "$V/one.wav") - 44)) ] && break
	sleep 0.05
done
check "the demo's jhvoice writes the call into its file" \
	cmp "$V/speaker.raw" <(tail -c +45 "$V/one.wav")

voice_stop
if [ "$T_FAILED" -gt 0 ]; then
	echo "# jhvoice logs:"; grep -v 'alsa:' "$V/voice.all" | tail -60 | sed 's/^/#   /'
fi
t_finish
