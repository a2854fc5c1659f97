/* book.c — citizens book at the district in the browser (/book...), and the WeChat account
 * and the provincial app through a JSON API (/api/v1/OP), both over one connection to
 * jhdistrict (docs/DISTRICT.md's protocol; docs/WEB.md, "Booking").
 *
 * The pages are plain forms (no script needed): a service → the centres offering it, nearest
 * first from a street of --streets (or lat/lon) with free places per day → a day's slots → ID
 * number, name, mobile → the booking code. "My bookings" and cancel take the ID number by POST
 * only (never in a URL). Every POST form carries a token equal to the jhb cookie
 * (SameSite=Strict, HttpOnly): another site can neither read it nor send the cookie, and a
 * POST whose Origin is another site's is refused before that.
 *
 * Neither waits in jhweb's loop: the request is suspended while its op is at jhdistrict, on
 * the links of dpool.c, many at once (the rush of a release). A page is rendered again from
 * the start each time an op it asks for has been answered, until it has them all (a page
 * needs one or two). The statistics page's district section and CSV are rendered the same way
 * (book_page). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "book.h"
#include "dpool.h"
#include "http.h"
#include "jhclient.h"
#include "log.h"
#include "render.h"
#include "session.h"

#define MAX_STREETS	512
#define MAX_KEYS	16
#define FORM_COOKIE	"jhb"
#define FIELD_MAX	128

struct street {
	double lat, lon;
	char name[96];
};

struct chkey {
	char channel[16];
	char key[128];
};

static struct {
	struct jhc *c;
	struct street streets[MAX_STREETS];
	int nstreets;
	struct chkey keys[MAX_KEYS];
	int nkeys;
	char front[64], front_token[256];	/* jhweb's sign-in at jhdistrict */
	int nlinks;	/* --district-links (0: DPOOL_DEFAULT) */
	int maxq;	/* --district-queue (0: DPOOL_MAX_QUEUE) */
	int on;
} B;

/* A request whose op is at jhdistrict (the request is suspended meanwhile): an API request,
 * or a page, which is rendered again from the start each time an op it asks for has been
 * answered (its answers kept by op and fields), until it has all it needs. */
struct book_wait {
	struct MHD_Connection *conn;
	struct dcall *dc;	/* until answered */
	json_t *answer;		/* the API: jhdistrict's, or NULL when none came */
	int done;
	char op[16], channel[16];
	json_t *answers;	/* a page: the answers so far, by key (null: none came) */
	char *key;		/* ... and the key of the op in flight */
};

/* The page being rendered, and whether it asked for an op not answered yet (then what it
 * renders is dropped: it is rendered again once the answer is in). */
static struct book_wait *page;
static int page_held;

/* ---- configuration ---- */

/* Each line of the file given with option opt that says something (not blank, not a #
 * comment), read size bytes at most, its end of line cut, to fn(line, its number, path),
 * which returns 0 to go on, 1 to stop there, or -1 (having said why) to fail. 0, 1 when fn
 * stopped, -1 when it failed, -2 when the file cannot be opened (said); the line read last is
 * wiped (the files hold keys and tokens). */
static int
each_line(const char *opt, const char *path, int size,
    int (*fn)(char *line, int n, const char *path))
{
	FILE *f = fopen(path, "r");
	char line[512];
	int n = 0, rc = 0;

	if (!f) {
		fprintf(stderr, "jhweb: %s %s: cannot open\n", opt, path);
		return -2;
	}
	while (rc == 0 && fgets(line, size < (int)sizeof line ? size : (int)sizeof line, f)) {
		n++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[strspn(line, " \t")] && line[strspn(line, " \t")] != '#')
			rc = fn(line, n, path);
	}
	fclose(f);
	explicit_bzero(line, sizeof line);
	return rc;
}

static int
street_line(char *line, int n, const char *path)
{
	struct street *s;
	int off = 0;

	if (B.nstreets == MAX_STREETS) {
		fprintf(stderr, "jhweb: %s: more than %d streets\n", path, MAX_STREETS);
		return -1;
	}
	s = &B.streets[B.nstreets];
	if (sscanf(line, "%lf %lf %n", &s->lat, &s->lon, &off) != 2 || !off ||
	    !line[off] || s->lat < -90 || s->lat > 90 || s->lon < -180 || s->lon > 180 ||
	    strlen(line + off) >= sizeof s->name) {
		fprintf(stderr, "jhweb: %s:%d: not \"LAT LON NAME\"\n", path, n);
		return -1;
	}
	snprintf(s->name, sizeof s->name, "%s", line + off);
	B.nstreets++;
	return 0;
}

static int
key_line(char *line, int n, const char *path)
{
	char ch[64], key[256];

	if (sscanf(line, "%63s %255s", ch, key) != 2 || strlen(ch) >= 16 ||
	    strlen(key) < 16 || strlen(key) >= 128 || B.nkeys == MAX_KEYS) {
		fprintf(stderr, "jhweb: %s:%d: not \"CHANNEL KEY\" (a key of 16 to 127 "
		    "characters; %d keys at most)\n", path, n, MAX_KEYS);
		return -1;
	}
	/* lengths checked above */
	memcpy(B.keys[B.nkeys].channel, ch, strlen(ch) + 1);
	memcpy(B.keys[B.nkeys].key, key, strlen(key) + 1);
	B.nkeys++;
	return 0;
}

