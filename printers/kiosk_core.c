/* kiosk_core.c — the kiosk's work without a screen: the server conversation (services, status,
 * take, checkin, alert) and turning a ticket into printed paper. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jhclient.h"
#include "kiosk_core.h"
#include "log.h"
#include "render_escpos.h"
#include "render_pdf.h"
#include "served.h"

#define CALL_MS 5000

static const char *const alert_kinds[] = { "printer_unreachable", "printer_stopped",
	"printer_media_empty" };
#define NKINDS (sizeof alert_kinds / sizeof alert_kinds[0])

static unsigned
kind_bit(const char *kind)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(alert_kinds[i], kind) == 0)
			return 1u << i;
	return 0;
}

static void
copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

/* A field of jhd's that may be missing (an older jhd): its integer, or dflt. */
static int
int_or(json_t *v, int dflt)
{
	return json_is_integer(v) ? (int)json_integer_value(v) : dflt;
}

int
kiosk_open(struct kiosk *k, const struct kiosk_cfg *cfg)
{
	struct jhc_cred cred;

	memset(k, 0, sizeof *k);
	k->cfg = *cfg;
	memset(&cred, 0, sizeof cred);
	cred.role = "kiosk";
	cred.device = cfg->device;
	cred.token = cfg->token;
	cred.ca = cfg->ca;
	if ((k->c = jhc_new(cfg->server, &cred)) == NULL) {
		copy(k->err, sizeof k->err, "out of memory");
		return -1;
	}
	copy(k->hall, sizeof k->hall, "jiaohao");
	if (jhc_connect(k->c, CALL_MS) < 0) {
		const char *code = jhc_error_code(k->c);

		k->refused = code && (strcmp(code, "unauthenticated") == 0 ||
		    strcmp(code, "forbidden") == 0);
		snprintf(k->err, sizeof k->err, "cannot connect to %s as kiosk %s: %s",
		    cfg->server, cfg->device ? cfg->device : "-", jhc_error(k->c));
		return -1;
	}
	return kiosk_load_services(k);
}

int
kiosk_load_services(struct kiosk *k)
{
	json_t *hall, *ans;

	if ((ans = jhc_op(k->c, "services", NULL, CALL_MS)) == NULL) {
		snprintf(k->err, sizeof k->err, "services: %s", jhc_error(k->c));
		return -1;
	}
	json_decref(k->services);
	k->services = ans;
	hall = json_object_get(k->services, "hall");
	copy(k->hall, sizeof k->hall, json_string_value(json_object_get(hall, "name")));
	if (k->hall[0] == '\0')
		copy(k->hall, sizeof k->hall, "jiaohao");
	return 0;
}

void
kiosk_close(struct kiosk *k)
{
	if (k->c)
		jhc_free(k->c);
	json_decref(k->services);
	json_decref(k->windows);
	k->c = NULL;
	k->services = NULL;
	k->windows = NULL;
}

const char *
kiosk_service_name(struct kiosk *k, const char *code)
{
	json_t *arr = json_object_get(k->services, "services"), *s;
	size_t i;

	json_array_foreach(arr, i, s) {
		const char *c = json_string_value(json_object_get(s, "code"));

		if (c && code && strcmp(c, code) == 0) {
			const char *n = json_string_value(json_object_get(s, "name"));
			return n ? n : code;
		}
	}
	return code ? code : "";
}

static int
has_flag(json_t *flags, const char *a, const char *b)
{
	json_t *f;
	size_t i;

	json_array_foreach(flags, i, f) {
		const char *v = json_string_value(f);

		if (v && (strcmp(v, a) == 0 || strcmp(v, b) == 0))
			return 1;
	}
	return 0;
}

static void learn_windows(struct kiosk *, struct ks_state *, json_t *, int);

