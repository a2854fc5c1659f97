/* cupsprint.c — one ticket, one CUPS job: check the queue, create the job, stream the bytes,
 * then poll the job and the queue until it completes, stops or times out. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cups/cups.h>

#include "cupsprint.h"
#include "mono.h"

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

const char *
cp_alert_kind(enum cp_status s)
{
	switch (s) {
	case CP_OK:
		return NULL;
	case CP_UNREACHABLE:
	case CP_NOT_FOUND:
		return "printer_unreachable";
	case CP_MEDIA_EMPTY:
		return "printer_media_empty";
	case CP_STOPPED:
	case CP_TIMEOUT:
		break;
	}
	return "printer_stopped";
}

const char *
cp_status_name(enum cp_status s)
{
	static const char *names[] = { "ok", "unreachable", "not_found", "stopped", "media_empty",
	    "timeout" };

	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}

static http_t *
connect_cupsd(struct cp_result *res)
{
	http_t *http;

	http = httpConnect2(cupsServer(), ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1, 3000,
	    NULL);
	if (http == NULL) {
		res->status = CP_UNREACHABLE;
		snprintf(res->message, sizeof res->message, "cupsd at %s does not answer",
		    cupsServer());
	}
	return http;
}

static void
printer_uri(char *uri, size_t n, const char *printer)
{
	httpAssembleURIf(HTTP_URI_CODING_ALL, uri, (int)n, "ipp", NULL, "localhost", 0,
	    "/printers/%s", printer);
}

/* An IPP request op about the object at uri (named by uri_attr: "printer-uri", "job-uri"),
 * asking for the n attributes want: the answer, or NULL (ippDelete'd) when cupsd refused or
 * could not be asked (cupsLastError says why). */
static ipp_t *
ipp_ask(http_t *http, ipp_op_t op, const char *uri_attr, const char *uri,
    const char *const *want, int n)
{
	ipp_t *req = ippNewRequest(op), *ans;

	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, uri_attr, NULL, uri);
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", n, NULL,
	    want);
	ans = cupsDoRequest(http, req, "/");
	if (ans == NULL || ippGetStatusCode(ans) > IPP_STATUS_OK_CONFLICTING) {
		ippDelete(ans);
		return NULL;
	}
	return ans;
}

/* Reads printer-state, -reasons and is-accepting-jobs. 0, or -1 with res set. */
static int
query_printer(http_t *http, const char *printer, struct cp_result *res, int *accepting)
{
	static const char *const want[] = { "printer-state", "printer-state-reasons",
	    "printer-is-accepting-jobs" };
	char uri[HTTP_MAX_URI];
	ipp_t *ans;
	ipp_attribute_t *a;
	int i, n;
	size_t off = 0;

	printer_uri(uri, sizeof uri, printer);
	ans = ipp_ask(http, IPP_OP_GET_PRINTER_ATTRIBUTES, "printer-uri", uri, want, 3);
	if (ans == NULL) {
		if (cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND) {
			res->status = CP_NOT_FOUND;
			snprintf(res->message, sizeof res->message, "no printer queue named %s",
			    printer);
		} else {
			res->status = CP_UNREACHABLE;
			snprintf(res->message, sizeof res->message, "cannot ask cupsd about %s: %s",
			    printer, cupsLastErrorString());
		}
		return -1;
	}
	res->printer_state = 0;
	res->reasons[0] = '\0';
	*accepting = 1;
	if ((a = ippFindAttribute(ans, "printer-state", IPP_TAG_ENUM)) != NULL)
		res->printer_state = ippGetInteger(a, 0);
	if ((a = ippFindAttribute(ans, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN)) != NULL)
		*accepting = ippGetBoolean(a, 0);
	if ((a = ippFindAttribute(ans, "printer-state-reasons", IPP_TAG_KEYWORD)) != NULL) {
		n = ippGetCount(a);
		for (i = 0; i < n && off < sizeof res->reasons; i++) {
			int w = snprintf(res->reasons + off, sizeof res->reasons - off, "%s%s",
			    i ? "," : "", ippGetString(a, i, NULL));
			if (w < 0)
				break;
			off += (size_t)w;
		}
	}
	ippDelete(ans);
	return 0;
}

static int
has_media_empty(const struct cp_result *res)
{
	return strstr(res->reasons, "media-empty") != NULL ||
	    strstr(res->reasons, "media-needed") != NULL;
}

/* Fails when the queue cannot print now. A media-empty reason may be stale (it is cleared
 * only when the printer next reports): before a job it is judged only when media counts. */
static int
judge_printer(const char *printer, struct cp_result *res, int accepting, int media)
{
	if (media && has_media_empty(res)) {
		res->status = CP_MEDIA_EMPTY;
		snprintf(res->message, sizeof res->message, "printer %s is out of paper (%s)",
		    printer, res->reasons);
		return -1;
	}
	if (res->printer_state == IPP_PSTATE_STOPPED || !accepting) {
		res->status = CP_STOPPED;
		snprintf(res->message, sizeof res->message, "printer %s is %s (%s)", printer,
		    !accepting ? "not accepting jobs" : "stopped", res->reasons);
		return -1;
	}
	return 0;
}

