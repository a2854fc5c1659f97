# common.bash — shared set-up for the server's protocol tests: a jhd on the sample hall with a
# clerk, a supervisor, an admin and one device of each kind; shorthands to speak as each.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"

# proto_setup [jhd args...]: start jhd (sample hall) and create the people and devices.
proto_setup() {
	if ! jhd_start "$@"; then
		not_ok "jhd starts on the sample hall"
		t_finish
	fi
	jhd_user alice clerk pw-alice
	jhd_user carol clerk pw-carol
	jhd_user bob supervisor pw-bob
	jhd_user root admin pw-root
	KIOSK_TOKEN=$(jhd_device kiosk-1 kiosk)
	DISPLAY_TOKEN=$(jhd_device display-1 display)
	MONITOR_TOKEN=$(jhd_device monitor-1 monitor)
}
as_kiosk() { jhcall --addr "$JHD_ADDR" --role kiosk --device kiosk-1 --token "$KIOSK_TOKEN" "$@"; }
as_display() { jhcall --addr "$JHD_ADDR" --role display --device display-1 --token "$DISPLAY_TOKEN" "$@"; }
as_monitor() { jhcall --addr "$JHD_ADDR" --role monitor --device monitor-1 --token "$MONITOR_TOKEN" "$@"; }
# as_clerk WINDOW [args]: alice at a window
as_clerk() { local w=$1; shift; jhcall --addr "$JHD_ADDR" --role clerk --user alice --password pw-alice --window "$w" "$@"; }
as_super() { jhcall --addr "$JHD_ADDR" --role supervisor --user bob --password pw-bob "$@"; }
as_admin() { jhcall --addr "$JHD_ADDR" --role admin --user root --password pw-root "$@"; }
as_local() { jhcall --sock "$JHD_SOCK" "$@"; }
# one request, one field of its answer: q ROLE-FN FIELD JSON
q() { local fn=$1 f=$2 req=$3; shift 3; printf '%s\n' "$req" | $fn --field "$f" "$@"; }
