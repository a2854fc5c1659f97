#!/bin/bash
# kiosk_lanes_test.sh — every lane offered on the kiosk's priority screen reaches jhd: the real
# ncurses kiosk under tmux against a real jhd; each ticket is read back from jhd (op ticket)
# and must carry the lane pressed (normal, elderly, disabled, prereviewed, green) and its
# applicant (enterprise for the green lane, individual otherwise), walk-in channel; the ticket
# screen names the lane jhd gave the ticket.
JH_TOP=${JH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
source "$JH_TOP/tests/printers/kiosk_tmux.sh"

jhd_start || { not_ok "jhd_starts: $(tail -5 "$JHD_LOG" 2>/dev/null)"; t_finish; }
expect_eq "window_1_opens" "$(jhd_req '{"op":"open","window":"1"}' window.state)" open
kiosk_start --no-print || { not_ok "kiosk_starts"; t_finish; }
wait_for "home_lists_departments" "1 +人力资源和社会保障局" || t_finish

# key on the priority screen, lane, applicant, the label the screen shows for it
lanes=(
	"1 normal individual 普通"
	"2 elderly individual 老年人"
	"3 disabled individual 残障人士"
	"4 prereviewed individual 网上预审件"
	"5 green enterprise 重点企业绿色通道"
)
n=0
for l in "${lanes[@]}"; do
	read -r k lane applicant label <<<"$l"
	n=$((n + 1))
	code=$(printf 'A%03d' "$n")
	key 1
	wait_for "${lane}_department" "1 +社保参保登记" || continue
	key 1
	wait_for "${lane}_priority_screen_offers_it" "$k +$label" || continue
	key "$k"
	wait_for "${lane}_ticket_on_screen" "$code +社保参保登记" || continue
	# the ticket screen names the lane jhd recorded (a normal ticket says nothing)
	if [ "$lane" = normal ]; then
		expect_eq "normal_ticket_screen_names_no_lane" "$(screen | grep -c '普通')" 0
	else
		wait_for "${lane}_ticket_screen_names_the_lane" "^ +$label"
	fi
	expect_eq "${lane}_ticket_has_lane_at_jhd" "$(ticket_field "$code" priority)" "$lane"
	expect_eq "${lane}_ticket_has_applicant_at_jhd" "$(ticket_field "$code" applicant)" \
		"$applicant"
	expect_eq "${lane}_ticket_is_walk_in" "$(ticket_field "$code" channel)" walk_in
	key 0
	wait_for "${lane}_done_returns_home" "请选择办事部门"
done
expect_eq "five_presses_five_tickets" \
	"$(jhd_req '{"op":"status"}' services.0.waiting)" 5
t_finish
