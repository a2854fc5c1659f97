/* errcode.c — the wire code of each error of the one vocabulary (errcode.h). */
#include "errcode.h"

static const char *const codes[ERR_COUNT] = {
	[-ERR_OK] = "ok",
	[-ERR_BAD_REQUEST] = "bad_request",
	[-ERR_QUOTA_EXHAUSTED] = "quota_exhausted",
	[-ERR_LIMIT_REACHED] = "limit_reached",
	[-ERR_BLACKLISTED] = "blacklisted",
	[-ERR_NOT_FOUND] = "not_found",
	[-ERR_CONFLICT] = "conflict",
	[-ERR_FORBIDDEN] = "forbidden",
	[-ERR_INTERNAL] = "internal",
	[-ERR_UNKNOWN_OP] = "unknown_op",
	[-ERR_UNAUTHENTICATED] = "unauthenticated",
	[-ERR_CLOSED] = "closed",
	[-ERR_NOT_SERVED] = "not_served",
	[-ERR_LINE_TOO_LONG] = "line_too_long",
	[-ERR_RATE_LIMITED] = "rate_limited",
};

const char *
err_code(int e)
{
	return e <= 0 && e > -ERR_COUNT && codes[-e] ? codes[-e] : "internal";
}
