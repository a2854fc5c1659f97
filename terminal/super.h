/* super.h — the supervisor console's key table and actions. */
#ifndef JH_SUPER_H
#define JH_SUPER_H

struct app;
void super_setup(struct app *a);

#endif