int
kiosk_load_model(struct kiosk *k, struct ks_state *st)
{
	json_t *arr, *s, *status, *ss;
	size_t i, j;
	struct ks_svc *v;
	int told = 0;	/* services whose "served" jhd's status gives */
	int said;

	copy(st->hall, sizeof st->hall, k->hall);
	st->ndepts = 0;
	arr = json_object_get(k->services, "departments");
	json_array_foreach(arr, i, s) {
		if (st->ndepts >= KS_MAX_DEPTS)
			break;
		copy(st->depts[st->ndepts].code, sizeof st->depts[0].code,
		    json_string_value(json_object_get(s, "code")));
		copy(st->depts[st->ndepts].name, sizeof st->depts[0].name,
		    json_string_value(json_object_get(s, "name")));
		st->ndepts++;
	}
	st->nsvcs = 0;
	arr = json_object_get(k->services, "services");
	json_array_foreach(arr, i, s) {
		if (st->nsvcs >= KS_MAX_SVCS)
			break;
		v = &st->svcs[st->nsvcs++];
		memset(v, 0, sizeof *v);
		copy(v->code, sizeof v->code, json_string_value(json_object_get(s, "code")));
		copy(v->name, sizeof v->name, json_string_value(json_object_get(s, "name")));
		copy(v->dept, sizeof v->dept, json_string_value(json_object_get(s, "department")));
		v->same_day = has_flag(json_object_get(s, "flags"), "same-day", "same_day");
		v->simple = has_flag(json_object_get(s, "flags"), "simple-approval",
		    "simple_approval");
		v->zero_visit = has_flag(json_object_get(s, "flags"), "zero-visit", "zero_visit");
		v->waiting = -1;
		v->eta_s = v->eta_lo_s = v->eta_hi_s = -1;
		v->served = -1;
	}
	/* A hall without departments: one pseudo-department holding everything. */
	if (st->ndepts == 0) {
		st->ndepts = 1;
		copy(st->depts[0].code, sizeof st->depts[0].code, "");
		copy(st->depts[0].name, sizeof st->depts[0].name, "全部事项 All services");
	}
	if ((status = jhc_op(k->c, "status", NULL, CALL_MS)) == NULL) {
		snprintf(k->err, sizeof k->err, "status: %s", jhc_error(k->c));
		return -1;
	}
	copy(st->hours, sizeof st->hours,
	    json_string_value(json_object_get(json_object_get(status, "hall"), "hours")));
	arr = json_object_get(status, "services");
	json_array_foreach(arr, i, ss) {
		const char *code = json_string_value(json_object_get(ss, "code"));
		json_t *open = json_object_get(ss, "windows");

		for (j = 0; code && j < (size_t)st->nsvcs; j++) {
			if (strcmp(st->svcs[j].code, code) != 0)
				continue;
			if (json_is_integer(json_object_get(ss, "waiting")))
				st->svcs[j].waiting =
				    (int)json_integer_value(json_object_get(ss, "waiting"));
			if (json_is_integer(json_object_get(ss, "eta_s")))
				st->svcs[j].eta_s =
				    (int)json_integer_value(json_object_get(ss, "eta_s"));
			st->svcs[j].eta_lo_s = int_or(json_object_get(ss, "eta_lo_s"), -1);
			st->svcs[j].eta_hi_s = int_or(json_object_get(ss, "eta_hi_s"), -1);
			/* jhd's own word (before the opening time, the windows that will open
			 * then); from a jhd without it, the open windows, and the paused ones
			 * below */
			if ((said = jhc_status_served(ss)) >= 0) {
				st->svcs[j].served = said;
				told++;
			} else if (json_is_array(open))
				st->svcs[j].served = json_array_size(open) > 0;
		}
	}
	learn_windows(k, st, json_object_get(status, "windows"), told == 0);
	json_decref(status);
	return 0;
}

/* What decides whether a window serves a service: "open|A,B,C" (state, duties). */
static json_t *
window_key(json_t *w)
{
	char buf[1024];
	size_t i, off;
	json_t *v;
	int n;

	n = snprintf(buf, sizeof buf, "%s|",
	    json_string_value(json_object_get(w, "state")) ?
	    json_string_value(json_object_get(w, "state")) : "?");
	off = n > 0 && (size_t)n < sizeof buf ? (size_t)n : 0;
	json_array_foreach(json_object_get(w, "services"), i, v) {
		n = snprintf(buf + off, sizeof buf - off, "%s,",
		    json_string_value(v) ? json_string_value(v) : "");
		if (n < 0 || (size_t)n >= sizeof buf - off)
			break;
		off += (size_t)n;
	}
	return json_string(buf);
}

/* Remembers each window's state and duties, to tell which window events change whether a
 * service is served (kiosk_window_event). With guess (a jhd whose status has no per-service
 * "served"): a service is served while an open or paused window (a clerk on a short break)
 * has it among its duties, as that jhd's [policy] unserved counts; status's own per-service
 * "windows" lists the open ones only. */
static void
learn_windows(struct kiosk *k, struct ks_state *st, json_t *wins, int guess)
{
	json_t *w, *v;
	size_t i, j;
	int s;

	if (!json_is_array(wins))
		return;
	json_decref(k->windows);
	k->windows = json_object();
	for (s = 0; guess && s < st->nsvcs; s++)
		st->svcs[s].served = 0;
	json_array_foreach(wins, i, w) {
		const char *name = json_string_value(json_object_get(w, "name"));
		const char *state = json_string_value(json_object_get(w, "state"));

		if (name)
			json_object_set_new(k->windows, name, window_key(w));
		if (!guess || !jhc_window_serves(state))
			continue;
		json_array_foreach(json_object_get(w, "services"), j, v) {
			if (json_is_string(v) && (s = ks_find_svc(st, json_string_value(v))) >= 0)
				st->svcs[s].served = 1;
		}
	}
}

