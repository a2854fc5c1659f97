/* audit.c — the audit trail's hash chain: SHA-256 (libsodium) over the previous row's hash
 * and a length-prefixed encoding of the row's fields (audit.h). */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"

const char audit_genesis[AUDIT_HASH_HEX] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/* "LEN:BYTES\n": a field that holds ':' or '\n' cannot pose as two fields */
static void
field(crypto_hash_sha256_state *st, const char *s)
{
	char len[24];
	size_t n = s ? strlen(s) : 0;

	snprintf(len, sizeof len, "%zu:", n);
	crypto_hash_sha256_update(st, (const unsigned char *)len, strlen(len));
	if (n)
		crypto_hash_sha256_update(st, (const unsigned char *)s, n);
	crypto_hash_sha256_update(st, (const unsigned char *)"\n", 1);
}

int
audit_hash(const char *prev, const struct audit_entry *e, char out[AUDIT_HASH_HEX])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	char num[48];

	if (sodium_init() < 0)
		return -1;
	crypto_hash_sha256_init(&st);
	field(&st, "jiaohao audit 1");
	field(&st, prev);
	snprintf(num, sizeof num, "%lld", e->id);
	field(&st, num);
	snprintf(num, sizeof num, "%lld", e->at);
	field(&st, num);
	field(&st, e->who);
	field(&st, e->role);
	field(&st, e->origin);
	field(&st, e->action);
	field(&st, e->target);
	field(&st, e->before);
	field(&st, e->after);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, AUDIT_HASH_HEX, h, sizeof h);
	return 0;
}
