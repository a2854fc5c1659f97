#!/bin/bash
# print_early_test.sh — the printed ticket of a take before the hall opens says the truthful
# wait: at 07:50, the hall opening at 08:30 and every window closed, jhkiosk --take prints a
# PDF through a real private cupsd (file:// queue) whose text says "预计等待约 A–B 分钟" with
# A >= 40, the minutes until the opening (docs/SCHEDULING.md, "Before the windows open"), and
# not the notice "暂无窗口办理此业务": the windows that serve A open then.
JH_TOP=${JH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
source "$JH_TOP/tests/printers/cupsd.sh"
KIOSK=$JH_BIN/jhkiosk

[ -x "$KIOSK" ] || { not_ok "jhkiosk_built: $KIOSK is missing"; t_finish; }
command -v pdftotext >/dev/null || { not_ok "pdftotext_installed (scripts/deps.sh)"; t_finish; }
cupsd_start || { not_ok "private_cupsd_starts"; t_finish; }
cups_file_queue office "$T_TMP/office.out" || { not_ok "file_queue_created"; t_finish; }
HALL=$T_TMP/hall-0830.ini
jhd_hall_opening "$HALL" 08:30 || { not_ok "the_test_hall_opens_at_08:30"; t_finish; }
jhd_start "$HALL" --test-clock 2026-03-02T07:50:00+08:00 ||
	{ not_ok "jhd_starts: $(tail -5 "$JHD_LOG" 2>/dev/null)"; t_finish; }
(umask 077; jhd_device kiosk-1 kiosk >"$T_TMP/kiosk.token")

out=$("$KIOSK" --server "$JHD_ADDR" --device kiosk-1 --token-file "$T_TMP/kiosk.token" \
	--print-timeout 10 --log-level error --take A --printer office --format pdf \
	--output "$T_TMP/t.pdf"); rc=$?
expect_match "take_at_07:50_prints" "$out" '^ticket A001 printed job'
expect_eq "take_that_printed_exits_0" "$rc" 0
text=$(pdftotext -enc UTF-8 "$T_TMP/office.out" - 2>&1)
expect_match "printed_ticket_holds_the_code" "$text" A001
expect_match "printed_ticket_says_a_wait_from_the_opening_at_0830" "$text" \
	'预计等待约 ([4-9][0-9]|[1-9][0-9]{2,})–[0-9]+ 分钟'
case $text in
*暂无窗口*|*"No window"*) not_ok "printed_ticket_has_no_no_window_notice_before_the_opening: $text" ;;
*) ok "printed_ticket_has_no_no_window_notice_before_the_opening" ;;
esac
t_finish
