/* appt_schema.h — the appointment tables (appointments, appointment_events, bans, ban_audit),
 * as SQL: created by the store's migration chain (store.c, PRAGMA user_version) like every
 * other table, and by the appointment modules' unit tests on a bare database. A change to them
 * is a new migration in store.c, not an edit here. */
#ifndef JH_APPT_SCHEMA_H
#define JH_APPT_SCHEMA_H

#define APPT_SCHEMA_SQL \
	"CREATE TABLE IF NOT EXISTS appointments (\n" \
	"	id INTEGER PRIMARY KEY,\n" \
	"	code TEXT NOT NULL UNIQUE,\n" \
	"	service TEXT NOT NULL,\n" \
	"	slot_start INTEGER NOT NULL,\n" \
	"	slot_end INTEGER NOT NULL CHECK (slot_end > slot_start),\n" \
	"	id_hash TEXT NOT NULL CHECK (length(id_hash) = 64),\n" \
	"	id_masked TEXT NOT NULL\n" \
	"	    CHECK (id_masked GLOB\n" \
	"	    '[0-9][0-9][0-9][0-9][*][*][*][*][*][*][*][*][*][*][0-9][0-9][0-9][0-9X]'),\n" \
	"	state TEXT NOT NULL DEFAULT 'booked'\n" \
	"	    CHECK (state IN ('booked', 'cancelled', 'checked_in', 'no_show')),\n" \
	"	channel TEXT NOT NULL,\n" \
	"	booked_at INTEGER NOT NULL,\n" \
	"	booked_by TEXT NOT NULL,\n" \
	"	checked_in_at INTEGER,\n" \
	"	ticket_id INTEGER,\n" \
	"	lane TEXT,\n" \
	"	noshow_at INTEGER\n" \
	");\n" \
	"CREATE INDEX IF NOT EXISTS appointments_slot ON appointments (service, slot_start, state);\n" \
	"CREATE INDEX IF NOT EXISTS appointments_holder ON appointments (id_hash, state);\n" \
	"CREATE INDEX IF NOT EXISTS appointments_due ON appointments (state, slot_end);\n" \
	"CREATE TABLE IF NOT EXISTS appointment_events (\n" \
	"	id INTEGER PRIMARY KEY,\n" \
	"	appointment INTEGER NOT NULL REFERENCES appointments (id),\n" \
	"	at INTEGER NOT NULL,\n" \
	"	what TEXT NOT NULL\n" \
	"	    CHECK (what IN ('booked', 'cancelled', 'checked_in', 'no_show')),\n" \
	"	actor TEXT NOT NULL,\n" \
	"	detail TEXT\n" \
	");\n" \
	"CREATE INDEX IF NOT EXISTS appointment_events_of ON appointment_events (appointment);\n" \
	"CREATE TABLE IF NOT EXISTS bans (\n" \
	"	id INTEGER PRIMARY KEY,\n" \
	"	id_hash TEXT NOT NULL CHECK (length(id_hash) = 64),\n" \
	"	id_masked TEXT NOT NULL\n" \
	"	    CHECK (id_masked GLOB\n" \
	"	    '[0-9][0-9][0-9][0-9][*][*][*][*][*][*][*][*][*][*][0-9][0-9][0-9][0-9X]'),\n" \
	"	since INTEGER NOT NULL,\n" \
	"	until INTEGER NOT NULL CHECK (until > since),\n" \
	"	no_shows INTEGER NOT NULL,\n" \
	"	lifted_at INTEGER,\n" \
	"	lifted_by TEXT\n" \
	");\n" \
	"CREATE INDEX IF NOT EXISTS bans_holder ON bans (id_hash, until);\n" \
	"CREATE TABLE IF NOT EXISTS ban_audit (\n" \
	"	id INTEGER PRIMARY KEY,\n" \
	"	ban INTEGER NOT NULL REFERENCES bans (id),\n" \
	"	at INTEGER NOT NULL,\n" \
	"	what TEXT NOT NULL CHECK (what IN ('banned', 'lifted')),\n" \
	"	actor TEXT NOT NULL,\n" \
	"	reason TEXT\n" \
	");\n" \
	"CREATE TRIGGER IF NOT EXISTS appointment_events_no_update BEFORE UPDATE ON appointment_events\n" \
	"	BEGIN SELECT RAISE(ABORT, 'appointment_events is append-only'); END;\n" \
	"CREATE TRIGGER IF NOT EXISTS appointment_events_no_delete BEFORE DELETE ON appointment_events\n" \
	"	BEGIN SELECT RAISE(ABORT, 'appointment_events is append-only'); END;\n" \
	"CREATE TRIGGER IF NOT EXISTS ban_audit_no_update BEFORE UPDATE ON ban_audit\n" \
	"	BEGIN SELECT RAISE(ABORT, 'ban_audit is append-only'); END;\n" \
	"CREATE TRIGGER IF NOT EXISTS ban_audit_no_delete BEFORE DELETE ON ban_audit\n" \
	"	BEGIN SELECT RAISE(ABORT, 'ban_audit is append-only'); END;\n"

#endif
