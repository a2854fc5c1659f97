/* quiet.c — the board's "quieter hours to come" from the past weeks' tickets by day and hour
 * (see render.h, docs/WEB.md). Pure: no I/O, no clock (the time is jhd's, from status). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "render.h"

#define MAX_DAYS 64		/* the board asks for 28; more are ignored */

/* 0 Sunday .. 6 Saturday, or -1 for a malformed date. */
static int
weekday(const char *date)
{
	struct tm tm = { 0 };
	time_t t;

	if (!date || sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	return tm.tm_wday;
}

int
quiet_hours(struct quiet *q, const json_t *rows, const char *today, const char *now,
    const char *hours)
{
	struct { char date[11]; int wd; long long issued[24], total; } day[MAX_DAYS];
	int nday = 0, oh = 9, om = 0, ch = 17, cm = 0, nh = 0, nm = 0, wd, cand[24], ncand = 0;
	int use[MAX_DAYS], nuse = 0, same = 0;
	double mean = 0;
	size_t i;
	json_t *r;

	memset(q, 0, sizeof *q);
	if (!hours || sscanf(hours, "%d:%d-%d:%d", &oh, &om, &ch, &cm) != 4 || oh < 0 || oh > 23 ||
	    om < 0 || om > 59 || ch < 0 || ch > 24 || cm < 0 || cm > 59 ||
	    ch * 60 + cm <= oh * 60 + om) {
		oh = 9, om = 0, ch = 17, cm = 0;
	}
	q->open = oh * 60 + om;
	q->close = ch * 60 + cm > 24 * 60 ? 24 * 60 : ch * 60 + cm;
	q->first = oh;
	q->last = (q->close - 1) / 60;
	if ((wd = weekday(today)) < 0)
		return q->state = QUIET_NONE;
	/* the hall's time now, from jhd's "2026-03-02T10:10:00+08:00" (already local) */
	if (!now || strlen(now) < 16 || sscanf(now + 11, "%2d:%2d", &nh, &nm) != 2)
		nh = nm = 0;

	json_array_foreach(rows, i, r) {
		const json_t *k = json_object_get(r, "key");
		const char *d = json_string_value(json_array_get(k, 0));
		const char *hs = json_string_value(json_array_get(k, 1));
		long long n = json_integer_value(json_object_get(r, "issued"));
		int h, j;

		if (!d || !hs || strlen(d) != 10 || sscanf(hs, "%d", &h) != 1 || h < 0 || h > 23 ||
		    n <= 0)
			continue;
		for (j = 0; j < nday && strcmp(day[j].date, d) != 0; j++)
			;
		if (j == nday) {
			if (nday == MAX_DAYS || (day[j].wd = weekday(d)) < 0)
				continue;
			memcpy(day[j].date, d, 11);
			memset(day[j].issued, 0, sizeof day[j].issued);
			day[j].total = 0;
			nday++;
		}
		day[j].issued[h] += n;
		day[j].total += n;
	}

	/* the hours still to come today (an hour counts if it starts now or later), at least
	 * two (so that one can be quieter than another); else tomorrow's */
	for (int h = q->first; h <= q->last; h++) {
		int start = h * 60 > q->open ? h * 60 : q->open;

		if (start >= nh * 60 + nm)
			cand[ncand++] = h;
	}
	if (ncand < 2) {
		q->tomorrow = 1;
		wd = (wd + 1) % 7;
		ncand = 0;
		for (int h = q->first; h <= q->last; h++)
			cand[ncand++] = h;
	}
	q->weekday = wd;

	/* the same weekday's days when there are at least two of them, else every day the hall
	 * took tickets */
	for (int j = 0; j < nday; j++)
		if (day[j].wd == wd)
			use[nuse++] = j;
	if (nuse >= 2)
		same = 1;
	else
		for (int j = nuse = 0; j < nday; j++)
			use[nuse++] = j;
	if (nuse == 0)
		return q->state = QUIET_NONE;
	q->same_weekday = same;
	q->ndays = nuse;
	for (int h = 0; h < 24; h++) {
		long long sum = 0;

		for (int j = 0; j < nuse; j++)
			sum += day[use[j]].issued[h];
		q->avg[h] = (double)sum / nuse;
	}
	for (int c = 0; c < ncand; c++)
		mean += q->avg[cand[c]];
	mean /= ncand;

	/* the quietest, at most 3 and never all of them, each at least 20% under the mean of
	 * the hours to come: a flat profile names none */
	for (int c = 0; c < ncand && q->n < QUIET_MAX && q->n < ncand - 1; c++) {
		int best = -1;

		for (int d = 0; d < ncand; d++) {
			int h = cand[d], taken = 0;

			for (int e = 0; e < q->n; e++)
				taken |= q->hour[e] == h;
			if (!taken && (best < 0 || q->avg[h] < q->avg[best]))
				best = h;
		}
		if (best < 0 || mean <= 0 || q->avg[best] > 0.8 * mean)
			break;
		q->hour[q->n++] = best;
	}
	/* in the order of the day */
	for (int a = 0; a < q->n; a++)
		for (int b = a + 1; b < q->n; b++)
			if (q->hour[b] < q->hour[a]) {
				int t = q->hour[a];

				q->hour[a] = q->hour[b];
				q->hour[b] = t;
			}
	return q->state = q->n > 0 ? QUIET_SOME : QUIET_FLAT;
}
