/* fuzz_request.c — libFuzzer harness for jhd's request line -> answer path: lines from the
 * fuzzer go to the dispatcher (dispatch.c, through net.h's line handler, the one entry point
 * the real network layer calls) on connections kept in memory (fuzz_net.c), with a real SQLite
 * database holding the sample hall (server/examples/district.ini), users and devices. After
 * each loop turn every request line must have exactly one answer, in order, carrying the id
 * of its request (null when the line is not a JSON object), and every line sent must be a JSON
 * object; and at the end of the input, what jhd holds live (tickets, window states, today's
 * numbering) must be what a restart loads from the database: abort() otherwise. Each input
 * starts from the same database and clock.
 *
 * Input: lines. A line starting with byte 1..4 is for that connection (1 jhctl's Unix socket,
 * admin without hello; 2 and 3 TCP clients from two addresses; 4 TCP from jhweb's address),
 * the byte taken off; other lines go to the connection of the line before (2 at first). An
 * empty line ends the loop turn; a line starting with byte 5 ends it and runs the once-a-second
 * tick, the clock moved on by the next byte's minutes. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "auth.h"
#include "clock.h"
#include "dispatch.h"
#include "fuzz_net.h"
#include "log.h"
#include "net.h"
#include "ratelimit.h"
#include "server.h"
#include "store.h"
#include "throttle.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NCONN 4
#define MAX_PENDING 4096	/* requests of one turn; one more ends the turn first */

/* The users and devices the corpus signs in with (docs/PROTOCOL.md, hello). */
static const char *const users[][3] = {
	{ "alice", "clerk", "alice-pass" },
	{ "carol", "supervisor", "carol-pass" },
	{ "root", "admin", "root-pass" },
};
static const char *const devices[][3] = {
	{ "kiosk1", "kiosk", "kiosk1-token" },
	{ "display1", "display", "display1-token" },
	{ "web", "monitor", "web-token" },
};
static const char *const peers[NCONN] = { "unix", "10.0.0.2", "10.0.0.3", "127.0.0.1" };
#define T0 "2026-03-02T10:00:00+08:00"	/* a Monday, the hall open */

static char dir[4096], db[4200];
static unsigned char *pristine;
static size_t npristine;
static struct conn *conns[NCONN];
static int show;	/* JH_FUZZ_LOG: the server's log and every line it sends, on stderr */

/* What one request line is owed this turn: an answer with this id on this connection. */
static struct expect {
	int conn;
	json_t *id;		/* NULL: null */
} pending[MAX_PENDING];
static int npending;

static void die(const char *what) __attribute__((noreturn));

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_request: %s\n", what);
	abort();
}

static void
cleanup(void)
{
	char p[4300];
	static const char *const files[] = { "hall.db", "hall.db-wal", "hall.db-shm",
		"hall.db-journal", "jiaohao-id.key" };

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
}

static struct conn *
conn_get(int k)
{
	if (!conns[k] && !(conns[k] = fuzz_conn_open(k == 0, peers[k])))
		die("out of memory");
	return conns[k];
}

/* Open the database and the state jhd keeps, as jhd's main does. */
static void
server_up(void)
{
	char err[512];
	long long t;

	if (!(srv.store = store_open(db, err, sizeof err)))
		die(err);
	if (server_reload() < 0)
		die("server_reload");
	if (appt_server_open(db, err, sizeof err) < 0)
		die(err);
	if (clock_parse_iso(T0, &t) < 0)
		die("T0");
	clock_test_start(t);
	server_day_check(clock_now());
	appt_server_tick(clock_now());
	dispatch_turn_end();
}

static void
server_down(void)
{
	for (int k = 0; k < NCONN; k++) {
		fuzz_conn_free(conns[k]);
		conns[k] = NULL;
	}
	dispatch_turn_end();
	appt_server_close();
	store_close(srv.store);
	queue_free(&srv.q);
	json_decref(srv.status_cache);
	free(srv.fc_new);
	memset(&srv, 0, sizeof srv);
	srv.version = "jhd (fuzz)";
	srv.db_path = db;
	srv.min_password = SERVER_DEFAULT_MIN_PASSWORD;
	srv.hello_timeout_s = 0;	/* the monotonic clock: not the fuzzer's to move */
	snprintf(srv.web_addr, sizeof srv.web_addr, "%s", peers[3]);
	throttle_clear();
	ratelimit_clear();	/* every input starts with full buckets */
}

