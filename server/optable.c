/* optable.c — the one table of jhd's ops, the fields each declares, and their counters
 * (optable.h). Adding an op is adding a row here and its function in an ops_*.c file. */
#include <string.h>

#include "auth.h"
#include "optable.h"
#include "stats.h"

#define R_CLERKS (R_CLERK | R_SUPERVISOR | R_ADMIN)
#define R_KIOSK_UP (R_KIOSK | R_CLERKS)
#define WINDOW { "window", F_WINDOW }
#define STR_(x) #x
#define STR(x) STR_(x)
/* a booking named by its id or its code (appt_ops.c's appointment_take) */
#define APPOINTMENT(req) { "appointment", F_STR | F_INT | (req), \
    "field \"appointment\" must be an id or a booking code" }
/* a field's message (bad) is left out of most rows: NULL, the types' own */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct op op_table[] = {
	/* a person's hello names a user and password, a device's its name and token: the op
	 * checks which (ops_read.c) */
	{ "hello", R_ALL, OP_NOAUTH, op_hello,
	    { { "role", F_STR }, { "user", F_STR }, { "password", F_STR },
	    { "window", F_STR }, { "takeover", F_BOOL }, { "device", F_STR },
	    { "token", F_STR } } },
	{ "ping", R_ALL, 0, op_ping, { { 0 } } },
	{ "services", R_ALL, 0, op_services, { { 0 } } },
	{ "status", R_ALL, OP_HEAVY, op_status, { { 0 } } },
	{ "ticket", R_ALL, 0, op_ticket,
	    { { "code", F_STR }, { "ticket_id", F_INT }, { "day", F_STR } } },
	{ "subscribe", R_ALL, 0, op_subscribe,
	    { { "topics", F_ARRAY | F_REQ, "topics must be an array of names" } } },
	{ "alert", R_KIOSK | R_DISPLAY | R_MONITOR | R_ADMIN, 0, op_alert,
	    { { "kind", F_STR | F_REQ }, { "message", F_STR }, { "clear", F_BOOL } } },
	/* op_take, and the ticket page's token (ops_web.c) */
	{ "take", R_KIOSK_UP, OP_WRITES, op_take_token,
	    { { "service", F_STR | F_REQ }, { "priority", F_STR }, { "applicant", F_STR },
	    { "channel", F_STR } } },
	{ "call_next", R_CLERKS, OP_WRITES, op_call_next, { WINDOW } },
	{ "recall", R_CLERKS, OP_WRITES, op_recall, { WINDOW } },
	{ "finish", R_CLERKS, OP_WRITES, op_finish, { WINDOW } },
	{ "no_show", R_CLERKS, OP_WRITES, op_no_show, { WINDOW } },
	/* the window only when no ticket is named: a string here, resolved by the op */
	{ "transfer", R_CLERKS, OP_WRITES, op_transfer,
	    { { "to_service", F_STR }, { "to_window", F_STR }, { "code", F_STR },
	    { "ticket_id", F_INT }, { "window", F_STR } } },
	{ "pause", R_CLERKS, OP_WRITES, op_pause, { WINDOW } },
	{ "resume", R_CLERKS, OP_WRITES, op_resume, { WINDOW } },
	{ "open", R_CLERKS, OP_WRITES, op_open, { WINDOW } },
	{ "close", R_CLERKS, OP_WRITES, op_close, { WINDOW } },
	{ "assign", R_SUPERVISOR | R_ADMIN, OP_WRITES, op_assign,
	    { WINDOW,
	    { "services", F_ARRAY | F_REQ, "services must be an array of service codes" },
	    { "backup", F_ARRAY, "backup must be an array of service codes" } } },
	{ "import", R_ADMIN, OP_WRITES, op_import,
	    { { "text", F_STR | F_REQ }, { "file", F_STR } } },
	{ "user_add", R_ADMIN, OP_WRITES, op_user_add,
	    { { "name", F_STR | F_REQ }, { "role", F_STR | F_REQ },
	    { "password", F_STR | F_REQ }, { "replace", F_BOOL } } },
	{ "user_list", R_ADMIN, 0, op_user_list, { { 0 } } },
	{ "device_add", R_ADMIN, OP_WRITES, op_device_add,
	    { { "name", F_STR | F_REQ }, { "role", F_STR | F_REQ } } },
	{ "device_list", R_ADMIN, 0, op_device_list, { { 0 } } },
	{ "clock", R_ADMIN, OP_WRITES, op_clock, { { "set", F_STR }, { "advance_s", F_INT } } },
	/* the clock guard's step confirmed (clockstep.c, ops_admin.c) */
	{ "clock_confirm", R_SUPERVISOR | R_ADMIN, OP_WRITES, op_clock_confirm, { { 0 } } },
	/* accounts (ops_admin.c) */
	{ "user_passwd", R_ADMIN, OP_WRITES, op_user_passwd,
	    { { "name", F_STR | F_REQ }, { "password", F_STR | F_REQ } } },
	{ "user_disable", R_ADMIN, OP_WRITES, op_user_disable, { { "name", F_STR | F_REQ } } },
	{ "user_enable", R_ADMIN, OP_WRITES, op_user_enable, { { "name", F_STR | F_REQ } } },
	{ "user_del", R_ADMIN, OP_WRITES, op_user_del, { { "name", F_STR | F_REQ } } },
	{ "device_revoke", R_ADMIN, OP_WRITES, op_device_revoke, { { "name", F_STR | F_REQ } } },
	/* the audit trail (ops_audit.c) */
	{ "audit", R_SUPERVISOR | R_ADMIN, OP_HEAVY, op_audit,
	    { { "since", F_STR }, { "after_id", F_INT }, { "limit", F_INT } } },
	{ "audit_verify", R_ADMIN, OP_HEAVY, op_audit_verify,
	    { { "after_id", F_INT }, { "prev", F_STR } } },
	{ "backup", R_ADMIN, 0, op_backup, { { "path", F_STR | F_REQ } } },
	/* appointments (ops_appt.c over appt_ops.c); bans writes: it runs the no-show sweep
	 * first. Their messages quote a field "x" (OP_DQUOTE), as appt_ops.c's own checks do
	 * (its unit tests call it without this table). A check-in names the booking or gives
	 * the ID number; a ban is lifted by its id or the ID number: the op checks which. */
	{ "slots", R_ALL, OP_DQUOTE, op_slots,
	    { { "service", F_STR | F_REQ }, { "from", F_STR }, { "to", F_STR } } },
	{ "book", R_KIOSK_UP, OP_WRITES | OP_DQUOTE, op_book,
	    { { "service", F_STR | F_REQ }, { "start", F_STR | F_REQ },
	    { "id_number", F_STR | F_REQ }, { "channel", F_STR } } },
	{ "cancel_booking", R_KIOSK_UP, OP_WRITES | OP_DQUOTE, op_cancel_booking,
	    { APPOINTMENT(F_REQ), { "id_number", F_STR } } },
	{ "checkin", R_KIOSK_UP, OP_WRITES | OP_DQUOTE, op_checkin,
	    { APPOINTMENT(0), { "id_number", F_STR } } },
	{ "appointments", R_SUPERVISOR | R_ADMIN | R_MONITOR, OP_DQUOTE, op_appointments,
	    { { "date", F_STR }, { "service", F_STR } } },
	{ "bans", R_SUPERVISOR | R_ADMIN, OP_WRITES | OP_DQUOTE, op_bans, { { "all", F_BOOL } } },
	{ "ban_lift", R_SUPERVISOR | R_ADMIN, OP_WRITES | OP_DQUOTE, op_ban_lift,
	    { { "reason", F_STR }, { "ban", F_INT, "field \"ban\" must be a ban id" },
	    { "id_number", F_STR } } },
	/* statistics from the event log (ops_stats.c, docs/STATISTICS.md) */
	{ "stats", R_SUPERVISOR | R_ADMIN | R_MONITOR, OP_HEAVY, op_stats,
	    { { "from", F_STR | F_REQ }, { "to", F_STR | F_REQ },
	    { "by", F_STR | F_ARRAY,
	    "'by' is a key or a list of 1 to " STR(STATS_MAX_DIMS) " keys" },
	    { "top", F_INT } } },
	/* ticket-page tokens for jhweb (ops_web.c, docs/WEB.md) */
	{ "ticket_by_token", R_MONITOR | R_ADMIN, 0, op_ticket_by_token,
	    { { "token", F_STR | F_REQ } } },
	{ "ticket_token", R_KIOSK_UP, 0, op_ticket_token,
	    { { "code", F_STR }, { "ticket_id", F_INT } } },
	/* this table's counters */
	{ "op_stats", R_ADMIN, 0, op_op_stats, { { 0 } } },
};
#pragma GCC diagnostic pop
#define NOPS (sizeof op_table / sizeof op_table[0])

