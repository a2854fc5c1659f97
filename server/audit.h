/* audit.h — the audit trail's rows and their hash chain (docs/PROTOCOL.md, "Audit trail"):
 * every supervisor and admin action, who and from where, before and after. Each row's hash is
 * SHA-256 (libsodium) of the previous row's hash and the row's fields, so that editing,
 * removing or reordering rows breaks the chain at the first row touched. Pure: no SQL (the
 * rows live in store.c), no clock. */
#ifndef JH_AUDIT_H
#define JH_AUDIT_H

#define AUDIT_HASH_HEX	65	/* 64 hex digits + NUL */
#define AUDIT_TEXT_MAX	512	/* bytes of before/after/target kept (cut at a character) */

struct audit_entry {
	long long id;		/* 1, 2, ...: part of the hash, so that rows cannot be swapped */
	long long at;		/* Unix seconds */
	const char *who;	/* user, device, or the OS user on the admin socket */
	const char *role;	/* the role it acted in */
	const char *origin;	/* "127.0.0.1", "admin socket pid 812", "jhd" */
	const char *action;	/* "assign", "user_disable", "clock_step" ... */
	const char *target;	/* what it acted on ("window 1", "user alice"), may be "" */
	const char *before;	/* the state before, "" when none */
	const char *after;	/* the state after, "" when none */
};

/* Where a verification of the chain stands: the last row checked and its hash (0 and
 * audit_genesis before the first), so that a long trail is checked a chunk at a time. */
struct audit_cursor {
	long long last;
	char prev[AUDIT_HASH_HEX];
};

/* The hash that precedes the first row: 64 zeros. */
extern const char audit_genesis[AUDIT_HASH_HEX];

/* out = hex SHA-256 of prev and e's fields (each length-prefixed: no two rows share an
 * encoding). 0, or -1 when libsodium is not initialised. */
int audit_hash(const char *prev, const struct audit_entry *e, char out[AUDIT_HASH_HEX]);

#endif
