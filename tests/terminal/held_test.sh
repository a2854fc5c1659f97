#!/bin/bash
# held_test.sh — a window held by another clerk (issue 12), jhterm under tmux against a real
# jhd: the second clerk is told who holds it and may take it over (T, or --takeover); the
# first clerk's screen then says who took the window over, and nothing more is sent from it
# (R signs in again, Q quits); in English and Chinese. A clerk disabled by an admin (jhctl user
# disable) is told why by the same kind of screen (event signed_out). Needs the server to refuse a clerk's
# hello for a window another live session holds (conflict, held_by), to accept "takeover"
# and to send the displaced clerk a "displaced" event: against a server without it, the
# cases fail (the console would take the window silently).
source "$(dirname "$0")/../lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
source "$JH_TOP/tests/terminal/term.bash"

# a field of window W in jhd's status (the sample hall lists windows 1..12 in order)
win() {
	printf '{"op":"status"}\n' | jhcall --sock "$JHD_SOCK" --field "windows.$(($1 - 1)).$2"
}
take() {
	printf '{"op":"take","service":"%s"}\n' "$1" |
		jhcall --sock "$JHD_SOCK" --field ticket.code
}
ticket_state() {
	printf '{"op":"ticket","code":"%s"}\n' "$1" | jhcall --sock "$JHD_SOCK" --field ticket.state
}
pane_exit() {
	local i
	for i in $(seq 1 50); do
		[ "$(tm display-message -p -t "$1" '#{pane_dead}')" = 1 ] && break
		sleep 0.1
	done
	tm display-message -p -t "$1" 'dead=#{pane_dead} status=#{pane_dead_status}'
}

command -v tmux >/dev/null || { not_ok "tmux_present: tmux is not installed"; t_finish; }
[ -x "$JH_BIN/jhterm" ] || { not_ok "jhterm_built: $JH_BIN/jhterm missing"; t_finish; }
jhd_start || { not_ok "jhd_starts: see $JHD_LOG"; t_finish; }
jhd_user alice clerk pw-alice
jhd_user bob clerk pw-bob
echo pw-alice >"$T_TMP/alice"
echo pw-bob >"$T_TMP/bob"

# --- bob holds window 2; alice asks for it ----------------------------------------------------
start_term bob 80 24 C.UTF-8 -- --clerk --server "$JHD_ADDR" --user bob --window 2 \
	--password-file "$T_TMP/bob"
expect_screen bob_signs_in_at_window_2 bob 'Window 2 · bob'
keys bob o
expect_screen bob_opens_window_2 bob 'Window 2 · bob · open'
start_term alice 80 24 C.UTF-8 -- --clerk --server "$JHD_ADDR" --user alice --window 2 \
	--password-file "$T_TMP/alice"
if ! expect_screen held_window_says_who_holds_it alice \
	'Window 2 is held by bob — press T to take over, Q to quit'; then
	# without the server's refusal nothing below can happen: say so for each case, quickly
	for c in held_window_stays_with_its_clerk take_over_with_t takeover_shows_the_window \
		displaced_clerk_is_told_who_took_over window_2_is_alices_in_the_server \
		displaced_console_calls_nobody displaced_sign_in_again_finds_it_held \
		displaced_quits_cleanly takeover_flag_takes_over_without_asking \
		chinese_held_window chinese_displaced_clerk; do
		not_ok "$c: the server did not refuse a hello for a held window (issue 12)"
	done
	t_finish
fi
expect_eq held_window_stays_with_its_clerk "$(win 2 clerk)" bob

# --- T: alice takes it over; bob's screen says so and sends nothing more ----------------------
keys alice t
expect_screen take_over_with_t alice 'You took over window 2 from bob\.'
expect_screen takeover_shows_the_window alice 'Window 2 · alice · open'
expect_screen displaced_clerk_is_told_who_took_over bob 'Window 2 was taken over by alice'
expect_eq window_2_is_alices_in_the_server "$(win 2 clerk)" alice
a1=$(take A)
keys bob c
sleep 1
expect_eq displaced_console_calls_nobody "$(ticket_state "$a1")" waiting
check displaced_console_still_says_so_and_nothing_else bash -c "printf '%s' \"\$0\" |
	grep -q 'Window 2 was taken over by alice' && ! printf '%s' \"\$0\" |
	grep -qE 'signed in\.|Wrong user|Not possible|refused|Called'" "$(screen bob)"
