# alerts.sh — the alert table cannot be flooded: a device raises only its own hardware's kinds
# (kiosk printer_*, display display_*, monitor monitor_*; an admin any kind), at most 16 active
# alerts each, 256 of devices in all; jhd's own alerts always fit beside them.
source "$(dirname "$0")/common.bash"
# a test clock past the opening time: before it, N (window 11's duty) would count as served and
# raise no unserved alert at the end (tests/server/opening.sh)
proto_setup --test-clock 2026-11-23T10:00:00+08:00
alert() { printf '{"op":"alert","kind":"%s"%s}\n' "$1" "${2:+,$2}"; }

expect_eq "a kiosk raises printer_* alerts" "$(alert printer_media_empty | as_kiosk --field ok)" true
expect_eq "a kiosk may not raise a display's kind" "$(alert display_offline | as_kiosk --field ok)" \
	error:bad_request
expect_eq "a kiosk may not raise an invented kind" "$(alert k1 | as_kiosk --field ok)" error:bad_request
expect_eq "the prefix alone is not a kind" "$(alert printer_ | as_kiosk --field ok)" error:bad_request
expect_match "the refusal says which kinds the device raises" \
	"$(alert k1 | as_kiosk)" "a kiosk raises alerts of kinds printer_\*, not 'k1'"
expect_eq "a display raises display_* alerts" "$(alert display_offline | as_display --field ok)" true
expect_eq "a display may not raise a printer's kind" \
	"$(alert printer_stopped | as_display --field ok)" error:bad_request
expect_eq "a monitor raises monitor_* alerts" "$(alert monitor_feed_stale | as_monitor --field ok)" true
expect_eq "a monitor may not raise a display's kind" \
	"$(alert display_offline | as_monitor --field ok)" error:bad_request
expect_eq "an admin raises any kind" "$(alert maintenance_tonight | as_local --field ok)" true

# one device: at most 16 active alerts; refreshing one of them, or clearing one, still works
got=$(for i in $(seq 2 17); do alert "printer_k$i"; done | as_kiosk --field ok | sort | uniq -c |
	awk '{printf "%s %s ", $1, $2}')
expect_eq "a kiosk has at most 16 active alerts (printer_media_empty and 15 more)" "$got" \
	"1 error:limit_reached 15 true "
expect_match "the limit says so" "$(alert printer_k99 | as_kiosk)" \
	'"limit_reached","message":"kiosk-1 has 16 active alerts, the most one source may have'
expect_eq "an active alert is refreshed at the limit" \
	"$(alert printer_k2 '"message":"again"' | as_kiosk --field alert.message)" again
expect_eq "a cleared alert makes room for another" \
	"$(printf '%s\n%s\n' "$(alert printer_k2 '"clear":true')" "$(alert printer_k99)" |
	as_kiosk --field ok | tr '\n' ' ')" "true true "
expect_eq "another device is not held back by the first" "$(alert display_k1 | as_display --field ok)" true

# 256 of devices in all (16 kiosks of 16 each, with those above), then jhd's own still fit
for d in $(seq 2 16); do
	tok=$(jhd_device "kiosk-$d" kiosk)
	for i in $(seq 16); do alert "printer_k$i"; done |
		jhcall --addr "$JHD_ADDR" --role kiosk --device "kiosk-$d" --token "$tok" --field ok >/dev/null
done
n=$(q as_monitor alerts '{"op":"status"}' | grep -o '"source"' | wc -l)
expect_eq "the devices' alerts fill the table: 256" "$n" 256
tok=$(jhd_device kiosk-17 kiosk)
expect_match "past 256 of devices: limit_reached" "$(alert printer_k1 |
	jhcall --addr "$JHD_ADDR" --role kiosk --device kiosk-17 --token "$tok")" \
	'"limit_reached","message":"too many active alerts"'
expect_eq "a take for a service no window serves" "$(q as_kiosk ticket.code '{"op":"take","service":"N"}')" N001
expect_match "jhd's own alert is raised beside the full table" "$(q as_monitor alerts '{"op":"status"}')" \
	'"source":"jhd","kind":"unserved","service":"N"'
t_finish
