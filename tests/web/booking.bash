# booking.bash — helpers of the tests of jhweb's links to jhdistrict (book_links.sh,
# book_pool.sh), after common.bash and lib.sh, with jhweb up ($WEB_URL), KEY a channel key and
# SLOTS the starts of C2 D's first slots:
#   lock_hold / lock_release   a psql session holding the slots table (jh_book waits for it)
#   waiting / wait_waiting N   booking statements waiting for the lock at PostgreSQL (until N)
#   book_bg N REQUEST          citizen N books slot N%10 of C2 D over the API in the background
#                              ("STATUS BODY" in $T_TMP/ans.REQUEST; its pid added to BG)
# lock_hold / lock_release: a psql session holding the slots table (jh_book waits for it)
lock_hold() {
	rm -f "$T_TMP/lockin" "$T_TMP/lock.out"
	mkfifo "$T_TMP/lockin"
	psql -X -q -A -t "$PG_CONNINFO" <"$T_TMP/lockin" >"$T_TMP/lock.out" 2>&1 &
	LOCK_PID=$!
	exec 7>"$T_TMP/lockin"
	echo "BEGIN; LOCK TABLE slots IN EXCLUSIVE MODE; SELECT 'lo' || 'cked';" >&7
	for _ in $(seq 1 200); do grep -q locked "$T_TMP/lock.out" && return 0; sleep 0.05; done
	return 1
}
lock_release() { echo "COMMIT;" >&7; exec 7>&-; wait "$LOCK_PID"; }
t_at_exit 'exec 7>&- 2>/dev/null'
# waiting: booking statements waiting for the lock at PostgreSQL
waiting() {
	psql_q "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%jh_book%'"
}
# wait_waiting N: until N statements wait (at most 10 s)
wait_waiting() {
	for _ in $(seq 1 200); do [ "$(waiting)" -ge "$1" ] && return 0; sleep 0.05; done
	return 1
}
# book_bg N REQUEST: citizen N books slot N%10 of C2 D in the background; "STATUS BODY" lands
# in $T_TMP/ans.REQUEST
book_bg() {
	local start=${SLOTS[$(($1 % 10))]}
	( st=$(curl -s --max-time 60 -o "$T_TMP/body.$2" -w '%{http_code}' -H "Authorization: Bearer $KEY" \
		--data '{"centre":"C2","service":"D","start":"'"$start"'","id_number":"'"$(idn "$1")"'","request":"'"$2"'"}' \
		"$WEB_URL/api/v1/book")
	  printf '%s %s\n' "$st" "$(cat "$T_TMP/body.$2")" >"$T_TMP/ans.$2" ) &
	BG+=($!)
}
