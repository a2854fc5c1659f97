/* say.h — what the server says, in the console's language: error codes in plain words, and the
 * server's (English) error messages matched against the ones it is known to send and said
 * again in translated sentences. Pure: no I/O. */
#ifndef JH_SAY_H
#define JH_SAY_H

#include <stddef.h>

/* A server error code in plain words (translated), e.g. "Not allowed for your role". */
const char *say_code(const char *code);
/* A server refusal as one sentence for people, in the console's language: the message said
 * again in a translated sentence when it is one the server is known to send ("window 3 is
 * paused" → "Window 3 is paused." / "3 号窗口已暂停。"), else the code in words, followed by
 * the server's message only when the console speaks English and the message adds to the
 * words. Never the same thing twice, never English on a Chinese screen. */
void say_error(char *buf, size_t sz, const char *code, const char *message);

#endif
