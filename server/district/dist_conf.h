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
};

/* Parse the [district] section of a hall file's text (other sections are ignored). 0, or -1
 * with "line N: reason" in err. A section without centre = is refused (jhd also needs
 * server =); a file without the section gives present = 0. */
int dist_conf_parse(const char *text, struct dist_conf *c, char *err, size_t errlen);

/* 1 when code is a valid centre code. */
int dist_code_valid(const char *code);

#endif
