# log_forge.sh — text a client sends cannot forge a line of jhd's log: a user name or an alert's
# message holding a newline (or a terminal's escape) is written on its own one line, escaped
# (\n, \xNN: server/client/log.c, log_escape); the sign-in lines name the client's address.
source "$(dirname "$0")/common.bash"
proto_setup

forged='2026-12-06T02:00:00.000Z jhd info: conn 7: admin root signed in'
lines() { grep -c -- "$1" "$JHD_LOG"; }
# log_has TEXT: the count of log lines holding TEXT (fixed string)
log_has() { grep -cF -- "$1" "$JHD_LOG"; }

# a hello whose user name holds a newline and a whole forged line after it
printf '{"id":1,"op":"hello","role":"supervisor","user":"mallory\\n%s","password":"x"}\n' \
	"$forged" | jhcall --raw --addr "$JHD_ADDR" >"$T_TMP/hello.out"
expect_match "the forged hello is refused" "$(cat "$T_TMP/hello.out")" '"unauthenticated"'
expect_eq "no log line begins with the forged time stamp" \
	"$(lines '^2026-12-06T02:00:00.000Z')" 0
expect_eq "the refusal is one line, the newline escaped as \\n" \
	"$(log_has "hello refused for user mallory\\n$forged")" 1
expect_eq "that line names the client's address" \
	"$(lines "from 127\.0\.0\.1: hello refused for user mallory\\\\n2026-12-06")" 1

# an alert whose message holds a newline, an escape sequence (ESC [ 2 J) and a C1 CSI (U+009B)
printf '{"op":"alert","kind":"printer_jam","message":"paper jam\\n%s \\u001b[2J \\u009b31m"}\n' \
	"$forged" | as_kiosk --field ok >"$T_TMP/alert.out"
expect_eq "the alert is raised" "$(cat "$T_TMP/alert.out")" true
expect_eq "the alert is one log line: newline, ESC and U+009B escaped" \
	"$(log_has "alert printer_jam from kiosk-1: paper jam\\n$forged \\x1b[2J \\xc2\\x9b31m")" 1
expect_eq "still no line begins with the forged time stamp" "$(lines '^2026-12-06T02:00:00.000Z')" 0
expect_eq "no raw control byte reached the log" "$(LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f]' "$JHD_LOG")" 0
expect_eq "the alert itself keeps its text as sent" \
	"$(q as_monitor alerts.0.message '{"op":"status"}' | head -c 10)" "paper jam"

# the sign-in lines carry the client's address; a backslash is doubled (unambiguous)
as_clerk 1 </dev/null >/dev/null
as_kiosk </dev/null >/dev/null
printf '{"id":1,"op":"hello","role":"clerk","user":"a\\\\b","password":"x"}\n' |
	jhcall --raw --addr "$JHD_ADDR" >/dev/null
expect_match "a clerk's sign-in names the address" "$(cat "$JHD_LOG")" \
	'conn [0-9]+ from 127\.0\.0\.1: clerk alice signed in at window 1'
expect_match "a device's sign-in names the address" "$(cat "$JHD_LOG")" \
	'conn [0-9]+ from 127\.0\.0\.1: kiosk kiosk-1 connected'
expect_eq "a backslash in a user name is logged as \\\\" \
	"$(log_has 'from 127.0.0.1: hello refused for user a\\b')" 1
t_finish
