#!/bin/bash
# cups_print_test.sh — printing through a REAL private cupsd: the CUPS module on its own
# (raw socket:// queue with a socat capture, file:// queue with a pass-through PPD), then
# jhkiosk --take against a real jhd: the job completes and the printer receives exactly the
# ticket; a disabled queue, an empty paper tray and a stopped cupsd each leave the ticket taken
# once, print the code, and raise the matching alert at the server, cleared after a good print.
JH_TOP=${JH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$JH_TOP/tests/lib/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"
source "$JH_TOP/tests/printers/cupsd.sh"
JH_BUILD=${JH_BUILD:-$JH_TOP/build}
CP=$JH_BUILD/tests/printers/cp_tool
ST=$JH_BUILD/tests/printers/status_tool
KIOSK=$JH_BIN/jhkiosk

for f in "$CP" "$ST" "$KIOSK"; do
	[ -x "$f" ] || { not_ok "test_programs_built: $f is missing"; t_finish; }
done
cupsd_start || { not_ok "private_cupsd_starts"; t_finish; }
ok "private_cupsd_starts"
cups_raw_queue ticket || not_ok "raw_socket_queue_created"
cups_file_queue office "$T_TMP/office.out" || not_ok "file_queue_with_passthrough_ppd_created"

# Waits up to 5 s for the capture of a raw queue to hold N complete job files.
wait_jobs() {
	local dir=$CUPS_DIR/cap-$1 n=$2 i
	for i in $(seq 1 100); do
		[ "$(ls "$dir" 2>/dev/null | grep -vc part)" -ge "$n" ] && return 0
		sleep 0.05
	done
	return 1
}
last_job() { ls -t "$CUPS_DIR/cap-$1"/job.* 2>/dev/null | grep -v part | head -1; }

# --- the CUPS module alone ----------------------------------------------------------------
printf '\x1b@\x1c&\xc9\xe7\xb1\xa3\x1c.\n\x1dV\x00' >"$T_TMP/in.bin"
out=$("$CP" print ticket application/vnd.cups-raw "$T_TMP/in.bin" 10000)
expect_match "cp_print_raw_queue_job_completes" "$out" '^ok job=[0-9]+ state=3'
wait_jobs ticket 1
check "cp_print_raw_queue_receives_the_bytes_unchanged" cmp -s "$T_TMP/in.bin" "$(last_job ticket)"
out=$("$CP" print office application/vnd.cups-raw "$T_TMP/in.bin" 10000)
expect_match "cp_print_file_queue_job_completes" "$out" '^ok job='
check "cp_print_file_queue_output_is_the_job_bytes" cmp -s "$T_TMP/in.bin" "$T_TMP/office.out"
out=$("$CP" print nosuch application/vnd.cups-raw "$T_TMP/in.bin" 10000)
expect_match "cp_print_unknown_queue_is_named" "$out" '^not_found .*no printer queue named nosuch'

# --- jhkiosk against a real jhd ------------------------------------------------------------
# A fixed working morning (Monday 09:10 in the hall's zone), so the check-in case below is on time.
if ! jhd_start --test-clock 2026-11-23T09:10:00+08:00; then
	not_ok "jhd_starts_for_kiosk_tests: $(tail -5 "$JHD_LOG" 2>/dev/null)"
	t_finish
fi
token=$(jhd_device kiosk-1 kiosk)
[ -n "$token" ] || not_ok "kiosk_device_token_issued"
(umask 077; printf '%s\n' "$token" >"$T_TMP/kiosk.token")
kiosk() {
	"$KIOSK" --server "$JHD_ADDR" --device kiosk-1 --token-file "$T_TMP/kiosk.token" \
		--print-timeout 10 --log-level error "$@"
}
waiting() { "$ST" "$JHD_SOCK" waiting A; }
alerts() { "$ST" "$JHD_SOCK" alerts; }

n0=$(ls "$CUPS_DIR/cap-ticket" | grep -vc part)
out=$(kiosk --take A --printer ticket --width 80 --output "$T_TMP/t1.bin"); rc=$?
expect_match "take_prints_on_raw_queue_and_says_the_code" "$out" '^ticket A[0-9]{3} printed job [0-9]+$'
expect_eq "take_that_printed_exits_0" "$rc" 0
job=$(printf '%s' "$out" | awk '{print $5}')
code=$(printf '%s' "$out" | awk '{print $2}')
expect_match "cupsd_reports_the_job_completed" "$(lpstat -W completed -o ticket)" "^ticket-$job "
wait_jobs ticket $((n0 + 1))
check "printer_receives_exactly_the_rendered_ticket" cmp -s "$T_TMP/t1.bin" "$(last_job ticket)"
hex=$(od -An -tx1 -v "$(last_job ticket)" | tr -d ' \n')
expect_match "ticket_bytes_start_with_init_and_end_with_cut" "$hex" '^1b40.*1d5600$'
expect_match "ticket_bytes_hold_the_code_in_large_print" "$hex" \
	"1d2155$(printf '%s' "$code" | od -An -tx1 | tr -d ' \n')0a"
expect_match "ticket_bytes_hold_the_qr_sequence" "$hex" '1d286b0400314132001d286b0300314306'

# window 1 (services A, B, C) open: the next tickets of A get an expected wait and its range
printf '%s\n' '{"op":"open","window":"1"}' | "$JH_BIN/jhcall" --sock "$JHD_SOCK" >/dev/null
out=$(kiosk --take A --printer office --format pdf --output "$T_TMP/t2.pdf"); rc=$?
expect_match "pdf_take_prints_on_file_queue" "$out" '^ticket A[0-9]{3} printed job'
expect_eq "pdf_take_that_printed_exits_0" "$rc" 0
check "pdf_queue_output_is_the_rendered_pdf" cmp -s "$T_TMP/t2.pdf" "$T_TMP/office.out"
code2=$(printf '%s' "$out" | awk '{print $2}')
text=$(pdftotext -enc UTF-8 "$T_TMP/office.out" - 2>&1)
expect_match "printed_pdf_holds_the_code" "$text" "$code2"
# service A of server/examples/district.ini
expect_match "printed_pdf_holds_the_service_name" "$text" "社保参保登记"
expect_match "printed_pdf_holds_the_range_of_the_wait" "$text" '预计等待约 [0-9]+–[0-9]+ 分钟'

# The QR code opens the ticket's own page: the status address + the token jhd gave the ticket
# (jhweb's /t/TOKEN), which jhd resolves to this ticket and no other.
by_token() {
	printf '{"op":"ticket_by_token","token":"%s"}\n' "$1" |
		"$JH_BIN/jhcall" --sock "$JHD_SOCK" --field ticket.code
}
out=$(kiosk --take A --printer office --format pdf --status-url http://hall.test/t/ \
	--output "$T_TMP/t4.pdf")
code4=$(printf '%s' "$out" | awk '{print $2}')
url=$(pdftotext -enc UTF-8 "$T_TMP/t4.pdf" - 2>/dev/null | grep -o 'http://hall\.test/t/[A-Za-z0-9_-]*')
expect_match "take_qr_holds_the_status_address_and_a_token" "$url" '^http://hall\.test/t/[A-Za-z0-9_-]{20,}$'
expect_eq "take_qr_token_is_this_tickets" "$(by_token "${url##*/}")" "$code4"

# Queue disabled: the ticket is taken once, not printed, the code shown, the alert raised.
cupsdisable ticket
w0=$(waiting)
out=$(kiosk --take A --printer ticket); rc=$?
expect_eq "disabled_queue_take_exits_2" "$rc" 2
expect_match "disabled_queue_prints_the_code_instead" "$out" '^ticket A[0-9]{3} NOT PRINTED: .*stopped'
expect_eq "disabled_queue_takes_exactly_one_ticket" "$(waiting)" "$((w0 + 1))"
expect_match "disabled_queue_raises_printer_stopped_alert" "$(alerts)" '^kiosk-1 printer_stopped$'
expect_eq "disabled_queue_leaves_no_job_behind" "$(lpstat -o ticket | wc -l)" 0
cupsenable ticket
out=$(kiosk --take A --printer ticket)
expect_match "reenabled_queue_prints_again" "$out" 'printed job'
expect_eq "good_print_clears_the_alert" "$(alerts | grep -c kiosk-1)" 0

# Paper out: the pass-through filter reports media-empty and fails the job.
touch "$CUPS_DIR/paper-out-office"
out=$(kiosk --take A --printer office --format pdf); rc=$?
expect_match "paper_out_prints_the_code_instead" "$out" 'NOT PRINTED: .*media-empty'
expect_match "paper_out_raises_media_empty_alert" "$(alerts)" '^kiosk-1 printer_media_empty$'
rm -f "$CUPS_DIR/paper-out-office"
out=$(kiosk --take A --printer office --format pdf)
expect_match "paper_refilled_prints_again" "$out" 'printed job'
expect_eq "paper_refilled_clears_the_alert" "$(alerts | grep -c kiosk-1)" 0

# cupsd gone.
cupsd_stop
w0=$(waiting)
out=$(kiosk --take A --printer ticket); rc=$?
expect_eq "cupsd_stopped_take_exits_2" "$rc" 2
expect_match "cupsd_stopped_prints_the_code_instead" "$out" '^ticket A[0-9]{3} NOT PRINTED: .*does not answer'
expect_eq "cupsd_stopped_takes_exactly_one_ticket" "$(waiting)" "$((w0 + 1))"
expect_match "cupsd_stopped_raises_unreachable_alert" "$(alerts)" '^kiosk-1 printer_unreachable$'
cupsd_restart || not_ok "cupsd_restarts"
out=$(kiosk --take A --printer ticket)
expect_match "cupsd_back_prints_again" "$out" 'printed job'
expect_eq "cupsd_back_clears_the_alert" "$(alerts | grep -c kiosk-1)" 0

# Bad input is named.
out=$(kiosk --take A --printer ticket --priority vip 2>&1); rc=$?
expect_match "unknown_priority_is_refused_by_name" "$out" 'unknown priority vip'
out=$(kiosk --take ZZ --printer ticket 2>&1); rc=$?
expect_eq "unknown_service_exits_1" "$rc" 1
out=$(kiosk --checkin 44010619900101123X --printer ticket 2>&1); rc=$?
expect_eq "checkin_with_a_mistyped_id_exits_1" "$rc" 1
expect_match "checkin_with_a_mistyped_id_says_why" "$out" 'check digit is wrong'

# Check-in of a booked appointment: an appointment ticket whose paper shows the slot.
slot=$(echo '{"op":"slots","service":"B"}' | "$JH_BIN/jhcall" --sock "$JHD_SOCK" |
	grep -o '"start":"[^"]*"' | head -1 | cut -d'"' -f4)
jhctl book B "$slot" 110105198001010016 >/dev/null 2>&1
expect_eq "phone_booking_for_checkin_succeeds" "$?" 0
out=$(kiosk --checkin 110105198001010016 --printer ticket --output "$T_TMP/t3.bin" \
	--status-url http://hall.test/t/ 2>&1); rc=$?
expect_match "checkin_prints_an_appointment_ticket" "$out" '^ticket B[0-9]{3} printed job'
expect_eq "checkin_that_printed_exits_0" "$rc" 0
url=$(grep -ao 'http://hall\.test/t/[A-Za-z0-9_-]*' "$T_TMP/t3.bin")
expect_eq "checkin_qr_token_is_this_tickets" "$(by_token "${url##*/}")" \
	"$(printf '%s' "$out" | awk '{print $2}')"
hhmm=$(printf '%s' "$slot" | sed -E 's/^[0-9-]+T([0-9]{2}:[0-9]{2}).*/\1/')
slot_hex=$(printf '%s' "$hhmm" | od -An -tx1 | tr -d ' \n')
expect_match "checkin_ticket_shows_the_slot_time" "$(od -An -tx1 -v "$T_TMP/t3.bin" | tr -d ' \n')" \
	"$slot_hex"
out=$(kiosk --checkin 110105198001010016 --printer ticket 2>&1); rc=$?
expect_match "second_checkin_of_the_same_booking_is_refused" "$out" 'already checked in'
t_finish
