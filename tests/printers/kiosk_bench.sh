#!/bin/bash
# kiosk_bench.sh — `make bench`: key press → job accepted by cupsd, and → job completed,
# p50/p99 over 200 tickets, against a real jhd and a real private cupsd (raw socket queue).
JH_TOP=${JH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
source "$JH_TOP/tests/printers/cupsd.sh"
JH_BUILD=${JH_BUILD:-$JH_TOP/build}
N=${JH_KIOSK_BENCH_N:-200}
jhd_start || { echo "kiosk_bench: jhd did not start"; exit 1; }
cupsd_start || { echo "kiosk_bench: cupsd did not start"; exit 1; }
cups_raw_queue ticket || exit 1
token=$(jhd_device kiosk-bench kiosk)
"$JH_BUILD/tests/printers/kiosk_bench" "$JHD_ADDR" kiosk-bench "$token" ticket "$N"
