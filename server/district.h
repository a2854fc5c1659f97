/* district.h — jhd in district mode (docs/DISTRICT.md): a hall file with a [district] section
 * makes jhd a centre of a jhdistrict. It keeps a copy of the centre's bookings in its own
 * appointments table (pulled by cursor, so that the kiosk checks in with the link down) and
 * sends the check-ins and no-shows of those bookings up from a durable outbox. A hall without
 * the section does none of it. srv.district names the district while the hall is a centre. */
#ifndef JH_DISTRICT_H
#define JH_DISTRICT_H

#include <jansson.h>

struct loop;
struct hall_section_reader;

/* After the appointment store is open: the outbox trigger, and the timers on loop. 0, or -1
 * with a message in err. */
int district_start(struct loop *l, char *err, size_t errlen);
void district_stop(void);
/* For status: {centre, connected, outbox (events not sent yet)} while the hall is a centre,
 * else NULL (a new object). */
json_t *district_status(void);
/* [district] in the one reading of the hall file (hallconf_parse_sections): the reader, and
 * once the file is read (text; NULL: none stored), the section taken when the file is another
 * than the one the link runs on: a centre of the district it names, or not a centre. */
struct hall_section_reader district_hall_reader(void);
void district_adopt(const char *text);

#endif
