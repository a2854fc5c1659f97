# status_load.sh — status with a long queue costs one pass over the tickets (its next lists
# come from sched_pick over the few tickets any window could call next, its ETAs from the
# turn's shared forecast), is built once for the statuses of one turn, and ends its
# connection's slice of lines (docs/PROTOCOL.md, status). Here: what it answers stays what the
# queue is, request after request; a connection that pipelines statuses between its writes
# gets every answer, in order, each one showing the writes before it. (Its cost is measured
# by make bench: tests/bench/status_bench.c.)
source "$(dirname "$0")/common.bash"
proto_setup --test-clock 2026-03-02T10:00:00+08:00

# one connection: statuses pipelined between writes, all sent at once
out=$({
	echo '{"id":1,"op":"status"}'
	echo '{"id":2,"op":"status"}'
	echo '{"id":3,"op":"take","service":"A"}'
	echo '{"id":4,"op":"status"}'
	echo '{"id":5,"op":"take","service":"A","priority":"green"}'
	echo '{"id":6,"op":"status"}'
	echo '{"id":7,"op":"ping"}'
	echo '{"id":8,"op":"open","window":"1"}'
	echo '{"id":9,"op":"status"}'
	echo '{"id":10,"op":"call_next","window":"1"}'
	echo '{"id":11,"op":"status"}'
	echo '{"id":12,"op":"status"}'
	echo '{"id":13,"op":"clock","advance_s":600}'
	echo '{"id":14,"op":"status"}'
} | jhcall --raw --sock "$JHD_SOCK")
expect_eq "every answer, in order" "$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' <<<"$out" | tr '\n' ' ')" \
	"1 2 3 4 5 6 7 8 9 10 11 12 13 14 "
ans() { grep "^{\"id\":$1," <<<"$out"; }
# waiting for A, A's next codes, window 1's state and current ticket, the clock
view() { ans "$1" | jq -r '[(.services[0] | "\(.code) \(.waiting) [\([.next[].code] | join(","))] \(.longest_wait_s)"),
	(.windows[0] | "w1 \(.state) \(.current.code // "-") [\([.queue[].code] | join(","))]"), .now] | join(" | ")'; }
expect_eq "status before any ticket" "$(view 1)" "A 0 [] 0 | w1 closed - [] | 2026-03-02T10:00:00+08:00"
expect_eq "the same again" "$(view 2)" "$(view 1)"
expect_eq "after a take" "$(view 4)" "A 1 [A001] 0 | w1 closed - [A001] | 2026-03-02T10:00:00+08:00"
expect_eq "after a green take: it is called first" "$(view 6)" \
	"A 2 [A002,A001] 0 | w1 closed - [A002,A001] | 2026-03-02T10:00:00+08:00"
expect_eq "after window 1 opens" "$(view 9)" \
	"A 2 [A002,A001] 0 | w1 open - [A002,A001] | 2026-03-02T10:00:00+08:00"
expect_eq "after a call" "$(view 11)" "A 1 [A001] 0 | w1 open A002 [A001] | 2026-03-02T10:00:00+08:00"
expect_eq "the same again" "$(view 12)" "$(view 11)"
expect_eq "ten minutes later" "$(view 14)" "A 1 [A001] 600 | w1 open A002 [A001] | 2026-03-02T10:10:00+08:00"

# status from another connection agrees with the last one of the pipeline
expect_eq "another connection's status is the same" \
	"$(echo '{"id":14,"op":"status"}' | jhcall --raw --sock "$JHD_SOCK" | jq -c 'del(.alerts)')" \
	"$(ans 14 | jq -c 'del(.alerts)')"
# many statuses pipelined on one connection and pings on others: all answered
for i in $(seq 1 200); do echo "{\"id\":$i,\"op\":\"status\"}"; done |
	jhcall --raw --sock "$JHD_SOCK" >"$T_TMP/many.out" &
many=$!
pings=$(for i in 1 2 3 4 5; do echo '{"op":"ping"}' | as_local --field ok; done | tr '\n' ' ')
wait "$many"
expect_eq "200 pipelined statuses: 200 answers" "$(grep -c '"ok":true' "$T_TMP/many.out")" 200
expect_eq "pings from others meanwhile are answered" "$pings" "true true true true true "
t_finish
