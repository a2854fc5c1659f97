/* test_appt_id.c — resident ID validation, masking, and the keyed hash with its key file. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/t.h"
#include "appt_id.h"
#include "appt_time.h"

static int today;

static int
check(const char *id, char out[APPT_ID_LEN + 1], char *err, size_t errlen)
{
	return appt_id_check(id, today, out, err, errlen);
}

static void
check_digit_follows_iso_7064_mod_11_2(void)
{
	/* The standard's own example, and numbers computed by hand. */
	T_CHECK(appt_id_check_digit("11010519491231002") == 'X', "got %c",
	    appt_id_check_digit("11010519491231002"));
	T_CHECK(appt_id_check_digit("44010619900307123") == '1', "expected 1");
	T_CHECK(appt_id_check_digit("44030419851201001") == '9', "expected 9");
	T_CHECK(appt_id_check_digit("4403041985120100") == 0, "16 digits have no check digit");
	T_CHECK(appt_id_check_digit("4403041985120100a") == 0, "a letter has no weight");
}

static void
valid_numbers_pass_and_normalise_x(void)
{
	char out[APPT_ID_LEN + 1], err[160];

	T_EQ_INT(check("11010519491231002X", out, err, sizeof err), 0);
	T_EQ_STR(out, "11010519491231002X");
	T_EQ_INT(check("11010519491231002x", out, err, sizeof err), 0);
	T_EQ_STR(out, "11010519491231002X");
	T_EQ_INT(check("440106199003071231", out, err, sizeof err), 0);
	T_EQ_INT(check("110105200002290013", out, err, sizeof err), 0);	/* 29 Feb 2000 */
}

static void
malformed_numbers_are_refused_with_the_reason(void)
{
	char out[APPT_ID_LEN + 1], err[160];

	T_EQ_INT(check("44010619900307123", out, err, sizeof err), -1);
	T_CHECK(strstr(err, "18 characters") != NULL, "%s", err);
	T_EQ_INT(check("440106199003071232", out, err, sizeof err), -1);
	T_CHECK(strstr(err, "check digit") != NULL, "%s", err);
	T_EQ_INT(check("44010619900307123A", out, err, sizeof err), -1);
	T_CHECK(strstr(err, "last character") != NULL, "%s", err);
	T_EQ_INT(check("4401061990030 1231", out, err, sizeof err), -1);
	T_CHECK(strstr(err, "not a digit") != NULL, "%s", err);
	T_EQ_INT(check("990106199003071231", out, err, sizeof err), -1);
	T_CHECK(strstr(err, "region") != NULL, "%s", err);
	T_EQ_INT(check("440106199002301231", out, err, sizeof err), -1);	/* 30 Feb */
	T_CHECK(strstr(err, "birth date") != NULL, "%s", err);
	T_EQ_INT(check("440106209901011231", out, err, sizeof err), -1);	/* born in 2099 */
	T_CHECK(strstr(err, "out of range") != NULL, "%s", err);
	T_EQ_INT(check("440106199003070001", out, err, sizeof err), -1);
	T_EQ_INT(check("", out, err, sizeof err), -1);
	/* No message ever echoes the number. */
	T_EQ_INT(check("440106199003071232", out, err, sizeof err), -1);
	T_CHECK(strstr(err, "4401061990") == NULL, "%s", err);
}

static void
every_wrong_check_digit_is_caught(void)
{
	char id[APPT_ID_LEN + 1] = "44010619900307123", out[APPT_ID_LEN + 1], err[160];
	const char *digits = "0123456789X";
	int accepted = 0;

	for (int i = 0; i < 11; i++) {
		id[17] = digits[i];
		id[18] = '\0';
		accepted += check(id, out, err, sizeof err) == 0;
	}
	T_EQ_INT(accepted, 1);
}