static struct {
	unsigned long long calls, errors, us;
} counters[NOPS];

const struct op *
optable_find(const char *name)
{
	for (size_t i = 0; i < NOPS; i++)
		if (strcmp(op_table[i].name, name) == 0)
			return &op_table[i];
	return NULL;
}

/* The refusal of field f of r: missing (what NULL), or not of its type ("a string"). */
static int
field_refused(const struct op *op, const struct op_field *f, struct req *r, const char *what)
{
	/* req_str's quotes ('x'), or appt_ops.c's ("x") for the rows that keep its messages */
	int q = op->flags & OP_DQUOTE ? '"' : '\'';

	if (f->bad)
		return req_error(r, ERR_BAD_REQUEST, "%s", f->bad);
	if (!what)
		return req_error(r, ERR_BAD_REQUEST, "missing field %c%s%c", q, f->name, q);
	return req_error(r, ERR_BAD_REQUEST, "field %c%s%c must be %s", q, f->name, q, what);
}

int
optable_check_fields(const struct op *op, struct req *r)
{
	static const char *const what[] = {
		[F_STR] = "a string", [F_INT] = "an integer", [F_BOOL] = "true or false",
		[F_WINDOW] = "a string",
	};

	for (int k = 0; k < OP_MAX_FIELDS && op->fields[k].name; k++) {
		const struct op_field *f = &op->fields[k];
		json_t *v = json_object_get(r->msg, f->name);
		int t = f->type & F_TYPES;

		if (t == F_WINDOW) {
			/* the op's target: named, or the clerk's own; found; the clerk's */
			if (req_window(r) < 0)
				return -1;
			continue;
		}
		if (v == NULL || json_is_null(v)) {
			if (f->type & F_REQ)
				return field_refused(op, f, r, NULL);
			continue;
		}
		if (!((t & F_STR && json_is_string(v)) || (t & F_INT && json_is_integer(v)) ||
		    (t & F_BOOL && json_is_boolean(v)) || (t & F_ARRAY && json_is_array(v))))
			return field_refused(op, f, r, t < (int)(sizeof what / sizeof what[0]) &&
			    what[t] ? what[t] : "of another type");
	}
	return 0;
}