/* One line to the admin, whose answer must be ok (set-up). */
static void
admin(const char *line)
{
	char *l = strdup(line);
	size_t n;
	const char *out;

	if (!l || fuzz_conn_line(conn_get(0), l, strlen(l)) < 0)
		die("set-up line not read");
	dispatch_turn_end();
	out = fuzz_conn_output(conns[0], &n);
	if (!strstr(out, "\"ok\":true")) {
		fprintf(stderr, "%s\n-> %s\n", line, out);
		die("set-up refused");
	}
	fuzz_conn_clear(conns[0]);
	free(l);
}

static void
setup_hall(void)
{
	char *text = NULL, tok[AUTH_TOKEN_LEN];
	const char *path = getenv("JH_FUZZ_HALL") ? getenv("JH_FUZZ_HALL") : FUZZ_HALL;
	size_t n = 0, cap = 0;
	json_t *req;
	FILE *f;
	int created;

	if (!(f = fopen(path, "r")))
		die(path);
	for (;;) {
		if (n + 4096 > cap && !(text = realloc(text, cap = cap * 2 + 8192)))
			die("out of memory");
		size_t k = fread(text + n, 1, 4096, f);
		if (k == 0)
			break;
		n += k;
	}
	text[n] = '\0';
	fclose(f);
	req = json_pack("{s:s, s:s, s:s}", "op", "import", "file", "district.ini", "text", text);
	free(text);
	text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	admin(text);
	free(text);
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		req = json_pack("{s:s, s:s, s:s, s:s}", "op", "user_add", "name", users[i][0],
		    "role", users[i][1], "password", users[i][2]);
		text = json_dumps(req, JSON_COMPACT);
		json_decref(req);
		admin(text);
		free(text);
	}
	/* windows 1 and 2 open, as in the demo hall */
	admin("{\"op\":\"open\",\"window\":\"1\"}");
	admin("{\"op\":\"open\",\"window\":\"2\"}");
	/* devices with tokens the corpus knows (device_add makes random ones) */
	if (store_begin(srv.store) < 0)
		die("begin");
	for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
		auth_token_hash(devices[i][2], tok);
		if (store_cred_put(srv.store, 1, devices[i][0], devices[i][1], tok, clock_now(),
		    &created) < 0)
			die("device");
	}
	if (store_commit(srv.store) < 0)
		die("commit");
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* tmpfs when there is one: every input commits (fsync) into a database of its own */
	const char *tmp = getenv("JH_FUZZ_DIR") ? getenv("JH_FUZZ_DIR") :
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
	FILE *f;
	long len;

	(void)argc;
	(void)argv;
	setenv("JH_PWHASH_FAST", "1", 1);	/* set-up's users: minimum hashing limits */
	show = getenv("JH_FUZZ_LOG") != NULL;
	log_init("jhd", show ? LOG_DEBUG : LOG_QUIET);
	snprintf(dir, sizeof dir, "%s/jhfuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		die(strerror(errno));
	atexit(cleanup);
	snprintf(db, sizeof db, "%s/hall.db", dir);
	if (auth_init() < 0)
		die("libsodium");
	server_down();
	dispatch_init();	/* no loop: password checks in the turn, no backups */
	server_up();
	setup_hall();
	server_down();		/* the WAL goes into hall.db: the state every input starts from */
	if (!(f = fopen(db, "rb")))
		die("cannot read the set-up database");
	if (fseek(f, 0, SEEK_END) < 0 || (len = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) < 0 ||
	    !(pristine = malloc((size_t)len)) || fread(pristine, 1, (size_t)len, f) != (size_t)len)
		die("cannot read the set-up database");
	npristine = (size_t)len;
	fclose(f);
	return 0;
}

