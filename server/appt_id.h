/* appt_id.h — resident ID numbers: validation (GB 11643, ISO 7064 MOD 11-2 check digit),
 * the masked form shown to people, and the keyed hash stored instead of the number. */
#ifndef JH_APPT_ID_H
#define JH_APPT_ID_H

#include <stddef.h>

#define APPT_ID_LEN	18	/* digits of a resident ID */
#define APPT_KEY_LEN	32	/* HMAC-SHA-256 key bytes */
#define APPT_HASH_HEX	65	/* hex HMAC-SHA-256 and its NUL */
#define APPT_KEY_FILE	"jiaohao-id.key"	/* in the database's directory */

/* The check digit ('0'..'9' or 'X') of 17 digits, or 0 when they are not 17 digits. */
char appt_id_check_digit(const char *first17);

/* Validate an 18-character resident ID: 17 digits and a check digit (x taken as X), a known
 * province code, a real birth date between 150 years before today and today (today is a day
 * number, see appt_time.h), a non-zero sequence. On success writes the normalised number to
 * out and returns 0; otherwise returns -1 and says why in err (never echoing the number). */
int appt_id_check(const char *id, int today, char out[APPT_ID_LEN + 1], char *err, size_t errlen);

/* "4401**********1234": the first 4 and last 4 characters of a normalised number. */
void appt_id_mask(const char *id, char out[APPT_ID_LEN + 1]);

/* Load the hashing key from APPT_KEY_FILE in the directory of db_path, creating it (random,
 * mode 0600, O_EXCL) when missing. Refuses a key file of the wrong size or readable by group
 * or others. 0, or -1 with a message in err. */
int appt_id_key_load(const char *db_path, unsigned char key[APPT_KEY_LEN], char *err,
    size_t errlen);

/* Lower-case hex HMAC-SHA-256 of the normalised number under key. */
void appt_id_hash(const unsigned char key[APPT_KEY_LEN], const char *id, char out[APPT_HASH_HEX]);

#endif
