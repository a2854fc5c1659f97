/* cp_tool.c — test driver for printers/cupsprint.c: prints a file on a queue through cp_print
 * (or checks the queue with cp_check) and says what happened, one line:
 *   STATUS job=N state=S reasons=R kind=K | message
 * usage: cp_tool print QUEUE FORMAT FILE TIMEOUT_MS  |  cp_tool check QUEUE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cupsprint.h"

int
main(int argc, char **argv)
{
	static char data[1 << 20];
	struct cp_result res;
	size_t n = 0;
	FILE *f;
	int r;

	if (argc == 3 && strcmp(argv[1], "check") == 0) {
		r = cp_check(argv[2], &res);
	} else if (argc == 6 && strcmp(argv[1], "print") == 0) {
		if ((f = fopen(argv[4], "rb")) == NULL) {
			fprintf(stderr, "cannot open %s\n", argv[4]);
			return 1;
		}
		n = fread(data, 1, sizeof data, f);
		fclose(f);
		r = cp_print(argv[2], argv[3], data, n, "cp_tool", atoi(argv[5]), &res);
	} else {
		fprintf(stderr, "usage: cp_tool print QUEUE FORMAT FILE TIMEOUT_MS | check QUEUE\n");
		return 1;
	}
	printf("%s job=%d state=%d reasons=%s kind=%s | %s\n", cp_status_name(res.status),
	    res.job_id, res.printer_state, res.reasons[0] ? res.reasons : "-",
	    cp_alert_kind(res.status) ? cp_alert_kind(res.status) : "-", res.message);
	return r == 0 ? 0 : 2;
}
