#!/bin/bash
# bench_voice.sh — call-to-sound latency through jhd → jhvoice → ALSA (the file PCM writing
# into a FIFO the benchmark reads), 100 calls, p50/p99 beside the announcement's own clips
# decoded and joined (target p99 < 300 ms).
. "$(dirname "$0")/../lib/t.sh"
. "$JH_TOP/tests/lib/jhd.sh"
JH_BUILD=${JH_BUILD:-$JH_TOP/build}
CALLS=${JH_BENCH_CALLS:-100}
jhd_start || { echo "bench: jhd did not start"; exit 1; }
tok=$(jhd_device bench-voice display)
mkfifo "$T_TMP/pcm.fifo"
exec 3<>"$T_TMP/pcm.fifo"	# holds the FIFO open: neither side blocks in open(2)
cat >"$T_TMP/voice.ini" <<INI
[voice]
server = $JHD_ADDR
device = bench-voice
token = $tok
pack = $JH_TOP/bin/voice
pcm = file:FILE=$T_TMP/pcm.fifo,FORMAT=raw
log = info
INI
"$JH_BIN/jhvoice" --config "$T_TMP/voice.ini" 2>"$T_TMP/voice.log" &
VP=$!
t_at_exit 'kill $VP 2>/dev/null'
for i in $(seq 1 100); do
	grep -q 'pcm .*: open' "$T_TMP/voice.log" && grep -q 'connected to the server' \
		"$T_TMP/voice.log" && break
	sleep 0.05
done
"$JH_BUILD/tests/voice/bench_voice" --sock "$JHD_SOCK" --fifo "$T_TMP/pcm.fifo" \
	--config "$T_TMP/voice.ini" --calls "$CALLS" --window 1
rc=$?
[ $rc = 0 ] || { echo "# jhvoice log:"; tail -20 "$T_TMP/voice.log"; }
exit $rc
