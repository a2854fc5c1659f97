/* request.c — what an op reads from its request: typed fields (missing or mistyped fields are
 * bad_request) and the window it acts on; and the error it answers (req_error). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "server.h"
#include "utf8.h"

int
req_error(struct req *r, int code, const char *fmt, ...)
{
	va_list ap;

	r->err = code;
	va_start(ap, fmt);
	vsnprintf(r->emsg, sizeof r->emsg, fmt, ap);
	va_end(ap);
	/* a client's text cut by a byte count ("%.40s", the message's size) may end in half a
	 * character: dropped, or the answer could not be built */
	utf8_repair(r->emsg);
	return -1;
}

/* The request's field key: 1 and *v when it has a value; 0 when absent or null, or -1
 * (bad_request) when it is required. */
static int
field(struct req *r, const char *key, int required, json_t **v)
{
	*v = json_object_get(r->msg, key);
	if (*v && !json_is_null(*v))
		return 1;
	return required ? req_error(r, ERR_BAD_REQUEST, "missing field '%s'", key) : 0;
}

int
req_str(struct req *r, const char *key, int required, const char **out)
{
	json_t *v;
	int rc;

	*out = NULL;
	if ((rc = field(r, key, required, &v)) <= 0)
		return rc;
	if (!json_is_string(v))
		return req_error(r, ERR_BAD_REQUEST, "field '%s' must be a string", key);
	*out = json_string_value(v);
	return 0;
}

int
req_int(struct req *r, const char *key, int required, long long *out, int *present)
{
	json_t *v;
	int rc;

	if (present)
		*present = 0;
	if ((rc = field(r, key, required, &v)) <= 0)
		return rc;
	if (!json_is_integer(v))
		return req_error(r, ERR_BAD_REQUEST, "field '%s' must be an integer", key);
	*out = json_integer_value(v);
	if (present)
		*present = 1;
	return 0;
}

int
req_bool(struct req *r, const char *key, int *out)
{
	json_t *v;

	if (field(r, key, 0, &v) <= 0)
		return 0;
	if (!json_is_boolean(v))
		return req_error(r, ERR_BAD_REQUEST, "field '%s' must be true or false", key);
	*out = json_is_true(v);
	return 0;
}

int
req_window(struct req *r)
{
	const char *name;
	int w;

	if (req_str(r, "window", 0, &name) < 0)
		return -1;
	if (!name) {
		if (r->ss->role == ROLE_CLERK && r->ss->window[0])
			name = r->ss->window;
		else
			return req_error(r, ERR_BAD_REQUEST, "missing field 'window'");
	}
	if ((w = hallconf_window(&srv.q.conf, name)) < 0)
		return req_error(r, ERR_NOT_FOUND, "no window '%s'", name);
	if (r->ss->role == ROLE_CLERK && strcmp(r->ss->window, name) != 0)
		return req_error(r, ERR_FORBIDDEN, "a clerk acts on their own window (%s), not %s",
		    r->ss->window, name);
	return w;
}
