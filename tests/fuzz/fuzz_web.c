/* fuzz_web.c — libFuzzer harness for jhweb's HTTP paths: its request handler (on_request in
 * server/web/jhweb.c, included here with its static functions; its main renamed) called the
 * way libmicrohttpd calls it, with the method, path, query arguments, headers, cookies and
 * form body taken from the fuzzer. libmicrohttpd itself is replaced by the few calls jhweb
 * makes (below): no socket. jhd is not connected (its answers are NULL, as when jhd is down),
 * the board shows a fixed status, and a ticket page whose token passes is rendered as
 * ticket_route renders it. abort() when a request gets no response or two, a status code that
 * is not one of jhweb's, a header with a line break, a page that is not UTF-8, or text from
 * the request ("<jhfuzz") unescaped in a page.
 *
 * Input: "METHOD URL" (URL with its ?query), then "Name: value" header lines, an empty line,
 * and the body. A cookie jhs=SESSION stands for a live session of supervisor carol. */
#define main jhweb_main
#include "../../server/web/jhweb.c"
#undef main

#include "mono.h"
#include "utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_VALUES 64

struct kv {
	enum MHD_ValueKind kind;
	char *key, *value;
};

struct MHD_Connection {
	struct kv v[MAX_VALUES];
	int nv;
	int responses;		/* MHD_queue_response calls */
	int suspended;
};

struct MHD_Response {
	char *body;
	size_t len;
	MHD_ContentReaderCallback crc;
	void *crc_cls;
	int headers;
};

static char sid[SESSION_ID_LEN + 1];
static struct sockaddr_in peer;
static union MHD_ConnectionInfo peer_info;

/* ---- libmicrohttpd, as far as jhweb uses it ---- */

const char *
MHD_lookup_connection_value(struct MHD_Connection *c, enum MHD_ValueKind kind,
    const char *key)
{
	for (int i = 0; i < c->nv; i++)
		if (c->v[i].kind == kind && (kind == MHD_HEADER_KIND ?
		    strcasecmp(c->v[i].key, key) == 0 : strcmp(c->v[i].key, key) == 0))
			return c->v[i].value;
	return NULL;
}

const union MHD_ConnectionInfo *
MHD_get_connection_info(struct MHD_Connection *c, enum MHD_ConnectionInfoType type, ...)
{
	(void)c;
	if (type != MHD_CONNECTION_INFO_CLIENT_ADDRESS)
		return NULL;
	peer_info.client_addr = (struct sockaddr *)&peer;
	return &peer_info;
}

struct MHD_Response *
MHD_create_response_from_buffer(size_t size, void *buffer, enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r = calloc(1, sizeof *r);

	(void)mode;	/* copied in every case: the harness reads it after the call */
	if (!r || !(r->body = malloc(size + 1)))
		abort();
	memcpy(r->body, buffer, size);
	r->body[size] = '\0';
	r->len = size;
	return r;
}

struct MHD_Response *
MHD_create_response_from_callback(uint64_t size, size_t block_size,
    MHD_ContentReaderCallback crc, void *crc_cls, MHD_ContentReaderFreeCallback crfc)
{
	struct MHD_Response *r = calloc(1, sizeof *r);

	(void)size;
	(void)block_size;
	(void)crfc;
	if (!r)
		abort();
	r->crc = crc;
	r->crc_cls = crc_cls;
	return r;
}

enum MHD_Result
MHD_add_response_header(struct MHD_Response *r, const char *header, const char *content)
{
	/* a line break in a header would let the request write headers of its own */
	if (strpbrk(header, "\r\n") || strpbrk(content, "\r\n") || !*header)
		abort();
	r->headers++;
	return MHD_YES;
}

void
MHD_destroy_response(struct MHD_Response *r)
{
	free(r->body);
	free(r);
}

enum MHD_Result
MHD_queue_response(struct MHD_Connection *c, unsigned int status, struct MHD_Response *r)
{
	static const unsigned ok[] = { 200, 302, 303, 400, 401, 403, 404, 405, 429, 502, 503 };
	int known = 0;

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		known |= status == ok[i];
	if (!known || ++c->responses > 1)
		abort();
	if (r->body) {
		if (!utf8_valid(r->body, r->len, NULL) || strstr(r->body, "<jhfuzz"))
			abort();
	} else if (r->crc) {
		char buf[4096];
		ssize_t n = r->crc(r->crc_cls, 0, buf, sizeof buf - 1);

		if (n > 0) {
			buf[n] = '\0';
			if (strstr(buf, "<jhfuzz"))
				abort();
		}
	}
	return MHD_YES;
}

