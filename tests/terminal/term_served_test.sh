#!/bin/bash
# term_served_test.sh — jhterm's transfer list (clerk) and move list (supervisor) under tmux
# against a real jhd on a test clock mark "no open window" as jhd's status says ("served",
# docs/SCHEDULING.md "Before the windows open"): at 08:00, before the 09:00 opening, a service
# that a closed window has as a duty (primary, or only as a backup) is not marked and a
# service no window has is; from 09:00 on, with those windows still closed, they are, and no
# event is needed for the console to know (the lists read status as they open). A list already
# on the screen when the opening time passes gets its marks without being opened again, with
# nobody waiting for the services it leaves without a window (so no unserved alert comes): the
# console reads status every few seconds while such a list stays.
source "$(dirname "$0")/../lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
source "$JH_TOP/tests/terminal/term.bash"

command -v tmux >/dev/null || { not_ok "tmux_present: tmux is not installed"; t_finish; }
[ -x "$JH_BIN/jhterm" ] || { not_ok "jhterm_built: $JH_BIN/jhterm missing"; t_finish; }

# the sample hall, but O in no window's duties and Q only a backup duty (of window 5)
HALL=$T_TMP/hall.ini
jhd_hall_o_q "$HALL" ||
	{ not_ok "test_hall_has_O_in_no_window_and_Q_as_window_5s_backup_only"; t_finish; }
# Monday 08:00 in the hall's zone; the hall opens at 09:00
jhd_start "$HALL" --test-clock 2026-11-23T08:00:00+08:00 || { not_ok "jhd_starts: see $JHD_LOG"; t_finish; }
jhd_user alice clerk pw-alice
jhd_user boss supervisor pw-boss
echo pw-alice >"$T_TMP/alice"
echo pw-boss >"$T_TMP/boss"
take() {
	printf '{"op":"take","service":"%s"}\n' "$1" | jhcall --sock "$JHD_SOCK" --field ticket.code
}
served() {
	printf '{"op":"status"}\n' | jhcall --sock "$JHD_SOCK" |
		jq -r ".services[]|select(.code==\"$1\")|.served"
}
# the row of service S in the last capture (the transfer list says "Service S name", the move
# list "S name")
row_of() { printf '%s\n' "$LAST" | grep -E "^ *>? *(Service )?$1 [^ ]" | head -1; }
# CASE S: the row of S carries the mark / CASE S: it does not
marked() {
	local r; r=$(row_of "$2")
	if [ -n "$r" ] && printf '%s' "$r" | grep -q 'no open window'; then ok "$1"
	else not_ok "$1: the row of $2 is '$r', without 'no open window'"; dump; fi
}
# transfer_list AT: the clerk opens the transfer list of D001 (at the clock time AT, for the
# case names) and waits until its last service, Q, is on the screen
transfer_list() {
	keys c3 t
	expect_screen "transfer_list_opens_at_$1" c3 'Transfer D001 to'
	wait_for c3 'Service Q ' >/dev/null
}
# move_list AT: the supervisor moves the waiting ticket $mv: its list of services
move_list() {
	keys sup m
	expect_screen "move_asks_for_the_ticket_at_$1" sup 'Waiting ticket to move:'
	keys sup BSpace BSpace BSpace BSpace BSpace BSpace
	keys sup -l "$mv"
	keys sup Enter
	expect_screen "move_list_opens_at_$1" sup "Move $mv to"
	wait_for sup '^ *>? *Q ' >/dev/null
}
unmarked() {
	local r; r=$(row_of "$2")
	if [ -n "$r" ] && ! printf '%s' "$r" | grep -q 'no open window'; then ok "$1"
	else not_ok "$1: the row of $2 is '${r:-(not on the screen)}'"; dump; fi
}

# --- 08:00: window 3 (D, E, L backup) opened early by its clerk, every other window closed ----
start_term c3 100 50 C.UTF-8 -- --clerk --server "$JHD_ADDR" --user alice --window 3 \
	--password-file "$T_TMP/alice"
