#!/bin/bash
# term_test.sh — jhterm driven under tmux (private socket, fixed sizes, send-keys,
# capture-pane -p) against a real jhd: login (wrong password first), call, recall, no-show,
# finish, finish-and-call-next (x, F9; a call with a ticket at the desk explained), transfer,
# pause; the supervisor reassigns a service and the clerk sees it; a forbidden action; a
# server restart (a key pressed meanwhile says it was not sent); the console killed with
# SIGKILL and started again; 80x24 and resizing; Chinese, with columns aligned, on
# TERM=vt100, and the server's refusals in Chinese; the clock in the hall's time zone; the
# transfer list marking services no open window serves; quitting with the window open
# (close, pause, leave it open, or Esc).
source "$(dirname "$0")/../lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
source "$JH_TOP/tests/terminal/term.bash"

take() {
	printf '{"op":"take","service":"%s","priority":"%s"}\n' "$1" "${2:-normal}" |
		jhcall --sock "$JHD_SOCK" | grep -o '"code":"[A-Z][0-9]*"' | head -1 | cut -d'"' -f4
}
# All service rows of a table end in the same display column (right-aligned last column).
same_right_edge() {
	printf '%s\n' "$1" | grep -E "$2" | while IFS= read -r l; do
		printf '%s' "$l" | LC_ALL=C.UTF-8 wc -L
	done | sort -u | wc -l
}

command -v tmux >/dev/null || { not_ok "tmux_present: tmux is not installed"; t_finish; }
[ -x "$JH_BIN/jhterm" ] || { not_ok "jhterm_built: $JH_BIN/jhterm missing"; t_finish; }
jhd_start || { not_ok "jhd_starts: see $JHD_LOG"; t_finish; }
jhd_user alice clerk pw-alice
jhd_user bob clerk pw-bob
jhd_user boss supervisor pw-boss
echo wrong-pw >"$T_TMP/bad"
echo pw-boss >"$T_TMP/boss"
echo pw-bob >"$T_TMP/bob"
echo pw-alice >"$T_TMP/alice"

# --- the clerk at window 3, 80x24 ---------------------------------------------------------
start_term c3 80 24 C.UTF-8 TZ=UTC -- --clerk --server "$JHD_ADDR" --user alice --window 3 \
	--password-file "$T_TMP/bad"
expect_screen wrong_password_shows_its_error_on_the_login_form c3 'Wrong user name or password'
check wrong_password_is_said_once bash -c "[ \$(printf '%s' \"\$0\" | grep -oi 'wrong user name or password' |
	wc -l) = 1 ]" "$LAST"
keys c3 -l 'pw-alice'
keys c3 Enter
expect_screen login_form_then_the_clerk_screen c3 'Window 3 · alice'
if printf '%s' "$LAST" | grep -q 'pw-alice'; then not_ok "password_never_shown"; dump
else ok "password_never_shown"; fi
expect_screen clerk_screen_lists_the_window_services c3 'Serves: D 食品经营许可'
# the clock in the title is the hall's (Asia/Shanghai), not this console's TZ=UTC
before=$(TZ=Asia/Shanghai date +%H:%M)
shown=$(screen c3 | head -1 | grep -oE '[0-9]{2}:[0-9]{2}:[0-9]{2} *$' | cut -c1-5)
after=$(TZ=Asia/Shanghai date +%H:%M)
if [ "$shown" = "$before" ] || [ "$shown" = "$after" ]; then ok clock_shows_the_halls_time_zone
else not_ok "clock_shows_the_halls_time_zone: shown '$shown', the hall's $before..$after," \
	"this console's $(TZ=UTC date +%H:%M)"; fi

