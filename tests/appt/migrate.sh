# migrate.sh — a database made by an earlier jhd (tests/appt/data/main-v7.sql: schema 7, the
# appointment tables with their own appt_schema version row, a booking and a ticket) is
# upgraded by the one migration chain on PRAGMA user_version: the appointment tables join it,
# appt_schema goes, and the booking and the ticket are served as before; migration 9 rebuilds the
# district outbox for the hall's ticket events, keeping the rows it had.
source "$(dirname "$0")/common.bash"

command -v sqlite3 >/dev/null || { not_ok "sqlite3 is installed (scripts/deps.sh)"; t_finish; }
OLD=$T_TMP/old
mkdir -p "$OLD"
sqlite3 "$OLD/jhd.db" <"$JH_TOP/tests/appt/data/main-v7.sql"
expect_eq "the old database is at schema 7 with appt_schema's row" \
	"$(sqlite3 "$OLD/jhd.db" 'PRAGMA user_version; SELECT version FROM appt_schema' | tr '\n' ' ')" "7 1 "

# a check-in of a district booking waiting in the old outbox (schema 6's table)
sqlite3 "$OLD/jhd.db" "INSERT INTO district_outbox (event_id, kind, code, at) VALUES ('JDPYNSF5:checked_in', 'checkin', 'JDPYNSF5', 1795395000)"
JHD_DIR=$OLD
jhd_start none --test-clock 2026-11-23T08:50:00+08:00 || { not_ok "jhd starts on the old database"; t_finish; }
expect_match "jhd logs the migrations to schemas 8 and 9" "$(cat "$JHD_LOG" | tr '\n' ' ')" \
	'migrated to schema version 8.*migrated to schema version 9'
ans=$(as_local <<<'{"op":"appointments","date":"2026-11-23"}')
expect_match "the old booking is listed" "$ans" '"code":"JDPYNSF5","service":"B","start":"2026-11-23T09:00:00\+08:00"'
expect_match "the old booking checks in by its code" \
	"$(as_local <<<'{"op":"checkin","appointment":"JDPYNSF5"}')" '"ok":true.*"ticket":\{"id":2,"code":"B001"'
expect_match "a new booking is taken into the upgraded tables" \
	"$(as_local <<<'{"op":"book","service":"B","start":"2026-11-23T10:00:00+08:00","id_number":"'"$(idn 52)"'"}')" \
	'"ok":true,"appointment":\{"id":2,'
jhd_stop
expect_eq "the database is at the chain's last schema, 10 (10: the ETA given with each ticket)" \
	"$(sqlite3 "$OLD/jhd.db" 'PRAGMA user_version')" 10
expect_eq "the outbox's waiting check-in is kept, unsent" \
	"$(sqlite3 "$OLD/jhd.db" "SELECT event_id || ' ' || kind || ' ' || at || ' ' || coalesce(sent_at, 'unsent') FROM district_outbox")" \
	"JDPYNSF5:checked_in checkin 1795395000 unsent"
expect_eq "and the rebuilt outbox takes ticket events" \
	"$(sqlite3 "$OLD/jhd.db" "INSERT INTO district_outbox (event_id, kind, code, at, body) VALUES ('t1.1', 'ticket', 'B001', 1, '{}'); SELECT count(*) FROM district_outbox WHERE kind = 'ticket'")" 1
expect_eq "appt_schema is gone: user_version is the one version" \
	"$(sqlite3 "$OLD/jhd.db" "SELECT count(*) FROM sqlite_master WHERE name = 'appt_schema'")" 0
expect_eq "the old ticket is kept" "$(sqlite3 "$OLD/jhd.db" 'SELECT code FROM tickets WHERE id = 1')" A001
expect_eq "the bookings and their events are kept" \
	"$(sqlite3 "$OLD/jhd.db" 'SELECT count(*) FROM appointments; SELECT count(*) FROM appointment_events' | tr '\n' ' ')" "2 3 "
# and a new database gets the same tables from the chain
NEW=$T_TMP/new
JHD_DIR=$NEW
jhd_start none --test-clock 2026-11-23T08:50:00+08:00 || { not_ok "jhd starts on a new database"; t_finish; }
jhd_stop
expect_eq "a new database has the appointment tables at schema 10, no appt_schema" \
	"$(sqlite3 "$NEW/jhd.db" "PRAGMA user_version; SELECT count(*) FROM sqlite_master WHERE name IN ('appointments', 'appointment_events', 'bans', 'ban_audit', 'appt_schema')" | tr '\n' ' ')" "10 4 "
t_finish
