/* store_appt.c — the appointment tables' statements (appt_store.h) over jhd's store's
 * connection: the one place the store hands its handle to another module, both being the
 * store's files (apart from store.c, which the unit tests link without the appointments). */
#include "appt_store.h"
#include "store.h"
#include "store_int.h"

struct appt_store *
appt_store_attach(struct store *s, char *err, size_t errlen)
{
	return appt_store_open(store_db(s), err, errlen);
}