keys c3 o
expect_screen clerk_opens_the_window c3 'Window 3 · alice · open'
t1=$(take D); t2=$(take D); t3=$(take D); t4=$(take D)
expect_screen waiting_tickets_appear_live c3 "^ $t1 .*D 食品经营许可.* 4 "
# the list is the server's call order: a green ticket taken last is listed first
t5=$(take D green)
first_two_next() { printf '%s\n' "$1" | awk '/Next waiting/ { n = 1; next }
	n && n <= 2 { printf "%s ", $1; n++ }'; }
for i in $(seq 1 50); do
	got=$(first_two_next "$(screen c3)")
	[ "$got" = "$t5 $t1 " ] && break
	sleep 0.1
done
expect_eq next_waiting_lists_the_green_ticket_first "$got" "$t5 $t1 "

keys c3 c
expect_screen call_next_calls_the_listed_green_first c3 "Called $t5\\."
cur=$(printf '%s' "$LAST" | grep -oE 'Ticket D[0-9]{3}' | head -1 | cut -d' ' -f2)
check call_shows_big_digits_and_timer bash -c "printf '%s' \"\$0\" | grep -q '███' &&
	printf '%s' \"\$0\" | grep -qE 'At the desk: [0-9]+:[0-9]{2}'" "$LAST"
keys c3 r
expect_screen recall_says_so c3 "Recalled $cur \\(time 1\\)"
keys c3 n
expect_screen no_show_asks_for_confirmation c3 "Mark $cur as a no-show\\? This cannot be undone"
keys c3 y
expect_screen no_show_marks_the_ticket c3 "$cur marked as a no-show"
expect_screen no_show_clears_the_desk c3 'No ticket at this window'

keys c3 F1
expect_screen f1_calls_too c3 'Called D00[1-5]\.'
cur=$(printf '%s' "$LAST" | grep -oE 'Ticket D[0-9]{3}' | head -1 | cut -d' ' -f2)
expect_screen key_bar_shows_finish_and_call_next c3 '^F6 p Pause .*F9 x Finish\+next'

# call with a ticket at the desk: not sent (the server would refuse), the way out is said
keys c3 c
expect_screen call_with_a_ticket_at_the_desk_says_what_to_do c3 \
	"Finish $cur \\(F3\\) or no-show \\(F4\\) first, or F9 to finish and call next\\."
check call_with_a_ticket_keeps_it_at_the_desk bash -c "printf '%s' \"\$0\" |
	grep -q 'Ticket $cur' && ! printf '%s' \"\$0\" | grep -q 'Not possible'" "$LAST"
# x / F9: finish the ticket at the desk and call the next, in one press
keys c3 x
expect_screen finish_next_finishes_and_calls_in_one_press c3 \
	"$cur finished\\. Called D00[1-5]\\."
prev=$cur
cur=$(printf '%s' "$LAST" | grep -oE 'Ticket D[0-9]{3}' | head -1 | cut -d' ' -f2)
check finish_next_puts_a_new_ticket_at_the_desk test -n "$cur" -a "$cur" != "$prev"
expect_screen finish_next_counts_as_served c3 'Served today: 1 '
state=$(printf '{"op":"ticket","code":"%s"}\n' "$prev" | jhcall --sock "$JHD_SOCK")
expect_match finish_next_leaves_the_first_ticket_done "$state" '"state":"done"'
keys c3 F9
expect_screen f9_finishes_and_calls_too c3 "$cur finished\\. Called D00[1-5]\\."
cur=$(printf '%s' "$LAST" | grep -oE 'Ticket D[0-9]{3}' | head -1 | cut -d' ' -f2)
keys c3 f
expect_screen finish_counts_as_served c3 "$cur finished\\."
expect_screen served_today_goes_up c3 'Served today: 3 '

keys c3 c
expect_screen call_before_transfer c3 'Called D00[1-5]\.'
cur=$(printf '%s' "$LAST" | grep -oE 'Ticket D[0-9]{3}' | head -1 | cut -d' ' -f2)
keys c3 t
expect_screen transfer_offers_a_list c3 "Transfer $cur to"
# only window 3 is open (D, E, L): the other services would wait for nobody
expect_screen transfer_list_marks_a_service_no_open_window_serves c3 \
	'Service A 社保参保登记 .*  no open window'
check transfer_list_leaves_a_served_service_unmarked bash -c "printf '%s' \"\$0\" |
	grep 'Service E 药品零售许可' | grep -qv 'no open window'" "$LAST"
keys c3 e
keys c3 Enter
expect_screen transfer_to_a_service c3 "$cur transferred to E "
state=$(printf '{"op":"ticket","code":"%s"}\n' "$cur" | jhcall --sock "$JHD_SOCK")
expect_match transferred_ticket_waits_at_the_new_service "$state" '"service":"E".*"state":"waiting"'

keys c3 p
expect_screen pause_says_so c3 'Window 3 · alice · paused'
keys c3 p
expect_screen resume_says_so c3 'Window resumed'

# --- the supervisor reassigns window 3 ----------------------------------------------------
start_term sup 100 40 C.UTF-8 -- --supervisor --server "$JHD_ADDR" --user boss \
	--password-file "$T_TMP/boss"
expect_screen supervisor_sees_windows_and_services sup '^.3 +open +alice '
# the tickets alice has called were given an ETA: how true they were, from the statistics
expect_screen supervisor_sees_how_true_todays_wait_estimates_were sup \
	'Wait estimates today: [0-9]+ tickets, median error [0-9]+%, on average [0-9]+% too (long|short)\.'
keys sup Down Down a
expect_screen assign_lists_services_with_ticks sup '\[P\] D 食品经营许可'
keys sup Down Down Down Down Down Down Space Enter
expect_screen assign_applies sup 'Window 3 now serves'
expect_screen clerk_screen_shows_the_new_service c3 'Serves: .*G 不动产登记'
expect_match supervisor_assign_in_jhterm_is_audited "$(sqlite3 "$JHD_DB" "SELECT who || '|' ||
	role || '|' || origin || '|' || before || ' -> ' || after FROM audit WHERE action = 'assign'
	AND target = 'window 3'")" '^boss\|supervisor\|127\.0\.0\.1\|[A-Z:a-z,]+ -> [A-Z:a-z,]*G'
edges=$(same_right_edge "$(screen sup)" '^[ >·][A-Q] ')
expect_eq supervisor_service_rows_aligned_with_chinese_names "$edges" 1

# --- the supervisor moves a waiting ticket (F5 / m) ------------------------------------------
mv=$(take D)
keys sup m
expect_screen move_asks_for_the_ticket sup 'Waiting ticket to move:'
keys sup BSpace BSpace BSpace BSpace BSpace BSpace
keys sup -l "$mv"
keys sup Enter
expect_screen move_offers_the_services sup "Move $mv to"
keys sup e
keys sup Enter
expect_screen move_says_where sup "$mv moved to E "
state=$(printf '{"op":"ticket","code":"%s"}\n' "$mv" | jhcall --sock "$JHD_SOCK")
expect_match moved_ticket_waits_at_the_new_service "$state" '"service":"E".*"state":"waiting"'
expect_eq supervisor_move_in_jhterm_is_audited "$(sqlite3 "$JHD_DB" "SELECT who || '|' || before ||
	' -> ' || after FROM audit WHERE action = 'move' AND target = 'ticket $mv'")" \
	"boss|waiting for service D -> waiting for service E"

# --- a forbidden action ---------------------------------------------------------------------
start_term hv 80 24 C.UTF-8 -- --supervisor --role clerk --window 4 --server "$JHD_ADDR" \
	--user bob --password-file "$T_TMP/bob"
expect_screen clerk_role_sees_the_hall hv 'Supervisor'
keys hv Down Down p
expect_screen forbidden_action_is_explained hv 'Not allowed for your role: .*own window'

# --- server restart -------------------------------------------------------------------------
start_term off 80 24 C.UTF-8 -- --clerk --server "$JHD_ADDR" --user bob --window 6 \
	--password-file "$T_TMP/bob"
expect_screen offline_console_signs_in off 'Window 6 · bob'
keys off o
expect_screen offline_console_opens_its_window off 'Window 6 · bob · open'
keys c3 c
expect_screen call_before_restart c3 'Called [DEGL][0-9]{3}\.'
cur=$(printf '%s' "$LAST" | grep -oE 'Ticket [A-Z][0-9]{3}' | head -1 | cut -d' ' -f2)
jhd_stop
expect_screen lost_server_says_reconnecting c3 'reconnecting'
# a key pressed while the server is away: not sent, and the screen says so
expect_screen offline_console_says_reconnecting off 'reconnecting'
keys off F1
expect_screen key_pressed_offline_says_not_sent off 'the action was not sent\.  Reconnecting…'
jhd_restart || not_ok "jhd_restarts"
expect_screen reconnects_by_itself c3 'Reconnected to the server'
expect_screen offline_console_reconnects off 'Reconnected to the server'
expect_screen same_state_after_restart c3 "Ticket $cur"
check same_services_after_restart bash -c "printf '%s' \"\$0\" | grep -q 'G 不动产登记'" "$LAST"
expect_screen supervisor_reconnects_too sup 'Reconnected to the server'

# --- the console itself killed (kill -9) and started again: the called ticket is still at
# the window, and is finished from the new console -------------------------------------------
pid=$(tm list-panes -t c3 -F '#{pane_pid}')
expect_eq killed_console_is_jhterm "$(ps -o comm= -p "$pid")" jhterm
kill -9 "$pid"
# dead: no such process, or a zombie its parent (the tmux server) has not reaped yet
gone() { ! kill -0 "$1" 2>/dev/null || [ "$(ps -o stat= -p "$1" | cut -c1)" = Z ]; }
for i in $(seq 1 300); do gone "$pid" && break; sleep 0.1; done
check killed_console_is_gone gone "$pid"
gone "$pid" || echo "# still there: $(ps -o pid,ppid,stat,comm -p "$pid" | tail -1)"
tm kill-session -t c3
start_term c3 80 24 C.UTF-8 -- --clerk --server "$JHD_ADDR" --user alice --window 3 \
	--password-file "$T_TMP/alice"
expect_screen new_console_shows_the_window_still_open c3 'Window 3 · alice · open'
expect_screen new_console_shows_the_ticket_still_called c3 "Ticket $cur"
keys c3 f
expect_screen new_console_finishes_it c3 "$cur finished\\."
expect_eq ticket_finished_in_the_server "$(printf '{"op":"ticket","code":"%s"}\n' "$cur" |
	jhcall --sock "$JHD_SOCK" --field ticket.state)" done