/* The front end's line of jhdistrict's --frontend-tokens file: "NAME TOKEN" (the first line
 * that says something). */
static int
front_line(char *line, int n, const char *path)
{
	return sscanf(line, "%63s %255s", B.front, B.front_token) == 2 ? 1 : -1;
}

static int
read_front(const char *path)
{
	int rc = each_line("--district-token", path, 512, front_line);

	if (rc == 1)
		return 0;
	if (rc != -2)
		fprintf(stderr, "jhweb: --district-token %s: not a line \"NAME TOKEN\" (the "
		    "front end's line of jhdistrict's --frontend-tokens)\n", path);
	return -1;
}

int
book_init(const char *district, const char *streets, const char *keys, const char *tz,
    const char *ca, const char *front)
{
	struct jhc_cred cred = { 0 };

	if (!district)
		return 0;
	if ((streets && each_line("--streets", streets, 256, street_line) < 0) ||
	    (keys && each_line("--channel-keys", keys, 256, key_line) < 0) ||
	    (front && read_front(front) < 0))
		return -1;
	if (front) {
		cred.role = "frontend";
		cred.device = B.front;
		cred.token = B.front_token;
	} else
		log_warn("--district without --district-token: jhdistrict refuses the booking "
		    "pages' and the API's requests (unauthenticated)");
	/* the pages show the district's times (UTC on the wire) in its zone */
	setenv("TZ", tz, 1);
	tzset();
	cred.ca = ca;
	if (dpool_init(district, &cred, B.nlinks ? B.nlinks : DPOOL_DEFAULT, B.maxq) < 0)
		return -1;
	B.on = 1;
	return 0;
}

void
book_links(int n, int maxq)
{
	B.nlinks = n;
	B.maxq = maxq;
}

void
book_stop(void)
{
	dpool_free();
}

int
book_enabled(void)
{
	return B.on;
}

void
book_free(void)
{
	dpool_free();
	explicit_bzero(&B, sizeof B);
}

/* ---- jhdistrict ---- */

static void
page_done(void *arg, json_t *answer)
{
	struct book_wait *w = arg;

	json_object_set_new(w->answers, w->key, answer ? answer : json_null());
	free(w->key);
	w->key = NULL;
	w->dc = NULL;
	MHD_resume_connection(w->conn);
}

/* A page's op: its answer when it has come (new reference; NULL: none came); else it is sent
 * (the first such op of the rendering only), the page held, and NULL returned. */
static json_t *
page_op(json_t *req)
{
	char *key = json_dumps(req, JSON_COMPACT | JSON_SORT_KEYS);
	json_t *a = key ? json_object_get(page->answers, key) : NULL;

	if (a || !key || page_held) {
		free(key);
		json_decref(req);
		return json_is_object(a) ? json_incref(a) : NULL;
	}
	page->key = key;
	if ((page->dc = dpool_call(req, page_done, page)) == NULL) {
		json_object_set_new(page->answers, key, json_null());	/* queue full */
		free(key);
		page->key = NULL;
		return NULL;
	}
	page_held = 1;
	return NULL;
}

/* op with the fields of extra (stolen), asked by the page being rendered: jhdistrict's answer,
 * ok or not (new reference), or NULL when it has not come yet (the page is held) or cannot. */
static json_t *
dist(const char *op, json_t *extra)
{
	json_t *req = extra ? extra : json_object();

	if (!req)
		return NULL;
	if (!page) {	/* every op is a page's (book_page): never */
		json_decref(req);
		return NULL;
	}
	json_object_set_new(req, "op", json_string(op));
	return page_op(req);
}

json_t *
book_district_stats(const char *from, const char *to, const char *by)
{
	json_t *r, *rows = NULL;

	if (!B.on)
		return NULL;
	r = dist("stats", json_pack("{s:s, s:s, s:s}", "from", from, "to", to, "by", by));
	if (json_is_true(json_object_get(r, "ok")))
		rows = json_incref(json_object_get(r, "rows"));
	json_decref(r);
	return rows;
}

static int
answer_ok(const json_t *r)
{
	return json_is_true(json_object_get(r, "ok"));
}

/* ---- refusals ---- */

struct reason {
	const char *code;
	unsigned status;
	const char *zh, *en;
};

static const struct reason reasons[] = {
	{ "quota_exhausted", 409, "该时段已约满", "This slot is fully booked" },
	{ "limit_reached", 409, "已达预约上限", "You have reached the booking limit" },
	{ "blacklisted", 403, "因多次爽约，暂停预约至", "Banned for missed appointments until" },
	{ "not_open", 409, "尚未开放预约，开放时间", "Not yet open for booking; opens at" },
	{ "not_found", 404, "未找到该预约（预约码与身份证号不符）",
	    "No such booking for this ID number" },
	{ "conflict", 409, "该预约已不能取消", "This booking can no longer be cancelled" },
	{ "unavailable", 503, "预约系统暂时不可用，请稍后再试",
	    "The booking service is unavailable; please try again" },
	{ "bad_request", 400, "请求有误", "Bad request" },
	{ NULL, 500, "预约系统出错", "The booking service failed" },
};

static const struct reason id_reason = { "invalid_id", 400, "身份证号码无效",
	"Invalid ID number" };

