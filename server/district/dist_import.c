/* dist_import.c — a hall file as the district sees it: the hall's own readers (hallconf for
 * the hall and its services, appt_slots for the slots, dist_conf for [district]) and the
 * parameters of one jh_import call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "appt_slots.h"
#include "appt_time.h"
#include "dist_conf.h"
#include "dist_import.h"
#include "hallconf.h"

void
dist_import_free(char *params[DIST_IMPORT_NPARAMS])
{
	for (int i = 0; i < DIST_IMPORT_NPARAMS; i++) {
		free(params[i]);
		params[i] = NULL;
	}
}

static char *
xdup(const char *s, int *oom)
{
	char *d = strdup(s);

	if (!d)
		*oom = 1;
	return d;
}

/* The services and their slots (not yet started) as two JSON arrays. With a release time,
 * the last day of the window opens today at that time (opens_at); the days before it are
 * open (they were the last day on an earlier day). */
static int
build_slots(const struct hall_conf *hc, const struct appt_hall *ah, long long now, int release,
    json_t *services, json_t *slots, int *nslots)
{
	static struct appt_slot buf[APPT_MAX_SLOTS_DAY * 16];
	int today, minute, first, last;
	char opens[APPT_ISO_MAX] = "";

	appt_unix_to_local(ah->tz, now, &today, &minute);
	appt_hall_window(ah, today, &first, &last);
	if (release >= 0)
		appt_time_iso(ah->tz, appt_local_to_unix(ah->tz, today, release), opens);
	for (int i = 0; i < ah->nservice; i++) {
		const struct appt_service *s = &ah->service[i];
		int k = hallconf_service(hc, s->code), n;

		if (json_array_append_new(services, json_pack("{s:s,s:s,s:s}", "code", s->code,
		    "name", k >= 0 ? hc->svc[k].name : s->code, "department",
		    k >= 0 ? hc->svc[k].dept : "")) < 0)
			return -1;
		for (int day = first; day <= last; day++) {
			n = appt_slots_list(ah, s, day, day, buf, (int)(sizeof buf / sizeof buf[0]));
			for (int j = 0; j < n && j < (int)(sizeof buf / sizeof buf[0]); j++) {
				char a[APPT_ISO_MAX], b[APPT_ISO_MAX], d[APPT_DATE_MAX];

				if (buf[j].start <= now)
					continue;
				appt_time_iso(ah->tz, buf[j].start, a);
				appt_time_iso(ah->tz, buf[j].end, b);
				appt_date_format(day, d);
				if (json_array_append_new(slots, json_pack("{s:s,s:s,s:s,s:s,s:i,s:s?}",
				    "service", s->code, "start_at", a, "end_at", b, "day", d, "quota",
				    buf[j].quota, "opens_at", day == last && *opens ? opens : NULL)) < 0)
					return -1;
				(*nslots)++;
			}
		}
	}
	return 0;
}

int
dist_import_params(const char *text, const char *centre, long long now,
    char *params[DIST_IMPORT_NPARAMS], int *nslots, char *err, size_t errlen)
{
	struct hall_conf *hc = malloc(sizeof *hc);
	struct appt_hall *ah = malloc(sizeof *ah);
	struct dist_conf dc;
	json_t *services = json_array(), *slots = json_array();
	char num[64];
	int rc = -1, oom = 0;
	struct appt_hall_reader ar;
	struct dist_conf_reader dr;
	struct hall_section_reader rd[] = {
		{ appt_hall_reader_key, &ar }, { dist_conf_reader_key, &dr } };

	memset(params, 0, DIST_IMPORT_NPARAMS * sizeof *params);
	*nslots = 0;
	if (!hc || !ah || !services || !slots) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	/* one reading of the file: the hall's sections into hc, the appointment ones into ah,
	 * [district] into dc */
	appt_hall_reader_init(&ar, ah);
	dist_conf_reader_init(&dr, &dc);
	if (hallconf_parse_sections(text, hc, err, (int)errlen, rd, 2) != 0)
		goto out;
	if (appt_hall_reader_done(&ar, err, errlen) != 0 || appt_hall_check(ah, err, errlen) != 0)
		goto out;
	if (dist_conf_reader_done(&dr, err, errlen) != 0)
		goto out;
	if (centre) {
		if (!dist_code_valid(centre)) {
			snprintf(err, errlen, "bad centre code (1 to 32 of A-Z, a-z, 0-9, _ and -)");
			goto out;
		}
		snprintf(dc.centre, sizeof dc.centre, "%s", centre);
	} else if (!dc.present) {
		snprintf(err, errlen, "the hall file has no [district] section naming the centre");
		goto out;
	}
	if (build_slots(hc, ah, now, dc.release, services, slots, nslots) != 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	params[0] = xdup(dc.centre, &oom);
	params[1] = xdup(dc.name[0] ? dc.name : hc->name, &oom);
	params[2] = xdup(dc.address, &oom);
	if (dc.has_location) {
		snprintf(num, sizeof num, "%.6f", dc.lat);
		params[3] = xdup(num, &oom);
		snprintf(num, sizeof num, "%.6f", dc.lon);
		params[4] = xdup(num, &oom);
	}
	params[5] = xdup(ah->tz, &oom);
	params[6] = xdup(text, &oom);
	params[7] = json_dumps(services, JSON_COMPACT);
	params[8] = json_dumps(slots, JSON_COMPACT);
	snprintf(num, sizeof num, "%lld", now);
	params[9] = xdup(num, &oom);
	if (oom || !params[7] || !params[8]) {
		snprintf(err, errlen, "out of memory");
		dist_import_free(params);
		goto out;
	}
	rc = 0;
out:
	json_decref(services);
	json_decref(slots);
	free(hc);
	free(ah);
	return rc;
}
