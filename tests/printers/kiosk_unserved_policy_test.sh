#!/bin/bash
# kiosk_unserved_policy_test.sh — the kiosk and jhd's [policy] unserved (docs/HALL.md), for a
# service that no open or paused window serves: with "issue" (the default) the take's answer
# says "no_window": true, and the kiosk shows and prints (ESC/POS and PDF) "暂无窗口办理此业务，
# 请留意叫号 / No window is open for this service yet"; with "refuse" the take is answered
# not_served and the kiosk shows "此业务暂无窗口办理 / No window is serving this service now",
# never the server's English. A jhd without the setting FAILS this test (it does not skip):
# the first checks ask jhd itself.
JH_TOP=${JH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
source "$JH_TOP/tests/printers/kiosk_tmux.sh"

# a test clock past the opening time: before it, closed windows count (tests/server/opening.sh)
jhd_start --test-clock 2026-11-23T10:00:00+08:00 ||
	{ not_ok "jhd_starts: $(tail -5 "$JHD_LOG" 2>/dev/null)"; t_finish; }
win() { jhd_req "{\"op\":\"$1\",\"window\":\"$2\"}" window.state; }
waiting() { jhd_req '{"op":"status"}' | jq -r ".services[] | select(.code == \"$1\") | .waiting"; }
gbhex() { printf '%s' "$1" | iconv -f UTF-8 -t GB18030 | od -An -tx1 -v | tr -d ' \n'; }
filehex() { od -An -tx1 -v "$1" 2>/dev/null | tr -d ' \n'; }
command -v jq >/dev/null || { not_ok "jq_installed"; t_finish; }
expect_eq "window_1_opens" "$(win open 1)" open

# --- [policy] unserved = issue (the default) ---------------------------------------------
# jhd itself first: K (windows 6 and 12, both closed) is not served, A (window 1) is
expect_eq "jhd_take_answers_no_window_for_an_unserved_service" \
	"$(jhd_req '{"op":"take","service":"K"}' no_window)" true
expect_match "jhd_take_has_no_no_window_when_served" \
	"$(jhd_req '{"op":"take","service":"O"}' no_window)$(win open 9)$(
	jhd_req '{"op":"take","service":"O"}' no_window)" "^trueopen(false|\(none\))$"
expect_eq "window_9_closes" "$(win close 9)" closed

kiosk_start --no-print --output "$T_TMP/ticket.bin" || { not_ok "kiosk_starts"; t_finish; }
NOTICE="暂无窗口办理此业务，请留意叫号  No window is open for this service yet"
wait_for "home_lists_departments" "1 +人力资源和社会保障局" || t_finish
key 2
wait_for "unserved_service_marked" "1 +食品经营许可"
key 1
wait_for "priority_screen" "1 +普通 Normal"
key 1
wait_for "unserved_take_issues_a_ticket" "D001 +食品经营许可"
wait_for "ticket_screen_says_no_window_is_open" "$NOTICE"
for i in $(seq 1 100); do [ -s "$T_TMP/ticket.bin" ] && break; sleep 0.05; done
expect_match "printed_ticket_says_no_window_in_gb18030" "$(filehex "$T_TMP/ticket.bin")" \
	"$(gbhex '暂无窗口办理此业务，请留意叫号')"
expect_match "printed_ticket_says_it_in_english" "$(filehex "$T_TMP/ticket.bin")" \
	"$(printf 'No window is' | od -An -tx1 | tr -d ' \n')"
key 0
wait_for "done_returns_home" "请选择办事部门"
rm -f "$T_TMP/ticket.bin"
key 1; sleep 0.1; key 1; sleep 0.1; key 1
wait_for "served_take_issues_a_ticket" "A001 +社保参保登记"
expect_eq "served_ticket_screen_has_no_notice" "$(screen | grep -c '暂无窗口办理')" 0
for i in $(seq 1 100); do [ -s "$T_TMP/ticket.bin" ] && break; sleep 0.05; done
expect_eq "served_printed_ticket_has_no_notice" "$(filehex "$T_TMP/ticket.bin" |
	grep -c "$(gbhex '暂无窗口办理')")" 0
key 0
wait_for "home_again" "请选择办事部门"
# the same ticket as a PDF (the one-shot path renders what the screen prints)
if "$KIOSK" --server "$JHD_ADDR" --device kiosk-tmux --token-file "$T_TMP/kiosk.token" \
	--take E --no-print --format pdf --output "$T_TMP/t.pdf" >"$T_TMP/pdf.out" 2>&1; then
	ok "pdf_ticket_taken"
else
	not_ok "pdf_ticket_taken: $(cat "$T_TMP/pdf.out")"
fi
expect_match "pdf_ticket_says_no_window" "$(pdftotext -enc UTF-8 "$T_TMP/t.pdf" - 2>&1 |
	tr -d '\n')" "暂无窗口办理此业务，请留意叫号 / No window is ?open for this service yet"

# --- [policy] unserved = refuse ------------------------------------------------------------
sed '/^\[policy\]/a unserved = refuse' "$JH_TOP/server/examples/district.ini" >"$T_TMP/refuse.ini"
if jhctl import "$T_TMP/refuse.ini" >"$T_TMP/import.out" 2>&1; then
	ok "jhd_accepts_policy_unserved_refuse"
else
	not_ok "jhd_accepts_policy_unserved_refuse: $(cat "$T_TMP/import.out")"
	t_finish
fi
expect_eq "jhd_take_answers_not_served" "$(jhd_req '{"op":"take","service":"K"}' ticket.code)" \
	error:not_served
before=$(waiting D)
key 2; sleep 0.1; key 1; sleep 0.1; key 1
wait_for "refused_take_explained_in_chinese" "此业务暂无窗口办理  No window is serving this service now"
wait_for "refused_take_gives_hours_and_help_desk" "办理时间 09:00-17:00, 请咨询导办台"
wait_for "refused_take_offers_back" "0 返回 Back"
expect_eq "refused_take_shows_no_server_english" \
	"$(screen | grep -ciE 'not_served|take:|no open|serves')" 0
expect_eq "refused_take_issued_nothing" "$(waiting D)" "$before"
key 0
wait_for "back_home_after_refusal" "请选择办事部门"
# a paused window still serves: a clerk on a break comes back to the queue
expect_eq "window_3_opens" "$(win open 3)" open
expect_eq "window_3_pauses" "$(win pause 3)" paused
key 2; sleep 0.1; key 1; sleep 0.1; key 1
wait_for "paused_window_take_issues" "D002 +食品经营许可"
expect_eq "paused_window_ticket_has_no_notice" "$(screen | grep -c '暂无窗口办理')" 0
t_finish
