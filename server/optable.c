/* optable.c — the one table of jhd's ops, the fields each declares, and their counters
 * (optable.h). Adding an op is adding a row here and its function in an ops_*.c file. */
#include <string.h>

#include "auth.h"
#include "optable.h"

#define R_CLERKS (R_CLERK | R_SUPERVISOR | R_ADMIN)
#define R_KIOSK_UP (R_KIOSK | R_CLERKS)
#define WINDOW { "window", F_STR }
static const struct op op_table[] = {
	{ "hello", R_ALL, OP_NOAUTH, op_hello, { { "role", F_STR } } },
	{ "ping", R_ALL, 0, op_ping, { { 0 } } },
	{ "services", R_ALL, 0, op_services, { { 0 } } },
	{ "status", R_ALL, OP_HEAVY, op_status, { { 0 } } },
	{ "ticket", R_ALL, 0, op_ticket,
	    { { "code", F_STR }, { "ticket_id", F_INT }, { "day", F_STR } } },
	{ "subscribe", R_ALL, 0, op_subscribe, { { 0 } } },
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
	{ "transfer", R_CLERKS, OP_WRITES, op_transfer,
	    { { "to_service", F_STR }, { "to_window", F_STR }, { "code", F_STR },
	    { "ticket_id", F_INT }, WINDOW } },
	{ "pause", R_CLERKS, OP_WRITES, op_pause, { WINDOW } },
	{ "resume", R_CLERKS, OP_WRITES, op_resume, { WINDOW } },
	{ "open", R_CLERKS, OP_WRITES, op_open, { WINDOW } },
	{ "close", R_CLERKS, OP_WRITES, op_close, { WINDOW } },
	{ "assign", R_SUPERVISOR | R_ADMIN, OP_WRITES, op_assign, { WINDOW } },
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
	 * first. Their messages quote a field "x" (OP_DQUOTE); a row declares the fields its
	 * op reads before any other check, the rest stay appt_ops.c's */
	{ "slots", R_ALL, OP_DQUOTE, op_slots, { { "service", F_STR | F_REQ } } },
	{ "book", R_KIOSK_UP, OP_WRITES | OP_DQUOTE, op_book, { { "service", F_STR | F_REQ } } },
	{ "cancel_booking", R_KIOSK_UP, OP_WRITES, op_cancel_booking, { { 0 } } },
	{ "checkin", R_KIOSK_UP, OP_WRITES, op_checkin, { { 0 } } },
	{ "appointments", R_SUPERVISOR | R_ADMIN | R_MONITOR, OP_DQUOTE, op_appointments,
	    { { "date", F_STR } } },
	{ "bans", R_SUPERVISOR | R_ADMIN, OP_WRITES | OP_DQUOTE, op_bans, { { "all", F_BOOL } } },
	{ "ban_lift", R_SUPERVISOR | R_ADMIN, OP_WRITES | OP_DQUOTE, op_ban_lift,
	    { { "reason", F_STR } } },
	/* statistics from the event log (ops_stats.c, docs/STATISTICS.md) */
	{ "stats", R_SUPERVISOR | R_ADMIN | R_MONITOR, OP_HEAVY, op_stats, { { 0 } } },
	/* ticket-page tokens for jhweb (ops_web.c, docs/WEB.md) */
	{ "ticket_by_token", R_MONITOR | R_ADMIN, 0, op_ticket_by_token,
	    { { "token", F_STR | F_REQ } } },
	{ "ticket_token", R_KIOSK_UP, 0, op_ticket_token,
	    { { "code", F_STR }, { "ticket_id", F_INT } } },
	/* this table's counters */
	{ "op_stats", R_ADMIN, 0, op_op_stats, { { 0 } } },
};
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

int
optable_check_fields(const struct op *op, struct req *r)
{
	/* req_str's quotes ('x'), or appt_ops.c's ("x") for the rows that keep its messages */
	int q = op->flags & OP_DQUOTE ? '"' : '\'';

	for (int k = 0; k < OP_MAX_FIELDS && op->fields[k].name; k++) {
		const struct op_field *f = &op->fields[k];
		json_t *v = json_object_get(r->msg, f->name);

		if (v == NULL || json_is_null(v)) {
			if (f->type & F_REQ)
				return req_error(r, ERR_BAD_REQUEST, "missing field %c%s%c", q,
				    f->name, q);
			continue;
		}
		switch (f->type & ~F_REQ) {
		case F_STR:
			if (!json_is_string(v))
				return req_error(r, ERR_BAD_REQUEST, "field %c%s%c must be a "
				    "string", q, f->name, q);
			break;
		case F_INT:
			if (!json_is_integer(v))
				return req_error(r, ERR_BAD_REQUEST, "field %c%s%c must be an "
				    "integer", q, f->name, q);
			break;
		case F_BOOL:
			if (!json_is_boolean(v))
				return req_error(r, ERR_BAD_REQUEST, "field %c%s%c must be true "
				    "or false", q, f->name, q);
			break;
		}
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
			static const char *const types[] = { "", "string", "integer", "boolean" };

			json_array_append_new(fields, json_pack("{s:s, s:s, s:b}", "name",
			    op->fields[k].name, "type", types[op->fields[k].type & ~F_REQ],
			    "required", (op->fields[k].type & F_REQ) != 0));
		}
		json_array_append_new(ops, json_pack("{s:s, s:o, s:o, s:b, s:I, s:I, s:I}", "op",
		    op->name, "roles", roles, "fields", fields, "writes",
		    (op->flags & OP_WRITES) != 0, "calls", (json_int_t)counters[i].calls,
		    "errors", (json_int_t)counters[i].errors, "us", (json_int_t)counters[i].us));
	}
	json_object_set_new(r->ans, "ops", ops);
	return 0;
}
