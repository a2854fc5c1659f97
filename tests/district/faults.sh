#!/bin/bash
# faults.sh (district) — fault injection in a centre's jhd linked to a real jhdistrict (a
# private PostgreSQL): for each fault point (the Nth allocation, JH_FAULT_ALLOC, or the Nth
# SQLite step returning IOERR, JH_FAULT_STEP), a jhd on a fresh copy of the centre's database
# copies a booking made at the district, takes, calls and finishes tickets and checks the
# booking in, while its link sends the ticket events and the check-in up through the outbox.
# Every request gets exactly one answer, in order; jhd does not crash and exits cleanly; then,
# started again without faults, it drains its outbox, and the district holds every outbox
# event (its centre_tickets rows against the outbox's ticket rows; the booking checked in when
# the check-in was acknowledged): nothing acknowledged is lost on the way up.
# JH_FAULT_DIST_SAMPLES (default 4) single allocation points, spread over the run's
# allocations; JH_FAULT_DIST_BURSTS (default 6) windows of consecutive allocations covering
# all of them; 4 step points.
source "$(dirname "$0")/common.bash"
source "$(dirname "$0")/../lib/faults.bash"

SAMPLES=${JH_FAULT_DIST_SAMPLES:-4}
BURSTS=${JH_FAULT_DIST_BURSTS:-6}
export DIST_QUOTA=40
dist_district 1
dist_start
dist_hall C2 "Centre Two" 31.20 121.47 "$DIST_ADDR" >"$T_TMP/c2.ini"
mkdir -p "$T_TMP/jhd"
install -m 600 "$T_TMP/jiaohao-id.key" "$T_TMP/jhd/jiaohao-id.key"	# the district's key
DAY=$(TZ=Asia/Shanghai date -d tomorrow +%Y-%m-%d)
jhd_start "$T_TMP/c2.ini" --test-clock "${DAY}T07:30:00+08:00" ||
	{ not_ok "jhd starts on centre 2's hall"; t_finish; }