/* The reason of a refusal (err: the answer's error object; NULL: unreachable). */
static const struct reason *
reason_of(const json_t *err)
{
	const char *code = err ? json_string_value(json_object_get(err, "code")) : "unavailable";
	const char *msg = json_string_value(json_object_get(err, "message"));
	size_t i;

	if (code && strcmp(code, "bad_request") == 0 && msg && strstr(msg, "ID number"))
		return &id_reason;
	for (i = 0; reasons[i].code; i++)
		if (code && strcmp(code, reasons[i].code) == 0)
			return &reasons[i];
	return &reasons[i];
}

/* ---- times ---- */

/* "2026-12-07T00:00:00+00:00" (any offset) as seconds since the epoch; -1 when not one. */
static long long
iso_epoch(const char *s)
{
	struct tm tm = { 0 };
	int off = 0, oh = 0, om = 0, n = 0;
	char sign = 0;

	if (!s || sscanf(s, "%d-%d-%dT%d:%d:%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6)
		return -1;
	s += n;
	if (*s == '.')
		s += strspn(s + 1, "0123456789") + 1;
	if ((*s == '+' || *s == '-') && sscanf(s, "%c%d:%d", &sign, &oh, &om) == 3)
		off = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm) - off;
}

/* A time of the district in the pages' zone: fmt for strftime. */
static void
add_time(struct sb *b, const char *iso, const char *fmt)
{
	long long t = iso_epoch(iso);
	time_t tt = (time_t)t;
	struct tm tm;
	char out[64];

	if (t < 0 || !localtime_r(&tt, &tm) || !strftime(out, sizeof out, fmt, &tm)) {
		sb_esc(b, iso ? iso : "");
		return;
	}
	sb_add(b, out);
}

/* ---- pages ---- */

static const char *
arg(struct MHD_Connection *conn, const char *name)
{
	const char *v = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);

	return v && strlen(v) < FIELD_MAX ? v : NULL;
}

/* The form token: the jhb cookie when it is one, else a new one (*set: its Set-Cookie). */
static int
form_token(struct MHD_Connection *conn, char tok[SESSION_ID_LEN + 1], char *set, size_t cap)
{
	const char *c = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, FORM_COOKIE);

	set[0] = '\0';
	if (c && strlen(c) == SESSION_ID_LEN && strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
	    "nopqrstuvwxyz0123456789-_") == SESSION_ID_LEN) {
		memcpy(tok, c, SESSION_ID_LEN + 1);
		return 0;
	}
	if (random_token(tok) < 0)
		return -1;
	snprintf(set, cap, FORM_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict", tok);
	return 0;
}

static void
head(struct sb *b, const char *zh, const char *en)
{
	render_head(b, zh, "book");
	sb_add(b, "<main><nav><a href=\"/book\">预约 Book</a> · <a href=\"/book/mine\">我的预约 My "
	    "bookings</a> · <a href=\"/book/cancel\">取消预约 Cancel</a></nav><h1>");
	sb_esc(b, zh);
	sb_add(b, " <small>");
	sb_esc(b, en);
	sb_add(b, "</small></h1>");
}

static enum MHD_Result
page_end(struct MHD_Connection *conn, unsigned status, struct sb *b, const char *cookie)
{
	enum MHD_Result rc;

	sb_add(b, "</main></body></html>\n");
	if (page_held || b->oom) {
		sb_free(b);
		return page_held ? MHD_YES : MHD_NO;	/* held: rendered again later */
	}
	rc = respond_cookie(conn, status, "text/html; charset=utf-8", sb_str(b), b->n, 1,
	    cookie && *cookie ? cookie : NULL);
	sb_free(b);
	return rc;
}

/* A refusal: its reason, Chinese and English, and jhdistrict's own words. */
static enum MHD_Result
refusal(struct MHD_Connection *conn, const json_t *answer)
{
	const json_t *err = answer ? json_object_get(answer, "error") : NULL;
	const struct reason *r = reason_of(err);
	const char *until = json_string_value(json_object_get(err, "until"));
	const char *opens = json_string_value(json_object_get(err, "opens_at"));
	const char *msg = json_string_value(json_object_get(err, "message"));
	const char *when = until ? until : opens, *fmt = until ? " %Y-%m-%d" : " %Y-%m-%d %H:%M";
	struct sb b = { 0 };

	head(&b, "未能办理", "Refused");
	sb_printf(&b, "<p class=\"error\" id=\"reason\" data-code=\"%s\">%s", r->code, r->zh);
	if (when)
		add_time(&b, when, fmt);
	sb_printf(&b, " / %s", r->en);
	if (when)
		add_time(&b, when, fmt);
	sb_add(&b, "</p>");
	if (msg)
		sb_escf(&b, "<p class=\"hint\">%s</p>", msg);
	sb_add(&b, "<p><a href=\"javascript:history.back()\">返回 Back</a> · <a href=\"/book\">"
	    "重新选择 Start again</a></p>");
	return page_end(conn, r->status, &b, NULL);
}

/* dist's answer when it is ok (new reference); else NULL, the refusal sent (*rc). */
static json_t *
dist_or_refuse(struct MHD_Connection *conn, const char *op, json_t *extra,
    enum MHD_Result *rc)
{
	json_t *r = dist(op, extra);

