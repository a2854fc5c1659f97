# overtake.sh — [policy] max_overtake through the protocol: a normal ticket passed by that
# many later (green) tickets at a window is called before any later one there; its count
# survives a restart; ticket figures and status's window queue follow it; without the key,
# the lanes pass freely (docs/SCHEDULING.md, section 1).
source "$(dirname "$0")/common.bash"

cat >"$T_TMP/hall.ini" <<'X'
[hall]
name = Overtake
timezone = Asia/Shanghai
[policy]
max_overtake = 1
[department D]
name = D
[service A]
name = A
department = D
[service B]
name = B
department = D
[window 1]
services = A
[window 2]
services = B
X
proto_setup "$T_TMP/hall.ini" --test-clock 2026-03-02T10:00:00+08:00
clock() { as_local <<<"{\"op\":\"clock\",\"advance_s\":$1}" >/dev/null; }
take() { q as_kiosk ticket.code "{\"op\":\"take\",\"service\":\"A\"${1:+,\"priority\":\"$1\"}}"; }
call() { q as_super ticket.code '{"op":"call_next","window":"1"}'; }

as_super >/dev/null <<<'{"op":"open","window":"1"}'
take >/dev/null; clock 10		# A001 normal, 10:00:00
take green >/dev/null; clock 10		# A002 green, 10:00:10
take green >/dev/null			# A003 green, 10:00:20
expect_eq "a green ticket passes the normal one" "$(call)" A002
expect_eq "the count is kept in the database" \
	"$(sqlite3 "$JHD_DB" "SELECT code || ':' || passed FROM tickets WHERE state = 'waiting' ORDER BY id" | tr '\n' ' ')" \
	"A001:1 A003:0 "
expect_eq "the passed ticket is now first in the forecast" \
	"$(q as_kiosk ticket.ahead '{"op":"ticket","code":"A001"}'):$(q as_kiosk ticket.ahead '{"op":"ticket","code":"A003"}')" "0:1"
expect_eq "and first in status's queue of the window" \
	"$(printf '%s\n' '{"op":"status"}' | as_super | jq -c '[.windows[0].queue[].code]')" '["A001","A003"]'
as_super >/dev/null <<<'{"op":"finish","window":"1"}'
jhd_restart || not_ok "jhd restarts"
expect_eq "after a restart, the next call is the ticket passed max_overtake times, not the later green one" \
	"$(call)" A001
as_super >/dev/null <<<'{"op":"finish","window":"1"}'
expect_eq "then the green one" "$(call)" A003

# the same day without max_overtake: both green tickets pass
sed -i 's/^max_overtake = 1$/max_overtake = 0/' "$T_TMP/hall.ini"
jhctl import "$T_TMP/hall.ini" >/dev/null
as_super >/dev/null <<<'{"op":"finish","window":"1"}'
take >/dev/null; clock 10; take green >/dev/null; clock 10; take green >/dev/null
expect_eq "without max_overtake the green tickets pass freely" "$(call):$(as_super >/dev/null <<<'{"op":"finish","window":"1"}'; call)" A005:A006
expect_eq "and nothing is counted" "$(sqlite3 "$JHD_DB" "SELECT code || ':' || passed FROM tickets WHERE code = 'A004'")" "A004:0"
expect_eq "a value over 1000 is refused at import" \
	"$(sed 's/^max_overtake = 0$/max_overtake = 1001/' "$T_TMP/hall.ini" >"$T_TMP/big.ini"; jhctl import "$T_TMP/big.ini" 2>&1 | grep -c 'max_overtake must be a whole number from 0 to 1000')" 1
t_finish
