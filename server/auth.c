/* auth.c — roles, password hashing and device tokens with libsodium. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth.h"
#include "log.h"

static const char *const role_names[ROLE_COUNT] = {
	"clerk", "supervisor", "admin", "kiosk", "display", "monitor"
};
static unsigned long long ops_limit;
static size_t mem_limit;

int
auth_init(void)
{
	const char *fast = getenv("JH_PWHASH_FAST");

	if (sodium_init() < 0)
		return -1;
	ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	if (fast && strcmp(fast, "1") == 0) {
		/* tests only: hashing at interactive limits costs ~0.1 s per user */
		ops_limit = crypto_pwhash_OPSLIMIT_MIN;
		mem_limit = crypto_pwhash_MEMLIMIT_MIN;
		log_warn("JH_PWHASH_FAST=1: new passwords are hashed with minimum limits");
	}
	return 0;
}

const char *
auth_role_name(int role)
{
	return role >= 0 && role < ROLE_COUNT ? role_names[role] : "?";
}

int
auth_role_parse(const char *s)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

int
auth_role_is_person(int role)
{
	return role == ROLE_CLERK || role == ROLE_SUPERVISOR || role == ROLE_ADMIN;
}

int
auth_hash_password(const char *password, char out[AUTH_HASH_LEN])
{
	if (crypto_pwhash_str(out, password, strlen(password), ops_limit, mem_limit) != 0)
		return -1;
	return 0;
}

int
auth_check_password(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void
auth_new_token(char token[AUTH_TOKEN_LEN])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token, AUTH_TOKEN_LEN, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

void
auth_token_hash(const char *token, char out[AUTH_TOKEN_LEN])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, AUTH_TOKEN_LEN, h, sizeof h);
}

int
auth_check_token(const char *stored, const char *token)
{
	char h[AUTH_TOKEN_LEN];

	if (strlen(stored) != AUTH_TOKEN_LEN - 1)
		return 0;
	auth_token_hash(token, h);
	return sodium_memcmp(h, stored, AUTH_TOKEN_LEN - 1) == 0;
}
