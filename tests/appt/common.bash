# common.bash — shared set-up for the appointment protocol tests: the server tests' set-up
# (tests/server/common.bash) with the test clock on Monday 2026-11-23 08:00 (Asia/Shanghai),
# and valid resident ID numbers.
source "$(dirname "${BASH_SOURCE[0]}")/../server/common.bash"

APPT_T0=2026-11-23T08:00:00+08:00

# appt_setup [HALL.ini] [jhd args...]: the server tests' set-up (people, devices, as_* and q
# shorthands) on the sample hall (its [limits] lifted unless HALL is given: tests/lib/jhd.sh)
# with the test clock at APPT_T0.
appt_setup() {
	local hall=""
	if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
		hall=$1
		shift
	fi
	proto_setup "$hall" --test-clock "$APPT_T0" "$@"
}

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
