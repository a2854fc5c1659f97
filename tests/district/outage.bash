# outage.bash — a day of centre 2 with the district unreachable, for outage.sh and
# tests/bench/outage_bench.sh (after common.bash and a running jhdistrict):
#   outage_centre [jhd args...]    centre 2's jhd (hall C2 naming the district, takes
#                                  unlimited) on the test clock at 2026-11-23 07:50, its hall
#                                  published; exports OUTAGE_DAY=2026-11-23
#   outage_day PER_HOUR            08:00 to 19:00 each hour: PER_HOUR tickets taken (services B
#                                  to E in turn) at HH:00, called and finished at HH:20 (every
#                                  tenth missed instead) at window 1: 3 x 12 x PER_HOUR ticket
#                                  events
#   outbox_unsent, outbox_bytes    the unsent rows of jhd's outbox; their bytes (event ids and
#                                  bodies)
#   drained                        nothing unsent, and the district holds every ticket event
OUTAGE_DAY=2026-11-23

outage_centre() {
	{ dist_hall C2 "Centre Two" 31.20 121.47 "$DIST_ADDR"
	  printf '[limits]\ntakes_per_minute = 0\n'; } >"$T_TMP/c2.ini"
	proto_setup "$T_TMP/c2.ini" --test-clock "${OUTAGE_DAY}T07:50:00+08:00" "$@"
	wait_for 10 published C2
}

outage_day() {
	local per=$1 h i svcs=(B C D E)
	q as_local now '{"op":"clock","set":"'"${OUTAGE_DAY}T08:00:00+08:00"'"}' >/dev/null
	echo '{"op":"open","window":"1"}' | as_clerk 1 >/dev/null
	for h in $(seq 8 19); do
		h=$(printf '%02d' "$h")
		q as_local now '{"op":"clock","set":"'"${OUTAGE_DAY}T$h:00:00+08:00"'"}' >/dev/null
		for i in $(seq 1 "$per"); do
			echo '{"op":"take","service":"'"${svcs[$((i % 4))]}"'"}'
		done | as_kiosk >/dev/null
		q as_local now '{"op":"clock","set":"'"${OUTAGE_DAY}T$h:20:00+08:00"'"}' >/dev/null
		for i in $(seq 1 "$per"); do
			echo '{"op":"call_next","window":"1"}'
			if [ $((i % 10)) = 0 ]; then echo '{"op":"no_show","window":"1"}'
			else echo '{"op":"finish","window":"1"}'; fi
		done | as_clerk 1 >/dev/null
	done
}

outbox_unsent() { sqlite3 "$JHD_DB" "SELECT count(*) FROM district_outbox WHERE sent_at IS NULL"; }
outbox_bytes() {
	sqlite3 "$JHD_DB" "SELECT coalesce(sum(length(event_id) + length(code) + length(coalesce(body, ''))), 0) FROM district_outbox WHERE sent_at IS NULL"
}
drained() {
	[ "$(outbox_unsent)" = 0 ] &&
	[ "$(psql_q "SELECT count(*) FROM centre_tickets WHERE centre = 'C2'")" = \
	  "$(sqlite3 "$JHD_DB" "SELECT count(*) FROM district_outbox WHERE kind = 'ticket'")" ]
}
