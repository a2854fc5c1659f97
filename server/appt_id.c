/* appt_id.c — resident ID numbers: validation, masking, and the keyed hash (libsodium
 * HMAC-SHA-256) under a key kept in a 0600 file beside the database. No number is ever logged. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "appt_id.h"
#include "appt_time.h"

static const int id_weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
static const char id_check[11] = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };

/* Province codes of GB/T 2260, plus 71 Taiwan, 81 Hong Kong, 82 Macau, 83 (residence permits). */
static const int id_provinces[] = {
	11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
	50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83
};

char
appt_id_check_digit(const char *s)
{
	int sum = 0;

	for (int i = 0; i < 17; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		sum += (s[i] - '0') * id_weight[i];
	}
	return id_check[sum % 11];
}

int
appt_id_check(const char *id, int today, char out[APPT_ID_LEN + 1], char *err, size_t errlen)
{
	char n[APPT_ID_LEN + 1];
	size_t len = strlen(id);
	int prov, known = 0, y, m, d, birth, by, bm, bd, ty, tm, td;

	if (len != APPT_ID_LEN) {
		snprintf(err, errlen, "an ID number has 18 characters, this one has %zu", len);
		return -1;
	}
	memcpy(n, id, sizeof n);
	if (n[17] == 'x')
		n[17] = 'X';
	for (int i = 0; i < 17; i++)
		if (n[i] < '0' || n[i] > '9') {
			snprintf(err, errlen, "character %d of the ID number is not a digit", i + 1);
			return -1;
		}
	if ((n[17] < '0' || n[17] > '9') && n[17] != 'X') {
		snprintf(err, errlen, "the last character of the ID number must be a digit or X");
		return -1;
	}
	prov = (n[0] - '0') * 10 + (n[1] - '0');
	for (size_t i = 0; i < sizeof id_provinces / sizeof id_provinces[0]; i++)
		known |= id_provinces[i] == prov;
	if (!known) {
		snprintf(err, errlen, "the ID number's region code is not a known province");
		return -1;
	}
	y = (n[6] - '0') * 1000 + (n[7] - '0') * 100 + (n[8] - '0') * 10 + (n[9] - '0');
	m = (n[10] - '0') * 10 + (n[11] - '0');
	d = (n[12] - '0') * 10 + (n[13] - '0');
	birth = appt_days_from_civil(y, m, d);
	appt_civil_from_days(birth, &by, &bm, &bd);
	if (m < 1 || m > 12 || d < 1 || by != y || bm != m || bd != d) {
		snprintf(err, errlen, "the ID number's birth date is not a real date");
		return -1;
	}
	appt_civil_from_days(today, &ty, &tm, &td);
	if (birth > today || y < ty - 150) {
		snprintf(err, errlen, "the ID number's birth date is out of range");
		return -1;
	}
	if (n[14] == '0' && n[15] == '0' && n[16] == '0') {
		snprintf(err, errlen, "the ID number's sequence number is 000");
		return -1;
	}
	if (appt_id_check_digit(n) != n[17]) {
		snprintf(err, errlen, "the ID number's check digit is wrong (mistyped?)");
		return -1;
	}
	memcpy(out, n, sizeof n);
	return 0;
}

void
appt_id_mask(const char *id, char out[APPT_ID_LEN + 1])
{
	size_t len = strnlen(id, APPT_ID_LEN);

	memset(out, '*', APPT_ID_LEN);
	out[APPT_ID_LEN] = '\0';
	if (len < APPT_ID_LEN)
		return;		/* not a number we accepted: show nothing of it */
	memcpy(out, id, 4);
	memcpy(out + 14, id + 14, 4);
}

static int
key_path(const char *db_path, char *buf, size_t len)
{
	const char *slash = strrchr(db_path, '/');
	int n;

	if (slash == NULL)
		n = snprintf(buf, len, "%s", APPT_KEY_FILE);
	else if (slash == db_path)
		n = snprintf(buf, len, "/%s", APPT_KEY_FILE);
	else
		n = snprintf(buf, len, "%.*s/%s", (int)(slash - db_path), db_path, APPT_KEY_FILE);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int
key_read(int fd, const char *path, unsigned char key[APPT_KEY_LEN], char *err, size_t errlen)
{
	struct stat st;
	ssize_t n;

	if (fstat(fd, &st) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (st.st_mode & 077) {
		snprintf(err, errlen, "%s: readable by group or others (mode %03o); chmod 600 it",
		    path, (unsigned)(st.st_mode & 0777));
		return -1;
	}
	if (st.st_size != APPT_KEY_LEN) {
		snprintf(err, errlen, "%s: %lld bytes, expected %d", path, (long long)st.st_size,
		    APPT_KEY_LEN);
		return -1;
	}
	n = read(fd, key, APPT_KEY_LEN);
	if (n != APPT_KEY_LEN) {
		snprintf(err, errlen, "%s: short read", path);
		return -1;
	}
	return 0;
}

int
appt_id_key_load(const char *db_path, unsigned char key[APPT_KEY_LEN], char *err, size_t errlen)
{
	char path[4096];
	int fd, rc;

	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium failed to initialise");
		return -1;
	}
	if (key_path(db_path, path, sizeof path) == -1) {
		snprintf(err, errlen, "database path too long");
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd != -1) {
		rc = key_read(fd, path, key, err, errlen);
		close(fd);
		return rc;
	}
	if (errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	randombytes_buf(key, APPT_KEY_LEN);
	if (write(fd, key, APPT_KEY_LEN) != APPT_KEY_LEN || fsync(fd) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

void
appt_id_hash(const unsigned char key[APPT_KEY_LEN], const char *id, char out[APPT_HASH_HEX])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256(mac, (const unsigned char *)id, strlen(id), key);
	sodium_bin2hex(out, APPT_HASH_HEX, mac, sizeof mac);
	sodium_memzero(mac, sizeof mac);
}
