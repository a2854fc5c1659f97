/* store_int.h — the store's raw SQLite handle: for the store's own files (store_appt.c, store_copy.c,
 * store_district.c) and the store's unit test only; every other module calls the functions
 * of store.h (docs/INTERNALS.md; tests/server/callgraph.sh checks who uses it). */
#ifndef JH_STORE_INT_H
#define JH_STORE_INT_H

struct store;
struct sqlite3;

struct sqlite3 *store_db(struct store *s);
/* One integer from a query on db (its first row's first column), or -1 (store_copy.c). */
long long store_db_count(struct sqlite3 *db, const char *sql);

#endif
