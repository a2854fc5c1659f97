# proto_roles.sh — authentication and what each of the six roles may not do: every forbidden
# op answers `forbidden`, every refused hello answers `unauthenticated`.
source "$(dirname "$0")/common.bash"
proto_setup

code_of() { printf '%s\n' "$2" | $1 --field ticket | sed 's/^error://'; }

# forbidden ops per role (each request is otherwise well formed)
W='"window":"1"'
declare -A REQ=(
	[take]='{"op":"take","service":"A"}'
	[call_next]="{\"op\":\"call_next\",$W}" [recall]="{\"op\":\"recall\",$W}"
	[finish]="{\"op\":\"finish\",$W}" [no_show]="{\"op\":\"no_show\",$W}"
	[transfer]="{\"op\":\"transfer\",$W,\"to_service\":\"B\"}"
	[pause]="{\"op\":\"pause\",$W}" [resume]="{\"op\":\"resume\",$W}"
	[open]="{\"op\":\"open\",$W}" [close]="{\"op\":\"close\",$W}"
	[assign]="{\"op\":\"assign\",$W,\"services\":[\"A\"]}"
	[import]='{"op":"import","text":"[hall]\nname = x\n"}'
	[user_add]='{"op":"user_add","name":"eve","role":"admin","password":"x"}'
	[user_list]='{"op":"user_list"}'
	[device_add]='{"op":"device_add","name":"evil","role":"kiosk"}'
	[device_list]='{"op":"device_list"}'
	[clock]='{"op":"clock","advance_s":1}'
	[alert]='{"op":"alert","kind":"x"}'
)
ADMIN_OPS="import user_add user_list device_add device_list clock"
WINDOW_OPS="call_next recall finish no_show transfer pause resume open close assign"
declare -A FORBID=(
	[as_kiosk]="$WINDOW_OPS $ADMIN_OPS"
	[as_display]="take $WINDOW_OPS $ADMIN_OPS"
	[as_monitor]="take $WINDOW_OPS $ADMIN_OPS"
	[as_clerk1]="assign alert $ADMIN_OPS"
	[as_super]="alert $ADMIN_OPS"
)
as_clerk1() { as_clerk 1 "$@"; }
for who in as_kiosk as_display as_monitor as_clerk1 as_super; do
	reqs=""
	for op in ${FORBID[$who]}; do reqs+="${REQ[$op]}"$'\n'; done
	got=$(printf '%s' "$reqs" | $who --field ok | tr '\n' ' ')
	want=$(for op in ${FORBID[$who]}; do printf 'error:forbidden '; done)
	expect_eq "${who#as_} is forbidden: ${FORBID[$who]}" "$got" "$want"
done

# what each role may do (not forbidden)
expect_eq "kiosk may take" "$(code_of as_kiosk '{"op":"take","service":"A"}' | grep -o '"code":"A001"')" '"code":"A001"'
expect_eq "clerk may take for a citizen" "$(q as_clerk1 ticket.code '{"op":"take","service":"A"}')" A002
expect_eq "display may subscribe" "$(q as_display ok '{"op":"subscribe","topics":["calls"]}')" true
expect_eq "monitor may read status" "$(q as_monitor ok '{"op":"status"}')" true
expect_eq "display may raise an alert" "$(q as_display ok '{"op":"alert","kind":"display_offline"}')" true
expect_eq "admin over TCP may list users" "$(q as_admin users.0.name '{"op":"user_list"}')" alice
expect_eq "supervisor may act on any window" "$(q as_super window.state '{"op":"open","window":"7"}')" open
expect_eq "supervisor may assign" "$(q as_super window.name '{"op":"assign","window":"7","services":["L"]}')" 7

# a clerk acts on their own window only
expect_eq "clerk may not act on another window" "$(q as_clerk1 ok '{"op":"open","window":"2"}')" error:forbidden
expect_eq "clerk may act on their window" "$(q as_clerk1 window.clerk '{"op":"open","window":"1"}')" alice
expect_eq "clerk's window is the default" "$(q as_clerk1 window.name '{"op":"pause"}')" 1
expect_eq "a window has no clerk once the clerk disconnects" "$(q as_monitor windows.0.clerk '{"op":"status"}')" null

# hello
out=$(printf '%s\n' '{"id":1,"op":"status"}' '{"id":2,"op":"take","service":"A"}' | jhcall --raw --addr "$JHD_ADDR")
expect_match "before hello, anything else is unauthenticated" "$out" '"id":1,"ok":false,"error":\{"code":"unauthenticated"'
expect_match "before hello, writes are unauthenticated too" "$out" '"id":2,"ok":false,"error":\{"code":"unauthenticated"'
hello() { printf '%s\n' "$1" | jhcall --raw --addr "$JHD_ADDR" | sed -n 's/.*"code":"\([a-z_]*\)".*/\1/p;s/.*"ok":true.*/ok/p'; }
expect_eq "wrong password" "$(hello '{"op":"hello","role":"clerk","user":"alice","password":"nope","window":"1"}')" unauthenticated
expect_eq "unknown user" "$(hello '{"op":"hello","role":"clerk","user":"mallory","password":"x","window":"1"}')" unauthenticated
expect_eq "a clerk may not sign in as supervisor" "$(hello '{"op":"hello","role":"supervisor","user":"alice","password":"pw-alice"}')" unauthenticated
expect_eq "a supervisor may sign in as clerk at a window" "$(hello '{"op":"hello","role":"clerk","user":"bob","password":"pw-bob","window":"5"}')" ok
expect_eq "a clerk must name a window" "$(hello '{"op":"hello","role":"clerk","user":"alice","password":"pw-alice"}')" bad_request
expect_eq "a clerk's window must exist" "$(hello '{"op":"hello","role":"clerk","user":"alice","password":"pw-alice","window":"99"}')" not_found
expect_eq "wrong device token" "$(hello '{"op":"hello","role":"kiosk","device":"kiosk-1","token":"00"}')" unauthenticated
expect_eq "a device token is bound to its role" "$(hello "{\"op\":\"hello\",\"role\":\"display\",\"device\":\"kiosk-1\",\"token\":\"$KIOSK_TOKEN\"}")" unauthenticated
expect_eq "unknown role" "$(hello '{"op":"hello","role":"janitor"}')" bad_request
expect_eq "hello without a role over TCP" "$(hello '{"op":"hello"}')" bad_request
expect_eq "the Unix socket needs no credentials (admin)" "$(q as_local role '{"op":"hello"}')" admin
out=$(for i in 1 2 3 4; do echo '{"op":"hello","role":"clerk","user":"alice","password":"guess","window":"1"}'; done | jhcall --raw --addr "$JHD_ADDR" | grep -c unauthenticated)
expect_eq "three refused hellos close the connection" "$out" 3
new=$(jhd_device kiosk-1 kiosk)
expect_eq "a new token replaces the old one" "$(hello "{\"op\":\"hello\",\"role\":\"kiosk\",\"device\":\"kiosk-1\",\"token\":\"$KIOSK_TOKEN\"}")" unauthenticated
expect_eq "the new token works" "$(hello "{\"op\":\"hello\",\"role\":\"kiosk\",\"device\":\"kiosk-1\",\"token\":\"$new\"}")" ok
expect_eq "tokens are stored hashed, never in clear" "$(sqlite3 "$JHD_DB" "SELECT count(*) FROM devices WHERE token_hash = '$new'")" 0
expect_match "passwords are stored as argon2 hashes" "$(sqlite3 "$JHD_DB" "SELECT pwhash FROM users WHERE name = 'alice'")" '^\$argon2id\$'
t_finish