int
kiosk_window_event(struct kiosk *k, json_t *ev)
{
	json_t *w = json_object_get(ev, "window"), *key, *old;
	const char *name = json_string_value(json_object_get(w, "name"));
	int changed;

	if (!json_is_object(w) || name == NULL)
		return 0;
	key = window_key(w);
	old = k->windows ? json_object_get(k->windows, name) : NULL;
	changed = old == NULL || !json_equal(old, key);
	json_decref(key);
	return changed;
}

static json_t *
ticket_from(struct kiosk *k, json_t *ans, const char *what, const char **code_out)
{
	json_t *t;

	if (ans == NULL) {
		*code_out = jhc_error_code(k->c);
		snprintf(k->err, sizeof k->err, "%s: %s", what, jhc_error(k->c));
		return NULL;
	}
	t = json_object_get(ans, "ticket");
	if (!json_is_object(t) || !json_is_string(json_object_get(t, "code"))) {
		*code_out = "bad_reply";
		snprintf(k->err, sizeof k->err, "%s: the answer has no ticket", what);
		json_decref(ans);
		return NULL;
	}
	/* take's "no_window": no window serves the service yet; the ticket carries it on to
	 * the screen and the paper */
	if (json_is_true(json_object_get(ans, "no_window")))
		json_object_set_new(t, "no_window", json_true());
	/* take's "token": the ticket's own page (jhweb /t/TOKEN), for the QR code */
	if (json_is_string(json_object_get(ans, "token")))
		json_object_set(t, "token", json_object_get(ans, "token"));
	json_incref(t);
	json_decref(ans);
	*code_out = NULL;
	return t;
}

json_t *
kiosk_take(struct kiosk *k, const char *service, const char *priority, const char **code_out)
{
	json_t *req = json_pack("{s:s, s:s, s:s}", "service", service, "priority",
	    priority ? priority : "normal", "channel", "walk_in");

	if (priority && strcmp(priority, "green") == 0)
		json_object_set_new(req, "applicant", json_string("enterprise"));
	/* Exactly one take per press: jhc_op sends once and a lost answer is not retried. */
	return ticket_from(k, jhc_op(k->c, "take", req, CALL_MS), "take", code_out);
}

json_t *
kiosk_checkin(struct kiosk *k, const char *id_number, const char **code_out)
{
	json_t *t = ticket_from(k, jhc_op(k->c, "checkin",
	    json_pack("{s:s}", "id_number", id_number), CALL_MS), "checkin", code_out);
	json_t *ans;

	/* check-in's answer has no token: ask for it (without one the QR holds the code) */
	if (t && !json_object_get(t, "token") &&
	    (ans = jhc_op(k->c, "ticket_token", json_pack("{s:O}", "ticket_id",
	    json_object_get(t, "id")), CALL_MS)) != NULL) {
		if (json_is_string(json_object_get(ans, "token")))
			json_object_set(t, "token", json_object_get(ans, "token"));
		json_decref(ans);
	}
	return t;
}

static void
send_alert(struct kiosk *k, const char *kind, const char *message, int clear)
{
	json_t *req, *ans;

	if (k->c == NULL)	/* a test page: no server */
		return;
	req = json_pack("{s:s, s:s, s:b}", "kind", kind, "message", message, "clear", clear);
	ans = jhc_op(k->c, "alert", req, CALL_MS);

	if (ans == NULL)
		log_warn("alert %s%s not delivered: %s", kind, clear ? " (clear)" : "",
		    jhc_error(k->c));
	json_decref(ans);
	if (clear)
		k->raised &= ~kind_bit(kind);
	else if (ans != NULL)
		k->raised |= kind_bit(kind);
}

/* Marks as raised the printer alerts the server holds from this device (an earlier run of
 * the kiosk may have raised them), so that they can be cleared without a blind clear of every
 * kind: each clear is an event that supervisors' screens receive. */
static void
learn_raised(struct kiosk *k)
{
	json_t *st, *arr, *a;
	size_t i;

	if (k->cfg.device == NULL || (st = jhc_op(k->c, "status", NULL, CALL_MS)) == NULL)
		return;
	arr = json_object_get(st, "alerts");
	json_array_foreach(arr, i, a) {
		const char *src = json_string_value(json_object_get(a, "source"));
		const char *kind = json_string_value(json_object_get(a, "kind"));

		if (src && kind && strcmp(src, k->cfg.device) == 0)
			k->raised |= kind_bit(kind);
	}
	json_decref(st);
}

void
kiosk_clear_alerts(struct kiosk *k, int all)
{
	size_t i;

	if (k->c == NULL)
		return;
	if (all || !k->learned)
		learn_raised(k);
	k->learned = 1;
	for (i = 0; i < NKINDS; i++)
		if (k->raised & (1u << i))
			send_alert(k, alert_kinds[i], "printer works again", 1);
}