int
cp_check(const char *printer, struct cp_result *res)
{
	http_t *http;
	int accepting, r;

	memset(res, 0, sizeof *res);
	if ((http = connect_cupsd(res)) == NULL)
		return -1;
	r = query_printer(http, printer, res, &accepting);
	if (r == 0)
		r = judge_printer(printer, res, accepting, 1);
	httpClose(http);
	return r;
}

static int
query_job(http_t *http, int job_id, int *state, char *reasons, size_t rlen)
{
	static const char *const want[] = { "job-state", "job-state-reasons" };
	ipp_t *ans;
	ipp_attribute_t *a;
	char uri[HTTP_MAX_URI];

	httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost", 0,
	    "/jobs/%d", job_id);
	if ((ans = ipp_ask(http, IPP_OP_GET_JOB_ATTRIBUTES, "job-uri", uri, want, 2)) == NULL)
		return -1;
	*state = 0;
	reasons[0] = '\0';
	if ((a = ippFindAttribute(ans, "job-state", IPP_TAG_ENUM)) != NULL)
		*state = ippGetInteger(a, 0);
	if ((a = ippFindAttribute(ans, "job-state-reasons", IPP_TAG_KEYWORD)) != NULL)
		snprintf(reasons, rlen, "%s", ippGetString(a, 0, NULL));
	ippDelete(ans);
	return 0;
}

static int
fail_job(http_t *http, const char *printer, struct cp_result *res, enum cp_status st,
    const char *why)
{
	int accepting;

	/* Cancel so that a reprint cannot be followed by this job coming out later. */
	if (res->job_id > 0)
		cupsCancelJob2(http, printer, res->job_id, 0);
	if (query_printer(http, printer, res, &accepting) == 0 && has_media_empty(res))
		st = CP_MEDIA_EMPTY;
	res->status = st;
	snprintf(res->message, sizeof res->message, "job %d on %s %s%s%s%s", res->job_id,
	    printer, why, res->reasons[0] ? " (" : "", res->reasons, res->reasons[0] ? ")" : "");
	httpClose(http);
	return -1;
}

int
cp_print(const char *printer, const char *format, const void *data, size_t len,
    const char *title, int timeout_ms, struct cp_result *res)
{
	http_t *http;
	int accepting, state, delay = 5;
	long long deadline;
	char jreasons[128];

	memset(res, 0, sizeof *res);
	if ((http = connect_cupsd(res)) == NULL)
		return -1;
	if (query_printer(http, printer, res, &accepting) < 0 ||
	    judge_printer(printer, res, accepting, 0) < 0) {
		httpClose(http);
		return -1;
	}
	res->job_id = cupsCreateJob(http, printer, title, 0, NULL);
	if (res->job_id <= 0) {
		res->job_id = 0;
		return fail_job(http, printer, res, CP_STOPPED, cupsLastErrorString());
	}
	if (cupsStartDocument(http, printer, res->job_id, title, format, 1) !=
	    HTTP_STATUS_CONTINUE ||
	    cupsWriteRequestData(http, data, len) != HTTP_STATUS_CONTINUE ||
	    cupsFinishDocument(http, printer) != IPP_STATUS_OK) {
		if (cupsLastError() == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE) {
			res->status = CP_UNREACHABLE;
			snprintf(res->message, sizeof res->message, "cupsd went away: %s",
			    cupsLastErrorString());
			httpClose(http);
			return -1;
		}
		return fail_job(http, printer, res, CP_STOPPED, "was refused");
	}
	res->accepted_us = mono_us();
	if (timeout_ms == 0) {
		httpClose(http);
		return 0;
	}
	deadline = res->accepted_us + (long long)timeout_ms * 1000;
	for (;;) {
		if (query_job(http, res->job_id, &state, jreasons, sizeof jreasons) < 0) {
			res->status = CP_UNREACHABLE;
			snprintf(res->message, sizeof res->message,
			    "lost cupsd while following job %d: %s", res->job_id,
			    cupsLastErrorString());
			httpClose(http);
			return -1;
		}
		if (state == IPP_JSTATE_COMPLETED) {
			query_printer(http, printer, res, &accepting);
			res->status = CP_OK;
			httpClose(http);
			return 0;
		}
		if (state == IPP_JSTATE_ABORTED || state == IPP_JSTATE_CANCELED)
			return fail_job(http, printer, res, CP_STOPPED, state ==
			    IPP_JSTATE_ABORTED ? "was aborted" : "was cancelled");
		if (state == IPP_JSTATE_STOPPED || state == IPP_JSTATE_HELD)
			return fail_job(http, printer, res, CP_STOPPED, "stopped");
		if (query_printer(http, printer, res, &accepting) == 0 &&
		    res->printer_state == IPP_PSTATE_STOPPED)
			return fail_job(http, printer, res, CP_STOPPED, "cannot print: queue stopped");
		if (mono_us() >= deadline)
			return fail_job(http, printer, res, CP_TIMEOUT, "did not complete in time");
		sleep_ms(delay);
		if (delay < 100)
			delay *= 2;
	}
}