static void
restore(void)
{
	char p[4300];
	FILE *f;

	snprintf(p, sizeof p, "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db);
	unlink(p);
	if (!(f = fopen(db, "wb")) || fwrite(pristine, 1, npristine, f) != npristine ||
	    fclose(f) != 0)
		die("cannot restore the database");
}

/* Every line sent to connection k this turn: JSON objects; answers (those with "ok") in the
 * order of its requests, each with its request's id. */
static void
check_conn(int k, int *next)
{
	size_t n;
	const char *out = fuzz_conn_output(conns[k], &n), *p = out, *nl;

	if (n > 0 && out[n - 1] != '\n')
		die("a line sent without its newline");
	for (; p < out + n; p = nl + 1) {
		json_error_t je;
		json_t *m, *ok, *err;

		nl = memchr(p, '\n', (size_t)(out + n - p));
		if (show)
			fprintf(stderr, "%d< %.*s\n", k + 1, (int)(nl - p), p);
		if (!(m = json_loadb(p, (size_t)(nl - p), 0, &je)) || !json_is_object(m)) {
			fprintf(stderr, "sent: %.*s\n", (int)(nl - p), p);
			die("a line sent is not a JSON object");
		}
		if (!(ok = json_object_get(m, "ok"))) {
			if (!json_is_string(json_object_get(m, "event")))
				die("a line sent is neither an answer nor an event");
			json_decref(m);
			continue;
		}
		while (*next < npending && pending[*next].conn != k)
			++*next;
		if (*next >= npending) {
			fprintf(stderr, "sent: %.*s\n", (int)(nl - p), p);
			die("an answer no request asked for (two answers to one request?)");
		}
		if (!json_equal(json_object_get(m, "id"), pending[*next].id ? pending[*next].id :
		    json_null())) {
			char *want = pending[*next].id ? json_dumps(pending[*next].id,
			    JSON_ENCODE_ANY) : NULL;

			fprintf(stderr, "sent: %.*s\nwanted the id %s\n", (int)(nl - p), p,
			    want ? want : "null");
			free(want);
			die("an answer with another request's id");
		}
		if (!json_is_boolean(ok) || (!json_is_true(ok) &&
		    (!json_is_string(json_object_get(err = json_object_get(m, "error"), "code")) ||
		    !json_is_string(json_object_get(err, "message")))))
			die("an answer without ok, or an error without code and message");
		++*next;
		json_decref(m);
	}
	while (*next < npending && pending[*next].conn != k)
		++*next;
	if (*next < npending) {
		fprintf(stderr, "connection %d: %d requests unanswered\n", k + 1, npending - *next);
		die("a request without an answer");
	}
	fuzz_conn_clear(conns[k]);
}

/* The end of a loop turn: commit, answers and events out; then every request is answered. */
static void
turn_end(void)
{
	dispatch_turn_end();
	for (int k = 0; k < NCONN; k++) {
		int next = 0;

		/* one dropped by the server (over its output cap) is owed nothing more */
		if (conns[k] && net_conn_alive(conns[k]))
			check_conn(k, &next);
	}
	for (int i = 0; i < npending; i++)
		json_decref(pending[i].id);
	npending = 0;
	/* connections closed meanwhile (three refused hellos) come back as new ones */
	for (int k = 0; k < NCONN; k++)
		if (conns[k] && fuzz_conn_gone(conns[k])) {
			fuzz_conn_free(conns[k]);
			conns[k] = NULL;
		}
}

static void
tick(unsigned minutes)
{
	turn_end();
	clock_advance(minutes * 60LL);
	server_status_stale();
	server_day_check(clock_now());
	appt_server_tick(clock_now());
	dispatch_tick();
	server_signin_locks_tick(clock_now());
	turn_end();
}

/* What of the live queue a restart must find again (every acknowledged change is committed
 * by the end of its turn): tickets, windows, today's numbering. */
struct snap {
	struct ticket *t;
	int nt;
	int wstate[HALL_MAX_WINDOWS], nwin;
	int seq[HALL_MAX_SERVICES], nsvc;
};

static void
snap_take(struct snap *sn)
{
	const struct queue *q = &srv.q;

	sn->nt = q->nt;
	if (!(sn->t = malloc(((size_t)q->nt + 1) * sizeof *sn->t)))
		die("out of memory");
	if (q->nt > 0)
		memcpy(sn->t, q->t, (size_t)q->nt * sizeof *sn->t);
	sn->nwin = q->conf.nwin;
	for (int w = 0; w < q->conf.nwin; w++)
		sn->wstate[w] = q->win[w].state;
	sn->nsvc = q->conf.nsvc;
	for (int v = 0; v < q->conf.nsvc; v++)
		sn->seq[v] = q->svc[v].seq;
}

static const struct ticket *
snap_find(const struct snap *sn, long long id)
{
	for (int i = 0; i < sn->nt; i++)
		if (sn->t[i].id == id)
			return &sn->t[i];
	return NULL;
}

static void
snap_differs(const char *what, long long id)
{
	fprintf(stderr, "fuzz_request: after a reload (a restart): %s (ticket %lld)\n", what, id);
	die("the live state is not what the database holds");
}

/* The end of an input: what jhd holds is what a restart would load (server_reload, as jhd's
 * start-up and a failed turn run it). */
static void
check_durable(void)
{
	struct snap a, b;

	snap_take(&a);
	if (server_reload() < 0)
		die("server_reload");
	snap_take(&b);
	if (a.nt != b.nt)
		snap_differs("another number of live tickets", a.nt - b.nt);
	for (int i = 0; i < a.nt; i++) {
		const struct ticket *x = &a.t[i], *y = snap_find(&b, x->id);

		if (!y)
			snap_differs("a live ticket is gone", x->id);
		if (strcmp(x->code, y->code) != 0 || x->svc != y->svc || x->lane != y->lane ||
		    x->state != y->state || x->window != y->window || x->pin != y->pin ||
		    x->issued_at != y->issued_at || x->called_at != y->called_at ||
		    x->recalls != y->recalls || x->applicant != y->applicant ||
		    x->channel != y->channel || x->slot_start != y->slot_start)
			snap_differs("a ticket differs", x->id);
	}
	for (int w = 0; w < a.nwin && a.nwin == b.nwin; w++)
		if (a.wstate[w] != b.wstate[w])
			snap_differs("a window's state differs", w);
	for (int v = 0; v < a.nsvc && a.nsvc == b.nsvc; v++)
		if (a.seq[v] != b.seq[v])
			snap_differs("a service's last number differs", v);
	free(a.t);
	free(b.t);
}

/* The id an answer to this line must carry: the request's, when it is a JSON object. A NUL
 * byte is not JSON (RFC 8259; jansson skips it) and jhd refuses the line before reading it. */
static json_t *
request_id(const char *line, size_t len)
{
	json_t *m = memchr(line, '\0', len) ? NULL : json_loadb(line, len,
	    JSON_REJECT_DUPLICATES, NULL), *id = NULL;

	if (m && json_is_object(m) && (id = json_object_get(m, "id")) && !json_is_null(id))
		json_incref(id);
	else
		id = NULL;
	json_decref(m);
	return id;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *line, *end;
	int k = 1;

	restore();
	server_up();
	if (!(buf = malloc(size + 1)))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (line = buf; line < buf + size; line = end + 1) {
		size_t len;
		struct conn *c;

		if (!(end = memchr(line, '\n', (size_t)(buf + size - line))))
			end = buf + size;
		len = (size_t)(end - line);
		if (len > 0 && line[0] >= 1 && line[0] <= 4) {
			k = line[0] - 1;
			line++;
			len--;
		} else if (len > 0 && line[0] == 5) {
			tick(len > 1 ? (unsigned char)line[1] : 1);
			continue;
		}
		if (len == 0) {
			turn_end();
			continue;
		}
		if (len > NET_MAX_LINE)
			len = NET_MAX_LINE;	/* net.c never hands over a longer line */
		if (npending == MAX_PENDING)
			turn_end();
		c = conn_get(k);
		pending[npending].conn = k;
		pending[npending].id = request_id(line, len);
		if (fuzz_conn_line(c, line, len) < 0) {
			json_decref(pending[npending].id);	/* not read: owed nothing */
			continue;
		}
		npending++;
		if (net_conn_held(c))
			die("an answer deferred with no worker to give it");
		if (fuzz_conn_yielded(c))
			turn_end();
	}
	turn_end();
	check_durable();
	free(buf);
	server_down();
	return 0;
}
