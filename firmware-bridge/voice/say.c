/* say.c — the wording of announcements and the plan of clips that reads one. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jhcli.h"
#include "say.h"

static const char *const say_codes[SAY_LANGS] = { "zh", "en" };

/* Number words as clip names: "0".."19", then the tens. */
static const char *const say_small[20] = {
	"0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
	"10", "11", "12", "13", "14", "15", "16", "17", "18", "19"
};
static const char *const say_tens[10] = {
	NULL, "10", "20", "30", "40", "50", "60", "70", "80", "90"
};

/* The words of each sentence that are not letters, digits or numbers. */
static const char *const say_zh_words[] = { "please", "hao", "to", "window", "proceed",
	"ten", "hundred" };
static const char *const say_en_words[] = { "number", "please-go-to", "window", "hundred" };

void
say_opts_default(struct say_opts *o)
{
	memset(o, 0, sizeof *o);
	o->langs[0] = SAY_ZH;
	o->langs[1] = SAY_EN;
	o->nlangs = 2;
	o->repeat = 1;
	o->chime = 1;
	o->word_gap_ms = 60;
	o->chime_gap_ms = 300;
	o->lang_gap_ms = 700;
	o->tail_ms = 800;
}

int
say_lang_find(const char *code)
{
	return jh_name_index(say_codes, SAY_LANGS, code);
}

const char *
say_lang_code(int lang)
{
	return lang >= 0 && lang < SAY_LANGS ? say_codes[lang] : "?";
}

static int
say_name(char names[][PACK_NAME_MAX], int *n, int max, int lang, const char *word)
{
	if (*n >= max)
		return -1;
	snprintf(names[*n], PACK_NAME_MAX, "%s/%s", say_codes[lang], word);
	(*n)++;
	return 0;
}

int
say_clips(int lang, char names[][PACK_NAME_MAX], int max)
{
	const char *const *w = lang == SAY_ZH ? say_zh_words : say_en_words;
	int nw = lang == SAY_ZH ? (int)(sizeof say_zh_words / sizeof *say_zh_words) :
	    (int)(sizeof say_en_words / sizeof *say_en_words);
	int n = 0, top = lang == SAY_ZH ? 10 : 20;
	char letter[2] = "A";

	for (int i = 0; i < nw; i++)
		say_name(names, &n, max, lang, w[i]);
	for (int i = 0; i < top; i++)
		say_name(names, &n, max, lang, say_small[i]);
	for (int i = 2; lang == SAY_EN && i < 10; i++)
		say_name(names, &n, max, lang, say_tens[i]);
	for (; letter[0] <= 'Z'; letter[0]++)
		say_name(names, &n, max, lang, letter);
	return n;
}

static int
say_push(const char **words, int *n, int max, const char *w)
{
	if (*n >= max)
		return -1;
	words[(*n)++] = w;
	return 0;
}

int
say_number(int lang, int v, const char **words, int max)
{
	int h = v / 100, t = v / 10 % 10, u = v % 10, n = 0, r = 0;

	if (v < 0 || v > SAY_NUMBER_MAX)
		return -1;
	if (v == 0)
		return say_push(words, &n, max, "0") < 0 ? -1 : 1;
	if (h) {
		r |= say_push(words, &n, max, say_small[h]);
		r |= say_push(words, &n, max, "hundred");
	}
	if (lang == SAY_ZH) {
		/* 十, 十二, 二十, 一百一十, 一百零五 */
		if (t) {
			if (h || t > 1)
				r |= say_push(words, &n, max, say_small[t]);
			r |= say_push(words, &n, max, "ten");
		} else if (h && u)
			r |= say_push(words, &n, max, "0");
		if (u)
			r |= say_push(words, &n, max, say_small[u]);
	} else {
		/* twelve, twenty-one, one hundred five */
		if (v % 100 >= 20) {
			r |= say_push(words, &n, max, say_tens[t]);
			if (u)
				r |= say_push(words, &n, max, say_small[u]);
		} else if (v % 100)
			r |= say_push(words, &n, max, say_small[v % 100]);
	}
	return r < 0 ? -1 : n;
}

/* Letters and digits one by one ("A001": A 0 0 1); anything else is not read. Count added. */
static int
say_spell(int lang, const char *s, char names[][PACK_NAME_MAX], int *n, int max)
{
	int added = 0;

	for (; *s; s++) {
		char one[2] = { 0, 0 };

		if (isascii((unsigned char)*s) && isalpha((unsigned char)*s))
			one[0] = (char)toupper((unsigned char)*s);
		else if (isascii((unsigned char)*s) && isdigit((unsigned char)*s))
			one[0] = *s;
		else
			continue;
		if (say_name(names, n, max, lang, one) < 0)
			return -1;
		added++;
	}
	return added;
}

/* A window name of 1-3 digits not starting with 0 is read as a number; -1 when not. */
static int
say_window_number(const char *w)
{
	size_t len = strlen(w);

	if (len < 1 || len > 3 || w[0] == '0' || strspn(w, "0123456789") != len)
		return -1;
	return atoi(w);
}

