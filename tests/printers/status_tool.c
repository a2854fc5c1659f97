/* status_tool.c — test helper: asks jhd for `status` over its Unix socket (admin) and prints
 * one field, so shell tests can check alerts and queue lengths:
 *   status_tool SOCK alerts            one line per active alert: "SOURCE KIND"
 *   status_tool SOCK waiting SERVICE   the service's waiting count
 *   status_tool SOCK eta SERVICE       its "eta_s eta_lo_s eta_hi_s" (-1 for one missing) */
#include <stdio.h>
#include <string.h>

#include "jhclient.h"

static int
int_or(json_t *v)
{
	return json_is_integer(v) ? (int)json_integer_value(v) : -1;
}

int
main(int argc, char **argv)
{
	struct jhc_cred cred;
	struct jhc *c;
	json_t *st, *arr, *v;
	size_t i;

	if (argc < 3 || (strcmp(argv[2], "alerts") != 0 && argc != 4)) {
		fprintf(stderr, "usage: status_tool SOCK alerts | waiting SERVICE | eta SERVICE\n");
		return 1;
	}
	memset(&cred, 0, sizeof cred);
	if ((c = jhc_new(argv[1], &cred)) == NULL || jhc_connect(c, 5000) < 0) {
		fprintf(stderr, "status_tool: cannot connect to %s: %s\n", argv[1],
		    c ? jhc_error(c) : "out of memory");
		return 1;
	}
	if ((st = jhc_op(c, "status", NULL, 5000)) == NULL) {
		fprintf(stderr, "status_tool: status: %s\n", jhc_error(c));
		return 1;
	}
	if (strcmp(argv[2], "alerts") == 0) {
		arr = json_object_get(st, "alerts");
		json_array_foreach(arr, i, v)
			printf("%s %s\n", json_string_value(json_object_get(v, "source")),
			    json_string_value(json_object_get(v, "kind")));
	} else {
		arr = json_object_get(st, "services");
		json_array_foreach(arr, i, v)
			if (strcmp(json_string_value(json_object_get(v, "code")), argv[3]) != 0)
				continue;
			else if (strcmp(argv[2], "waiting") == 0)
				printf("%lld\n", (long long)json_integer_value(
				    json_object_get(v, "waiting")));
			else
				printf("%d %d %d\n", int_or(json_object_get(v, "eta_s")),
				    int_or(json_object_get(v, "eta_lo_s")),
				    int_or(json_object_get(v, "eta_hi_s")));
	}
	json_decref(st);
	jhc_free(c);
	return 0;
}
