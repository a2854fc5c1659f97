# faults.sh — fault injection, SQLite-style (server/fault.h): a real jhd fails its Nth
# allocation (JH_FAULT_ALLOC) or its Nth SQLite step (JH_FAULT_STEP, busy or ioerr), N swept
# over a protocol script (open, take, book, status, call_next, finish, checkin, no_show,
# ticket, appointments, with events subscribed; then the hall file imported again and the
# statistics asked, so that the hall file's reading (hallconf.c), the statistics (stats.c) join
# the event loop, the network and the forecast among the allocations swept). For every N: each request gets exactly one
# answer, in order (an error is fine); jhd does not crash and exits cleanly; it leaks nothing
# (LeakSanitizer in the SAN build; valgrind on a sample otherwise); and every ticket and
# booking it acknowledged is in the database afterwards.
# JH_FAULT_SAMPLES (default 12; 32 with JH_FAULT_FULL=1) single allocation points are swept:
# the first few, then evenly over the rest of the script's allocations; then JH_FAULT_BURSTS
# (default 8; 32) runs each fail a window of consecutive allocations, the windows together
# covering every allocation. Then a hello with a password and a backup (the password and
# backup workers' jobs), swept on their own the same way.
source "$(dirname "$0")/../appt/common.bash"
source "$(dirname "$0")/../lib/faults.bash"

# make check runs a short sweep (about 40 runs of the protocol script, none under valgrind, and
# every allocation of the workers' short script: about 280 short runs); JH_FAULT_FULL=1 (make
# check-faults) the long one (every step of the protocol script BUSY, more points of each kind)
if [ "${JH_FAULT_FULL:-0}" = 1 ]; then
	SAMPLES=32 BURSTS=32 BUSY=all IOERR=24 KSAMPLES=all KBURSTS=24 KSTEPS_AT=all
else
	SAMPLES=12 BURSTS=8 BUSY=12 IOERR=8 KSAMPLES=all KBURSTS=6 KSTEPS_AT=12
fi
SAMPLES=${JH_FAULT_SAMPLES:-$SAMPLES}
BURSTS=${JH_FAULT_BURSTS:-$BURSTS}
T0=2026-11-23T08:55:00+08:00
if nm -D "$JH_BIN/jhd" 2>/dev/null | grep -q __asan_init || nm "$JH_BIN/jhd" 2>/dev/null |
    grep -q __asan_init; then
	SAN_JHD=1
else
	SAN_JHD=0
	command -v valgrind >/dev/null || { not_ok "valgrind is installed (scripts/deps.sh)"; t_finish; }
fi
command -v sqlite3 >/dev/null || { not_ok "sqlite3 is installed (scripts/deps.sh)"; t_finish; }