static void
mask_keeps_four_and_four(void)
{
	char out[APPT_ID_LEN + 1];

	appt_id_mask("440106199003071231", out);
	T_EQ_STR(out, "4401**********1231");
	appt_id_mask("11010519491231002X", out);
	T_EQ_STR(out, "1101**********002X");
	appt_id_mask("123", out);
	T_EQ_STR(out, "******************");
}

static char dir[64];

static void
key_file_is_created_0600_and_reused(void)
{
	unsigned char k1[APPT_KEY_LEN], k2[APPT_KEY_LEN];
	char db[128], path[160], err[256];
	struct stat st;

	snprintf(db, sizeof db, "%s/jh.db", dir);
	snprintf(path, sizeof path, "%s/%s", dir, APPT_KEY_FILE);
	T_EQ_INT(appt_id_key_load(db, k1, err, sizeof err), 0);
	T_EQ_INT(stat(path, &st), 0);
	T_EQ_INT(st.st_mode & 0777, 0600);
	T_EQ_INT(st.st_size, APPT_KEY_LEN);
	T_EQ_INT(appt_id_key_load(db, k2, err, sizeof err), 0);
	T_EQ_MEM(k2, sizeof k2, k1, sizeof k1);
}

static void
key_file_readable_by_others_is_refused(void)
{
	unsigned char k[APPT_KEY_LEN];
	char db[128], path[160], err[256];

	snprintf(db, sizeof db, "%s/jh.db", dir);
	snprintf(path, sizeof path, "%s/%s", dir, APPT_KEY_FILE);
	T_EQ_INT(chmod(path, 0644), 0);
	T_EQ_INT(appt_id_key_load(db, k, err, sizeof err), -1);
	T_CHECK(strstr(err, "chmod 600") != NULL, "%s", err);
	T_EQ_INT(chmod(path, 0600), 0);
	T_EQ_INT(truncate(path, 10), 0);
	T_EQ_INT(appt_id_key_load(db, k, err, sizeof err), -1);
	T_CHECK(strstr(err, "expected 32") != NULL, "%s", err);
}

static void
hash_is_keyed_hmac_sha256(void)
{
	unsigned char k1[APPT_KEY_LEN], k2[APPT_KEY_LEN];
	char h1[APPT_HASH_HEX], h2[APPT_HASH_HEX], h3[APPT_HASH_HEX];

	memset(k1, 1, sizeof k1);
	memset(k2, 2, sizeof k2);
	appt_id_hash(k1, "440106199003071231", h1);
	appt_id_hash(k1, "440106199003071231", h2);
	appt_id_hash(k2, "440106199003071231", h3);
	T_EQ_STR(h1, h2);
	T_CHECK(strcmp(h1, h3) != 0, "another key gives another hash");
	T_EQ_INT(strlen(h1), 64);
	/* Known value: HMAC-SHA-256 with key 32 x 0x01 over the number, computed with
	 * openssl dgst -sha256 -mac HMAC -macopt hexkey:0101...01. */
	T_EQ_STR(h1, "9b9d51b519bfe33e9492ae19150fec6d38701f088d3ad4f9be4085b39455bf1e");
}

int
main(void)
{
	char tmpl[] = "/tmp/jhappt.XXXXXX";

	today = appt_days_from_civil(2026, 11, 25);
	if (mkdtemp(tmpl) == NULL) {
		printf("not ok - temp dir: cannot create\n");
		return 1;
	}
	snprintf(dir, sizeof dir, "%s", tmpl);
	T_RUN(check_digit_follows_iso_7064_mod_11_2);
	T_RUN(valid_numbers_pass_and_normalise_x);
	T_RUN(malformed_numbers_are_refused_with_the_reason);
	T_RUN(every_wrong_check_digit_is_caught);
	T_RUN(mask_keeps_four_and_four);
	T_RUN(key_file_is_created_0600_and_reused);
	T_RUN(key_file_readable_by_others_is_refused);
	T_RUN(hash_is_keyed_hmac_sha256);
	{
		char cmd[128];

		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", dir);
	}
	return t_done();
}
