#!/bin/bash
# kiosk_citizen_text_test.sh — what a citizen reads on the kiosk when jhd says no: short
# bilingual texts (Chinese first) chosen by the error code, never the server's English
# message; and 0 is Back on every screen, on the ID number entry too while nothing is typed
# (no ID number starts with 0). The real ncurses kiosk under tmux against a real jhd on a
# test clock (Monday 2026-03-02 10:00 in the hall's zone), hours enforced.
JH_TOP=${JH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
source "$JH_TOP/tests/printers/kiosk_tmux.sh"

sed 's/^enforce_hours = no/enforce_hours = yes/' "$JH_TOP/server/examples/district.ini" \
	>"$T_TMP/hall.ini"
jhd_start "$T_TMP/hall.ini" --test-clock 2026-03-02T10:00:00+08:00 ||
	{ not_ok "jhd_starts: $(tail -5 "$JHD_LOG" 2>/dev/null)"; t_finish; }
expect_eq "window_1_opens" "$(jhd_req '{"op":"open","window":"1"}' window.state)" open
kiosk_start --no-print || { not_ok "kiosk_starts"; t_finish; }
# internals_hidden NAME: nothing of jhd's own English on the screen
INTERNALS='take:|checkin:|malformed|check digit|Could not|booking|bad_request|not_found|'
INTERNALS+='conflict|closed|too early|missed'
internals_hidden() {
	expect_eq "$1" "$(screen | grep -cE "$INTERNALS")" 0
}
HOME_RE="请选择办事部门"
wait_for "home" "$HOME_RE" || t_finish

# 0 is Back on every screen
key 1
wait_for "services_show_back" "0 返回 Back"
key 0
wait_for "services_0_goes_home" "$HOME_RE"
key 1; sleep 0.1; key 1
wait_for "priority_shows_back" "按数字键取号.*0 返回 Back"
key 0
wait_for "priority_0_goes_to_services" "1 +社保参保登记"
key 0
wait_for "then_home" "$HOME_RE"
key 0
wait_for "checkin_screen" "请输入身份证号"
wait_for "empty_id_entry_shows_0_back" "0 返回 Back +\* 或 \. 输入 X"
key 0
wait_for "id_entry_0_first_goes_home" "$HOME_RE"
key 0
wait_for "checkin_again" "请输入身份证号"
key 4 0
wait_for "0_after_a_digit_is_a_digit" "\[ 40 +\]"
wait_for "typing_says_how_to_go_back" "删空后 0 返回 Back"
key - -
wait_for "deleted" "\[ +\]"
key 0
wait_for "emptied_entry_0_goes_home" "$HOME_RE"

# check-in answers. checkin ID: type it on the check-in screen and press Enter
checkin() {
	key 0
	wait_for "$1_checkin_screen" "请输入身份证号" || return 1
	key $(echo "$2" | sed 's/./& /g')
	wait_for "$1_id_typed" "\[ $2 \]" || return 1
	key Enter
}
checkin bad_check_digit 110105198001010017
wait_for "bad_id_number_said_plainly" "身份证号有误  This ID number is not valid"
wait_for "bad_id_number_what_to_do" "请核对后重新输入"
internals_hidden "bad_id_number_hides_jhd_message"
wait_for "message_shows_0_back" "0 返回 Back"
key 0
wait_for "message_0_goes_home" "$HOME_RE"

checkin no_booking 110105198001010219
wait_for "no_booking_today_said" "未找到今天的预约  No appointment today"
internals_hidden "no_booking_hides_jhd_message"
key 0
wait_for "home_after_no_booking" "$HOME_RE"

jhctl book B 2026-03-02T13:30 110105198001010016 >"$T_TMP/book.out" 2>&1 &&
	ok "booked_B_13:30" || not_ok "booked_B_13:30: $(cat "$T_TMP/book.out")"
checkin too_early 110105198001010016
wait_for "too_early_said_with_the_time" "还未到签到时间, 12:30 起可签到  Too early: check-in opens at 12:30"
internals_hidden "too_early_hides_jhd_message"
key 0
wait_for "home_after_too_early" "$HOME_RE"

# outside the hall's hours (enforce_hours = yes): take is answered closed
expect_match "clock_moves_to_the_evening" \
	"$(jhd_req '{"op":"clock","set":"2026-03-02T18:00:00"}' now)" "T18:00"
key 1; sleep 0.1; key 1; sleep 0.1; key 1
wait_for "closed_said_plainly" "现在不是办理时间  The hall is not issuing tickets now"
wait_for "closed_gives_the_hours" "办理时间 09:00-17:00, 请咨询导办台  Opening hours 09:00-17:00"
internals_hidden "closed_hides_jhd_message"
expect_eq "nothing_taken_after_hours" "$(jhd_req '{"op":"status"}' services.0.waiting)" 0
key 0
wait_for "home_after_closed" "$HOME_RE"
expect_match "log_keeps_jhd_message_for_staff" "$(cat "$T_TMP/kiosk.err")" \
	"take refused \(closed\): take: the hall is open 09:00-17:00"
t_finish