keys c3 c
expect_screen new_console_calls_the_next c3 'Called [DEGL][0-9]{3}\.'
cur=$(printf '%s' "$LAST" | grep -oE 'Ticket [A-Z][0-9]{3}' | head -1 | cut -d' ' -f2)

# --- sizes ---------------------------------------------------------------------------------
tm resize-window -t c3 -x 130 -y 30
expect_screen wider_screen_puts_keys_on_one_row c3 'F1 c Call .*F8 q Quit'
tm resize-window -t c3 -x 60 -y 20
expect_screen too_small_says_so c3 'needs at least 80x24'
tm resize-window -t c3 -x 80 -y 24
expect_screen back_to_80x24 c3 "Ticket $cur"
w=$(screen c3 | LC_ALL=C.UTF-8 wc -L)
check no_row_wider_than_80 test "$w" -le 80

# --- Chinese, TERM=vt100 ------------------------------------------------------------------
take G >/dev/null
start_term zh 80 24 zh_CN.UTF-8 TERM=vt100 -- --clerk --server "$JHD_ADDR" --user bob \
	--window 5 --password-file "$T_TMP/bob"
expect_screen chinese_clerk_screen zh '5 号窗口 · bob'
expect_screen chinese_key_bar zh 'F1 c 叫号'
expect_screen chinese_key_bar_has_finish_and_call_next zh 'F9 x 办结并叫号'
# the server's refusal in Chinese only: not "已关闭: window 5 is closed"
keys zh c
expect_screen chinese_refusal_in_chinese zh '^5 号窗口已关闭。 *$'
check chinese_refusal_without_english bash -c "! printf '%s' \"\$0\" | grep -q 'window 5'" "$LAST"
keys zh o
expect_screen chinese_window_opens zh '窗口已开放'
# x with no ticket at the desk just calls; with nobody left it finishes and says so
keys zh x
expect_screen finish_next_with_an_empty_desk_just_calls zh '已呼叫 G[0-9]{3}。'
g=$(printf '%s' "$LAST" | grep -oE '已呼叫 G[0-9]{3}' | head -1 | cut -d' ' -f2)
keys zh x
expect_screen finish_next_with_nobody_waiting_says_both zh "$g 已办结。本窗口的业务无人等候。"
edges=$(same_right_edge "$(screen zh)" '^ {20,}[GFQ] ')
expect_eq chinese_counts_table_aligned "$edges" 1
start_term zhw 80 24 zh_CN.UTF-8 -- --clerk --server "$JHD_ADDR" --user bob --window 7 \
	--password-file "$T_TMP/bad"
