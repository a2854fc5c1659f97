/* clerk.h — the clerk console's key table and actions. */
#ifndef JH_CLERK_H
#define JH_CLERK_H

struct app;
void clerk_setup(struct app *a);

#endif
