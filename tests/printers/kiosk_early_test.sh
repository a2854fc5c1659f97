#!/bin/bash
# kiosk_early_test.sh — before the hall opens, the kiosk tells the truth about the wait: at
# 07:50, with the hall opening at 08:30 and every window closed, the service menu and the
# ticket screen of a new ticket say a wait of at least 40 minutes ("约 40–B 分钟"), the time
# until the opening (docs/SCHEDULING.md, "Before the windows open"), and no "not served" mark
# or notice beside it: the windows will open then. A service that no window has among its
# duties (O, taken out of windows 9 and 12 here) is still marked; at the opening time, with no
# window open, every service is. The real ncurses kiosk under tmux against a real jhd
# (--test-clock).
JH_TOP=${JH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
source "$JH_TOP/tests/printers/kiosk_tmux.sh"

HALL=$T_TMP/hall-0830.ini
jhd_hall_opening "$HALL" 08:30 && sed -i -e 's/^services = N, O$/services = N/' \
	-e 's/^services = C, E, H, J, K, O, /services = C, E, H, J, K, /' "$HALL" &&
	[ "$(grep -cE '^services = .*\<O\>' "$HALL")" = 0 ] ||
	{ not_ok "the test hall opens at 08:30, O in no window's duties"; t_finish; }
jhd_start "$HALL" --test-clock 2026-03-02T07:50:00+08:00 ||
	{ not_ok "jhd_starts: $(tail -5 "$JHD_LOG" 2>/dev/null)"; t_finish; }
expect_eq "window_1_is_closed" "$(jhd_req '{"op":"status"}' windows.0.state)" closed
kiosk_start --no-print || { not_ok "kiosk_starts"; t_finish; }

# "约 A–B 分钟" with A >= 40 (40..99, or three digits)
AT_LEAST_40="约 ([4-9][0-9]|[1-9][0-9]{2,})–[0-9]+ 分钟"
NS="暂不受理"
wait_for "home_lists_departments" "1 +人力资源和社会保障局" || t_finish
expect_eq "home_marks_no_department_before_the_opening" "$(screen | grep -c "$NS")" 0
key 1
wait_for "department_shows_its_services" "1 +社保参保登记"
wait_for "menu_says_the_wait_until_the_opening" "等候 0 人, $AT_LEAST_40"
expect_eq "menu_marks_no_service_before_the_opening" "$(screen | grep -c "$NS")" 0
key 1
wait_for "priority_screen_offers_lanes" "1 +普通 Normal" || t_finish
expect_eq "priority_screen_has_no_notice_before_the_opening" "$(screen | grep -c "$NS\|无窗口")" 0
key 1
wait_for "ticket_screen_names_code_and_service" "A001 +社保参保登记"
wait_for "ticket_screen_says_the_wait_until_the_opening" "前面还有 0 人, $AT_LEAST_40"
expect_eq "ticket_screen_has_no_no_window_notice" "$(screen | grep -c "暂无窗口办理")" 0
key 0
wait_for "back_home" "请选择办事部门" || t_finish
key 7
wait_for "civil_affairs_services" "1 +婚姻登记"
wait_for "a_service_no_window_has_is_marked_before_the_opening" "2 +社会救助" &&
	expect_match "the_mark_is_on_O_only" \
	"$(screen | grep -A1 "社会救助" | tail -1)|$(screen | grep -c "$NS Not served now ·")" "$NS .*\\|1$"
expect_eq "the_ticket_at_jhd_waits_at_least_40_min" \
	"$(jhd_req '{"op":"ticket","code":"A001"}' ticket.eta_s | awk '{print ($1 >= 2400)}')" 1
# 08:30 with no window open: the kiosk's own refresh (every 5 s) marks N as well
expect_match "the_clock_moves_to_the_opening" \
	"$(jhd_req '{"op":"clock","set":"2026-03-02T08:30:00+08:00"}' now)" '^2026-03-02T08:30:00'
for i in $(seq 160); do
	[ "$(screen | grep -c "$NS Not served now ·")" = 2 ] && break
	sleep 0.05
done
expect_eq "at_the_opening_with_no_window_open_both_services_are_marked" \
	"$(screen | grep -c "$NS Not served now ·")" 2
t_finish
