/* optable.h — the one table of jhd's ops (optable.c): each row declares the op's name, the
 * roles that may call it, its fields with their types (checked before the op runs), whether it
 * writes, and counts its calls, errors and time (the op op_stats shows them). */
#ifndef JH_OPTABLE_H
#define JH_OPTABLE_H

#include "server.h"

#define OP_WRITES	0x1	/* changes state: runs inside the turn's transaction */
#define OP_NOAUTH	0x2	/* allowed before hello */
#define OP_HEAVY	0x4	/* may cost much (a long queue): ends its connection's slice of
				 * lines (net_conn_yield), the rest wait for a later turn */
#define OP_DQUOTE	0x8	/* its declared fields' refusals quote the name "x", as
				 * appt_ops.c's own checks do, not 'x' */

enum op_field_type { F_STR = 1, F_INT, F_BOOL };
#define F_REQ	0x100	/* with a type: the field must be there */

struct op_field {
	const char *name;
	int type;		/* enum op_field_type, | F_REQ when required */
};

#define OP_MAX_FIELDS 6

struct op {
	const char *name;
	int roles;		/* R_* that may call it (auth.h) */
	int flags;		/* OP_* */
	int (*fn)(struct req *);
	/* the fields every call of the op reads, in the order it reads them: a missing
	 * required field or one of another type is bad_request before the op runs (with the
	 * messages of req_str, req_int, req_bool; "x" for 'x' with OP_DQUOTE). Fields an op
	 * reads only in some cases, or after another check, are the op's to check. */
	struct op_field fields[OP_MAX_FIELDS];
};

/* The row of op name, or NULL. */
const struct op *optable_find(const char *name);
/* Check r's fields against op's declared ones: 0, or -1 with r's bad_request error set. */
int optable_check_fields(const struct op *op, struct req *r);
/* Count one finished call of op: failed (an error answer), us microseconds in the op. */
void optable_count(const struct op *op, int failed, long long us);
/* The admin op op_stats: every op's row and counters since start-up. */
int op_op_stats(struct req *r);

#endif
