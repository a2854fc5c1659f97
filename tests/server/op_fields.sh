# op_fields.sh — every field an op of jhd reads is declared in its row of the op table
# (server/optable.c), so that the request layer checks it before the op runs; and every
# declared field is read. Read from the source (op_fields.py follows each op's function into
# the functions it names, and collects the request fields they read).
source "$(dirname "$0")/../lib/t.sh"

command -v python3 >/dev/null || { not_ok "python3 is installed (scripts/deps.sh)"; t_finish; }
scan=$(python3 "$JH_TOP/tests/server/op_fields.py" "$JH_TOP") ||
	{ not_ok "op_fields.py reads the source"; t_finish; }
rows=$(grep -cE '^	\{ "[a-z_]+", ' "$JH_TOP/server/optable.c")
expect_eq "the scan finds every row of the op table" "$(wc -l <<<"$scan")" "$rows"
# the scan sees through helpers and function pointers: a few reads it must find
field_list() { awk -v op="$1" -v k="$2" '$1 == op { for (i = 2; i <= NF; i++)
	if (index($i, k "=") == 1) print substr($i, length(k) + 2) }' <<<"$scan"; }
expect_eq "the scan finds take's reads (op_take_token runs op_take)" \
	"$(field_list take reads)" "applicant,channel,priority,service"
expect_eq "the scan finds book's reads (appt_run runs appt_op_book; str_field)" \
	"$(field_list book reads)" "channel,id_number,service,start"
expect_eq "the scan finds stats' reads through bound() and dims()" \
	"$(field_list stats reads)" "by,from,to,top"
expect_eq "the scan finds user_enable's read through a one-line function and named()" \
	"$(field_list user_enable reads)" "name"

full=0
while read -r op fn decl reads dyn; do
	decl=${decl#declared=}; reads=${reads#reads=}; dyn=${dyn#dynamic=}
	undeclared=$(comm -13 <(tr , '\n' <<<"$decl" | sort) <(tr , '\n' <<<"$reads" | sort) |
		paste -sd, -)
	unread=$(comm -23 <(tr , '\n' <<<"$decl" | sort) <(tr , '\n' <<<"$reads" | sort) |
		paste -sd, -)
	expect_eq "$op: its row declares every field ${fn#fn=} reads" "$undeclared" ""
	expect_eq "$op: ${fn#fn=} reads every field its row declares" "$unread" ""
	expect_eq "$op: ${fn#fn=} reads its fields by their names" "$dyn" ""
	[ -z "$undeclared" ] && [ -z "$dyn" ] && full=$((full + 1))
done <<<"$scan"
echo "# ops whose rows declare every field they read: $full/$rows"
t_finish