	if (r && answer_ok(r))
		return r;
	*rc = refusal(conn, r);
	json_decref(r);
	return NULL;
}

static enum MHD_Result
bad_request(struct MHD_Connection *conn, const char *msg)
{
	json_t *e = json_pack("{s:{s:s,s:s}}", "error", "code", "bad_request", "message", msg);
	enum MHD_Result rc = refusal(conn, e);

	json_decref(e);
	return rc;
}

/* The centres answer (new reference), or NULL when jhdistrict did not give it. */
static json_t *
centres(void)
{
	json_t *r = dist("centres", NULL);

	if (r && !answer_ok(r)) {
		json_decref(r);
		return NULL;
	}
	return r;
}

/* The name of a service or centre code from the centres answer ("" when unknown). */
static const char *
name_of(const json_t *cs, const char *centre, const char *service)
{
	const json_t *c, *s;
	size_t i, j;

	json_array_foreach(json_object_get(cs, "centres"), i, c) {
		if (centre && strcmp(render_str(c, "code"), centre) == 0 && !service)
			return render_str(c, "name");
		json_array_foreach(json_object_get(c, "services"), j, s)
			if (service && strcmp(render_str(s, "code"), service) == 0 &&
			    (!centre || strcmp(render_str(c, "code"), centre) == 0))
				return render_str(s, "name");
	}
	return "";
}

static void
hidden(struct sb *b, const char *name, const char *value)
{
	sb_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", name);
	sb_esc(b, value);
	sb_add(b, "\">");
}

/* GET /book: choose a service and where you are. */
static enum MHD_Result
page_services(struct MHD_Connection *conn)
{
	json_t *cs = centres(), *c, *s, *seen;
	struct sb b = { 0 };
	size_t i, j;

	if (!cs)
		return refusal(conn, NULL);
	seen = json_object();
	head(&b, "网上预约", "Book an appointment");
	sb_add(&b, "<form method=\"get\" action=\"/book/centres\"><fieldset><legend>1. 选择业务 "
	    "Choose a service</legend>");
	json_array_foreach(json_object_get(cs, "centres"), i, c)
		json_array_foreach(json_object_get(c, "services"), j, s) {
			const char *code = render_str(s, "code");

			if (json_object_get(seen, code))
				continue;
			json_object_set_new(seen, code, json_true());
			sb_escf(&b, "<label class=\"choice\"><input type=\"radio\" name=\"service\" "
			    "required value=\"%s\"> %s</label>", code, render_str(s, "name"));
		}
	sb_add(&b, "</fieldset><fieldset><legend>2. 您在哪里 Where are you</legend>"
	    "<label>街道 Street <select name=\"street\"><option value=\"\">不限 Anywhere</option>");
	for (i = 0; i < (size_t)B.nstreets; i++) {
		sb_printf(&b, "<option value=\"%zu\">", i);
		sb_esc(&b, B.streets[i].name);
		sb_add(&b, "</option>");
	}
	sb_add(&b, "</select></label><button type=\"button\" id=\"locate\" hidden>使用我的位置 Use "
	    "my location</button><span id=\"located\"></span><input type=\"hidden\" name=\"lat\" "
	    "id=\"lat\"><input type=\"hidden\" name=\"lon\" id=\"lon\"></fieldset><button "
	    "type=\"submit\">查找中心 Find centres</button></form><script src=\"/static/book.js\">"
	    "</script>");
	json_decref(seen);
	json_decref(cs);
	return page_end(conn, MHD_HTTP_OK, &b, NULL);
}

static void
slot_link(struct sb *b, const char *path, const char *centre, const char *service,
    const char *key, const char *value)
{
	/* codes are [A-Za-z0-9_-]; dates and times are ISO: only '+' needs escaping */
	sb_printf(b, "<a href=\"%s?centre=", path);
	sb_esc(b, centre);
	sb_add(b, "&amp;service=");
	sb_esc(b, service);
	sb_printf(b, "&amp;%s=", key);
	for (const char *p = value; *p; p++)
		if (*p == '+')
			sb_add(b, "%2B");
		else
			sb_addn(b, p, 1);
	sb_add(b, "\">");
}

