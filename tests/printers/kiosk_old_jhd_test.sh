#!/bin/bash
# kiosk_old_jhd_test.sh — the kiosk against an older jhd, whose status has no per-service
# "served": it falls back on its own rule (server/client/served.c), a service is served while a
# window that is open or paused has it among its duties, at any hour. The real ncurses kiosk
# under tmux, connected through a proxy that strips "served" from every line the real jhd
# (on a test clock) sends. At 08:00, before the 09:00 opening, with every window closed, jhd
# itself counts the closed windows' duties as served; the old rule marks them, and follows
# window 1 (A, B, C) opening, pausing and closing.
JH_TOP=${JH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
source "$JH_TOP/tests/lib/proxy.bash"
source "$JH_TOP/tests/printers/kiosk_tmux.sh"

command -v jq >/dev/null || { not_ok "jq_present: jq is not installed"; t_finish; }
command -v socat >/dev/null || { not_ok "socat_present: socat is not installed"; t_finish; }
jhd_start --test-clock 2026-11-23T08:00:00+08:00 ||
	{ not_ok "jhd_starts: $(tail -5 "$JHD_LOG" 2>/dev/null)"; t_finish; }
win() { jhd_req "{\"op\":\"$1\",\"window\":\"$2\"}" window.state; }
# what jhd itself says of service S now
served() { jhd_req '{"op":"status"}' | jq -r ".services[]|select(.code==\"$1\")|.served"; }
expect_eq "window_1_starts_closed" "$(jhd_req '{"op":"status"}' windows.0.state)" closed
expect_eq "jhd_counts_closed_window_1s_A_as_served_before_the_opening" "$(served A)" true
expect_eq "jhd_counts_closed_window_3s_D_as_served_before_the_opening" "$(served D)" true

rewrite old "$JHD_ADDR" 'if (.services|type) == "array"
	then .services |= map(if type == "object" then del(.served) else . end) else . end' ||
	{ not_ok "the_rewriting_proxy_listens"; t_finish; }
# the proxy's status, read as a kiosk reads it: no "served" left, the rest as jhd sent it
token=$(jhd_device old-status kiosk)
expect_eq "status_through_the_proxy_has_no_served" "$(printf '%s\n' \
	"{\"op\":\"hello\",\"role\":\"kiosk\",\"device\":\"old-status\",\"token\":\"$token\"}" \
	'{"op":"status"}' | "$JH_BIN/jhcall" --raw --addr "$PROXY" | tail -1 |
	jq -c '[(.services|length > 0), ([.services[]|has("served")]|any)]')" '[true,false]'
JHD_ADDR=$PROXY kiosk_start --no-print || { not_ok "kiosk_starts"; t_finish; }

NS="暂不受理 Not served now"
wait_for "home_lists_departments" "1 +人力资源和社会保障局" || t_finish
wait_for "no_window_open_marks_social_security" "1 +人力资源和社会保障局.*\[$NS\]"
wait_for "no_window_open_marks_food_and_drug" "2 +食品药品监督管理局.*\[$NS\]"
wait_for "home_note_gives_the_hours" "暂不受理.*办理时间 09:00-17:00, 请咨询导办台"

expect_eq "window_1_opens" "$(win open 1)" open
wait_gone "open_window_1_unmarks_social_security" "1 +人力资源和社会保障局.*暂不受理"
expect_eq "food_and_drug_stays_marked" "$(screen | grep -cE "2 +食品药品监督管理局.*\[$NS\]")" 1
# pausing window 1 and then opening window 3 (D, E): once Food and Drug is unmarked, the kiosk
# has had window 1's pause too
expect_eq "window_1_pauses" "$(win pause 1)" paused
expect_eq "window_3_opens" "$(win open 3)" open
wait_gone "open_window_3_unmarks_food_and_drug" "2 +食品药品监督管理局.*暂不受理"
expect_eq "paused_window_1_still_serves_social_security" \
	"$(screen | grep -cE "1 +人力资源和社会保障局.*暂不受理")" 0
expect_eq "window_1_closes" "$(win close 1)" closed
wait_for "closed_window_1_marks_social_security_again" "1 +人力资源和社会保障局.*\[$NS\]"
key 1
wait_for "social_security_services_listed" "1 +社保参保登记"
expect_eq "each_of_A_B_C_is_marked" "$(screen | grep -c "$NS ·")" 3
key 1
wait_for "priority_screen_says_no_window_serves_A" \
	"$NS: 此业务现无窗口办理  No window is serving this service now"
expect_eq "jhd_itself_still_counts_A_as_served" "$(served A)" true
t_finish
