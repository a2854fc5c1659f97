/* auth.h — who may connect: roles, password hashes (libsodium crypto_pwhash_str) and device
 * tokens (32 random bytes in hex, shown once, stored as a BLAKE2b hash). */
#ifndef JH_AUTH_H
#define JH_AUTH_H

enum role {
	ROLE_CLERK = 0, ROLE_SUPERVISOR, ROLE_ADMIN, ROLE_KIOSK, ROLE_DISPLAY, ROLE_MONITOR,
	ROLE_COUNT
};
#define R_CLERK		(1 << ROLE_CLERK)
#define R_SUPERVISOR	(1 << ROLE_SUPERVISOR)
#define R_ADMIN		(1 << ROLE_ADMIN)
#define R_KIOSK		(1 << ROLE_KIOSK)
#define R_DISPLAY	(1 << ROLE_DISPLAY)
#define R_MONITOR	(1 << ROLE_MONITOR)
#define R_ALL		((1 << ROLE_COUNT) - 1)
#define R_PEOPLE	(R_CLERK | R_SUPERVISOR | R_ADMIN)

#define AUTH_HASH_LEN	128	/* >= crypto_pwhash_STRBYTES */
#define AUTH_TOKEN_LEN	65	/* 64 hex digits + NUL */

/* 0, or -1 when libsodium cannot start. Reads JH_PWHASH_FAST=1 (tests: minimum limits). */
int auth_init(void);

const char *auth_role_name(int role);
int auth_role_parse(const char *s);	/* -1 when unknown */
int auth_role_is_person(int role);

int auth_hash_password(const char *password, char out[AUTH_HASH_LEN]);
/* 1 when password matches hash, else 0. */
int auth_check_password(const char *hash, const char *password);

/* A new random token (hex) and the hash to store for it. */
void auth_new_token(char token[AUTH_TOKEN_LEN]);
void auth_token_hash(const char *token, char out[AUTH_TOKEN_LEN]);
/* 1 when token hashes to stored (constant time), else 0. */
int auth_check_token(const char *stored, const char *token);

#endif