/* GET /book/centres?service=S&street=N|lat=&lon=: nearest first, free places per day. */
static enum MHD_Result
page_centres(struct MHD_Connection *conn)
{
	const char *service = arg(conn, "service"), *street = arg(conn, "street");
	const char *lat = arg(conn, "lat"), *lon = arg(conn, "lon");
	json_t *req, *r, *c, *d;
	struct sb b = { 0 };
	enum MHD_Result rc;
	size_t i, j;
	char *end;

	if (!service || !*service)
		return bad_request(conn, "choose a service");
	req = json_pack("{s:s}", "service", service);
	if (street && *street) {
		long k = strtol(street, &end, 10);

		if (!*end && k >= 0 && k < B.nstreets) {
			json_object_set_new(req, "lat", json_real(B.streets[k].lat));
			json_object_set_new(req, "lon", json_real(B.streets[k].lon));
		}
	} else if (lat && lon && *lat && *lon) {
		double la = strtod(lat, &end), lo;

		if (!*end && (lo = strtod(lon, &end), !*end)) {
			json_object_set_new(req, "lat", json_real(la));
			json_object_set_new(req, "lon", json_real(lo));
		}
	}
	if ((r = dist_or_refuse(conn, "availability", req, &rc)) == NULL)
		return rc;
	head(&b, "选择中心和日期", "Choose a centre and a day");
	sb_add(&b, "<p class=\"hint\">由近及远，每天剩余名额 / Nearest first, free places per "
	    "day</p><ol class=\"centres\">");
	json_array_foreach(json_object_get(r, "centres"), i, c) {
		const char *code = render_str(c, "code");
		json_t *km = json_object_get(c, "distance_km");

		sb_escf(&b, "<li class=\"centre\" data-centre=\"%s\"><h2>%s</h2><p>%s", code,
		    render_str(c, "name"), render_str(c, "address"));
		if (json_is_number(km))
			sb_printf(&b, " · <span class=\"km\">%.1f km</span>", json_number_value(km));
		sb_printf(&b, " · 共 <b class=\"free\">%lld</b> 个名额 free</p><table><tr><th>日期 "
		    "Day</th><th>剩余 Free</th></tr>",
		    (long long)json_integer_value(json_object_get(c, "free")));
		json_array_foreach(json_object_get(c, "days"), j, d) {
			long long free = json_integer_value(json_object_get(d, "free"));
			const char *date = render_str(d, "date");

			const char *opens = json_string_value(json_object_get(d, "opens_at"));

			sb_add(&b, "<tr data-date=\"");
			sb_esc(&b, date);
			sb_printf(&b, "\" data-free=\"%lld\" data-open=\"%d\"><td>", free, !opens);
			if (opens) {
				sb_esc(&b, date);
				add_time(&b, opens, " · %H:%M 开放 opens");
			} else if (free > 0) {
				slot_link(&b, "/book/slots", code, service, "date", date);
				sb_esc(&b, date);
				sb_add(&b, "</a>");
			} else {
				sb_esc(&b, date);
			}
			sb_printf(&b, "</td><td>%lld</td></tr>", free);
		}
		sb_add(&b, "</table></li>");
	}
	sb_add(&b, "</ol>");
	if (json_array_size(json_object_get(r, "centres")) == 0)
		sb_add(&b, "<p>暂无中心提供该业务 / No centre offers this service</p>");
	json_decref(r);
	return page_end(conn, MHD_HTTP_OK, &b, NULL);
}

/* GET /book/slots?centre=C&service=S&date=D: the day's slots with free places. */
static enum MHD_Result
page_slots(struct MHD_Connection *conn)
{
	const char *centre = arg(conn, "centre"), *service = arg(conn, "service");
	const char *date = arg(conn, "date");
	json_t *r, *s;
	struct sb b = { 0 };
	enum MHD_Result rc;
	size_t i;

	if ((r = dist_or_refuse(conn, "slots", json_pack("{s:s?, s:s?, s:s?}", "centre",
	    centre, "service", service, "date", date), &rc)) == NULL)
		return rc;
	head(&b, "选择时段", "Choose a time");
	sb_add(&b, "<ul class=\"slots\">");
	json_array_foreach(json_object_get(r, "slots"), i, s) {
		long long free = json_integer_value(json_object_get(s, "free"));
		const char *start = render_str(s, "start");

		sb_add(&b, "<li class=\"slot\" data-start=\"");
		sb_esc(&b, start);
		const char *opens = json_string_value(json_object_get(s, "opens_at"));
		int link = free > 0 && !opens;

		sb_printf(&b, "\" data-free=\"%lld\" data-open=\"%d\">", free, !opens);
		if (link)
			slot_link(&b, "/book/form", centre, service, "start", start);
		add_time(&b, start, "%m-%d %H:%M");
		sb_add(&b, "–");
		add_time(&b, render_str(s, "end"), "%H:%M");
		sb_printf(&b, "%s · 剩余 %lld free", link ? "</a>" : "", free);
		if (opens)
			add_time(&b, opens, " · %m-%d %H:%M 开放 opens");
		sb_add(&b, "</li>");
	}
	sb_add(&b, "</ul>");
	json_decref(r);
	return page_end(conn, MHD_HTTP_OK, &b, NULL);
}

/* GET /book/form?centre=C&service=S&start=T: who books. */
static enum MHD_Result
page_form(struct MHD_Connection *conn)
{
	const char *centre = arg(conn, "centre"), *service = arg(conn, "service");
	const char *start = arg(conn, "start");
	char tok[SESSION_ID_LEN + 1], req[SESSION_ID_LEN + 1], cookie[128];
	json_t *cs;
	struct sb b = { 0 };

	if (!centre || !service || !start || form_token(conn, tok, cookie, sizeof cookie) < 0 ||
	    random_token(req) < 0)
		return bad_request(conn, "choose a slot first");
	cs = centres();
	head(&b, "填写预约人", "Who is booking");
	sb_escf(&b, "<p class=\"what\">%s · %s · ", name_of(cs, centre, NULL),
	    name_of(cs, centre, service));
	add_time(&b, start, "%Y-%m-%d %H:%M");
	sb_add(&b, "</p><form method=\"post\" action=\"/book/confirm\">");
	hidden(&b, "csrf", tok);
	hidden(&b, "request", req);
	hidden(&b, "centre", centre);
	hidden(&b, "service", service);
	hidden(&b, "start", start);
	sb_add(&b, "<label>身份证号 ID number <input name=\"id_number\" required maxlength=\"18\" "
	    "autocomplete=\"off\" inputmode=\"text\"></label><label>姓名 Name <input name=\"name\" "
	    "required maxlength=\"32\" autocomplete=\"name\"></label><label>手机号 Mobile <input "
	    "name=\"mobile\" required maxlength=\"20\" inputmode=\"tel\" autocomplete=\"tel\">"
	    "</label><button type=\"submit\">确认预约 Book</button></form>");
	json_decref(cs);
	return page_end(conn, MHD_HTTP_OK, &b, cookie);
}