void
MHD_suspend_connection(struct MHD_Connection *c)
{
	c->suspended = 1;
}

void
MHD_resume_connection(struct MHD_Connection *c)
{
	c->suspended = 0;
}

/* jhweb's main only (never called here) */
struct MHD_Daemon *
MHD_start_daemon(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc,
    void *apc_cls, MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
	abort();
}

void
MHD_stop_daemon(struct MHD_Daemon *d)
{
	abort();
}

enum MHD_Result
MHD_run(struct MHD_Daemon *d)
{
	abort();
}

enum MHD_Result
MHD_get_timeout(struct MHD_Daemon *d, MHD_UNSIGNED_LONG_LONG *timeout)
{
	abort();
}

const union MHD_DaemonInfo *
MHD_get_daemon_info(struct MHD_Daemon *d, enum MHD_DaemonInfoType type, ...)
{
	abort();
}

/* ---- the harness ---- */

static const char status_json[] =
	"{\"ok\":true,\"hall\":{\"name\":\"城东区 <b>Hall</b>\",\"date\":\"2026-03-02\","
	"\"hours\":\"09:00-17:00\",\"timezone\":\"Asia/Shanghai\","
	"\"now\":\"2026-03-02T10:00:00+08:00\"},"
	"\"services\":[{\"code\":\"A\",\"name\":\"社保 A\",\"waiting\":2,\"next\":[]}],"
	"\"windows\":[{\"name\":\"1\",\"label\":\"社保\",\"state\":\"open\",\"services\":[\"A\"],"
	"\"serving\":{\"code\":\"A001\",\"service\":\"A\"}}],\"alerts\":[]}";
static const char ticket_json[] =
	"{\"id\":1,\"code\":\"A002\",\"service\":\"A\",\"priority\":\"normal\",\"state\":\"waiting\","
	"\"ahead\":1,\"eta_s\":300,\"issued_at\":\"2026-03-02T09:55:00+08:00\",\"window\":null}";

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const struct session *s;

	(void)argc;
	(void)argv;
	log_init("jhweb", getenv("JH_FUZZ_LOG") ? LOG_DEBUG : LOG_QUIET);
	/* jhd down: every op answers NULL, no sign-in can start (as when MAX_LOGINS are out) */
	if (!(W.c = jhc_new("/nonexistent/jhd.sock", NULL)))
		abort();
	W.server = "/nonexistent/jhd.sock";
	W.nlogins = MAX_LOGINS;
	W.status = json_loads(status_json, 0, NULL);
	W.calls = json_array();
	W.board = board_live();
	if (!W.status || !W.board || !(s = session_new("carol", mono_ms())))
		abort();
	memcpy(sid, s->id, sizeof sid);
	peer.sin_family = AF_INET;
	peer.sin_addr.s_addr = htonl(0x7f000001);
	return 0;
}

static int
hexv(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* %XX and (in queries) '+' decoded in place, as libmicrohttpd does; stops at a NUL made. */
static void
unescape(char *s, int plus)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '%' && hexv(s[1]) >= 0 && hexv(s[2]) >= 0) {
			*o++ = (char)(hexv(s[1]) << 4 | hexv(s[2]));
			s += 2;
		} else {
			*o++ = plus && *s == '+' ? ' ' : *s;
		}
	}
	*o = '\0';
}

static void
add(struct MHD_Connection *c, enum MHD_ValueKind kind, char *key, char *value)
{
	if (c->nv == MAX_VALUES)
		return;
	if (kind == MHD_COOKIE_KIND && strcmp(key, SESSION_COOKIE) == 0 &&
	    strcmp(value, "SESSION") == 0)
		value = sid;
	c->v[c->nv].kind = kind;
	c->v[c->nv].key = key;
	c->v[c->nv].value = value;
	c->nv++;
}