static void
raise_alert(struct kiosk *k, const struct cp_result *res, const char *code)
{
	char msg[512];
	const char *kind = cp_alert_kind(res->status);

	snprintf(msg, sizeof msg, "%.400s%s%s%s", res->message, code ? " — ticket " : "",
	    code ? code : "", code ? " shown on screen" : "");
	log_warn("printer fault (%s): %s", kind, msg);
	send_alert(k, kind, msg, 0);
}

static int
render(struct kiosk *k, json_t *t, struct tk_buf *out)
{
	struct tk tk;
	char url[TK_MAX_QR + 1];
	json_t *v;
	int r;

	memset(&tk, 0, sizeof tk);
	tk.hall = k->hall;
	tk.code = json_string_value(json_object_get(t, "code"));
	tk.service = json_string_value(json_object_get(t, "service"));
	tk.service_name = json_string_value(json_object_get(t, "service_name"));
	if (tk.service_name == NULL)
		tk.service_name = kiosk_service_name(k, tk.service);
	tk.priority = json_string_value(json_object_get(t, "priority"));
	tk.ahead = (int)json_integer_value(json_object_get(t, "ahead"));
	tk.eta_s = int_or(json_object_get(t, "eta_s"), -1);
	tk.eta_lo_s = int_or(json_object_get(t, "eta_lo_s"), -1);
	tk.eta_hi_s = int_or(json_object_get(t, "eta_hi_s"), -1);
	tk.issued_at = json_string_value(json_object_get(t, "issued_at"));
	tk.slot = json_string_value(json_object_get(t, "slot"));
	tk.no_window = json_is_true(json_object_get(t, "no_window"));
	tk.footer = k->cfg.footer;
	/* the QR code: the status address + the ticket's token (jhweb's /t/TOKEN page); a
	 * server that gives no token (before jhweb) gets the code, as it always did */
	v = json_object_get(t, "token");
	if (k->cfg.status_url && k->cfg.status_url[0] && (json_is_string(v) || tk.code)) {
		if ((size_t)snprintf(url, sizeof url, "%s%s", k->cfg.status_url,
		    json_is_string(v) ? json_string_value(v) : tk.code) < sizeof url)
			tk.qr = url;
	}
	if (k->cfg.format == KF_PDF)
		r = pdf_render(&tk, k->cfg.receipt_pdf ? PDF_RECEIPT : PDF_A6, out, k->err,
		    sizeof k->err);
	else
		r = escpos_render(&tk, k->cfg.width, out, k->err, sizeof k->err);
	return r;
}

int
kiosk_print(struct kiosk *k, json_t *t, struct cp_result *res)
{
	struct tk_buf b;
	const char *code = json_string_value(json_object_get(t, "code"));
	const char *printer = k->cfg.printer;
	char title[64];
	int r;

	memset(res, 0, sizeof *res);
	tk_buf_init(&b);
	if (render(k, t, &b) < 0) {
		res->status = CP_STOPPED;
		snprintf(res->message, sizeof res->message, "cannot render ticket: %s", k->err);
		log_warn("ticket %s not printed: %s", code ? code : "?", res->message);
		tk_buf_free(&b);
		return -1;
	}
	if (k->cfg.output) {
		FILE *f = fopen(k->cfg.output, "wb");

		if (f == NULL || fwrite(b.data, 1, b.len, f) != b.len)
			log_warn("cannot write %s", k->cfg.output);
		if (f)
			fclose(f);
	}
	if (k->cfg.no_print) {
		tk_buf_free(&b);
		return 0;
	}
	snprintf(title, sizeof title, "ticket %s", code ? code : "?");
	r = cp_print(printer, k->cfg.format == KF_PDF ? CP_FORMAT_PDF : CP_FORMAT_RAW, b.data,
	    b.len, title, k->cfg.print_timeout_ms, res);
	tk_buf_free(&b);
	if (r < 0) {
		snprintf(k->err, sizeof k->err, "%.500s", res->message);
		raise_alert(k, res, code);
		return -1;
	}
	log_info("ticket %s printed on %s (job %d)", code ? code : "?", printer, res->job_id);
	kiosk_clear_alerts(k, 0);
	return 0;
}

int
kiosk_watch_printer(struct kiosk *k, struct cp_result *res)
{
	const char *kind;

	if (k->cfg.no_print)
		return 0;
	if (cp_check(k->cfg.printer, res) == 0) {
		kiosk_clear_alerts(k, 0);
		return 0;
	}
	kind = cp_alert_kind(res->status);
	if (!(k->raised & kind_bit(kind)))
		raise_alert(k, res, NULL);
	return -1;
}
