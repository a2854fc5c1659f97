/* served.c — whether a service is served, from jhd's status (served.h). Pure. */
#include <string.h>

#include "served.h"

int
jhc_status_served(const json_t *svc)
{
	const json_t *v = json_object_get(svc, "served");

	if (!json_is_boolean(v))
		return -1;
	return json_is_true(v) ? 1 : 0;
}

int
jhc_window_serves(const char *state)
{
	return state && (strcmp(state, "open") == 0 || strcmp(state, "paused") == 0);
}