# the template: the sample hall imported, its appointment key made; each run starts from a copy
jhd_start "" --test-clock "$T0" || { not_ok "jhd starts"; t_finish; }
jhd_user root admin pw-root	# for the hello with a password (the password worker's job)
jhd_stop
TEMPLATE=$T_TMP/template
mkdir -p "$TEMPLATE"
cp "$JHD_DIR"/jhd.db "$JHD_DIR"/*.key "$TEMPLATE"/ 2>/dev/null
[ -f "$TEMPLATE/jhd.db" ] || { not_ok "the template database was made"; t_finish; }

ID41=$(idn 41)
SUB='{"op":"subscribe","topics":["calls","tickets","windows","alerts"]}'
SESSIONS=(
"$SUB
{\"id\":1,\"op\":\"open\",\"window\":\"1\"}
{\"id\":2,\"op\":\"take\",\"service\":\"A\"}
{\"id\":3,\"op\":\"take\",\"service\":\"A\",\"priority\":\"elderly\"}
{\"id\":4,\"op\":\"take\",\"service\":\"B\"}
{\"id\":5,\"op\":\"book\",\"service\":\"B\",\"start\":\"2026-11-23T09:00:00+08:00\",\"id_number\":\"$ID41\"}
{\"id\":6,\"op\":\"status\"}"
"$SUB
{\"id\":7,\"op\":\"call_next\",\"window\":\"1\"}
{\"id\":8,\"op\":\"finish\",\"window\":\"1\"}
{\"id\":9,\"op\":\"checkin\",\"id_number\":\"$ID41\"}
{\"id\":10,\"op\":\"call_next\",\"window\":\"1\"}
{\"id\":11,\"op\":\"no_show\",\"window\":\"1\"}
{\"id\":12,\"op\":\"ticket\",\"code\":\"A001\"}"
"{\"id\":13,\"op\":\"take\",\"service\":\"C\"}
{\"id\":14,\"op\":\"status\"}
{\"id\":15,\"op\":\"appointments\",\"date\":\"2026-11-23\"}"
"{\"id\":16,\"op\":\"import\",\"file\":\"hall.ini\",\"text\":$(sqlite3 "$TEMPLATE/jhd.db" \
	'SELECT source FROM hall WHERE id = 1' | jq -Rs .)}
{\"id\":17,\"op\":\"stats\",\"from\":\"2026-11-23\",\"to\":\"2026-11-24\"}"
'{"id":18,"op":"hello","role":"admin","user":"root","password":"pw-root"}
{"id":19,"op":"backup","path":"@DIR@/backup.db"}'
'{"id":20,"op":"hello","role":"admin","user":"root","password":"wrong"}
{"id":21,"op":"ticket","code":"A001"}'
)
WANT_IDS=("null 1 2 3 4 5 6" "null 7 8 9 10 11 12" "13 14 15" "16 17" "18 19" "20 21")

# run NAME [VAR=VALUE...]: jhd on a fresh copy of the template with the fault variables given,
# the three sessions over the Unix socket, then SIGTERM. Sets RUN_DIR; fills RUN_WHY with what
# went wrong ("" when every check held).
run() {
	local name=$1 d k ids rc pid i refused
	shift
	RUN_DIR=$T_TMP/run-$name
	RUN_WHY=""
	rm -rf "$RUN_DIR"
	mkdir -p "$RUN_DIR"
	cp "$TEMPLATE"/* "$RUN_DIR"/
	d=$RUN_DIR
	env "$@" JH_FAULT_COUNT="$d/count" $VALGRIND "$JH_BIN/jhd" --db "$d/jhd.db" \
		--listen 127.0.0.1:0 --port-file "$d/port" --unix "$d/sock" --foreground \
		--test-clock "$T0" 2>"$d/log" &
	pid=$!
	for i in $(seq 1 400); do [ -S "$d/sock" ] && [ -s "$d/port" ] && break; sleep 0.05; done
	if ! [ -S "$d/sock" ]; then
		RUN_WHY="jhd did not start: $(tail -3 "$d/log")"
		kill -KILL $pid 2>/dev/null
		wait $pid 2>/dev/null
		return
	fi
	for k in $RUN_SESSIONS; do
		refused=$(grep -Ec 'no memory for its (session|buffers): closed' "$d/log")
		printf '%s\n' "${SESSIONS[k]//@DIR@/$d}" | "$JH_BIN/jhcall" --sock "$d/sock" --raw \
			--timeout 20000 >"$d/out$k" 2>>"$d/jhcall.err"
		# the answers' ids, in the order they came (events have none); a request that
		# could not even be read (out of memory) is answered internal with id null: counted
		# as the answer in its place
		ids=$(grep '^{"id":' "$d/out$k" | awk -v want="${WANT_IDS[k]}" '
			BEGIN { n = split(want, w, " ") }
			{
				id = $0; sub(/^\{"id":/, "", id); sub(/[,}].*/, "", id)
				if (id == "null" && $0 ~ /the request could not be read"/) id = w[NR]
				printf "%s%s", (NR > 1 ? " " : ""), id
			}')
		# (a connection whose session could not be made is closed before anything of it
		# is read, as if refused at accept: no request, no answer owed)
		if [ -z "$ids" ] && [ "$(grep -Ec 'no memory for its (session|buffers): closed' "$d/log")" -gt "$refused" ]; then
			:
		elif [ "$ids" != "${WANT_IDS[k]}" ]; then
			RUN_WHY="session $((k + 1)): answers to ids '$ids', expected '${WANT_IDS[k]}'"
			break
		fi
		if ! kill -0 $pid 2>/dev/null; then
			RUN_WHY="jhd died in session $((k + 1)): $(grep -m3 -E 'ERROR|runtime error|Assertion|fatal' "$d/log")"
			break
		fi
	done
	kill -TERM $pid 2>/dev/null
	wait $pid
	rc=$?
	if [ -z "$RUN_WHY" ] && [ $rc != 0 ]; then
		RUN_WHY="jhd exited $rc: $(grep -m3 -E 'ERROR|leak|runtime error|Assertion|fatal|definitely' "$d/log")"
	fi
	[ -n "$RUN_WHY" ] && return
	# every ticket and booking acknowledged (an ok answer) is in the database
	local acked stored
	acked=$(cat "$d"/out* | jq -r 'select(.ok == true) | (.ticket // empty | "T \(.id) \(.code)"),
		(if .op == null and .appointment.code then "B \(.appointment.code)" else empty end)' \
		2>/dev/null | sort -u)
	for line in $(printf '%s\n' "$acked" | tr ' ' '_'); do
		set -- ${line//_/ }
		if [ "$1" = T ]; then
			stored=$(sqlite3 "$d/jhd.db" "SELECT code FROM tickets WHERE id = $2")
			[ "$stored" = "$3" ] || { RUN_WHY="ticket $3 (id $2) was acknowledged but is not stored"; return; }
		else
			stored=$(sqlite3 "$d/jhd.db" "SELECT count(*) FROM appointments WHERE code = '$2'")
			[ "$stored" = 1 ] || { RUN_WHY="booking $2 was acknowledged but is not stored"; return; }
		fi
	done
	# a backup acknowledged is a whole, checked copy
	if grep -qs '^{"id":19,"ok":true' "$d/out4" &&
	    [ "$(sqlite3 "$d/backup.db" 'PRAGMA integrity_check' 2>&1)" != ok ]; then
		RUN_WHY="the backup was acknowledged but its copy is not whole"
		return
	fi
	RUN_ACKED=$(printf '%s\n' "$acked" | grep -c .)
}

# the script without faults: every request succeeds, and the counts to sweep over
VALGRIND=""
RUN_SESSIONS=${!SESSIONS[*]}
run clean
expect_eq "the script runs clean without faults" "$RUN_WHY" ""
expect_eq "without faults every request but the wrong password is answered ok" \
	"$(cat "$RUN_DIR"/out* | grep -c '^{"id":[0-9]*,"ok":true')" 20
expect_match "without faults the wrong password is refused" "$(cat "$RUN_DIR/out5")" \
	'^\{"id":20,"ok":false.*"code":"unauthenticated"'
expect_match "without faults the backup is made and checked" "$(cat "$RUN_DIR/out4")" \
	'"id":19,"ok":true'
expect_eq "without faults the backup's copy is whole" \
	"$(sqlite3 "$RUN_DIR/backup.db" 'PRAGMA integrity_check' 2>&1)" ok
expect_eq "without faults 5 tickets and 1 booking are acknowledged" "$RUN_ACKED" 6
# the sweeps below: the protocol script (sessions 1-4), then the workers' (5-6) on their own,
# every point of theirs (a sweep of the whole would reach them only at a few of its points)
RUN_SESSIONS="0 1 2 3"
run clean1
read -r _ ALLOCS _ STEPS _ <"$RUN_DIR/count"
expect_match "the script's allocations and steps are counted" "$ALLOCS $STEPS" '^[1-9][0-9]+ [1-9][0-9]+$'
echo "# the script makes $ALLOCS allocations and $STEPS SQLite steps"

# sweep(KIND, POINTS...): run the script once per fault point, report one case per kind
# JH_FAULT_ONLY=N (to look into a failure): one run of the script with allocation N failing,
# its answers and the end of jhd's log shown, and nothing else
if [ -n "${JH_FAULT_ONLY:-}" ]; then
	RUN_SESSIONS=${JH_FAULT_SESSIONS:-0 1 2 3}
	run only JH_FAULT_ALLOC="$JH_FAULT_ONLY"
	echo "# ${RUN_WHY:-every check held}"
	cat "$RUN_DIR"/out* | sed 's/^/# /'
	grep -v '^$' "$RUN_DIR/log" | tail -5 | sed 's/^/# /'
	not_ok "JH_FAULT_ONLY is set: one run only, not the sweep"
	t_finish
fi

sweep() {	# KIND POINTS...
	fault_sweep "$WHAT" "one answer per request, no crash, clean exit, acknowledged work stored" "$@"
}

points() {	# points TOTAL COUNT: all of 1..TOTAL when COUNT is "all" or not below it; else the
		# first F (16, or COUNT/2 if less), then COUNT-F evenly spread over the rest
	local total=$1 count=$2 first i
	if [ "$count" = all ] || [ "$count" -ge "$total" ]; then seq 1 "$total"; return; fi
	first=$((count / 2 < 16 ? count / 2 : 16))
	seq 1 "$first"
	for i in $(seq 1 $((count - first))); do
		echo $((first + i * (total - first) / (count - first)))
	done | sort -un
}

# (JH_FAULT_PART=workers: the workers' sweep below only)
[ "${JH_FAULT_PART:-all}" = workers ] && SAMPLES=0 BURSTS=0 BUSY=0 IOERR=0
if [ "$SAMPLES" != 0 ]; then
sweep alloc $(points "$ALLOCS" "$SAMPLES" | sort -un)
# bursts: BURSTS runs, each failing a window of consecutive allocations; together they tile
# the script's every allocation (each fails in at least one run)
W=$(( (ALLOCS + BURSTS - 1) / BURSTS ))
sweep burst $(seq 1 "$W" "$ALLOCS")
sweep busy $(points "$STEPS" "$BUSY")
sweep ioerr $(points "$STEPS" "$IOERR")
fi

# leaks: LeakSanitizer checked every run above in the SAN build; valgrind on a sample here
# (the protocol script under valgrind takes minutes: make check-faults only)
if [ $SAN_JHD = 0 ] && [ "$SAMPLES" != 0 ] && [ "${JH_FAULT_FULL:-0}" = 1 ]; then
	VALGRIND="valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99"
	VG=$((ALLOCS / 2))
	[ "${JH_FAULT_FULL:-0}" = 1 ] && VG="1 $((ALLOCS / 3)) $((ALLOCS * 2 / 3))"
	for n in $VG; do
		run "v$n" JH_FAULT_ALLOC="$n"
		expect_eq "under valgrind, an allocation failing at N=$n leaks nothing and breaks nothing" \
			"$RUN_WHY" ""
	done
	run "vs" JH_FAULT_STEP="$((STEPS / 2)):ioerr"
	expect_eq "under valgrind, an I/O error at step $((STEPS / 2)) leaks nothing" "$RUN_WHY" ""
fi

# the workers' script: hello with a password (the password worker's job: the hash's check, and
# the answer when it comes back) and a backup (the backup worker: the copy, its check, the
# answer), then a wrong password; every allocation fails once, every step BUSY and IOERR once
RUN_SESSIONS="4 5"
TAG=k WHAT="hello with a password and a backup: "
run kclean
expect_eq "hello with a password and a backup run clean on their own" "$RUN_WHY" ""
read -r _ KALLOCS _ KSTEPS _ <"$RUN_DIR/count"
echo "# hello with a password and a backup make $KALLOCS allocations and $KSTEPS SQLite steps"
sweep alloc $(points "$KALLOCS" "$KSAMPLES")
W=$(( (KALLOCS + KBURSTS - 1) / KBURSTS ))
sweep burst $(seq 1 "$W" "$KALLOCS")
sweep busy $(points "$KSTEPS" "$KSTEPS_AT")
sweep ioerr $(points "$KSTEPS" "$KSTEPS_AT")
if [ $SAN_JHD = 0 ]; then
	VALGRIND="valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99"
	run "kv" JH_FAULT_ALLOC="$((KALLOCS / 2))"
	expect_eq "under valgrind, the workers' script with allocation $((KALLOCS / 2)) failing leaks nothing" \
		"$RUN_WHY" ""
	VALGRIND=""
fi
t_finish
