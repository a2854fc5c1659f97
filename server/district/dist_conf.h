/* dist_conf.h — the hall file's [district] section (docs/DISTRICT.md): which district this
 * hall is a centre of, and the centre's code, name, street address and location. Read by jhd
 * (district mode) and by `jhdistrict import`. */
#ifndef JH_DIST_CONF_H
#define JH_DIST_CONF_H

#include <stddef.h>

#define DIST_CODE_MAX	33	/* centre code (1..32 of A-Z a-z 0-9 _ -) and its NUL */
#define DIST_TEXT_MAX	256	/* name, address, server: up to 255 bytes */

struct dist_conf {
	int present;			/* the file has a [district] section */
	char server[DIST_TEXT_MAX];	/* jhdistrict's HOST:PORT */
	char centre[DIST_CODE_MAX];
	char name[DIST_TEXT_MAX];	/* default: [hall] name */
	char address[DIST_TEXT_MAX];
	double lat, lon;
	int has_location;
	int release;			/* minute of the day the last day of the booking window
					 * opens (release = HH:MM), or -1: every day open */
	char token[DIST_TEXT_MAX];	/* the centre's token at the district (jhdistrict
					 * --centre-tokens) */
	char ca[DIST_TEXT_MAX];		/* the hall CA's certificate: the link is TLS ("": plain) */
	char server_name[DIST_TEXT_MAX];	/* the name jhdistrict's certificate is checked
					 * against ("": server's host) */
	int allow_plain;		/* allow_plain = yes: plain TCP off loopback */
};

/* Parse the [district] section of a hall file's text (other sections are ignored). 0, or -1
 * with "line N: reason" in err. A section without centre = is refused (jhd also needs
 * server =); a file without the section gives present = 0. */
int dist_conf_parse(const char *text, struct dist_conf *c, char *err, size_t errlen);

/* The [district] section read by the one reading of the hall file (a hall_section_reader of
 * hallconf.h, arg a struct dist_conf_reader): _init (clears *c), each key through _key, then
 * _done: 0, or -1 with the same errors as dist_conf_parse. */
struct dist_conf_reader {
	struct dist_conf *c;
	char *err;		/* where the first error goes: buf */
	size_t errlen;
	int line;
	int bad;
	int have_lat, have_lon;
	char buf[512];
};
void dist_conf_reader_init(struct dist_conf_reader *r, struct dist_conf *c);
void dist_conf_reader_key(void *arg, const char *section, const char *key, const char *value,
    int line);
int dist_conf_reader_done(struct dist_conf_reader *r, char *err, size_t errlen);

/* 1 when code is a valid centre code. */
int dist_code_valid(const char *code);

#endif
