/* say.h — what an announcement says: the languages' wording (Mandarin and English), ticket
 * codes read letter by letter and digit by digit, window numbers as number words (十二号,
 * "twelve"), and the plan of clips and silences that jhvoice joins into one sound.
 * Pure: no I/O. */
#ifndef JH_SAY_H
#define JH_SAY_H

#include <stddef.h>
#include <stdint.h>

#include "pack.h"

#define SAY_LANGS		2	/* zh, en */
#define SAY_WORDS_MAX		48	/* clip names in one language's sentence */
#define SAY_PIECES_MAX		256
#define SAY_NUMBER_MAX		999	/* windows up to this are read as numbers */

enum say_lang { SAY_ZH, SAY_EN };

struct say_opts {
	int		 langs[SAY_LANGS];	/* in reading order */
	int		 nlangs;
	int		 repeat;		/* times the sentences are read, 1-5 */
	int		 chime;			/* play chime.wav first */
	int		 word_gap_ms;		/* between the clips of a sentence */
	int		 chime_gap_ms;		/* after the chime */
	int		 lang_gap_ms;		/* between sentences */
	int		 tail_ms;		/* after the announcement */
};

/* One piece of an announcement: a clip, or clip == NULL and ms of silence. */
struct say_piece {
	const struct clip *clip;
	int		 ms;
};

struct say_plan {
	int		 n;
	struct say_piece p[SAY_PIECES_MAX];
};

void say_opts_default(struct say_opts *);

/* "zh"/"en" → SAY_ZH/SAY_EN, -1 when unknown; and back. */
int say_lang_find(const char *code);
const char *say_lang_code(int lang);

/* The clips a language needs, "zh/please" ...: fills names (up to max), returns how many. */
int say_clips(int lang, char names[][PACK_NAME_MAX], int max);

/* A number 0..SAY_NUMBER_MAX as the language's number words, clip names without the language
 * ("ten", "2" for 十二; "100"... are not clips: "1", "hundred"). Count, or -1 out of range. */
int say_number(int lang, int n, const char **words, int max);

/* One language's sentence for code at window, as clip names with the language ("zh/please",
 * "zh/A", ...). A clip "win/WINDOW/LANG" in pack (a spoken name from the configuration)
 * outranks the reading of the window's name. Count, or -1 with err (nothing to say the window
 * with). names must hold SAY_WORDS_MAX. */
int say_sentence(int lang, const struct pack *, const char *code, const char *window,
    char names[][PACK_NAME_MAX], char *err, size_t errlen);

/* The whole announcement: chime, the sentences in each language, repeated, with the gaps.
 * 0, or -1 with err (a clip missing from the pack, a window that cannot be said). */
int say_plan(const struct pack *, const struct say_opts *, const char *code, const char *window,
    struct say_plan *, char *err, size_t errlen);

/* Its length in samples at rate, and the samples themselves (out holds say_samples). */
size_t say_samples(const struct say_plan *, int rate);
void say_render(const struct say_plan *, int rate, int16_t *out);

#endif
