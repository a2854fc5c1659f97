#!/bin/bash
# cli.sh — the command line every program shares (server/client/jhcli.h), with no jhd running:
# --version prints "PROG VERSION" (one version for all) and exits 0 without connecting to
# anything; an argument error is one line saying what is wrong, then "see PROG --help", exit 2
# (jhkiosk: 1, its 2 means "taken, not printed"); the server comes from $JH_SERVER. A trap
# socket stands where a server would be and counts the connections it gets.
source "$(dirname "$0")/t.sh"

PROGS="jhd jhctl jhcall jhterm jhkiosk jhbridge jhled-sim jhled-avr jhweb jhvoice jhdistrict"
version=$(sed -n 's/^#define JH_VERSION "\(.*\)"$/\1/p' "$JH_TOP/server/client/jhcli.h")
expect_match "jhcli.h defines the version" "$version" '^[0-9]+\.[0-9]+'

# A Unix socket where a server would be: every connection adds a line to trap.log and is
# closed at once.
TRAP=$T_TMP/trap.sock
: >"$T_TMP/trap.log"
socat "UNIX-LISTEN:$TRAP,fork" "SYSTEM:echo connection >>$T_TMP/trap.log" 2>/dev/null &
t_at_exit "kill $! 2>/dev/null"
for _ in $(seq 50); do [ -S "$TRAP" ] && break; sleep 0.1; done
check "the trap socket listens" test -S "$TRAP"
export JH_SERVER=$TRAP
trapped() { wc -l <"$T_TMP/trap.log" | tr -d ' '; }

# run PROG ARGS...: stdout in $out, stderr in $err, exit status in $rc (stdin empty, 10 s)
run() {
	timeout 10 "$JH_BIN/$1" "${@:2}" </dev/null >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	out=$(cat "$T_TMP/out")
	err=$(cat "$T_TMP/err")
}
usage_status() { [ "$1" = jhkiosk ] && echo 1 || echo 2; }

