-- A database made by jhd of main before the appointment tables joined the store's migration
-- chain (schema 7, with appt_schema's own version row): the sample hall imported at
-- 2026-11-23T08:00+08:00, booking JDPYNSF5 (service B, 09:00) and ticket A001. sqlite3 .dump,
-- with the user_version .dump leaves out at the end. Used by tests/appt/migrate.sh.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES('audit_head','1 0759dce3a4d6bc7411759ceb6b7224d773c2b88e54e35d6858069eac06be51d2');
CREATE TABLE hall (id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL,  timezone TEXT NOT NULL, open_min INTEGER NOT NULL, close_min INTEGER NOT NULL,  wait_alert_s INTEGER NOT NULL, enforce_hours INTEGER NOT NULL, policy TEXT NOT NULL,  source TEXT, imported_at INTEGER);
INSERT INTO hall VALUES(1,'城东区政务服务中心 Chengdong District Service Centre','Asia/Shanghai',540,1020,1800,0,'normal=0 appointment=900 prereviewed=300 elderly=600 disabled=600 green=1200 backup_threshold=600 appt_grace=900 max_overtake=0 takes_per_minute=30 bookings_per_hour=20 checkins_per_minute=10 cancels_per_hour=20',replace('; district.ini — the sample hall: a district government service centre (区政务服务中心).\n; Import with: jhctl import server/examples/district.ini   (format: docs/HALL.md)\n\n[hall]\nname = 城东区政务服务中心 Chengdong District Service Centre\ntimezone = Asia/Shanghai\nopen = 09:00\nclose = 17:00\n; a service whose longest waiting ticket exceeds this many seconds raises an alert in status\nwait_alert_s = 1800\n; refuse `take` outside opening hours (yes/no); the demo hall takes tickets at any hour\nenforce_hours = no\n\n[policy]\n; head start of each priority lane, in seconds of waiting\nnormal = 0\nappointment = 900\nprereviewed = 300\nelderly = 600\ndisabled = 600\ngreen = 1200\nbackup_threshold = 600\nappt_grace = 900\n\n[limits]\n; what one device (a kiosk) may do, per op: a burst of N, then N per period\ntakes_per_minute = 30\nbookings_per_hour = 20\ncheckins_per_minute = 10\ncancels_per_hour = 20\n\n[department RS]\nname = 人力资源和社会保障局 Social Security\n[department SP]\nname = 食品药品监督管理局 Food and Drug\n[department GT]\nname = 规划和自然资源局 Planning and Land\n[department HB]\nname = 生态环境局 Environment\n[department JS]\nname = 住房和城乡建设局 Construction\n[department GS]\nname = 工商行政管理局 Industry and Commerce\n[department MZ]\nname = 民政局 Civil Affairs\n[department FG]\nname = 房产管理局 Housing\n\n[service A]\nname = 社保参保登记 Social insurance enrolment\ndepartment = RS\nflags = same-day, simple-approval\n[service B]\nname = 社保卡办理 Social security card\ndepartment = RS\nflags = same-day, appointment\n[service C]\nname = 退休审批 Retirement approval\ndepartment = RS\nflags = appointment\n[service D]\nname = 食品经营许可 Food business licence\ndepartment = SP\nflags = simple-approval, appointment\n[service E]\nname = 药品零售许可 Pharmacy licence\ndepartment = SP\nflags = appointment\n[service F]\nname = 建设用地规划许可 Land-use planning permit\ndepartment = GT\nflags = appointment\n[service G]\nname = 不动产登记 Real estate registration\ndepartment = GT\nflags = same-day, appointment\n[service H]\nname = 环评审批 Environmental impact approval\ndepartment = HB\nflags = zero-visit\n[service I]\nname = 排污许可 Pollutant discharge permit\ndepartment = HB\nflags = zero-visit, simple-approval\n[service J]\nname = 施工许可 Construction permit\ndepartment = JS\nflags = appointment\n[service K]\nname = 建筑业企业资质 Builder qualification\ndepartment = JS\nflags = zero-visit\n[service L]\nname = 企业设立登记 Company registration\ndepartment = GS\nflags = same-day, simple-approval, appointment\n[service M]\nname = 营业执照变更 Business licence change\ndepartment = GS\nflags = same-day, zero-visit\n[service N]\nname = 婚姻登记 Marriage registration\ndepartment = MZ\nflags = same-day, appointment\n[service O]\nname = 社会救助 Social assistance\ndepartment = MZ\nflags = simple-approval\n[service P]\nname = 公租房申请 Public rental housing\ndepartment = FG\nflags = appointment\n[service Q]\nname = 房屋交易备案 Housing sale filing\ndepartment = FG\nflags = same-day, simple-approval\n\n; Appointments (docs/APPOINTMENTS.md): bookable slots of the services flagged ''appointment''.\n; About 28% of each slot''s capacity is booked ahead; the rest is for walk-ins. The grace\n; (late check-in still on time, no-show after slot end + grace) is [policy] appt_grace.\n[appointments]\ndays = 5\nweek = mon-fri\nshare = 28%\nmax_open = 3\nearly = 1h\nnoshow_limit = 3\nnoshow_window = 30d\nban = 30d\nholidays = 2026-10-01, 2026-10-02, 2026-10-05, 2026-10-06, 2026-10-07\nworkdays = 2026-10-10/fri\n\n; DAYS HH:MM-HH:MM every LEN capacity N  (places = floor(N x share))  or  ... quota N\n[slots B]\nmon-fri 09:00-12:00 every 30m capacity 12\nmon-fri 13:30-17:00 every 30m capacity 12\n[slots C]\nmon-fri 09:00-12:00 every 1h capacity 8\nmon-fri 13:30-16:30 every 1h capacity 8\n[slots D]\nmon-fri 09:00-12:00 every 30m capacity 8\nmon-fri 13:30-17:00 every 30m capacity 8\n[slots E]\nmon-fri 09:00-12:00 every 1h capacity 6\n[slots F]\nmon-fri 09:00-12:00 every 1h capacity 4\nmon-fri 13:30-16:30 every 1h capacity 4\n[slots G]\nmon-fri 09:00-12:00 every 30m capacity 14\nmon-fri 13:30-17:00 every 30m capacity 14\n[slots J]\nmon-fri 13:30-16:30 every 1h capacity 6\n[slots L]\nmon-fri 09:00-12:00 every 30m capacity 18\nmon-fri 13:30-17:00 every 30m capacity 18\n[slots N]\nmon-fri 09:00-12:00 every 30m quota 3\nmon-fri 13:30-16:30 every 30m quota 3\n[slots P]\nmon-fri 09:00-12:00 every 1h capacity 8\n\n; Windows: services = CODE[:backup], ... (primary unless marked :backup)\n[window 1]\nlabel = 社保 Social security\nservices = A, B, C\n[window 2]\nlabel = 社保 Social security\nservices = A, B, C:backup\n[window 3]\nlabel = 食药 Food and drug\nservices = D, E, L:backup\n[window 4]\nlabel = 规划国土 Planning and land\nservices = F, G\n[window 5]\nlabel = 不动产 Real estate\nservices = G, F:backup, Q:backup\n[window 6]\nlabel = 环保建设综合 Environment and construction\nservices = H, I, J, K\n[window 7]\nlabel = 工商 Industry and commerce\nservices = L, M\n[window 8]\nlabel = 工商 Industry and commerce\nservices = L, M, D:backup\n[window 9]\nlabel = 民政 Civil affairs\nservices = N, O\n[window 10]\nlabel = 房产 Housing\nservices = P, Q, G:backup\n[window 11]\nlabel = 综合窗口 Comprehensive\nservices = A, D, G, L, N, P, B:backup, M:backup\n[window 12]\nlabel = 综合窗口 Comprehensive\nservices = C, E, H, J, K, O, Q, A:backup, L:backup, I:backup\n','\n',char(10)),NULL);
CREATE TABLE departments (code TEXT PRIMARY KEY, name TEXT NOT NULL, pos INTEGER,  active INTEGER NOT NULL DEFAULT 1);
INSERT INTO departments VALUES('RS','人力资源和社会保障局 Social Security',0,1);
INSERT INTO departments VALUES('SP','食品药品监督管理局 Food and Drug',1,1);
INSERT INTO departments VALUES('GT','规划和自然资源局 Planning and Land',2,1);
INSERT INTO departments VALUES('HB','生态环境局 Environment',3,1);
INSERT INTO departments VALUES('JS','住房和城乡建设局 Construction',4,1);
INSERT INTO departments VALUES('GS','工商行政管理局 Industry and Commerce',5,1);
INSERT INTO departments VALUES('MZ','民政局 Civil Affairs',6,1);
INSERT INTO departments VALUES('FG','房产管理局 Housing',7,1);
CREATE TABLE services (code TEXT PRIMARY KEY, name TEXT NOT NULL,  department TEXT NOT NULL REFERENCES departments(code), prefix TEXT NOT NULL,  flags INTEGER NOT NULL, pos INTEGER, active INTEGER NOT NULL DEFAULT 1, handle_s INTEGER NOT NULL DEFAULT 0);
INSERT INTO services VALUES('A','社保参保登记 Social insurance enrolment','RS','A',3,0,1,0);
INSERT INTO services VALUES('B','社保卡办理 Social security card','RS','B',9,1,1,0);
INSERT INTO services VALUES('C','退休审批 Retirement approval','RS','C',8,2,1,0);
INSERT INTO services VALUES('D','食品经营许可 Food business licence','SP','D',10,3,1,0);
INSERT INTO services VALUES('E','药品零售许可 Pharmacy licence','SP','E',8,4,1,0);
INSERT INTO services VALUES('F','建设用地规划许可 Land-use planning permit','GT','F',8,5,1,0);
INSERT INTO services VALUES('G','不动产登记 Real estate registration','GT','G',9,6,1,0);
INSERT INTO services VALUES('H','环评审批 Environmental impact approval','HB','H',4,7,1,0);
INSERT INTO services VALUES('I','排污许可 Pollutant discharge permit','HB','I',6,8,1,0);
INSERT INTO services VALUES('J','施工许可 Construction permit','JS','J',8,9,1,0);
INSERT INTO services VALUES('K','建筑业企业资质 Builder qualification','JS','K',4,10,1,0);
INSERT INTO services VALUES('L','企业设立登记 Company registration','GS','L',11,11,1,0);
INSERT INTO services VALUES('M','营业执照变更 Business licence change','GS','M',5,12,1,0);
INSERT INTO services VALUES('N','婚姻登记 Marriage registration','MZ','N',9,13,1,0);
INSERT INTO services VALUES('O','社会救助 Social assistance','MZ','O',2,14,1,0);
INSERT INTO services VALUES('P','公租房申请 Public rental housing','FG','P',8,15,1,0);
INSERT INTO services VALUES('Q','房屋交易备案 Housing sale filing','FG','Q',3,16,1,0);
CREATE TABLE windows (name TEXT PRIMARY KEY, label TEXT NOT NULL DEFAULT '',  state TEXT NOT NULL DEFAULT 'closed', pos INTEGER, active INTEGER NOT NULL DEFAULT 1);
INSERT INTO windows VALUES('1','社保 Social security','closed',0,1);
INSERT INTO windows VALUES('2','社保 Social security','closed',1,1);
INSERT INTO windows VALUES('3','食药 Food and drug','closed',2,1);
INSERT INTO windows VALUES('4','规划国土 Planning and land','closed',3,1);
INSERT INTO windows VALUES('5','不动产 Real estate','closed',4,1);
INSERT INTO windows VALUES('6','环保建设综合 Environment and construction','closed',5,1);
INSERT INTO windows VALUES('7','工商 Industry and commerce','closed',6,1);
INSERT INTO windows VALUES('8','工商 Industry and commerce','closed',7,1);
INSERT INTO windows VALUES('9','民政 Civil affairs','closed',8,1);
INSERT INTO windows VALUES('10','房产 Housing','closed',9,1);
INSERT INTO windows VALUES('11','综合窗口 Comprehensive','closed',10,1);
INSERT INTO windows VALUES('12','综合窗口 Comprehensive','closed',11,1);
CREATE TABLE duties (window TEXT NOT NULL REFERENCES windows(name),  service TEXT NOT NULL REFERENCES services(code), backup INTEGER NOT NULL,  pos INTEGER, PRIMARY KEY (window, service));
INSERT INTO duties VALUES('1','A',0,0);
INSERT INTO duties VALUES('1','B',0,1);
INSERT INTO duties VALUES('1','C',0,2);
INSERT INTO duties VALUES('2','A',0,0);
INSERT INTO duties VALUES('2','B',0,1);
INSERT INTO duties VALUES('2','C',1,2);
INSERT INTO duties VALUES('3','D',0,0);
INSERT INTO duties VALUES('3','E',0,1);
INSERT INTO duties VALUES('3','L',1,2);
INSERT INTO duties VALUES('4','F',0,0);
INSERT INTO duties VALUES('4','G',0,1);
INSERT INTO duties VALUES('5','G',0,0);
INSERT INTO duties VALUES('5','F',1,1);
INSERT INTO duties VALUES('5','Q',1,2);
INSERT INTO duties VALUES('6','H',0,0);
INSERT INTO duties VALUES('6','I',0,1);
INSERT INTO duties VALUES('6','J',0,2);
INSERT INTO duties VALUES('6','K',0,3);
INSERT INTO duties VALUES('7','L',0,0);
INSERT INTO duties VALUES('7','M',0,1);
INSERT INTO duties VALUES('8','L',0,0);
INSERT INTO duties VALUES('8','M',0,1);
INSERT INTO duties VALUES('8','D',1,2);
INSERT INTO duties VALUES('9','N',0,0);
INSERT INTO duties VALUES('9','O',0,1);
INSERT INTO duties VALUES('10','P',0,0);
INSERT INTO duties VALUES('10','Q',0,1);
INSERT INTO duties VALUES('10','G',1,2);
INSERT INTO duties VALUES('11','A',0,0);
INSERT INTO duties VALUES('11','D',0,1);
INSERT INTO duties VALUES('11','G',0,2);
INSERT INTO duties VALUES('11','L',0,3);
INSERT INTO duties VALUES('11','N',0,4);
INSERT INTO duties VALUES('11','P',0,5);
INSERT INTO duties VALUES('11','B',1,6);
INSERT INTO duties VALUES('11','M',1,7);
INSERT INTO duties VALUES('12','C',0,0);
INSERT INTO duties VALUES('12','E',0,1);
INSERT INTO duties VALUES('12','H',0,2);
INSERT INTO duties VALUES('12','J',0,3);
INSERT INTO duties VALUES('12','K',0,4);
INSERT INTO duties VALUES('12','O',0,5);
INSERT INTO duties VALUES('12','Q',0,6);
INSERT INTO duties VALUES('12','A',1,7);
INSERT INTO duties VALUES('12','L',1,8);
INSERT INTO duties VALUES('12','I',1,9);
CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, pwhash TEXT NOT NULL,  created_at INTEGER, disabled INTEGER NOT NULL DEFAULT 0);
CREATE TABLE devices (name TEXT PRIMARY KEY, role TEXT NOT NULL,  token_hash TEXT NOT NULL, created_at INTEGER, disabled INTEGER NOT NULL DEFAULT 0);
CREATE TABLE ticket_events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL,  ticket INTEGER REFERENCES tickets(id), what TEXT NOT NULL, who TEXT, window TEXT,  service TEXT, lane TEXT, channel TEXT, applicant TEXT, state TEXT, detail TEXT);
INSERT INTO ticket_events VALUES(1,1795392000,NULL,'import','local',NULL,NULL,NULL,NULL,NULL,NULL,'district.ini');
INSERT INTO ticket_events VALUES(2,1795392000,1,'take','local',NULL,'A','normal','walk_in','individual','waiting',NULL);
CREATE TABLE IF NOT EXISTS "tickets" (id INTEGER PRIMARY KEY, day TEXT NOT NULL,  service TEXT NOT NULL REFERENCES services(code),  issued_service TEXT NOT NULL REFERENCES services(code), seq INTEGER NOT NULL,  code TEXT NOT NULL, lane TEXT NOT NULL, applicant TEXT NOT NULL,  channel TEXT NOT NULL, state TEXT NOT NULL, issued_at INTEGER NOT NULL,  window TEXT REFERENCES windows(name), pin TEXT REFERENCES windows(name),  called_at INTEGER, finished_at INTEGER, recalls INTEGER NOT NULL DEFAULT 0,  slot_start INTEGER, slot_end INTEGER, passed INTEGER NOT NULL DEFAULT 0, UNIQUE (day, seq, issued_service));
INSERT INTO tickets VALUES(1,'2026-11-23','A','A',1,'A001','normal','individual','walk_in','waiting',1795392000,NULL,NULL,NULL,NULL,0,NULL,NULL,0);
CREATE TABLE district_outbox (id INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,  kind TEXT NOT NULL CHECK (kind IN ('checkin', 'no_show')), code TEXT NOT NULL,  at INTEGER NOT NULL, sent_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0,  result TEXT);
CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, who TEXT NOT NULL,  role TEXT NOT NULL, origin TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL,  before TEXT NOT NULL, after TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);
INSERT INTO audit VALUES(1,1795392000,'root','admin','admin socket pid 15336','import','district.ini','no hall','17 services, 12 windows; changes: first import; hall name: 城东区政务服务中心 Chengdong District Service Centre; hall timezone: UTC -> Asia/Shanghai; policy changed; department RS added; department SP added; department GT added; department HB added; department JS added; department GS added; department MZ added; department FG added; service A added; service B added; service C added; service D added; service E added; service F added; service G added; service H added; service I added; service J added','0000000000000000000000000000000000000000000000000000000000000000','0759dce3a4d6bc7411759ceb6b7224d773c2b88e54e35d6858069eac06be51d2');
CREATE TABLE appointments (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	service TEXT NOT NULL,
	slot_start INTEGER NOT NULL,
	slot_end INTEGER NOT NULL CHECK (slot_end > slot_start),
	id_hash TEXT NOT NULL CHECK (length(id_hash) = 64),
	id_masked TEXT NOT NULL
	    CHECK (id_masked GLOB
	    '[0-9][0-9][0-9][0-9][*][*][*][*][*][*][*][*][*][*][0-9][0-9][0-9][0-9X]'),
	state TEXT NOT NULL DEFAULT 'booked'
	    CHECK (state IN ('booked', 'cancelled', 'checked_in', 'no_show')),
	channel TEXT NOT NULL,
	booked_at INTEGER NOT NULL,
	booked_by TEXT NOT NULL,
	checked_in_at INTEGER,
	ticket_id INTEGER,
	lane TEXT,
	noshow_at INTEGER
);
INSERT INTO appointments VALUES(1,'JDPYNSF5','B',1795395600,1795397400,'64997f23469579c07cd0c39e217ef0019849f4b90b5bcd56da1c41426405b1ad','1101**********0518','booked','counter',1795392000,'local',NULL,NULL,NULL,NULL);
CREATE TABLE appointment_events (
	id INTEGER PRIMARY KEY,
	appointment INTEGER NOT NULL REFERENCES appointments (id),
	at INTEGER NOT NULL,
	what TEXT NOT NULL
	    CHECK (what IN ('booked', 'cancelled', 'checked_in', 'no_show')),
	actor TEXT NOT NULL,
	detail TEXT
);
INSERT INTO appointment_events VALUES(1,1,1795392000,'booked','local','counter');
CREATE TABLE bans (
	id INTEGER PRIMARY KEY,
	id_hash TEXT NOT NULL CHECK (length(id_hash) = 64),
	id_masked TEXT NOT NULL
	    CHECK (id_masked GLOB
	    '[0-9][0-9][0-9][0-9][*][*][*][*][*][*][*][*][*][*][0-9][0-9][0-9][0-9X]'),
	since INTEGER NOT NULL,
	until INTEGER NOT NULL CHECK (until > since),
	no_shows INTEGER NOT NULL,
	lifted_at INTEGER,
	lifted_by TEXT
);
CREATE TABLE ban_audit (
	id INTEGER PRIMARY KEY,
	ban INTEGER NOT NULL REFERENCES bans (id),
	at INTEGER NOT NULL,
	what TEXT NOT NULL CHECK (what IN ('banned', 'lifted')),
	actor TEXT NOT NULL,
	reason TEXT
);
CREATE TABLE appt_schema (version INTEGER NOT NULL);
INSERT INTO appt_schema VALUES(1);
CREATE INDEX ticket_events_at ON ticket_events (at);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket);
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events  BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events  BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
CREATE INDEX tickets_live ON tickets (state) WHERE state IN ('waiting', 'called');
CREATE INDEX district_outbox_unsent ON district_outbox (id) WHERE sent_at IS NULL;
CREATE INDEX audit_at ON audit (at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE INDEX appointments_slot ON appointments (service, slot_start, state);
CREATE INDEX appointments_holder ON appointments (id_hash, state);
CREATE INDEX appointments_due ON appointments (state, slot_end);
CREATE INDEX appointment_events_of ON appointment_events (appointment);
CREATE INDEX bans_holder ON bans (id_hash, until);
CREATE TRIGGER appointment_events_no_update BEFORE UPDATE ON appointment_events
	BEGIN SELECT RAISE(ABORT, 'appointment_events is append-only'); END;
CREATE TRIGGER appointment_events_no_delete BEFORE DELETE ON appointment_events
	BEGIN SELECT RAISE(ABORT, 'appointment_events is append-only'); END;
CREATE TRIGGER ban_audit_no_update BEFORE UPDATE ON ban_audit
	BEGIN SELECT RAISE(ABORT, 'ban_audit is append-only'); END;
CREATE TRIGGER ban_audit_no_delete BEFORE DELETE ON ban_audit
	BEGIN SELECT RAISE(ABORT, 'ban_audit is append-only'); END;
CREATE TRIGGER district_outbox_queue AFTER UPDATE OF state ON appointments WHEN OLD.state = 'booked' AND NEW.state IN ('checked_in', 'no_show')  AND NEW.booked_by = 'district' BEGIN INSERT OR IGNORE INTO district_outbox (event_id, kind, code, at)  VALUES (NEW.code || ':' || NEW.state,   CASE NEW.state WHEN 'checked_in' THEN 'checkin' ELSE 'no_show' END,   NEW.code, coalesce(NEW.checked_in_at, NEW.noshow_at, 0)); END;
COMMIT;
PRAGMA user_version = 7;
