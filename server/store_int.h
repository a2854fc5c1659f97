/* store_int.h — the store's raw SQLite handle: for the store's own files (store_appt.c,
 * store_district.c) and the store's unit test only; every other module calls the functions
 * of store.h (docs/INTERNALS.md; tests/server/callgraph.sh checks who uses it). */
#ifndef JH_STORE_INT_H
#define JH_STORE_INT_H

struct store;
struct sqlite3;

struct sqlite3 *store_db(struct store *s);

#endif