/* A form asking for the ID number (and a code): my bookings, cancel. */
static enum MHD_Result
page_ask(struct MHD_Connection *conn, int with_code)
{
	char tok[SESSION_ID_LEN + 1], cookie[128];
	struct sb b = { 0 };

	if (form_token(conn, tok, cookie, sizeof cookie) < 0)
		return refusal(conn, NULL);
	if (with_code)
		head(&b, "取消预约", "Cancel a booking");
	else
		head(&b, "我的预约", "My bookings");
	sb_printf(&b, "<form method=\"post\" action=\"%s\">", with_code ? "/book/cancel" :
	    "/book/mine");
	hidden(&b, "csrf", tok);
	if (with_code)
		sb_add(&b, "<label>预约码 Booking code <input name=\"code\" required maxlength=\"32\" "
		    "autocomplete=\"off\"></label>");
	sb_printf(&b, "<label>身份证号 ID number <input name=\"id_number\" required maxlength="
	    "\"18\" autocomplete=\"off\"></label><button type=\"submit\">%s</button></form>",
	    with_code ? "取消预约 Cancel" : "查询 Show");
	return page_end(conn, MHD_HTTP_OK, &b, cookie);
}

static const char *
state_text(const char *s)
{
	static const char *const t[][2] = {
		{ "booked", "已预约 Booked" }, { "cancelled", "已取消 Cancelled" },
		{ "checked_in", "已签到 Checked in" }, { "no_show", "未到 Missed" },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(s, t[i][0]) == 0)
			return t[i][1];
	return s;
}

static void
booking_row(struct sb *b, const json_t *bk, const json_t *cs)
{
	const char *code = render_str(bk, "code"), *state = render_str(bk, "state");
	const char *centre = render_str(bk, "centre");

	sb_escf(b, "<li class=\"booking\" data-code=\"%s\" data-state=\"%s\"><b class=\"code\">"
	    "%s</b> %s · %s · ", code, state, code, name_of(cs, centre, NULL),
	    name_of(cs, centre, render_str(bk, "service")));
	add_time(b, render_str(bk, "start"), "%Y-%m-%d %H:%M");
	sb_add(b, " · ");
	sb_add(b, state_text(state));
}

static enum MHD_Result
page_booked(struct MHD_Connection *conn, const json_t *r, const char *zh, const char *en)
{
	json_t *cs = centres();
	const json_t *bk = json_object_get(r, "booking");
	struct sb b = { 0 };

	head(&b, zh, en);
	sb_add(&b, "<ul class=\"bookings\">");
	booking_row(&b, bk, cs);
	sb_add(&b, "</li></ul>");
	if (strcmp(render_str(bk, "state"), "booked") == 0)
		sb_add(&b, "<p class=\"hint\">请凭预约码和身份证到中心自助机签到 / Show the booking "
		    "code and your ID card at the centre's kiosk</p>");
	json_decref(cs);
	return page_end(conn, MHD_HTTP_OK, &b, NULL);
}

/* POST /book/mine: the ID's bookings, each booked one with a cancel button. */
static enum MHD_Result
page_mine(struct MHD_Connection *conn, const char *id, const char *tok)
{
	json_t *r, *cs, *bk;
	struct sb b = { 0 };
	enum MHD_Result rc;
	size_t i;

	if ((r = dist_or_refuse(conn, "my_bookings", json_pack("{s:s}", "id_number", id),
	    &rc)) == NULL)
		return rc;
	cs = centres();
	head(&b, "我的预约", "My bookings");
	sb_add(&b, "<ul class=\"bookings\">");
	json_array_foreach(json_object_get(r, "bookings"), i, bk) {
		booking_row(&b, bk, cs);
		if (strcmp(render_str(bk, "state"), "booked") == 0) {
			sb_add(&b, "<form method=\"post\" action=\"/book/cancel\">");
			hidden(&b, "csrf", tok);
			hidden(&b, "code", render_str(bk, "code"));
			hidden(&b, "id_number", id);
			sb_add(&b, "<button type=\"submit\">取消 Cancel</button></form>");
		}
		sb_add(&b, "</li>");
	}
	sb_add(&b, "</ul>");
	if (json_array_size(json_object_get(r, "bookings")) == 0)
		sb_add(&b, "<p>没有预约 / No bookings</p>");
	json_decref(cs);
	json_decref(r);
	return page_end(conn, MHD_HTTP_OK, &b, NULL);
}

