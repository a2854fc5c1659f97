/* fuzz_id.c — libFuzzer harness for resident ID numbers (server/appt_id.c): any bytes as a
 * number, checked against an independent reading of GB 11643; abort() on any disagreement.
 * Input: two bytes choosing "today" (a day number), then the number's text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "appt_id.h"
#include "appt_time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The check digit by the standard's formula, written again here: sum of d_i * 2^(17-i) mod 11. */
static char
ref_check_digit(const char *s)
{
	int sum = 0, w = 1;

	for (int i = 16; i >= 0; i--) {
		w = w * 2 % 11;
		sum += (s[i] - '0') * w;
	}
	return "10X98765432"[sum % 11];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[APPT_ID_LEN + 1], masked[APPT_ID_LEN + 1], err[160], *id;
	int today, rc;
	size_t len;

	if (size < 2)
		return 0;
	/* 2026-01-01 give or take 90 years */
	today = appt_days_from_civil(2026, 1, 1) + ((data[0] << 8 | data[1]) - 32768);
	/* exactly the bytes given and a NUL, so a read past the end is ASan's to see */
	len = size - 2;
	if ((id = malloc(len + 1)) == NULL)
		return 0;
	memcpy(id, data + 2, len);
	id[len] = '\0';
	memset(out, 0x55, sizeof out);
	err[0] = '\0';
	rc = appt_id_check(id, today, out, err, sizeof err);
	if (rc == 0) {
		if (strlen(id) != APPT_ID_LEN || strlen(out) != APPT_ID_LEN)
			abort();
		for (int i = 0; i < 17; i++)
			if (out[i] != id[i] || out[i] < '0' || out[i] > '9')
				abort();
		if (out[17] != (id[17] == 'x' ? 'X' : id[17]) || out[17] != ref_check_digit(out))
			abort();
		if (appt_id_check_digit(out) != out[17])
			abort();
		appt_id_mask(out, masked);
		if (memcmp(masked, out, 4) != 0 || memcmp(masked + 14, out + 14, 4) != 0 ||
		    strspn(masked + 4, "*") != 10 || masked[18] != '\0')
			abort();
		/* the normalised number is accepted again, unchanged */
		if (appt_id_check(out, today, masked, err, sizeof err) != 0 ||
		    strcmp(masked, out) != 0)
			abort();
	} else {
		if (rc != -1 || err[0] == '\0' || strlen(err) >= sizeof err)
			abort();
		/* the reason never echoes the number */
		if (strlen(id) >= 8 && strstr(err, id) != NULL)
			abort();
	}
	appt_id_mask(id, masked);
	if (strlen(masked) != APPT_ID_LEN)
		abort();
	free(id);
	return 0;
}
