/* errcode.h — the one vocabulary of errors jhd answers with (errcode.c): an enum, and each
 * value's code on the wire (docs/PROTOCOL.md, "Error codes"). Functions that fail with a
 * reason return one of these (negative; ERR_OK is 0). */
#ifndef JH_ERRCODE_H
#define JH_ERRCODE_H

enum err {
	ERR_OK = 0,
	ERR_BAD_REQUEST = -1,		/* bad_request */
	ERR_QUOTA_EXHAUSTED = -2,	/* quota_exhausted */
	ERR_LIMIT_REACHED = -3,		/* limit_reached */
	ERR_BLACKLISTED = -4,		/* blacklisted */
	ERR_NOT_FOUND = -5,		/* not_found */
	ERR_CONFLICT = -6,		/* conflict */
	ERR_FORBIDDEN = -7,		/* forbidden */
	ERR_INTERNAL = -8,		/* internal */
	ERR_UNKNOWN_OP = -9,		/* unknown_op */
	ERR_UNAUTHENTICATED = -10,	/* unauthenticated */
	ERR_CLOSED = -11,		/* closed */
	ERR_NOT_SERVED = -12,		/* not_served */
	ERR_LINE_TOO_LONG = -13,	/* line_too_long */
	ERR_RATE_LIMITED = -14,		/* rate_limited: a device over the hall's [limits] */
};
#define ERR_COUNT 15

/* The wire code of e ("bad_request"...; "ok" for ERR_OK); "internal" for a value outside the
 * enum. */
const char *err_code(int e);

#endif
