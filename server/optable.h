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

/* A field's types: the JSON types it may have (one, or several for a field that is either).
 * F_WINDOW is a string naming the window the op acts on, the clerk's own when left out: it is
 * resolved (req_window: named or the clerk's, found, the clerk's own) before the op runs, as
 * tmux resolves a command's target. */
enum op_field_type { F_STR = 0x1, F_INT = 0x2, F_BOOL = 0x4, F_ARRAY = 0x8, F_WINDOW = 0x10 };
#define F_TYPES	0xff
#define F_REQ	0x100	/* with a type: the field must be there */

struct op_field {
	const char *name;
	int type;		/* enum op_field_type (ORed for a field that is either), | F_REQ */
	/* the whole refusal of the field missing (when required) or of another type, where the
	 * types' own message does not say it (arrays, either types): "topics must be an array
	 * of names"; NULL: "missing field 'x'", "field 'x' must be a string"... */
	const char *bad;
};

#define OP_MAX_FIELDS 8

struct op {
	const char *name;
	int roles;		/* R_* that may call it (auth.h) */
	int flags;		/* OP_* */
	int (*fn)(struct req *);
	/* every field the op reads (tests/server/op_fields.sh checks it against its source),
	 * in the order it reads them: a missing required field or one of another type is
	 * bad_request before the op runs (with the messages of req_str, req_int, req_bool; "x"
	 * for 'x' with OP_DQUOTE; or the field's own). A field that only some calls need
	 * (hello's user or device) is declared without F_REQ: its type is checked here, its
	 * absence by the op. */
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