wait_for 10 published C2 || { not_ok "centre 2 publishes its hall"; t_finish; }
SLOT=$(first_slot C2 B)
jhd_stop
TEMPLATE=$T_TMP/template
mkdir -p "$TEMPLATE"
cp "$JHD_DIR"/jhd.db "$JHD_DIR"/*.key "$TEMPLATE"/

RUNS=0
# (polled: wait_for runs them again and again)
copied() { [ "$(sqlite3 "$1/jhd.db" "SELECT count(*) FROM appointments WHERE code = '$2'" 2>/dev/null)" = 1 ]; }
drained() { [ "$(sqlite3 "$1/jhd.db" 'SELECT count(*) FROM district_outbox WHERE sent_at IS NULL' 2>/dev/null)" = 0 ]; }
# launch DIR VAR=VALUE...: jhd on DIR's database at the slot's time; sets PID (0: no start)
launch() {
	local d=$1 i
	shift
	rm -f "$d/sock" "$d/port"
	env "$@" JH_FAULT_COUNT="$d/${COUNT:-count}" "$JH_BIN/jhd" --db "$d/jhd.db" \
		--listen 127.0.0.1:0 --port-file "$d/port" --unix "$d/sock" --foreground \
		--test-clock "$SLOT" 2>>"$d/log" &
	PID=$!
	for i in $(seq 1 400); do [ -S "$d/sock" ] && [ -s "$d/port" ] && return 0; sleep 0.05; done
	kill -KILL $PID 2>/dev/null
	wait $PID 2>/dev/null
	PID=0
}
# run NAME VAR=VALUE...: a booking at the district, then the session under the fault, then
# recovery without it; RUN_WHY says what went wrong ("" when every check held)
run() {
	local name=$1 d id code ids rc acked
	shift
	RUNS=$((RUNS + 1))
	d=$T_TMP/run-$name
	RUN_DIR=$d
	RUN_WHY=""
	rm -rf "$d"
	mkdir -p "$d"
	cp "$TEMPLATE"/* "$d"/
	psql_q "DELETE FROM centre_tickets WHERE centre = 'C2'" >/dev/null
	id=$(idn $((100 + RUNS)))
	code=$(dist_book $((100 + RUNS)) C2 B "$SLOT")
	[ -n "$code" ] || { RUN_WHY="the district books"; return; }
	launch "$d" "$@"
	[ "$PID" != 0 ] || { RUN_WHY="jhd did not start: $(tail -3 "$d/log")"; return; }
	# the booking's copy (it may fail under the fault: the check-in is answered anyway)
	wait_for 3 copied "$d" "$code"
	printf '%s\n' '{"id":1,"op":"take","service":"B"}' '{"id":2,"op":"take","service":"C"}' \
		'{"id":3,"op":"open","window":"1"}' '{"id":4,"op":"call_next","window":"1"}' \
		'{"id":5,"op":"finish","window":"1"}' \
		'{"id":6,"op":"checkin","id_number":"'"$id"'"}' |
		"$JH_BIN/jhcall" --sock "$d/sock" --raw --timeout 20000 >"$d/out" 2>"$d/jhcall.err"
	# (a request that could not even be read for want of memory is answered internal with id
	# null: counted as the answer in its place)
	ids=$(grep '^{"id":' "$d/out" | awk '{ id = $0; sub(/^\{"id":/, "", id); sub(/[,}].*/, "", id)
		if (id == "null" && $0 ~ /the request could not be read"/) id = NR
		printf "%s ", id }')
	# (a connection whose session could not be made is closed before anything of it is read,
	# as if refused at accept: no request, no answer owed; tests/server/faults.sh)
	if ! { [ -z "$ids" ] && grep -Eq 'no memory for its (session|buffers): closed' "$d/log"; }; then
		[ "$ids" = "1 2 3 4 5 6 " ] || RUN_WHY="answers to ids '$ids', expected '1 2 3 4 5 6'"
	fi
	sleep 1	# the link's turn under the fault
	kill -0 $PID 2>/dev/null || RUN_WHY="jhd died: $(grep -m3 -E 'ERROR|runtime error|Assertion|fatal' "$d/log")"
	kill -TERM $PID 2>/dev/null
	wait $PID
	rc=$?
	[ -z "$RUN_WHY" ] && [ $rc != 0 ] && RUN_WHY="jhd exited $rc: $(grep -m3 -E 'ERROR|leak|runtime error|Assertion|fatal' "$d/log")"
	[ -n "$RUN_WHY" ] && return
	# recovery: no fault; the outbox drains; the district holds all of it
	COUNT=count.recovery launch "$d"
	[ "$PID" != 0 ] || { RUN_WHY="jhd did not start again"; return; }
	wait_for 15 drained "$d" ||
		RUN_WHY="the outbox did not drain after recovery"
	kill -TERM $PID 2>/dev/null
	wait $PID
	[ -n "$RUN_WHY" ] && return
	local out at
	out=$(sqlite3 "$d/jhd.db" "SELECT count(*) FROM district_outbox WHERE kind = 'ticket' AND coalesce(result, '') NOT LIKE 'unreadable%'")
	at=$(psql_q "SELECT count(*) FROM centre_tickets WHERE centre = 'C2'")
	[ "$out" = "$(sqlite3 "$d/jhd.db" "SELECT count(*) FROM district_outbox WHERE kind = 'ticket'")" ] ||
		{ RUN_WHY="ticket events were set aside unsent: $(grep -m1 'set aside' "$d/log")"; return; }
	[ "$out" = "$at" ] || { RUN_WHY="the outbox holds $out ticket events, the district $at"; return; }
	acked=$(jq -r 'select(.ok == true) | .ticket.id // empty' "$d/out" | sort -u)
	for t in $acked; do
		[ "$(sqlite3 "$d/jhd.db" "SELECT count(*) FROM tickets WHERE id = $t")" = 1 ] ||
			{ RUN_WHY="ticket id $t was acknowledged but is not stored"; return; }
	done
	if grep -q '^{"id":6,"ok":true' "$d/out"; then
		[ "$(dq bookings '{"op":"my_bookings","id_number":"'"$id"'"}' | jq -r --arg c "$code" '.[] | select(.code == $c) | .state')" = checked_in ] ||
			{ RUN_WHY="the check-in of $code was acknowledged but the district does not have it"; return; }
	fi
	RUN_TICKETS=$out
}

run clean
expect_eq "without faults the run holds" "$RUN_WHY" ""
expect_eq "without faults the six requests are answered ok" \
	"$(grep -c '^{"id":[0-9]*,"ok":true' "$T_TMP/run-clean/out")" 6
expect_match "without faults the outbox's ticket events (3 tickets issued, 1 called, 1 finished) are all at the district" \
	"$RUN_TICKETS" '^[5-9]$' 
read -r _ ALLOCS _ STEPS _ <"$T_TMP/run-clean/count"
expect_match "the run's allocations and steps are counted" "$ALLOCS $STEPS" '^[1-9][0-9]+ [1-9][0-9]+$'
echo "# a run makes $ALLOCS allocations and $STEPS SQLite steps"

sweep() {	# KIND POINTS...
	fault_sweep "district mode, " "one answer per request, clean exit, the outbox reaches the district whole" "$@"
}
sweep alloc $(for i in $(seq 1 "$SAMPLES"); do echo $((i * ALLOCS / (SAMPLES + 1))); done | sort -un)
# bursts: windows of consecutive allocations that together cover every one of the run's (the
# link's turns among them: a ticket event's body read back from the outbox, its request)
W=$(( (ALLOCS + BURSTS - 1) / BURSTS ))
sweep burst $(seq 1 "$W" "$ALLOCS")
sweep ioerr $(for i in 1 2 3 4; do echo $((i * STEPS / 5)); done | sort -un)
t_finish
