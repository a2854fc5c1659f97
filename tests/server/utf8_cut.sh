# utf8_cut.sh — client text that jhd quotes back cut to a length (an error message, an alert's
# fields) is cut on a character boundary: half a character is invalid UTF-8, which JSON cannot
# carry, and the answer was lost. Every request gets exactly one answer, with its id.
source "$(dirname "$0")/common.bash"
proto_setup

# ids of the answers, in order ("hello" is jhcall's hello); events have no id
ids() { sed -n 's/^{"id":\("[^"]*"\|[0-9]*\|null\),.*/\1/p' | tr '\n' ' '; }
codes() { sed -n 's/.*"error":{"code":"\([a-z_]*\)".*/\1/p;s/^{"id":[^,]*,"ok":true.*/ok/p' | tr '\n' ' '; }
rep() { local s=$1 n=$2 out=""; for ((i = 0; i < n; i++)); do out+=$s; done; printf '%s' "$out"; }
J40=$(rep 叫 40)	# 120 bytes: cut at 100 in "unknown op"
J120=$(rep 叫 120)	# 360 bytes: longer than an error message (300)
J100=$(rep 叫 100)	# 300 bytes: longer than an alert's message (255)
J6=$(rep 叫 6)		# 18 bytes: cut at 16 in "service ... takes no appointments"
J20=$(rep 叫 20)	# 60 bytes: cut at 40 in the stats op's messages

# before hello: an unknown op with a long name (the reported case), then more requests
out=$(printf '%s\n' "{\"id\":1,\"op\":\"$J40\"}" '{"id":2,"op":"ping"}' \
	"{\"id\":3,\"op\":\"hello\",\"role\":\"clerk\",\"user\":\"alice\",\"password\":\"pw-alice\",\"window\":\"x$J120\"}" \
	"{\"id\":4,\"op\":\"hello\",\"role\":\"$J120\"}" '{"id":5,"op":"ping"}' |
	jhcall --raw --addr "$JHD_ADDR")
expect_eq "before hello: one answer to each request, in order" "$(ids <<<"$out")" "1 2 3 4 5 "
expect_eq "before hello: the right errors" "$(codes <<<"$out")" \
	"unknown_op unauthenticated not_found bad_request unauthenticated "
expect_match "the op's name is quoted, cut on a character boundary" "$out" "unknown op '$(rep 叫 33)'"

# a kiosk: long service and code values, an alert whose message is over its size
out=$(printf '%s\n' "{\"id\":1,\"op\":\"take\",\"service\":\"$J120\"}" \
	"{\"id\":2,\"op\":\"ticket\",\"code\":\"$J120\"}" \
	"{\"id\":3,\"op\":\"slots\",\"service\":\"$J6\"}" \
	"{\"id\":4,\"op\":\"alert\",\"kind\":\"printer_paper\",\"message\":\"x$J100\"}" \
	'{"id":5,"op":"status"}' |
	jhcall --raw --addr "$JHD_ADDR" --role kiosk --device kiosk-1 --token "$KIOSK_TOKEN")
expect_eq "a kiosk: one answer to each request, in order" "$(ids <<<"$out")" '"hello" 1 2 3 4 5 '
expect_eq "a kiosk: the right answers" "$(codes <<<"$out")" "ok not_found not_found not_found ok ok "
expect_match "the service is quoted, cut on a character boundary" "$out" "service $(rep 叫 5) takes"
status=$(grep '^{"id":5,' <<<"$out")
expect_match "the alert cut to 253 of its 255 bytes is in status" "$status" \
	"\"message\":\"x$(rep 叫 84)\""

# a supervisor: the stats op quotes its values cut at 40 bytes
out=$(printf '%s\n' "{\"id\":1,\"op\":\"stats\",\"from\":\"$J20\",\"to\":\"2026-01-02\"}" \
	"{\"id\":2,\"op\":\"stats\",\"from\":\"2026-01-01\",\"to\":\"2026-01-02\",\"by\":\"$J20\"}" \
	"{\"id\":3,\"op\":\"transfer\",\"window\":\"1\",\"to_service\":\"$J120\"}" '{"id":4,"op":"ping"}' |
	jhcall --raw --addr "$JHD_ADDR" --role supervisor --user bob --password pw-bob)
expect_eq "a supervisor: one answer to each request, in order" "$(ids <<<"$out")" '"hello" 1 2 3 4 '
expect_match "from is quoted, cut on a character boundary" "$out" "not '$(rep 叫 13)'"
expect_match "by is quoted, cut on a character boundary" "$out" "unknown key '$(rep 叫 13)' in 'by'"

# the Unix socket (admin): the same for an admin's ops
out=$(printf '%s\n' "{\"id\":1,\"op\":\"$J120\"}" "{\"id\":2,\"op\":\"assign\",\"window\":\"1\",\"services\":[\"$J120\"]}" \
	'{"id":3,"op":"ping"}' | jhcall --raw --sock "$JHD_SOCK")
expect_eq "the admin socket: one answer to each request" "$(ids <<<"$out")" "1 2 3 "
check "jhd is still running" kill -0 "$JHD_PID"
t_finish