static enum MHD_Result
pages_get(struct MHD_Connection *conn, const char *url)
{
	static const char msg[] = "the API takes POST with a JSON body (docs/WEB.md)\n";

	if (strncmp(url, "/api/", 5) == 0)
		return respond(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", msg,
		    sizeof msg - 1, 1);
	if (strcmp(url, "/book") == 0)
		return page_services(conn);
	if (strcmp(url, "/book/centres") == 0)
		return page_centres(conn);
	if (strcmp(url, "/book/slots") == 0)
		return page_slots(conn);
	if (strcmp(url, "/book/form") == 0)
		return page_form(conn);
	if (strcmp(url, "/book/mine") == 0)
		return page_ask(conn, 0);
	if (strcmp(url, "/book/cancel") == 0)
		return page_ask(conn, 1);
	return respond(conn, MHD_HTTP_NOT_FOUND, "text/plain", "not found\n", 10, 1);
}

/* A field of the form into out (cap FIELD_MAX): 1, or 0 when missing, empty or too long. */
static int
field(const char *body, size_t len, const char *name, char out[FIELD_MAX])
{
	return form_value(body, len, name, out, FIELD_MAX) == 1 && *out;
}

static enum MHD_Result
pages_post(struct MHD_Connection *conn, const char *url, const char *body, size_t len)
{
	static const char expired[] = "表单已过期，请返回重试 / The form has expired: go back "
	    "and try again\n";
	const char *cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, FORM_COOKIE);
	char tok[FIELD_MAX], id[FIELD_MAX], code[FIELD_MAX], f[5][FIELD_MAX];
	json_t *r;
	enum MHD_Result rc;

	/* the form's token must be the cookie's: another site's page can send neither */
	if (!field(body, len, "csrf", tok) || !cookie || strcmp(cookie, tok) != 0)
		return respond(conn, MHD_HTTP_FORBIDDEN, "text/plain; charset=utf-8", expired,
		    sizeof expired - 1, 1);
	if (!field(body, len, "id_number", id))
		return bad_request(conn, "the ID number is missing");
	if (strcmp(url, "/book/mine") == 0)
		return page_mine(conn, id, tok);
	if (strcmp(url, "/book/cancel") == 0) {
		if (!field(body, len, "code", code))
			code[0] = '\0';
		r = dist("cancel", json_pack("{s:s, s:s}", "code", code, "id_number", id));
		rc = r && answer_ok(r) ? page_booked(conn, r, "已取消", "Cancelled") :
		    refusal(conn, r);
		json_decref(r);
		return rc;
	}
	if (strcmp(url, "/book/confirm") != 0)
		return respond(conn, MHD_HTTP_NOT_FOUND, "text/plain", "not found\n", 10, 1);
	if (!field(body, len, "centre", f[0]) || !field(body, len, "service", f[1]) ||
	    !field(body, len, "start", f[2]))
		f[0][0] = f[1][0] = f[2][0] = '\0';
	if (!field(body, len, "name", f[3]))
		f[3][0] = '\0';
	if (!field(body, len, "mobile", f[4]))
		f[4][0] = '\0';
	if (!field(body, len, "request", code))
		code[0] = '\0';
	r = dist("book", json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "centre", f[0],
	    "service", f[1], "start", f[2], "id_number", id, "name", f[3], "mobile", f[4],
	    "channel", "web", "request", code));
	rc = r && answer_ok(r) ? page_booked(conn, r, "预约成功", "Booked") : refusal(conn, r);
	if (r && answer_ok(r) && !page_held)
		log_info("web booking %s at %s", render_str(json_object_get(r, "booking"), "code"),
		    f[0]);
	json_decref(r);
	return rc;
}

int
book_held(void)
{
	return page_held;
}

/* A booking page to render: its url, and its body when posted (else NULL). */
struct page_req {
	const char *url, *body;
	size_t len;
};

static enum MHD_Result
page_render(struct MHD_Connection *conn, const void *arg)
{
	const struct page_req *pr = arg;

	return pr->body ? pages_post(conn, pr->url, pr->body, pr->len) : pages_get(conn, pr->url);
}

enum MHD_Result
book_page(struct MHD_Connection *conn, void **state, book_render_fn render, const void *arg)
{
	struct book_wait *w = *state;
	enum MHD_Result rc;

	if (w && w->dc)
		return MHD_YES;		/* resumed early: not yet */
	if (!w) {
		if ((w = calloc(1, sizeof *w)) == NULL || (w->answers = json_object()) == NULL) {
			free(w);
			return MHD_NO;
		}
		w->conn = conn;
		*state = w;
	}
	page = w;
	page_held = 0;
	rc = render(conn, arg);
	page = NULL;
	if (page_held) {
		page_held = 0;
		MHD_suspend_connection(conn);
		return MHD_YES;
	}
	return rc;
}

enum MHD_Result
book_get(struct MHD_Connection *conn, const char *url, void **state)
{
	struct page_req pr = { url, NULL, 0 };

	return book_page(conn, state, page_render, &pr);
}

enum MHD_Result
book_post(struct MHD_Connection *conn, const char *url, const char *body, size_t len,
    void **state)
{
	struct page_req pr = { url, body ? body : "", len };

	return book_page(conn, state, page_render, &pr);
}

/* ---- the JSON API ---- */

static enum MHD_Result
api_answer(struct MHD_Connection *conn, unsigned status, json_t *o)
{
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	enum MHD_Result rc;

	json_decref(o);
	if (!s)
		return MHD_NO;
	rc = respond(conn, status, "application/json", s, strlen(s), 1);
	free(s);
	return rc;
}

