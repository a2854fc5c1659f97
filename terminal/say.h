/* say.h — what the server says, in the console's language: error codes in plain words, the
 * server's (English) error messages matched against the ones it is known to send and said
 * again in translated sentences, and who holds a window. Pure: no I/O. */
#ifndef JH_SAY_H
#define JH_SAY_H

#include <stddef.h>
#include <jansson.h>

/* A server error code in plain words (translated), e.g. "Not allowed for your role". */
const char *say_code(const char *code);
/* A server refusal as one sentence for people, in the console's language: the message said
 * again in a translated sentence when it is one the server is known to send ("window 3 is
 * paused" → "Window 3 is paused." / "3 号窗口已暂停。"), else the code in words, followed by
 * the server's message only when the console speaks English and the message adds to the
 * words. Never the same thing twice, never English on a Chinese screen. */
void say_error(char *buf, size_t sz, const char *code, const char *message);
/* Who holds a window, from a hello refused with "conflict": the answer's "held_by" (in its
 * "error" object or beside it) when there is an answer, else read from the message ("window
 * 2 is held by bob"). 1 with the name in by, 0 when it is not a held window. */
int say_held_by(const json_t *answer, const char *message, char *by, size_t sz);

#endif