keys alice c
expect_screen new_holder_calls alice "Called $a1\\."

# --- R on bob's screen: the sign-in form, then the window is held (by alice): Q quits ---------
keys bob r
expect_screen displaced_r_shows_the_sign_in_form bob 'Password'
keys bob -l pw-bob
keys bob Enter
expect_screen displaced_sign_in_again_finds_it_held bob \
	'Window 2 is held by alice — press T to take over, Q to quit'
keys bob q
expect_match displaced_quits_cleanly "$(pane_exit bob)" '^dead=1 status=0?$'
expect_eq quitting_the_held_screen_leaves_the_window_alone "$(win 2 clerk)" alice

# --- --takeover: bob takes it back without being asked -----------------------------------------
tm kill-session -t bob
start_term bob 80 24 C.UTF-8 -- --clerk --server "$JHD_ADDR" --user bob --window 2 --takeover \
	--password-file "$T_TMP/bob"
expect_screen takeover_flag_takes_over_without_asking bob 'You took over window 2 from alice\.'
expect_screen takeover_flag_shows_the_window bob 'Window 2 · bob · open'
expect_screen takeover_flag_displaces_alice alice 'Window 2 was taken over by bob'
expect_eq window_2_is_bobs_again "$(win 2 clerk)" bob

# --- in Chinese: alice again, held, T; then bob takes over from her Chinese screen ------------
tm kill-session -t alice
start_term alice 80 24 zh_CN.UTF-8 -- --clerk --server "$JHD_ADDR" --user alice --window 2 \
	--password-file "$T_TMP/alice"
expect_screen chinese_held_window alice '2 号窗口正由 bob 使用 — 按 T 接管，按 Q 退出'
keys alice t
expect_screen chinese_takeover alice '您已从 bob 接管 2 号窗口。'
expect_screen english_screen_displaced_by_a_chinese_one bob 'Window 2 was taken over by alice'
tm kill-session -t bob
start_term bob 80 24 C.UTF-8 -- --clerk --server "$JHD_ADDR" --user bob --window 2 --takeover \
	--password-file "$T_TMP/bob"
expect_screen chinese_displaced_clerk alice '2 号窗口已被 bob 接管'
check chinese_displaced_screen_has_no_english bash -c "! printf '%s' \"\$0\" |
	grep -qE 'taken over|Quit|Sign in'" "$(screen alice)"

# --- an admin disables the clerk at window 5: the console says why and sends nothing more -----
jhd_user dave clerk pw-dave
echo pw-dave >"$T_TMP/dave"
start_term dave 80 24 C.UTF-8 -- --clerk --server "$JHD_ADDR" --user dave --window 5 \
	--password-file "$T_TMP/dave"
expect_screen dave_signs_in_at_window_5 dave 'Window 5 · dave'
keys dave o
expect_screen dave_opens_window_5 dave 'Window 5 · dave · open'
jhctl user disable dave >/dev/null
expect_screen disabled_clerk_is_told_why dave \
	'Signed out by the server: user dave was disabled by local'
expect_screen disabled_clerk_screen_sends_nothing_more dave 'Nothing more is sent from this screen\.'
expect_eq disabled_clerks_window_has_no_clerk "$(win 5 clerk)" null
d1=$(take A)
keys dave c
sleep 1
expect_eq disabled_console_calls_nobody "$(ticket_state "$d1")" waiting
keys dave q
expect_match disabled_console_quits_cleanly "$(pane_exit dave)" '^dead=1 status=0?$'
jhctl user enable dave >/dev/null
tm kill-session -t dave
start_term dave 80 24 zh_CN.UTF-8 -- --clerk --server "$JHD_ADDR" --user dave --window 5 \
	--password-file "$T_TMP/dave"
expect_screen dave_signs_in_again_in_chinese dave '5 号窗口'
jhctl user disable dave >/dev/null
expect_screen chinese_disabled_clerk dave '已被服务器退出登录：user dave was disabled by local'
t_finish