expect_screen clerk_signs_in_at_window_3 c3 'Window 3 · alice'
keys c3 o
expect_screen clerk_opens_window_3_before_the_opening c3 'Window 3 · alice · open'
take D >/dev/null
# the ticket the supervisor's list moves waits for E, which open window 3 serves: nobody waits
# for a service the opening leaves without a window, so jhd raises no unserved alert then
mv=$(take E)
keys c3 c
expect_screen clerk_calls_a_ticket c3 'Called D001\.'
expect_eq jhd_says_A_is_served_at_0800 "$(served A)" true
transfer_list 0800
unmarked transfer_list_at_0800_leaves_unmarked_a_service_closed_windows_have_as_duty A
unmarked transfer_list_at_0800_leaves_unmarked_a_service_only_a_closed_windows_backup Q
marked transfer_list_at_0800_marks_a_service_no_window_has O
unmarked transfer_list_at_0800_leaves_the_open_windows_service_unmarked E
keys c3 Escape

start_term sup 100 50 C.UTF-8 -- --supervisor --server "$JHD_ADDR" --user boss \
	--password-file "$T_TMP/boss"
expect_screen supervisor_signs_in sup '^.3 +open +alice '
move_list 0800
unmarked move_list_at_0800_leaves_unmarked_a_service_closed_windows_have_as_duty A
unmarked move_list_at_0800_leaves_unmarked_a_service_only_a_closed_windows_backup Q
marked move_list_at_0800_marks_a_service_no_window_has O
keys sup Escape

# CASE NAME S: the row of S on NAME's screen comes to carry the mark, no key pressed
gets_marked() {
	if wait_for "$2" "^ *>? *(Service )?$3 [^ ].*no open window"; then ok "$1"
	else not_ok "$1: the row of $3 is '$(row_of "$3")', without 'no open window'"; dump; fi
}

# --- 08:59:50 -> 09:00:00 with both lists on the screen --------------------------------------
expect_match clock_set_to_085950 "$(printf '{"op":"clock","set":"2026-11-23T08:59:50+08:00"}\n' |
	jhcall --sock "$JHD_SOCK")" '08:59:50'
transfer_list 085950
unmarked transfer_list_at_085950_leaves_A_unmarked A
unmarked transfer_list_at_085950_leaves_Q_unmarked Q
move_list 085950
unmarked move_list_at_085950_leaves_A_unmarked A
unmarked move_list_at_085950_leaves_Q_unmarked Q
expect_match clock_passes_the_opening "$(printf '{"op":"clock","advance_s":10}\n' |
	jhcall --sock "$JHD_SOCK")" '09:00:00'
gets_marked open_transfer_list_marks_A_once_the_opening_passes c3 A
gets_marked open_transfer_list_marks_Q_once_the_opening_passes c3 Q
unmarked open_transfer_list_leaves_the_open_windows_service_unmarked E
gets_marked open_move_list_marks_A_once_the_opening_passes sup A
gets_marked open_move_list_marks_Q_once_the_opening_passes sup Q
unmarked open_move_list_leaves_the_open_windows_service_unmarked E
keys c3 Escape
keys sup Escape

# --- 09:00: the hall opens, window 3 alone is open -------------------------------------------
printf '{"op":"clock","set":"2026-11-23T09:00:00+08:00"}\n' | jhcall --sock "$JHD_SOCK" >/dev/null
expect_eq jhd_says_A_is_not_served_at_0900 "$(served A)" false
transfer_list 0900
marked transfer_list_at_0900_marks_a_service_whose_windows_did_not_open A
marked transfer_list_at_0900_marks_a_service_whose_backup_window_did_not_open Q
marked transfer_list_at_0900_still_marks_a_service_no_window_has O
unmarked transfer_list_at_0900_leaves_the_open_windows_service_unmarked E
keys c3 Escape
move_list 0900
marked move_list_at_0900_marks_a_service_whose_windows_did_not_open A
marked move_list_at_0900_marks_a_service_whose_backup_window_did_not_open Q
unmarked move_list_at_0900_leaves_the_open_windows_service_unmarked E
keys sup Escape
t_finish
