/* dist_import.h — what a centre publishes to the district from its hall file: the centre
 * ([district] and [hall]), its services that take appointments, and their slots from now to
 * the end of its booking window ([appointments], [slots CODE]); the parameters of
 * dist_sql_import. Pure over the text and a time. */
#ifndef JH_DIST_IMPORT_H
#define JH_DIST_IMPORT_H

#include <stddef.h>

#define DIST_IMPORT_NPARAMS	10

/* Fill params[0..DIST_IMPORT_NPARAMS) (strings the caller frees with dist_import_free; lat and
 * lon NULL when the centre gives no location) from a hall file's text at time now. centre,
 * when not NULL, overrides the file's [district] centre (a file without the section then
 * still imports, named by it). 0, or -1 with the reason in err. *nslots gets the slots. */
int dist_import_params(const char *text, const char *centre, long long now,
    char *params[DIST_IMPORT_NPARAMS], int *nslots, char *err, size_t errlen);
void dist_import_free(char *params[DIST_IMPORT_NPARAMS]);

#endif
