# db_files.sh — jhd's files are its own: the database and SQLite's -wal and -shm beside it (they
# hold the password and token hashes), the lock and the ID key are made 0600 whatever the umask;
# the Unix socket keeps its 0660. A database jhd may not write stops it at start with a message
# naming the file ("read-only ... check its owner and mode"), exit 1. Tests run as root, who
# writes a 0444 file anyway: the read-only cases run jhd as nobody (setpriv) when root.
source "$(dirname "$0")/common.bash"
umask 022
jhd_start none || { not_ok "jhd starts"; t_finish; }
jhctl import "$JH_TOP/server/examples/district.ini" >/dev/null
mode() { stat -c %a "$1" 2>/dev/null || echo missing; }
expect_eq "the database is 0600" "$(mode "$JHD_DB")" 600
expect_eq "its -wal is 0600" "$(mode "$JHD_DB-wal")" 600
expect_eq "its -shm is 0600" "$(mode "$JHD_DB-shm")" 600
expect_eq "the lock is 0600" "$(mode "$JHD_DB.lock")" 600
expect_eq "the ID key is 0600" "$(mode "$JHD_DIR/jiaohao-id.key")" 600
expect_eq "the Unix socket keeps its 0660" "$(mode "$JHD_SOCK")" 660
bk=$JHD_DIR/backup.db
jhctl backup "$bk" >/dev/null 2>&1
expect_eq "a backup is 0600" "$(mode "$bk")" 600
jhd_stop

# a database of an older jhd, readable by everyone: it still starts, and says so
chmod 644 "$JHD_DB"
jhd_restart || not_ok "jhd starts again on a 0644 database"
expect_match "a database readable by others is warned about" "$(cat "$JHD_LOG")" \
	"jhd warn: database: $JHD_DB is readable or writable by group or others \(mode 644\).*chmod 600"
jhd_stop

# run_as_other CMD...: as nobody when root (root writes read-only files), else as we are
run_as_other() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
	else
		"$@"
	fi
}
ro=$T_TMP/ro
mkdir -p "$ro"
chmod 755 "$T_TMP"	# nobody goes through to its folder
cp "$JHD_DB" "$ro/hall.db"
cp "$JHD_DIR/jiaohao-id.key" "$ro/jiaohao-id.key"
[ "$(id -u)" = 0 ] && chown -R nobody "$ro"
# 1. the file read-only, its folder writable
chmod 444 "$ro/hall.db"
run_as_other "$JH_BIN/jhd" --db "$ro/hall.db" --listen 127.0.0.1:0 --foreground \
	>"$T_TMP/ro1.out" 2>&1
rc=$?
expect_eq "a read-only database: jhd exits 1" "$rc" 1
expect_match "it names the file and says what to check" "$(cat "$T_TMP/ro1.out")" \
	"jhd error: database: $ro/hall.db: read-only \(attempt to write a readonly database\): check its owner and mode"
# 2. the file writable, its folder not (no -wal can be made)
chmod 644 "$ro/hall.db"
rm -f "$ro/hall.db-wal" "$ro/hall.db-shm"
chmod 555 "$ro"
run_as_other "$JH_BIN/jhd" --db "$ro/hall.db" --listen 127.0.0.1:0 --foreground \
	>"$T_TMP/ro2.out" 2>&1
rc=$?
chmod 755 "$ro"
expect_eq "a database in a read-only folder: jhd exits 1" "$rc" 1
expect_match "it names the file and says to check the folder too" "$(cat "$T_TMP/ro2.out")" \
	"jhd error: database: $ro/hall.db: read-only \(attempt to write a readonly database\): check the owner and mode of the file, of its -wal and -shm files and of its folder"
t_finish