expect_screen chinese_wrong_password_said_once_in_chinese zhw '^ *用户名或密码错误。 *$'
check chinese_wrong_password_without_english bash -c "! printf '%s' \"\$0\" |
	grep -qi 'wrong'" "$LAST"
tm kill-session -t zhw
start_term zhs 100 40 C.UTF-8 TERM=vt100 -- --lang zh_CN --supervisor --server "$JHD_ADDR" \
	--user boss --password-file "$T_TMP/boss"
expect_screen lang_flag_picks_chinese zhs '值班主管'
edges=$(same_right_edge "$(screen zhs)" '^[ >·][A-Q] ')
expect_eq chinese_supervisor_rows_aligned "$edges" 1

# --- quitting with the window open: close it, pause it, or leave it open (Esc stays) --------
# tmux sometimes leaves the exit status unread (the child is a zombie): dead is enough then
pane_exit() {
	local i
	for i in $(seq 1 50); do
		[ "$(tm display-message -p -t "$1" '#{pane_dead}')" = 1 ] && break
		sleep 0.1
	done
	tm display-message -p -t "$1" 'dead=#{pane_dead} status=#{pane_dead_status}'
}
win_state() {
	printf '{"op":"status"}\n' | jhcall --sock "$JHD_SOCK" --field "windows.$(($1 - 1)).state"
}
keys c3 q
expect_screen quit_with_the_window_open_asks c3 \
	'Quit\? Window 3 is open:  c close it  p pause it  l keep it open  Esc no, stay'
