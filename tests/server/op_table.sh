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
expect_eq "book's row declares every field book reads" \
	"$(jq -c '[.fields[] | [.name, .type, .required]]' <<<"$book")" \
	'[["service","string",true],["start","string",true],["id_number","string",true],["channel","string",false]]'
expect_eq "a refused call counts as a call and an error of the op" \
	"$(jq -c '.ops[] | select(.op == "book") | [.calls, .errors]' <<<"$ans")" '[2,2]'

out=$(jhctl ops)
expect_match "jhctl ops prints a header" "$(head -1 <<<"$out")" '^OP +CALLS +ERRORS +MEAN_US +WRITES +ROLES$'
expect_match "jhctl ops prints take's counters" "$(grep '^take ' <<<"$out")" \
	'^take +6 +3 +[0-9]+ +yes +clerk,supervisor,admin,kiosk$'
expect_match "jhctl ops counts the earlier calls of op_stats (the kiosk's refused)" \
	"$(grep '^op_stats ' <<<"$out")" '^op_stats +2 +1 +[0-9]+ +no +admin$'
# every field an op reads is declared (tests/server/op_fields.sh), and refused before the op
# with the message the op gave: arrays, and fields that are either of two types, say theirs
expect_match "a booking named neither by id nor code is refused with the op's message" \
	"$(echo '{"op":"cancel_booking"}' | as_kiosk)" \
	'"code":"bad_request","message":"field \\"appointment\\" must be an id or a booking code"'
expect_match "check-in's booking field takes an id or a code" \
	"$(echo '{"op":"checkin","appointment":true}' | as_kiosk)" \
	'"code":"bad_request","message":"field \\"appointment\\" must be an id or a booking code"'
expect_match "check-in's ID number is checked before the op looks at the booking code" \
	"$(echo '{"op":"checkin","appointment":"AB","id_number":5}' | as_kiosk)" \
	'"code":"bad_request","message":"field \\"id_number\\" must be a string"'
expect_match "book's later fields are declared: start" \
	"$(echo '{"op":"book","service":"A","start":5,"id_number":"x"}' | as_kiosk)" \
	'"code":"bad_request","message":"field \\"start\\" must be a string"'
expect_match "book's later fields are declared: id_number, required" \
	"$(echo '{"op":"book","service":"A","start":"2026-03-03T09:00:00+08:00"}' | as_kiosk)" \
	'"code":"bad_request","message":"missing field \\"id_number\\""'
expect_match "book's later fields are declared: channel" \
	"$(echo '{"op":"book","service":"A","start":"x","id_number":"x","channel":1}' | as_kiosk)" \
	'"code":"bad_request","message":"field \\"channel\\" must be a string"'
expect_match "slots' range is declared" "$(echo '{"op":"slots","service":"A","to":[]}' | as_kiosk)" \
	'"code":"bad_request","message":"field \\"to\\" must be a string"'
expect_match "appointments' service is declared" \
	"$(echo '{"op":"appointments","service":3}' | as_local)" \
	'"code":"bad_request","message":"field \\"service\\" must be a string"'
expect_match "ban_lift's ban is declared, with its message" \
	"$(echo '{"op":"ban_lift","ban":"7"}' | as_local)" \
	'"code":"bad_request","message":"field \\"ban\\" must be a ban id"'
expect_match "subscribe's topics are declared, with its message" \
	"$(echo '{"op":"subscribe","topics":"calls"}' | as_kiosk)" \
	'"code":"bad_request","message":"topics must be an array of names"'
expect_match "stats' by is a key or a list" "$(echo '{"op":"stats","from":"2026-03-02","to":"2026-03-03","by":1}' | as_local)" \
	"\"code\":\"bad_request\",\"message\":\"'by' is a key or a list of 1 to 4 keys\""
expect_match "stats' from is declared, required" "$(echo '{"op":"stats","to":"2026-03-03"}' | as_local)" \
	"\"code\":\"bad_request\",\"message\":\"missing field 'from'\""
expect_match "assign's window is resolved first, as the op did" \
	"$(echo '{"op":"assign"}' | as_local)" "\"code\":\"bad_request\",\"message\":\"missing field 'window'\""
expect_match "assign's services are declared, with its message" \
	"$(echo '{"op":"assign","window":"1","services":"A"}' | as_local)" \
	'"code":"bad_request","message":"services must be an array of service codes"'
expect_match "a hello's field for another kind of sign-in is still checked for its type" \
	"$(printf '%s\n' "{\"op\":\"hello\",\"role\":\"kiosk\",\"device\":\"kiosk-1\",\"token\":\"$KIOSK_TOKEN\",\"user\":5}" | as_local)" \
	"\"code\":\"bad_request\",\"message\":\"field 'user' must be a string\""
ans=$(echo '{"op":"op_stats"}' | as_local)
expect_eq "cancel_booking's row: its fields, one either an id or a code" \
	"$(jq -c '.ops[] | select(.op == "cancel_booking") | [.fields[] | [.name, .type, .required]]' <<<"$ans")" \
	'[["appointment","string|integer",true],["id_number","string",false]]'
expect_eq "call_next's row: the window it acts on" \
	"$(jq -c '.ops[] | select(.op == "call_next") | [.fields[] | [.name, .type]]' <<<"$ans")" \
	'[["window","window"]]'
t_finish