static void
parse_query(struct MHD_Connection *c, char *q)
{
	char *save, *kv;

	for (kv = strtok_r(q, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(kv, '=');

		if (eq)
			*eq = '\0';
		unescape(kv, 1);
		if (eq)
			unescape(eq + 1, 1);
		add(c, MHD_GET_ARGUMENT_KIND, kv, eq ? eq + 1 : (char *)"");
	}
}

static void
parse_cookies(struct MHD_Connection *c, char *v)
{
	char *save, *kv;

	for (kv = strtok_r(v, ";", &save); kv; kv = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(kv, '=');

		while (*kv == ' ')
			kv++;
		if (!eq)
			continue;
		*eq = '\0';
		add(c, MHD_COOKIE_KIND, kv, eq + 1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct MHD_Connection c = { 0 };
	char *buf, *p, *nl, *method, *url, *q, *body = NULL, *cookies = NULL;
	void *con_cls = NULL;
	size_t zero = 0, blen = 0;
	enum MHD_Result rc;

	if (!(buf = malloc(size + 1)))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	/* the request line */
	method = buf;
	if (!(nl = strchr(buf, '\n')))
		nl = buf + size;
	else
		*nl = '\0';
	p = nl < buf + size ? nl + 1 : nl;
	if (!(url = strchr(method, ' ')))
		url = method + strlen(method);	/* no URL: refused below */
	else
		*url++ = '\0';
	if ((q = strchr(url, '?'))) {
		*q++ = '\0';
		parse_query(&c, q);
	}
	if (*url != '/') {
		free(buf);
		return 0;	/* libmicrohttpd refuses it before jhweb sees it */
	}
	unescape(url, 0);
	/* headers, up to the empty line; then the body */
	while (p < buf + size) {
		char *colon;

		if (!(nl = strchr(p, '\n')))
			nl = buf + size;
		*nl = '\0';
		if (*p == '\0') {
			body = nl + 1 <= buf + size ? nl + 1 : nl;
			blen = (size_t)(buf + size - body);
			break;
		}
		if ((colon = strchr(p, ':'))) {
			*colon = '\0';
			for (colon++; *colon == ' '; colon++)
				;
			add(&c, MHD_HEADER_KIND, p, colon);
			if (strcasecmp(p, "Cookie") == 0 && !cookies && (cookies = strdup(colon)))
				parse_cookies(&c, cookies);
		}
		p = nl + 1;
	}
	if (strcmp(method, "POST") == 0) {
		/* as libmicrohttpd calls it: the headers, the body (in pieces of 512), the end */
		rc = on_request(NULL, &c, url, method, "HTTP/1.1", NULL, &zero, &con_cls);
		for (size_t off = 0; rc == MHD_YES && c.responses == 0 && off < blen;) {
			size_t n = blen - off < 512 ? blen - off : 512, left = n;

			rc = on_request(NULL, &c, url, method, "HTTP/1.1", body + off, &left,
			    &con_cls);
			if (left != 0)
				abort();	/* jhweb takes every byte it is given */
			off += n;
		}
		if (rc == MHD_YES && c.responses == 0)
			rc = on_request(NULL, &c, url, method, "HTTP/1.1", NULL, &zero, &con_cls);
	} else {
		rc = on_request(NULL, &c, url, method, "HTTP/1.1", NULL, &zero, &con_cls);
	}
	if (rc == MHD_YES && c.responses != 1 && !c.suspended)
		abort();	/* neither answered nor suspended: the browser waits for ever */
	/* a ticket page whose token jhweb took: what ticket_route shows once jhd finds it */
	if (strncmp(url, "/t/", 3) == 0 && token_ok(url + 3, strlen(url + 3))) {
		struct sb b = { 0 };
		json_t *t = json_loads(ticket_json, 0, NULL);

		render_ticket_page(&b, url + 3, t, json_object_get(W.status, "services"), W.online);
		if (b.oom || !utf8_valid(sb_str(&b), b.n, NULL) || strstr(sb_str(&b), "<jhfuzz"))
			abort();
		sb_free(&b);
		json_decref(t);
	}
	on_completed(NULL, &c, &con_cls, MHD_REQUEST_TERMINATED_COMPLETED_OK);
	free(cookies);
	free(buf);
	return 0;
}
