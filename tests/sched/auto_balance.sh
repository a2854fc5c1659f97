# auto_balance.sh — rebalancing through the protocol (docs/SCHEDULING.md, section 6): status
# gives the suggestion (the idle window that should also serve a piling service, as a backup);
# with [policy] auto_balance = on jhd applies it itself at the next period: a backup duty added,
# the window's primary services kept, an assign event by auto_balance, an alert to the
# supervisors that names the undo, saved across kill -9; a supervisor's assign undoes it and
# clears the alert; without auto_balance nothing changes by itself.
source "$(dirname "$0")/../server/common.bash"
HALL=$T_TMP/auto.ini
sed 's/^\[policy\]$/[policy]\nauto_balance = on\nauto_balance_every = 10m/' \
	"$JH_TOP/server/examples/district.ini" >"$HALL"
proto_setup "$HALL" --test-clock 2026-03-02T10:00:00+08:00

clock() { as_local <<<"{\"op\":\"clock\",\"advance_s\":$1}" >/dev/null; }
duties() {	# duties WINDOW: its duties as "A,B,F:backup"
	as_super --field windows <<<'{"op":"status"}' | jq -r --arg w "$1" \
		'.[]|select(.name==$w)|[.duties[]|.service+(if .role=="backup" then ":backup" else "" end)]|join(",")'
}
as_local >/dev/null <<<'{"op":"open","window":"1"}'
as_local >/dev/null <<<'{"op":"open","window":"4"}'
for i in $(seq 1 12); do as_kiosk >/dev/null <<<'{"op":"take","service":"A"}'; clock 30; done
expect_eq "window 4 serves F and G" "$(duties 4)" "F,G"
expect_eq "status suggests window 4 (idle) also serve A (12 waiting at window 1)" \
	"$(as_super --field suggestion <<<'{"op":"status"}' | jq -c '[.window,.service]')" '["4","A"]'

clock 600
expect_eq "at the next period jhd adds A as a backup, keeping F and G" "$(duties 4)" "F,G,A:backup"
expect_eq "the change is an assign event by auto_balance" \
	"$(sqlite3 "$JHD_DB" "SELECT who || ' ' || detail FROM ticket_events WHERE what = 'assign'")" \
	"auto_balance F,G,A:backup"
expect_match "the supervisors get an alert that names the undo" \
	"$(as_super --field alerts <<<'{"op":"status"}' | jq -r '.[]|select(.kind=="auto_balance")|.message')" \
	'^window 4 now also serves A as a backup .*undo: assign 4 F,G$'
jhd_kill9
jhd_restart
expect_eq "the change survives kill -9" "$(duties 4)" "F,G,A:backup"

as_super >/dev/null <<<'{"op":"assign","window":"4","services":["F","G"]}'
expect_eq "a supervisor's assign undoes it" "$(duties 4)" "F,G"
clock 600
expect_eq "and it stays undone at the next period" "$(duties 4)" "F,G"
expect_eq "and answers the alert" \
	"$(as_super --field alerts <<<'{"op":"status"}' | jq '[.[]|select(.kind=="auto_balance")]|length')" 0

# the same hall without auto_balance: the suggestion is given, nothing changes by itself
jhctl import "$JH_TOP/server/examples/district.ini" >/dev/null
as_local >/dev/null <<<'{"op":"open","window":"5"}'
for i in $(seq 1 10); do as_kiosk >/dev/null <<<'{"op":"take","service":"A"}'; clock 30; done
sugg=$(as_super --field suggestion <<<'{"op":"status"}' | jq -r '.window // empty')
expect_match "without auto_balance status still suggests" "$sugg" '^[0-9]+$'
before=$(duties "$sugg")
clock 1200
expect_eq "but window $sugg keeps its duties" "$(duties "$sugg")" "$before"
t_finish