static enum MHD_Result
api_error(struct MHD_Connection *conn, unsigned status, const char *code, const char *msg)
{
	return api_answer(conn, status, json_pack("{s:b, s:{s:s, s:s}}", "ok", 0, "error",
	    "code", code, "message", msg));
}

/* The channel of the request's key (Authorization: Bearer KEY), or NULL. */
static const char *
api_channel(struct MHD_Connection *conn)
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	const char *ch = NULL;

	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	/* every key compared in full: the time taken does not say how much of one matched */
	for (int i = 0; i < B.nkeys; i++) {
		size_t n = strlen(B.keys[i].key), m = strlen(h);
		unsigned char d = n != m;

		for (size_t j = 0; j < n; j++)
			d |= (unsigned char)(B.keys[i].key[j] ^ (j < m ? h[j] : 0));
		if (!d)
			ch = B.keys[i].channel;
	}
	return ch;
}

/* The ops a channel may call, and the fields passed on (anything else is dropped). */
static const struct {
	const char *op;
	const char *fields[9];
} api_ops[] = {
	{ "centres", { NULL } },
	{ "availability", { "service", "lat", "lon", "centre", NULL } },
	{ "slots", { "centre", "service", "date", NULL } },
	{ "book", { "centre", "service", "start", "id_number", "name", "mobile", "request",
	    "applicant", NULL } },
	{ "cancel", { "code", "id_number", NULL } },
	{ "my_bookings", { "id_number", NULL } },
};

/* The API's answer to an op: jhdistrict's (r, stolen), or 503 when none came. */
static enum MHD_Result
api_reply(struct MHD_Connection *conn, const char *op, const char *channel, json_t *r)
{
	json_t *err;
	unsigned status = 200;

	if (!r)
		return api_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
		    "the district cannot be reached");
	json_object_del(r, "id");
	if (!answer_ok(r)) {
		err = json_object_get(r, "error");
		status = reason_of(err)->status;
		if (reason_of(err) == &id_reason)
			json_object_set_new(err, "reason", json_string("invalid_id"));
	} else if (strcmp(op, "book") == 0) {
		log_info("%s booking %s", channel, render_str(json_object_get(r, "booking"),
		    "code"));
	}
	return api_answer(conn, status, r);
}

static void
api_done(void *arg, json_t *answer)
{
	struct book_wait *ac = arg;

	ac->answer = answer;
	ac->done = 1;
	ac->dc = NULL;
	MHD_resume_connection(ac->conn);
}

void
book_api_gone(void *state)
{
	struct book_wait *ac = state;

	if (ac->dc)
		dpool_cancel(ac->dc);
	json_decref(ac->answer);
	json_decref(ac->answers);
	free(ac->key);
	free(ac);
}

enum MHD_Result
book_api(struct MHD_Connection *conn, const char *url, const char *body, size_t len,
    void **state)
{
	const char *channel = api_channel(conn), *op = url + strlen("/api/v1/");
	struct book_wait *ac = *state;
	json_t *in, *req;
	json_error_t je;
	enum MHD_Result rc;
	size_t k;

	if (ac) {
		/* resumed: jhdistrict has answered, or could not */
		if (!ac->done)
			return MHD_YES;
		rc = api_reply(conn, ac->op, ac->channel, ac->answer);
		ac->answer = NULL;
		book_api_gone(ac);
		*state = NULL;
		return rc;
	}
	if (!channel)
		return api_error(conn, MHD_HTTP_UNAUTHORIZED, "unauthenticated",
		    "a channel's key is needed: Authorization: Bearer KEY");
	if (strncmp(url, "/api/v1/", 8) != 0)
		return api_error(conn, MHD_HTTP_NOT_FOUND, "unknown_op", "not an API path");
	for (k = 0; k < sizeof api_ops / sizeof api_ops[0]; k++)
		if (strcmp(op, api_ops[k].op) == 0)
			break;
	if (k == sizeof api_ops / sizeof api_ops[0])
		return api_error(conn, MHD_HTTP_NOT_FOUND, "unknown_op", "no such operation");
	in = len ? json_loadb(body, len, 0, &je) : json_object();
	if (!json_is_object(in)) {
		json_decref(in);
		return api_error(conn, MHD_HTTP_BAD_REQUEST, "bad_request",
		    "the body is not a JSON object");
	}
	req = json_object();
	for (const char *const *f = api_ops[k].fields; *f; f++)
		if (json_object_get(in, *f))
			json_object_set(req, *f, json_object_get(in, *f));
	json_decref(in);
	if (strcmp(op, "book") == 0)
		json_object_set_new(req, "channel", json_string(channel));
	json_object_set_new(req, "op", json_string(op));
	if ((ac = calloc(1, sizeof *ac)) == NULL) {
		json_decref(req);
		return MHD_NO;
	}
	ac->conn = conn;
	/* op and channel come from the tables above: short */
	snprintf(ac->op, sizeof ac->op, "%s", api_ops[k].op);
	snprintf(ac->channel, sizeof ac->channel, "%s", channel);
	if ((ac->dc = dpool_call(req, api_done, ac)) == NULL) {
		free(ac);
		return api_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
		    "too many requests are waiting for the district: try again");
	}
	*state = ac;
	MHD_suspend_connection(conn);
	return MHD_YES;
}