keys c3 Escape
expect_screen esc_does_not_quit c3 'Cancelled\.'
expect_eq esc_leaves_the_console_running "$(tm display-message -p -t c3 '#{pane_dead}')" 0
# a ticket at the desk: the server refuses to close, the console stays and says why
keys c3 q
expect_screen quit_asks_again c3 'Quit\? Window 3 is open'
keys c3 c
expect_screen quit_close_refused_while_serving_stays c3 \
	"Window 3 is still serving $cur: finish it first\."
keys c3 f
expect_screen finish_before_quitting c3 "$cur finished\."
keys c3 q
expect_screen quit_asks_once_more c3 'Quit\? Window 3 is open'
keys c3 c
expect_match quit_close_leaves_cleanly "$(pane_exit c3)" '^dead=1 status=0?$'
expect_eq quit_close_closes_the_window "$(win_state 3)" closed
# pause (in Chinese: window 5, its desk emptied above)
keys zh q
expect_screen chinese_quit_asks zh '退出？5 号窗口仍开放：  c 关闭窗口  p 暂停窗口  l 保持开放  Esc 不退出'
keys zh p
expect_match quit_pause_leaves_cleanly "$(pane_exit zh)" '^dead=1 status=0?$'
expect_eq quit_pause_pauses_the_window "$(win_state 5)" paused
# leave it open (window 6)
keys off q
expect_screen quit_asks_on_window_6 off 'Quit\? Window 6 is open'
keys off l
expect_match quit_leave_leaves_cleanly "$(pane_exit off)" '^dead=1 status=0?$'
expect_eq quit_leave_keeps_the_window_open "$(win_state 6)" open
t_finish
