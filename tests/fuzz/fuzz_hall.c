/* fuzz_hall.c — libFuzzer harness for the hall file: any bytes as the text `jhctl import`
 * sends, through the hall parser (server/hallconf.c) and the appointment sections
 * (server/appt_slots.c), as the import op reads them. abort() when an accepted hall breaks
 * an invariant: text that is not UTF-8, a count over its limit, a diff of a hall with itself
 * that is not empty, a slot line that does not read back as itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "appt_slots.h"
#include "appt_time.h"
#include "hallconf.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
no_change(void *arg, const char *change)
{
	(void)arg;
	(void)change;
	abort();	/* a hall compared with itself changed */
}

static void
count_change(void *arg, const char *change)
{
	if (!utf8_valid(change, strlen(change), NULL))
		abort();
	++*(int *)arg;
}

static void
text_ok(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (n == cap || !utf8_valid(s, n, NULL))
		abort();
}

static void
check_conf(const struct hall_conf *h)
{
	static struct hall_conf empty;
	json_t *changes;
	char *dump;

	if (h->ndept < 0 || h->ndept > HALL_MAX_DEPTS || h->nsvc < 0 ||
	    h->nsvc > HALL_MAX_SERVICES || h->nwin < 0 || h->nwin > HALL_MAX_WINDOWS)
		abort();
	if (h->open_min < 0 || h->close_min > 24 * 60 || h->open_min >= h->close_min)
		abort();
	for (int i = 0; i < RL_NCLASS; i++)
		if (h->limits[i] < 0 || h->limits[i] > RL_MAX)
			abort();
	text_ok(h->name, sizeof h->name);
	for (int i = 0; i < h->ndept; i++) {
		text_ok(h->dept[i].code, sizeof h->dept[i].code);
		text_ok(h->dept[i].name, sizeof h->dept[i].name);
	}
	for (int s = 0; s < h->nsvc; s++) {
		text_ok(h->svc[s].code, sizeof h->svc[s].code);
		text_ok(h->svc[s].name, sizeof h->svc[s].name);
		text_ok(h->svc[s].prefix, sizeof h->svc[s].prefix);
		if (hallconf_service(h, h->svc[s].code) != s)
			abort();
	}
	for (int w = 0; w < h->nwin; w++) {
		text_ok(h->win[w].name, sizeof h->win[w].name);
		text_ok(h->win[w].label, sizeof h->win[w].label);
		if (h->win[w].nduty < 0 || h->win[w].nduty > HALL_MAX_DUTIES)
			abort();
		for (int k = 0; k < h->win[w].nduty; k++)
			if (h->win[w].duty[k].service < 0 || h->win[w].duty[k].service >= h->nsvc)
				abort();
		if (hallconf_window(h, h->win[w].name) != w)
			abort();
	}
	/* what an import reports: nothing against itself, something valid against none */
	changes = json_array();
	hallconf_diff(h, h, changes);
	if (json_array_size(changes) != 0)
		abort();
	hallconf_init(&empty);
	hallconf_diff(&empty, h, changes);
	/* every change is text an answer can carry */
	for (size_t i = 0; i < json_array_size(changes); i++)
		if (!json_is_string(json_array_get(changes, i)))
			abort();
	if ((dump = json_dumps(changes, JSON_COMPACT)) == NULL)
		abort();
	free(dump);
	json_decref(changes);
}

static void
check_appt(const struct appt_hall *a, const struct hall_conf *h)
{
	static struct appt_hall none;
	static struct appt_slot slots[APPT_MAX_SLOTS_DAY * 8];
	char text[256], err[512];
	struct appt_rule back;
	int n = 0, today = appt_days_from_civil(2026, 3, 2), first, last;

	if (a->nservice < 0 || a->nservice > APPT_MAX_SERVICES)
		abort();
	appt_hall_diff(a, a, no_change, NULL);
	appt_hall_init(&none);
	appt_hall_diff(&none, a, count_change, &n);
	(void)appt_hall_check_hours(a, h->open_min, h->close_min, err, sizeof err);
	for (int s = 0; s < a->nservice; s++) {
		const struct appt_service *sv = &a->service[s];

		if (sv->nrule < 0 || sv->nrule > APPT_MAX_RULES || appt_hall_service(a,
		    sv->code) != sv)
			abort();
		for (int k = 0; k < sv->nrule; k++) {
			const struct appt_rule *r = &sv->rule[k];

			if (r->start < 0 || r->end <= r->start || r->end > 24 * 60 ||
			    r->every <= 0 || (r->end - r->start) % r->every != 0)
				abort();
			/* a slot line reads back as itself */
			appt_rule_format(r, text, sizeof text);
			if (appt_rule_parse(text, &back, err, sizeof err) != 0 ||
			    back.wdays != r->wdays || back.start != r->start ||
			    back.end != r->end || back.every != r->every ||
			    back.quota != r->quota || back.capacity != r->capacity)
				abort();
			(void)appt_rule_quota(a, sv, r);
		}
		/* the slots of the booking window: in order, within the buffer's count */
		appt_hall_window(a, today, &first, &last);
		if (last < first || last - first > 7 + a->days * 7 + APPT_MAX_DATES)
			abort();
		n = appt_slots_list(a, sv, today, today + 6, slots,
		    (int)(sizeof slots / sizeof slots[0]));
		if (n < 0)
			abort();
		for (int i = 1; i < n && i < (int)(sizeof slots / sizeof slots[0]); i++)
			if (slots[i].start < slots[i - 1].start || slots[i].end <= slots[i].start)
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct hall_conf conf;
	static struct appt_hall appt;
	char err[512], *text;

	if (size > 256 * 1024)
		return 0;	/* the import op's line limit is 64 KiB */
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&conf, 0, sizeof conf);
	err[0] = '\0';
	if (hallconf_parse(text, &conf, err, sizeof err) == 0) {
		check_conf(&conf);
		appt_hall_init(&appt);
		if (appt_hall_load_string(&appt, text, err, sizeof err) == 0 &&
		    appt_hall_check(&appt, err, sizeof err) == 0)
			check_appt(&appt, &conf);
		else if (err[0] == '\0')
			abort();	/* refused without a reason */
	} else if (err[0] == '\0') {
		abort();
	}
	free(text);
	return 0;
}
