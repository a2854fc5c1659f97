/* ticket.c — the shared parts of ticket rendering: the byte buffer, the label lines, and
 * validation of a ticket's fields before any renderer sees them. Pure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"
#include "utf8.h"

void
tk_buf_init(struct tk_buf *b)
{
	memset(b, 0, sizeof *b);
}

void
tk_buf_free(struct tk_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

void
tk_buf_add(struct tk_buf *b, const void *p, size_t n)
{
	size_t ncap;
	unsigned char *nd;

	if (b->overflow)
		return;
	if (b->len + n > TK_MAX_OUT) {
		b->overflow = 1;
		return;
	}
	if (b->len + n > b->cap) {
		ncap = b->cap ? b->cap : 1024;
		while (ncap < b->len + n)
			ncap *= 2;
		if ((nd = realloc(b->data, ncap)) == NULL) {
			b->overflow = 1;
			return;
		}
		b->data = nd;
		b->cap = ncap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void
tk_buf_addc(struct tk_buf *b, unsigned char c)
{
	tk_buf_add(b, &c, 1);
}

void
tk_buf_adds(struct tk_buf *b, const char *s)
{
	tk_buf_add(b, s, strlen(s));
}

/* Lane names are the scheduler's (server/sched.h); labels are what a citizen reads. */
static const struct {
	const char *lane, *label;
} priority_labels[] = {
	{ "appointment", "预约 Appointment" },
	{ "prereviewed", "网上预审 Pre-reviewed" },
	{ "elderly", "老年人优先 Elderly" },
	{ "disabled", "残障人士优先 Disabled" },
	{ "green", "重点企业绿色通道 Key enterprise" },
};

const char *
tk_priority_label(const char *lane)
{
	size_t i;

	if (lane == NULL || strcmp(lane, "normal") == 0)
		return NULL;
	for (i = 0; i < sizeof priority_labels / sizeof priority_labels[0]; i++)
		if (strcmp(priority_labels[i].lane, lane) == 0)
			return priority_labels[i].label;
	return lane;
}

static int
fits(int r, size_t n)
{
	return r >= 0 && (size_t)r < n ? 0 : -1;
}

int
tk_line_ahead(char *out, size_t n, int ahead)
{
	return fits(snprintf(out, n, "前面还有 %d 人 (%d ahead)", ahead, ahead), n);
}

int
tk_wait_minutes(char *out, size_t n, int eta_s, int lo_s, int hi_s)
{
	int lo, hi;

	if (eta_s < 0)
		return fits(snprintf(out, n, "%s", ""), n);
	/* Round the forecast up: a citizen minds an under-estimate more. */
	if (hi_s <= 0 || lo_s < 0 || hi_s < lo_s)
		return fits(snprintf(out, n, "%d", (eta_s + 59) / 60), n);
	lo = lo_s / 60;
	hi = (hi_s + 59) / 60;
	if (hi <= lo)
		return fits(snprintf(out, n, "%d", hi), n);
	return fits(snprintf(out, n, "%d–%d", lo, hi), n);
}

int
tk_line_eta_range(char *out, size_t n, int eta_s, int lo_s, int hi_s)
{
	char m[32];

	if (eta_s < 0)
		return fits(snprintf(out, n, "预计等待: 未知 (wait unknown)"), n);
	tk_wait_minutes(m, sizeof m, eta_s, lo_s, hi_s);
	return fits(snprintf(out, n, "预计等待约 %s 分钟 (~%s min)", m, m), n);
}

int
tk_line_eta(char *out, size_t n, int eta_s)
{
	return tk_line_eta_range(out, n, eta_s, -1, -1);
}

int
tk_line_time(char *out, size_t n, const char *iso)
{
	/* "2026-11-25T09:03:05+08:00" → "2026-11-25 09:03:05"; the hall's own local time. */
	size_t len = iso ? strlen(iso) : 0;

	if (len < 19 || iso[10] != 'T')
		return fits(snprintf(out, n, "取号时间 %s", iso ? iso : "-"), n);
	return fits(snprintf(out, n, "取号时间 %.10s %.8s", iso, iso + 11), n);
}

int
tk_line_slot(char *out, size_t n, const char *slot)
{
	return fits(snprintf(out, n, "预约时段 %s", slot ? slot : "-"), n);
}

const char *
tk_line_no_window(void)
{
	return "暂无窗口办理此业务，请留意叫号 / No window is open for this service yet";
}

const char *
tk_default_footer(void)
{
	return "请留意叫号, 过号请重新取号. Please listen for your number.";
}

static int
check_field(const char *name, const char *v, int required, size_t max, char *err, size_t errlen)
{
	if (v == NULL) {
		if (!required)
			return 0;
		snprintf(err, errlen, "ticket field %s is missing", name);
		return -1;
	}
	if (strlen(v) > max) {
		snprintf(err, errlen, "ticket field %s is longer than %zu bytes", name, max);
		return -1;
	}
	if (!utf8_valid(v, strlen(v), NULL)) {
		snprintf(err, errlen, "ticket field %s is not valid UTF-8", name);
		return -1;
	}
	return 0;
}

int
tk_validate(const struct tk *t, char *err, size_t errlen)
{
	if (check_field("hall", t->hall, 1, TK_MAX_FIELD, err, errlen) < 0 ||
	    check_field("code", t->code, 1, 16, err, errlen) < 0 ||
	    check_field("service_name", t->service_name, 1, TK_MAX_FIELD, err, errlen) < 0 ||
	    check_field("service", t->service, 0, 16, err, errlen) < 0 ||
	    check_field("priority", t->priority, 0, 32, err, errlen) < 0 ||
	    check_field("issued_at", t->issued_at, 0, 64, err, errlen) < 0 ||
	    check_field("slot", t->slot, 0, 64, err, errlen) < 0 ||
	    check_field("qr", t->qr, 0, TK_MAX_QR, err, errlen) < 0 ||
	    check_field("footer", t->footer, 0, TK_MAX_FIELD, err, errlen) < 0)
		return -1;
	if (t->code[0] == '\0') {
		snprintf(err, errlen, "ticket code is empty");
		return -1;
	}
	if (t->ahead < 0) {
		snprintf(err, errlen, "ticket ahead count is negative");
		return -1;
	}
	return 0;
}
