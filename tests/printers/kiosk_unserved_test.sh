#!/bin/bash
# kiosk_unserved_test.sh — services that no open (or paused) window serves are marked on the
# kiosk's menus, "暂不受理 Not served now" with the hall's hours and the help desk, and the
# marks follow the windows at once (the kiosk subscribes to window events): the real ncurses
# kiosk under tmux against a real jhd with the demo hall (twelve windows, all closed after the
# import until opened here).
JH_TOP=${JH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
source "$JH_TOP/tests/printers/kiosk_tmux.sh"

# a test clock past the opening time: before it, closed windows count (tests/server/opening.sh)
jhd_start --test-clock 2026-11-23T10:00:00+08:00 ||
	{ not_ok "jhd_starts: $(tail -5 "$JHD_LOG" 2>/dev/null)"; t_finish; }
win() { jhd_req "{\"op\":\"$1\",\"window\":\"$2\"}" window.state; }
expect_eq "window_3_starts_closed" "$(jhd_req '{"op":"status"}' windows.2.state)" closed
expect_eq "window_1_opens" "$(win open 1)" open
kiosk_start --no-print || { not_ok "kiosk_starts"; t_finish; }

NS="暂不受理 Not served now"
wait_for "home_lists_departments" "1 +人力资源和社会保障局" || t_finish
expect_eq "served_department_is_not_marked" "$(screen | grep '人力资源和社会保障局' |
	grep -c '暂不受理')" 0
wait_for "unserved_department_is_marked" "2 +食品药品监督管理局 Food and Drug +\[$NS\]"
wait_for "home_note_gives_the_hours" "暂不受理.*办理时间 09:00-17:00, 请咨询导办台"
wait_for "home_note_in_english" "no window is open for it; hours 09:00-17:00; please ask at"
key 2
wait_for "services_of_unserved_department" "1 +食品经营许可"
wait_for "unserved_service_is_marked" "\[简易审批\] $NS · 等候 0 人"
expect_eq "both_services_marked" "$(screen | grep -c "$NS ·")" 2
wait_for "services_note_gives_the_hours" "办理时间 09:00-17:00, 请咨询导办台"

# a window opening, pausing, closing while the menu is on the screen: the window event does it
# (WAIT_S=2: sooner than the kiosk's own refresh every 5 s)
expect_eq "window_3_opens" "$(win open 3)" open
WAIT_S=2 wait_gone "opened_window_clears_the_marks" "$NS"
expect_eq "window_3_pauses" "$(win pause 3)" paused
sleep 1
expect_eq "paused_window_still_serves_no_mark" "$(screen | grep -c "$NS")" 0
expect_eq "window_3_closes" "$(win close 3)" closed
WAIT_S=2 wait_for "closed_window_brings_the_marks_back" "\[简易审批\] $NS"
key 0
wait_for "back_home" "请选择办事部门"
key 1
wait_for "served_services_listed" "1 +社保参保登记"
expect_eq "served_services_not_marked" "$(screen | grep -c "$NS")" 0

# new duties: window 1, the only open one, now serves D only, so A, B, C are not served
expect_eq "window_1_assigned_D" \
	"$(jhd_req '{"op":"assign","window":"1","services":["D"]}' window.services)" '["D"]'
WAIT_S=2 wait_for "reassigned_window_marks_its_old_services" "\[当日办结\] \[简易审批\] $NS"
key 0
wait_for "home_marks_social_security_now" "1 +人力资源和社会保障局.*\[$NS\]"
wait_gone "home_unmarks_food_and_drug_now" "2 +食品药品监督管理局.*暂不受理"
key 1
wait_for "services_again" "1 +社保参保登记"
key 1
wait_for "priority_screen_warns_before_the_take" \
	"$NS: 此业务现无窗口办理  No window is serving this service now"
wait_for "priority_screen_still_offers_lanes" "1 +普通 Normal"
t_finish