for p in $PROGS; do
	n=${p//-/_}
	if [ ! -x "$JH_BIN/$p" ]; then
		not_ok "${n}_is_built: $JH_BIN/$p"
		continue
	fi
	run "$p" --version
	expect_eq "${n}_version_exits_0" "$rc" 0
	expect_eq "${n}_version_prints_its_name_and_the_version" "$out" "$p $version"
	expect_eq "${n}_version_writes_nothing_on_stderr" "$err" ""

	run "$p" --help
	expect_eq "${n}_help_exits_0" "$rc" 0
	expect_match "${n}_help_prints_the_usage_on_stdout" "$out" "^usage: $p "

	run "$p" --frobnicate
	expect_eq "${n}_unknown_option_exits_$(usage_status "$p")" "$rc" "$(usage_status "$p")"
	expect_eq "${n}_unknown_option_is_named_then_a_hint" "$err" \
		"$p: unknown option '--frobnicate'"$'\n'"see $p --help"
	expect_eq "${n}_unknown_option_prints_nothing_on_stdout" "$out" ""
done

# an option without its value, for each program
while read -r p opt; do
	run "$p" "$opt"
	expect_match "${p//-/_}_${opt#--}_without_a_value_is_said" "$(head -1 <<<"$err")" \
		"^$p: option '$opt' needs a [A-Za-z]+\$"
	expect_eq "${p//-/_}_${opt#--}_without_a_value_exits_$(usage_status "$p")" "$rc" \
		"$(usage_status "$p")"
done <<'EOF'
jhd --db
jhctl --sock
jhcall --addr
jhterm --server
jhkiosk --server
jhbridge --config
jhled-sim --port
jhled-avr --elf
jhweb --listen
jhvoice --pcm
jhdistrict --db
EOF

# an unknown log level, named with the levels there are (jhcli.h: jh_log_level_arg)
while read -r p opt; do
	run "$p" "$opt" loud
	expect_eq "${p//-/_}_unknown_log_level_is_named_with_the_levels" "$err" \
		"$p: unknown log level 'loud' (debug, info, warn, error, quiet)"$'\n'"see $p --help"
	expect_eq "${p//-/_}_unknown_log_level_exits_$(usage_status "$p")" "$rc" \
		"$(usage_status "$p")"
done <<'EOF'
jhd --log-level
jhkiosk --log-level
jhbridge --log
jhled-sim --log-level
EOF

# jhctl: what is wrong, in one line, before any connection
jhctl_error() {	# NAME EXPECTED-FIRST-LINE ARGS...
	local name=$1 want=$2
	shift 2
	run jhctl "$@"
	expect_eq "jhctl_${name}_exits_2" "$rc" 2
	expect_eq "jhctl_${name}_says_what_is_wrong_then_a_hint" "$err" \
		"$want"$'\n'"see jhctl --help"
}
jhctl_error unknown_command "jhctl: unknown command 'frobnicate'" frobnicate
jhctl_error misspelt_command "jhctl: unknown command 'statsu' (did you mean 'status'?)" statsu
jhctl_error unknown_option "jhctl: unknown option '--unix'" --unix X status
jhctl_error book_without_start "jhctl book: missing START" book B
jhctl_error book_without_id "jhctl book: missing ID_NUMBER" book B 2026-11-26T09:00
jhctl_error book_with_too_much "jhctl book: unexpected argument 'x'" book B 09:00 - x
jhctl_error import_without_file "jhctl import: missing HALL.ini" import
jhctl_error user_add_without_role \
	"jhctl user add: missing --role ROLE (clerk, supervisor or admin)" user add bob
jhctl_error user_add_without_password_stdin "jhctl user add: missing --password-stdin (the \
password is read from standard input, never from the command line)" user add bob --role clerk
jhctl_error unknown_user_subcommand "jhctl user: unknown subcommand 'remove' (add, passwd, \
disable, enable, del or list)" user remove bob
jhctl_error user_del_without_name "jhctl user del: missing NAME" user del
jhctl_error user_passwd_without_password_stdin "jhctl user passwd: missing --password-stdin \
(the password is read from standard input, never from the command line)" user passwd bob
jhctl_error device_revoke_with_too_much "jhctl device revoke: unexpected argument 'x'" \
	device revoke k1 x
jhctl_error audit_unknown_option "jhctl audit: unknown option '--from'" audit --from x
jhctl_error clock_confirm_with_an_argument "jhctl clock confirm: unexpected argument 'now'" \
	clock confirm now
jhctl_error device_add_without_role \
	"jhctl device add: missing --role ROLE (kiosk, display or monitor)" device add k1
jhctl_error status_with_an_argument "jhctl status: unexpected argument 'now'" status now
jhctl_error clock_advance_not_a_number "jhctl clock advance: 'soon' is not a number of seconds" \
	clock advance soon
jhctl_error export_without_to "jhctl export: missing --to DATE" export --from 2026-11-01
jhctl_error export_option_without_value "jhctl export: option '--by' needs a KEY" \
	export --from 2026-11-01 --to 2026-11-02 --by
jhctl_error ban_lift_not_a_number "jhctl ban lift: 'x' is not a ban number (see ban list)" \
	ban lift x
jhctl_error backup_without_file "jhctl backup: missing FILE" backup
run jhctl
expect_eq "jhctl_alone_exits_2" "$rc" 2
expect_match "jhctl_alone_prints_the_usage" "$err" '^usage: jhctl '
expect_eq "no_program_connected_for_version_help_or_argument_errors" "$(trapped)" 0

# the server: $JH_SERVER, for every client
run jhctl status
expect_match "jhctl_reaches_for_JH_SERVER" "$err" "cannot reach jhd at $TRAP"
expect_eq "and_connects_there" "$(trapped)" 1
JH_SERVER=127.0.0.1:7878 run jhctl status
expect_eq "jhctl_refuses_a_TCP_JH_SERVER_with_2" "$rc" 2
expect_match "jhctl_says_it_needs_the_unix_socket" "$err" \
	"JH_SERVER is 127.0.0.1:7878, a TCP address: jhctl needs jhd's Unix socket"
run jhcall --timeout 2000
expect_eq "jhcall_connects_to_JH_SERVER" "$(trapped)" 2
run jhkiosk --take A --no-print
expect_eq "jhkiosk_connects_to_JH_SERVER" "$(trapped)" 3
printf '[bus a]\nport = /dev/null\nprotocol = modbus\n[display d]\nbus = a\naddress = 1\nkind = window\nwindows = 1\n' >"$T_TMP/b.ini"
run jhbridge --config "$T_TMP/b.ini" --check
expect_match "jhbridge_takes_JH_SERVER_when_its_file_names_no_server" "$out" "^server $TRAP,"
printf '[bridge]\nserver = 10.0.0.5:7878\n' | cat - "$T_TMP/b.ini" >"$T_TMP/b2.ini"
run jhbridge --config "$T_TMP/b2.ini" --check
expect_match "jhbridge_prefers_its_file_to_JH_SERVER" "$out" '^server 10.0.0.5:7878,'
run jhbridge --config "$T_TMP/b2.ini" --server 10.0.0.6:7878 --check
expect_match "jhbridge_prefers_server_to_its_file" "$out" '^server 10.0.0.6:7878,'
unset JH_SERVER
run jhbridge --config "$T_TMP/b.ini" --check
expect_match "jhbridge_defaults_to_the_default_address" "$out" '^server 127.0.0.1:7878,'
t_finish
