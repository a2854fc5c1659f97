# common.bash — shared set-up for the appointment protocol tests: a jhd on the sample hall
# with the test clock on Monday 2026-11-23 08:00 (Asia/Shanghai), a clerk, a supervisor, a
# kiosk and a monitor; shorthands to speak as each; valid resident ID numbers.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"

APPT_T0=2026-11-23T08:00:00+08:00

# appt_setup [jhd args...]
appt_setup() {
	if ! jhd_start "" --test-clock "$APPT_T0" "$@"; then
		not_ok "jhd starts on the sample hall with the test clock"
		t_finish
	fi
	jhd_user alice clerk pw-alice
	jhd_user bob supervisor pw-bob
	KIOSK_TOKEN=$(jhd_device kiosk-1 kiosk)
	MONITOR_TOKEN=$(jhd_device monitor-1 monitor)
	DISPLAY_TOKEN=$(jhd_device display-1 display)
}
as_kiosk() { jhcall --addr "$JHD_ADDR" --role kiosk --device kiosk-1 --token "$KIOSK_TOKEN" "$@"; }
as_monitor() { jhcall --addr "$JHD_ADDR" --role monitor --device monitor-1 --token "$MONITOR_TOKEN" "$@"; }
as_display() { jhcall --addr "$JHD_ADDR" --role display --device display-1 --token "$DISPLAY_TOKEN" "$@"; }
as_clerk() { local w=$1; shift; jhcall --addr "$JHD_ADDR" --role clerk --user alice --password pw-alice --window "$w" "$@"; }
as_super() { jhcall --addr "$JHD_ADDR" --role supervisor --user bob --password pw-bob "$@"; }
as_local() { jhcall --sock "$JHD_SOCK" "$@"; }
# one request, one field of its answer: q ROLE-FN FIELD JSON
q() { local fn=$1 f=$2 req=$3; shift 3; printf '%s\n' "$req" | $fn --field "$f" "$@"; }

# idn N: a valid 18-character resident ID (Beijing, born 1980-01-01, sequence N, 1..999)
# with its ISO 7064 MOD 11-2 check digit.
idn() {
	local body w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) sum=0 i
	body=$(printf '11010519800101%03d' "$1")
	for i in $(seq 0 16); do sum=$((sum + ${body:i:1} * w[i])); done
	local checks=10X98765432
	printf '%s%s' "$body" "${checks:sum % 11:1}"
}
# mask N: how idn N is shown
mask() { local id; id=$(idn "$1"); printf '%s**********%s' "${id:0:4}" "${id:14:4}"; }

# book ROLE-FN SERVICE HH:MM N [DATE] → prints the answer's field (appointment.code or error:X)
book() {
	local fn=$1 svc=$2 at=$3 n=$4 day=${5:-2026-11-23} f=${6:-appointment.code}
	q "$fn" "$f" '{"op":"book","service":"'"$svc"'","start":"'"$day"'T'"$at"':00+08:00","id_number":"'"$(idn "$n")"'"}'
}
clock_to() { q as_local now '{"op":"clock","set":"'"$1"'"}' >/dev/null; }
