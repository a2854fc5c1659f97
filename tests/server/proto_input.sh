# proto_input.sh — bad input at the edge: not JSON, wrong types, unknown ops, invalid UTF-8,
# over-long lines, half lines that stall, clients that never read, thousands of connections;
# and each remaining error code. No bad client may disturb another.
source "$(dirname "$0")/common.bash"
proto_setup
PORT=${JHD_ADDR##*:}

raw() { jhcall --raw --addr "$JHD_ADDR" --role kiosk --device kiosk-1 --token "$KIOSK_TOKEN"; }
codes() { sed -n 's/.*"error":{"code":"\([a-z_]*\)".*/\1/p;s/.*"ok":true.*/ok/p' | tr '\n' ' '; }

out=$(printf '%s\n' 'this is not json' '[1,2]' '{"id":7}' '{"id":8,"op":42}' \
	'{"id":9,"op":"take","service":5}' '{"id":10,"op":"take","service":"A","priority":"vip"}' \
	'{"id":11,"op":"fly"}' '{"id":12,"op":"stats"}' '{"id":13,"op":"slots"}' '{"id":14,"op":"book"}' \
	'{"id":15,"op":"checkin"}' '{"id":16,"op":"cancel_booking"}' '{"id":17,"op":"appointments"}' \
	'{"id":18,"op":"take","service":"A","service":"B"}' '{"id":19,"op":"take","service":"A"}' | raw)
expect_eq "bad requests get bad_request/unknown_op and the connection goes on" "$(codes <<<"$out")" \
	"ok bad_request bad_request bad_request bad_request bad_request bad_request unknown_op forbidden bad_request bad_request bad_request bad_request forbidden bad_request ok "
expect_match "an answer to an unreadable line has id null" "$out" '^\{"id":null,"ok":false,"error":\{"code":"bad_request","message":"not JSON'
expect_match "answers carry the request's id" "$out" '"id":9,"ok":false,"error":\{"code":"bad_request","message":"field .service. must be a string"'
expect_match "the id may be any JSON value" "$(printf '%s\n' '{"id":{"a":[1,"x"]},"op":"ping"}' | raw)" '"id":\{"a":\[1,"x"\]\},"ok":true'

out=$(printf '{"id":1,"op":"take","service":"\xff\xfe"}\n{"id":2,"op":"take","service":"\xc0\xaf"}\n{"id":3,"op":"ping"}\n' | raw)
expect_eq "invalid UTF-8 is a bad_request and the connection goes on" "$(codes <<<"$out")" "ok bad_request bad_request ok "

big=$(head -c 70000 /dev/zero | tr '\0' 'x')
out=$(printf '{"id":1,"op":"ping"}\n{"id":2,"op":"take","service":"%s"}\n{"id":3,"op":"ping"}\n' "$big" | raw)
expect_eq "a line over 64 KiB: line_too_long, then the connection is closed" "$(codes <<<"$out")" "ok ok line_too_long "
ok64=$(head -c 65000 /dev/zero | tr '\0' 'x')
expect_eq "a line just under 64 KiB is read" "$(printf '{"id":1,"op":"take","service":"%s"}\n' "$ok64" | raw | codes)" "ok not_found "

# a client that sends half a line and stalls, and one that never reads its answers
exec 5<>"/dev/tcp/127.0.0.1/$PORT"
printf '{"op":"hello","role":"kiosk","device":"kiosk-1","tok' >&5
( exec 6<>"/dev/tcp/127.0.0.1/$PORT"
  printf '{"op":"hello","role":"kiosk","device":"kiosk-1","token":"%s"}\n' "$KIOSK_TOKEN" >&6
  for i in $(seq 4000); do echo '{"op":"status"}'; done >&6
  sleep 30 ) 2>/dev/null &
HOG=$!
t_at_exit "kill $HOG 2>/dev/null"
sleep 0.5
expect_eq "others are served while a client stalls mid-line and another never reads" \
	"$(q as_kiosk ticket.code '{"op":"take","service":"N"}')" N001
kill $HOG 2>/dev/null
exec 5>&-

if ! kill -0 "$JHD_PID" 2>/dev/null; then not_ok "jhd is still running"; t_finish; fi
before=$(ls /proc/$JHD_PID/fd | wc -l)
for i in $(seq 2000); do
	exec 7<>"/dev/tcp/127.0.0.1/$PORT" && exec 7>&-
done
for i in $(seq 200); do
	exec 7<>"/dev/tcp/127.0.0.1/$PORT" && printf '{"op":"hel' >&7 && exec 7>&-
done
# (a slow jhd may still hold some of those connections and refuse a new one from the same
# address, over its per-address cap: the kiosk asks again, as a kiosk would, until it is
# served; a refused connection takes nothing, so the numbering check below still holds)
for i in $(seq 50); do
	code=$(q as_kiosk ticket.code '{"op":"take","service":"N"}' 2>/dev/null)
	[ -n "$code" ] && break
	sleep 0.1
done
expect_eq "after 2200 connections opened and dropped the server answers" "$code" N002
sleep 0.3
after=$(ls /proc/$JHD_PID/fd | wc -l)
check "dropped connections leave no file descriptor behind ($before -> $after)" test "$after" -le $((before + 2))

# the remaining error codes
expect_eq "not_found: unknown service" "$(q as_kiosk ok '{"op":"take","service":"Z"}')" error:not_found
expect_eq "not_found: unknown ticket" "$(q as_kiosk ok '{"op":"ticket","code":"Z999"}')" error:not_found
expect_eq "not_found: unknown window" "$(q as_super ok '{"op":"open","window":"99"}')" error:not_found
expect_eq "closed: a closed window calls nobody" "$(q as_super ok '{"op":"call_next","window":"3"}')" error:closed
expect_eq "conflict: finish with nobody called" "$(q as_super ok '{"op":"finish","window":"3"}')" error:conflict
expect_eq "conflict: the clock op needs --test-clock" "$(q as_local ok '{"op":"clock","advance_s":5}')" error:conflict
expect_eq "bad_request: transfer needs a destination" "$(q as_super ok '{"op":"transfer","window":"3"}')" error:bad_request
expect_eq "bad_request: unknown topic" "$(q as_display ok '{"op":"subscribe","topics":["gossip"]}')" error:bad_request
expect_eq "bad_request: window of the wrong type" "$(q as_super ok '{"op":"open","window":3}')" error:bad_request
alerts=$(for i in $(seq 17); do echo "{\"op\":\"alert\",\"kind\":\"printer_k$i\"}"; done | as_kiosk --field ok | sort | uniq -c | awk '{printf "%s %s ", $1, $2}')
expect_eq "limit_reached: at most 16 active alerts of one device (alerts.sh: 256 in all)" "$alerts" "1 error:limit_reached 16 true "

# internal: the database refuses the write (another process holds its write lock past the
# busy timeout); nothing is acknowledged, and numbering continues afterwards
sqlite3 "$JHD_DB" "BEGIN IMMEDIATE; SELECT 1;" ".system sleep 3" "COMMIT;" >/dev/null 2>&1 &
LOCK=$!
sleep 0.5
expect_eq "internal: a write the database refuses is not acknowledged" "$(q as_kiosk ok '{"op":"take","service":"N"}' --timeout 10000)" error:internal
wait $LOCK
expect_eq "after a refused write the numbering continues with no gap" "$(q as_kiosk ticket.code '{"op":"take","service":"N"}')" N003
t_finish