/* The window part: a spoken name from the pack, or the number words, or the name spelled. */
static int
say_window(int lang, const struct pack *pk, const char *window, char names[][PACK_NAME_MAX],
    int *n, int max, char *err, size_t errlen)
{
	char spoken[PACK_NAME_MAX];
	const char *words[8];
	int v, k, got;

	snprintf(spoken, sizeof spoken, "win/%s/%s", window, say_codes[lang]);
	if (pk && pack_get(pk, spoken)) {
		if (*n >= max)
			return -1;
		memcpy(names[(*n)++], spoken, sizeof spoken);
		return 0;
	}
	if (lang == SAY_EN && say_name(names, n, max, lang, "window") < 0)
		return -1;
	if ((v = say_window_number(window)) > 0) {
		if ((k = say_number(lang, v, words, 8)) < 0)
			return -1;
		for (int i = 0; i < k; i++)
			if (say_name(names, n, max, lang, words[i]) < 0)
				return -1;
	} else {
		if ((got = say_spell(lang, window, names, n, max)) < 0)
			return -1;
		if (got == 0) {
			snprintf(err, errlen, "window '%s' cannot be read in %s: give it a spoken "
			    "name ([window %s] %s = FILE)", window, say_codes[lang], window,
			    say_codes[lang]);
			return -1;
		}
	}
	if (lang == SAY_ZH && say_name(names, n, max, lang, "window") < 0)
		return -1;
	return 0;
}

int
say_sentence(int lang, const struct pack *pk, const char *code, const char *window,
    char names[][PACK_NAME_MAX], char *err, size_t errlen)
{
	int n = 0, max = SAY_WORDS_MAX, r = 0, got;

	if (lang < 0 || lang >= SAY_LANGS) {
		snprintf(err, errlen, "unknown language");
		return -1;
	}
	err[0] = '\0';
	/* 请 A 零 零 一 号 到 十二 号窗口 办理 / Number A 0 0 1, please go to window twelve */
	r |= say_name(names, &n, max, lang, lang == SAY_ZH ? "please" : "number");
	if ((got = say_spell(lang, code, names, &n, max)) <= 0) {
		if (got == 0)
			snprintf(err, errlen, "ticket code '%s' has no letter or digit to read", code);
		r = -1;
	}
	if (lang == SAY_ZH) {
		r |= say_name(names, &n, max, lang, "hao");
		r |= say_name(names, &n, max, lang, "to");
	} else
		r |= say_name(names, &n, max, lang, "please-go-to");
	if (r == 0)
		r = say_window(lang, pk, window, names, &n, max, err, errlen);
	if (r == 0 && lang == SAY_ZH)
		r = say_name(names, &n, max, lang, "proceed");
	if (r < 0) {
		if (!err[0])
			snprintf(err, errlen, "ticket code or window name too long to read");
		return -1;
	}
	return n;
}

static int
say_add(struct say_plan *pl, const struct clip *c, int ms)
{
	if (pl->n >= SAY_PIECES_MAX)
		return -1;
	pl->p[pl->n].clip = c;
	pl->p[pl->n].ms = ms;
	pl->n++;
	return 0;
}

int
say_plan(const struct pack *pk, const struct say_opts *o, const char *code, const char *window,
    struct say_plan *pl, char *err, size_t errlen)
{
	char names[SAY_WORDS_MAX][PACK_NAME_MAX];
	const struct clip *c;
	int r = 0, first = 1;

	pl->n = 0;
	if (o->chime) {
		if ((c = pack_get(pk, "chime")) == NULL) {
			snprintf(err, errlen, "the pack has no chime.wav");
			return -1;
		}
		r |= say_add(pl, c, 0);
		r |= say_add(pl, NULL, o->chime_gap_ms);
	}
	for (int rep = 0; rep < o->repeat; rep++)
		for (int l = 0; l < o->nlangs; l++) {
			int k = say_sentence(o->langs[l], pk, code, window, names, err, errlen);

			if (k < 0)
				return -1;
			if (!first)
				r |= say_add(pl, NULL, o->lang_gap_ms);
			first = 0;
			for (int i = 0; i < k; i++) {
				if ((c = pack_get(pk, names[i])) == NULL) {
					snprintf(err, errlen, "the pack has no %s.wav", names[i]);
					return -1;
				}
				if (i > 0)
					r |= say_add(pl, NULL, o->word_gap_ms);
				r |= say_add(pl, c, 0);
			}
		}
	r |= say_add(pl, NULL, o->tail_ms);
	if (r < 0) {
		snprintf(err, errlen, "announcement too long (more than %d pieces)", SAY_PIECES_MAX);
		return -1;
	}
	return 0;
}

static size_t
say_gap(int ms, int rate)
{
	return (size_t)ms * (size_t)rate / 1000;
}

size_t
say_samples(const struct say_plan *pl, int rate)
{
	size_t n = 0;

	for (int i = 0; i < pl->n; i++)
		n += pl->p[i].clip ? pl->p[i].clip->n : say_gap(pl->p[i].ms, rate);
	return n;
}

void
say_render(const struct say_plan *pl, int rate, int16_t *out)
{
	for (int i = 0; i < pl->n; i++) {
		const struct say_piece *p = &pl->p[i];
		size_t k = p->clip ? p->clip->n : say_gap(p->ms, rate);

		if (p->clip)
			memcpy(out, p->clip->s, k * sizeof *out);
		else
			memset(out, 0, k * sizeof *out);
		out += k;
	}
}