void
optable_count(const struct op *op, int failed, long long us)
{
	size_t i = (size_t)(op - op_table);

	counters[i].calls++;
	counters[i].errors += failed != 0;
	counters[i].us += us > 0 ? (unsigned long long)us : 0;
}

int
op_op_stats(struct req *r)
{
	json_t *ops = json_array();

	for (size_t i = 0; i < NOPS; i++) {
		const struct op *op = &op_table[i];
		json_t *roles = json_array(), *fields = json_array();

		for (int k = 0; k < ROLE_COUNT; k++)
			if (op->roles & (1 << k))
				json_array_append_new(roles, json_string(auth_role_name(k)));
		for (int k = 0; k < OP_MAX_FIELDS && op->fields[k].name; k++) {
			static const char *const types[] = { "string", "integer", "boolean",
			    "array", "window" };
			char type[48] = "";

			/* "string", or "string|integer" for a field that is either */
			for (int b = 0; b < 5; b++)
				if (op->fields[k].type & 1 << b)
					snprintf(type + strlen(type), sizeof type - strlen(type),
					    "%s%s", type[0] ? "|" : "", types[b]);
			json_array_append_new(fields, json_pack("{s:s, s:s, s:b}", "name",
			    op->fields[k].name, "type", type, "required",
			    (op->fields[k].type & F_REQ) != 0));
		}
		json_array_append_new(ops, json_pack("{s:s, s:o, s:o, s:b, s:I, s:I, s:I}", "op",
		    op->name, "roles", roles, "fields", fields, "writes",
		    (op->flags & OP_WRITES) != 0, "calls", (json_int_t)counters[i].calls,
		    "errors", (json_int_t)counters[i].errors, "us", (json_int_t)counters[i].us));
	}
	json_object_set_new(r->ans, "ops", ops);
	return 0;
}
