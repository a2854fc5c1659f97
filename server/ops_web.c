/* ops_web.c — the ticket-page tokens of jhweb (docs/WEB.md): the unguessable name under which
 * a ticket's QR code opens its live page, /t/<token>.
 *
 * A token is base64url(id ‖ MAC), 32 characters: the ticket's id (8 bytes, little-endian) and
 * the first 16 bytes of HMAC-SHA-256("jiaohao ticket <id> <business day>") under a key derived
 * (crypto_kdf, context "jhwebtkt") from the key jhd keeps for ID numbers (jiaohao-id.key next
 * to the database, docs/APPOINTMENTS.md). So a token names one ticket of one business day:
 * it cannot be made without the key, says nothing of the code nor of the person, and stops
 * working when the day rolls over (its MAC is checked against today's date).
 *
 * Ops: ticket_by_token {token} → ticket (monitor, admin: jhweb); ticket_token {code |
 * ticket_id} → token (kiosk, clerks: for printing); and the take answer carries "token". */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "appt_id.h"
#include "log.h"
#include "server.h"
#include "store.h"

#define TOKEN_MAC	16
#define TOKEN_RAW	(8 + TOKEN_MAC)
#define TOKEN_CHARS	32	/* base64url of 24 bytes, no padding */

static unsigned char web_key[crypto_kdf_KEYBYTES];
static int web_key_ready;

/* Load the key at first use (appt_server_open has made jiaohao-id.key by then). 0 or -1. */
static int
key_load(void)
{
	unsigned char idkey[APPT_KEY_LEN];
	char err[512];

	if (web_key_ready)
		return 0;
	if (appt_id_key_load(srv.db_path, idkey, err, sizeof err) < 0) {
		log_error("ticket tokens: %s", err);
		return -1;
	}
	crypto_kdf_derive_from_key(web_key, sizeof web_key, 1, "jhwebtkt", idkey);
	sodium_memzero(idkey, sizeof idkey);
	web_key_ready = 1;
	return 0;
}

static int
key_ready(struct req *r)
{
	return key_load() == 0 ? 0 : req_error(r, ERR_INTERNAL, "no key for ticket tokens");
}

static void
token_mac(long long id, const char *day, unsigned char out[TOKEN_MAC])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char msg[80];
	int n = snprintf(msg, sizeof msg, "jiaohao ticket %lld %s", id, day);

	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (unsigned long long)n, web_key);
	memcpy(out, mac, TOKEN_MAC);
	sodium_memzero(mac, sizeof mac);
}

/* The token of ticket id issued on day; out holds TOKEN_CHARS + 1. */
static void
token_make(long long id, const char *day, char out[TOKEN_CHARS + 1])
{
	unsigned char raw[TOKEN_RAW];
	unsigned long long u = (unsigned long long)id;
	char b64[sodium_base64_ENCODED_LEN(TOKEN_RAW, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

	for (int i = 0; i < 8; i++)
		raw[i] = (unsigned char)(u >> (8 * i));
	token_mac(id, day, raw + 8);
	sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	snprintf(out, TOKEN_CHARS + 1, "%s", b64);
}

/* A ticket of today by id, live or not (live: with fresh ahead/eta_s). 1, 0 or -1. */
static int
today_ticket(long long id, struct ticket *t, const struct ticket **live)
{
	int found;

	if ((*live = queue_find(&srv.q, id)) != NULL)
		return strcmp((*live)->day, srv.q.day) == 0;
	found = store_ticket_get(srv.store, &srv.q, id, srv.q.day, NULL, t);
	if (found <= 0)
		return found;
	return strcmp(t->day, srv.q.day) == 0;
}

int
op_ticket_by_token(struct req *r)
{
	const char *token;
	unsigned char raw[TOKEN_RAW], mac[TOKEN_MAC];
	unsigned long long u = 0;
	size_t n = 0;
	const struct ticket *live;
	struct ticket t;
	int found;

	if (req_str(r, "token", 1, &token) < 0 || key_ready(r) < 0)
		return -1;
	if (strlen(token) != TOKEN_CHARS ||
	    sodium_base642bin(raw, sizeof raw, token, TOKEN_CHARS, NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != TOKEN_RAW)
		return req_error(r, ERR_NOT_FOUND, "no such ticket");
	for (int i = 7; i >= 0; i--)
		u = u << 8 | raw[i];
	/* the MAC is checked against today: a token from another day names nothing */
	token_mac((long long)u, srv.q.day, mac);
	if (sodium_memcmp(mac, raw + 8, TOKEN_MAC) != 0)
		return req_error(r, ERR_NOT_FOUND, "no such ticket");
	found = today_ticket((long long)u, &t, &live);
	if (found < 0)
		return req_error(r, ERR_INTERNAL, "cannot read tickets");
	if (!found)
		return req_error(r, ERR_NOT_FOUND, "no such ticket");
	if (live)
		server_forecast_stale();	/* fresh ahead and eta_s, as op ticket */
	json_object_set_new(r->ans, "ticket", server_ticket_json(live ? live : &t));
	return 0;
}

int
op_ticket_token(struct req *r)
{
	const char *code;
	long long id = 0;
	int has_id, found;
	const struct ticket *live = NULL;
	struct ticket t;
	char tok[TOKEN_CHARS + 1];

	if (req_str(r, "code", 0, &code) < 0 || req_int(r, "ticket_id", 0, &id, &has_id) < 0 ||
	    key_ready(r) < 0)
		return -1;
	if (!code == !has_id)
		return req_error(r, ERR_BAD_REQUEST, "give the ticket's code or ticket_id");
	if (code) {
		if ((live = queue_find_code(&srv.q, code)) == NULL) {
			found = store_ticket_get(srv.store, &srv.q, 0, srv.q.day, code, &t);
			if (found < 0)
				return req_error(r, ERR_INTERNAL, "cannot read tickets");
			if (!found)
				return req_error(r, ERR_NOT_FOUND, "no ticket %s today", code);
		}
		id = live ? live->id : t.id;
	} else {
		found = today_ticket(id, &t, &live);
		if (found < 0)
			return req_error(r, ERR_INTERNAL, "cannot read tickets");
		if (!found)
			return req_error(r, ERR_NOT_FOUND, "no ticket with that id today");
	}
	token_make(id, srv.q.day, tok);
	json_object_set_new(r->ans, "ticket_id", json_integer(id));
	json_object_set_new(r->ans, "token", json_string(tok));
	return 0;
}

int
op_take_token(struct req *r)
{
	json_t *id;
	char tok[TOKEN_CHARS + 1];

	if (op_take(r) != 0)
		return -1;
	id = json_object_get(json_object_get(r->ans, "ticket"), "id");
	/* a ticket without its token is still a ticket: the kiosk may ask ticket_token */
	if (json_is_integer(id) && key_load() == 0) {
		token_make(json_integer_value(id), srv.q.day, tok);
		json_object_set_new(r->ans, "token", json_string(tok));
	}
	return 0;
}
