# op_table.sh — the one op table (server/optable.c): each row's roles and declared fields are
# checked before the op runs, and its counters (calls, errors, time) show in the admin op
# op_stats and in `jhctl ops`.
source "$(dirname "$0")/common.bash"
proto_setup --test-clock 2026-03-02T10:00:00+08:00

# three takes, one refused for its field's type, one for a missing field
out=$(as_kiosk <<'X'
{"op":"take","service":"A"}
{"op":"take","service":"A"}
{"op":"take","service":"B"}
{"op":"take","service":5}
{"op":"take"}
X
)
expect_match "a field of the wrong type is refused before the op runs" "$(sed -n 4p <<<"$out")" \
	'"ok":false,"error":\{"code":"bad_request","message":"field '"'"'service'"'"' must be a string"\}'
expect_match "a missing required field is refused before the op runs" "$(sed -n 5p <<<"$out")" \
	'"code":"bad_request","message":"missing field '"'"'service'"'"'"'
expect_match "an optional field of the wrong type is refused" \
	"$(echo '{"op":"take","service":"A","priority":1}' | as_kiosk)" \
	"field 'priority' must be a string"
expect_match "a boolean field takes only true or false" \
	"$(echo '{"op":"alert","kind":"printer_paper","clear":"yes"}' | as_kiosk)" \
	"field 'clear' must be true or false"
expect_match "an integer field takes only integers" \
	"$(echo '{"op":"ticket","ticket_id":"1"}' | as_kiosk)" \
	"field 'ticket_id' must be an integer"
# the appointment ops are rows of the same table: their roles are checked there
expect_match "a display may not book (the appointment rows' roles)" \
	"$(echo '{"op":"book","service":"A"}' | as_display)" \
	'"code":"forbidden","message":"a display may not book"'
# and declare their fields with appt_ops.c's messages ("x", not 'x'), checked before the op
expect_match "an appointment row refuses a field of the wrong type before the op runs" \
	"$(echo '{"op":"book","service":7,"start":"2026-03-03T09:00:00+08:00"}' | as_kiosk)" \
	'"code":"bad_request","message":"field \\"service\\" must be a string"'
expect_match "an appointment row refuses a missing required field" \
	"$(echo '{"op":"slots"}' | as_kiosk)" '"code":"bad_request","message":"missing field \\"service\\""'
expect_match "an appointment row's boolean field takes only true or false" \
	"$(echo '{"op":"bans","all":"yes"}' | as_local)" '"message":"field \\"all\\" must be true or false"'
expect_match "a kiosk may not read the op counters" "$(echo '{"op":"op_stats"}' | as_kiosk)" \
	'"code":"forbidden","message":"a kiosk may not op_stats"'

ans=$(echo '{"op":"op_stats"}' | as_local)
take=$(jq -c '.ops[] | select(.op == "take")' <<<"$ans")
expect_eq "op_stats counts take's calls (5 by the kiosk, 1 more with a bad priority)" \
	"$(jq .calls <<<"$take")" 6
expect_eq "op_stats counts take's errors" "$(jq .errors <<<"$take")" 3
expect_match "op_stats counts the time spent in take" "$(jq .us <<<"$take")" '^[1-9][0-9]*$'
expect_eq "take's row: its roles, that it writes, its fields" \
	"$(jq -c '[.roles, .writes, [.fields[] | [.name, .type, .required]]]' <<<"$take")" \
	'[["clerk","supervisor","admin","kiosk"],true,[["service","string",true],["priority","string",false],["applicant","string",false],["channel","string",false]]]'
expect_eq "the appointment ops are rows of the one table" \
	"$(jq -c '[.ops[] | select(.op == "book" or .op == "slots" or .op == "ban_lift") | .op]' <<<"$ans")" \
	'["slots","book","ban_lift"]'
expect_eq "every op has one row" "$(jq '[.ops[].op] | length' <<<"$ans")" \
	"$(jq '[.ops[].op] | unique | length' <<<"$ans")"
book=$(jq -c '.ops[] | select(.op == "book")' <<<"$ans")
expect_eq "book's row: kiosks and the people at a desk, writes" \
	"$(jq -c '[.roles, .writes]' <<<"$book")" '[["clerk","supervisor","admin","kiosk"],true]'
expect_eq "book's row declares its first field, the service" \
	"$(jq -c '[.fields[] | [.name, .type, .required]]' <<<"$book")" '[["service","string",true]]'
expect_eq "a refused call counts as a call and an error of the op" \
	"$(jq -c '.ops[] | select(.op == "book") | [.calls, .errors]' <<<"$ans")" '[2,2]'

out=$(jhctl ops)
expect_match "jhctl ops prints a header" "$(head -1 <<<"$out")" '^OP +CALLS +ERRORS +MEAN_US +WRITES +ROLES$'
expect_match "jhctl ops prints take's counters" "$(grep '^take ' <<<"$out")" \
	'^take +6 +3 +[0-9]+ +yes +clerk,supervisor,admin,kiosk$'
expect_match "jhctl ops counts the earlier calls of op_stats (the kiosk's refused)" \
	"$(grep '^op_stats ' <<<"$out")" '^op_stats +2 +1 +[0-9]+ +no +admin$'
t_finish
